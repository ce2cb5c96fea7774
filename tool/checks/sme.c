// SPDX-License-Identifier: GPL-2.0
/*
 * Check sme: AMD Secure Memory Encryption of this host's own memory, as
 * the firmware left it ("SMEE") and whether the kernel uses it
 * (mem_encrypt=on). Informational: SEV guests need SMEE on, not SME in
 * use, so the sev check carries the advice. Confidential computing never
 * changes the exit status (cc.h).
 */
#include "cc.h"
#include "i18n.h"

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	return vtdiag_cc_judge(report, VTDIAG_A_CC_SME, detail);
}

static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_cc_in_text(report, VTDIAG_A_CC_SME);
}

const struct vtdiag_check vtdiag_check_sme = {
	.id = "sme",
	.title = N_("SME (host memory)"),
	.judge = judge,
	.in_text = in_text,
};
