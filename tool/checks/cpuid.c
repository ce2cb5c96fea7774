// SPDX-License-Identifier: GPL-2.0
/*
 * Check cpuid: whether every online CPU's CPUID was read. The module
 * reads it on each CPU; the fallback may miss CPUs it cannot run on.
 */
#include "i18n.h"
#include "report.h"

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const char *why = vtdiag_report_unavailable(report, "cpuid");

	if (why) {
		strbuf_adds(detail, why);
		return VTDIAG_WARN;
	}
	if (!vtdiag_report_sampled(report)) {
		strbuf_adds(detail, _("not read"));
		return VTDIAG_SKIP;
	}
	strbuf_addf(detail, P_("read on %zu CPU", "read on %zu CPUs",
			       report->nr_cpus), report->nr_cpus);
	return VTDIAG_PASS;
}

/* The text report tells only what the fallback lacks. */
static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_report_unavailable(report, "cpuid") != NULL;
}

const struct vtdiag_check vtdiag_check_cpuid = {
	.id = "cpuid",
	.title = N_("CPUID"),
	.in_text = in_text,
	.judge = judge,
};
