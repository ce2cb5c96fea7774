// SPDX-License-Identifier: GPL-2.0
/*
 * Check tme: Intel Total Memory Encryption, which TDX builds on (its
 * private KeyIDs are TME-MK's). Advice only where the CPU has TDX, which
 * then needs it: TME by itself is the owner's choice.
 */
#include "cc.h"
#include "i18n.h"

/* TDX is there to be had: the CPU has it (any state but unsupported). */
static bool tdx_possible(const struct vtdiag_report *report)
{
	enum vtdiag_cc_readiness tdx = vtdiag_cc_readiness(report, VTDIAG_A_CC_TDX);

	return tdx != VTDIAG_CC_NOT_SUPPORTED && tdx != VTDIAG_CC_UNDETERMINED;
}

static bool tme_off(const struct vtdiag_report *report)
{
	return tdx_possible(report) &&
	       vtdiag_cc_firmware_cause(report, VTDIAG_A_CC_TME,
					VTDIAG_CC_CAUSES_TME_NOT_ENABLED);
}

static bool tme_unlocked(const struct vtdiag_report *report)
{
	return tdx_possible(report) &&
	       !vtdiag_cc_firmware_cause(report, VTDIAG_A_CC_TME,
					 VTDIAG_CC_CAUSES_TME_NOT_ENABLED) &&
	       vtdiag_cc_firmware_cause(report, VTDIAG_A_CC_TME,
					VTDIAG_CC_CAUSES_TME_NOT_LOCKED);
}

static const struct vtdiag_advice_rule rules[] = {
	{ "cc_enable_tme", VTDIAG_STEP_CONFIDENTIAL, 0, tme_off, false,
	  N_("TDX needs Total Memory Encryption: in the firmware setup (on many Intel server boards under Socket Configuration > Processor Configuration) set \"Memory Encryption (TME)\" and \"TME-MT\" (Multi-Tenant) to Enabled; \"TME-MT memory integrity\" stays Disabled. Where TME-MT stays greyed out, \"Limit CPU Physical Address to 46 bits\" may have to be Disabled first. {open_setup}"),
	},
	{ "cc_tme_unlocked", VTDIAG_STEP_CONFIDENTIAL, 0, tme_unlocked, false,
	  N_("The firmware enabled TME but left its configuration unlocked, and Linux uses TME, and so TDX, only once the firmware locked it. Firmware normally does: {firmware_update} {bios_installed}"),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	return vtdiag_cc_judge(report, VTDIAG_A_CC_TME, detail);
}

static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_cc_in_text(report, VTDIAG_A_CC_TME);
}

const struct vtdiag_check vtdiag_check_tme = {
	.id = "tme",
	.title = N_("TME (host memory)"),
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
