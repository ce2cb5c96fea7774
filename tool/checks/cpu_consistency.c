// SPDX-License-Identifier: GPL-2.0
/*
 * Check cpu_consistency: whether all online CPUs are in the same state.
 * Firmware that forgets some cores (after a resume, say) shows here; the
 * advice for it is the verdict's own (cpu_virt, "inconsistent").
 */
#include "vtdiag/decode.h"
#include "i18n.h"
#include "report.h"

static bool cpus_agree(const struct vtdiag_report *report)
{
	size_t i;

	for (i = 1; i < report->nr_cpus; i++)
		if (vtdiag_known_state(report->cpus[i].state) !=
		    vtdiag_known_state(report->cpus[0].state))
			return false;
	return true;
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	if (!report->nr_cpus) {
		strbuf_adds(detail, _("no per-CPU data"));
		return VTDIAG_WARN;
	}
	if (cpus_agree(report)) {
		if (report->nr_cpus == 1)
			strbuf_adds(detail, _("1 CPU: "));
		else
			strbuf_addf(detail, _("all %zu CPUs: "), report->nr_cpus);
		strbuf_adds(detail, _(vtdiag_state_meaning(report->cpus[0].state)));
		return VTDIAG_PASS;
	}
	vtdiag_describe_cpu_states(detail, report);
	return VTDIAG_FAIL;
}

const struct vtdiag_check vtdiag_check_cpu_consistency = {
	.id = "cpu_consistency",
	.title = N_("CPU consistency"),
	.judge = judge,
};
