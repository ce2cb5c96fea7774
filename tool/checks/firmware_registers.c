// SPDX-License-Identifier: GPL-2.0
/*
 * Check firmware_registers: whether IA32_FEATURE_CONTROL / VM_CR could
 * be read. The module reads them on every CPU (a fault shows per CPU);
 * the fallback needs root and the msr driver.
 */
#include "i18n.h"
#include "report.h"

static bool msr_read_faulted(const struct vtdiag_report *report)
{
	/* Faulted on the CPU itself, not the fallback lacking access to it. */
	return vtdiag_report_msr_faulted(report) &&
	       report->msr_access == VTDIAG_MSR_READ;
}

static bool fallback_not_root(const struct vtdiag_report *report)
{
	return report->fallback && report->msr_access == VTDIAG_MSR_NOT_ROOT;
}

static bool fallback_msr_unusable(const struct vtdiag_report *report)
{
	return report->fallback && report->msr_access != VTDIAG_MSR_READ &&
	       report->msr_access != VTDIAG_MSR_NOT_ROOT;
}

#define UNREAD	(VTDIAG_VERDICT(VTDIAG_STATE_UNKNOWN) | \
		 VTDIAG_VERDICT(VTDIAG_STATE_INCONSISTENT))

static const struct vtdiag_advice_rule rules[] = {
	{ "fallback_needs_root", VTDIAG_STEP_CPU_NOTES, UNREAD,
	  fallback_not_root, false,
	  N_("Without the vtdiag module, vtdiag reads how the firmware set up {tech} from a CPU register that only root may read: run `sudo vtdiag`."),
	},
	{ "fallback_msr_unavailable", VTDIAG_STEP_CPU_NOTES, UNREAD,
	  fallback_msr_unusable, false,
	  N_("Without the vtdiag module, vtdiag reads how the firmware set up {tech} through the msr driver, which is not usable here ({msr_unavailable}). Load the vtdiag module instead, or check the virtualization option in the BIOS/UEFI setup by hand."),
	},
	{ "msr_unreadable", VTDIAG_STEP_CPU_NOTES, UNREAD, msr_read_faulted,
	  false,
	  N_("The firmware's virtualization control register could not be read on {unknown_cpus}. Some virtual machines and some firmware refuse that read. Check the virtualization option in the BIOS/UEFI setup by hand, and look for vtdiag messages in the kernel log: `sudo dmesg | grep vtdiag`."),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const char *why = vtdiag_report_unavailable(report, "msr");

	if (why) {
		strbuf_adds(detail, _("unknown: "));
		strbuf_adds(detail, why);
		return VTDIAG_WARN;
	}
	if (!vtdiag_report_sampled(report)) {
		strbuf_adds(detail, _("not read"));
		return VTDIAG_SKIP;
	}
	if (vtdiag_report_msr_faulted(report)) {
		strbuf_adds(detail, _("the read faulted on "));
		vtdiag_add_cpu_list(detail, report, vtdiag_cpu_msr_faulted, NULL);
		return VTDIAG_WARN;
	}
	strbuf_adds(detail, _("read on every CPU"));
	return VTDIAG_PASS;
}

/* The text report tells only what the fallback lacks. */
static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_report_unavailable(report, "msr") != NULL;
}

const struct vtdiag_check vtdiag_check_firmware_registers = {
	.id = "firmware_registers",
	.title = N_("Firmware registers"),
	.in_text = in_text,
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
