// SPDX-License-Identifier: GPL-2.0
/*
 * Check firmware_setting: the firmware's own virtualization setting as
 * Linux sees it through the firmware-attributes class (fwattr.h), shown
 * beside the CPUs' verdict: "'Virtualization' is Disabled", and whether a
 * change waits for a restart. Where the driver lets Linux write it, the
 * advice offers `vtdiag fix`; on a server, the commands that change it
 * from another machine through the BMC (bmc.h).
 *
 * The CPUs' registers stay the verdict: a setting can read Enabled while
 * the CPUs still run with the lock the firmware set at power-on. So this
 * check only warns, and the one FAIL stays cpu_virt's.
 */
#include <fcntl.h>
#include <stdlib.h>

#include "vtdiag/decode.h"
#include "bmc.h"
#include "firmware_setting.h"
#include "i18n.h"
#include "readfile.h"
#include "report.h"

struct facts {
	struct vtdiag_fwattr fw;
	int chassis_type;
};

extern const struct vtdiag_check vtdiag_check_firmware_setting;

/* Fixed in the firmware, on bare metal: as cpu_virt's firmware steps. */
#define FIRMWARE_FIX	(VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) | \
			 VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX) | \
			 VTDIAG_VERDICT(VTDIAG_STATE_INCONSISTENT))

static void *probe(const struct vtdiag_report *report)
{
	struct facts *facts = calloc(1, sizeof(*facts));
	char chassis[16];

	(void)report;
	if (!facts)
		return NULL;
	vtdiag_fwattr_probe(&facts->fw);
	if (!vtdiag_read_first_line(AT_FDCWD, "/sys/class/dmi/id/chassis_type",
				    chassis, sizeof(chassis)))
		facts->chassis_type = atoi(chassis);
	return facts;
}

static const struct facts *facts_of(const struct vtdiag_report *report)
{
	return vtdiag_check_facts(report, &vtdiag_check_firmware_setting);
}

const struct vtdiag_fwattr *vtdiag_report_fwattr(const struct vtdiag_report *report)
{
	const struct facts *facts = facts_of(report);

	return facts ? &facts->fw : NULL;
}

const struct vtdiag_fw_setting *vtdiag_report_fw_switch(const struct vtdiag_report *report)
{
	return vtdiag_fwattr_cpu_switch(vtdiag_report_fwattr(report),
					vtdiag_report_tech(report));
}

int vtdiag_report_chassis_type(const struct vtdiag_report *report)
{
	const struct facts *facts = facts_of(report);

	return facts ? facts->chassis_type : 0;
}

static bool found_any(const struct vtdiag_report *report)
{
	const struct vtdiag_fwattr *fw = vtdiag_report_fwattr(report);

	return fw && fw->nr_settings;
}

static bool switch_pending(const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);

	return sw && vtdiag_fw_setting_driver(vtdiag_report_fwattr(report), sw)->pending_reboot > 0;
}

/* --- judgement ---------------------------------------------------------- */

static void describe_value(struct strbuf *detail,
			   const struct vtdiag_fw_setting *setting)
{
	if (!setting->has_value)
		/* TRANSLATORS: a firmware setting's name */
		strbuf_addf(detail, _("'%s' unreadable"), setting->name);
	else if (!setting->value[0])
		strbuf_addf(detail, _("'%s' empty"), setting->name);
	else
		/* TRANSLATORS: a firmware setting's name, then its value as the firmware spells it */
		strbuf_addf(detail, _("'%s' is %s"), setting->name, setting->value);
}

static bool describe_driver(struct strbuf *detail,
			    const struct vtdiag_fwattr *fw, size_t driver)
{
	size_t i, shown = 0;

	for (i = 0; i < fw->nr_settings; i++) {
		if (fw->settings[i].driver != driver)
			continue;
		if (!shown)
			strbuf_addf(detail, "%s%s: ", detail->len ? "; " : "",
				    fw->drivers[driver].name);
		else
			strbuf_adds(detail, ", ");
		describe_value(detail, &fw->settings[i]);
		shown++;
	}
	if (shown && fw->drivers[driver].pending_reboot > 0)
		strbuf_adds(detail, _("; a change waits for the next restart"));
	return shown;
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const struct vtdiag_fwattr *fw = vtdiag_report_fwattr(report);
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);
	bool pending = false;
	size_t i;

	if (!fw || !fw->class_present) {
		strbuf_adds(detail, _("no firmware-attributes driver: Linux sees no firmware settings here"));
		return VTDIAG_SKIP;
	}
	if (!fw->nr_settings) {
		strbuf_adds(detail, _("no virtualization setting among the firmware-attributes"));
		return VTDIAG_SKIP;
	}
	for (i = 0; i < fw->nr_drivers; i++)
		if (describe_driver(detail, fw, i) && fw->drivers[i].pending_reboot > 0)
			pending = true;
	if (sw && sw->state == VTDIAG_FW_ON &&
	    report->host.verdict == VTDIAG_STATE_DISABLED_BY_FIRMWARE &&
	    vtdiag_report_sampled(report)) {
		strbuf_adds(detail, _("; the CPUs keep it off until a cold power cycle"));
		return VTDIAG_WARN;
	}
	return pending || (sw && sw->state != VTDIAG_FW_ON) ? VTDIAG_WARN : VTDIAG_PASS;
}

/* --- advice ------------------------------------------------------------- */

static bool on_bare_metal(const struct vtdiag_report *report)
{
	return !report->host.hypervisor;
}

static bool switch_off(const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);

	return on_bare_metal(report) && sw && sw->state != VTDIAG_FW_ON &&
	       !switch_pending(report);
}

static bool can_fix(const struct vtdiag_report *report)
{
	return switch_off(report) &&
	       !vtdiag_fw_setting_refusal(vtdiag_report_fwattr(report),
					  vtdiag_report_fw_switch(report));
}

static bool cannot_fix(const struct vtdiag_report *report)
{
	return switch_off(report) && !can_fix(report);
}

/* Set already (or changed and saved): only the power cycle is missing. */
static bool already_set(const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);

	return on_bare_metal(report) && sw &&
	       (sw->state == VTDIAG_FW_ON || switch_pending(report));
}

static bool is_server(const struct vtdiag_report *report)
{
	return on_bare_metal(report) &&
	       (vtdiag_bmc_find(&report->platform.dmi) ||
		vtdiag_chassis_is_server(vtdiag_report_chassis_type(report)));
}

/* --- placeholders (advice.c) --------------------------------------------- */

void vtdiag_fw_fill_setting(struct strbuf *sb, const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);

	strbuf_adds(sb, sw ? sw->name : "");
}

void vtdiag_fw_fill_driver(struct strbuf *sb, const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);

	if (sw)
		strbuf_adds(sb, vtdiag_fw_setting_driver(vtdiag_report_fwattr(report), sw)->name);
}

void vtdiag_fw_fill_value(struct strbuf *sb, const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);

	strbuf_adds(sb, sw && sw->value[0] ? sw->value : _("(unreadable)"));
}

void vtdiag_fw_fill_on_value(struct strbuf *sb, const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);

	strbuf_adds(sb, sw ? sw->on_value : "");
}

void vtdiag_fw_fill_refusal(struct strbuf *sb, const struct vtdiag_report *report)
{
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);
	const char *why = sw ? vtdiag_fw_setting_refusal(vtdiag_report_fwattr(report), sw) :
			  NULL;

	if (why)
		strbuf_adds(sb, _(why));
}

void vtdiag_fw_fill_bmc_name(struct strbuf *sb, const struct vtdiag_report *report)
{
	strbuf_adds(sb, vtdiag_bmc_name(vtdiag_bmc_find(&report->platform.dmi)));
}

void vtdiag_fw_fill_bmc_commands(struct strbuf *sb, const struct vtdiag_report *report)
{
	vtdiag_bmc_commands(sb, vtdiag_bmc_find(&report->platform.dmi),
			    vtdiag_report_tech(report));
}

void vtdiag_fw_fill_bmc_source(struct strbuf *sb, const struct vtdiag_report *report)
{
	strbuf_adds(sb, vtdiag_bmc_source(vtdiag_bmc_find(&report->platform.dmi),
					  vtdiag_report_tech(report)));
}

static const struct vtdiag_advice_rule rules[] = {
	{ "firmware_setting_fix", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX, can_fix, false,
	  N_("Instead of the setup, Linux can change this setting itself through the firmware-attributes driver {fw_driver}: `sudo vtdiag fix` sets \"{fw_setting}\" to {fw_on_value} and nothing else; it shows what it will write and asks first (`sudo vtdiag fix --dry-run` only shows it). Then shut the machine down, wait until it is completely off, and switch it on again."),
	},
	{ "firmware_setting_refused", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX, cannot_fix, false,
	  N_("Linux sees the firmware setting \"{fw_setting}\" (driver {fw_driver}) but vtdiag fix cannot change it: {fw_refusal}. Change it in the firmware setup as above."),
	},
	{ "firmware_setting_pending", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX, already_set, false,
	  N_("The firmware setting \"{fw_setting}\" reads {fw_value} (driver {fw_driver}), or a change to it is saved, but the CPUs still run with what the firmware set at power-on. Nothing needs changing in the setup: shut the machine down, wait until it is completely off, and switch it on again (a restart is not enough)."),
	},
	{ "firmware_setting_bmc", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX, is_server, false,
	  N_("On a server the setting can also be changed from another machine, through {bmc_name}; it counts after a cold power cycle. {bmc_commands} Where the attribute name comes from: {bmc_source}."),
	},
};

const struct vtdiag_check vtdiag_check_firmware_setting = {
	.id = "firmware_setting",
	.title = N_("Firmware setting"),
	.in_text = found_any,
	.probe = probe,
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
