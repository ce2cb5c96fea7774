// SPDX-License-Identifier: GPL-2.0
/*
 * Check libvirt: whether libvirt (libvirtd or virtqemud) is installed and
 * its daemon runs. QEMU's check asks for both when both are missing.
 */
#include "distro.h"
#include "i18n.h"
#include "report.h"

static bool libvirt_only_missing(const struct vtdiag_report *report)
{
	return vtdiag_report_distro(report) && !vtdiag_qemu_missing(report) &&
	       vtdiag_libvirt_missing(report);
}

static bool libvirt_missing_unknown_distro(const struct vtdiag_report *report)
{
	return !vtdiag_report_distro(report) && vtdiag_libvirt_missing(report);
}

static bool libvirt_stopped(const struct vtdiag_report *report)
{
	return report->platform.libvirt == VTDIAG_LIBVIRT_INACTIVE;
}

/* "libvirtd installed; could not check...: systemctl did not answer within 4 s" */
static bool add_systemctl_timeout(struct strbuf *detail,
				  const struct vtdiag_platform *platform,
				  const char *daemon)
{
	char why[VTDIAG_UNAVAILABLE_WHY_LEN];

	if (!platform->systemctl_timeout_ms)
		return false;
	vtdiag_helper_timeout_text(why, sizeof(why), "systemctl",
				   platform->systemctl_timeout_ms);
	strbuf_addf(detail, _("%s installed; could not check whether it runs: %s"),
		    daemon, why);
	return true;
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const struct vtdiag_platform *platform = &report->platform;
	const char *daemon = platform->libvirtd[0] ? "libvirtd" : "virtqemud";

	switch (platform->libvirt) {
	case VTDIAG_LIBVIRT_ACTIVE:
		strbuf_addf(detail, _("%s active"), platform->libvirt_unit);
		return VTDIAG_PASS;
	case VTDIAG_LIBVIRT_INACTIVE:
		strbuf_addf(detail, _("%s installed, not running"), daemon);
		return VTDIAG_WARN;
	case VTDIAG_LIBVIRT_UNCHECKED:
		if (add_systemctl_timeout(detail, platform, daemon))
			return VTDIAG_WARN;
		if (platform->systemd)
			strbuf_addf(detail, _("%s installed; could not check whether it runs: systemctl did not answer"),
				    daemon);
		else
			strbuf_addf(detail, _("%s installed; could not check whether it runs: systemd is not running"),
				    daemon);
		return VTDIAG_WARN;
	default:
		strbuf_adds(detail, _("not installed"));
		return VTDIAG_WARN;
	}
}

static const struct vtdiag_advice_rule rules[] = {
	{ "install_libvirt", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  libvirt_only_missing, false,
	  N_("To manage guests with virsh or virt-manager, install libvirt: `{install_libvirt}`"),
	},
	{ "install_libvirt_generic", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  libvirt_missing_unknown_distro, false,
	  N_("To manage guests with virsh or virt-manager, install libvirt with your distribution's package manager; the package is usually called libvirt or libvirt-daemon-system."),
	},
	{ "start_libvirt", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  libvirt_stopped, false,
	  N_("libvirt is installed, but its daemon is not running. Start it now and at every boot: `sudo systemctl enable --now {libvirt_unit}`"),
	},
};

const struct vtdiag_check vtdiag_check_libvirt = {
	.id = "libvirt",
	.title = "libvirt",
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
