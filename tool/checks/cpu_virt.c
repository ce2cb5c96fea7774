// SPDX-License-Identifier: GPL-2.0
/*
 * Check cpu_virt: the host verdict, what the firmware did with VT-x /
 * AMD-V on every CPU. Its advice is the firmware setup on bare metal:
 * what is wrong, how to get into the setup, what to switch, and whether a
 * restart or a cold boot makes it count; then what else the CPUs' reading
 * explains (why other tools say "no", an unknown vendor).
 */
#include "vtdiag/decode.h"
#include "i18n.h"
#include "report.h"

/* Fixed in the firmware setup, on bare metal (under a hypervisor: nesting). */
#define FIRMWARE_FIX	(VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) | \
			 VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX) | \
			 VTDIAG_VERDICT(VTDIAG_STATE_INCONSISTENT))

static bool on_bare_metal(const struct vtdiag_report *report)
{
	return !report->host.hypervisor;
}

static bool vendor_unknown(const struct vtdiag_report *report)
{
	return vtdiag_report_tech(report) == VTDIAG_TECH_NONE;
}

static bool unknown_other_cause(const struct vtdiag_report *report)
{
	return !vendor_unknown(report) && !vtdiag_report_msr_faulted(report);
}

/* The kernel dropped vmx/svm from /proc/cpuinfo: other tools say "no". */
static bool kernel_hides_flag(const struct vtdiag_report *report)
{
	return vtdiag_report_kernel_flag(report) == 0;
}

/*
 * Linux locks an IA32_FEATURE_CONTROL left unlocked at boot, with VMX on
 * only when built with KVM_INTEL (arch/x86/kernel/cpu/feat_ctl.c): a
 * kernel without it locks VMX off itself. Under tboot the kernel is not
 * the one to lock it first.
 */
static bool kernel_locked_vmx_off(const struct vtdiag_report *report)
{
	const struct vtdiag_host *host = &report->host;

	return vtdiag_report_tech(report) == VTDIAG_TECH_VMX &&
	       host->has_kernel_policy && host->kernel_locks_feat_ctl &&
	       !host->kernel_enables_vmx && !host->tboot;
}

/* Inside SMX (tboot) only FEATURE_CONTROL's inside-SMX enable counts. */
static bool txt_vmx_disabled(const struct vtdiag_report *report)
{
	return on_bare_metal(report) &&
	       vtdiag_report_tech(report) == VTDIAG_TECH_VMX &&
	       report->host.has_kernel_policy && report->host.tboot;
}

/* Firmware setup on bare metal: a CPU the firmware left switched off. */
static bool cpu_firmware_off(const struct vtdiag_cpu *cpu)
{
	return cpu->state == VTDIAG_STATE_DISABLED_BY_FIRMWARE ||
	       cpu->state == VTDIAG_STATE_DISABLED_OUTSIDE_SMX;
}

/*
 * Switched off and locked until a power cycle: VMX is only "disabled" with
 * FEATURE_CONTROL locked; SVM's VM_CR may be left unlocked (SVMDIS=1,
 * LOCK=0), and then the setup's change takes effect on any restart. An
 * unread lock counts as locked: the cold boot never hurts.
 */
static bool cpu_firmware_locked(const struct vtdiag_cpu *cpu)
{
	if (!cpu_firmware_off(cpu))
		return false;
	if (cpu->has_vm_cr && !cpu->vm_cr_err &&
	    (!cpu->has_vendor ||
	     vtdiag_vendor_tech(cpu->vendor) == VTDIAG_TECH_SVM))
		return cpu->vm_cr & VTDIAG_VM_CR_LOCK;
	return true;
}

/* Inconsistent only counts when some CPU is switched off, not unreadable. */
static bool firmware_fix_needed(const struct vtdiag_report *report)
{
	size_t i;

	if (!on_bare_metal(report))
		return false;
	if (report->host.verdict != VTDIAG_STATE_INCONSISTENT)
		return true;
	for (i = 0; i < report->nr_cpus; i++)
		if (cpu_firmware_off(&report->cpus[i]))
			return true;
	return false;
}

static bool firmware_lock_holds(const struct vtdiag_report *report)
{
	size_t i;

	for (i = 0; i < report->nr_cpus; i++)
		if (cpu_firmware_locked(&report->cpus[i]))
			return true;
	/* No CPU records (e.g. a host verdict only): assume the lock. */
	return report->nr_cpus == 0;
}

static bool firmware_fix_cold_boot(const struct vtdiag_report *report)
{
	return firmware_fix_needed(report) && firmware_lock_holds(report);
}

static bool firmware_fix_restart(const struct vtdiag_report *report)
{
	return firmware_fix_needed(report) && !firmware_lock_holds(report);
}

/* systemctl reboot --firmware-setup needs UEFI and systemd as PID 1. */
static bool can_reboot_to_setup(const struct vtdiag_report *report)
{
	return report->platform.uefi && report->platform.systemd;
}

static bool firmware_fix_uefi(const struct vtdiag_report *report)
{
	return firmware_fix_needed(report) && can_reboot_to_setup(report);
}

static bool firmware_fix_legacy(const struct vtdiag_report *report)
{
	return firmware_fix_needed(report) && !can_reboot_to_setup(report);
}

/*
 * SVM switched off by the firmware: the first such CPU with its flags,
 * whose VM_CR lock and SVML the report shows beside the verdict.
 */
static const struct vtdiag_cpu *svm_off_cpu(const struct vtdiag_report *report)
{
	size_t i;

	if (report->host.verdict != VTDIAG_STATE_DISABLED_BY_FIRMWARE ||
	    vtdiag_report_tech(report) != VTDIAG_TECH_SVM)
		return NULL;
	for (i = 0; i < report->nr_cpus; i++)
		if (report->cpus[i].state == VTDIAG_STATE_DISABLED_BY_FIRMWARE &&
		    report->cpus[i].has_flags)
			return &report->cpus[i];
	return NULL;
}

/*
 * KVM through a vendor module that needs no VT-x/AMD-V (kvm_pvm): what
 * the CPU lacks is worth a warning, not a failure.
 */
static enum vtdiag_status not_needed(const struct vtdiag_report *report,
				     struct strbuf *detail,
				     enum vtdiag_status status)
{
	const char *other = vtdiag_kvm_other_vendor(report);

	if (!other || status != VTDIAG_FAIL)
		return status;
	/* TRANSLATORS: %s is a KVM vendor module, "kvm_pvm". */
	strbuf_addf(detail, _("; KVM runs through %s instead"), other);
	return VTDIAG_WARN;
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	__u32 verdict = vtdiag_known_state(report->host.verdict);
	char vendor[VTDIAG_VENDOR_ID_LEN + 1];
	const struct vtdiag_cpu *cpu;

	if (!vtdiag_report_sampled(report)) {
		strbuf_adds(detail, _("not read: the vtdiag module did not answer"));
		return VTDIAG_WARN;
	}
	strbuf_addf(detail, "%s %s", vtdiag_tech_label(vtdiag_report_tech(report)),
		    _(vtdiag_state_meaning(verdict)));
	cpu = svm_off_cpu(report);
	vtdiag_vendor_id_trimmed(report, vendor, sizeof(vendor));
	if (cpu && vendor[0])
		/* TRANSLATORS: CPU vendor, then the SVM lock bits, 0 or 1 */
		strbuf_addf(detail, _(" (%s; VM_CR.LOCK=%u, SVML=%u)"), vendor,
			    !!(cpu->flags & VTDIAG_F_LOCKED),
			    !!(cpu->flags & VTDIAG_F_SVML));
	else if (vendor[0])
		strbuf_addf(detail, _(" (%s)"), vendor);
	if (report->host.has_kernel_policy && report->host.tboot)
		strbuf_adds(detail, _("; Linux was started through tboot (Intel TXT)"));
	return not_needed(report, detail, vtdiag_state_status(verdict));
}

static const struct vtdiag_advice_rule rules[] = {
	{ "kernel_locked_vmx_off", VTDIAG_STEP_FIRMWARE,
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE),
	  kernel_locked_vmx_off, false,
	  N_("IA32_FEATURE_CONTROL is locked with VT-x off, and that may be this kernel's own doing, not the firmware's: when the firmware leaves the register unlocked, Linux locks it at boot on every CPU, with VT-x on only when it was built with KVM for Intel (CONFIG_KVM_INTEL), and this kernel was built without it. Before you change any firmware setting, boot a kernel built with CONFIG_KVM_INTEL (the distribution's standard kernel is built with it) and run vtdiag again. If VT-x is still off then, the firmware switched it off: the next steps say what to change."),
	},
	{ "inconsistent", VTDIAG_STEP_FIRMWARE,
	  VTDIAG_VERDICT(VTDIAG_STATE_INCONSISTENT),
	  on_bare_metal, false,
	  N_("The CPUs of this machine are set up differently: {cpu_states}. The firmware did not configure all cores alike; some firmware versions forget cores after suspend and resume. {firmware_update} {bios_installed} If fwupd is installed, this shows whether an update is offered through it: `fwupdmgr get-updates`"),
	},
	{ "open_firmware_setup_uefi", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX,
	  firmware_fix_uefi, false,
	  N_("Open the firmware (BIOS/UEFI) setup. This machine started in UEFI mode, so Linux can restart it straight into the setup (this works only on UEFI systems): `sudo systemctl reboot --firmware-setup` The usual way works too. {open_setup}"),
	},
	{ "open_firmware_setup", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX,
	  firmware_fix_legacy, false,
	  N_("Open the firmware (BIOS/UEFI) setup. {open_setup}"),
	},
	{ "disabled_by_firmware", VTDIAG_STEP_FIRMWARE,
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE),
	  on_bare_metal, false,
	  N_("In the setup, enable {firmware_option}. {firmware_setting}"),
	},
	{ "txt_vmx_disabled", VTDIAG_STEP_FIRMWARE,
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE),
	  txt_vmx_disabled, false,
	  N_("Linux was started through tboot (Intel TXT), so it runs inside SMX, where VT-x counts only when the firmware enabled it for TXT (IA32_FEATURE_CONTROL bit 1, VT-x inside SMX); the kernel log then says \"VMX (inside TXT) disabled by BIOS\". Enabling VT-x for normal use is not enough: in the setup, turn on the setting that enables VT-x for Intel TXT (inside SMX; its name differs between makers), next to Intel TXT itself (on many models under Security). If you do not need TXT, start Linux without tboot instead: then VT-x as enabled for normal use counts."),
	},
	{ "disabled_outside_smx", VTDIAG_STEP_FIRMWARE,
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX),
	  on_bare_metal, false,
	  N_("The firmware enabled VT-x only inside Intel TXT (Trusted Execution Technology), which KVM cannot use. In the setup, enable {firmware_option} itself; or, if you do not use TXT (tboot, measured launch), disable \"Intel TXT\" (on many models under Security). {firmware_setting}"),
	},
	{ "firmware_check_setting", VTDIAG_STEP_FIRMWARE,
	  VTDIAG_VERDICT(VTDIAG_STATE_INCONSISTENT),
	  firmware_fix_needed, false,
	  N_("In the setup, check that {firmware_option} is enabled. {firmware_setting}"),
	},
	{ "firmware_cold_boot", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX,
	  firmware_fix_cold_boot, false,
	  N_("Save the settings and leave the setup (often with F10). Then shut the machine down, wait until it is completely off, and switch it on again: a restart is not enough, because the firmware locks this setting at power-on and the lock only clears on a cold boot. Then run vtdiag again."),
	},
	{ "firmware_restart", VTDIAG_STEP_FIRMWARE, FIRMWARE_FIX,
	  firmware_fix_restart, false,
	  N_("Save the settings and leave the setup (often with F10); the computer restarts. The firmware switched {tech} off without locking the setting (VM_CR.LOCK=0), so a restart is enough. Then run vtdiag again."),
	},
	{ "kernel_hides_flag", VTDIAG_STEP_CPU_NOTES,
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) |
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX), kernel_hides_flag, false,
	  N_("Because the firmware switched {tech} off, Linux left the {cpu_flag} flag out of /proc/cpuinfo, and tools that go by it (kvm-ok, lscpu, virt-host-validate) say this CPU has no {tech}. It has; the flag comes back once the firmware setting is on."),
	},
	{ "unsupported", VTDIAG_STEP_CPU_NOTES,
	  VTDIAG_VERDICT(VTDIAG_STATE_UNSUPPORTED), NULL, false,
	  N_("This CPU has no hardware virtualization ({tech}), so KVM cannot run guests on it. Run the guests on a machine whose CPU supports VT-x or AMD-V; QEMU without KVM (software emulation) works here but is very slow."),
	},
	{ "unknown_vendor", VTDIAG_STEP_CPU_NOTES,
	  VTDIAG_VERDICT(VTDIAG_STATE_UNKNOWN),
	  vendor_unknown, false,
	  N_("vtdiag does not know this CPU vendor (\"{vendor_id}\"), so it cannot tell how the firmware set up virtualization. Check the BIOS/UEFI setup for a virtualization option by hand."),
	},
	{ "unknown", VTDIAG_STEP_CPU_NOTES, VTDIAG_VERDICT(VTDIAG_STATE_UNKNOWN),
	  unknown_other_cause, false,
	  N_("vtdiag could not determine the virtualization state of this machine. Check the virtualization option in the BIOS/UEFI setup by hand, and look for vtdiag messages in the kernel log: `sudo dmesg | grep vtdiag`."),
	},
	{ "enabled_unlocked", VTDIAG_STEP_CPU_NOTES,
	  VTDIAG_VERDICT(VTDIAG_STATE_ENABLED_UNLOCKED),
	  NULL, false,
	  N_("Nothing to change for KVM: the firmware left VT-x unlocked and Linux enables it itself. To make the setting explicit, enable {firmware_option} in the BIOS/UEFI setup."),
	},
};

const struct vtdiag_check vtdiag_check_cpu_virt = {
	.id = "cpu_virt",
	.title = N_("CPU virtualization"),
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
