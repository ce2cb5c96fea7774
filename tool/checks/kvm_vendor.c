// SPDX-License-Identifier: GPL-2.0
/*
 * Check kvm_vendor: the vendor module that runs guests (kvm_intel or
 * kvm_amd as the CPU needs, or another that holds kvm, such as the
 * paravirtual kvm_pvm), and whether it registered /dev/kvm.
 */
#include <string.h>

#include "i18n.h"
#include "report.h"

/*
 * A vendor module is in the kernel, yet KVM registered no /dev/kvm: its
 * initialisation failed. With the firmware's switch off that is said by
 * the firmware steps; otherwise the kernel log has the reason.
 */
static bool kvm_init_failed(const struct vtdiag_report *report)
{
	__u32 vendor_state;

	if (vtdiag_kvm_registered(report) != 0)
		return false;
	if (vtdiag_report_other_provider(report))
		return true;
	return vtdiag_firmware_allows(report) &&
	       vtdiag_report_kvm_vendor(report, &vendor_state) &&
	       vtdiag_kvm_usable(vendor_state);
}

static bool kvm_through_pvm(const struct vtdiag_report *report)
{
	const char *other = vtdiag_kvm_other_vendor(report);
	const struct vtdiag_kvm_vendor_info *info =
		other ? vtdiag_kvm_vendor_find(other) : NULL;

	return info && !info->hardware_virt;
}

static bool kvm_through_unknown_vendor(const struct vtdiag_report *report)
{
	const char *other = vtdiag_kvm_other_vendor(report);

	return other && !vtdiag_kvm_vendor_find(other);
}

/*
 * A vendor module in the kernel that registered no /dev/kvm: its
 * initialisation failed. Why, when the verdict tells.
 */
static void add_kvm_not_started(struct strbuf *detail,
				const struct vtdiag_report *report)
{
	const char *tech = vtdiag_tech_label(vtdiag_report_tech(report));

	switch (vtdiag_report_sampled(report) ? report->host.verdict :
		VTDIAG_STATE_UNKNOWN) {
	case VTDIAG_STATE_DISABLED_BY_FIRMWARE:
	case VTDIAG_STATE_DISABLED_OUTSIDE_SMX:
		strbuf_adds(detail, _(", but virtualization is disabled in the firmware, so KVM did not start (no /dev/kvm)"));
		break;
	case VTDIAG_STATE_UNSUPPORTED:
	case VTDIAG_STATE_HIDDEN_BY_HYPERVISOR:
		strbuf_addf(detail, _(", but this machine offers no %s, so KVM did not start (no /dev/kvm)"),
			    tech);
		break;
	default:
		strbuf_adds(detail, _(", but KVM did not start: it registered no /dev/kvm"));
	}
}

/* "kvm_pvm: built into the kernel (PVM, paravirtual: needs no VT-x/AMD-V)" */
static void add_provider(struct strbuf *detail,
			 const struct vtdiag_kvm_provider *provider)
{
	const struct vtdiag_kvm_vendor_info *info =
		vtdiag_kvm_vendor_find(provider->module);

	strbuf_addf(detail, "%s: %s", provider->module,
		    vtdiag_kvm_state_phrase(provider->state));
	if (info && !info->hardware_virt)
		strbuf_adds(detail, _(" (PVM, paravirtual: needs no VT-x/AMD-V)"));
}

/* A vendor module other than kvm_intel/kvm_amd, and the one the CPU would need. */
static enum vtdiag_status check_other_vendor(const struct vtdiag_report *report,
					     const struct vtdiag_kvm_provider *other,
					     struct strbuf *detail)
{
	const char *vendor_module = vtdiag_report_vendor_module(report);
	int registered = vtdiag_kvm_registered(report);
	__u32 vendor_state;

	add_provider(detail, other);
	if (!registered)
		add_kvm_not_started(detail, report);
	/* kvm_amd absent is no problem here: it cannot be beside kvm_pvm. */
	if (vendor_module && vtdiag_report_kvm_vendor(report, &vendor_state) &&
	    vtdiag_kvm_usable(vendor_state) && strcmp(vendor_module, other->module))
		strbuf_addf(detail, "; %s: %s", vendor_module,
			    vtdiag_kvm_state_phrase(vendor_state));
	return registered > 0 ? VTDIAG_PASS :
	       registered == 0 ? VTDIAG_FAIL : VTDIAG_WARN;
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const struct vtdiag_kvm_provider *other = vtdiag_report_other_provider(report);
	__u32 vendor_state;

	if (other)
		return check_other_vendor(report, other, detail);
	if (!vtdiag_report_kvm_vendor(report, &vendor_state)) {
		strbuf_adds(detail, _("not known: the CPU vendor is unknown"));
		return VTDIAG_WARN;
	}
	strbuf_addf(detail, "%s: %s", vtdiag_report_vendor_module(report),
		    vtdiag_kvm_state_phrase(vendor_state));
	if (vtdiag_kvm_usable(vendor_state) && !vtdiag_kvm_registered(report)) {
		add_kvm_not_started(detail, report);
		return vtdiag_os_status(report, false);
	}
	return vtdiag_os_status(report, vtdiag_kvm_usable(vendor_state));
}

static const struct vtdiag_advice_rule rules[] = {
	{ "kvm_paravirtual", VTDIAG_STEP_KVM_ELSEWHERE, VTDIAG_OTHER_VENDOR,
	  kvm_through_pvm, false,
	  N_("KVM runs here through {kvm_provider}: PVM, a KVM vendor module that runs guests without hardware virtualization, so it needs no {tech} (and, in a virtual machine, no nested virtualization). Its guests need a kernel built for PVM; an unmodified distribution kernel does not boot under it. kvm_intel and kvm_amd cannot be loaded beside it."),
	},
	{ "kvm_other_vendor_module", VTDIAG_STEP_KVM_ELSEWHERE,
	  VTDIAG_OTHER_VENDOR, kvm_through_unknown_vendor,
	  false,
	  N_("KVM runs here through {kvm_provider}, a KVM vendor module other than kvm_intel and kvm_amd, which vtdiag does not know. It registered /dev/kvm, so vtdiag does not go by the CPU's {tech} here; what its guests need, its documentation says."),
	},
	{ "kvm_init_failed", VTDIAG_STEP_KVM, 0, kvm_init_failed, false,
	  N_("KVM ({kvm_provider}) is in the kernel, but its initialisation failed: it registered no /dev/kvm (there is no /sys/class/misc/kvm). The kernel log says why: `sudo dmesg | grep -i kvm`."),
	},
};

const struct vtdiag_check vtdiag_check_kvm_vendor = {
	.id = "kvm_vendor",
	.title = N_("KVM vendor module"),
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
