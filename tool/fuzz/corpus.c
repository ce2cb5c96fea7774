// SPDX-License-Identifier: GPL-2.0
/*
 * Seeds for the netlink fuzzer (format: fuzz_input.h).
 *
 *   fuzz-corpus gen DIR               replies as the module builds them,
 *                                     built with libnl, one file each
 *   fuzz-corpus capture               the real module's replies to the
 *                                     report query, as hex on stdout
 *   fuzz-corpus capture-events SECS   the real module's events for SECS
 *                                     seconds, as hex on stdout
 *
 * The captures run in the test VM, whose file system is read-only; the
 * hex goes back through vm-run's output (see the fuzz-seeds target).
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include <netlink/netlink.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vtdiag.h>

#include "fallback.h"
#include "fuzz_input.h"
#include "netlink.h"

/* A seed file being built. */
struct seed {
	unsigned char buf[1 << 16];
	size_t len;
};

/* One datagram: messages back to back, each aligned. */
struct dgram {
	unsigned char buf[1 << 14];
	size_t len;
};

static void seed_start(struct seed *seed, __u8 run)
{
	seed->len = 0;
	seed->buf[seed->len++] = run;
}

static void seed_chunk(struct seed *seed, __u8 flags, const void *data,
		       size_t len)
{
	if (seed->len + FUZZ_CHUNK_HEADER + len > sizeof(seed->buf) ||
	    len > 0xffff) {
		fprintf(stderr, "fuzz-corpus: seed too long\n");
		exit(1);
	}
	seed->buf[seed->len++] = flags;
	seed->buf[seed->len++] = len & 0xff;
	seed->buf[seed->len++] = len >> 8;
	memcpy(seed->buf + seed->len, data, len);
	seed->len += len;
}

/* A failing read: fuzz_recv_errors[@index]; no datagram follows. */
static void seed_error(struct seed *seed, __u16 index)
{
	seed->buf[seed->len++] = FUZZ_CHUNK_ERROR;
	seed->buf[seed->len++] = index & 0xff;
	seed->buf[seed->len++] = index >> 8;
}

static void dgram_add(struct dgram *dgram, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

	if (dgram->len + len > sizeof(dgram->buf)) {
		fprintf(stderr, "fuzz-corpus: datagram too long\n");
		exit(1);
	}
	memcpy(dgram->buf + dgram->len, nlh, nlh->nlmsg_len);
	memset(dgram->buf + dgram->len + nlh->nlmsg_len, 0,
	       len - nlh->nlmsg_len);
	dgram->len += len;
	nlmsg_free(msg);
}

/* A datagram of just @msg. */
static void seed_msg(struct seed *seed, struct nl_msg *msg)
{
	struct dgram dgram = { .len = 0 };

	dgram_add(&dgram, msg);
	seed_chunk(seed, 0, dgram.buf, dgram.len);
}

static void seed_dgram(struct seed *seed, const struct dgram *dgram)
{
	seed_chunk(seed, 0, dgram->buf, dgram->len);
}

static int seed_write(const char *dir, const char *name,
		      const struct seed *seed)
{
	char path[4096];
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	file = fopen(path, "wb");
	if (!file || fwrite(seed->buf, 1, seed->len, file) != seed->len ||
	    fclose(file)) {
		fprintf(stderr, "fuzz-corpus: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static struct nl_msg *genl_msg(int type, int flags, __u8 cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg || !genlmsg_put(msg, 0, 0, type, 0, flags, cmd,
				 VTDIAG_GENL_VERSION)) {
		fprintf(stderr, "fuzz-corpus: out of memory\n");
		exit(1);
	}
	return msg;
}

/* What a machine looks like to the module. */
struct shape {
	__u32 vendor;
	const char *vendor_id;
	__u32 tech;
	__u32 verdict;
	__u32 cpus;
	__u32 states[8];		/* per CPU */
	bool hypervisor;
	const char *hv_sig;
	__u32 kvm_core, kvm_vendor;
	const char *kvm_module;
	__u32 generation;
	__u32 cpus_active;
	/* What newer modules add: isolated CPUs, live age, kernel policy. */
	bool kernel_known;
	__u32 isolated;			/* a bit per CPU */
	__u32 live_age_ms;
	bool locks_feat_ctl, enables_vmx, tboot;
};

static void put_host(struct nl_msg *msg, const struct shape *m)
{
	__u32 counts[__VTDIAG_STATE_MAX] = { 0 };
	struct nlattr *list, *count;
	__u32 i, state;

	nla_put_string(msg, VTDIAG_A_HOST_VERSION, "0.1.0");
	nla_put_u32(msg, VTDIAG_A_HOST_GENERATION, m->generation);
	nla_put_u32(msg, VTDIAG_A_HOST_VERDICT, m->verdict);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ONLINE, m->cpus);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ACTIVE, m->cpus_active);
	for (i = 0; i < m->cpus; i++)
		counts[m->states[i]]++;
	list = nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNTS);
	for (state = 0; state < __VTDIAG_STATE_MAX; state++) {
		if (!counts[state])
			continue;
		count = nla_nest_start(msg, VTDIAG_A_HOST_STATE_COUNT);
		nla_put_u32(msg, VTDIAG_A_COUNT_STATE, state);
		nla_put_u32(msg, VTDIAG_A_COUNT_CPUS, counts[state]);
		nla_nest_end(msg, count);
	}
	nla_nest_end(msg, list);
	nla_put_u32(msg, VTDIAG_A_HOST_KVM_CORE, m->kvm_core);
	if (m->kvm_module) {
		nla_put_u32(msg, VTDIAG_A_HOST_KVM_VENDOR, m->kvm_vendor);
		nla_put_string(msg, VTDIAG_A_HOST_KVM_VENDOR_MODULE,
			       m->kvm_module);
	}
	nla_put_u32(msg, VTDIAG_A_HOST_VENDOR, m->vendor);
	nla_put_string(msg, VTDIAG_A_HOST_VENDOR_ID, m->vendor_id);
	nla_put_u32(msg, VTDIAG_A_HOST_TECH, m->tech);
	if (m->hypervisor)
		nla_put_flag(msg, VTDIAG_A_HOST_HYPERVISOR);
	if (m->hv_sig)
		nla_put_string(msg, VTDIAG_A_HOST_HV_SIGNATURE, m->hv_sig);
	if (!m->kernel_known)
		return;
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ISOLATED,
		    __builtin_popcount(m->isolated));
	nla_put_u32(msg, VTDIAG_A_HOST_LIVE_AGE_MS, m->live_age_ms);
	if (m->locks_feat_ctl)
		nla_put_flag(msg, VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL);
	if (m->enables_vmx)
		nla_put_flag(msg, VTDIAG_A_HOST_KERNEL_ENABLES_VMX);
	if (m->tboot)
		nla_put_flag(msg, VTDIAG_A_HOST_TBOOT);
}

static struct nl_msg *host_reply(const struct shape *m)
{
	struct nl_msg *msg = genl_msg(FUZZ_FAMILY, 0, VTDIAG_CMD_GET_HOST);

	put_host(msg, m);
	return msg;
}

static struct nl_msg *cpu_reply(const struct shape *m, __u32 cpu, int flags)
{
	struct nl_msg *msg = genl_msg(FUZZ_FAMILY, NLM_F_MULTI | flags,
				      VTDIAG_CMD_GET_CPU);
	__u32 state = m->states[cpu];
	bool vmx = m->tech == VTDIAG_TECH_VMX;

	nla_put_u32(msg, VTDIAG_A_CPU_ID, cpu);
	nla_put_u32(msg, VTDIAG_A_CPU_STATE, state);
	nla_put_u32(msg, VTDIAG_A_CPU_VENDOR, m->vendor);
	nla_put_string(msg, VTDIAG_A_CPU_VENDOR_ID, m->vendor_id);
	nla_put_u32(msg, VTDIAG_A_CPU_FLAGS,
		    (vmx ? VTDIAG_F_VMX : VTDIAG_F_SVM) | VTDIAG_F_LOCKED |
		    (m->hypervisor ? VTDIAG_F_HYPERVISOR : 0));
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_1_ECX, vmx ? 0x20 : 0);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MAX_EXT, 0x8000001f);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_EXT1_ECX, vmx ? 0 : 0x4);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_SVM_EDX, 0x4);
	if (state == VTDIAG_STATE_UNKNOWN)
		nla_put_s32(msg, vmx ? VTDIAG_A_CPU_FEAT_CTL_ERR :
				       VTDIAG_A_CPU_VM_CR_ERR, -EIO);
	else
		nla_put_u64(msg, vmx ? VTDIAG_A_CPU_FEAT_CTL :
				       VTDIAG_A_CPU_VM_CR,
			    state == VTDIAG_STATE_DISABLED_BY_FIRMWARE ?
			    (vmx ? 0x1 : 0x18) : (vmx ? 0x5 : 0x8));
	/* An isolated CPU's live bit is never read. */
	if (m->isolated & (1U << cpu))
		nla_put_flag(msg, VTDIAG_A_CPU_ISOLATED);
	else
		nla_put_u8(msg, VTDIAG_A_CPU_ACTIVE, cpu < m->cpus_active);
	if (m->hv_sig)
		nla_put_string(msg, VTDIAG_A_CPU_HV_SIGNATURE, m->hv_sig);
	return msg;
}

/* The ACK of a do request (NLM_F_CAPPED: the request is not echoed). */
static struct nl_msg *ack(int error, const char *extack)
{
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_ERROR, NLM_F_CAPPED |
						(extack ? NLM_F_ACK_TLVS : 0));
	struct nlmsgerr nlerr = { .error = error };

	nlerr.msg.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	nlerr.msg.nlmsg_type = FUZZ_FAMILY;
	nlerr.msg.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlmsg_append(msg, &nlerr, sizeof(nlerr), NLMSG_ALIGNTO);
	if (extack)
		nla_put_string(msg, NLMSGERR_ATTR_MSG, extack);
	return msg;
}

static struct nl_msg *done(int flags, int error, const char *extack)
{
	struct nl_msg *msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI | flags |
						(extack ? NLM_F_ACK_TLVS : 0));

	nlmsg_append(msg, &error, sizeof(error), NLMSG_ALIGNTO);
	if (extack)
		nla_put_string(msg, NLMSGERR_ATTR_MSG, extack);
	return msg;
}

/* GET_HOST and its ACK, the dump, GET_HOST again: one clean query. */
static void seed_query(struct seed *seed, const struct shape *m,
		       int dump_flags)
{
	struct dgram dgram = { .len = 0 };
	__u32 cpu;

	seed_msg(seed, host_reply(m));
	seed_msg(seed, ack(0, NULL));
	for (cpu = 0; cpu < m->cpus; cpu++)
		dgram_add(&dgram, cpu_reply(m, cpu, dump_flags));
	seed_dgram(seed, &dgram);
	seed_msg(seed, done(dump_flags, 0, NULL));
	seed_msg(seed, host_reply(m));
	seed_msg(seed, ack(0, NULL));
}

static struct nl_msg *event(const struct shape *m, __u32 type, int cpu,
			    const char *module, __u32 module_state)
{
	struct nl_msg *msg = genl_msg(FUZZ_FAMILY, 0, VTDIAG_CMD_EVENT);

	put_host(msg, m);
	nla_put_u32(msg, VTDIAG_A_HOST_EVENT, type);
	if (cpu >= 0)
		nla_put_u32(msg, VTDIAG_A_HOST_EVENT_CPU, cpu);
	if (module) {
		nla_put_string(msg, VTDIAG_A_HOST_EVENT_MODULE, module);
		nla_put_u32(msg, VTDIAG_A_HOST_EVENT_MODULE_STATE,
			    module_state);
	}
	return msg;
}

static struct nl_msg *family_deleted(__u16 family)
{
	struct nl_msg *msg = genl_msg(GENL_ID_CTRL, 0, CTRL_CMD_DELFAMILY);

	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, family);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, VTDIAG_GENL_NAME);
	return msg;
}

static const struct shape amd_enabled = {
	.vendor = VTDIAG_VENDOR_AMD, .vendor_id = "AuthenticAMD",
	.tech = VTDIAG_TECH_SVM, .verdict = VTDIAG_STATE_ENABLED, .cpus = 2,
	.states = { VTDIAG_STATE_ENABLED, VTDIAG_STATE_ENABLED },
	.hypervisor = true, .hv_sig = "TCGTCGTCGTCG",
	.kvm_core = VTDIAG_KVM_LOADED, .kvm_vendor = VTDIAG_KVM_LOADED,
	.kvm_module = "kvm_amd", .generation = 7, .cpus_active = 2,
};

static const struct shape intel_mixed = {
	.vendor = VTDIAG_VENDOR_INTEL, .vendor_id = "GenuineIntel",
	.tech = VTDIAG_TECH_VMX, .verdict = VTDIAG_STATE_INCONSISTENT,
	.cpus = 4,
	.states = { VTDIAG_STATE_ENABLED, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    VTDIAG_STATE_UNKNOWN, VTDIAG_STATE_ENABLED },
	.kvm_core = VTDIAG_KVM_ABSENT, .kvm_vendor = VTDIAG_KVM_ABSENT,
	.kvm_module = "kvm_intel", .generation = 3,
};

static const struct shape hidden = {
	.vendor = VTDIAG_VENDOR_INTEL, .vendor_id = "GenuineIntel",
	.tech = VTDIAG_TECH_VMX, .verdict = VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
	.cpus = 1, .states = { VTDIAG_STATE_HIDDEN_BY_HYPERVISOR },
	.hypervisor = true, .hv_sig = "KVMKVMKVM",
	.kvm_core = VTDIAG_KVM_BUILTIN, .kvm_vendor = VTDIAG_KVM_ABSENT,
	.kvm_module = "kvm_intel", .generation = 1,
};

/* tboot, CPUs 2-3 isolated, a stale sample, a kernel without KVM_INTEL. */
static const struct shape intel_tboot_isolated = {
	.vendor = VTDIAG_VENDOR_INTEL, .vendor_id = "GenuineIntel",
	.tech = VTDIAG_TECH_VMX, .verdict = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	.cpus = 4,
	.states = { VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    VTDIAG_STATE_DISABLED_BY_FIRMWARE },
	.kvm_core = VTDIAG_KVM_ABSENT, .kvm_vendor = VTDIAG_KVM_ABSENT,
	.kvm_module = "kvm_intel", .generation = 5,
	.kernel_known = true, .isolated = 0xc, .live_age_ms = 61000,
	.locks_feat_ctl = true, .tboot = true,
};

static const struct shape other_vendor = {
	.vendor = VTDIAG_VENDOR_OTHER, .vendor_id = "VIA VIA VIA ",
	.tech = VTDIAG_TECH_NONE, .verdict = VTDIAG_STATE_UNKNOWN, .cpus = 1,
	.states = { VTDIAG_STATE_UNKNOWN }, .kvm_core = VTDIAG_KVM_ABSENT,
	.generation = 1,
};

static int gen_netlink(const char *dir)
{
	static struct seed seed;
	struct shape moved = amd_enabled;
	struct dgram dgram = { .len = 0 };
	int err = 0;

	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_query(&seed, &amd_enabled, 0);
	err |= seed_write(dir, "query-amd-enabled", &seed);

	seed_start(&seed, FUZZ_RUN_QUERY | FUZZ_RUN_COLOR);
	seed_query(&seed, &intel_mixed, 0);
	err |= seed_write(dir, "query-intel-mixed", &seed);

	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_query(&seed, &hidden, 0);
	err |= seed_write(dir, "query-hidden", &seed);

	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_query(&seed, &other_vendor, 0);
	err |= seed_write(dir, "query-other-vendor", &seed);

	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_query(&seed, &intel_tboot_isolated, 0);
	err |= seed_write(dir, "query-tboot-isolated", &seed);

	/* The dump flagged interrupted, then a clean retry. */
	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_msg(&seed, host_reply(&amd_enabled));
	seed_msg(&seed, ack(0, NULL));
	dgram_add(&dgram, cpu_reply(&amd_enabled, 0, NLM_F_DUMP_INTR));
	seed_dgram(&seed, &dgram);
	seed_msg(&seed, done(NLM_F_DUMP_INTR, 0, NULL));
	dgram.len = 0;
	dgram_add(&dgram, cpu_reply(&amd_enabled, 0, 0));
	dgram_add(&dgram, cpu_reply(&amd_enabled, 1, 0));
	dgram_add(&dgram, done(0, 0, NULL));
	seed_dgram(&seed, &dgram);
	seed_msg(&seed, host_reply(&amd_enabled));
	seed_msg(&seed, ack(0, NULL));
	err |= seed_write(dir, "query-dump-intr", &seed);

	/* The generation moved between the two GET_HOSTs: all again. */
	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_msg(&seed, host_reply(&amd_enabled));
	seed_msg(&seed, ack(0, NULL));
	dgram.len = 0;
	dgram_add(&dgram, cpu_reply(&amd_enabled, 0, 0));
	dgram_add(&dgram, cpu_reply(&amd_enabled, 1, 0));
	seed_dgram(&seed, &dgram);
	seed_msg(&seed, done(0, 0, NULL));
	moved.generation++;
	seed_msg(&seed, host_reply(&moved));
	seed_msg(&seed, ack(0, NULL));
	seed_query(&seed, &moved, 0);
	err |= seed_write(dir, "query-generation-moved", &seed);

	/* Errors with extack: the do rejected, the dump failing midway. */
	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_msg(&seed, ack(-EINVAL, "vtdiag: bad VTDIAG_A_CPU_ID"));
	err |= seed_write(dir, "query-error-extack", &seed);

	seed_start(&seed, FUZZ_RUN_QUERY);
	seed_msg(&seed, host_reply(&amd_enabled));
	seed_msg(&seed, ack(0, NULL));
	seed_msg(&seed, cpu_reply(&amd_enabled, 0, 0));
	seed_msg(&seed, done(0, -ENOMEM, "vtdiag: out of memory"));
	err |= seed_write(dir, "query-dump-error", &seed);

	/* --watch: KVM in and out, CPUs, the verdict, a newer kind, unload. */
	seed_start(&seed, FUZZ_RUN_EVENTS);
	seed_msg(&seed, event(&amd_enabled, VTDIAG_EVENT_KVM, -1, "kvm_amd",
			      VTDIAG_KVM_LOADED));
	dgram.len = 0;
	dgram_add(&dgram, event(&amd_enabled, VTDIAG_EVENT_CPU_OFFLINE, 1,
				NULL, 0));
	dgram_add(&dgram, event(&amd_enabled, VTDIAG_EVENT_VERDICT, -1, NULL,
				0));
	seed_dgram(&seed, &dgram);
	seed_error(&seed, 1);	/* ENOBUFS */
	seed_msg(&seed, event(&intel_mixed, 99, 3, "kvm", VTDIAG_KVM_ABSENT));
	seed_msg(&seed, event(&amd_enabled, VTDIAG_EVENT_ACTIVE, -1, NULL, 0));
	seed_msg(&seed, event(&intel_tboot_isolated, VTDIAG_EVENT_ACTIVE, -1,
			      NULL, 0));
	seed_msg(&seed, family_deleted(FUZZ_FAMILY));
	err |= seed_write(dir, "events", &seed);

	/* The report, then events on the same socket, as a session. */
	seed_start(&seed, FUZZ_RUN_QUERY | FUZZ_RUN_EVENTS);
	seed_query(&seed, &hidden, 0);
	seed_msg(&seed, event(&hidden, VTDIAG_EVENT_RESAMPLE, 0, NULL, 0));
	err |= seed_write(dir, "query-then-events", &seed);
	return err;
}

/* fallback_fuzz.c's input: flags, CPU list, msr "why", raw samples. */
static int fallback_seed(const char *dir, const char *name, __u8 flags,
			 const char *cpu_list, const char *why,
			 const struct vtdiag_fallback_sample *samples, size_t n)
{
	static struct seed seed;

	seed.len = 0;
	seed.buf[seed.len++] = flags;
	memcpy(seed.buf + seed.len, cpu_list, strlen(cpu_list) + 1);
	seed.len += strlen(cpu_list) + 1;
	memcpy(seed.buf + seed.len, why, strlen(why) + 1);
	seed.len += strlen(why) + 1;
	memcpy(seed.buf + seed.len, samples, n * sizeof(*samples));
	seed.len += n * sizeof(*samples);
	return seed_write(dir, name, &seed);
}

static int gen_fallback(const char *dir)
{
	struct vtdiag_fallback_sample amd[2] = { { .cpu = 0 }, { .cpu = 1 } };
	struct vtdiag_fallback_sample intel[2] = { { .cpu = 0 }, { .cpu = 2 } };
	int err = 0;
	size_t i;

	for (i = 0; i < 2; i++) {
		memcpy(amd[i].vendor, "AuthenticAMD", 12);
		amd[i].cpuid1_ecx = 0x80000000;
		amd[i].max_ext = 0x8000001f;
		amd[i].ext1_ecx = 0x4;
		memcpy(amd[i].hv_sig, "TCGTCGTCGTCG", 12);
		memcpy(intel[i].vendor, "GenuineIntel", 12);
		intel[i].cpuid1_ecx = 0x60;
		intel[i].max_ext = 0x80000008;
		intel[i].msr = 0x5;
	}
	err |= fallback_seed(dir, "amd-root", 0x01, "0-1\n", "", amd, 2);
	amd[1].msr_err = -EACCES;
	amd[1].efer_err = -EACCES;
	err |= fallback_seed(dir, "amd-user", 0x00, "0-1", "", amd, 2);
	intel[1].msr_err = -EIO;
	err |= fallback_seed(dir, "intel-eio-unreachable", 0x09, "2-3,5",
			     "this kernel has none built in", intel, 2);
	err |= fallback_seed(dir, "intel-secure-boot", 0x05,
			     "/lib/modules/6.1.0-13-amd64/updates/dkms/vtdiag.ko",
			     "", intel, 1);
	return err;
}

static int gen(const char *dir)
{
	char sub[4096];
	int err;

	snprintf(sub, sizeof(sub), "%s/netlink", dir);
	if (mkdir(sub, 0755) && errno != EEXIST)
		return 1;
	err = gen_netlink(sub);
	snprintf(sub, sizeof(sub), "%s/fallback", dir);
	if (mkdir(sub, 0755) && errno != EEXIST)
		return 1;
	err |= gen_fallback(sub);
	return err ? 1 : 0;
}

/* The capture: what the real socket delivers, in the seed format. */
static struct seed captured;
static int real_family;

static int recording_recv(struct nl_sock *sock, struct sockaddr_nl *from,
			  unsigned char **buf, struct ucred **creds)
{
	int len = nl_recv(sock, from, buf, creds);
	unsigned char *copy;
	struct nlmsghdr *nlh;
	int rem = len;

	if (len <= 0)
		return len;
	copy = malloc(len);
	if (!copy)
		return len;
	memcpy(copy, *buf, len);
	/* The family id is dynamic; the fuzzer's is fixed. */
	for (nlh = (struct nlmsghdr *)copy; nlmsg_ok(nlh, rem);
	     nlh = nlmsg_next(nlh, &rem))
		if (nlh->nlmsg_type == real_family)
			nlh->nlmsg_type = FUZZ_FAMILY;
	seed_chunk(&captured, 0, copy, len);
	free(copy);
	return len;
}

static void print_hex(const struct seed *seed)
{
	size_t i;

	puts("--- fuzz seed ---");
	for (i = 0; i < seed->len; i++)
		printf("%02x%s", seed->buf[i], i % 32 == 31 ? "\n" : "");
	puts("\n--- end ---");
}

static int capture_query(void)
{
	struct vtdiag_report report;
	struct vtdiag_nl nl;
	int err;

	err = vtdiag_nl_open(&nl);
	if (err) {
		fprintf(stderr, "fuzz-corpus: %s\n", nl.error_text);
		vtdiag_nl_close(&nl);
		return 1;
	}
	real_family = nl.family;
	nl.recv = recording_recv;
	seed_start(&captured, FUZZ_RUN_QUERY);
	vtdiag_report_init(&report);
	err = vtdiag_nl_query(&nl, &report);
	if (err)
		fprintf(stderr, "fuzz-corpus: %s\n", nl.error_text);
	else
		print_hex(&captured);
	vtdiag_report_free(&report);
	vtdiag_nl_close(&nl);
	return err ? 1 : 0;
}

static void ignore_event(const struct vtdiag_event_info *ev, void *arg)
{
	(void)ev;
	(void)arg;
}

static int capture_events(int seconds)
{
	time_t end = time(NULL) + seconds;
	struct pollfd pfd;
	struct vtdiag_nl nl;
	struct nl_cb *cb;
	int err;

	err = vtdiag_nl_open(&nl);
	if (!err)
		err = vtdiag_nl_subscribe(&nl);
	if (err) {
		fprintf(stderr, "fuzz-corpus: %s\n", nl.error_text);
		vtdiag_nl_close(&nl);
		return 1;
	}
	real_family = nl.family;
	cb = nl_socket_get_cb(nl.sock);
	nl_cb_overwrite_recv(cb, recording_recv);
	nl_cb_put(cb);
	seed_start(&captured, FUZZ_RUN_EVENTS);
	pfd.fd = vtdiag_nl_fd(&nl);
	pfd.events = POLLIN;
	/* Ready within a second: the caller starts its changes after that. */
	fprintf(stderr, "fuzz-corpus: listening\n");
	while (time(NULL) < end) {
		if (poll(&pfd, 1, 200) > 0)
			vtdiag_nl_read_events(&nl, ignore_event, NULL);
	}
	print_hex(&captured);
	vtdiag_nl_close(&nl);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "gen"))
		return gen(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "capture"))
		return capture_query();
	if (argc == 3 && !strcmp(argv[1], "capture-events"))
		return capture_events(atoi(argv[2]));
	fprintf(stderr, "usage: fuzz-corpus gen DIR | capture | capture-events SECONDS\n");
	return 64;
}
