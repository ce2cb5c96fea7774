// SPDX-License-Identifier: GPL-2.0
/*
 * Check sev_snp: AMD SEV-SNP guests. The firmware must reserve the
 * reverse map table (RMP_BASE/RMP_END, "SNP Memory Coverage"); the kernel
 * must be new enough (KVM gained SEV-SNP in Linux 6.11) and have the IOMMU
 * on. kvm_amd.sev_snp is KVM's effective result only: the advice explains
 * why it is N instead of telling anyone to set it.
 */
#include "cc.h"
#include "i18n.h"

#define SNP	VTDIAG_A_CC_SEV_SNP

static bool rmp_not_reserved(const struct vtdiag_report *report)
{
	return vtdiag_cc_firmware_cause(report, SNP, VTDIAG_CC_CAUSES_RMP_NOT_RESERVED);
}

/* kvm_amd knows SEV but not SEV-SNP: older than 6.11, not built without. */
static bool kernel_too_old(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, SNP, VTDIAG_CC_GAP_KVM_NO_PARAM) &&
	       report->cc_os.kvm_amd[VTDIAG_A_CC_SEV] >= 0;
}

/* KVM's result is N though SEV runs: SNP's own needs are missing. */
static bool kvm_left_off(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, SNP, VTDIAG_CC_GAP_KVM_OFF) &&
	       vtdiag_cc_readiness(report, VTDIAG_A_CC_SEV) == VTDIAG_CC_READY;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "cc_snp_rmp", VTDIAG_STEP_CONFIDENTIAL, 0, rmp_not_reserved, false,
	  N_("The firmware reserved no memory for the SEV-SNP reverse map table (RMP). In the firmware setup (on AMD server boards under AMD CBS > CPU Common Options) enable \"SEV-SNP Support\" and set \"SNP Memory Coverage\" (\"SNP Memory (RMP Table) Coverage\") to Enabled, and keep \"IOMMU\" enabled: SEV-SNP needs it.{cc_oem_snp} {open_setup}"),
	},
	{ "cc_snp_kernel_too_old", VTDIAG_STEP_CONFIDENTIAL, 0, kernel_too_old, false,
	  N_("This kernel cannot run SEV-SNP guests: kvm_amd has no sev_snp parameter. KVM runs them from Linux 6.11 on: boot a newer kernel."),
	},
	{ "cc_snp_kvm_off", VTDIAG_STEP_CONFIDENTIAL, 0, kvm_left_off, false,
	  N_("The firmware enables SEV-SNP, yet KVM left it off when it loaded. kvm_amd.sev_snp is KVM's result, not a switch to set. The usual reasons: the IOMMU is off (the firmware's \"IOMMU\" setting, or iommu=off or amd_iommu=off on the kernel command line), and SEV-SNP needs it; or the PSP firmware is too old for SEV-SNP ({firmware_update}). The kernel log says which: `sudo dmesg | grep -i -e SEV-SNP -e RMP -e ccp`"),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	return vtdiag_cc_judge(report, SNP, detail);
}

static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_cc_in_text(report, SNP);
}

const struct vtdiag_check vtdiag_check_sev_snp = {
	.id = "sev_snp",
	.title = N_("SEV-SNP guests"),
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
