// SPDX-License-Identifier: GPL-2.0
/*
 * The sampler: one record per CPU of the CPUID bits and MSRs that tell
 * whether firmware left hardware virtualization on, decoded with the
 * shared decoder.
 *
 * Firmware bits are read when a CPU comes online (cpuhp also runs that for
 * every CPU online at load) and never again while it stays online, so a
 * query costs no cross-CPU call for them. The live bits (CR4.VMXE /
 * EFER.SVME) change at run time; they are re-read only when a privileged
 * request asks (netlink.c decides who) and at most once a second, so no
 * unprivileged user can cause a cross-CPU call, and nobody an IPI storm.
 * CPUs isolated with nohz_full= or isolcpus= are never part of a live
 * round: their live bit is reported as not sampled.
 *
 * State is per CPU (per-CPU variables, loops over possible CPUs), so
 * nothing scales with nr_cpu_ids in one allocation.
 *
 * Capability comes from the CPUID instruction on each CPU, never from the
 * kernel's cpufeature flags: the kernel clears X86_FEATURE_VMX/SVM exactly
 * when firmware disabled virtualization, the case vtdiag exists for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/cpuhotplug.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/sched/isolation.h>
#include <linux/smp.h>
#include <asm/processor.h>
#include <asm/special_insns.h>

#include "compat.h"
#include "vtdiag.h"

/* One sample per possible CPU; guarded by sample_lock. */
static struct vtdiag_cpu_sample __percpu *samples;
static DEFINE_MUTEX(sample_lock);
static u32 generation = 1;
/* jiffies of the last live round; 0 before the first one. */
static unsigned long live_sampled_at;
/* When the live bits were last read: the last round, or the load. */
static unsigned long live_read_at;
static bool in_smx;
static enum cpuhp_state hp_state;

static struct vtdiag_cpu_sample *sample_of(unsigned int cpu)
{
	return per_cpu_ptr(samples, cpu);
}

/*
 * CPUs the administrator keeps free of kernel noise: nohz_full= (tick)
 * or isolcpus= (domain). vtdiag sends them no cross-CPU call.
 */
static bool cpu_isolated(unsigned int cpu)
{
	return !housekeeping_test_cpu(cpu, HK_TYPE_TICK) ||
	       !housekeeping_test_cpu(cpu, HK_TYPE_DOMAIN);
}

/*
 * Whether the kernel runs inside SMX, i.e. was launched by tboot (Intel
 * TXT). tboot_enabled() is not exported; the kernel's tboot code creates
 * the debugfs file x86/tboot_log exactly when it found tboot at boot, long
 * before any module loads. A kernel booted with debugfs=off therefore
 * reads as "not tboot"; docs say so.
 */
static bool detect_tboot(void)
{
#if IS_ENABLED(CONFIG_INTEL_TXT) && IS_ENABLED(CONFIG_DEBUG_FS)
	struct dentry *log;

	log = debugfs_lookup("tboot_log", arch_debugfs_dir);
	if (IS_ERR_OR_NULL(log))
		return false;
	dput(log);
	return true;
#else
	return false;
#endif
}

/* What one CPU answers to the CPUID instruction, plus its CR4. */
struct vtdiag_cpuid_regs {
	u32 max_basic;		/* EAX of leaf 0 */
	u32 vendor[3];		/* EBX, EDX, ECX of leaf 0 */
	u32 cpuid1_ecx;
	u32 cpuid7_ecx;
	u32 max_ext;
	u32 ext1_ecx;
	u32 svm_edx;
	u32 hv_sig[3];		/* EBX, ECX, EDX of leaf 0x40000000 */
	u32 memenc[4];		/* EAX..EDX of leaf 0x8000001F */
	unsigned long cr4;
};

/* Runs on the CPU being sampled, interrupts off. */
static void read_cpuid_local(void *arg)
{
	struct vtdiag_cpuid_regs *regs = arg;
	unsigned int eax, ebx, ecx, edx;

	cpuid(0, &regs->max_basic, &regs->vendor[0], &regs->vendor[2],
	      &regs->vendor[1]);
	cpuid(1, &eax, &ebx, &regs->cpuid1_ecx, &edx);
	if (regs->max_basic >= VTDIAG_LEAF_EXT_FEATURES)
		cpuid_count(VTDIAG_LEAF_EXT_FEATURES, 0, &eax, &ebx,
			    &regs->cpuid7_ecx, &edx);
	cpuid(0x80000000, &regs->max_ext, &ebx, &ecx, &edx);
	/* CPUs without extended leaves echo garbage for 0x80000000. */
	if ((regs->max_ext & 0xffff0000) != 0x80000000)
		regs->max_ext = 0;
	if (regs->max_ext >= VTDIAG_LEAF_EXT1)
		cpuid(VTDIAG_LEAF_EXT1, &eax, &ebx, &regs->ext1_ecx, &edx);
	if (regs->max_ext >= VTDIAG_LEAF_SVM)
		cpuid(VTDIAG_LEAF_SVM, &eax, &ebx, &ecx, &regs->svm_edx);
	if (regs->max_ext >= VTDIAG_LEAF_MEMENC)
		cpuid(VTDIAG_LEAF_MEMENC, &regs->memenc[0], &regs->memenc[1],
		      &regs->memenc[2], &regs->memenc[3]);
	if (regs->cpuid1_ecx & VTDIAG_CPUID1_ECX_HYPERVISOR)
		cpuid(VTDIAG_LEAF_HV, &eax, &regs->hv_sig[0], &regs->hv_sig[1],
		      &regs->hv_sig[2]);
	regs->cr4 = __read_cr4();
}

/* Printable copy of a register string, cut at the first NUL. */
static void copy_reg_string(char *dst, const u32 *regs, size_t len)
{
	const char *src = (const char *)regs;
	size_t i;

	for (i = 0; i < len && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

/*
 * CR4.VMXE or EFER.SVME of the CPU this runs on: 1, 0, or -1 when
 * unreadable. Runs with interrupts off (cross-CPU call) or pinned.
 */
static s32 read_active_here(u32 vendor, unsigned long cr4)
{
	u64 efer;

	switch (vtdiag_vendor_tech(vendor)) {
	case VTDIAG_TECH_VMX:
		return !!(cr4 & VTDIAG_CR4_VMXE);
	case VTDIAG_TECH_SVM:
		/* A fault is fixed up locally: -1, never an oops. */
		if (rdmsrq_safe(VTDIAG_MSR_EFER, &efer))
			return -1;
		return !!(efer & VTDIAG_EFER_SVME);
	default:
		return -1;
	}
}

/* One live-bit round: what each CPU answered, -1 for those that did not. */
static DEFINE_PER_CPU(s32, live_answer);

/* Cross-CPU call of a live-bit round; sample_lock is held by the caller. */
static void read_live_local(void *unused)
{
	unsigned int cpu = smp_processor_id();

	this_cpu_write(live_answer,
		       read_active_here(sample_of(cpu)->raw.vendor, __read_cr4()));
}

/* The live bit of @cpu, injected or read on @cpu. Sleeps. */
static s32 read_active(unsigned int cpu, u32 vendor, unsigned long cr4)
{
	s32 active;
	int err;

	if (vtdiag_inject_active(cpu, vendor, &active))
		return active;
	if (vtdiag_vendor_tech(vendor) == VTDIAG_TECH_SVM) {
		u64 efer;

		err = rdmsrq_safe_on_cpu(cpu, VTDIAG_MSR_EFER, &efer);
		return err ? -1 : !!(efer & VTDIAG_EFER_SVME);
	}
	return read_active_here(vendor, cr4);
}

static void decode_sample(struct vtdiag_cpu_sample *s)
{
	unsigned int feature;

	s->flags = vtdiag_decode_flags(&s->raw);
	s->state = vtdiag_decode_state(&s->raw);
	for (feature = 1; feature < __VTDIAG_A_CC_MAX; feature++)
		s->cc_state[feature] = vtdiag_cc_decode(&s->raw, &s->cc, feature,
							&s->cc_causes[feature]);
}

/*
 * The confidential-computing MSRs of @cpu that its CPUID (then MTRRCAP)
 * says exist, injected or read. Sleeps: one cross-CPU call per MSR, at
 * sampling time only. A fault is kept as an error, never an oops.
 */
static void sample_cc_msrs(unsigned int cpu, struct vtdiag_cpu_sample *s)
{
	struct vtdiag_cc_raw *cc = &s->cc;
	unsigned long want;
	unsigned int which;
	int round, err;
	u32 index;
	u64 val;

	/* MTRRCAP, once read, may ask for the TDX MSRs: two rounds at most. */
	for (round = 0; round < 2; round++) {
		want = vtdiag_cc_msrs_wanted(&s->raw, cc) & ~cc->msr_read;
		if (!want)
			return;
		for_each_set_bit(which, &want, VTDIAG_CC_MSR_COUNT) {
			index = vtdiag_cc_msr_index(which);
			if (!vtdiag_inject_msr(cpu, index, &val, &err))
				err = rdmsrq_safe_on_cpu(cpu, index, &val);
			cc->msr_read |= BIT(which);
			cc->msr_err[which] = err;
			cc->msr[which] = err ? 0 : val;
		}
	}
}

/* Reads everything about @cpu into @s. Sleeps; @cpu must be online. */
static int sample_cpu(unsigned int cpu, struct vtdiag_cpu_sample *s)
{
	struct vtdiag_cpuid_regs regs = {};
	u32 msr;
	u64 val;
	int err;

	err = smp_call_function_single(cpu, read_cpuid_local, &regs, 1);
	if (err)
		return err;

	copy_reg_string(s->vendor_id, regs.vendor, VTDIAG_VENDOR_ID_LEN);
	copy_reg_string(s->hv_sig, regs.hv_sig, VTDIAG_HV_SIG_LEN);
	s->raw.vendor = vtdiag_vendor_from_id((const char *)regs.vendor);
	s->raw.cpuid1_ecx = regs.cpuid1_ecx;
	s->raw.max_ext = regs.max_ext;
	s->raw.ext1_ecx = regs.ext1_ecx;
	s->raw.svm_edx = regs.svm_edx;
	s->raw.in_smx = in_smx;
	s->cc.max_basic = regs.max_basic;
	s->cc.cpuid7_ecx = regs.cpuid7_ecx;
	memcpy(s->cc.memenc, regs.memenc, sizeof(s->cc.memenc));
	vtdiag_inject_cpuid(cpu, s);

	msr = vtdiag_vendor_msr(s->raw.vendor);
	if (msr && !vtdiag_inject_msr(cpu, msr, &s->raw.msr, &s->raw.msr_err)) {
		/* A fault gives -EIO and the state "unknown", never an oops. */
		err = rdmsrq_safe_on_cpu(cpu, msr, &val);
		s->raw.msr_err = err;
		s->raw.msr = err ? 0 : val;
	}
	sample_cc_msrs(cpu, s);
	/* An isolated CPU's live bit would go stale: not sampled at all. */
	s->isolated = cpu_isolated(cpu);
	s->raw.active = s->isolated ? -1 : read_active(cpu, s->raw.vendor, regs.cr4);
	decode_sample(s);
	return 0;
}

/* Samples @cpu; a failure keeps the CPU visible as "unknown". */
static void sample_cpu_or_unknown(unsigned int cpu, struct vtdiag_cpu_sample *s)
{
	int err;

	memset(s, 0, sizeof(*s));
	err = sample_cpu(cpu, s);
	if (err) {
		pr_warn("CPU %u: sampling failed: %d\n", cpu, err);
		s->raw.msr_err = err;
		s->raw.active = -1;
		decode_sample(s);
		s->state = VTDIAG_STATE_UNKNOWN;
	}
	s->online = true;
}

#ifdef VTDIAG_INJECT
/*
 * Samples the online CPUs of @mask afresh and publishes them all at once,
 * so no reader sees some CPUs old and some new, then announces each as
 * re-sampled. For test builds, after an injection; the caller holds
 * cpus_read_lock().
 */
int vtdiag_resample_cpus(const struct cpumask *mask)
{
	struct vtdiag_change ev = { .type = VTDIAG_EVENT_RESAMPLE };
	struct vtdiag_cpu_sample __percpu *fresh;
	unsigned int cpu;

	fresh = alloc_percpu(struct vtdiag_cpu_sample);
	if (!fresh)
		return -ENOMEM;
	for_each_cpu_and(cpu, mask, cpu_online_mask)
		sample_cpu_or_unknown(cpu, per_cpu_ptr(fresh, cpu));

	mutex_lock(&sample_lock);
	for_each_cpu_and(cpu, mask, cpu_online_mask)
		memcpy(sample_of(cpu), per_cpu_ptr(fresh, cpu),
		       sizeof(struct vtdiag_cpu_sample));
	generation++;
	mutex_unlock(&sample_lock);
	free_percpu(fresh);

	for_each_cpu_and(cpu, mask, cpu_online_mask) {
		ev.cpu = cpu;
		vtdiag_notify(&ev);
	}
	return 0;
}
#endif

/* cpuhp startup callback: runs on @cpu, also for every CPU at load. */
static int vtdiag_cpu_online(unsigned int cpu)
{
	struct vtdiag_change ev = { .type = VTDIAG_EVENT_CPU_ONLINE, .cpu = cpu };
	struct vtdiag_cpu_sample s;

	sample_cpu_or_unknown(cpu, &s);
	mutex_lock(&sample_lock);
	*sample_of(cpu) = s;
	generation++;
	mutex_unlock(&sample_lock);
	vtdiag_notify(&ev);
	return 0;
}

/* cpuhp teardown callback: @cpu drops out of every report. */
static int vtdiag_cpu_offline(unsigned int cpu)
{
	struct vtdiag_change ev = { .type = VTDIAG_EVENT_CPU_OFFLINE, .cpu = cpu };

	mutex_lock(&sample_lock);
	sample_of(cpu)->online = false;
	generation++;
	mutex_unlock(&sample_lock);
	vtdiag_notify(&ev);
	return 0;
}

void vtdiag_sample_lock(void)
{
	mutex_lock(&sample_lock);
}

void vtdiag_sample_unlock(void)
{
	mutex_unlock(&sample_lock);
}

/*
 * Re-read the live bits of every online CPU that is not isolated, at most
 * once a second, in one cross-CPU round: every CPU answers at the same
 * time, so a query that re-samples waits for one round trip, not one per
 * CPU. Only privileged requests call this (netlink.c). A change bumps the
 * generation so that a running dump is flagged. Returns how many CPUs
 * changed, for the caller to announce once unlocked.
 *
 * No sampled CPU can go offline meanwhile: its cpuhp teardown waits for
 * sample_lock. One that did not answer keeps -1 ("unknown"), and so does
 * an isolated one (isolcpus can change at run time on newer kernels).
 */
int vtdiag_refresh_live_locked(void)
{
	cpumask_var_t round;
	unsigned int cpu;
	int changed = 0;
	s32 active;

	lockdep_assert_held(&sample_lock);
	if (live_sampled_at && time_before(jiffies, live_sampled_at + HZ))
		return 0;
	if (!zalloc_cpumask_var(&round, GFP_KERNEL))
		return 0;
	live_sampled_at = jiffies ?: 1;
	live_read_at = jiffies;

	for_each_possible_cpu(cpu) {
		struct vtdiag_cpu_sample *s = sample_of(cpu);

		per_cpu(live_answer, cpu) = -1;
		if (!s->online)
			continue;
		s->isolated = cpu_isolated(cpu);
		if (!s->isolated)
			cpumask_set_cpu(cpu, round);
	}
	vtdiag_inject_delay_live_round();
	on_each_cpu_mask(round, read_live_local, NULL, true);

	for_each_possible_cpu(cpu) {
		struct vtdiag_cpu_sample *s = sample_of(cpu);

		if (!s->online)
			continue;
		if (s->isolated)
			active = -1;
		else if (!vtdiag_inject_active(cpu, s->raw.vendor, &active))
			active = per_cpu(live_answer, cpu);
		if (active == s->raw.active)
			continue;
		s->raw.active = active;
		decode_sample(s);
		generation++;
		changed++;
	}
	free_cpumask_var(round);
	return changed;
}

const struct vtdiag_cpu_sample *vtdiag_cpu_get_locked(unsigned int cpu)
{
	lockdep_assert_held(&sample_lock);
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu) || !sample_of(cpu)->online)
		return NULL;
	return sample_of(cpu);
}

u32 vtdiag_generation_locked(void)
{
	lockdep_assert_held(&sample_lock);
	return generation;
}

/* Adds one CPU to the per-feature summaries. */
static void summarize_cc(struct vtdiag_host_summary *sum,
			 const struct vtdiag_cpu_sample *s)
{
	unsigned int feature;

	sum->cc_features |= vtdiag_cc_features(s->raw.vendor);
	for (feature = 1; feature < __VTDIAG_A_CC_MAX; feature++) {
		struct vtdiag_cc_summary *cc = &sum->cc[feature];

		cc->counts[s->cc_state[feature]]++;
		cc->causes |= s->cc_causes[feature];
		if (s->cc_state[feature] == VTDIAG_STATE_ENABLED)
			cc->cpus_enabled++;
	}
}

void vtdiag_summarize_locked(struct vtdiag_host_summary *sum)
{
	unsigned int cpu, feature;

	lockdep_assert_held(&sample_lock);
	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct vtdiag_cpu_sample *s = sample_of(cpu);

		if (!s->online)
			continue;
		if (!sum->first)
			sum->first = s;
		sum->counts[s->state]++;
		sum->cpus_online++;
		if (s->raw.active > 0)
			sum->cpus_active++;
		if (s->isolated)
			sum->cpus_isolated++;
		summarize_cc(sum, s);
	}
	sum->verdict = vtdiag_verdict(sum->counts);
	for (feature = 1; feature < __VTDIAG_A_CC_MAX; feature++)
		sum->cc[feature].verdict = vtdiag_verdict(sum->cc[feature].counts);
	sum->generation = generation;
	sum->live_age_ms = min_t(unsigned long, U32_MAX,
				 jiffies_to_msecs(jiffies - live_read_at));
}

int vtdiag_sample_init(void)
{
	int ret;

	samples = alloc_percpu(struct vtdiag_cpu_sample);
	if (!samples)
		return -ENOMEM;
	in_smx = detect_tboot();
	live_read_at = jiffies;
	/* Samples every CPU online now, then each one that comes online. */
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "vtdiag:online",
				vtdiag_cpu_online, vtdiag_cpu_offline);
	if (ret < 0)
		goto err_free_samples;
	hp_state = ret;
	return 0;

err_free_samples:
	free_percpu(samples);
	samples = NULL;
	return ret;
}

void vtdiag_sample_exit(void)
{
	cpuhp_remove_state(hp_state);
	free_percpu(samples);
	samples = NULL;
}
