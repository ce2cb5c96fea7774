// SPDX-License-Identifier: GPL-2.0
/*
 * The sampler: one record per CPU of the CPUID bits and MSRs that tell
 * whether firmware left hardware virtualization on, decoded with the
 * shared decoder.
 *
 * Firmware bits are read when a CPU comes online (cpuhp also runs that for
 * every CPU online at load) and never again while it stays online, so a
 * query costs no cross-CPU call for them. The live bits (CR4.VMXE /
 * EFER.SVME) change at run time; they are re-read at most once a second
 * whatever the query rate, so no user can drive an IPI storm.
 *
 * Capability comes from the CPUID instruction on each CPU, never from the
 * kernel's cpufeature flags: the kernel clears X86_FEATURE_VMX/SVM exactly
 * when firmware disabled virtualization, the case vtdiag exists for.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <asm/processor.h>
#include <asm/special_insns.h>

#include "compat.h"
#include "vtdiag.h"

/* Indexed by CPU id, nr_cpu_ids entries; guarded by sample_lock. */
static struct vtdiag_cpu_sample *samples;
static DEFINE_MUTEX(sample_lock);
static u32 generation = 1;
static unsigned long live_sampled_at;
static enum cpuhp_state hp_state;

/* What one CPU answers to the CPUID instruction, plus its CR4. */
struct vtdiag_cpuid_regs {
	u32 vendor[3];		/* EBX, EDX, ECX of leaf 0 */
	u32 cpuid1_ecx;
	u32 max_ext;
	u32 ext1_ecx;
	u32 svm_edx;
	u32 hv_sig[3];		/* EBX, ECX, EDX of leaf 0x40000000 */
	unsigned long cr4;
};

/* Runs on the CPU being sampled, interrupts off. */
static void read_cpuid_local(void *arg)
{
	struct vtdiag_cpuid_regs *regs = arg;
	unsigned int eax, ebx, ecx, edx;

	cpuid(0, &eax, &regs->vendor[0], &regs->vendor[2], &regs->vendor[1]);
	cpuid(1, &eax, &ebx, &regs->cpuid1_ecx, &edx);
	cpuid(0x80000000, &regs->max_ext, &ebx, &ecx, &edx);
	/* CPUs without extended leaves echo garbage for 0x80000000. */
	if ((regs->max_ext & 0xffff0000) != 0x80000000)
		regs->max_ext = 0;
	if (regs->max_ext >= VTDIAG_LEAF_EXT1)
		cpuid(VTDIAG_LEAF_EXT1, &eax, &ebx, &regs->ext1_ecx, &edx);
	if (regs->max_ext >= VTDIAG_LEAF_SVM)
		cpuid(VTDIAG_LEAF_SVM, &eax, &ebx, &ecx, &regs->svm_edx);
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
static s32 *live_answers;

/* Cross-CPU call of a live-bit round; sample_lock is held by the caller. */
static void read_live_local(void *arg)
{
	s32 *answers = arg;
	unsigned int cpu = smp_processor_id();

	answers[cpu] = read_active_here(samples[cpu].raw.vendor, __read_cr4());
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
	s->flags = vtdiag_decode_flags(&s->raw);
	s->state = vtdiag_decode_state(&s->raw);
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
	vtdiag_inject_cpuid(cpu, s);

	msr = vtdiag_vendor_msr(s->raw.vendor);
	if (msr && !vtdiag_inject_msr(cpu, msr, &s->raw.msr, &s->raw.msr_err)) {
		/* A fault gives -EIO and the state "unknown", never an oops. */
		err = rdmsrq_safe_on_cpu(cpu, msr, &val);
		s->raw.msr_err = err;
		s->raw.msr = err ? 0 : val;
	}
	s->raw.active = read_active(cpu, s->raw.vendor, regs.cr4);
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
	struct vtdiag_cpu_sample *fresh;
	unsigned int cpu;

	fresh = kcalloc(nr_cpu_ids, sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return -ENOMEM;
	for_each_cpu_and(cpu, mask, cpu_online_mask)
		sample_cpu_or_unknown(cpu, &fresh[cpu]);

	mutex_lock(&sample_lock);
	for_each_cpu_and(cpu, mask, cpu_online_mask)
		samples[cpu] = fresh[cpu];
	generation++;
	mutex_unlock(&sample_lock);
	kfree(fresh);

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
	samples[cpu] = s;
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
	samples[cpu].online = false;
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
 * Re-read the live bits of every online CPU, at most once a second, in
 * one cross-CPU round: every CPU answers at the same time, so a query
 * that re-samples waits for one round trip, not one per CPU. A change
 * bumps the generation so that a running dump is flagged. Returns how
 * many CPUs changed, for the caller to announce once unlocked.
 *
 * No sampled CPU can go offline meanwhile: its cpuhp teardown waits for
 * sample_lock. One that did not answer keeps -1 ("unknown").
 */
int vtdiag_refresh_live_locked(void)
{
	unsigned int cpu;
	int changed = 0;
	s32 active;

	lockdep_assert_held(&sample_lock);
	if (live_sampled_at && time_before(jiffies, live_sampled_at + HZ))
		return 0;
	live_sampled_at = jiffies ?: 1;

	for (cpu = 0; cpu < nr_cpu_ids; cpu++)
		live_answers[cpu] = -1;
	on_each_cpu_mask(cpu_online_mask, read_live_local, live_answers, true);

	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct vtdiag_cpu_sample *s = &samples[cpu];

		if (!s->online)
			continue;
		if (!vtdiag_inject_active(cpu, s->raw.vendor, &active))
			active = live_answers[cpu];
		if (active == s->raw.active)
			continue;
		s->raw.active = active;
		decode_sample(s);
		generation++;
		changed++;
	}
	return changed;
}

const struct vtdiag_cpu_sample *vtdiag_cpu_get_locked(unsigned int cpu)
{
	lockdep_assert_held(&sample_lock);
	if (cpu >= nr_cpu_ids || !samples[cpu].online)
		return NULL;
	return &samples[cpu];
}

u32 vtdiag_generation_locked(void)
{
	lockdep_assert_held(&sample_lock);
	return generation;
}

void vtdiag_summarize_locked(struct vtdiag_host_summary *sum)
{
	unsigned int cpu;

	lockdep_assert_held(&sample_lock);
	memset(sum, 0, sizeof(*sum));
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		const struct vtdiag_cpu_sample *s = &samples[cpu];

		if (!s->online)
			continue;
		if (!sum->first)
			sum->first = s;
		sum->counts[s->state]++;
		sum->cpus_online++;
		if (s->raw.active > 0)
			sum->cpus_active++;
	}
	sum->verdict = vtdiag_verdict(sum->counts);
	sum->generation = generation;
}

int vtdiag_sample_init(void)
{
	int ret;

	samples = kcalloc(nr_cpu_ids, sizeof(*samples), GFP_KERNEL);
	if (!samples)
		return -ENOMEM;
	live_answers = kcalloc(nr_cpu_ids, sizeof(*live_answers), GFP_KERNEL);
	if (!live_answers) {
		ret = -ENOMEM;
		goto err_free_samples;
	}

	/* Samples every CPU online now, then each one that comes online. */
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "vtdiag:online",
				vtdiag_cpu_online, vtdiag_cpu_offline);
	if (ret < 0)
		goto err_free_answers;
	hp_state = ret;
	return 0;

err_free_answers:
	kfree(live_answers);
	live_answers = NULL;
err_free_samples:
	kfree(samples);
	samples = NULL;
	return ret;
}

void vtdiag_sample_exit(void)
{
	cpuhp_remove_state(hp_state);
	kfree(live_answers);
	live_answers = NULL;
	kfree(samples);
	samples = NULL;
}
