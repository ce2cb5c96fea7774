// SPDX-License-Identifier: GPL-2.0
/*
 * Check dev_kvm: whether /dev/kvm exists, with its owner and mode.
 */
#include "i18n.h"
#include "report.h"

static bool dev_kvm_missing(const struct vtdiag_report *report)
{
	/* Never registered: kvm_init_failed says why it is missing. */
	return !vtdiag_kvm_missing(report) && !report->os.dev_kvm_exists &&
	       vtdiag_kvm_registered(report) != 0;
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	if (!report->os.dev_kvm_exists) {
		strbuf_adds(detail, _("missing"));
		return vtdiag_os_status(report, false);
	}
	strbuf_adds(detail, _("present, "));
	vtdiag_describe_dev_kvm(detail, &report->os);
	return VTDIAG_PASS;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "dev_kvm_missing", VTDIAG_STEP_DEVICE, VTDIAG_OS_SIDE, dev_kvm_missing,
	  false,
	  N_("/dev/kvm is missing although KVM is loaded. In a container, pass the device in, for example with `docker run --device /dev/kvm`. Otherwise check that /dev is a devtmpfs mount with `findmnt /dev` and restart the machine."),
	},
};

const struct vtdiag_check vtdiag_check_dev_kvm = {
	.id = "dev_kvm",
	.title = "/dev/kvm",
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
