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

/*
 * Confidential computing (docs/design.md, Confidential computing): the
 * CPUID leaves and MSRs through which firmware enables memory encryption
 * and confidential guests, and what they decide for each feature.
 */
#define VTDIAG_LEAF_EXT_FEATURES	0x00000007U
#define VTDIAG_LEAF_MEMENC		0x8000001fU
/* CPUID.7:ECX */
#define VTDIAG_CPUID7_ECX_TME		0x00002000U	/* bit 13 */
/* CPUID.8000001F:EAX */
#define VTDIAG_MEMENC_EAX_SME		0x00000001U	/* bit 0 */
#define VTDIAG_MEMENC_EAX_SEV		0x00000002U	/* bit 1 */
#define VTDIAG_MEMENC_EAX_SEV_ES	0x00000008U	/* bit 3 */
#define VTDIAG_MEMENC_EAX_SEV_SNP	0x00000010U	/* bit 4 */
#define VTDIAG_MEMENC_EAX_VMPL		0x00000020U	/* bit 5 */

#define VTDIAG_MSR_SYSCFG		0xc0010010U
#define VTDIAG_SYSCFG_MEM_ENCRYPT	0x00800000ULL	/* bit 23 */
#define VTDIAG_SYSCFG_SNP_EN		0x01000000ULL	/* bit 24, set by Linux */
#define VTDIAG_MSR_HWCR			0xc0010015U
#define VTDIAG_HWCR_SMMLOCK		0x00000001ULL	/* bit 0 */
#define VTDIAG_MSR_RMP_BASE		0xc0010132U
#define VTDIAG_MSR_RMP_END		0xc0010133U
/* Bits 51:13 of RMP_BASE/RMP_END: the table's address. */
#define VTDIAG_RMP_ADDR_MASK		0x000fffffffffe000ULL

#define VTDIAG_MSR_MTRRCAP		0x000000feU
#define VTDIAG_MTRRCAP_SEAMRR		0x00008000ULL	/* bit 15 */
#define VTDIAG_MSR_TME_ACTIVATE		0x00000982U
#define VTDIAG_TME_ACTIVATE_LOCKED	0x00000001ULL	/* bit 0 */
#define VTDIAG_TME_ACTIVATE_ENABLED	0x00000002ULL	/* bit 1 */
#define VTDIAG_TME_ACTIVATE_BYPASS	0x80000000ULL	/* bit 31 */
#define VTDIAG_MSR_KEYID_PART		0x00000087U
#define VTDIAG_MSR_SEAMRR_MASK		0x00001401U
#define VTDIAG_SEAMRR_MASK_LOCKED	0x00000400ULL	/* bit 10 */
#define VTDIAG_SEAMRR_MASK_ENABLED	0x00000800ULL	/* bit 11 */

/* The MSRs of confidential computing, in the order they are read. */
enum vtdiag_cc_msr {
	VTDIAG_CC_MSR_SYSCFG,
	VTDIAG_CC_MSR_HWCR,
	VTDIAG_CC_MSR_RMP_BASE,
	VTDIAG_CC_MSR_RMP_END,
	VTDIAG_CC_MSR_MTRRCAP,
	VTDIAG_CC_MSR_TME_ACTIVATE,
	VTDIAG_CC_MSR_KEYID_PART,
	VTDIAG_CC_MSR_SEAMRR_MASK,
	VTDIAG_CC_MSR_COUNT,
};

static inline __u32 vtdiag_cc_msr_index(unsigned int which)
{
	static const __u32 index[VTDIAG_CC_MSR_COUNT] = {
		[VTDIAG_CC_MSR_SYSCFG] = VTDIAG_MSR_SYSCFG,
		[VTDIAG_CC_MSR_HWCR] = VTDIAG_MSR_HWCR,
		[VTDIAG_CC_MSR_RMP_BASE] = VTDIAG_MSR_RMP_BASE,
		[VTDIAG_CC_MSR_RMP_END] = VTDIAG_MSR_RMP_END,
		[VTDIAG_CC_MSR_MTRRCAP] = VTDIAG_MSR_MTRRCAP,
		[VTDIAG_CC_MSR_TME_ACTIVATE] = VTDIAG_MSR_TME_ACTIVATE,
		[VTDIAG_CC_MSR_KEYID_PART] = VTDIAG_MSR_KEYID_PART,
		[VTDIAG_CC_MSR_SEAMRR_MASK] = VTDIAG_MSR_SEAMRR_MASK,
	};

	return which < VTDIAG_CC_MSR_COUNT ? index[which] : 0;
}

/* Raw confidential-computing values of one CPU, as sampled. */
struct vtdiag_cc_raw {
	__u32 max_basic;	/* CPUID.0:EAX */
	__u32 cpuid7_ecx;	/* CPUID.7.0:ECX, if max_basic allows */
	__u32 memenc[4];	/* CPUID.8000001F EAX..EDX, if max_ext allows */
	__u32 msr_read;		/* BIT(enum vtdiag_cc_msr): read (or faulted) */
	__s32 msr_err[VTDIAG_CC_MSR_COUNT];	/* 0 or -errno */
	__u64 msr[VTDIAG_CC_MSR_COUNT];
};

static inline int vtdiag_cc_has_memenc(const struct vtdiag_raw *raw)
{
	return raw->max_ext >= VTDIAG_LEAF_MEMENC;
}

static inline int vtdiag_cc_has_leaf7(const struct vtdiag_cc_raw *cc)
{
	return cc->max_basic >= VTDIAG_LEAF_EXT_FEATURES;
}

/* The features of this vendor, as BIT(VTDIAG_A_CC_*); 0 for none. */
static inline __u32 vtdiag_cc_features(__u32 vendor)
{
	switch (vendor) {
	case VTDIAG_VENDOR_AMD:
	case VTDIAG_VENDOR_HYGON:
		return (1U << VTDIAG_A_CC_SME) | (1U << VTDIAG_A_CC_SEV) |
		       (1U << VTDIAG_A_CC_SEV_ES) | (1U << VTDIAG_A_CC_SEV_SNP);
	case VTDIAG_VENDOR_INTEL:
		return (1U << VTDIAG_A_CC_TME) | (1U << VTDIAG_A_CC_TDX);
	default:
		return 0;
	}
}

/*
 * Which MSRs to read next, as BIT(enum vtdiag_cc_msr), given what is
 * known so far: only MSRs the CPUID (or MTRRCAP) says exist, so that a
 * healthy CPU never faults. A sampler reads these, then asks again until
 * the answer holds nothing new (twice at most: MTRRCAP decides the TDX
 * MSRs).
 */
static inline __u32 vtdiag_cc_msrs_wanted(const struct vtdiag_raw *raw,
					  const struct vtdiag_cc_raw *cc)
{
	__u32 eax = cc->memenc[0], want = 0;

	switch (raw->vendor) {
	case VTDIAG_VENDOR_AMD:
	case VTDIAG_VENDOR_HYGON:
		if (!vtdiag_cc_has_memenc(raw))
			return 0;
		if (eax & (VTDIAG_MEMENC_EAX_SME | VTDIAG_MEMENC_EAX_SEV))
			want |= (1U << VTDIAG_CC_MSR_SYSCFG) |
				(1U << VTDIAG_CC_MSR_HWCR);
		if (eax & VTDIAG_MEMENC_EAX_SEV_SNP)
			want |= (1U << VTDIAG_CC_MSR_RMP_BASE) |
				(1U << VTDIAG_CC_MSR_RMP_END);
		return want;
	case VTDIAG_VENDOR_INTEL:
		want = 1U << VTDIAG_CC_MSR_MTRRCAP;
		if (vtdiag_cc_has_leaf7(cc) &&
		    (cc->cpuid7_ecx & VTDIAG_CPUID7_ECX_TME))
			want |= (1U << VTDIAG_CC_MSR_TME_ACTIVATE) |
				(1U << VTDIAG_CC_MSR_KEYID_PART);
		if ((cc->msr_read & (1U << VTDIAG_CC_MSR_MTRRCAP)) &&
		    !cc->msr_err[VTDIAG_CC_MSR_MTRRCAP] &&
		    (cc->msr[VTDIAG_CC_MSR_MTRRCAP] & VTDIAG_MTRRCAP_SEAMRR))
			want |= (1U << VTDIAG_CC_MSR_KEYID_PART) |
				(1U << VTDIAG_CC_MSR_SEAMRR_MASK);
		return want;
	default:
		return 0;
	}
}

/*
 * Checks one MSR the verdict needs: 1 when read, else adds
 * VTDIAG_CC_CAUSES_MSR_FAULT to @causes (a fault, or not read at all).
 */
static inline int vtdiag_cc_msr_ok(const struct vtdiag_cc_raw *cc,
				   unsigned int which, __u32 *causes)
{
	if ((cc->msr_read & (1U << which)) && !cc->msr_err[which])
		return 1;
	*causes |= VTDIAG_CC_CAUSES_MSR_FAULT;
	return 0;
}

/* Causes of the AMD features; @feature is a VTDIAG_A_CC_* of AMD. */
static inline __u32 vtdiag_cc_amd_causes(const struct vtdiag_raw *raw,
					 const struct vtdiag_cc_raw *cc,
					 unsigned int feature)
{
	__u32 max_asid = cc->memenc[2], min_sev_asid = cc->memenc[3];
	__u32 causes = 0;
	__u64 rmp_base, rmp_end;

	if (vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_SYSCFG, &causes) &&
	    !(cc->msr[VTDIAG_CC_MSR_SYSCFG] & VTDIAG_SYSCFG_MEM_ENCRYPT))
		causes |= VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF;
	if (feature == VTDIAG_A_CC_SME)
		return causes;
	/* Linux skips the SMM lock under a hypervisor, and so do we. */
	if (!(raw->cpuid1_ecx & VTDIAG_CPUID1_ECX_HYPERVISOR) &&
	    vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_HWCR, &causes) &&
	    !(cc->msr[VTDIAG_CC_MSR_HWCR] & VTDIAG_HWCR_SMMLOCK))
		causes |= VTDIAG_CC_CAUSES_SMM_UNLOCKED;
	if (feature == VTDIAG_A_CC_SEV) {
		if (!max_asid || min_sev_asid > max_asid)
			causes |= VTDIAG_CC_CAUSES_NO_SEV_ASIDS;
		return causes;
	}
	/* SEV-ES and SEV-SNP guests both run in ASIDs below min_sev_asid. */
	if (min_sev_asid <= 1 || !max_asid)
		causes |= VTDIAG_CC_CAUSES_NO_ES_ASIDS;
	if (feature != VTDIAG_A_CC_SEV_SNP)
		return causes;
	if (vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_RMP_BASE, &causes) &&
	    vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_RMP_END, &causes)) {
		rmp_base = cc->msr[VTDIAG_CC_MSR_RMP_BASE];
		rmp_end = cc->msr[VTDIAG_CC_MSR_RMP_END];
		if (!(rmp_base & VTDIAG_RMP_ADDR_MASK) ||
		    !(rmp_end & VTDIAG_RMP_ADDR_MASK) || rmp_base > rmp_end)
			causes |= VTDIAG_CC_CAUSES_RMP_NOT_RESERVED;
	}
	return causes;
}

/* Causes of TME and TDX (Intel); @feature is VTDIAG_A_CC_TME or _TDX. */
static inline __u32 vtdiag_cc_intel_causes(const struct vtdiag_cc_raw *cc,
					   unsigned int feature)
{
	__u64 activate = cc->msr[VTDIAG_CC_MSR_TME_ACTIVATE];
	__u32 causes = 0;

	if (!vtdiag_cc_has_leaf7(cc) ||
	    !(cc->cpuid7_ecx & VTDIAG_CPUID7_ECX_TME))
		causes |= VTDIAG_CC_CAUSES_TME_NOT_ENABLED;
	else if (vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_TME_ACTIVATE, &causes)) {
		if (!(activate & VTDIAG_TME_ACTIVATE_ENABLED))
			causes |= VTDIAG_CC_CAUSES_TME_NOT_ENABLED;
		if (!(activate & VTDIAG_TME_ACTIVATE_LOCKED))
			causes |= VTDIAG_CC_CAUSES_TME_NOT_LOCKED;
	}
	if (feature == VTDIAG_A_CC_TME)
		return causes;
	/* TDX's private KeyIDs are taken from TME-MK's. */
	if (vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_SEAMRR_MASK, &causes) &&
	    (cc->msr[VTDIAG_CC_MSR_SEAMRR_MASK] &
	     (VTDIAG_SEAMRR_MASK_ENABLED | VTDIAG_SEAMRR_MASK_LOCKED)) !=
	    (VTDIAG_SEAMRR_MASK_ENABLED | VTDIAG_SEAMRR_MASK_LOCKED))
		causes |= VTDIAG_CC_CAUSES_SEAMRR_OFF;
	if (vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_KEYID_PART, &causes) &&
	    (cc->msr[VTDIAG_CC_MSR_KEYID_PART] >> 32) < 2)
		causes |= VTDIAG_CC_CAUSES_NO_TDX_KEYIDS;
	return causes;
}

/* Whether the CPU has @feature at all (CPUID, or MTRRCAP for TDX). */
static inline int vtdiag_cc_supported(const struct vtdiag_raw *raw,
				      const struct vtdiag_cc_raw *cc,
				      unsigned int feature)
{
	__u32 eax = vtdiag_cc_has_memenc(raw) ? cc->memenc[0] : 0;

	switch (feature) {
	case VTDIAG_A_CC_SME:
		return !!(eax & VTDIAG_MEMENC_EAX_SME);
	case VTDIAG_A_CC_SEV:
		return !!(eax & VTDIAG_MEMENC_EAX_SEV);
	case VTDIAG_A_CC_SEV_ES:
		return !!(eax & VTDIAG_MEMENC_EAX_SEV_ES);
	case VTDIAG_A_CC_SEV_SNP:
		return !!(eax & VTDIAG_MEMENC_EAX_SEV_SNP);
	case VTDIAG_A_CC_TME:
		return vtdiag_cc_has_leaf7(cc) &&
		       (cc->cpuid7_ecx & VTDIAG_CPUID7_ECX_TME);
	case VTDIAG_A_CC_TDX:
		return (cc->msr_read & (1U << VTDIAG_CC_MSR_MTRRCAP)) &&
		       !cc->msr_err[VTDIAG_CC_MSR_MTRRCAP] &&
		       (cc->msr[VTDIAG_CC_MSR_MTRRCAP] & VTDIAG_MTRRCAP_SEAMRR);
	default:
		return 0;
	}
}

/*
 * The state of @feature (a VTDIAG_A_CC_* of this vendor) on one CPU, and
 * in @causes what keeps it off: ENABLED, DISABLED_BY_FIRMWARE (causes
 * set), UNSUPPORTED or HIDDEN_BY_HYPERVISOR (the CPU lacks it, without or
 * with the hypervisor bit), UNKNOWN (an MSR it needs faulted; Intel: also
 * MTRRCAP, which tells whether TDX exists).
 */
static inline enum vtdiag_state vtdiag_cc_decode(const struct vtdiag_raw *raw,
						 const struct vtdiag_cc_raw *cc,
						 unsigned int feature,
						 __u32 *causes)
{
	*causes = 0;
	if (!(vtdiag_cc_features(raw->vendor) & (1U << feature)))
		return VTDIAG_STATE_UNSUPPORTED;
	if (feature == VTDIAG_A_CC_TDX &&
	    !vtdiag_cc_msr_ok(cc, VTDIAG_CC_MSR_MTRRCAP, causes))
		return VTDIAG_STATE_UNKNOWN;
	if (!vtdiag_cc_supported(raw, cc, feature))
		return (raw->cpuid1_ecx & VTDIAG_CPUID1_ECX_HYPERVISOR) ?
			VTDIAG_STATE_HIDDEN_BY_HYPERVISOR :
			VTDIAG_STATE_UNSUPPORTED;
	if (feature == VTDIAG_A_CC_TME || feature == VTDIAG_A_CC_TDX)
		*causes = vtdiag_cc_intel_causes(cc, feature);
	else
		*causes = vtdiag_cc_amd_causes(raw, cc, feature);
	if (*causes & VTDIAG_CC_CAUSES_MSR_FAULT)
		return VTDIAG_STATE_UNKNOWN;
	return *causes ? VTDIAG_STATE_DISABLED_BY_FIRMWARE :
			 VTDIAG_STATE_ENABLED;
}

/* Contract names of the features, as in JSON ("sev_snp"). */
static inline const char *vtdiag_cc_feature_name(unsigned int feature)
{
	switch (feature) {
	case VTDIAG_A_CC_SME:
		return "sme";
	case VTDIAG_A_CC_SEV:
		return "sev";
	case VTDIAG_A_CC_SEV_ES:
		return "sev_es";
	case VTDIAG_A_CC_SEV_SNP:
		return "sev_snp";
	case VTDIAG_A_CC_TME:
		return "tme";
	case VTDIAG_A_CC_TDX:
		return "tdx";
	default:
		return "unknown";
	}
}

/* Contract names of the causes, as in JSON; NULL for no single bit. */
static inline const char *vtdiag_cc_cause_name(__u32 cause)
{
	switch (cause) {
	case VTDIAG_CC_CAUSES_MSR_FAULT:
		return "msr_fault";
	case VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF:
		return "mem_encrypt_off";
	case VTDIAG_CC_CAUSES_SMM_UNLOCKED:
		return "smm_unlocked";
	case VTDIAG_CC_CAUSES_NO_SEV_ASIDS:
		return "no_sev_asids";
	case VTDIAG_CC_CAUSES_NO_ES_ASIDS:
		return "no_es_asids";
	case VTDIAG_CC_CAUSES_RMP_NOT_RESERVED:
		return "rmp_not_reserved";
	case VTDIAG_CC_CAUSES_TME_NOT_ENABLED:
		return "tme_not_enabled";
	case VTDIAG_CC_CAUSES_TME_NOT_LOCKED:
		return "tme_not_locked";
	case VTDIAG_CC_CAUSES_SEAMRR_OFF:
		return "seamrr_off";
	case VTDIAG_CC_CAUSES_NO_TDX_KEYIDS:
		return "no_tdx_keyids";
	default:
		return (const char *)0;
	}
}

#endif /* _VTDIAG_DECODE_H */
