// SPDX-License-Identifier: GPL-2.0
/*
 * Check tdx: Intel TDX guests. The firmware must set up the SEAM range
 * for the TDX module ("TDX", "SEAM Loader") and give TDX private KeyIDs
 * ("TME-MT/TDX key split"); the kernel must load the TDX module, and KVM
 * runs TDX guests only with kvm_intel.tdx=1 (off by default) and
 * kvm.enable_virt_at_load=1. The module's state comes from the kernel
 * log where this user may read it (cc_os.c).
 */
#include "cc.h"
#include "i18n.h"

#define TDX	VTDIAG_A_CC_TDX

static bool seamrr_off(const struct vtdiag_report *report)
{
	return vtdiag_cc_firmware_cause(report, TDX, VTDIAG_CC_CAUSES_SEAMRR_OFF);
}

static bool no_keyids(const struct vtdiag_report *report)
{
	return vtdiag_cc_firmware_cause(report, TDX, VTDIAG_CC_CAUSES_NO_TDX_KEYIDS);
}

static bool kernel_without_tdx(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, TDX, VTDIAG_CC_GAP_KVM_NO_PARAM);
}

static bool tdx_param_off(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, TDX, VTDIAG_CC_GAP_KVM_OFF);
}

static bool virt_at_load_off(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, TDX, VTDIAG_CC_GAP_VIRT_AT_LOAD);
}

static bool module_failed(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, TDX, VTDIAG_CC_GAP_TDX_MODULE);
}

static const struct vtdiag_advice_rule rules[] = {
	{ "cc_enable_tdx", VTDIAG_STEP_CONFIDENTIAL, 0, seamrr_off, false,
	  N_("The firmware set up no memory range for the TDX module. In the firmware setup (on many Intel server boards under Socket Configuration > Processor Configuration) set \"Trust Domain Extension (TDX)\" and \"TDX Secure Arbitration Mode Loader (SEAM Loader)\" to Enabled; they appear once \"Memory Encryption (TME)\" and \"TME-MT\" are enabled. {open_setup}"),
	},
	{ "cc_tdx_keyids", VTDIAG_STEP_CONFIDENTIAL, 0, no_keyids, false,
	  N_("TDX needs private KeyIDs, at least 2 (the TDX module keeps one), and the firmware gave it fewer. In the firmware setup (Socket Configuration > Processor Configuration on many Intel server boards) set \"TME-MT/TDX key split\" to a non-zero value. {open_setup}"),
	},
	{ "cc_tdx_kernel", VTDIAG_STEP_CONFIDENTIAL, 0, kernel_without_tdx, false,
	  N_("This kernel's KVM cannot run TDX guests: kvm_intel has no tdx parameter. Boot a kernel built with TDX host support (CONFIG_INTEL_TDX_HOST and KVM's TDX support), such as the one of a distribution's TDX host release."),
	},
	{ "cc_tdx_kvm_param", VTDIAG_STEP_CONFIDENTIAL, 0, tdx_param_off, false,
	  N_("KVM runs TDX guests only when asked to: add kvm_intel.tdx=1 and nohibernate (TDX does not survive hibernation) to the kernel command line and restart. On Debian and Ubuntu: add them to GRUB_CMDLINE_LINUX in /etc/default/grub, then `sudo update-grub`"),
	},
	{ "cc_tdx_virt_at_load", VTDIAG_STEP_CONFIDENTIAL, 0, virt_at_load_off, false,
	  N_("TDX needs KVM to switch VT-x on when it loads, and kvm.enable_virt_at_load is 0. Remove kvm.enable_virt_at_load=0 from the kernel command line and /etc/modprobe.d (1 is the default), then restart."),
	},
	{ "cc_tdx_module", VTDIAG_STEP_CONFIDENTIAL, 0, module_failed, false,
	  N_("The firmware enables TDX, but the TDX module did not start. The module comes with the firmware on most servers, and a newer one with a BIOS update: {firmware_update} The kernel log says why: `sudo dmesg | grep -i tdx`"),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	return vtdiag_cc_judge(report, TDX, detail);
}

static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_cc_in_text(report, TDX);
}

const struct vtdiag_check vtdiag_check_tdx = {
	.id = "tdx",
	.title = N_("TDX guests"),
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
