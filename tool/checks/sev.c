// SPDX-License-Identifier: GPL-2.0
/*
 * Check sev: AMD SEV guests. The firmware's part comes from the decoder
 * (SMEE, the SMM lock, ASIDs); the operating system's from cc_os.c: KVM's
 * own result in kvm_amd.sev (on by default and rewritten at load, so N
 * means KVM found something missing, not that nobody asked) and the PSP
 * driver's /dev/sev. The firmware steps that SEV-ES and SEV-SNP share
 * (SMEE, the SMM lock) are given here, once.
 */
#include "cc.h"
#include "i18n.h"
#include "kmodinfo.h"

#define SEV	VTDIAG_A_CC_SEV

/* Any SEV guest kind is kept off by @cause: SEV-ES and SNP share them. */
static bool any_sev_cause(const struct vtdiag_report *report, __u32 cause)
{
	return vtdiag_cc_firmware_cause(report, VTDIAG_A_CC_SEV, cause) ||
	       vtdiag_cc_firmware_cause(report, VTDIAG_A_CC_SEV_ES, cause) ||
	       vtdiag_cc_firmware_cause(report, VTDIAG_A_CC_SEV_SNP, cause);
}

static bool smee_off(const struct vtdiag_report *report)
{
	return any_sev_cause(report, VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF);
}

static bool smm_unlocked(const struct vtdiag_report *report)
{
	return any_sev_cause(report, VTDIAG_CC_CAUSES_SMM_UNLOCKED);
}

static bool no_sev_asids(const struct vtdiag_report *report)
{
	return vtdiag_cc_firmware_cause(report, SEV, VTDIAG_CC_CAUSES_NO_SEV_ASIDS);
}

static bool no_dev_sev(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, SEV, VTDIAG_CC_GAP_NO_DEV_SEV);
}

static bool ccp_not_loaded(const struct vtdiag_report *report)
{
	return no_dev_sev(report) &&
	       report->cc_os.ccp == VTDIAG_KMOD_AVAILABLE;
}

static bool ccp_not_built(const struct vtdiag_report *report)
{
	return no_dev_sev(report) && report->cc_os.ccp == VTDIAG_KMOD_MISSING;
}

/* The driver is in, yet no /dev/sev: the PSP did not set SEV up. */
static bool psp_without_sev(const struct vtdiag_report *report)
{
	return no_dev_sev(report) &&
	       (report->cc_os.ccp == VTDIAG_KMOD_LOADED ||
		report->cc_os.ccp == VTDIAG_KMOD_BUILTIN);
}

/* KVM's result is N although the firmware and the PSP are ready. */
static bool kvm_left_off(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, SEV, VTDIAG_CC_GAP_KVM_OFF) &&
	       !no_dev_sev(report);
}

static bool kvm_without_sev(const struct vtdiag_report *report)
{
	return vtdiag_cc_gap(report, SEV, VTDIAG_CC_GAP_KVM_NO_PARAM);
}

static const struct vtdiag_advice_rule rules[] = {
	{ "cc_enable_smee", VTDIAG_STEP_CONFIDENTIAL, 0, smee_off, false,
	  N_("SEV, SEV-ES and SEV-SNP guests need memory encryption, which the firmware has off: in the firmware setup set \"SMEE\" (Secure Memory Encryption Enable; on AMD server boards under AMD CBS > CPU Common Options) to Enabled.{cc_oem_smee} {open_setup}"),
	},
	{ "cc_smm_unlocked", VTDIAG_STEP_CONFIDENTIAL, 0, smm_unlocked, false,
	  N_("The firmware left SMM unlocked (HWCR.SMMLOCK is 0), and Linux then keeps SEV off. Firmware for SEV-capable servers normally locks it: {firmware_update} {bios_installed}"),
	},
	{ "cc_sev_asids", VTDIAG_STEP_CONFIDENTIAL, 0, no_sev_asids, false,
	  N_("No ASID is left for SEV guests: the firmware gave every ASID to SEV-ES and SEV-SNP guests. In the firmware setup (on AMD server boards under AMD CBS > CPU Common Options) lower \"SEV-ES ASID Space Limit\" below the number of ASIDs, so that some remain for SEV guests.{cc_oem_es_asids}"),
	},
	{ "cc_load_ccp", VTDIAG_STEP_CONFIDENTIAL, 0, ccp_not_loaded, false,
	  N_("KVM runs SEV guests through the AMD Platform Security Processor, whose driver (ccp, /dev/sev) is not loaded. Load it, then reload KVM's AMD module, which looks for it only when it loads: `sudo modprobe ccp` `sudo modprobe -r kvm_amd` `sudo modprobe kvm_amd`"),
	},
	{ "cc_ccp_not_built", VTDIAG_STEP_CONFIDENTIAL, 0, ccp_not_built, false,
	  N_("This kernel was built without the AMD Platform Security Processor driver (ccp with CONFIG_CRYPTO_DEV_SP_PSP), which KVM needs for SEV guests. Boot a kernel built with it; distribution kernels are."),
	},
	{ "cc_psp_without_sev", VTDIAG_STEP_CONFIDENTIAL, 0, psp_without_sev, false,
	  N_("The AMD Platform Security Processor driver (ccp) is there but made no /dev/sev: the PSP did not start SEV. The kernel log says why: `sudo dmesg | grep -i -e ccp -e sev`. An old PSP firmware comes up to date with the BIOS: {firmware_update}"),
	},
	{ "cc_sev_kvm_off", VTDIAG_STEP_CONFIDENTIAL, 0, kvm_left_off, false,
	  N_("KVM turned SEV off when it loaded. kvm_amd.sev shows KVM's result, not a request: it is on by default, so setting kvm_amd.sev=1 helps only where kvm_amd.sev=0 was set on purpose (kernel command line, /etc/modprobe.d). KVM also needs nested paging (kvm_amd.npt). Its reason is in the kernel log: `sudo dmesg | grep -i -e sev -e kvm_amd`"),
	},
	{ "cc_sev_kvm_not_built", VTDIAG_STEP_CONFIDENTIAL, 0, kvm_without_sev, false,
	  N_("This kernel's KVM was built without SEV support (CONFIG_KVM_AMD_SEV): kvm_amd has no sev parameter. Boot a kernel built with it; distribution kernels are."),
	},
};

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	return vtdiag_cc_judge(report, SEV, detail);
}

static bool in_text(const struct vtdiag_report *report)
{
	return vtdiag_cc_in_text(report, SEV);
}

const struct vtdiag_check vtdiag_check_sev = {
	.id = "sev",
	.title = N_("SEV guests"),
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
