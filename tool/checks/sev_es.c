// SPDX-License-Identifier: GPL-2.0
/*
 * Check sev_es: AMD SEV-ES guests (encrypted register state). Beyond
 * SEV's needs (sev.c gives those steps) they run only in the ASIDs below
 * CPUID.8000001F:EDX, the firmware's "SEV-ES ASID Space Limit".
 */
#include "cc.h"
#include "i18n.h"

#define SEV_ES	VTDIAG_A_CC_SEV_ES

/* SEV-ES and SEV-SNP guests share those ASIDs: one step for both. */
static bool no_es_asids(const struct vtdiag_report *report)
{
	return vtdiag_cc_firmware_cause(report, SEV_ES, VTDIAG_CC_CAUSES_NO_ES_ASIDS) ||
	       vtdiag_cc_firmware_cause(report, VTDIAG_A_CC_SEV_SNP,
					VTDIAG_CC_CAUSES_NO_ES_ASIDS);
}

/* KVM's result is N while SEV itself runs: SEV-ES's own needs. */
static bool kvm_left_off(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, SEV_ES, VTDIAG_CC_GAP_KVM_OFF) &&
	       vtdiag_cc_readiness(report, VTDIAG_A_CC_SEV) == VTDIAG_CC_READY;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "cc_es_asids", VTDIAG_STEP_CONFIDENTIAL, 0, no_es_asids, false,
	  N_("SEV-ES and SEV-SNP guests run only in the ASIDs below the firmware's \"SEV-ES ASID Space Limit\" (also \"Minimum SEV non-ES ASID\"), and it set none aside. In the firmware setup (on AMD server boards under AMD CBS > CPU Common Options) set it above 1, for example to 100.{cc_oem_es_asids} {open_setup}"),
	},
	{ "cc_sev_es_kvm_off", VTDIAG_STEP_CONFIDENTIAL, 0, kvm_left_off, false,
	  N_("KVM runs SEV guests but turned SEV-ES off when it loaded. kvm_amd.sev_es is KVM's result, on by default: it needs MMIO caching (kvm.enable_mmio_caching) and ASIDs for SEV-ES, and kvm_amd.sev_es=0 must not be set (kernel command line, /etc/modprobe.d). The kernel log says more: `sudo dmesg | grep -i -e sev -e kvm_amd`"),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	return vtdiag_cc_judge(report, SEV_ES, detail);
}

static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_cc_in_text(report, SEV_ES);
}

const struct vtdiag_check vtdiag_check_sev_es = {
	.id = "sev_es",
	.title = N_("SEV-ES guests"),
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
