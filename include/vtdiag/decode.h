/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The one decoder of vtdiag: raw CPUID and MSR values of one CPU -> its
 * state (docs/design.md, Per-CPU states). Pure static inline code with no
 * kernel or libc dependency beyond <linux/types.h>, shared by vtdiag.ko,
 * the tool's fallback path and the userspace unit tests, so there is one
 * truth for the bits.
 */
#ifndef _VTDIAG_DECODE_H
#define _VTDIAG_DECODE_H

#include <linux/types.h>
#include <linux/vtdiag.h>

/* CPUID.1:ECX */
#define VTDIAG_CPUID1_ECX_VMX		0x00000020U	/* bit 5 */
#define VTDIAG_CPUID1_ECX_SMX		0x00000040U	/* bit 6 */
#define VTDIAG_CPUID1_ECX_HYPERVISOR	0x80000000U	/* bit 31 */
/* CPUID.80000001:ECX */
#define VTDIAG_EXT1_ECX_SVM		0x00000004U	/* bit 2 */
/* CPUID.8000000A:EDX */
#define VTDIAG_SVM_EDX_SVML		0x00000004U	/* bit 2 */

#define VTDIAG_LEAF_EXT1		0x80000001U
#define VTDIAG_LEAF_SVM			0x8000000aU
#define VTDIAG_LEAF_HV			0x40000000U

/* MSRs the firmware uses to lock virtualization. */
#define VTDIAG_MSR_FEAT_CTL		0x0000003aU
#define VTDIAG_FEAT_CTL_LOCKED		0x0001ULL	/* bit 0 */
#define VTDIAG_FEAT_CTL_VMX_IN_SMX	0x0002ULL	/* bit 1 */
#define VTDIAG_FEAT_CTL_VMX_OUTSIDE_SMX	0x0004ULL	/* bit 2 */

#define VTDIAG_MSR_VM_CR		0xc0010114U
#define VTDIAG_VM_CR_LOCK		0x0008ULL	/* bit 3 */
#define VTDIAG_VM_CR_SVMDIS		0x0010ULL	/* bit 4 */

/* Virtualization switched on right now. */
#define VTDIAG_MSR_EFER			0xc0000080U
#define VTDIAG_EFER_SVME		0x1000ULL	/* bit 12 */
#define VTDIAG_CR4_VMXE			0x2000UL	/* bit 13 */

/* Raw values of one CPU, as sampled. */
struct vtdiag_raw {
	__u32 vendor;		/* enum vtdiag_vendor */
	__u32 cpuid1_ecx;	/* CPUID.1:ECX */
	__u32 max_ext;		/* CPUID.80000000:EAX */
	__u32 ext1_ecx;		/* CPUID.80000001:ECX, if max_ext allows */
	__u32 svm_edx;		/* CPUID.8000000A:EDX, if max_ext allows */
	__s32 msr_err;		/* 0, or -errno of the faulting MSR read */
	__u64 msr;		/* FEAT_CTL (VMX vendors) or VM_CR (SVM) */
	__s32 active;		/* CR4.VMXE / EFER.SVME: 1, 0, or -1 unknown */
	/*
	 * Nonzero when the kernel runs inside SMX (booted through tboot,
	 * Intel TXT): VMXON there needs the inside-SMX enable bit, and the
	 * outside-SMX bit means nothing. Linux's feat_ctl.c judges the same.
	 */
	__u32 in_smx;
};

static inline int vtdiag_id_is(const char *id, const char *want)
{
	int i;

	for (i = 0; i < VTDIAG_VENDOR_ID_LEN; i++)
		if (id[i] != want[i])
			return 0;
	return 1;
}

/* @id: the 12 bytes of CPUID.0 EBX, EDX, ECX (no NUL needed). */
static inline enum vtdiag_vendor vtdiag_vendor_from_id(const char *id)
{
	if (vtdiag_id_is(id, "GenuineIntel"))
		return VTDIAG_VENDOR_INTEL;
	if (vtdiag_id_is(id, "AuthenticAMD") || vtdiag_id_is(id, "AMDisbetter!"))
		return VTDIAG_VENDOR_AMD;
	if (vtdiag_id_is(id, "HygonGenuine"))
		return VTDIAG_VENDOR_HYGON;
	if (vtdiag_id_is(id, "CentaurHauls"))
		return VTDIAG_VENDOR_CENTAUR;
	if (vtdiag_id_is(id, "  Shanghai  "))
		return VTDIAG_VENDOR_ZHAOXIN;
	return VTDIAG_VENDOR_OTHER;
}

static inline enum vtdiag_tech vtdiag_vendor_tech(__u32 vendor)
{
	switch (vendor) {
	case VTDIAG_VENDOR_INTEL:
	case VTDIAG_VENDOR_CENTAUR:
	case VTDIAG_VENDOR_ZHAOXIN:
		return VTDIAG_TECH_VMX;
	case VTDIAG_VENDOR_AMD:
	case VTDIAG_VENDOR_HYGON:
		return VTDIAG_TECH_SVM;
	default:
		return VTDIAG_TECH_NONE;
	}
}

/* The MSR that holds the firmware lock for this vendor, or 0. */
static inline __u32 vtdiag_vendor_msr(__u32 vendor)
{
	switch (vtdiag_vendor_tech(vendor)) {
	case VTDIAG_TECH_VMX:
		return VTDIAG_MSR_FEAT_CTL;
	case VTDIAG_TECH_SVM:
		return VTDIAG_MSR_VM_CR;
	default:
		return 0;
	}
}

static inline int vtdiag_has_svm_cpuid(const struct vtdiag_raw *raw)
{
	return raw->max_ext >= VTDIAG_LEAF_EXT1 &&
	       (raw->ext1_ecx & VTDIAG_EXT1_ECX_SVM);
}

/* VTDIAG_F_* bits of one CPU. MSR bits only when the MSR was read. */
static inline __u32 vtdiag_decode_flags(const struct vtdiag_raw *raw)
{
	enum vtdiag_tech tech = vtdiag_vendor_tech(raw->vendor);
	__u32 flags = 0;

	if (raw->cpuid1_ecx & VTDIAG_CPUID1_ECX_HYPERVISOR)
		flags |= VTDIAG_F_HYPERVISOR;
	if (raw->cpuid1_ecx & VTDIAG_CPUID1_ECX_VMX)
		flags |= VTDIAG_F_VMX;
	if (raw->cpuid1_ecx & VTDIAG_CPUID1_ECX_SMX)
		flags |= VTDIAG_F_SMX;
	if (vtdiag_has_svm_cpuid(raw))
		flags |= VTDIAG_F_SVM;
	if (raw->max_ext >= VTDIAG_LEAF_SVM &&
	    (raw->svm_edx & VTDIAG_SVM_EDX_SVML))
		flags |= VTDIAG_F_SVML;
	if (raw->active > 0)
		flags |= VTDIAG_F_ACTIVE;
	if (raw->msr_err)
		return flags;
	if (tech == VTDIAG_TECH_VMX) {
		if (raw->msr & VTDIAG_FEAT_CTL_LOCKED)
			flags |= VTDIAG_F_LOCKED;
		if (raw->msr & VTDIAG_FEAT_CTL_VMX_IN_SMX)
			flags |= VTDIAG_F_VMX_IN_SMX;
		if (raw->msr & VTDIAG_FEAT_CTL_VMX_OUTSIDE_SMX)
			flags |= VTDIAG_F_VMX_OUTSIDE_SMX;
	} else if (tech == VTDIAG_TECH_SVM) {
		if (raw->msr & VTDIAG_VM_CR_LOCK)
			flags |= VTDIAG_F_LOCKED;
		if (raw->msr & VTDIAG_VM_CR_SVMDIS)
			flags |= VTDIAG_F_SVMDIS;
	}
	return flags;
}

/*
 * The rules of docs/design.md, Per-CPU states, in order. CPUID comes
 * first: without the feature bit the MSR means nothing (bhyve shows guests
 * a locked-off FEATURE_CONTROL), and the hypervisor bit tells "hidden" from
 * "unsupported".
 */
static inline enum vtdiag_state vtdiag_decode_state(const struct vtdiag_raw *raw)
{
	enum vtdiag_tech tech = vtdiag_vendor_tech(raw->vendor);
	__u32 flags = vtdiag_decode_flags(raw);
	int has;

	if (tech == VTDIAG_TECH_NONE)
		return VTDIAG_STATE_UNKNOWN;
	has = tech == VTDIAG_TECH_VMX ? flags & VTDIAG_F_VMX : flags & VTDIAG_F_SVM;
	if (!has)
		return (flags & VTDIAG_F_HYPERVISOR) ?
			VTDIAG_STATE_HIDDEN_BY_HYPERVISOR : VTDIAG_STATE_UNSUPPORTED;
	if (raw->msr_err)
		return VTDIAG_STATE_UNKNOWN;
	if (tech == VTDIAG_TECH_SVM)
		return (flags & VTDIAG_F_SVMDIS) ?
			VTDIAG_STATE_DISABLED_BY_FIRMWARE : VTDIAG_STATE_ENABLED;
	if (!(flags & VTDIAG_F_LOCKED))
		return VTDIAG_STATE_ENABLED_UNLOCKED;
	if (raw->in_smx)
		return (flags & VTDIAG_F_VMX_IN_SMX) ?
			VTDIAG_STATE_ENABLED : VTDIAG_STATE_DISABLED_BY_FIRMWARE;
	if (flags & VTDIAG_F_VMX_OUTSIDE_SMX)
		return VTDIAG_STATE_ENABLED;
	if (flags & VTDIAG_F_VMX_IN_SMX)
		return VTDIAG_STATE_DISABLED_OUTSIDE_SMX;
	return VTDIAG_STATE_DISABLED_BY_FIRMWARE;
}

/*
 * Host verdict from per-state CPU counts (index: enum vtdiag_state): the
 * common state of all CPUs, INCONSISTENT when they differ, UNKNOWN for none.
 */
static inline enum vtdiag_state vtdiag_verdict(const __u32 *counts)
{
	enum vtdiag_state verdict = VTDIAG_STATE_UNKNOWN;
	int seen = 0, s;

	for (s = 0; s < VTDIAG_STATE_INCONSISTENT; s++) {
		if (!counts[s])
			continue;
		if (seen++)
			return VTDIAG_STATE_INCONSISTENT;
		verdict = s;
	}
	return verdict;
}

/* Contract names (docs/design.md, Per-CPU states), lowercase as in JSON. */
static inline const char *vtdiag_state_name(__u32 state)
{
	switch (state) {
	case VTDIAG_STATE_ENABLED:
		return "enabled";
	case VTDIAG_STATE_ENABLED_UNLOCKED:
		return "enabled_unlocked";
	case VTDIAG_STATE_DISABLED_OUTSIDE_SMX:
		return "disabled_outside_smx";
	case VTDIAG_STATE_DISABLED_BY_FIRMWARE:
		return "disabled_by_firmware";
	case VTDIAG_STATE_UNSUPPORTED:
		return "unsupported";
	case VTDIAG_STATE_HIDDEN_BY_HYPERVISOR:
		return "hidden_by_hypervisor";
	case VTDIAG_STATE_INCONSISTENT:
		return "inconsistent";
	default:
		return "unknown";
	}
}

static inline const char *vtdiag_vendor_name(__u32 vendor)
{
	switch (vendor) {
	case VTDIAG_VENDOR_INTEL:
		return "intel";
	case VTDIAG_VENDOR_AMD:
		return "amd";
	case VTDIAG_VENDOR_HYGON:
		return "hygon";
	case VTDIAG_VENDOR_CENTAUR:
		return "centaur";
	case VTDIAG_VENDOR_ZHAOXIN:
		return "zhaoxin";
	default:
		return "other";
	}
}

static inline const char *vtdiag_tech_name(__u32 tech)
{
	switch (tech) {
	case VTDIAG_TECH_VMX:
		return "vmx";
	case VTDIAG_TECH_SVM:
		return "svm";
	default:
		return "none";
	}
}

static inline const char *vtdiag_kvm_state_name(__u32 kvm)
{
	switch (kvm) {
	case VTDIAG_KVM_LOADED:
		return "loaded";
	case VTDIAG_KVM_BUILTIN:
		return "builtin";
	default:
		return "absent";
	}
}

/* The KVM vendor module this technology needs, or NULL. */
static inline const char *vtdiag_kvm_vendor_module(__u32 tech)
{
	switch (tech) {
	case VTDIAG_TECH_VMX:
		return "kvm_intel";
	case VTDIAG_TECH_SVM:
		return "kvm_amd";
	default:
		return (const char *)0;
	}
}

#endif /* _VTDIAG_DECODE_H */
