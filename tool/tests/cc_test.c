// SPDX-License-Identifier: GPL-2.0
/*
 * Confidential computing in the tool: the netlink parse of HOST_CC,
 * CPU_CC, the CPU_MSR nests and the CPUID words (and an older module
 * without them), every judged state and cause of the checks, readiness
 * and --require's exit statuses, the --json object, the metrics, the
 * fallback's decoding and summing-up, and the OS probe on a scratch
 * tree. TAP output, closing with "N passed, N failed". With
 * VTDIAG_TEST_JSON_DIR set, every crafted report's --json goes there for
 * the schema check, as tool_test's do.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "vtdiag/decode.h"
#include "cc.h"
#include "cc_os.h"
#include "check.h"
#include "fallback.h"
#include "kmodinfo.h"
#include "netlink.h"
#include "print.h"
#include "prometheus.h"
#include "report.h"
#include "root.h"
#include "util.h"

#include "harness.h"

#define FAKE_FAMILY	0x20
#define SMEE		VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF
#define RMP		VTDIAG_CC_CAUSES_RMP_NOT_RESERVED

/* --- crafted reports ----------------------------------------------------- */

/* Two CPUs of @vendor, VT-x/AMD-V enabled, KVM ready: exit status 0. */
static void ready_report(struct vtdiag_report *report, __u32 vendor)
{
	struct vtdiag_cpu *cpu;
	__u32 id;

	vtdiag_report_init(report);
	report->module = VTDIAG_MODULE_OK;
	report->host.vendor = vendor;
	report->host.tech = vtdiag_vendor_tech(vendor);
	snprintf(report->host.vendor_id, sizeof(report->host.vendor_id), "%s",
		 vendor == VTDIAG_VENDOR_INTEL ? "GenuineIntel" : "AuthenticAMD");
	report->host.verdict = VTDIAG_STATE_ENABLED;
	report->host.cpus_online = 2;
	report->host.has_kvm_core = true;
	report->host.kvm_core = VTDIAG_KVM_LOADED;
	report->host.has_kvm_vendor = true;
	report->host.kvm_vendor = VTDIAG_KVM_LOADED;
	report->os.kvm_registered_known = true;
	report->os.kvm_registered = true;
	report->os.dev_kvm_exists = true;
	report->os.dev_kvm_mode = S_IFCHR | 0666;
	report->os.enable_virt_at_load = 1;
	for (id = 0; id < 2; id++) {
		cpu = vtdiag_report_add_cpu(report);
		cpu->id = id;
		cpu->state = VTDIAG_STATE_ENABLED;
		cpu->active = 0;
	}
	report->cc_os.probed = true;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV] = 1;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_ES] = 1;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] = 1;
	report->cc_os.kvm_intel_tdx = 1;
	report->cc_os.dev_sev = true;
	report->cc_os.ccp = VTDIAG_KMOD_LOADED;
	report->cc_os.cpuinfo_flags = 1U << VTDIAG_A_CC_SME;
}

/* @feature in @state with @causes on CPU @cpu (-1: all), host summed up. */
static void set_cc(struct vtdiag_report *report, int cpu, __u32 feature,
		   __u32 state, __u32 causes)
{
	size_t i;

	for (i = 0; i < report->nr_cpus; i++) {
		if (cpu >= 0 && (size_t)cpu != i)
			continue;
		report->cpus[i].has_cc = true;
		report->cpus[i].cc[feature].present = true;
		report->cpus[i].cc[feature].state = state;
		report->cpus[i].cc[feature].causes = causes;
	}
	vtdiag_cc_summarize(&report->host, report->cpus, report->nr_cpus);
}

static void set_all(struct vtdiag_report *report, __u32 state, __u32 causes)
{
	__u32 features = vtdiag_cc_features(report->host.vendor), f;

	for (f = 1; f < VTDIAG_CC_SLOTS; f++)
		if (features & (1U << f))
			set_cc(report, -1, f, state, causes);
}

static enum vtdiag_status judged(const struct vtdiag_report *report,
				 __u32 feature, char *detail, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	enum vtdiag_status status = vtdiag_cc_judge(report, feature, &sb);

	snprintf(detail, size, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	return status;
}

/* The report's --json, also kept for the schema check when asked. */
static struct json_object *report_json(const struct vtdiag_report *report,
				       const char *name)
{
	const char *dir = getenv("VTDIAG_TEST_JSON_DIR");
	struct vtdiag_advice_list advice;
	struct json_object *root;
	char path[512];
	FILE *out;

	if (vtdiag_advise(report, &advice))
		return NULL;
	root = vtdiag_report_json(report, &advice);
	vtdiag_advice_free(&advice);
	if (root && dir) {
		snprintf(path, sizeof(path), "%s/cc-%s.json", dir, name);
		out = fopen(path, "w");
		if (out) {
			fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY),
			      out);
			fclose(out);
		}
	}
	return root;
}

static struct json_object *path_get(struct json_object *obj, const char *a,
				    const char *b, const char *c)
{
	struct json_object *next = NULL;

	if (!json_object_object_get_ex(obj, a, &next))
		return NULL;
	if (b && !json_object_object_get_ex(next, b, &next))
		return NULL;
	if (c && !json_object_object_get_ex(next, c, &next))
		return NULL;
	return next;
}

static const char *str_at(struct json_object *obj, const char *a,
			  const char *b, const char *c)
{
	struct json_object *v = path_get(obj, a, b, c);

	return v ? json_object_get_string(v) : NULL;
}

/* --- netlink ------------------------------------------------------------- */

static struct nl_msg *genl_message(__u8 cmd)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, 0, 1, FAKE_FAMILY, 0, 0, cmd,
				VTDIAG_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void put_feature(struct nl_msg *msg, int type, __u32 state,
			__u32 causes, int cpus)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	nla_put_u32(msg, VTDIAG_A_CC_FEATURE_STATE, state);
	nla_put_u32(msg, VTDIAG_A_CC_FEATURE_CAUSES, causes);
	if (cpus >= 0)
		nla_put_u32(msg, VTDIAG_A_CC_FEATURE_CPUS, cpus);
	nla_put_u32(msg, 77, 1);	/* newer than this tool: ignored */
	nla_nest_end(msg, nest);
}

static void put_host_base(struct nl_msg *msg)
{
	nla_put_u32(msg, VTDIAG_A_HOST_VENDOR, VTDIAG_VENDOR_AMD);
	nla_put_string(msg, VTDIAG_A_HOST_VENDOR_ID, "AuthenticAMD");
	nla_put_u32(msg, VTDIAG_A_HOST_TECH, VTDIAG_TECH_SVM);
	nla_put_u32(msg, VTDIAG_A_HOST_VERDICT, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_HOST_CPUS_ONLINE, 2);
}

static void test_parse_host_cc(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_HOST);
	struct vtdiag_host host;
	struct nlattr *cc;

	if (!msg) {
		test_failed = 1;
		return;
	}
	put_host_base(msg);
	cc = nla_nest_start(msg, VTDIAG_A_HOST_CC);
	put_feature(msg, VTDIAG_A_CC_SEV, VTDIAG_STATE_ENABLED, 0, 2);
	put_feature(msg, VTDIAG_A_CC_SEV_SNP, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		    RMP, 0);
	put_feature(msg, 42, VTDIAG_STATE_ENABLED, 0, 2);	/* a future feature */
	nla_nest_end(msg, cc);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == 0);
	EXPECT(host.has_cc);
	EXPECT(host.cc[VTDIAG_A_CC_SEV].present &&
	       host.cc[VTDIAG_A_CC_SEV].state == VTDIAG_STATE_ENABLED &&
	       host.cc[VTDIAG_A_CC_SEV].has_cpus &&
	       host.cc[VTDIAG_A_CC_SEV].cpus == 2);
	EXPECT(host.cc[VTDIAG_A_CC_SEV_SNP].present &&
	       host.cc[VTDIAG_A_CC_SEV_SNP].causes == RMP &&
	       host.cc[VTDIAG_A_CC_SEV_SNP].cpus == 0);
	EXPECT(!host.cc[VTDIAG_A_CC_SEV_ES].present);
	nlmsg_free(msg);
}

/* An older module: no HOST_CC at all. Unknown, never a crash or a guess. */
static void test_parse_host_older_module(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_HOST);
	struct vtdiag_report report;
	char detail[512];

	if (!msg) {
		test_failed = 1;
		return;
	}
	put_host_base(msg);
	ready_report(&report, VTDIAG_VENDOR_AMD);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &report.host) == 0);
	nlmsg_free(msg);
	report.host.has_kvm_core = true;
	report.host.kvm_core = VTDIAG_KVM_LOADED;
	report.host.has_kvm_vendor = true;
	report.host.kvm_vendor = VTDIAG_KVM_LOADED;
	EXPECT(!report.host.has_cc);
	EXPECT(judged(&report, VTDIAG_A_CC_SEV_SNP, detail, sizeof(detail)) ==
	       VTDIAG_SKIP);
	EXPECT_CONTAINS(detail, "too old");
	EXPECT(vtdiag_cc_readiness(&report, VTDIAG_A_CC_SEV_SNP) ==
	       VTDIAG_CC_UNDETERMINED);
	report.cc_require = VTDIAG_A_CC_SEV_SNP;
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);
	EXPECT(vtdiag_cc_require_exit(&report) == 4);
	vtdiag_report_free(&report);
}

static void put_msr(struct nl_msg *msg, __u32 index, int err, __u64 value)
{
	struct nlattr *nest = nla_nest_start(msg, VTDIAG_A_CPU_MSR);

	nla_put_u32(msg, VTDIAG_A_MSR_INDEX, index);
	if (err)
		nla_put_s32(msg, VTDIAG_A_MSR_ERR, err);
	else
		nla_put_u64(msg, VTDIAG_A_MSR_VALUE, value);
	nla_nest_end(msg, nest);
}

/* RMP_BASE/RMP_END to a caller without CAP_SYS_ADMIN. */
static void put_msr_withheld(struct nl_msg *msg, __u32 index)
{
	struct nlattr *nest = nla_nest_start(msg, VTDIAG_A_CPU_MSR);

	nla_put_u32(msg, VTDIAG_A_MSR_INDEX, index);
	nla_put_flag(msg, VTDIAG_A_MSR_WITHHELD);
	nla_nest_end(msg, nest);
}

/* Withheld values are left out of the input; the module's verdict stands. */
static void test_parse_cpu_withheld(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_CPU);
	struct vtdiag_cpu cpu;
	struct nlattr *cc;
	struct strbuf sb = STRBUF_INIT;

	if (!msg) {
		test_failed = 1;
		return;
	}
	memset(&cpu, 0, sizeof(cpu));
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 0);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MAX_BASIC, 0x10);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MEMENC_EAX, 0x1f);
	put_msr(msg, VTDIAG_MSR_SYSCFG, 0, VTDIAG_SYSCFG_MEM_ENCRYPT);
	put_msr_withheld(msg, VTDIAG_MSR_RMP_BASE);
	put_msr_withheld(msg, VTDIAG_MSR_RMP_END);
	cc = nla_nest_start(msg, VTDIAG_A_CPU_CC);
	put_feature(msg, VTDIAG_A_CC_SEV_SNP, VTDIAG_STATE_ENABLED, 0, -1);
	nla_nest_end(msg, cc);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), &cpu) == 0);
	nlmsg_free(msg);
	EXPECT(cpu.cc_raw.msr_read == (1U << VTDIAG_CC_MSR_SYSCFG));
	EXPECT(cpu.cc_msr_withheld == ((1U << VTDIAG_CC_MSR_RMP_BASE) |
				       (1U << VTDIAG_CC_MSR_RMP_END)));
	EXPECT(cpu.cc[VTDIAG_A_CC_SEV_SNP].state == VTDIAG_STATE_ENABLED);
	vtdiag_cc_registers(&sb, &cpu);
	EXPECT_CONTAINS(strbuf_str(&sb), " msr_0xc0010132=withheld msr_0xc0010133=withheld");
	EXPECT_CONTAINS(strbuf_str(&sb), " sev_snp=enabled/0x0");
	strbuf_release(&sb);
}

/* A CPU record's raw words rebuild the decoder's input: it agrees. */
static void test_parse_cpu_cc(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_CPU);
	struct vtdiag_cpu cpu;
	struct vtdiag_raw raw = { 0 };
	struct nlattr *cc;
	__u32 causes;

	if (!msg) {
		test_failed = 1;
		return;
	}
	memset(&cpu, 0, sizeof(cpu));
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 3);
	nla_put_u32(msg, VTDIAG_A_CPU_STATE, VTDIAG_STATE_ENABLED);
	nla_put_u32(msg, VTDIAG_A_CPU_VENDOR, VTDIAG_VENDOR_AMD);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_1_ECX, 0);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MAX_EXT, 0x80000021);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MAX_BASIC, 0x10);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_7_ECX, 0);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MEMENC_EAX, 0x3f);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MEMENC_EBX, 0x4073);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MEMENC_ECX, 0x1fd);
	nla_put_u32(msg, VTDIAG_A_CPU_CPUID_MEMENC_EDX, 0x64);
	put_msr(msg, VTDIAG_MSR_SYSCFG, 0, VTDIAG_SYSCFG_MEM_ENCRYPT);
	put_msr(msg, VTDIAG_MSR_HWCR, 0, VTDIAG_HWCR_SMMLOCK);
	put_msr(msg, VTDIAG_MSR_RMP_BASE, 0, 0);
	put_msr(msg, VTDIAG_MSR_RMP_END, -EIO, 0);
	put_msr(msg, 0x12345678, 0, 1);		/* unknown MSR: ignored */
	cc = nla_nest_start(msg, VTDIAG_A_CPU_CC);
	put_feature(msg, VTDIAG_A_CC_SEV, VTDIAG_STATE_ENABLED, 0, -1);
	put_feature(msg, VTDIAG_A_CC_SEV_SNP, VTDIAG_STATE_UNKNOWN,
		    VTDIAG_CC_CAUSES_MSR_FAULT, -1);
	nla_nest_end(msg, cc);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), &cpu) == 0);
	nlmsg_free(msg);
	EXPECT(cpu.id == 3 && cpu.has_cc_raw && cpu.has_cc);
	EXPECT(cpu.cc_raw.max_basic == 0x10 && cpu.cc_raw.memenc[0] == 0x3f &&
	       cpu.cc_raw.memenc[3] == 0x64 && cpu.max_ext == 0x80000021);
	EXPECT(cpu.cc_raw.msr_read == ((1U << VTDIAG_CC_MSR_SYSCFG) |
				       (1U << VTDIAG_CC_MSR_HWCR) |
				       (1U << VTDIAG_CC_MSR_RMP_BASE) |
				       (1U << VTDIAG_CC_MSR_RMP_END)));
	EXPECT(cpu.cc_raw.msr[VTDIAG_CC_MSR_SYSCFG] == VTDIAG_SYSCFG_MEM_ENCRYPT);
	EXPECT(cpu.cc_raw.msr_err[VTDIAG_CC_MSR_RMP_END] == -EIO);
	EXPECT(cpu.cc[VTDIAG_A_CC_SEV_SNP].present &&
	       cpu.cc[VTDIAG_A_CC_SEV_SNP].causes == VTDIAG_CC_CAUSES_MSR_FAULT);
	/* The decoder on the rebuilt input says what the module said. */
	raw.vendor = VTDIAG_VENDOR_AMD;
	raw.cpuid1_ecx = cpu.cpuid1_ecx;
	raw.max_ext = cpu.max_ext;
	EXPECT(vtdiag_cc_decode(&raw, &cpu.cc_raw, VTDIAG_A_CC_SEV, &causes) ==
	       VTDIAG_STATE_ENABLED && !causes);
	EXPECT(vtdiag_cc_decode(&raw, &cpu.cc_raw, VTDIAG_A_CC_SEV_SNP,
				&causes) == VTDIAG_STATE_UNKNOWN &&
	       causes == VTDIAG_CC_CAUSES_MSR_FAULT);
}

/* A feature nest without its state, an MSR nest without its index: bad. */
static void test_parse_malformed(void)
{
	struct nl_msg *msg = genl_message(VTDIAG_CMD_GET_HOST);
	struct vtdiag_host host;
	struct vtdiag_cpu cpu;
	struct nlattr *cc, *nest;

	if (!msg) {
		test_failed = 1;
		return;
	}
	put_host_base(msg);
	cc = nla_nest_start(msg, VTDIAG_A_HOST_CC);
	nest = nla_nest_start(msg, VTDIAG_A_CC_TDX);
	nla_put_u32(msg, VTDIAG_A_CC_FEATURE_CAUSES, 1);
	nla_nest_end(msg, nest);
	nla_nest_end(msg, cc);
	EXPECT(vtdiag_nl_parse_host(nlmsg_hdr(msg), &host) == -EPROTO);
	nlmsg_free(msg);

	msg = genl_message(VTDIAG_CMD_GET_CPU);
	if (!msg) {
		test_failed = 1;
		return;
	}
	memset(&cpu, 0, sizeof(cpu));
	nla_put_u32(msg, VTDIAG_A_CPU_ID, 0);
	nest = nla_nest_start(msg, VTDIAG_A_CPU_MSR);
	nla_put_u64(msg, VTDIAG_A_MSR_VALUE, 1);
	nla_nest_end(msg, nest);
	EXPECT(vtdiag_nl_parse_cpu(nlmsg_hdr(msg), &cpu) == -EPROTO);
	nlmsg_free(msg);
}

/* --- judgement, readiness, --require ------------------------------------- */

static void test_judge_states(void)
{
	struct vtdiag_report report;
	char detail[1024];

	ready_report(&report, VTDIAG_VENDOR_AMD);
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	EXPECT(judged(&report, VTDIAG_A_CC_SEV_SNP, detail, sizeof(detail)) ==
	       VTDIAG_PASS);
	EXPECT_STR(detail, "enabled by the firmware; KVM runs SEV-SNP guests (kvm_amd.sev_snp=Y)");
	EXPECT(judged(&report, VTDIAG_A_CC_SME, detail, sizeof(detail)) ==
	       VTDIAG_PASS);
	EXPECT_STR(detail, "enabled by the firmware; in use by this kernel");
	/* An Intel feature on this AMD host. */
	EXPECT(judged(&report, VTDIAG_A_CC_TDX, detail, sizeof(detail)) ==
	       VTDIAG_SKIP);
	EXPECT_STR(detail, "not supported by this CPU");

	set_all(&report, VTDIAG_STATE_DISABLED_BY_FIRMWARE, SMEE);
	EXPECT(judged(&report, VTDIAG_A_CC_SEV, detail, sizeof(detail)) ==
	       VTDIAG_WARN);
	EXPECT_STR(detail, "disabled in the firmware: memory encryption is off (\"SMEE\")");

	set_all(&report, VTDIAG_STATE_UNSUPPORTED, 0);
	EXPECT(judged(&report, VTDIAG_A_CC_SEV, detail, sizeof(detail)) ==
	       VTDIAG_SKIP);
	EXPECT_STR(detail, "not supported by this CPU");

	set_all(&report, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR, 0);
	EXPECT(judged(&report, VTDIAG_A_CC_SEV_ES, detail, sizeof(detail)) ==
	       VTDIAG_SKIP);
	EXPECT_STR(detail, "not supported by this CPU (the hypervisor does not pass it to this virtual machine)");

	set_all(&report, VTDIAG_STATE_UNKNOWN, VTDIAG_CC_CAUSES_MSR_FAULT);
	EXPECT(judged(&report, VTDIAG_A_CC_SEV, detail, sizeof(detail)) ==
	       VTDIAG_WARN);
	EXPECT_STR(detail, "unknown: a firmware register could not be read");

	/* CPU 1 with the RMP unreserved, CPU 0 fine: the CPUs differ. */
	set_cc(&report, 0, VTDIAG_A_CC_SEV_SNP, VTDIAG_STATE_ENABLED, 0);
	set_cc(&report, 1, VTDIAG_A_CC_SEV_SNP,
	       VTDIAG_STATE_DISABLED_BY_FIRMWARE, RMP);
	EXPECT(report.host.cc[VTDIAG_A_CC_SEV_SNP].state ==
	       VTDIAG_STATE_INCONSISTENT &&
	       report.host.cc[VTDIAG_A_CC_SEV_SNP].cpus == 1);
	EXPECT(judged(&report, VTDIAG_A_CC_SEV_SNP, detail, sizeof(detail)) ==
	       VTDIAG_WARN);
	EXPECT_CONTAINS(detail, "the CPUs differ: CPU 0: enabled; CPU 1: ");
	EXPECT_CONTAINS(detail, "(\"SNP Memory Coverage\")");
	EXPECT(vtdiag_cc_readiness(&report, VTDIAG_A_CC_SEV_SNP) ==
	       VTDIAG_CC_FIRMWARE_OFF);

	/* The fallback without root: the registers, not the firmware. */
	set_all(&report, VTDIAG_STATE_UNKNOWN, VTDIAG_CC_CAUSES_MSR_FAULT);
	report.fallback = true;
	report.msr_access = VTDIAG_MSR_NOT_ROOT;
	EXPECT(judged(&report, VTDIAG_A_CC_SEV, detail, sizeof(detail)) ==
	       VTDIAG_SKIP);
	EXPECT_CONTAINS(detail, "needs root");
	vtdiag_report_free(&report);
}

/* Every cause has its words, and every gap. */
static void test_causes_and_gaps_described(void)
{
	struct vtdiag_report report;
	struct strbuf sb = STRBUF_INIT;
	__u32 bit;

	for (bit = 1; bit <= VTDIAG_CC_CAUSES_MASK; bit <<= 1) {
		strbuf_release(&sb);
		vtdiag_cc_describe_causes(&sb, bit);
		EXPECT(strbuf_str(&sb)[0]);
		EXPECT(vtdiag_cc_cause_name(bit) != NULL);
	}
	ready_report(&report, VTDIAG_VENDOR_AMD);
	for (bit = 1; bit <= VTDIAG_CC_GAP_ALL; bit <<= 1) {
		strbuf_release(&sb);
		vtdiag_cc_describe_gaps(&sb, &report, VTDIAG_A_CC_SEV, bit);
		EXPECT(strbuf_str(&sb)[0]);
		EXPECT(vtdiag_cc_gap_name(bit) != NULL);
	}
	strbuf_release(&sb);
	vtdiag_report_free(&report);
}

static void test_os_gaps(void)
{
	struct vtdiag_report report;
	char detail[1024];
	__u32 unknown;

	ready_report(&report, VTDIAG_VENDOR_AMD);
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	EXPECT(vtdiag_cc_os_gaps(&report, VTDIAG_A_CC_SEV, &unknown) == 0 &&
	       !unknown);
	/* No PSP: KVM then reports N; both show. */
	report.cc_os.dev_sev = false;
	report.cc_os.ccp = VTDIAG_KMOD_AVAILABLE;
	report.cc_os.kvm_amd[VTDIAG_A_CC_SEV] = 0;
	EXPECT(vtdiag_cc_os_gaps(&report, VTDIAG_A_CC_SEV, &unknown) ==
	       (VTDIAG_CC_GAP_KVM_OFF | VTDIAG_CC_GAP_NO_DEV_SEV));
	EXPECT(judged(&report, VTDIAG_A_CC_SEV, detail, sizeof(detail)) ==
	       VTDIAG_WARN);
	EXPECT_STR(detail, "enabled by the firmware; not usable yet: KVM has it off (kvm_amd.sev is N); /dev/sev is missing (the AMD PSP driver ccp: installed, not loaded)");
	EXPECT(vtdiag_cc_readiness(&report, VTDIAG_A_CC_SEV) ==
	       VTDIAG_CC_OS_NOT_READY);
	/* kvm_amd not loaded at all. */
	report.host.kvm_vendor = VTDIAG_KVM_ABSENT;
	EXPECT(vtdiag_cc_os_gaps(&report, VTDIAG_A_CC_SEV_SNP, &unknown) &
	       VTDIAG_CC_GAP_KVM_MODULE);
	/* Nothing of the OS read: not known, not "not ready". */
	report.cc_os.probed = false;
	EXPECT(vtdiag_cc_readiness(&report, VTDIAG_A_CC_SEV) ==
	       VTDIAG_CC_UNDETERMINED);
	vtdiag_report_free(&report);

	ready_report(&report, VTDIAG_VENDOR_INTEL);
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	report.cc_os.kvm_intel_tdx = 0;
	report.os.enable_virt_at_load = 0;
	report.cc_os.tdx_module = VTDIAG_TDX_MODULE_FAILED;
	EXPECT(vtdiag_cc_os_gaps(&report, VTDIAG_A_CC_TDX, &unknown) ==
	       (VTDIAG_CC_GAP_KVM_OFF | VTDIAG_CC_GAP_VIRT_AT_LOAD |
		VTDIAG_CC_GAP_TDX_MODULE));
	/* kvm_intel.tdx=Y: KVM's result, nothing else asked. */
	report.cc_os.kvm_intel_tdx = 1;
	EXPECT(vtdiag_cc_os_gaps(&report, VTDIAG_A_CC_TDX, &unknown) == 0);
	/* The log unreadable, KVM's answer missing: unknown, said so. */
	report.cc_os.kvm_intel_tdx = 0;
	report.os.enable_virt_at_load = 1;
	report.cc_os.tdx_module = VTDIAG_TDX_MODULE_LOG_UNREADABLE;
	EXPECT(vtdiag_cc_os_gaps(&report, VTDIAG_A_CC_TDX, &unknown) ==
	       VTDIAG_CC_GAP_KVM_OFF && unknown == VTDIAG_CC_GAP_TDX_MODULE);
	vtdiag_report_free(&report);
}

/* --require: KVM's status first, then the feature's readiness, 0 to 4. */
static void test_require_exit(void)
{
	struct vtdiag_report report;

	ready_report(&report, VTDIAG_VENDOR_AMD);
	report.cc_require = VTDIAG_A_CC_SEV_SNP;
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	EXPECT(vtdiag_cc_require_exit(&report) == 0);
	report.cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] = 0;
	EXPECT(vtdiag_cc_require_exit(&report) == 1);
	set_all(&report, VTDIAG_STATE_DISABLED_BY_FIRMWARE, RMP);
	EXPECT(vtdiag_cc_require_exit(&report) == 2);
	set_all(&report, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR, 0);
	EXPECT(vtdiag_cc_require_exit(&report) == 3);
	set_all(&report, VTDIAG_STATE_UNKNOWN, VTDIAG_CC_CAUSES_MSR_FAULT);
	EXPECT(vtdiag_cc_require_exit(&report) == 4);
	/* TDX on AMD: not supported. */
	report.cc_require = VTDIAG_A_CC_TDX;
	EXPECT(vtdiag_cc_require_exit(&report) == 3);
	/* KVM not ready: its status, whatever the feature. */
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	report.host.kvm_vendor = VTDIAG_KVM_ABSENT;
	report.cc_require = VTDIAG_A_CC_SEV;
	EXPECT(vtdiag_cc_require_exit(&report) == VTDIAG_EXIT_OS_NOT_READY);
	report.host.verdict = VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	EXPECT(vtdiag_cc_require_exit(&report) == VTDIAG_EXIT_FIRMWARE_OFF);
	/* Plain vtdiag: the CC states never change it. */
	report.cc_require = 0;
	report.host.verdict = VTDIAG_STATE_ENABLED;
	report.host.kvm_vendor = VTDIAG_KVM_LOADED;
	set_all(&report, VTDIAG_STATE_DISABLED_BY_FIRMWARE, SMEE);
	EXPECT(vtdiag_exit_status(&report) == VTDIAG_EXIT_READY);
	EXPECT(vtdiag_cc_require_exit(&report) == VTDIAG_EXIT_READY);
	vtdiag_report_free(&report);

	EXPECT(vtdiag_cc_require_parse("sev") == VTDIAG_A_CC_SEV);
	EXPECT(vtdiag_cc_require_parse("sev-es") == VTDIAG_A_CC_SEV_ES);
	EXPECT(vtdiag_cc_require_parse("sev_snp") == VTDIAG_A_CC_SEV_SNP);
	EXPECT(vtdiag_cc_require_parse("tdx") == VTDIAG_A_CC_TDX);
	EXPECT(vtdiag_cc_require_parse("sme") == 0);
	EXPECT(vtdiag_cc_require_parse("tme") == 0);
	EXPECT(vtdiag_cc_require_parse("") == 0);
	EXPECT(vtdiag_cc_require_parse("sev-snp-and-then-some-more") == 0);
}

/* --- outputs ------------------------------------------------------------- */

static void test_json_object(void)
{
	struct vtdiag_report report;
	struct json_object *root, *v;

	ready_report(&report, VTDIAG_VENDOR_AMD);
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	set_cc(&report, -1, VTDIAG_A_CC_SEV_SNP,
	       VTDIAG_STATE_DISABLED_BY_FIRMWARE, RMP);
	report.cc_require = VTDIAG_A_CC_SEV_SNP;
	root = report_json(&report, "amd-rmp");
	EXPECT(root != NULL);
	EXPECT_STR(str_at(root, "confidential", "vendor", NULL), "amd");
	v = path_get(root, "confidential", "features", "sev_snp");
	EXPECT_STR(str_at(v, "state", NULL, NULL), "disabled_by_firmware");
	EXPECT_STR(str_at(v, "readiness", NULL, NULL), "disabled_by_firmware");
	EXPECT(path_get(v, "causes", NULL, NULL) &&
	       json_object_array_length(path_get(v, "causes", NULL, NULL)) == 1);
	EXPECT_STR(json_object_get_string(json_object_array_get_idx(path_get(v, "causes", NULL, NULL), 0)),
		   "rmp_not_reserved");
	EXPECT_STR(str_at(root, "confidential", "features", "sev") ? str_at(path_get(root, "confidential", "features", "sev"), "readiness", NULL, NULL) : NULL,
		   "ready");
	EXPECT(!path_get(root, "confidential", "features", "tdx"));
	EXPECT_STR(str_at(root, "confidential", "require", "feature"), "sev_snp");
	EXPECT(json_object_get_int(path_get(root, "confidential", "require", "exit_status")) == 2);
	/* exit_status stays KVM's. */
	EXPECT(json_object_get_int(path_get(root, "exit_status", NULL, NULL)) == 0);
	json_object_put(root);
	vtdiag_report_free(&report);

	/* An older module: unavailable says so, every feature unknown. */
	ready_report(&report, VTDIAG_VENDOR_INTEL);
	root = report_json(&report, "intel-old-module");
	EXPECT_STR(str_at(root, "confidential", "unavailable", NULL), "module_too_old");
	EXPECT_STR(str_at(path_get(root, "confidential", "features", "tdx"), "state", NULL, NULL),
		   "unknown");
	json_object_put(root);
	vtdiag_report_free(&report);
}

static char *render(const struct vtdiag_report *report, bool metrics)
{
	struct vtdiag_advice_list advice;
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (!out)
		return NULL;
	if (metrics) {
		vtdiag_print_prometheus(out, report, "test");
	} else if (!vtdiag_advise(report, &advice)) {
		vtdiag_print_text(out, report, &advice, false);
		vtdiag_advice_free(&advice);
	}
	fclose(out);
	return text;
}

/* The text report: its own section after KVM's, its own steps. */
static void test_text_section(void)
{
	struct vtdiag_report report;
	char *text, *section;

	ready_report(&report, VTDIAG_VENDOR_INTEL);
	set_cc(&report, -1, VTDIAG_A_CC_TME, VTDIAG_STATE_ENABLED, 0);
	set_cc(&report, -1, VTDIAG_A_CC_TDX, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_SEAMRR_OFF);
	report.cc_require = VTDIAG_A_CC_TDX;
	text = render(&report, false);
	section = text ? strstr(text, "\nConfidential computing:\n") : NULL;
	EXPECT(section != NULL);
	if (section) {
		EXPECT(strstr(text, "KVM is ready") < section);
		EXPECT_CONTAINS(section, "PASS  TME (host memory)      enabled by the firmware\n");
		EXPECT_CONTAINS(section, "WARN  TDX guests             disabled in the firmware: no memory range");
		EXPECT_CONTAINS(section, "For confidential guests:\n  1. The firmware set up no memory range for the TDX module.");
		EXPECT_CONTAINS(section, "--require tdx: TDX is disabled in the firmware (exit status 2).");
		/* No AMD feature on an Intel host. */
		EXPECT(!strstr(section, "SEV"));
	}
	free(text);
	vtdiag_report_free(&report);
}

static void test_metrics(void)
{
	struct vtdiag_report report;
	char *text;

	ready_report(&report, VTDIAG_VENDOR_AMD);
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	set_cc(&report, -1, VTDIAG_A_CC_SEV_ES,
	       VTDIAG_STATE_DISABLED_BY_FIRMWARE, VTDIAG_CC_CAUSES_NO_ES_ASIDS);
	text = render(&report, true);
	EXPECT_CONTAINS(text, "vtdiag_cc_state{feature=\"sev\",state=\"enabled\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_cc_state{feature=\"sev_es\",state=\"enabled\"} 0\n");
	EXPECT_CONTAINS(text, "vtdiag_cc_state{feature=\"sev_es\",state=\"disabled_by_firmware\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_cc_readiness{feature=\"sev\",readiness=\"ready\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_cc_cpus_enabled{feature=\"sev\"} 2\n");
	EXPECT_CONTAINS(text, "vtdiag_cc_cause{feature=\"sev_es\",cause=\"no_es_asids\"} 1\n");
	EXPECT_CONTAINS(text, "vtdiag_check_status{check=\"sev_es\",status=\"warn\"} 1\n");
	EXPECT(!strstr(text, "feature=\"tdx\""));
	free(text);
	vtdiag_report_free(&report);
}

/* --- fallback and OS probe ----------------------------------------------- */

static void amd_sample(struct vtdiag_fallback_sample *sample, __u32 cpu,
		       __u64 rmp_end)
{
	memset(sample, 0, sizeof(*sample));
	sample->cpu = cpu;
	memcpy(sample->vendor, "AuthenticAMD", 12);
	sample->max_ext = 0x80000021;
	sample->ext1_ecx = VTDIAG_EXT1_ECX_SVM;
	sample->cc.max_basic = 0x10;
	sample->cc.memenc[0] = 0x1f;
	sample->cc.memenc[2] = 509;
	sample->cc.memenc[3] = 100;
	sample->cc.msr_read = 0xf;
	sample->cc.msr[VTDIAG_CC_MSR_SYSCFG] = VTDIAG_SYSCFG_MEM_ENCRYPT;
	sample->cc.msr[VTDIAG_CC_MSR_HWCR] = VTDIAG_HWCR_SMMLOCK;
	sample->cc.msr[VTDIAG_CC_MSR_RMP_BASE] = 0x100000000ULL;
	sample->cc.msr[VTDIAG_CC_MSR_RMP_END] = rmp_end;
}

static void test_fallback_decodes(void)
{
	struct vtdiag_fallback_sample samples[2];
	struct vtdiag_fallback fb = { .samples = samples, .nr_samples = 2,
				      .nr_online = 2, .root = true };
	struct vtdiag_report report;

	amd_sample(&samples[0], 0, 0x140000000ULL);
	amd_sample(&samples[1], 1, 0x140000000ULL);
	vtdiag_report_init(&report);
	EXPECT(vtdiag_fallback_report(&report, &fb) == 0);
	EXPECT(report.host.has_cc);
	EXPECT(report.host.cc[VTDIAG_A_CC_SEV_SNP].state == VTDIAG_STATE_ENABLED &&
	       report.host.cc[VTDIAG_A_CC_SEV_SNP].cpus == 2);
	EXPECT(!report.host.cc[VTDIAG_A_CC_TDX].present);
	vtdiag_report_free(&report);

	/* CPU 1's RMP unset: the CPUs differ, and say why. */
	amd_sample(&samples[1], 1, 0x1fff);
	samples[1].cc.msr[VTDIAG_CC_MSR_RMP_BASE] = 0;
	vtdiag_report_init(&report);
	EXPECT(vtdiag_fallback_report(&report, &fb) == 0);
	EXPECT(report.host.cc[VTDIAG_A_CC_SEV_SNP].state ==
	       VTDIAG_STATE_INCONSISTENT);
	EXPECT(report.host.cc[VTDIAG_A_CC_SEV_SNP].causes == RMP);
	EXPECT(report.cpus[1].cc[VTDIAG_A_CC_SEV_SNP].state ==
	       VTDIAG_STATE_DISABLED_BY_FIRMWARE);
	vtdiag_report_free(&report);

	/* Leaves not read (an old captured tree): unknown, not unsupported. */
	amd_sample(&samples[1], 1, 0x140000000ULL);
	samples[0].cc_err = samples[1].cc_err = -EIO;
	vtdiag_report_init(&report);
	EXPECT(vtdiag_fallback_report(&report, &fb) == 0);
	EXPECT(!report.host.cc[VTDIAG_A_CC_SEV].present);
	EXPECT(vtdiag_cc_readiness(&report, VTDIAG_A_CC_SEV) ==
	       VTDIAG_CC_UNDETERMINED);
	vtdiag_report_free(&report);
}

static void test_log_scan(void)
{
	struct vtdiag_cc_os cc_os;
	char log[] =
		"6,1,100,-;virt/tdx: BIOS enabled: private KeyID range [32, 64)\n"
		" SUBSYSTEM=cpu\n"
		"3,2,200,-;virt/tdx: initialization failed: too few private KeyIDs available.\n"
		"4,3,300,-;SEV-SNP: Memory for the RMP table has not been reserved by BIOS\n";
	char ok[] = "6,1,100,-;virt/tdx: module initialized\n";
	char none[] = "6,1,100,-;kvm_intel: something else\n";

	vtdiag_cc_os_reset(&cc_os);
	vtdiag_cc_os_scan_log(&cc_os, log);
	EXPECT(cc_os.tdx_module == VTDIAG_TDX_MODULE_FAILED);
	EXPECT_STR(cc_os.tdx_log, "virt/tdx: initialization failed: too few private KeyIDs available.");
	EXPECT_STR(cc_os.sev_log, "SEV-SNP: Memory for the RMP table has not been reserved by BIOS");
	vtdiag_cc_os_reset(&cc_os);
	vtdiag_cc_os_scan_log(&cc_os, ok);
	EXPECT(cc_os.tdx_module == VTDIAG_TDX_MODULE_INITIALIZED);
	vtdiag_cc_os_reset(&cc_os);
	vtdiag_cc_os_scan_log(&cc_os, none);
	EXPECT(cc_os.tdx_module == VTDIAG_TDX_MODULE_NO_MESSAGE);
	EXPECT(!cc_os.tdx_log[0] && !cc_os.sev_log[0]);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512], cmd[700];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s/%s')\"", dir, name);
	if (system(cmd))
		test_failed = 1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		test_failed = 1;
		return;
	}
	fputs(text, f);
	fclose(f);
}

/* The probe on a scratch root: every file it reads, as it reads it. */
static void test_os_probe(void)
{
	char dir[] = "/tmp/vtdiag-cc-test.XXXXXX", cmd[300];
	struct vtdiag_report report;

	if (!mkdtemp(dir)) {
		test_failed = 1;
		return;
	}
	write_file(dir, "sys/module/kvm_intel/parameters/tdx", "N\n");
	write_file(dir, "sys/module/kvm_amd/parameters/sev", "Y\n");
	write_file(dir, "sys/module/kvm_amd/parameters/sev_es", "N\n");
	write_file(dir, "proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vmx tme sme_not\n\n");
	write_file(dir, "proc/cmdline", "root=/dev/sda1 mem_encrypt=on nohibernate quiet\n");
	write_file(dir, "sys/fs/cgroup/misc.capacity", "sev 509\nsev_es 0\n");
	write_file(dir, "dev/kmsg", "6,1,100,-;virt/tdx: module not loaded\n");
	ready_report(&report, VTDIAG_VENDOR_INTEL);
	set_all(&report, VTDIAG_STATE_ENABLED, 0);
	if (vtdiag_root_set(dir)) {
		test_failed = 1;
		vtdiag_report_free(&report);
		return;
	}
	vtdiag_cc_os_probe(&report, &vtdiag_cc_os_default_paths);
	vtdiag_root_set("/");
	EXPECT(report.cc_os.probed);
	EXPECT(report.cc_os.kvm_intel_tdx == 0);
	EXPECT(report.cc_os.kvm_amd[VTDIAG_A_CC_SEV] == 1 &&
	       report.cc_os.kvm_amd[VTDIAG_A_CC_SEV_ES] == 0 &&
	       report.cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] == -1);
	EXPECT(report.cc_os.cpuinfo_flags == (1 << VTDIAG_A_CC_TME));
	EXPECT_STR(report.cc_os.mem_encrypt, "on");
	EXPECT(report.cc_os.nohibernate);
	EXPECT(report.cc_os.misc_sev == 509 && report.cc_os.misc_sev_es == 0);
	EXPECT(!report.cc_os.dev_sev);
	/* TDX enabled, kvm_intel.tdx=N: the log was worth reading. */
	EXPECT(report.cc_os.tdx_module == VTDIAG_TDX_MODULE_FAILED);
	EXPECT(vtdiag_cc_readiness(&report, VTDIAG_A_CC_TDX) ==
	       VTDIAG_CC_OS_NOT_READY);
	vtdiag_report_free(&report);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		test_failed = 1;
}

static const struct test_case tests[] = {
	{ "netlink: HOST_CC per feature, newer features and attributes ignored", test_parse_host_cc },
	{ "netlink: an older module without HOST_CC: unknown, --require exit 4", test_parse_host_older_module },
	{ "netlink: CPU words and MSR nests rebuild the decoder's input", test_parse_cpu_cc },
	{ "netlink: RMP values withheld from an unprivileged caller", test_parse_cpu_withheld },
	{ "netlink: malformed feature and MSR nests: EPROTO", test_parse_malformed },
	{ "judge: enabled, disabled, unsupported, hidden, unknown, inconsistent, fallback", test_judge_states },
	{ "every cause and every OS gap has words and a JSON name", test_causes_and_gaps_described },
	{ "OS gaps: KVM's result, PSP, kvm_amd, TDX parameters and module", test_os_gaps },
	{ "--require: KVM first, then 0 ready ... 4 unknown; plain run unchanged", test_require_exit },
	{ "--json: the confidential object", test_json_object },
	{ "text: the Confidential computing section after KVM's", test_text_section },
	{ "--prometheus: vtdiag_cc_* and the checks", test_metrics },
	{ "fallback: the same decoder, the same sum", test_fallback_decodes },
	{ "kernel log: TDX module and SEV lines", test_log_scan },
	{ "OS probe on a scratch root", test_os_probe },
};

int main(void)
{
	return run_tests(tests, ARRAY_SIZE(tests));
}
