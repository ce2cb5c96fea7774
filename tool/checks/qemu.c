// SPDX-License-Identifier: GPL-2.0
/*
 * Check qemu: whether a QEMU system emulator is installed. KVM works
 * without it (other VMMs exist), so a missing QEMU only warns.
 */
#include "distro.h"
#include "i18n.h"
#include "report.h"

static bool qemu_libvirt_missing(const struct vtdiag_report *report)
{
	return vtdiag_report_distro(report) && vtdiag_qemu_missing(report) &&
	       vtdiag_libvirt_missing(report);
}

static bool qemu_only_missing(const struct vtdiag_report *report)
{
	return vtdiag_report_distro(report) && vtdiag_qemu_missing(report) &&
	       !vtdiag_libvirt_missing(report);
}

static bool qemu_missing_unknown_distro(const struct vtdiag_report *report)
{
	return !vtdiag_report_distro(report) && vtdiag_qemu_missing(report);
}

/* The userspace only advises: KVM itself works without it (other VMMs). */
static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	if (!report->platform.qemu[0]) {
		strbuf_adds(detail, _("not installed"));
		return VTDIAG_WARN;
	}
	strbuf_addf(detail, _("installed: %s"), report->platform.qemu);
	return VTDIAG_PASS;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "install_qemu_libvirt", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  qemu_libvirt_missing, false,
	  N_("Install QEMU, which runs the guests, and libvirt, which manages them (virsh, virt-manager): `{install_qemu_libvirt}`"),
	},
	{ "install_qemu", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  qemu_only_missing, false,
	  N_("Install QEMU, which runs the guests: `{install_qemu}`"),
	},
	{ "install_qemu_generic", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  qemu_missing_unknown_distro, false,
	  N_("Install QEMU, which runs the guests, with your distribution's package manager; the package is usually called qemu-system-x86, qemu-kvm or qemu-full."),
	},
};

const struct vtdiag_check vtdiag_check_qemu = {
	.id = "qemu",
	.title = "QEMU",
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
