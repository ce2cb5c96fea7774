// SPDX-License-Identifier: GPL-2.0
/*
 * Check data_source: where the CPU data came from. The module is the
 * whole truth; without it the tool reads the CPUs itself (fallback.c) and
 * says so. Its advice gets the module loaded first: every other step
 * reads better with it.
 */
#include "i18n.h"
#include "report.h"

static bool module_missing(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_MISSING &&
	       !report->secure_boot_rejected;
}

static bool secure_boot_rejected(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_MISSING &&
	       report->secure_boot_rejected && !report->mok_certificate_missing;
}

/* Refused, and DKMS has no key to enrol: it signed nothing. */
static bool secure_boot_unsigned(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_MISSING &&
	       report->secure_boot_rejected && report->mok_certificate_missing;
}

static bool module_failed(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_FAILED;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "secure_boot_module_rejected", VTDIAG_STEP_MODULE, 0,
	  secure_boot_rejected, true,
	  N_("Secure Boot is on and the installed vtdiag module ({module_file}) is not loaded: the kernel refuses modules not signed with a key the firmware trusts (insmod says \"Key was rejected by service\"). DKMS signs the modules it builds with its own key; enrol that key once with `sudo mokutil --import {mok_certificate}`, reboot, choose \"Enroll MOK\" in the blue MOK manager screen and type the password you set, then run `sudo modprobe vtdiag`. Until then vtdiag reads the CPUs itself, without the module."),
	},
	/*
	 * Debian 11's DKMS 2.8 signs only through the sign_tool of its
	 * framework.conf; the example it ships, /etc/dkms/sign_helper.sh,
	 * signs with /root/mok.priv and /root/mok.der. DKMS 3 makes its key
	 * at the first build.
	 */
	{ "secure_boot_module_unsigned", VTDIAG_STEP_MODULE, 0,
	  secure_boot_unsigned, true,
	  N_("Secure Boot is on and the installed vtdiag module ({module_file}) is not loaded: the kernel refuses modules not signed with a key the firmware trusts, and DKMS has no signing key here ({mok_certificate} does not exist), so it signed nothing. DKMS before 3.0 (Debian 11's 2.8) signs only through the sign_tool of /etc/dkms/framework.conf; the example it ships, /etc/dkms/sign_helper.sh, signs with /root/mok.priv and /root/mok.der. Make that key with `sudo openssl req -new -x509 -newkey rsa:2048 -nodes -days 36500 -subj \"/CN=DKMS module signing key\" -outform DER -keyout /root/mok.priv -out /root/mok.der`, set `sign_tool=\"/etc/dkms/sign_helper.sh\"` in /etc/dkms/framework.conf, rebuild the module with `sudo apt install --reinstall vtdiag-dkms` (`sudo dnf reinstall vtdiag-dkms` on RPM systems), and enrol the key with `sudo mokutil --import /root/mok.der`. DKMS 3.0 and later make {mok_certificate} at their next build instead: reinstall vtdiag-dkms the same way, then enrol {mok_certificate}. Reboot, choose \"Enroll MOK\" in the blue MOK manager screen, type the password you set, then run `sudo modprobe vtdiag`. Until then vtdiag reads the CPUs itself, without the module."),
	},
	{ "module_not_loaded", VTDIAG_STEP_MODULE, 0, module_missing, true,
	  N_("The vtdiag kernel module is not loaded, so the firmware settings cannot be read. Load it from the installed package with `sudo modprobe vtdiag` or from the build tree with `sudo insmod kmod/vtdiag.ko`, then run vtdiag again."),
	},
	{ "module_query_failed", VTDIAG_STEP_MODULE, 0, module_failed, true,
	  N_("The vtdiag kernel module did not answer ({module_error}). Look for its messages in the kernel log: `sudo dmesg | grep vtdiag`. Reload it: `sudo rmmod vtdiag && sudo modprobe vtdiag`. Then run vtdiag again."),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const char *why = vtdiag_report_unavailable(report, "module");

	if (report->module == VTDIAG_MODULE_OK) {
		strbuf_addf(detail, _("vtdiag module %s"),
			    report->host.module_version[0] ?
			    report->host.module_version : "?");
		return VTDIAG_PASS;
	}
	if (report->fallback) {
		strbuf_adds(detail, _("fallback: vtdiag module "));
		strbuf_adds(detail, why ? why : _("not loaded"));
		return VTDIAG_WARN;
	}
	/* No CPU data at all: the CPU line and the steps say why. */
	strbuf_adds(detail, _("not read: the vtdiag module did not answer"));
	return VTDIAG_SKIP;
}

/* The text report tells only what the fallback lacks. */
static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_report_unavailable(report, "module") != NULL;
}

const struct vtdiag_check vtdiag_check_data_source = {
	.id = "data_source",
	.title = N_("Data source"),
	.in_text = in_text,
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
