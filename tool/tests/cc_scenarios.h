/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Confidential computing in advice_test.c: the tweaks that give a crafted
 * report its confidential-computing facts (host and per-CPU states and
 * causes as the module sends them, the OS side as cc_os.c reads it), and
 * CC_SCENARIOS, the scenarios of every rule of the sme, sev, sev_es,
 * sev_snp, tme and tdx checks, listed in advice_test.c's table.
 */
#ifndef VTDIAG_TEST_CC_SCENARIOS_H
#define VTDIAG_TEST_CC_SCENARIOS_H

#include "cc.h"
#include "kmodinfo.h"

/* @feature in @state with @causes on every CPU, and as the host verdict. */
static void cc_set(struct vtdiag_report *report, __u32 feature, __u32 state,
		   __u32 causes)
{
	struct vtdiag_cc_feature slot = {
		.present = true, .state = state, .causes = causes,
	};
	size_t i;

	report->host.has_cc = true;
	for (i = 0; i < report->nr_cpus; i++) {
		report->cpus[i].has_cc = true;
		report->cpus[i].cc[feature] = slot;
	}
	slot.has_cpus = true;
	slot.cpus = state == VTDIAG_STATE_ENABLED ? report->nr_cpus : 0;
	report->host.cc[feature] = slot;
}

/* An OS ready for every feature: KVM's results Y, the PSP there. */
static void cc_os_ready(struct vtdiag_report *report)
{
	struct vtdiag_cc_os *cc_os = &report->cc_os;

	vtdiag_cc_os_reset(cc_os);
	cc_os->probed = true;
	cc_os->kvm_amd[VTDIAG_A_CC_SEV] = 1;
	cc_os->kvm_amd[VTDIAG_A_CC_SEV_ES] = 1;
	cc_os->kvm_amd[VTDIAG_A_CC_SEV_SNP] = 1;
	cc_os->kvm_intel_tdx = 1;
	cc_os->dev_sev = true;
	cc_os->ccp = VTDIAG_KMOD_LOADED;
	cc_os->cpuinfo_flags = (1U << VTDIAG_A_CC_SME) |
			       (1U << VTDIAG_A_CC_SEV) |
			       (1U << VTDIAG_A_CC_SEV_ES) |
			       (1U << VTDIAG_A_CC_SEV_SNP) |
			       (1U << VTDIAG_A_CC_TME);
	cc_os->cmdline_read = true;
	cc_os->tdx_module = VTDIAG_TDX_MODULE_INITIALIZED;
	report->os.enable_virt_at_load = 1;
}

/* AMD: every feature in @state with @causes (SME without ASID causes). */
static void cc_amd(struct vtdiag_report *report, __u32 state, __u32 causes)
{
	cc_os_ready(report);
	cc_set(report, VTDIAG_A_CC_SME, state,
	       causes & VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF);
	cc_set(report, VTDIAG_A_CC_SEV, state, causes);
	cc_set(report, VTDIAG_A_CC_SEV_ES, state, causes);
	cc_set(report, VTDIAG_A_CC_SEV_SNP, state, causes);
}

static void cc_amd_ready(struct vtdiag_report *report)
{
	cc_amd(report, VTDIAG_STATE_ENABLED, 0);
}

static void cc_amd_hidden(struct vtdiag_report *report)
{
	cc_amd(report, VTDIAG_STATE_HIDDEN_BY_HYPERVISOR, 0);
}

static void cc_smee_off(struct vtdiag_report *report)
{
	cc_amd(report, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF);
}

static void cc_smm_unlocked(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	cc_set(report, VTDIAG_A_CC_SEV, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_SMM_UNLOCKED);
	cc_set(report, VTDIAG_A_CC_SEV_ES, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_SMM_UNLOCKED);
	cc_set(report, VTDIAG_A_CC_SEV_SNP, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_SMM_UNLOCKED);
}

static void cc_no_sev_asids(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	cc_set(report, VTDIAG_A_CC_SEV, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_NO_SEV_ASIDS);
}

static void cc_no_es_asids(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	cc_set(report, VTDIAG_A_CC_SEV_ES, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_NO_ES_ASIDS);
	cc_set(report, VTDIAG_A_CC_SEV_SNP, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_NO_ES_ASIDS);
}

static void cc_rmp_not_reserved(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	cc_set(report, VTDIAG_A_CC_SEV_SNP, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	       VTDIAG_CC_CAUSES_RMP_NOT_RESERVED);
}

/* No PSP: KVM then has every SEV kind off. */
static void cc_no_psp(struct vtdiag_report *report, int ccp)
{
	cc_amd_ready(report);
	report->cc_os.dev_sev = false;
	report->cc_os.ccp = ccp;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV] = 0;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_ES] = 0;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] = 0;
}

static void cc_ccp_not_loaded(struct vtdiag_report *report)
{
	cc_no_psp(report, VTDIAG_KMOD_AVAILABLE);
}

static void cc_ccp_not_built(struct vtdiag_report *report)
{
	cc_no_psp(report, VTDIAG_KMOD_MISSING);
}

static void cc_psp_without_sev(struct vtdiag_report *report)
{
	cc_no_psp(report, VTDIAG_KMOD_BUILTIN);
}

static void cc_sev_kvm_off(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV] = 0;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_ES] = 0;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] = 0;
}

/* A kernel whose KVM has no SEV at all: no parameters. */
static void cc_sev_kvm_not_built(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV] = -1;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_ES] = -1;
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] = -1;
}

static void cc_sev_es_kvm_off(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_ES] = 0;
}

static void cc_snp_kernel_too_old(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] = -1;
}

static void cc_snp_kvm_off(struct vtdiag_report *report)
{
	cc_amd_ready(report);
	report->cc_os.kvm_amd[VTDIAG_A_CC_SEV_SNP] = 0;
	snprintf(report->cc_os.sev_log, sizeof(report->cc_os.sev_log),
		 "SEV-SNP: IOMMU not enabled");
}

/* Intel: TME and TDX in @state with @causes. */
static void cc_intel(struct vtdiag_report *report, __u32 tme_state,
		     __u32 tme_causes, __u32 tdx_state, __u32 tdx_causes)
{
	cc_os_ready(report);
	cc_set(report, VTDIAG_A_CC_TME, tme_state, tme_causes);
	cc_set(report, VTDIAG_A_CC_TDX, tdx_state, tdx_causes);
}

static void cc_intel_ready(struct vtdiag_report *report)
{
	cc_intel(report, VTDIAG_STATE_ENABLED, 0, VTDIAG_STATE_ENABLED, 0);
}

static void cc_tme_tdx_off(struct vtdiag_report *report)
{
	cc_intel(report, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		 VTDIAG_CC_CAUSES_TME_NOT_ENABLED, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		 VTDIAG_CC_CAUSES_TME_NOT_ENABLED | VTDIAG_CC_CAUSES_SEAMRR_OFF);
}

/* A desktop CPU with TME and no TDX: TME off is nobody's problem. */
static void cc_tme_off_no_tdx(struct vtdiag_report *report)
{
	cc_intel(report, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		 VTDIAG_CC_CAUSES_TME_NOT_ENABLED, VTDIAG_STATE_UNSUPPORTED, 0);
}

static void cc_tme_unlocked(struct vtdiag_report *report)
{
	cc_intel(report, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		 VTDIAG_CC_CAUSES_TME_NOT_LOCKED, VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		 VTDIAG_CC_CAUSES_TME_NOT_LOCKED);
}

static void cc_no_keyids(struct vtdiag_report *report)
{
	cc_intel(report, VTDIAG_STATE_ENABLED, 0,
		 VTDIAG_STATE_DISABLED_BY_FIRMWARE, VTDIAG_CC_CAUSES_NO_TDX_KEYIDS);
}

static void cc_tdx_kernel(struct vtdiag_report *report)
{
	cc_intel_ready(report);
	report->cc_os.kvm_intel_tdx = -1;
}

static void cc_tdx_param_off(struct vtdiag_report *report)
{
	cc_intel_ready(report);
	report->cc_os.kvm_intel_tdx = 0;
	report->cc_os.tdx_module = VTDIAG_TDX_MODULE_NO_MESSAGE;
}

static void cc_tdx_virt_at_load(struct vtdiag_report *report)
{
	cc_tdx_param_off(report);
	report->os.enable_virt_at_load = 0;
}

static void cc_tdx_module_failed(struct vtdiag_report *report)
{
	cc_tdx_param_off(report);
	report->cc_os.tdx_module = VTDIAG_TDX_MODULE_FAILED;
	snprintf(report->cc_os.tdx_log, sizeof(report->cc_os.tdx_log),
		 "virt/tdx: initialization failed: too few private KeyIDs available.");
}

/* An older module: the host and CPUs come without any of it. */
static void cc_module_too_old(struct vtdiag_report *report)
{
	cc_os_ready(report);
}

#define CC_SCENARIOS							\
	{ "CC: AMD ready", ENABLED, AMD, .tweak = cc_amd_ready, .ids = "" }, \
	{ "CC: AMD hidden by the hypervisor", ENABLED, AMD,		\
	  .hv_signature = "KVMKVMKVM", .tweak = cc_amd_hidden, .ids = "" }, \
	{ "CC: module too old", ENABLED, AMD, .tweak = cc_module_too_old, \
	  .ids = "" },							\
	{ "CC: SMEE off", ENABLED, AMD, .tweak = cc_smee_off,		\
	  .ids = "cc_enable_smee", .text = "set \"SMEE\"",		\
	  .text2 = "AMD CBS > CPU Common Options" },			\
	{ "CC: SMEE off, Dell PowerEdge", ENABLED, AMD,			\
	  .sys_vendor = "Dell Inc.", .product_name = "PowerEdge R6515",	\
	  .tweak = cc_smee_off, .ids = "cc_enable_smee",		\
	  .text = "`racadm set BIOS.ProcSettings.Sme Enabled`" },	\
	{ "CC: SMEE off, Lenovo ThinkStation", ENABLED, AMD,		\
	  .sys_vendor = "LENOVO", .product_name = "ThinkStation P620",	\
	  .tweak = cc_smee_off, .ids = "cc_enable_smee",		\
	  .text = "AMDSecureVirtualMachine" },				\
	{ "CC: SMM unlocked", ENABLED, AMD, .tweak = cc_smm_unlocked,	\
	  .ids = "cc_smm_unlocked", .text = "HWCR.SMMLOCK" },		\
	{ "CC: no SEV ASIDs", ENABLED, AMD, .tweak = cc_no_sev_asids,	\
	  .ids = "cc_sev_asids", .text = "SEV-ES ASID Space Limit" },	\
	{ "CC: no SEV-ES ASIDs", ENABLED, AMD, .tweak = cc_no_es_asids,	\
	  .ids = "cc_es_asids", .text = "set it above 1" },		\
	{ "CC: no SEV-ES ASIDs, Dell PowerEdge", ENABLED, AMD,		\
	  .sys_vendor = "Dell Inc.", .product_name = "PowerEdge R7625",	\
	  .tweak = cc_no_es_asids, .ids = "cc_es_asids",		\
	  .text = "BIOS.ProcSettings.CpuMinSevAsid" },			\
	{ "CC: RMP not reserved", ENABLED, AMD,				\
	  .tweak = cc_rmp_not_reserved, .ids = "cc_snp_rmp",		\
	  .text = "\"SNP Memory Coverage\"" },				\
	{ "CC: RMP not reserved, Dell PowerEdge", ENABLED, AMD,		\
	  .sys_vendor = "Dell Inc.", .product_name = "PowerEdge R6515",	\
	  .tweak = cc_rmp_not_reserved, .ids = "cc_snp_rmp",		\
	  .text = "`racadm set BIOS.ProcSettings.Snp Enabled`",	\
	  .text2 = "BIOS.ProcSettings.IommuSupport" },			\
	{ "CC: RMP not reserved, a Dell laptop: generic names", ENABLED, AMD, \
	  .sys_vendor = "Dell Inc.", .product_name = "Latitude 5495",	\
	  .tweak = cc_rmp_not_reserved, .ids = "cc_snp_rmp",		\
	  .text = "keep \"IOMMU\" enabled: SEV-SNP needs it. Restart" }, \
	{ "CC: ccp not loaded", ENABLED, AMD, .tweak = cc_ccp_not_loaded, \
	  .ids = "cc_load_ccp", .text = "sudo modprobe ccp" },		\
	{ "CC: ccp not built", ENABLED, AMD, .tweak = cc_ccp_not_built,	\
	  .ids = "cc_ccp_not_built", .text = "CONFIG_CRYPTO_DEV_SP_PSP" }, \
	{ "CC: PSP without SEV", ENABLED, AMD, .tweak = cc_psp_without_sev, \
	  .ids = "cc_psp_without_sev", .text = "made no /dev/sev" },	\
	{ "CC: KVM left SEV off", ENABLED, AMD, .tweak = cc_sev_kvm_off, \
	  .ids = "cc_sev_kvm_off", .text = "not a request" },		\
	{ "CC: KVM without SEV", ENABLED, AMD,				\
	  .tweak = cc_sev_kvm_not_built, .ids = "cc_sev_kvm_not_built",	\
	  .text = "CONFIG_KVM_AMD_SEV" },				\
	{ "CC: KVM left SEV-ES off", ENABLED, AMD,			\
	  .tweak = cc_sev_es_kvm_off, .ids = "cc_sev_es_kvm_off",	\
	  .text = "kvm.enable_mmio_caching" },				\
	{ "CC: kernel older than SEV-SNP", ENABLED, AMD,		\
	  .tweak = cc_snp_kernel_too_old, .ids = "cc_snp_kernel_too_old", \
	  .text = "Linux 6.11" },					\
	{ "CC: KVM left SEV-SNP off", ENABLED, AMD,			\
	  .tweak = cc_snp_kvm_off, .ids = "cc_snp_kvm_off",		\
	  .text = "not a switch to set" },				\
	{ "CC: Intel TME and TDX ready", ENABLED, INTEL,		\
	  .tweak = cc_intel_ready, .ids = "" },				\
	{ "CC: TME off, no TDX in the CPU", ENABLED, INTEL,		\
	  .tweak = cc_tme_off_no_tdx, .ids = "" },			\
	{ "CC: TME and TDX off", ENABLED, INTEL, .tweak = cc_tme_tdx_off, \
	  .ids = "cc_enable_tme cc_enable_tdx",				\
	  .text = "\"Memory Encryption (TME)\" and \"TME-MT\"",		\
	  .text2 = "\"TDX Secure Arbitration Mode Loader (SEAM Loader)\"" }, \
	{ "CC: TME unlocked", ENABLED, INTEL, .tweak = cc_tme_unlocked,	\
	  .ids = "cc_tme_unlocked", .text = "left its configuration unlocked" }, \
	{ "CC: no TDX KeyIDs", ENABLED, INTEL, .tweak = cc_no_keyids,	\
	  .ids = "cc_tdx_keyids", .text = "\"TME-MT/TDX key split\"" },	\
	{ "CC: kernel without KVM TDX", ENABLED, INTEL,		\
	  .tweak = cc_tdx_kernel, .ids = "cc_tdx_kernel",		\
	  .text = "kvm_intel has no tdx parameter" },			\
	{ "CC: kvm_intel.tdx off", ENABLED, INTEL,			\
	  .tweak = cc_tdx_param_off, .ids = "cc_tdx_kvm_param",		\
	  .text = "kvm_intel.tdx=1 and nohibernate" },			\
	{ "CC: enable_virt_at_load off", ENABLED, INTEL,		\
	  .tweak = cc_tdx_virt_at_load,					\
	  .ids = "cc_tdx_kvm_param cc_tdx_virt_at_load",		\
	  .text = "kvm.enable_virt_at_load=0" },			\
	{ "CC: TDX module failed", ENABLED, INTEL,			\
	  .tweak = cc_tdx_module_failed,				\
	  .ids = "cc_tdx_kvm_param cc_tdx_module",			\
	  .text = "the TDX module did not start" },			\
	/* CC advice comes after KVM's, in its own band. */		\
	{ "CC: KVM not loaded, SMEE off", ENABLED, AMD,			\
	  .kvm_vendor_absent = true, .tweak = cc_smee_off,		\
	  .ids = "kvm_not_loaded cc_enable_smee" },

#endif /* VTDIAG_TEST_CC_SCENARIOS_H */
