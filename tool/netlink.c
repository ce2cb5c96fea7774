// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink client of the vtdiag family (libnl-genl-3).
 *
 * Replies are parsed with one policy per nest; attributes this tool does
 * not know are ignored (the family is append-only), and every nla_get is
 * preceded by a presence check, so an older or newer module never makes
 * the tool read past an attribute.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vtdiag.h>

#include "i18n.h"
#include "netlink.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* One request may take this long; a wedged module must not hang us. */
#define VTDIAG_NL_TIMEOUT_MS		10000
#define VTDIAG_NL_RECV_TIMEOUT_MS	1000
/* Receive buffer of a request socket: above the kernel's 32 KiB batches. */
#define VTDIAG_NL_MSG_BUF		(64 << 10)
/* The dump is restarted this often while the kernel flags it interrupted. */
#define VTDIAG_NL_DUMP_TRIES		5
/* Host + CPU queries are repeated this often while the generation moves. */
#define VTDIAG_NL_SAMPLE_TRIES		3

/*
 * libnl 3.4 (Debian 11) takes the policy of nla_parse(), nla_parse_nested()
 * and genlmsg_parse() without const, though it only reads it; the
 * Makefile asks the installed headers which kind they are.
 */
#if VTDIAG_LIBNL_CONST_POLICY
#define VTDIAG_NL_POLICY(p)	(p)
#else
#define VTDIAG_NL_POLICY(p)	((struct nla_policy *)(uintptr_t)(p))
#endif

/*
 * Nests (STATE_COUNTS) are NLA_UNSPEC: libnl's NLA_NESTED insists on a
 * non-empty payload, and nla_for_each_nested is bounds-checked anyway.
 */
static const struct nla_policy host_policy[VTDIAG_A_HOST_MAX + 1] = {
	[VTDIAG_A_HOST_VERSION]		= { .type = NLA_STRING },
	[VTDIAG_A_HOST_GENERATION]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_VENDOR]		= { .type = NLA_U32 },
	[VTDIAG_A_HOST_VENDOR_ID]	= { .type = NLA_STRING },
	[VTDIAG_A_HOST_TECH]		= { .type = NLA_U32 },
	[VTDIAG_A_HOST_VERDICT]		= { .type = NLA_U32 },
	[VTDIAG_A_HOST_CPUS_ONLINE]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_STATE_COUNTS]	= { .type = NLA_UNSPEC },
	[VTDIAG_A_HOST_HYPERVISOR]	= { .type = NLA_FLAG },
	[VTDIAG_A_HOST_HV_SIGNATURE]	= { .type = NLA_STRING },
	[VTDIAG_A_HOST_KVM_CORE]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_KVM_VENDOR]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_KVM_VENDOR_MODULE] = { .type = NLA_STRING },
	[VTDIAG_A_HOST_EVENT]		= { .type = NLA_U32 },
	[VTDIAG_A_HOST_EVENT_CPU]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_EVENT_MODULE]	= { .type = NLA_STRING },
	[VTDIAG_A_HOST_EVENT_MODULE_STATE] = { .type = NLA_U32 },
	[VTDIAG_A_HOST_CPUS_ACTIVE]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_CPUS_ISOLATED]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_LIVE_AGE_MS]	= { .type = NLA_U32 },
	[VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL] = { .type = NLA_FLAG },
	[VTDIAG_A_HOST_KERNEL_ENABLES_VMX] = { .type = NLA_FLAG },
	[VTDIAG_A_HOST_TBOOT]		= { .type = NLA_FLAG },
	[VTDIAG_A_HOST_CC]		= { .type = NLA_UNSPEC },
};

/* Inside HOST_CC and CPU_CC: one nest per feature, each parsed alike. */
static const struct nla_policy cc_feature_policy[VTDIAG_A_CC_FEATURE_MAX + 1] = {
	[VTDIAG_A_CC_FEATURE_STATE]	= { .type = NLA_U32 },
	[VTDIAG_A_CC_FEATURE_CAUSES]	= { .type = NLA_U32 },
	[VTDIAG_A_CC_FEATURE_CPUS]	= { .type = NLA_U32 },
};

static const struct nla_policy msr_policy[VTDIAG_A_MSR_MAX + 1] = {
	[VTDIAG_A_MSR_INDEX]		= { .type = NLA_U32 },
	[VTDIAG_A_MSR_VALUE]		= { .type = NLA_U64 },
	[VTDIAG_A_MSR_ERR]		= { .type = NLA_S32,
					    .minlen = sizeof(__s32) },
	[VTDIAG_A_MSR_WITHHELD]		= { .type = NLA_FLAG },
};

static const struct nla_policy count_policy[VTDIAG_A_COUNT_MAX + 1] = {
	[VTDIAG_A_COUNT_STATE]		= { .type = NLA_U32 },
	[VTDIAG_A_COUNT_CPUS]		= { .type = NLA_U32 },
};

/* Explicit minlen: not every libnl knows the size of NLA_S32 and NLA_U8. */
static const struct nla_policy cpu_policy[VTDIAG_A_CPU_MAX + 1] = {
	[VTDIAG_A_CPU_ID]		= { .type = NLA_U32 },
	[VTDIAG_A_CPU_STATE]		= { .type = NLA_U32 },
	[VTDIAG_A_CPU_VENDOR]		= { .type = NLA_U32 },
	[VTDIAG_A_CPU_VENDOR_ID]	= { .type = NLA_STRING },
	[VTDIAG_A_CPU_FLAGS]		= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_1_ECX]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_MAX_EXT]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_EXT1_ECX]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_SVM_EDX]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_FEAT_CTL]		= { .type = NLA_U64 },
	[VTDIAG_A_CPU_FEAT_CTL_ERR]	= { .type = NLA_S32,
					    .minlen = sizeof(__s32) },
	[VTDIAG_A_CPU_VM_CR]		= { .type = NLA_U64 },
	[VTDIAG_A_CPU_VM_CR_ERR]	= { .type = NLA_S32,
					    .minlen = sizeof(__s32) },
	[VTDIAG_A_CPU_ACTIVE]		= { .type = NLA_U8,
					    .minlen = sizeof(__u8) },
	[VTDIAG_A_CPU_HV_SIGNATURE]	= { .type = NLA_STRING },
	[VTDIAG_A_CPU_ISOLATED]		= { .type = NLA_FLAG },
	[VTDIAG_A_CPU_CPUID_MAX_BASIC]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_7_ECX]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_MEMENC_EAX]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_MEMENC_EBX]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_MEMENC_ECX]	= { .type = NLA_U32 },
	[VTDIAG_A_CPU_CPUID_MEMENC_EDX]	= { .type = NLA_U32 },
	/* Repeated: walked by hand, never through tb[]. */
	[VTDIAG_A_CPU_MSR]		= { .type = NLA_UNSPEC },
	[VTDIAG_A_CPU_CC]		= { .type = NLA_UNSPEC },
};

static __printf(3, 4)
int nl_fail(struct vtdiag_nl *nl, int errnum, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(nl->error_text, sizeof(nl->error_text), fmt, ap);
	va_end(ap);
	nl->error = errnum;
	return -errnum;
}

/*
 * A -errno from the kernel: NLMSG_ERROR, NLMSG_DONE, the MSR error
 * attributes. Anything outside -MAX_ERRNO..-1 is not an errno (and
 * INT_MIN cannot even be negated): malformed, so -EPROTO.
 */
#define VTDIAG_MAX_ERRNO	4095

static int kernel_errno(int err)
{
	return err < 0 && err >= -VTDIAG_MAX_ERRNO ? err : -EPROTO;
}

static void host_reset(struct vtdiag_host *host)
{
	memset(host, 0, sizeof(*host));
	host->verdict = VTDIAG_STATE_UNKNOWN;
	host->vendor = VTDIAG_VENDOR_OTHER;
	host->tech = VTDIAG_TECH_NONE;
}

static int parse_state_counts(struct nlattr *nest, __u32 *counts)
{
	struct nlattr *tb[VTDIAG_A_COUNT_MAX + 1];
	struct nlattr *entry;
	__u32 state;
	int rem;

	nla_for_each_nested(entry, nest, rem) {
		if (nla_type(entry) != VTDIAG_A_HOST_STATE_COUNT)
			continue;
		if (nla_parse_nested(tb, VTDIAG_A_COUNT_MAX, entry,
				     VTDIAG_NL_POLICY(count_policy)) < 0)
			return -EPROTO;
		if (!tb[VTDIAG_A_COUNT_STATE] || !tb[VTDIAG_A_COUNT_CPUS])
			return -EPROTO;
		state = nla_get_u32(tb[VTDIAG_A_COUNT_STATE]);
		/* A state newer than this tool has no slot; the verdict says it. */
		if (state < __VTDIAG_STATE_MAX)
			counts[state] = nla_get_u32(tb[VTDIAG_A_COUNT_CPUS]);
	}
	return 0;
}

static void parse_host_kvm(struct nlattr **tb, struct vtdiag_host *host)
{
	if (tb[VTDIAG_A_HOST_KVM_CORE]) {
		host->has_kvm_core = true;
		host->kvm_core = nla_get_u32(tb[VTDIAG_A_HOST_KVM_CORE]);
	}
	if (tb[VTDIAG_A_HOST_KVM_VENDOR]) {
		host->has_kvm_vendor = true;
		host->kvm_vendor = nla_get_u32(tb[VTDIAG_A_HOST_KVM_VENDOR]);
	}
	if (tb[VTDIAG_A_HOST_KVM_VENDOR_MODULE])
		nla_strlcpy(host->kvm_vendor_module,
			    tb[VTDIAG_A_HOST_KVM_VENDOR_MODULE],
			    sizeof(host->kvm_vendor_module));
}

/*
 * Isolated CPUs, the age of the live bits and the kernel's FEATURE_CONTROL
 * policy came together: a module that knows the policy flags always sends
 * CPUS_ISOLATED and LIVE_AGE_MS, so with those present an absent flag
 * means "no". An older module sends none of them: all unknown, and the
 * report is what it was before.
 */
static void parse_host_kernel(struct nlattr **tb, struct vtdiag_host *host)
{
	if (tb[VTDIAG_A_HOST_CPUS_ISOLATED]) {
		host->has_cpus_isolated = true;
		host->cpus_isolated = nla_get_u32(tb[VTDIAG_A_HOST_CPUS_ISOLATED]);
	}
	if (tb[VTDIAG_A_HOST_LIVE_AGE_MS]) {
		host->has_live_age = true;
		host->live_age_ms = nla_get_u32(tb[VTDIAG_A_HOST_LIVE_AGE_MS]);
	}
	host->kernel_locks_feat_ctl = !!tb[VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL];
	host->kernel_enables_vmx = !!tb[VTDIAG_A_HOST_KERNEL_ENABLES_VMX];
	host->tboot = !!tb[VTDIAG_A_HOST_TBOOT];
	host->has_kernel_policy = host->has_cpus_isolated ||
				  host->has_live_age ||
				  host->kernel_locks_feat_ctl ||
				  host->kernel_enables_vmx || host->tboot;
}

/*
 * A HOST_CC or CPU_CC nest: one nest per feature this tool knows (a newer
 * module's features have no slot and are skipped). A feature nest
 * without its state is malformed.
 */
static int parse_cc(struct nlattr *nest, struct vtdiag_cc_feature *cc)
{
	struct nlattr *tb[VTDIAG_A_CC_FEATURE_MAX + 1];
	struct vtdiag_cc_feature *slot;
	struct nlattr *entry;
	int rem;

	nla_for_each_nested(entry, nest, rem) {
		if (nla_type(entry) <= VTDIAG_A_CC_UNSPEC ||
		    nla_type(entry) > VTDIAG_A_CC_MAX)
			continue;
		if (nla_parse_nested(tb, VTDIAG_A_CC_FEATURE_MAX, entry,
				     VTDIAG_NL_POLICY(cc_feature_policy)) < 0 ||
		    !tb[VTDIAG_A_CC_FEATURE_STATE])
			return -EPROTO;
		slot = &cc[nla_type(entry)];
		memset(slot, 0, sizeof(*slot));
		slot->present = true;
		slot->state = nla_get_u32(tb[VTDIAG_A_CC_FEATURE_STATE]);
		if (tb[VTDIAG_A_CC_FEATURE_CAUSES])
			slot->causes = nla_get_u32(tb[VTDIAG_A_CC_FEATURE_CAUSES]);
		if (tb[VTDIAG_A_CC_FEATURE_CPUS]) {
			slot->has_cpus = true;
			slot->cpus = nla_get_u32(tb[VTDIAG_A_CC_FEATURE_CPUS]);
		}
	}
	return 0;
}

/* The host state, shared by the GET_HOST reply and every event; @host reset. */
static int parse_host_attrs(struct nlattr **tb, struct vtdiag_host *host)
{
	if (tb[VTDIAG_A_HOST_VERSION])
		nla_strlcpy(host->module_version, tb[VTDIAG_A_HOST_VERSION],
			    sizeof(host->module_version));
	if (tb[VTDIAG_A_HOST_GENERATION]) {
		host->has_generation = true;
		host->generation = nla_get_u32(tb[VTDIAG_A_HOST_GENERATION]);
	}
	if (tb[VTDIAG_A_HOST_VENDOR])
		host->vendor = nla_get_u32(tb[VTDIAG_A_HOST_VENDOR]);
	if (tb[VTDIAG_A_HOST_VENDOR_ID])
		nla_strlcpy(host->vendor_id, tb[VTDIAG_A_HOST_VENDOR_ID],
			    sizeof(host->vendor_id));
	if (tb[VTDIAG_A_HOST_TECH])
		host->tech = nla_get_u32(tb[VTDIAG_A_HOST_TECH]);
	if (tb[VTDIAG_A_HOST_VERDICT])
		host->verdict = nla_get_u32(tb[VTDIAG_A_HOST_VERDICT]);
	if (tb[VTDIAG_A_HOST_CPUS_ONLINE])
		host->cpus_online = nla_get_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]);
	if (tb[VTDIAG_A_HOST_STATE_COUNTS] &&
	    parse_state_counts(tb[VTDIAG_A_HOST_STATE_COUNTS],
			       host->state_counts))
		return -EPROTO;
	host->hypervisor = !!tb[VTDIAG_A_HOST_HYPERVISOR];
	if (tb[VTDIAG_A_HOST_HV_SIGNATURE]) {
		host->has_hv_signature = true;
		nla_strlcpy(host->hv_signature, tb[VTDIAG_A_HOST_HV_SIGNATURE],
			    sizeof(host->hv_signature));
	}
	parse_host_kvm(tb, host);
	if (tb[VTDIAG_A_HOST_CPUS_ACTIVE]) {
		host->has_cpus_active = true;
		host->cpus_active = nla_get_u32(tb[VTDIAG_A_HOST_CPUS_ACTIVE]);
	}
	parse_host_kernel(tb, host);
	/* An older module has no HOST_CC: confidential computing unknown. */
	if (tb[VTDIAG_A_HOST_CC]) {
		host->has_cc = true;
		if (parse_cc(tb[VTDIAG_A_HOST_CC], host->cc))
			return -EPROTO;
	}
	return 0;
}

int vtdiag_nl_parse_host(struct nlmsghdr *nlh, struct vtdiag_host *host)
{
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];

	host_reset(host);
	if (genlmsg_parse(nlh, 0, tb, VTDIAG_A_HOST_MAX, VTDIAG_NL_POLICY(host_policy)) < 0)
		return -EPROTO;
	return parse_host_attrs(tb, host);
}

int vtdiag_nl_parse_event(struct nlmsghdr *nlh, struct vtdiag_event_info *ev)
{
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	host_reset(&ev->host);
	if (genlmsg_parse(nlh, 0, tb, VTDIAG_A_HOST_MAX, VTDIAG_NL_POLICY(host_policy)) < 0)
		return -EPROTO;
	/* No event attribute: still an event, of kind UNSPEC, shown as such. */
	if (tb[VTDIAG_A_HOST_EVENT])
		ev->type = nla_get_u32(tb[VTDIAG_A_HOST_EVENT]);
	if (tb[VTDIAG_A_HOST_EVENT_CPU]) {
		ev->has_cpu = true;
		ev->cpu = nla_get_u32(tb[VTDIAG_A_HOST_EVENT_CPU]);
	}
	if (tb[VTDIAG_A_HOST_EVENT_MODULE])
		nla_strlcpy(ev->module, tb[VTDIAG_A_HOST_EVENT_MODULE],
			    sizeof(ev->module));
	if (tb[VTDIAG_A_HOST_EVENT_MODULE_STATE]) {
		ev->has_module_state = true;
		ev->module_state =
			nla_get_u32(tb[VTDIAG_A_HOST_EVENT_MODULE_STATE]);
	}
	return parse_host_attrs(tb, &ev->host);
}

static void parse_cpu_msrs(struct nlattr **tb, struct vtdiag_cpu *cpu)
{
	if (tb[VTDIAG_A_CPU_FEAT_CTL]) {
		cpu->has_feat_ctl = true;
		cpu->feat_ctl = nla_get_u64(tb[VTDIAG_A_CPU_FEAT_CTL]);
	}
	if (tb[VTDIAG_A_CPU_FEAT_CTL_ERR])
		cpu->feat_ctl_err =
			kernel_errno(nla_get_s32(tb[VTDIAG_A_CPU_FEAT_CTL_ERR]));
	if (tb[VTDIAG_A_CPU_VM_CR]) {
		cpu->has_vm_cr = true;
		cpu->vm_cr = nla_get_u64(tb[VTDIAG_A_CPU_VM_CR]);
	}
	if (tb[VTDIAG_A_CPU_VM_CR_ERR])
		cpu->vm_cr_err =
			kernel_errno(nla_get_s32(tb[VTDIAG_A_CPU_VM_CR_ERR]));
}

/*
 * One CPU_MSR nest into the decoder's input, by matching its index. A
 * value withheld from this caller (RMP_BASE/RMP_END without
 * CAP_SYS_ADMIN) is not in the input: the module's verdict stands.
 */
static int parse_cc_msr(struct nlattr *nest, struct vtdiag_cpu *cpu)
{
	struct nlattr *tb[VTDIAG_A_MSR_MAX + 1];
	struct vtdiag_cc_raw *raw = &cpu->cc_raw;
	unsigned int which;
	__u32 index;

	if (nla_parse_nested(tb, VTDIAG_A_MSR_MAX, nest, VTDIAG_NL_POLICY(msr_policy)) < 0 ||
	    !tb[VTDIAG_A_MSR_INDEX] ||
	    (!tb[VTDIAG_A_MSR_VALUE] && !tb[VTDIAG_A_MSR_ERR] &&
	     !tb[VTDIAG_A_MSR_WITHHELD]))
		return -EPROTO;
	index = nla_get_u32(tb[VTDIAG_A_MSR_INDEX]);
	for (which = 0; which < VTDIAG_CC_MSR_COUNT; which++)
		if (vtdiag_cc_msr_index(which) == index)
			break;
	/* An MSR a newer module reads and this tool does not know. */
	if (which == VTDIAG_CC_MSR_COUNT)
		return 0;
	if (!tb[VTDIAG_A_MSR_VALUE] && !tb[VTDIAG_A_MSR_ERR]) {
		cpu->cc_msr_withheld |= 1U << which;
		return 0;
	}
	raw->msr_read |= 1U << which;
	if (tb[VTDIAG_A_MSR_VALUE]) {
		raw->msr[which] = nla_get_u64(tb[VTDIAG_A_MSR_VALUE]);
		raw->msr_err[which] = 0;
	} else {
		raw->msr_err[which] =
			kernel_errno(nla_get_s32(tb[VTDIAG_A_MSR_ERR]));
	}
	return 0;
}

/*
 * The raw confidential-computing words (CPUID_MAX_BASIC comes with all of
 * them), every CPU_MSR nest and CPU_CC. Absent in an older module's reply.
 */
static int parse_cpu_cc(struct nlmsghdr *nlh, struct nlattr **tb,
			struct vtdiag_cpu *cpu)
{
	static const int memenc[4] = {
		VTDIAG_A_CPU_CPUID_MEMENC_EAX, VTDIAG_A_CPU_CPUID_MEMENC_EBX,
		VTDIAG_A_CPU_CPUID_MEMENC_ECX, VTDIAG_A_CPU_CPUID_MEMENC_EDX,
	};
	struct vtdiag_cc_raw *raw = &cpu->cc_raw;
	struct nlattr *attr;
	int rem, i;

	if (tb[VTDIAG_A_CPU_CPUID_MAX_BASIC]) {
		cpu->has_cc_raw = true;
		raw->max_basic = nla_get_u32(tb[VTDIAG_A_CPU_CPUID_MAX_BASIC]);
	}
	if (tb[VTDIAG_A_CPU_CPUID_7_ECX])
		raw->cpuid7_ecx = nla_get_u32(tb[VTDIAG_A_CPU_CPUID_7_ECX]);
	for (i = 0; i < 4; i++)
		if (tb[memenc[i]])
			raw->memenc[i] = nla_get_u32(tb[memenc[i]]);
	if (tb[VTDIAG_A_CPU_CPUID_1_ECX])
		cpu->cpuid1_ecx = nla_get_u32(tb[VTDIAG_A_CPU_CPUID_1_ECX]);
	if (tb[VTDIAG_A_CPU_CPUID_MAX_EXT])
		cpu->max_ext = nla_get_u32(tb[VTDIAG_A_CPU_CPUID_MAX_EXT]);
	nlmsg_for_each_attr(attr, nlh, GENL_HDRLEN, rem)
		if (nla_type(attr) == VTDIAG_A_CPU_MSR &&
		    parse_cc_msr(attr, cpu))
			return -EPROTO;
	if (tb[VTDIAG_A_CPU_CC]) {
		cpu->has_cc = true;
		if (parse_cc(tb[VTDIAG_A_CPU_CC], cpu->cc))
			return -EPROTO;
	}
	return 0;
}

int vtdiag_nl_parse_cpu(struct nlmsghdr *nlh, struct vtdiag_cpu *cpu)
{
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];

	if (genlmsg_parse(nlh, 0, tb, VTDIAG_A_CPU_MAX, VTDIAG_NL_POLICY(cpu_policy)) < 0)
		return -EPROTO;
	/* A record that does not say which CPU it describes is useless. */
	if (!tb[VTDIAG_A_CPU_ID])
		return -EPROTO;

	cpu->id = nla_get_u32(tb[VTDIAG_A_CPU_ID]);
	if (tb[VTDIAG_A_CPU_STATE])
		cpu->state = nla_get_u32(tb[VTDIAG_A_CPU_STATE]);
	if (tb[VTDIAG_A_CPU_VENDOR]) {
		cpu->has_vendor = true;
		cpu->vendor = nla_get_u32(tb[VTDIAG_A_CPU_VENDOR]);
	}
	if (tb[VTDIAG_A_CPU_FLAGS]) {
		cpu->has_flags = true;
		cpu->flags = nla_get_u32(tb[VTDIAG_A_CPU_FLAGS]);
	}
	parse_cpu_msrs(tb, cpu);
	if (tb[VTDIAG_A_CPU_ACTIVE])
		cpu->active = nla_get_u8(tb[VTDIAG_A_CPU_ACTIVE]) ? 1 : 0;
	cpu->isolated = !!tb[VTDIAG_A_CPU_ISOLATED];
	return parse_cpu_cc(nlh, tb, cpu);
}

void vtdiag_nl_parse_extack(const struct nlmsghdr *nlh, char *buf,
			    size_t size)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlmsgerr *nlerr;
	size_t offset;

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_type == NLMSG_ERROR) {
		if (nlh->nlmsg_len < NLMSG_SPACE(sizeof(*nlerr)))
			return;
		nlerr = NLMSG_DATA(nlh);
		offset = NLMSG_SPACE(sizeof(*nlerr));
		/* Uncapped, the whole request is echoed before the TLVs. */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
			if (nlerr->msg.nlmsg_len < NLMSG_HDRLEN)
				return;
			offset += NLMSG_ALIGN(nlerr->msg.nlmsg_len -
					      NLMSG_HDRLEN);
		}
	} else if (nlh->nlmsg_type == NLMSG_DONE) {
		offset = NLMSG_SPACE(sizeof(int));
	} else {
		return;
	}
	if (offset >= nlh->nlmsg_len)
		return;

	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + offset),
		      nlh->nlmsg_len - offset, NULL) < 0)
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(buf, tb[NLMSGERR_ATTR_MSG], size);
}

/* A request in flight, while libnl runs our callbacks. */
struct nl_pending {
	struct vtdiag_nl *nl;
	struct vtdiag_nl_request *request;
	bool done;		/* ACK, NLMSG_DONE or error seen */
	int error;		/* -errno from the kernel or a parser */
};

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct nl_pending *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		req->request->interrupted = true;
	if (nlh->nlmsg_type != req->nl->family ||
	    nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return NL_SKIP;
	/* Keep reading after a bad record so the socket is left clean. */
	err = req->request->parse(nlh, req->request->arg);
	if (err && !req->error)
		req->error = err;
	/* Requests go without NLM_F_ACK: a do's one reply is the end of it. */
	if (!(req->request->nlm_flags & NLM_F_DUMP)) {
		req->done = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nl_pending *req = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int dump_err;

	req->done = true;
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		req->request->interrupted = true;
	/* A dump that fails after it started reports -errno in NLMSG_DONE. */
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(dump_err))) {
		memcpy(&dump_err, NLMSG_DATA(nlh), sizeof(dump_err));
		if (dump_err < 0) {
			req->error = kernel_errno(dump_err);
			vtdiag_nl_parse_extack(nlh, req->nl->extack,
					       sizeof(req->nl->extack));
		}
	}
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct nl_pending *req = arg;

	(void)msg;
	req->done = true;
	return NL_STOP;
}

static int error_cb(struct sockaddr_nl *from, struct nlmsgerr *nlerr,
		    void *arg)
{
	/* libnl hands us the payload; the header sits right before it. */
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)nlerr - NLMSG_HDRLEN);
	struct nl_pending *req = arg;

	(void)from;
	req->done = true;
	req->error = kernel_errno(nlerr->error);
	vtdiag_nl_parse_extack(nlh, req->nl->extack, sizeof(req->nl->extack));
	return NL_STOP;
}

static long long now_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

static const char *cmd_name(__u8 cmd, int nlm_flags)
{
	bool dump = nlm_flags & NLM_F_DUMP;

	switch (cmd) {
	case VTDIAG_CMD_GET_HOST:
		return dump ? "GET_HOST dump" : "GET_HOST";
	case VTDIAG_CMD_GET_CPU:
		return dump ? "GET_CPU dump" : "GET_CPU";
	default:
		return dump ? "dump" : "request";
	}
}

/* Reads until the request is answered; libnl errors become -errno. */
static int nl_receive(struct vtdiag_nl *nl, struct nl_cb *cb,
		      struct nl_pending *req, const char *what)
{
	long long deadline = now_ms() + VTDIAG_NL_TIMEOUT_MS;
	int err;

	while (!req->done) {
		err = nl_recvmsgs(nl->sock, cb);
		if (err == -NLE_DUMP_INTR)
			req->request->interrupted = true;
		else if (err < 0 && err != -NLE_AGAIN && !req->done)
			return nl_fail(nl, EIO, "%s: %s", what, nl_geterror(err));
		/* SO_RCVTIMEO ends a silent read with 0 or -NLE_AGAIN. */
		if (!req->done && now_ms() > deadline)
			return nl_fail(nl, ETIMEDOUT,
				       _("%s: no answer from the kernel"), what);
	}
	if (req->error == -EPROTO)
		return nl_fail(nl, EPROTO,
			       _("%s: malformed reply from the vtdiag module"),
			       what);
	if (req->error)
		return nl_fail(nl, -req->error, "%s: %s", what,
			       strerror(-req->error));
	return 0;
}

static struct nl_cb *request_callbacks(struct nl_pending *req)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	if (req->nl->recv)
		nl_cb_overwrite_recv(cb, req->nl->recv);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, req);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, req);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, req);
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, req);
	return cb;
}

int vtdiag_nl_request(struct vtdiag_nl *nl, struct vtdiag_nl_request *request)
{
	struct nl_pending pending = { .nl = nl, .request = request };
	const char *what = cmd_name(request->cmd, request->nlm_flags);
	struct nl_msg *msg;
	struct nl_cb *cb;
	int err;

	nl->extack[0] = '\0';
	request->interrupted = false;
	msg = nlmsg_alloc();
	cb = request_callbacks(&pending);
	if (!msg || !cb ||
	    !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 request->nlm_flags, request->cmd, VTDIAG_GENL_VERSION)) {
		err = nl_fail(nl, ENOMEM, _("%s: out of memory"), what);
		goto out;
	}
	err = request->fill ? request->fill(msg, request->arg) : 0;
	if (err < 0) {
		err = nl_fail(nl, -err, _("%s: cannot build the request"), what);
		goto out;
	}
	err = nl_send_auto(nl->sock, msg);
	if (err < 0) {
		err = nl_fail(nl, EIO, _("%s: cannot send: %s"), what,
			      nl_geterror(err));
		goto out;
	}
	err = nl_receive(nl, cb, &pending, what);
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return err;
}

static int host_reply(struct nlmsghdr *nlh, void *arg)
{
	return vtdiag_nl_parse_host(nlh, arg);
}

static int cpu_reply(struct nlmsghdr *nlh, void *arg)
{
	struct vtdiag_report *report = arg;
	struct vtdiag_cpu *cpu = vtdiag_report_add_cpu(report);
	int err;

	if (!cpu)
		return -ENOMEM;
	err = vtdiag_nl_parse_cpu(nlh, cpu);
	if (err)
		report->nr_cpus--;
	return err;
}

int vtdiag_nl_get_host(struct vtdiag_nl *nl, struct vtdiag_host *host)
{
	struct vtdiag_nl_request request = {
		.cmd = VTDIAG_CMD_GET_HOST, .parse = host_reply, .arg = host,
	};

	return vtdiag_nl_request(nl, &request);
}

static int dump_cpus(struct vtdiag_nl *nl, struct vtdiag_report *report)
{
	struct vtdiag_nl_request request = {
		.cmd = VTDIAG_CMD_GET_CPU, .nlm_flags = NLM_F_DUMP,
		.parse = cpu_reply, .arg = report,
	};
	int tries, err;

	for (tries = 0; tries < VTDIAG_NL_DUMP_TRIES; tries++) {
		vtdiag_report_clear_cpus(report);
		err = vtdiag_nl_request(nl, &request);
		if (err || !request.interrupted)
			return err;
	}
	vtdiag_report_clear_cpus(report);
	return nl_fail(nl, EAGAIN,
		       _("GET_CPU dump: the CPU sample changed during each of %d tries"),
		       VTDIAG_NL_DUMP_TRIES);
}

int vtdiag_nl_query(struct vtdiag_nl *nl, struct vtdiag_report *report)
{
	struct vtdiag_host after;
	int tries, err;

	for (tries = 0; tries < VTDIAG_NL_SAMPLE_TRIES; tries++) {
		err = vtdiag_nl_get_host(nl, &report->host);
		if (!err)
			err = dump_cpus(nl, report);
		if (!err && report->host.has_generation)
			err = vtdiag_nl_get_host(nl, &after);
		if (err) {
			/* Half a sample is no sample: nothing of it is shown. */
			vtdiag_report_clear_cpus(report);
			host_reset(&report->host);
			report->module = VTDIAG_MODULE_FAILED;
			return err;
		}
		/* Same generation before and after: host and CPUs agree. */
		if (!report->host.has_generation ||
		    after.generation == report->host.generation)
			break;
	}
	report->module = VTDIAG_MODULE_OK;
	return 0;
}

/* The generic netlink controller and its notification group. */
#define CTRL_FAMILY_NAME		"nlctrl"
#define CTRL_NOTIFY_GROUP		"notify"

/* Room for a burst of events (CPU hotplug of many CPUs) while we print. */
#define VTDIAG_NL_EVENT_RCVBUF		(1 << 20)

int vtdiag_nl_subscribe(struct vtdiag_nl *nl)
{
	int monitor, ctrl_notify, err;

	monitor = genl_ctrl_resolve_grp(nl->sock, VTDIAG_GENL_NAME,
					VTDIAG_MCGRP_MONITOR);
	/* The module may have gone since the family was resolved. */
	if (monitor == -NLE_OBJ_NOTFOUND &&
	    genl_ctrl_resolve(nl->sock, VTDIAG_GENL_NAME) == -NLE_OBJ_NOTFOUND)
		return nl_fail(nl, ENOENT,
			       _("generic netlink family \"%s\" not found"),
			       VTDIAG_GENL_NAME);
	if (monitor < 0)
		return nl_fail(nl, EOPNOTSUPP,
			       _("cannot find the multicast group \"%s\" of family \"%s\": %s"),
			       VTDIAG_MCGRP_MONITOR, VTDIAG_GENL_NAME,
			       nl_geterror(monitor));
	/* The controller announces families going away: the module unloading. */
	ctrl_notify = genl_ctrl_resolve_grp(nl->sock, CTRL_FAMILY_NAME,
					    CTRL_NOTIFY_GROUP);
	if (ctrl_notify < 0)
		return nl_fail(nl, EIO,
			       _("cannot find the generic netlink controller's notifications: %s"),
			       nl_geterror(ctrl_notify));
	/* Multicast messages carry sequence number 0, never ours. */
	nl_socket_disable_seq_check(nl->sock);
	err = nl_socket_add_memberships(nl->sock, monitor, ctrl_notify, 0);
	if (err < 0)
		return nl_fail(nl, EIO, _("cannot join multicast group \"%s\": %s"),
			       VTDIAG_MCGRP_MONITOR, nl_geterror(err));
	/* Best effort: a small buffer only makes overruns likelier. */
	nl_socket_set_buffer_size(nl->sock, VTDIAG_NL_EVENT_RCVBUF, 0);
	err = nl_socket_set_nonblocking(nl->sock);
	if (err < 0)
		return nl_fail(nl, EIO, _("cannot make the socket non-blocking: %s"),
			       nl_geterror(err));
	return 0;
}

int vtdiag_nl_fd(const struct vtdiag_nl *nl)
{
	return nl_socket_get_fd(nl->sock);
}

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]		= { .type = NLA_U16 },
};

/* A controller notification that family @family is gone. */
static bool family_deleted(struct nlmsghdr *nlh, int family)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];

	if (nlh->nlmsg_type != GENL_ID_CTRL ||
	    genlmsg_hdr(nlh)->cmd != CTRL_CMD_DELFAMILY)
		return false;
	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, VTDIAG_NL_POLICY(ctrl_policy)) < 0)
		return false;
	return tb[CTRL_ATTR_FAMILY_ID] &&
	       nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]) == family;
}

/* Events being read, while libnl runs event_cb(). */
struct nl_events {
	struct vtdiag_nl *nl;
	vtdiag_event_fn *handler;
	void *arg;
	bool family_gone;
	int malformed;
};

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nl_events *events = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct vtdiag_event_info ev;

	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return NL_SKIP;
	if (nlh->nlmsg_type != events->nl->family) {
		if (family_deleted(nlh, events->nl->family))
			events->family_gone = true;
		return NL_OK;
	}
	if (genlmsg_hdr(nlh)->cmd != VTDIAG_CMD_EVENT)
		return NL_SKIP;
	if (vtdiag_nl_parse_event(nlh, &ev)) {
		events->malformed++;
		return NL_SKIP;
	}
	events->handler(&ev, events->arg);
	return NL_OK;
}

int vtdiag_nl_read_events(struct vtdiag_nl *nl, vtdiag_event_fn *handler,
			  void *arg)
{
	struct nl_events events = { .nl = nl, .handler = handler, .arg = arg };
	int err;

	/* The socket's own callbacks: they carry the disabled seq check. */
	nl_socket_modify_cb(nl->sock, NL_CB_VALID, NL_CB_CUSTOM, event_cb,
			    &events);
	err = nl_recvmsgs_default(nl->sock);
	nl_socket_modify_cb(nl->sock, NL_CB_VALID, NL_CB_DEFAULT, NULL, NULL);
	/* The kernel drops what does not fit and says ENOBUFS (NLE_NOMEM). */
	if (err == -NLE_NOMEM)
		return nl_fail(nl, ENOBUFS,
			       _("some events were lost: the receive buffer overflowed"));
	if (err < 0 && err != -NLE_AGAIN)
		return nl_fail(nl, EIO, _("cannot read events: %s"),
			       nl_geterror(err));
	if (events.family_gone)
		return nl_fail(nl, ENOENT,
			       _("the vtdiag module was unloaded: no more events"));
	if (events.malformed)
		return nl_fail(nl, EPROTO,
			       P_("%d malformed event from the vtdiag module skipped",
				  "%d malformed events from the vtdiag module skipped",
				  events.malformed), events.malformed);
	return 0;
}

int vtdiag_nl_open(struct vtdiag_nl *nl)
{
	return vtdiag_nl_open_family(nl, VTDIAG_GENL_NAME);
}

int vtdiag_nl_open_family(struct vtdiag_nl *nl, const char *family)
{
	/* tv_usec must stay below a second, or the kernel says EDOM. */
	struct timeval recv_timeout = {
		.tv_sec = VTDIAG_NL_RECV_TIMEOUT_MS / 1000,
		.tv_usec = VTDIAG_NL_RECV_TIMEOUT_MS % 1000 * 1000,
	};
	int one = 1;
	int fd, err;

	memset(nl, 0, sizeof(*nl));
	nl->sock = nl_socket_alloc();
	if (!nl->sock)
		return nl_fail(nl, ENOMEM, _("cannot allocate a netlink socket"));
	err = genl_connect(nl->sock);
	if (err < 0)
		return nl_fail(nl, EIO, _("cannot open a generic netlink socket: %s"),
			       nl_geterror(err));
	/*
	 * One read a message, not two: without MSG_PEEK libnl reads straight
	 * into a buffer this big. The kernel never sends more in one go: it
	 * sizes dump batches to the reader's buffer but at most 32 KiB, and
	 * every other reply and event is a single small message.
	 */
	nl_socket_disable_msg_peek(nl->sock);
	nl_socket_set_msg_buf_size(nl->sock, VTDIAG_NL_MSG_BUF);
	/*
	 * No NLM_F_ACK on requests: the kernel answers a failure with an
	 * error message anyway, a do with its reply and a dump with DONE, so
	 * an ACK would only be one more message to build and read.
	 */
	nl_socket_disable_auto_ack(nl->sock);
	fd = nl_socket_get_fd(nl->sock);
	/* Kernels before 4.12 lack extended ACKs; errors then lose detail. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));

	err = genl_ctrl_resolve(nl->sock, family);
	if (err == -NLE_OBJ_NOTFOUND)
		return nl_fail(nl, ENOENT,
			       _("generic netlink family \"%s\" not found"), family);
	if (err < 0)
		return nl_fail(nl, EIO,
			       _("cannot resolve generic netlink family \"%s\": %s"),
			       family, nl_geterror(err));
	nl->family = err;
	/* Lets nl_receive() notice a silent kernel; see its deadline. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &recv_timeout,
		       sizeof(recv_timeout)))
		return nl_fail(nl, errno, _("cannot set a receive timeout: %s"),
			       strerror(errno));
	return 0;
}

void vtdiag_nl_close(struct vtdiag_nl *nl)
{
	nl_socket_free(nl->sock);
	nl->sock = NULL;
}
