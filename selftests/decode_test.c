// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the shared decoder (include/vtdiag/decode.h): every rule of
 * docs/design.md, Per-CPU states, for each vendor family it applies to. Pure
 * userspace: runs on the build host and in the test VM alike.
 */
#include <string.h>

#include "kselftest_harness.h"
#include "vtdiag/decode.h"

#define ECX_VMX		VTDIAG_CPUID1_ECX_VMX
#define ECX_SMX		VTDIAG_CPUID1_ECX_SMX
#define ECX_HV		VTDIAG_CPUID1_ECX_HYPERVISOR
#define FC_LOCK		VTDIAG_FEAT_CTL_LOCKED
#define FC_IN		VTDIAG_FEAT_CTL_VMX_IN_SMX
#define FC_OUT		VTDIAG_FEAT_CTL_VMX_OUTSIDE_SMX
#define CR_LOCK		VTDIAG_VM_CR_LOCK
#define CR_DIS		VTDIAG_VM_CR_SVMDIS

static const __u32 vmx_vendors[] = {
	VTDIAG_VENDOR_INTEL, VTDIAG_VENDOR_CENTAUR, VTDIAG_VENDOR_ZHAOXIN,
};

static const __u32 svm_vendors[] = {
	VTDIAG_VENDOR_AMD, VTDIAG_VENDOR_HYGON,
};

/* One row of the state table, in raw register terms. */
FIXTURE(vmx) {};
FIXTURE_SETUP(vmx) {}
FIXTURE_TEARDOWN(vmx) {}

FIXTURE_VARIANT(vmx) {
	__u32 ecx1;
	__u64 feat_ctl;
	__s32 msr_err;
	__u32 in_smx;		/* booted through tboot */
	__u32 want;
};

FIXTURE_VARIANT_ADD(vmx, enabled) {
	.ecx1 = ECX_VMX, .feat_ctl = FC_LOCK | FC_OUT,
	.want = VTDIAG_STATE_ENABLED,
};

FIXTURE_VARIANT_ADD(vmx, enabled_both_modes) {
	.ecx1 = ECX_VMX | ECX_SMX, .feat_ctl = FC_LOCK | FC_IN | FC_OUT,
	.want = VTDIAG_STATE_ENABLED,
};

FIXTURE_VARIANT_ADD(vmx, tboot_inside_bit_enables) {
	.ecx1 = ECX_VMX | ECX_SMX, .feat_ctl = FC_LOCK | FC_IN, .in_smx = 1,
	.want = VTDIAG_STATE_ENABLED,
};

FIXTURE_VARIANT_ADD(vmx, tboot_outside_bit_alone_disabled) {
	.ecx1 = ECX_VMX | ECX_SMX, .feat_ctl = FC_LOCK | FC_OUT, .in_smx = 1,
	.want = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
};

FIXTURE_VARIANT_ADD(vmx, tboot_unlocked) {
	.ecx1 = ECX_VMX | ECX_SMX, .feat_ctl = 0, .in_smx = 1,
	.want = VTDIAG_STATE_ENABLED_UNLOCKED,
};

FIXTURE_VARIANT_ADD(vmx, enabled_unlocked) {
	.ecx1 = ECX_VMX, .feat_ctl = 0,
	.want = VTDIAG_STATE_ENABLED_UNLOCKED,
};

FIXTURE_VARIANT_ADD(vmx, unlocked_ignores_enable_bits) {
	.ecx1 = ECX_VMX, .feat_ctl = FC_IN,
	.want = VTDIAG_STATE_ENABLED_UNLOCKED,
};

FIXTURE_VARIANT_ADD(vmx, disabled_outside_smx) {
	.ecx1 = ECX_VMX | ECX_SMX, .feat_ctl = FC_LOCK | FC_IN,
	.want = VTDIAG_STATE_DISABLED_OUTSIDE_SMX,
};

FIXTURE_VARIANT_ADD(vmx, disabled_by_firmware) {
	.ecx1 = ECX_VMX, .feat_ctl = FC_LOCK,
	.want = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
};

/* SGX and LMCE bits say nothing about VMX. */
FIXTURE_VARIANT_ADD(vmx, disabled_with_sgx_lmce) {
	.ecx1 = ECX_VMX, .feat_ctl = FC_LOCK | (1ULL << 18) | (1ULL << 20),
	.want = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
};

FIXTURE_VARIANT_ADD(vmx, unsupported) {
	.ecx1 = 0, .feat_ctl = FC_LOCK | FC_OUT,
	.want = VTDIAG_STATE_UNSUPPORTED,
};

/* bhyve shows guests Lock=1,VMX=0: without the CPUID bit it is "hidden". */
FIXTURE_VARIANT_ADD(vmx, hidden_by_hypervisor) {
	.ecx1 = ECX_HV, .feat_ctl = FC_LOCK,
	.want = VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
};

FIXTURE_VARIANT_ADD(vmx, msr_fault) {
	.ecx1 = ECX_VMX, .msr_err = -5,
	.want = VTDIAG_STATE_UNKNOWN,
};

/* No CPUID bit: the MSR is not even read, a fault cannot matter. */
FIXTURE_VARIANT_ADD(vmx, msr_fault_without_vmx) {
	.ecx1 = 0, .msr_err = -5,
	.want = VTDIAG_STATE_UNSUPPORTED,
};

TEST_F(vmx, every_vmx_vendor)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmx_vendors); i++) {
		struct vtdiag_raw raw = {
			.vendor = vmx_vendors[i],
			.cpuid1_ecx = variant->ecx1,
			.msr = variant->feat_ctl,
			.msr_err = variant->msr_err,
			.active = -1,
			.in_smx = variant->in_smx,
		};

		EXPECT_EQ(variant->want, vtdiag_decode_state(&raw))
			TH_LOG("vendor %s", vtdiag_vendor_name(raw.vendor));
		/* The SVM rules must not leak in: a VMX vendor with SVM bits. */
		raw.max_ext = VTDIAG_LEAF_SVM;
		raw.ext1_ecx = VTDIAG_EXT1_ECX_SVM;
		EXPECT_EQ(variant->want, vtdiag_decode_state(&raw));
	}
}

FIXTURE(svm) {};
FIXTURE_SETUP(svm) {}
FIXTURE_TEARDOWN(svm) {}

FIXTURE_VARIANT(svm) {
	__u32 ecx1;
	__u32 max_ext;
	__u32 ext1_ecx;
	__u64 vm_cr;
	__s32 msr_err;
	__u32 want;
};

FIXTURE_VARIANT_ADD(svm, enabled_locked) {
	.max_ext = VTDIAG_LEAF_SVM, .ext1_ecx = VTDIAG_EXT1_ECX_SVM,
	.vm_cr = CR_LOCK, .want = VTDIAG_STATE_ENABLED,
};

/* The table: SVM is "enabled" whenever SVMDIS=0, whatever LOCK says. */
FIXTURE_VARIANT_ADD(svm, enabled_unlocked_is_enabled) {
	.max_ext = VTDIAG_LEAF_SVM, .ext1_ecx = VTDIAG_EXT1_ECX_SVM,
	.vm_cr = 0, .want = VTDIAG_STATE_ENABLED,
};

FIXTURE_VARIANT_ADD(svm, disabled_by_firmware) {
	.max_ext = VTDIAG_LEAF_SVM, .ext1_ecx = VTDIAG_EXT1_ECX_SVM,
	.vm_cr = CR_LOCK | CR_DIS, .want = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
};

FIXTURE_VARIANT_ADD(svm, disabled_unlocked) {
	.max_ext = VTDIAG_LEAF_SVM, .ext1_ecx = VTDIAG_EXT1_ECX_SVM,
	.vm_cr = CR_DIS, .want = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
};

FIXTURE_VARIANT_ADD(svm, unsupported) {
	.max_ext = VTDIAG_LEAF_SVM, .ext1_ecx = 0,
	.want = VTDIAG_STATE_UNSUPPORTED,
};

/* The SVM bit counts only when leaf 0x80000001 exists. */
FIXTURE_VARIANT_ADD(svm, svm_bit_without_leaf) {
	.max_ext = 0x80000000U, .ext1_ecx = VTDIAG_EXT1_ECX_SVM,
	.want = VTDIAG_STATE_UNSUPPORTED,
};

FIXTURE_VARIANT_ADD(svm, hidden_by_hypervisor) {
	.ecx1 = ECX_HV, .max_ext = VTDIAG_LEAF_SVM,
	.want = VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
};

FIXTURE_VARIANT_ADD(svm, msr_fault) {
	.max_ext = VTDIAG_LEAF_SVM, .ext1_ecx = VTDIAG_EXT1_ECX_SVM,
	.msr_err = -5, .want = VTDIAG_STATE_UNKNOWN,
};

TEST_F(svm, every_svm_vendor)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(svm_vendors); i++) {
		struct vtdiag_raw raw = {
			.vendor = svm_vendors[i],
			.cpuid1_ecx = variant->ecx1,
			.max_ext = variant->max_ext,
			.ext1_ecx = variant->ext1_ecx,
			.msr = variant->vm_cr,
			.msr_err = variant->msr_err,
			.active = -1,
		};

		EXPECT_EQ(variant->want, vtdiag_decode_state(&raw))
			TH_LOG("vendor %s", vtdiag_vendor_name(raw.vendor));
		/* The VMX rules must not leak in: an SVM vendor with VMX. */
		raw.cpuid1_ecx |= ECX_VMX;
		EXPECT_EQ(variant->want, vtdiag_decode_state(&raw));
	}
}

TEST(unknown_vendor_is_unknown)
{
	struct vtdiag_raw raw = {
		.vendor = VTDIAG_VENDOR_OTHER,
		.cpuid1_ecx = ECX_VMX,
		.max_ext = VTDIAG_LEAF_SVM,
		.ext1_ecx = VTDIAG_EXT1_ECX_SVM,
		.msr = FC_LOCK | FC_OUT,
	};

	EXPECT_EQ(VTDIAG_STATE_UNKNOWN, vtdiag_decode_state(&raw));
	EXPECT_EQ(VTDIAG_TECH_NONE, vtdiag_vendor_tech(raw.vendor));
	EXPECT_EQ(0, vtdiag_vendor_msr(raw.vendor));
	EXPECT_EQ(NULL, vtdiag_kvm_vendor_module(VTDIAG_TECH_NONE));
}

/* Vendor comes from the vendor string, not from which CPUID bit is set. */
TEST(vendor_from_string)
{
	static const struct {
		const char *id;
		__u32 vendor;
		__u32 tech;
	} cases[] = {
		{ "GenuineIntel", VTDIAG_VENDOR_INTEL, VTDIAG_TECH_VMX },
		{ "AuthenticAMD", VTDIAG_VENDOR_AMD, VTDIAG_TECH_SVM },
		{ "AMDisbetter!", VTDIAG_VENDOR_AMD, VTDIAG_TECH_SVM },
		{ "HygonGenuine", VTDIAG_VENDOR_HYGON, VTDIAG_TECH_SVM },
		{ "CentaurHauls", VTDIAG_VENDOR_CENTAUR, VTDIAG_TECH_VMX },
		{ "  Shanghai  ", VTDIAG_VENDOR_ZHAOXIN, VTDIAG_TECH_VMX },
		{ "GenuineIotel", VTDIAG_VENDOR_OTHER, VTDIAG_TECH_NONE },
		{ "TCGTCGTCGTCG", VTDIAG_VENDOR_OTHER, VTDIAG_TECH_NONE },
		{ "genuineintel", VTDIAG_VENDOR_OTHER, VTDIAG_TECH_NONE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		EXPECT_EQ(cases[i].vendor, vtdiag_vendor_from_id(cases[i].id))
			TH_LOG("id '%s'", cases[i].id);
		EXPECT_EQ(cases[i].tech,
			  vtdiag_vendor_tech(vtdiag_vendor_from_id(cases[i].id)));
	}
	EXPECT_EQ(VTDIAG_MSR_FEAT_CTL, vtdiag_vendor_msr(VTDIAG_VENDOR_ZHAOXIN));
	EXPECT_EQ(VTDIAG_MSR_VM_CR, vtdiag_vendor_msr(VTDIAG_VENDOR_HYGON));
	EXPECT_STREQ("kvm_intel", vtdiag_kvm_vendor_module(VTDIAG_TECH_VMX));
	EXPECT_STREQ("kvm_amd", vtdiag_kvm_vendor_module(VTDIAG_TECH_SVM));
}

TEST(flags_report_raw_bits)
{
	struct vtdiag_raw vmx = {
		.vendor = VTDIAG_VENDOR_INTEL,
		.cpuid1_ecx = ECX_VMX | ECX_SMX | ECX_HV,
		.msr = FC_LOCK | FC_IN,
		.active = 1,
	};
	struct vtdiag_raw svm = {
		.vendor = VTDIAG_VENDOR_AMD,
		.max_ext = VTDIAG_LEAF_SVM,
		.ext1_ecx = VTDIAG_EXT1_ECX_SVM,
		.svm_edx = VTDIAG_SVM_EDX_SVML,
		.msr = CR_LOCK | CR_DIS,
		.active = 0,
	};

	EXPECT_EQ(VTDIAG_F_VMX | VTDIAG_F_SMX | VTDIAG_F_HYPERVISOR |
		  VTDIAG_F_LOCKED | VTDIAG_F_VMX_IN_SMX | VTDIAG_F_ACTIVE,
		  vtdiag_decode_flags(&vmx));
	EXPECT_EQ(VTDIAG_F_SVM | VTDIAG_F_SVML | VTDIAG_F_LOCKED |
		  VTDIAG_F_SVMDIS, vtdiag_decode_flags(&svm));
	/* SVML only counts when leaf 0x8000000A exists. */
	svm.max_ext = VTDIAG_LEAF_EXT1;
	EXPECT_FALSE(vtdiag_decode_flags(&svm) & VTDIAG_F_SVML);
	/* A faulted MSR read contributes no MSR bits. */
	vmx.msr_err = -5;
	EXPECT_EQ(0, vtdiag_decode_flags(&vmx) &
		  (VTDIAG_F_LOCKED | VTDIAG_F_VMX_IN_SMX));
	EXPECT_EQ(0, vtdiag_decode_flags(&vmx) & ~VTDIAG_F_ALL);
}

TEST(verdict)
{
	__u32 counts[__VTDIAG_STATE_MAX] = {};

	EXPECT_EQ(VTDIAG_STATE_UNKNOWN, vtdiag_verdict(counts));
	counts[VTDIAG_STATE_ENABLED] = 4;
	EXPECT_EQ(VTDIAG_STATE_ENABLED, vtdiag_verdict(counts));
	counts[VTDIAG_STATE_DISABLED_BY_FIRMWARE] = 1;
	EXPECT_EQ(VTDIAG_STATE_INCONSISTENT, vtdiag_verdict(counts));
	counts[VTDIAG_STATE_ENABLED] = 0;
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE, vtdiag_verdict(counts));
	counts[VTDIAG_STATE_UNKNOWN] = 1;
	EXPECT_EQ(VTDIAG_STATE_INCONSISTENT, vtdiag_verdict(counts));
}

TEST(state_names_are_the_contract)
{
	static const char *const names[] = {
		"unknown", "enabled", "enabled_unlocked", "disabled_outside_smx",
		"disabled_by_firmware", "unsupported", "hidden_by_hypervisor",
		"inconsistent",
	};
	unsigned int s;

	ASSERT_EQ(ARRAY_SIZE(names), __VTDIAG_STATE_MAX);
	for (s = 0; s < __VTDIAG_STATE_MAX; s++)
		EXPECT_STREQ(names[s], vtdiag_state_name(s));
	EXPECT_STREQ("unknown", vtdiag_state_name(__VTDIAG_STATE_MAX));
	EXPECT_STREQ("loaded", vtdiag_kvm_state_name(VTDIAG_KVM_LOADED));
	EXPECT_STREQ("builtin", vtdiag_kvm_state_name(VTDIAG_KVM_BUILTIN));
	EXPECT_STREQ("absent", vtdiag_kvm_state_name(VTDIAG_KVM_ABSENT));
}

/* ---- Confidential computing (docs/design.md) ------------------------ */

/* A bare-metal AMD CPU with every memory-encryption feature on. */
static void cc_amd_good(struct vtdiag_raw *raw, struct vtdiag_cc_raw *cc)
{
	memset(raw, 0, sizeof(*raw));
	memset(cc, 0, sizeof(*cc));
	raw->vendor = VTDIAG_VENDOR_AMD;
	raw->max_ext = VTDIAG_LEAF_MEMENC;
	cc->max_basic = 0x10;
	cc->memenc[0] = VTDIAG_MEMENC_EAX_SME | VTDIAG_MEMENC_EAX_SEV |
			VTDIAG_MEMENC_EAX_SEV_ES | VTDIAG_MEMENC_EAX_SEV_SNP;
	cc->memenc[2] = 509;		/* highest ASID */
	cc->memenc[3] = 100;		/* ES/SNP 1-99, SEV 100-509 */
	cc->msr_read = (1U << VTDIAG_CC_MSR_SYSCFG) | (1U << VTDIAG_CC_MSR_HWCR) |
		       (1U << VTDIAG_CC_MSR_RMP_BASE) |
		       (1U << VTDIAG_CC_MSR_RMP_END);
	cc->msr[VTDIAG_CC_MSR_SYSCFG] = VTDIAG_SYSCFG_MEM_ENCRYPT;
	cc->msr[VTDIAG_CC_MSR_HWCR] = VTDIAG_HWCR_SMMLOCK;
	cc->msr[VTDIAG_CC_MSR_RMP_BASE] = 0x80000000ULL;
	cc->msr[VTDIAG_CC_MSR_RMP_END] = 0x80ffffffULL;
}

static void cc_intel_good(struct vtdiag_raw *raw, struct vtdiag_cc_raw *cc)
{
	memset(raw, 0, sizeof(*raw));
	memset(cc, 0, sizeof(*cc));
	raw->vendor = VTDIAG_VENDOR_INTEL;
	cc->max_basic = 0x20;
	cc->cpuid7_ecx = VTDIAG_CPUID7_ECX_TME;
	cc->msr_read = (1U << VTDIAG_CC_MSR_MTRRCAP) |
		       (1U << VTDIAG_CC_MSR_TME_ACTIVATE) |
		       (1U << VTDIAG_CC_MSR_KEYID_PART) |
		       (1U << VTDIAG_CC_MSR_SEAMRR_MASK);
	cc->msr[VTDIAG_CC_MSR_MTRRCAP] = VTDIAG_MTRRCAP_SEAMRR | 0xd0a;
	cc->msr[VTDIAG_CC_MSR_TME_ACTIVATE] = VTDIAG_TME_ACTIVATE_LOCKED |
					      VTDIAG_TME_ACTIVATE_ENABLED;
	cc->msr[VTDIAG_CC_MSR_KEYID_PART] = (2ULL << 32) | 0x3f;
	cc->msr[VTDIAG_CC_MSR_SEAMRR_MASK] = VTDIAG_SEAMRR_MASK_ENABLED |
					     VTDIAG_SEAMRR_MASK_LOCKED;
}

static __u32 cc_state(const struct vtdiag_raw *raw,
		      const struct vtdiag_cc_raw *cc, unsigned int f,
		      __u32 *causes)
{
	__u32 ignored;

	return vtdiag_cc_decode(raw, cc, f, causes ? causes : &ignored);
}

TEST(cc_features_per_vendor)
{
	EXPECT_EQ((1U << VTDIAG_A_CC_SME) | (1U << VTDIAG_A_CC_SEV) |
		  (1U << VTDIAG_A_CC_SEV_ES) | (1U << VTDIAG_A_CC_SEV_SNP),
		  vtdiag_cc_features(VTDIAG_VENDOR_AMD));
	EXPECT_EQ(vtdiag_cc_features(VTDIAG_VENDOR_AMD),
		  vtdiag_cc_features(VTDIAG_VENDOR_HYGON));
	EXPECT_EQ((1U << VTDIAG_A_CC_TME) | (1U << VTDIAG_A_CC_TDX),
		  vtdiag_cc_features(VTDIAG_VENDOR_INTEL));
	EXPECT_EQ(0, vtdiag_cc_features(VTDIAG_VENDOR_CENTAUR));
	EXPECT_EQ(0, vtdiag_cc_features(VTDIAG_VENDOR_ZHAOXIN));
	EXPECT_EQ(0, vtdiag_cc_features(VTDIAG_VENDOR_OTHER));
}

/* Only the MSRs the CPUID says exist; MTRRCAP first decides TDX's. */
TEST(cc_msrs_wanted)
{
	struct vtdiag_raw raw;
	struct vtdiag_cc_raw cc;

	cc_amd_good(&raw, &cc);
	EXPECT_EQ(cc.msr_read, vtdiag_cc_msrs_wanted(&raw, &cc));
	cc.memenc[0] &= ~VTDIAG_MEMENC_EAX_SEV_SNP;
	EXPECT_EQ((1U << VTDIAG_CC_MSR_SYSCFG) | (1U << VTDIAG_CC_MSR_HWCR),
		  vtdiag_cc_msrs_wanted(&raw, &cc));
	raw.max_ext = VTDIAG_LEAF_MEMENC - 1;	/* leaf gone: bits mean nothing */
	EXPECT_EQ(0, vtdiag_cc_msrs_wanted(&raw, &cc));

	cc_intel_good(&raw, &cc);
	cc.msr_read = 0;
	/* Before MTRRCAP is read: MTRRCAP and the TME MSRs. */
	EXPECT_EQ((1U << VTDIAG_CC_MSR_MTRRCAP) |
		  (1U << VTDIAG_CC_MSR_TME_ACTIVATE) |
		  (1U << VTDIAG_CC_MSR_KEYID_PART),
		  vtdiag_cc_msrs_wanted(&raw, &cc));
	cc.msr_read = 1U << VTDIAG_CC_MSR_MTRRCAP;
	EXPECT_TRUE(vtdiag_cc_msrs_wanted(&raw, &cc) &
		    (1U << VTDIAG_CC_MSR_SEAMRR_MASK));
	cc.msr_err[VTDIAG_CC_MSR_MTRRCAP] = -5;
	EXPECT_FALSE(vtdiag_cc_msrs_wanted(&raw, &cc) &
		     (1U << VTDIAG_CC_MSR_SEAMRR_MASK));
	raw.vendor = VTDIAG_VENDOR_CENTAUR;
	EXPECT_EQ(0, vtdiag_cc_msrs_wanted(&raw, &cc));
}

TEST(cc_amd_rules)
{
	struct vtdiag_raw raw;
	struct vtdiag_cc_raw cc;
	unsigned int f;
	__u32 causes;

	cc_amd_good(&raw, &cc);
	for (f = VTDIAG_A_CC_SME; f <= VTDIAG_A_CC_SEV_SNP; f++) {
		EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, f, &causes));
		EXPECT_EQ(0, causes);
	}
	/* Intel's features are not an AMD CPU's. */
	EXPECT_EQ(VTDIAG_STATE_UNSUPPORTED, cc_state(&raw, &cc, VTDIAG_A_CC_TDX, NULL));

	/* min_sev_asid 2: ASID 1 for SEV-ES and SNP is enough. */
	cc.memenc[3] = 2;
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_SEV_SNP, NULL));
	/* min_sev_asid 1: none. */
	cc.memenc[3] = 1;
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  cc_state(&raw, &cc, VTDIAG_A_CC_SEV_ES, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_NO_ES_ASIDS, causes);
	/* Every ASID for SEV-ES: plain SEV has none left, ES still works. */
	cc.memenc[3] = 510;
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  cc_state(&raw, &cc, VTDIAG_A_CC_SEV, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_NO_SEV_ASIDS, causes);
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_SEV_ES, NULL));
	cc.memenc[3] = 509;	/* the last ASID is SEV's */
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_SEV, NULL));

	/* RMP: address bits 51:13 count, the low bits do not. */
	cc_amd_good(&raw, &cc);
	cc.msr[VTDIAG_CC_MSR_RMP_BASE] = 0x1fff;
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  cc_state(&raw, &cc, VTDIAG_A_CC_SEV_SNP, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_RMP_NOT_RESERVED, causes);
	cc.msr[VTDIAG_CC_MSR_RMP_BASE] = 0x2000;
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_SEV_SNP, NULL));
	/* Not read at all (a sampler that skipped it): unknown, not enabled. */
	cc.msr_read &= ~(1U << VTDIAG_CC_MSR_RMP_END);
	EXPECT_EQ(VTDIAG_STATE_UNKNOWN,
		  cc_state(&raw, &cc, VTDIAG_A_CC_SEV_SNP, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_MSR_FAULT, causes);

	/* SMMLOCK: judged on bare metal only. */
	cc_amd_good(&raw, &cc);
	cc.msr[VTDIAG_CC_MSR_HWCR] = 0;
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_SME, NULL));
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  cc_state(&raw, &cc, VTDIAG_A_CC_SEV, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_SMM_UNLOCKED, causes);
	raw.cpuid1_ecx = ECX_HV;
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_SEV, NULL));

	/* No memory-encryption leaf: unsupported, or hidden in a guest. */
	cc_amd_good(&raw, &cc);
	raw.max_ext = 0x8000001eU;
	EXPECT_EQ(VTDIAG_STATE_UNSUPPORTED, cc_state(&raw, &cc, VTDIAG_A_CC_SEV, NULL));
	raw.cpuid1_ecx = ECX_HV;
	EXPECT_EQ(VTDIAG_STATE_HIDDEN_BY_HYPERVISOR,
		  cc_state(&raw, &cc, VTDIAG_A_CC_SEV, NULL));
}

TEST(cc_intel_rules)
{
	struct vtdiag_raw raw;
	struct vtdiag_cc_raw cc;
	__u32 causes;

	cc_intel_good(&raw, &cc);
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_TME, NULL));
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_TDX, NULL));
	EXPECT_EQ(VTDIAG_STATE_UNSUPPORTED, cc_state(&raw, &cc, VTDIAG_A_CC_SEV, NULL));

	/* TME bypass changes nothing: TME is still enabled and locked. */
	cc.msr[VTDIAG_CC_MSR_TME_ACTIVATE] |= VTDIAG_TME_ACTIVATE_BYPASS;
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_TME, NULL));

	/* One TDX KeyID is the module's own: fewer than 2 is none. */
	cc.msr[VTDIAG_CC_MSR_KEYID_PART] = (1ULL << 32) | 0x3f;
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  cc_state(&raw, &cc, VTDIAG_A_CC_TDX, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_NO_TDX_KEYIDS, causes);

	/* SEAMRR needs both enabled and locked. */
	cc_intel_good(&raw, &cc);
	cc.msr[VTDIAG_CC_MSR_SEAMRR_MASK] = VTDIAG_SEAMRR_MASK_ENABLED;
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  cc_state(&raw, &cc, VTDIAG_A_CC_TDX, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_SEAMRR_OFF, causes);

	/* TDX without TME in CPUID: TME's cause carries over. */
	cc_intel_good(&raw, &cc);
	cc.cpuid7_ecx = 0;
	EXPECT_EQ(VTDIAG_STATE_UNSUPPORTED, cc_state(&raw, &cc, VTDIAG_A_CC_TME, NULL));
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  cc_state(&raw, &cc, VTDIAG_A_CC_TDX, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_TME_NOT_ENABLED, causes);
	/* Leaf 7 absent: its ECX means nothing. */
	cc_intel_good(&raw, &cc);
	cc.max_basic = 6;
	EXPECT_EQ(VTDIAG_STATE_UNSUPPORTED, cc_state(&raw, &cc, VTDIAG_A_CC_TME, NULL));

	/* MTRRCAP faulted: whether TDX exists is unknown. */
	cc_intel_good(&raw, &cc);
	cc.msr_err[VTDIAG_CC_MSR_MTRRCAP] = -5;
	EXPECT_EQ(VTDIAG_STATE_UNKNOWN, cc_state(&raw, &cc, VTDIAG_A_CC_TDX, &causes));
	EXPECT_EQ(VTDIAG_CC_CAUSES_MSR_FAULT, causes);
	EXPECT_EQ(VTDIAG_STATE_ENABLED, cc_state(&raw, &cc, VTDIAG_A_CC_TME, NULL));
}

TEST(cc_names_are_the_contract)
{
	static const char *const causes[] = {
		"msr_fault", "mem_encrypt_off", "smm_unlocked", "no_sev_asids",
		"no_es_asids", "rmp_not_reserved", "tme_not_enabled",
		"tme_not_locked", "seamrr_off", "no_tdx_keyids",
	};
	unsigned int i;

	EXPECT_STREQ("sme", vtdiag_cc_feature_name(VTDIAG_A_CC_SME));
	EXPECT_STREQ("sev", vtdiag_cc_feature_name(VTDIAG_A_CC_SEV));
	EXPECT_STREQ("sev_es", vtdiag_cc_feature_name(VTDIAG_A_CC_SEV_ES));
	EXPECT_STREQ("sev_snp", vtdiag_cc_feature_name(VTDIAG_A_CC_SEV_SNP));
	EXPECT_STREQ("tme", vtdiag_cc_feature_name(VTDIAG_A_CC_TME));
	EXPECT_STREQ("tdx", vtdiag_cc_feature_name(VTDIAG_A_CC_TDX));
	for (i = 0; i < ARRAY_SIZE(causes); i++)
		EXPECT_STREQ(causes[i], vtdiag_cc_cause_name(1U << i));
	EXPECT_EQ(VTDIAG_CC_CAUSES_MASK + 1, 1U << i);
	EXPECT_EQ(NULL, vtdiag_cc_cause_name(3));
}

TEST_HARNESS_MAIN
