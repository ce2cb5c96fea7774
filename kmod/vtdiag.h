/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of vtdiag.ko: the sampler (sample.c) keeps one
 * sample per CPU; the netlink layer (netlink.c) reads them under the
 * sample lock.
 */
#ifndef _VTDIAG_H
#define _VTDIAG_H

#include <linux/cpumask.h>
#include <linux/types.h>
#include <linux/vtdiag.h>
#include "vtdiag/decode.h"

/* VTDIAG_VERSION comes from the top-level VERSION file (Kbuild). */

struct vtdiag_cpu_sample {
	struct vtdiag_raw raw;
	struct vtdiag_cc_raw cc;
	/* Per VTDIAG_A_CC_* feature: enum vtdiag_state, enum vtdiag_cc_causes. */
	u32 cc_state[__VTDIAG_A_CC_MAX];
	u32 cc_causes[__VTDIAG_A_CC_MAX];
	char vendor_id[VTDIAG_VENDOR_ID_LEN + 1];
	char hv_sig[VTDIAG_HV_SIG_LEN + 1];
	u32 flags;		/* VTDIAG_F_* */
	u32 state;		/* enum vtdiag_state */
	bool online;
	bool isolated;		/* nohz_full= / isolcpus=: never interrupted */
};

/* One confidential-computing feature over all online CPUs. */
struct vtdiag_cc_summary {
	u32 counts[__VTDIAG_STATE_MAX];
	u32 verdict;		/* enum vtdiag_state */
	u32 causes;		/* enum vtdiag_cc_causes, of all CPUs */
	u32 cpus_enabled;
};

/* What GET_HOST reports, computed from the samples in one pass. */
struct vtdiag_host_summary {
	u32 counts[__VTDIAG_STATE_MAX];
	u32 cpus_online;
	u32 verdict;		/* enum vtdiag_state */
	u32 cpus_active;	/* CR4.VMXE / EFER.SVME set */
	u32 cpus_isolated;
	u32 live_age_ms;	/* since the live bits were last read */
	u32 generation;
	/* BIT(VTDIAG_A_CC_*): the features of the online CPUs' vendors. */
	u32 cc_features;
	struct vtdiag_cc_summary cc[__VTDIAG_A_CC_MAX];
	/* The online CPU with the lowest id, NULL when none is online. */
	const struct vtdiag_cpu_sample *first;
};

int vtdiag_sample_init(void);
void vtdiag_sample_exit(void);

void vtdiag_sample_lock(void);
void vtdiag_sample_unlock(void);
int vtdiag_refresh_live_locked(void);
const struct vtdiag_cpu_sample *vtdiag_cpu_get_locked(unsigned int cpu);
u32 vtdiag_generation_locked(void);
void vtdiag_summarize_locked(struct vtdiag_host_summary *sum);

int vtdiag_kvm_init(void);
void vtdiag_kvm_exit(void);
void vtdiag_kvm_states(u32 tech, u32 *core, u32 *vendor);

/* A change, announced to the "monitor" multicast group. */
struct vtdiag_change {
	u32 type;		/* enum vtdiag_event */
	int cpu;		/* -1: none */
	const char *module;	/* KVM events */
	u32 module_state;	/* enum vtdiag_kvm_state, KVM events */
};

int vtdiag_netlink_init(void);
void vtdiag_netlink_exit(void);
void vtdiag_notify(const struct vtdiag_change *ev);

/*
 * Test-only injection (inject.c), built only with `make VTDIAG_INJECT=1`.
 * A normal build gets the empty inlines below and contains no trace of it.
 */
#ifdef VTDIAG_INJECT
int vtdiag_resample_cpus(const struct cpumask *mask);
int vtdiag_inject_init(void);
void vtdiag_inject_expose(void);
void vtdiag_inject_hide(void);
void vtdiag_inject_exit(void);
void vtdiag_inject_cpuid(unsigned int cpu, struct vtdiag_cpu_sample *s);
bool vtdiag_inject_msr(unsigned int cpu, u32 msr, u64 *val, s32 *err);
bool vtdiag_inject_active(unsigned int cpu, u32 vendor, s32 *active);
void vtdiag_inject_delay_live_round(void);
#else
static inline int vtdiag_inject_init(void)
{
	return 0;
}

static inline void vtdiag_inject_expose(void)
{
}

static inline void vtdiag_inject_hide(void)
{
}

static inline void vtdiag_inject_exit(void)
{
}

static inline void vtdiag_inject_cpuid(unsigned int cpu,
				       struct vtdiag_cpu_sample *s)
{
}

static inline bool vtdiag_inject_msr(unsigned int cpu, u32 msr, u64 *val,
				     s32 *err)
{
	return false;
}

static inline bool vtdiag_inject_active(unsigned int cpu, u32 vendor,
					s32 *active)
{
	return false;
}

static inline void vtdiag_inject_delay_live_round(void)
{
}
#endif

#endif /* _VTDIAG_H */
