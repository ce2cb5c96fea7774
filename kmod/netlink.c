// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "vtdiag": GET_HOST and GET_CPU. One fill
 * function per object serves do and dump alike. Every operation has its
 * own narrow, strict policy; rejections carry an extack message naming the
 * attribute. No operation needs privileges: the data is as public as
 * /proc/cpuinfo. Privilege decides one thing only: whether a request may
 * cost a cross-CPU call (a live-bit round, CAP_SYS_ADMIN). The family is
 * parallel; the sampler's and the notifier's own locks order everything.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include "compat.h"
#include "vtdiag.h"

static struct genl_family vtdiag_family;

/*
 * Events go out only while the family is registered; notify_lock also
 * orders them, so listeners see changes in the order they happened, and
 * remembers the verdict last announced.
 */
static DEFINE_MUTEX(notify_lock);
static bool notify_enabled;
static u32 notified_verdict = VTDIAG_STATE_UNKNOWN;

/* One feature nest of &enum vtdiag_attr_cc; @cpus < 0 leaves CPUS out. */
static int fill_cc_feature(struct sk_buff *skb, unsigned int feature,
			   u32 state, u32 causes, s64 cpus)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, feature);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, VTDIAG_A_CC_FEATURE_STATE, state) ||
	    nla_put_u32(skb, VTDIAG_A_CC_FEATURE_CAUSES, causes) ||
	    (cpus >= 0 && nla_put_u32(skb, VTDIAG_A_CC_FEATURE_CPUS, cpus))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* RMP_BASE/RMP_END hold a physical address: CAP_SYS_ADMIN only. */
static bool msr_withheld(unsigned int which, bool privileged)
{
	return !privileged && (which == VTDIAG_CC_MSR_RMP_BASE ||
			       which == VTDIAG_CC_MSR_RMP_END);
}

static int put_msr_value(struct sk_buff *skb, const struct vtdiag_cc_raw *cc,
			 unsigned int which, bool privileged)
{
	if (cc->msr_err[which])
		return nla_put_s32(skb, VTDIAG_A_MSR_ERR, cc->msr_err[which]);
	if (msr_withheld(which, privileged))
		return nla_put_flag(skb, VTDIAG_A_MSR_WITHHELD);
	return nla_put_u64_64bit(skb, VTDIAG_A_MSR_VALUE, cc->msr[which],
				 VTDIAG_A_MSR_PAD);
}

/* The confidential-computing MSRs read on this CPU, one nest each. */
static int fill_cpu_msrs(struct sk_buff *skb, const struct vtdiag_cc_raw *cc,
			 bool privileged)
{
	struct nlattr *nest;
	unsigned int which;

	for (which = 0; which < VTDIAG_CC_MSR_COUNT; which++) {
		if (!(cc->msr_read & BIT(which)))
			continue;
		nest = nla_nest_start(skb, VTDIAG_A_CPU_MSR);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(skb, VTDIAG_A_MSR_INDEX,
				vtdiag_cc_msr_index(which)) ||
		    put_msr_value(skb, cc, which, privileged)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* CPUID words, MSRs and per-feature states of one CPU. */
static int fill_cpu_cc(struct sk_buff *skb, const struct vtdiag_cpu_sample *s,
		       bool privileged)
{
	const struct vtdiag_cc_raw *cc = &s->cc;
	unsigned long features = vtdiag_cc_features(s->raw.vendor);
	unsigned int feature;
	struct nlattr *nest;

	if (nla_put_u32(skb, VTDIAG_A_CPU_CPUID_MAX_BASIC, cc->max_basic))
		return -EMSGSIZE;
	if (vtdiag_cc_has_leaf7(cc) &&
	    nla_put_u32(skb, VTDIAG_A_CPU_CPUID_7_ECX, cc->cpuid7_ecx))
		return -EMSGSIZE;
	if (vtdiag_cc_has_memenc(&s->raw) &&
	    (nla_put_u32(skb, VTDIAG_A_CPU_CPUID_MEMENC_EAX, cc->memenc[0]) ||
	     nla_put_u32(skb, VTDIAG_A_CPU_CPUID_MEMENC_EBX, cc->memenc[1]) ||
	     nla_put_u32(skb, VTDIAG_A_CPU_CPUID_MEMENC_ECX, cc->memenc[2]) ||
	     nla_put_u32(skb, VTDIAG_A_CPU_CPUID_MEMENC_EDX, cc->memenc[3])))
		return -EMSGSIZE;
	if (fill_cpu_msrs(skb, cc, privileged))
		return -EMSGSIZE;

	nest = nla_nest_start(skb, VTDIAG_A_CPU_CC);
	if (!nest)
		return -EMSGSIZE;
	for_each_set_bit(feature, &features, __VTDIAG_A_CC_MAX) {
		if (fill_cc_feature(skb, feature, s->cc_state[feature],
				    s->cc_causes[feature], -1)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* @privileged: the requester has CAP_SYS_ADMIN (physical addresses). */
static int fill_cpu(struct sk_buff *skb, unsigned int cpu,
		    const struct vtdiag_cpu_sample *s, bool privileged)
{
	const struct vtdiag_raw *raw = &s->raw;
	u32 tech = vtdiag_vendor_tech(raw->vendor);
	int msr_attr, err_attr;

	if (nla_put_u32(skb, VTDIAG_A_CPU_ID, cpu) ||
	    nla_put_u32(skb, VTDIAG_A_CPU_STATE, s->state) ||
	    nla_put_u32(skb, VTDIAG_A_CPU_VENDOR, raw->vendor) ||
	    nla_put_string(skb, VTDIAG_A_CPU_VENDOR_ID, s->vendor_id) ||
	    nla_put_u32(skb, VTDIAG_A_CPU_FLAGS, s->flags) ||
	    nla_put_u32(skb, VTDIAG_A_CPU_CPUID_1_ECX, raw->cpuid1_ecx) ||
	    nla_put_u32(skb, VTDIAG_A_CPU_CPUID_MAX_EXT, raw->max_ext))
		return -EMSGSIZE;
	if (raw->max_ext >= VTDIAG_LEAF_EXT1 &&
	    nla_put_u32(skb, VTDIAG_A_CPU_CPUID_EXT1_ECX, raw->ext1_ecx))
		return -EMSGSIZE;
	if (raw->max_ext >= VTDIAG_LEAF_SVM &&
	    nla_put_u32(skb, VTDIAG_A_CPU_CPUID_SVM_EDX, raw->svm_edx))
		return -EMSGSIZE;

	if (tech != VTDIAG_TECH_NONE) {
		msr_attr = tech == VTDIAG_TECH_VMX ?
			   VTDIAG_A_CPU_FEAT_CTL : VTDIAG_A_CPU_VM_CR;
		err_attr = tech == VTDIAG_TECH_VMX ?
			   VTDIAG_A_CPU_FEAT_CTL_ERR : VTDIAG_A_CPU_VM_CR_ERR;
		if (raw->msr_err ?
		    nla_put_s32(skb, err_attr, raw->msr_err) :
		    nla_put_u64_64bit(skb, msr_attr, raw->msr,
				      VTDIAG_A_CPU_PAD))
			return -EMSGSIZE;
	}
	if (raw->active >= 0 &&
	    nla_put_u8(skb, VTDIAG_A_CPU_ACTIVE, raw->active))
		return -EMSGSIZE;
	if (s->hv_sig[0] &&
	    nla_put_string(skb, VTDIAG_A_CPU_HV_SIGNATURE, s->hv_sig))
		return -EMSGSIZE;
	if (s->isolated && nla_put_flag(skb, VTDIAG_A_CPU_ISOLATED))
		return -EMSGSIZE;
	return fill_cpu_cc(skb, s, privileged);
}

static int fill_counts(struct sk_buff *skb, const u32 *counts)
{
	struct nlattr *list, *entry;
	u32 state;

	list = nla_nest_start(skb, VTDIAG_A_HOST_STATE_COUNTS);
	if (!list)
		return -EMSGSIZE;
	for (state = 0; state < __VTDIAG_STATE_MAX; state++) {
		if (!counts[state])
			continue;
		entry = nla_nest_start(skb, VTDIAG_A_HOST_STATE_COUNT);
		if (!entry ||
		    nla_put_u32(skb, VTDIAG_A_COUNT_STATE, state) ||
		    nla_put_u32(skb, VTDIAG_A_COUNT_CPUS, counts[state]))
			goto err_cancel;
		nla_nest_end(skb, entry);
	}
	nla_nest_end(skb, list);
	return 0;

err_cancel:
	nla_nest_cancel(skb, list);
	return -EMSGSIZE;
}

static int fill_kvm(struct sk_buff *skb, u32 tech)
{
	const char *vendor_module = vtdiag_kvm_vendor_module(tech);
	u32 core, vendor;

	vtdiag_kvm_states(tech, &core, &vendor);
	if (nla_put_u32(skb, VTDIAG_A_HOST_KVM_CORE, core))
		return -EMSGSIZE;
	if (vendor_module &&
	    (nla_put_u32(skb, VTDIAG_A_HOST_KVM_VENDOR, vendor) ||
	     nla_put_string(skb, VTDIAG_A_HOST_KVM_VENDOR_MODULE, vendor_module)))
		return -EMSGSIZE;
	return 0;
}

/*
 * What this kernel does at boot with an IA32_FEATURE_CONTROL that firmware
 * left unlocked (arch/x86/kernel/cpu/feat_ctl.c): it locks it, with VMX on
 * only when built with KVM_INTEL. So "locked, VMX off" may be the kernel's
 * own doing. The module is built against the running kernel's config.
 */
static int fill_kernel_policy(struct sk_buff *skb)
{
	if (IS_ENABLED(CONFIG_IA32_FEAT_CTL) &&
	    nla_put_flag(skb, VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL))
		return -EMSGSIZE;
	if (IS_ENABLED(CONFIG_IA32_FEAT_CTL) && IS_ENABLED(CONFIG_KVM_INTEL) &&
	    nla_put_flag(skb, VTDIAG_A_HOST_KERNEL_ENABLES_VMX))
		return -EMSGSIZE;
	return 0;
}

/* The host verdict of each confidential-computing feature. */
static int fill_host_cc(struct sk_buff *skb,
			const struct vtdiag_host_summary *sum)
{
	unsigned long features = sum->cc_features;
	const struct vtdiag_cc_summary *cc;
	unsigned int feature;
	struct nlattr *nest;

	nest = nla_nest_start(skb, VTDIAG_A_HOST_CC);
	if (!nest)
		return -EMSGSIZE;
	for_each_set_bit(feature, &features, __VTDIAG_A_CC_MAX) {
		cc = &sum->cc[feature];
		if (fill_cc_feature(skb, feature, cc->verdict, cc->causes,
				    cc->cpus_enabled)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int fill_host(struct sk_buff *skb, const struct vtdiag_host_summary *sum)
{
	const struct vtdiag_cpu_sample *first = sum->first;
	u32 tech = first ? vtdiag_vendor_tech(first->raw.vendor) : VTDIAG_TECH_NONE;

	if (nla_put_string(skb, VTDIAG_A_HOST_VERSION, VTDIAG_VERSION) ||
	    nla_put_u32(skb, VTDIAG_A_HOST_GENERATION, sum->generation) ||
	    nla_put_u32(skb, VTDIAG_A_HOST_VERDICT, sum->verdict) ||
	    nla_put_u32(skb, VTDIAG_A_HOST_CPUS_ONLINE, sum->cpus_online) ||
	    nla_put_u32(skb, VTDIAG_A_HOST_CPUS_ACTIVE, sum->cpus_active) ||
	    nla_put_u32(skb, VTDIAG_A_HOST_CPUS_ISOLATED, sum->cpus_isolated) ||
	    nla_put_u32(skb, VTDIAG_A_HOST_LIVE_AGE_MS, sum->live_age_ms) ||
	    fill_counts(skb, sum->counts) ||
	    fill_kvm(skb, tech) ||
	    fill_kernel_policy(skb))
		return -EMSGSIZE;
	if (!first)
		return 0;
	if (nla_put_u32(skb, VTDIAG_A_HOST_VENDOR, first->raw.vendor) ||
	    nla_put_string(skb, VTDIAG_A_HOST_VENDOR_ID, first->vendor_id) ||
	    nla_put_u32(skb, VTDIAG_A_HOST_TECH, tech))
		return -EMSGSIZE;
	if ((first->flags & VTDIAG_F_HYPERVISOR) &&
	    nla_put_flag(skb, VTDIAG_A_HOST_HYPERVISOR))
		return -EMSGSIZE;
	if (first->hv_sig[0] &&
	    nla_put_string(skb, VTDIAG_A_HOST_HV_SIGNATURE, first->hv_sig))
		return -EMSGSIZE;
	if (first->raw.in_smx && nla_put_flag(skb, VTDIAG_A_HOST_TBOOT))
		return -EMSGSIZE;
	return fill_host_cc(skb, sum);
}

/*
 * A request may cost a live-bit round (one cross-CPU call to every CPU
 * that is not isolated) only when its sender has CAP_SYS_ADMIN; the
 * sampler still limits it to one round a second.
 */
static int refresh_live_for(const struct sk_buff *skb)
{
	if (!netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	return vtdiag_refresh_live_locked();
}

static void notify_live_change(void)
{
	struct vtdiag_change ev = { .type = VTDIAG_EVENT_ACTIVE, .cpu = -1 };

	vtdiag_notify(&ev);
}

static int vtdiag_get_host_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct vtdiag_host_summary sum;
	struct sk_buff *msg;
	int live_changed;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &vtdiag_family, 0,
				VTDIAG_CMD_GET_HOST);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}

	vtdiag_sample_lock();
	live_changed = refresh_live_for(skb);
	vtdiag_summarize_locked(&sum);
	err = fill_host(msg, &sum);
	vtdiag_sample_unlock();
	if (live_changed)
		notify_live_change();
	if (err)
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return err;
}

static int vtdiag_get_cpu_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct vtdiag_cpu_sample *s;
	struct nlattr *cpu_attr;
	struct sk_buff *msg;
	unsigned int cpu;
	int live_changed;
	void *hdr;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, VTDIAG_A_CPU_ID))
		return -EINVAL;
	cpu_attr = info->attrs[VTDIAG_A_CPU_ID];
	cpu = nla_get_u32(cpu_attr);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &vtdiag_family, 0,
				VTDIAG_CMD_GET_CPU);
	if (!hdr) {
		err = -EMSGSIZE;
		goto err_free_msg;
	}

	vtdiag_sample_lock();
	live_changed = refresh_live_for(skb);
	s = vtdiag_cpu_get_locked(cpu);
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack, cpu_attr,
				    "VTDIAG_A_CPU_ID: no such online CPU");
		err = -ENODEV;
	} else {
		err = fill_cpu(msg, cpu, s,
			       netlink_capable(skb, CAP_SYS_ADMIN));
	}
	vtdiag_sample_unlock();
	if (live_changed)
		notify_live_change();
	if (err)
		goto err_free_msg;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free_msg:
	nlmsg_free(msg);
	return err;
}

/* Dump cursor, kept in cb->ctx between the calls of one dump. */
struct vtdiag_dump_ctx {
	unsigned int next_cpu;
	bool started;
};

static struct vtdiag_dump_ctx *dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct vtdiag_dump_ctx) > sizeof(cb->ctx));
	return (struct vtdiag_dump_ctx *)cb->ctx;
}

/*
 * The do-only attribute makes no sense in a dump: say so. Checked in the
 * first dumpit round, not in .start, because only dumpit has cb->extack on
 * every supported kernel (the error then arrives in NLMSG_DONE).
 */
static int vtdiag_dump_check_request(struct netlink_callback *cb)
{
	struct nlattr **attrs = genl_info_dump(cb)->attrs;

	if (attrs && attrs[VTDIAG_A_CPU_ID]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[VTDIAG_A_CPU_ID],
				    "VTDIAG_A_CPU_ID is not valid in a dump; use a do request");
		return -EINVAL;
	}
	return 0;
}

static int vtdiag_get_cpu_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct vtdiag_dump_ctx *ctx = dump_ctx(cb);
	const struct vtdiag_cpu_sample *s;
	unsigned int cpu;
	int live_changed;
	void *hdr;
	int err;

	if (!ctx->started) {
		err = vtdiag_dump_check_request(cb);
		if (err)
			return err;
		ctx->started = true;
	}

	err = 0;
	vtdiag_sample_lock();
	live_changed = refresh_live_for(cb->skb);
	/* Seen by genl_dump_check_consistent: a change flags the dump. */
	cb->seq = vtdiag_generation_locked();
	for (cpu = ctx->next_cpu; cpu < nr_cpu_ids;
	     cpu = cpumask_next(cpu, cpu_possible_mask)) {
		s = vtdiag_cpu_get_locked(cpu);
		if (!s)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &vtdiag_family,
				  NLM_F_MULTI, VTDIAG_CMD_GET_CPU);
		if (!hdr) {
			err = -EMSGSIZE;
			break;
		}
		genl_dump_check_consistent(cb, hdr);
		err = fill_cpu(skb, cpu, s,
			       netlink_capable(cb->skb, CAP_SYS_ADMIN));
		if (err) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	vtdiag_sample_unlock();
	ctx->next_cpu = cpu;
	if (live_changed)
		notify_live_change();

	/* A full skb ends this round; the next call resumes at @cpu. */
	if (err && skb->len)
		return skb->len;
	return err ?: skb->len;
}

static const struct nla_policy vtdiag_get_host_policy[VTDIAG_A_HOST_MAX + 1] = {
	[1 ... VTDIAG_A_HOST_MAX] = {
		.type = NLA_REJECT,
		.reject_message = "GET_HOST takes no attributes",
	},
};

static const struct nla_policy vtdiag_get_cpu_policy[VTDIAG_A_CPU_ID + 1] = {
	[VTDIAG_A_CPU_PAD] = {
		.type = NLA_REJECT,
		.reject_message = "GET_CPU takes only VTDIAG_A_CPU_ID",
	},
	[VTDIAG_A_CPU_ID] = { .type = NLA_U32 },
};

static const struct genl_ops vtdiag_ops[] = {
	{
		.cmd = VTDIAG_CMD_GET_HOST,
		.doit = vtdiag_get_host_doit,
		.policy = vtdiag_get_host_policy,
		.maxattr = ARRAY_SIZE(vtdiag_get_host_policy) - 1,
	},
	{
		.cmd = VTDIAG_CMD_GET_CPU,
		.doit = vtdiag_get_cpu_doit,
		.dumpit = vtdiag_get_cpu_dumpit,
		.policy = vtdiag_get_cpu_policy,
		.maxattr = ARRAY_SIZE(vtdiag_get_cpu_policy) - 1,
	},
};

/*
 * Anyone may subscribe (no GENL_MCAST_CAP_*): an event carries only what
 * GET_HOST gives everyone, is built once whatever the number of listeners,
 * and a subscription makes the module do nothing it would not do anyway.
 */
static const struct genl_multicast_group vtdiag_mcgrps[] = {
	{ .name = VTDIAG_MCGRP_MONITOR, },
};

static struct genl_family vtdiag_family __ro_after_init = {
	.name = VTDIAG_GENL_NAME,
	.version = VTDIAG_GENL_VERSION,
	.module = THIS_MODULE,
	.parallel_ops = true,
	.ops = vtdiag_ops,
	.n_ops = ARRAY_SIZE(vtdiag_ops),
	.mcgrps = vtdiag_mcgrps,
	.n_mcgrps = ARRAY_SIZE(vtdiag_mcgrps),
};

static struct sk_buff *build_event(const struct vtdiag_change *ev,
				   const struct vtdiag_host_summary *sum)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	hdr = genlmsg_put(msg, 0, 0, &vtdiag_family, 0, VTDIAG_CMD_EVENT);
	if (!hdr ||
	    fill_host(msg, sum) ||
	    nla_put_u32(msg, VTDIAG_A_HOST_EVENT, ev->type) ||
	    (ev->cpu >= 0 &&
	     nla_put_u32(msg, VTDIAG_A_HOST_EVENT_CPU, ev->cpu)) ||
	    (ev->module &&
	     (nla_put_string(msg, VTDIAG_A_HOST_EVENT_MODULE, ev->module) ||
	      nla_put_u32(msg, VTDIAG_A_HOST_EVENT_MODULE_STATE,
			  ev->module_state)))) {
		nlmsg_free(msg);
		return NULL;
	}
	genlmsg_end(msg, hdr);
	return msg;
}

/*
 * Announces @ev with the new host state, and a verdict event when the
 * verdict changed. Sleeps; never called with the sample lock held.
 */
void vtdiag_notify(const struct vtdiag_change *ev)
{
	struct vtdiag_change verdict_ev = { .type = VTDIAG_EVENT_VERDICT, .cpu = -1 };
	struct vtdiag_host_summary sum;
	struct sk_buff *msg, *verdict_msg = NULL;
	bool listening;

	mutex_lock(&notify_lock);
	if (!notify_enabled)
		goto out_unlock;
	listening = genl_has_listeners(&vtdiag_family, &init_net, 0);

	vtdiag_sample_lock();
	vtdiag_summarize_locked(&sum);
	msg = listening ? build_event(ev, &sum) : NULL;
	if (listening && sum.verdict != notified_verdict)
		verdict_msg = build_event(&verdict_ev, &sum);
	vtdiag_sample_unlock();
	notified_verdict = sum.verdict;

	/* No listener (-ESRCH) is no error; a lost event is not fatal. */
	if (msg)
		genlmsg_multicast(&vtdiag_family, msg, 0, 0, GFP_KERNEL);
	if (verdict_msg)
		genlmsg_multicast(&vtdiag_family, verdict_msg, 0, 0, GFP_KERNEL);
out_unlock:
	mutex_unlock(&notify_lock);
}

int __init vtdiag_netlink_init(void)
{
	struct vtdiag_host_summary sum;
	int err;

	err = genl_register_family(&vtdiag_family);
	if (err)
		return err;
	vtdiag_sample_lock();
	vtdiag_summarize_locked(&sum);
	vtdiag_sample_unlock();

	mutex_lock(&notify_lock);
	notified_verdict = sum.verdict;
	notify_enabled = true;
	mutex_unlock(&notify_lock);
	return 0;
}

void vtdiag_netlink_exit(void)
{
	/* Waits for an event being sent; none is sent after this. */
	mutex_lock(&notify_lock);
	notify_enabled = false;
	mutex_unlock(&notify_lock);
	genl_unregister_family(&vtdiag_family);
}
