// SPDX-License-Identifier: GPL-2.0
/*
 * Check kvm_core: the kvm module, which every vendor module needs. Its
 * advice loads KVM (the vendor module brings kvm along).
 */
#include "i18n.h"
#include "report.h"

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	__u32 core = vtdiag_report_kvm_core(report);

	strbuf_addf(detail, "kvm: %s", vtdiag_kvm_state_phrase(core));
	return vtdiag_os_status(report, vtdiag_kvm_usable(core));
}

static const struct vtdiag_advice_rule rules[] = {
	{ "kvm_not_loaded", VTDIAG_STEP_KVM, VTDIAG_FIRMWARE_ALLOWS,
	  vtdiag_kvm_missing, false,
	  N_("Load KVM (the kvm core module comes with it): `sudo modprobe {vendor_module}`. To load it at every boot: `echo {vendor_module} | sudo tee /etc/modules-load.d/kvm.conf`."),
	},
};

const struct vtdiag_check vtdiag_check_kvm_core = {
	.id = "kvm_core",
	.title = N_("KVM core module"),
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
