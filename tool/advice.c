// SPDX-License-Identifier: GPL-2.0
/*
 * Remediation advice as data: an ordered table of rules, each with the
 * host verdicts it is for, an optional condition and a text with
 * {placeholders}. Adding advice means adding a row, not a branch. The
 * placeholders draw on data tables too: the makers' firmware menus and
 * the clouds (machine.c), the distributions' commands (distro.c), the
 * hypervisors (hypervisor.c). Every user-visible sentence of the advice
 * is in this file or in those tables, whole.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtdiag/decode.h"
#include "distro.h"
#include "i18n.h"
#include "machine.h"
#include "report.h"
#include "util.h"

#define VERDICT(state)	(1U << (state))
#define FIRMWARE_ALLOWS	(VERDICT(VTDIAG_STATE_ENABLED) | \
			 VERDICT(VTDIAG_STATE_ENABLED_UNLOCKED))
/*
 * Not a state: KVM runs through a vendor module that needs no VT-x/AMD-V
 * (kvm_pvm). The verdict then decides nothing, and a report matches this
 * bit instead of its verdict's: no firmware or nesting steps, no kvm_amd
 * to load, only what the OS side still lacks.
 */
#define OTHER_VENDOR	(1U << 31)
/* The operating system's steps: once the firmware allows it, or KVM runs anyway. */
#define OS_SIDE		(FIRMWARE_ALLOWS | OTHER_VENDOR)

/* Fixed in the firmware setup, on bare metal (under a hypervisor: nesting). */
#define FIRMWARE_FIX	(VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) | \
			 VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX) | \
			 VERDICT(VTDIAG_STATE_INCONSISTENT))
/* Under a hypervisor, these are its settings for this VM. */
#define NESTING_OFF	(VERDICT(VTDIAG_STATE_HIDDEN_BY_HYPERVISOR) | \
			 VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) | \
			 VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX))

/* Conditions of the rules below. */

static bool module_missing(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_MISSING &&
	       !report->secure_boot_rejected;
}

static bool secure_boot_rejected(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_MISSING &&
	       report->secure_boot_rejected;
}

static bool module_failed(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_FAILED;
}

static bool on_bare_metal(const struct vtdiag_report *report)
{
	return !report->host.hypervisor;
}

static bool under_hypervisor(const struct vtdiag_report *report)
{
	return report->host.hypervisor;
}

static bool vendor_unknown(const struct vtdiag_report *report)
{
	return vtdiag_report_tech(report) == VTDIAG_TECH_NONE;
}

static bool cpu_msr_faulted(const struct vtdiag_cpu *cpu)
{
	return cpu->feat_ctl_err || cpu->vm_cr_err;
}

static bool msr_faulted(const struct vtdiag_report *report)
{
	size_t i;

	for (i = 0; i < report->nr_cpus; i++)
		if (cpu_msr_faulted(&report->cpus[i]))
			return true;
	return false;
}

/* Faulted on the CPU itself, not the fallback lacking access to it. */
static bool msr_read_faulted(const struct vtdiag_report *report)
{
	return msr_faulted(report) && report->msr_access == VTDIAG_MSR_READ;
}

static bool fallback_not_root(const struct vtdiag_report *report)
{
	return report->fallback && report->msr_access == VTDIAG_MSR_NOT_ROOT;
}

static bool fallback_msr_unusable(const struct vtdiag_report *report)
{
	return report->fallback && report->msr_access != VTDIAG_MSR_READ &&
	       report->msr_access != VTDIAG_MSR_NOT_ROOT;
}

static bool unknown_other_cause(const struct vtdiag_report *report)
{
	return !vendor_unknown(report) && !msr_faulted(report);
}

static bool kvm_missing(const struct vtdiag_report *report)
{
	__u32 vendor_state;

	if (!vtdiag_report_kvm_vendor(report, &vendor_state))
		return false;
	return vtdiag_report_kvm_core(report) == VTDIAG_KVM_ABSENT ||
	       vendor_state == VTDIAG_KVM_ABSENT;
}

/* VMXE/SVME on while the KVM vendor module is absent: someone else's. */
static bool other_hypervisor_active(const struct vtdiag_report *report)
{
	return vtdiag_virt_holder(report) == VTDIAG_HOLDER_OTHER;
}

/* The kernel dropped vmx/svm from /proc/cpuinfo: other tools say "no". */
static bool kernel_hides_flag(const struct vtdiag_report *report)
{
	return vtdiag_report_kernel_flag(report) == 0;
}

/* Linux 6.12+ KVM switches VT-x/AMD-V on at load, locking others out. */
static bool kvm_holds_virt_at_load(const struct vtdiag_report *report)
{
	return vtdiag_virt_holder(report) == VTDIAG_HOLDER_KVM &&
	       report->os.enable_virt_at_load == 1;
}

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

static bool dev_kvm_missing(const struct vtdiag_report *report)
{
	/* Never registered: kvm_init_failed says why it is missing. */
	return !kvm_missing(report) && !report->os.dev_kvm_exists &&
	       vtdiag_kvm_registered(report) != 0;
}

static bool dev_kvm_is(const struct vtdiag_report *report,
		       enum vtdiag_dev_kvm_access access)
{
	return vtdiag_dev_kvm_access(report) == access;
}

static bool dev_kvm_bad_permissions(const struct vtdiag_report *report)
{
	return dev_kvm_is(report, VTDIAG_DEV_KVM_PERMISSIONS);
}

static bool kvm_group_missing(const struct vtdiag_report *report)
{
	return dev_kvm_bad_permissions(report) && !report->os.kvm_group_exists;
}

/* Also once the permissions are fixed: the group must then let the user in. */
static bool needs_kvm_group(const struct vtdiag_report *report)
{
	const struct vtdiag_os *os = &report->os;

	return dev_kvm_is(report, VTDIAG_DEV_KVM_NOT_IN_GROUP) ||
	       (dev_kvm_bad_permissions(report) && os->uid != 0 &&
		!os->user_in_kvm_group);
}

static bool needs_relogin(const struct vtdiag_report *report)
{
	const struct vtdiag_os *os = &report->os;

	return dev_kvm_is(report, VTDIAG_DEV_KVM_RELOGIN) ||
	       (dev_kvm_bad_permissions(report) && os->uid != 0 &&
		os->user_in_kvm_group && !os->session_in_kvm_group);
}

static bool dev_kvm_acl_denies(const struct vtdiag_report *report)
{
	return dev_kvm_is(report, VTDIAG_DEV_KVM_ACL);
}

static bool dev_kvm_denied_errno(int errnum)
{
	return errnum == EACCES || errnum == EPERM;
}

/* Mode and ACL allow it, yet it was refused: an LSM or a device cgroup. */
static bool dev_kvm_refused(const struct vtdiag_report *report)
{
	return dev_kvm_is(report, VTDIAG_DEV_KVM_OTHER) &&
	       dev_kvm_denied_errno(report->os.dev_kvm_errno);
}

static bool dev_kvm_unopenable(const struct vtdiag_report *report)
{
	return !kvm_missing(report) && dev_kvm_is(report, VTDIAG_DEV_KVM_OTHER) &&
	       !dev_kvm_denied_errno(report->os.dev_kvm_errno) &&
	       vtdiag_kvm_registered(report) != 0;
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

/* Nesting: in a cloud its rules replace those of the hypervisor it runs. */
static enum vtdiag_cloud report_cloud(const struct vtdiag_report *report)
{
	return vtdiag_cloud_find(&report->platform.dmi);
}

static bool in_cloud(const struct vtdiag_report *report, enum vtdiag_cloud cloud)
{
	return under_hypervisor(report) && report_cloud(report) == cloud;
}

static bool under(const struct vtdiag_report *report, enum vtdiag_hv_kind kind)
{
	return in_cloud(report, VTDIAG_CLOUD_NONE) &&
	       vtdiag_report_hypervisor(report).kind == kind;
}

static bool tech_is_svm(const struct vtdiag_report *report)
{
	return vtdiag_report_tech(report) == VTDIAG_TECH_SVM;
}

static bool nested_in_aws(const struct vtdiag_report *report)
{
	return in_cloud(report, VTDIAG_CLOUD_AWS);
}

static bool nested_in_gcp(const struct vtdiag_report *report)
{
	return in_cloud(report, VTDIAG_CLOUD_GCP);
}

static bool nested_in_azure(const struct vtdiag_report *report)
{
	return in_cloud(report, VTDIAG_CLOUD_AZURE);
}

static bool nested_under_wsl(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_HYPERV) && report->platform.wsl;
}

static bool nested_under_hyperv(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_HYPERV) && !report->platform.wsl;
}

static bool nested_under_kvm(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_KVM);
}

/* TCG emulates SVM but not VMX. */
static bool nested_under_tcg(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_TCG) && !tech_is_svm(report);
}

static bool nested_under_tcg_svm(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_TCG) && tech_is_svm(report);
}

static bool nested_under_vmware(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_VMWARE);
}

static bool nested_under_virtualbox(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_VIRTUALBOX);
}

static bool nested_under_xen(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_XEN);
}

static bool nested_under_bhyve(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_BHYVE);
}

static bool nested_under_parallels(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_PARALLELS);
}

static bool nested_under_other(const struct vtdiag_report *report)
{
	return under(report, VTDIAG_HV_OTHER);
}

/* QEMU and libvirt, with the distribution's command when it is known. */
static const struct vtdiag_distro *report_distro(const struct vtdiag_report *report)
{
	return vtdiag_distro_find(report->platform.os_id,
				  report->platform.os_id_like);
}

static bool qemu_missing(const struct vtdiag_report *report)
{
	return !report->platform.qemu[0];
}

static bool libvirt_missing(const struct vtdiag_report *report)
{
	return report->platform.libvirt == VTDIAG_LIBVIRT_MISSING;
}

static bool qemu_libvirt_missing(const struct vtdiag_report *report)
{
	return report_distro(report) && qemu_missing(report) &&
	       libvirt_missing(report);
}

static bool qemu_only_missing(const struct vtdiag_report *report)
{
	return report_distro(report) && qemu_missing(report) &&
	       !libvirt_missing(report);
}

static bool libvirt_only_missing(const struct vtdiag_report *report)
{
	return report_distro(report) && !qemu_missing(report) &&
	       libvirt_missing(report);
}

static bool qemu_missing_unknown_distro(const struct vtdiag_report *report)
{
	return !report_distro(report) && qemu_missing(report);
}

static bool libvirt_missing_unknown_distro(const struct vtdiag_report *report)
{
	return !report_distro(report) && libvirt_missing(report);
}

static bool libvirt_stopped(const struct vtdiag_report *report)
{
	return report->platform.libvirt == VTDIAG_LIBVIRT_INACTIVE;
}

const struct vtdiag_advice_rule vtdiag_advice_rules[] = {
	{ "secure_boot_module_rejected", 0, secure_boot_rejected, true,
	  N_("Secure Boot is on and the installed vtdiag module ({module_file}) is not loaded: the kernel refuses modules not signed with a key the firmware trusts (insmod says \"Key was rejected by service\"). DKMS signs the modules it builds with its own key; enrol that key once with `sudo mokutil --import /var/lib/dkms/mok.pub`, reboot, choose \"Enroll MOK\" in the blue MOK manager screen and type the password you set, then run `sudo modprobe vtdiag`. Until then vtdiag reads the CPUs itself, without the module."),
	},
	{ "module_not_loaded", 0, module_missing, true,
	  N_("The vtdiag kernel module is not loaded, so the firmware settings cannot be read. Load it from the installed package with `sudo modprobe vtdiag` or from the build tree with `sudo insmod kmod/vtdiag.ko`, then run vtdiag again."),
	},
	{ "module_query_failed", 0, module_failed, true,
	  N_("The vtdiag kernel module did not answer ({module_error}). Look for its messages in the kernel log: `sudo dmesg | grep vtdiag`. Reload it: `sudo rmmod vtdiag && sudo modprobe vtdiag`. Then run vtdiag again."),
	},
	/* KVM without VT-x/AMD-V: what runs it, then only the OS side. */
	{ "kvm_paravirtual", OTHER_VENDOR, kvm_through_pvm, false,
	  N_("KVM runs here through {kvm_provider}: PVM, a KVM vendor module that runs guests without hardware virtualization, so it needs no {tech} (and, in a virtual machine, no nested virtualization). Its guests need a kernel built for PVM; an unmodified distribution kernel does not boot under it. kvm_intel and kvm_amd cannot be loaded beside it."),
	},
	{ "kvm_other_vendor_module", OTHER_VENDOR, kvm_through_unknown_vendor,
	  false,
	  N_("KVM runs here through {kvm_provider}, a KVM vendor module other than kvm_intel and kvm_amd, which vtdiag does not know. It registered /dev/kvm, so vtdiag does not go by the CPU's {tech} here; what its guests need, its documentation says."),
	},
	/* The kernel's own lock first: it may make the firmware steps unnecessary. */
	{ "kernel_locked_vmx_off", VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE),
	  kernel_locked_vmx_off, false,
	  N_("IA32_FEATURE_CONTROL is locked with VT-x off, and that may be this kernel's own doing, not the firmware's: when the firmware leaves the register unlocked, Linux locks it at boot on every CPU, with VT-x on only when it was built with KVM for Intel (CONFIG_KVM_INTEL), and this kernel was built without it. Before you change any firmware setting, boot a kernel built with CONFIG_KVM_INTEL (the distribution's standard kernel is built with it) and run vtdiag again. If VT-x is still off then, the firmware switched it off: the next steps say what to change."),
	},
	/* Firmware setup, bare metal: what is wrong, how to get in, what to flip, then a cold boot. */
	{ "inconsistent", VERDICT(VTDIAG_STATE_INCONSISTENT),
	  on_bare_metal, false,
	  N_("The CPUs of this machine are set up differently: {cpu_states}. The firmware did not configure all cores alike; some firmware versions forget cores after suspend and resume. {firmware_update} {bios_installed} If fwupd is installed, this shows whether an update is offered through it: `fwupdmgr get-updates`"),
	},
	{ "open_firmware_setup_uefi", FIRMWARE_FIX, firmware_fix_uefi, false,
	  N_("Open the firmware (BIOS/UEFI) setup. This machine started in UEFI mode, so Linux can restart it straight into the setup (this works only on UEFI systems): `sudo systemctl reboot --firmware-setup` The usual way works too. {open_setup}"),
	},
	{ "open_firmware_setup", FIRMWARE_FIX, firmware_fix_legacy, false,
	  N_("Open the firmware (BIOS/UEFI) setup. {open_setup}"),
	},
	{ "disabled_by_firmware", VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE),
	  on_bare_metal, false,
	  N_("In the setup, enable {firmware_option}. {firmware_setting}"),
	},
	{ "txt_vmx_disabled", VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE),
	  txt_vmx_disabled, false,
	  N_("Linux was started through tboot (Intel TXT), so it runs inside SMX, where VT-x counts only when the firmware enabled it for TXT (IA32_FEATURE_CONTROL bit 1, VT-x inside SMX); the kernel log then says \"VMX (inside TXT) disabled by BIOS\". Enabling VT-x for normal use is not enough: in the setup, turn on the setting that enables VT-x for Intel TXT (inside SMX; its name differs between makers), next to Intel TXT itself (on many models under Security). If you do not need TXT, start Linux without tboot instead: then VT-x as enabled for normal use counts."),
	},
	{ "disabled_outside_smx", VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX),
	  on_bare_metal, false,
	  N_("The firmware enabled VT-x only inside Intel TXT (Trusted Execution Technology), which KVM cannot use. In the setup, enable {firmware_option} itself; or, if you do not use TXT (tboot, measured launch), disable \"Intel TXT\" (on many models under Security). {firmware_setting}"),
	},
	{ "firmware_check_setting", VERDICT(VTDIAG_STATE_INCONSISTENT),
	  firmware_fix_needed, false,
	  N_("In the setup, check that {firmware_option} is enabled. {firmware_setting}"),
	},
	{ "firmware_cold_boot", FIRMWARE_FIX, firmware_fix_cold_boot, false,
	  N_("Save the settings and leave the setup (often with F10). Then shut the machine down, wait until it is completely off, and switch it on again: a restart is not enough, because the firmware locks this setting at power-on and the lock only clears on a cold boot. Then run vtdiag again."),
	},
	{ "firmware_restart", FIRMWARE_FIX, firmware_fix_restart, false,
	  N_("Save the settings and leave the setup (often with F10); the computer restarts. The firmware switched {tech} off without locking the setting (VM_CR.LOCK=0), so a restart is enough. Then run vtdiag again."),
	},
	/* Under a hypervisor: its settings on the host, not a BIOS. */
	{ "disabled_by_hypervisor",
	  VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) |
	  VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX), under_hypervisor, false,
	  N_("This machine is a virtual machine under {hypervisor}. Its virtual firmware reports {tech} as switched off, so there is no BIOS switch to flip inside it: the setting belongs to the hypervisor that runs this VM. Enable nested virtualization for this VM there, as the next step says."),
	},
	{ "inconsistent_under_hypervisor", VERDICT(VTDIAG_STATE_INCONSISTENT),
	  under_hypervisor, false,
	  N_("This machine is a virtual machine under {hypervisor}, and its virtual CPUs are set up differently: {cpu_states}. In this VM's configuration on the host, give all virtual CPUs the same CPU model and features, update the hypervisor, then shut the VM down and start it again."),
	},
	{ "hidden_by_hypervisor", VERDICT(VTDIAG_STATE_HIDDEN_BY_HYPERVISOR),
	  NULL, false,
	  N_("This machine is a virtual machine under {hypervisor}, which does not pass {tech} on to it. Nothing inside this VM can change that: nested virtualization has to be enabled for this VM from outside, as the next step says."),
	},
	/* How to enable nesting: the cloud first (DMI), then the hypervisor. */
	{ "nested_aws", NESTING_OFF, nested_in_aws, false,
	  N_("This is an Amazon EC2 instance. EC2 passes {tech} on to bare-metal instance types (*.metal) and, since February 2026, to 8th-generation Intel types (c8i, m8i, r8i) launched with nested virtualization enabled (CpuOptions NestedVirtualization=enabled). Run the KVM guests on such an instance."),
	},
	{ "nested_gcp", NESTING_OFF, nested_in_gcp, false,
	  N_("This is a Google Compute Engine VM. Google Cloud offers nested virtualization on Intel machine types (Haswell or newer, for example N1 and N2) to VMs created with it: `gcloud compute instances create <VM name> --enable-nested-virtualization ...` An organization policy can forbid it."),
	},
	{ "nested_azure", NESTING_OFF, nested_in_azure, false,
	  N_("This is an Azure VM. Nested virtualization needs a VM size that supports it: the Dv3 and Ev3 series and newer. Resize this VM to such a size in the Azure portal or with `az vm resize` (the VM restarts)."),
	},
	{ "nested_wsl", NESTING_OFF, nested_under_wsl, false,
	  N_("This is WSL 2, which runs in a Hyper-V virtual machine. On Windows, open %UserProfile%\\.wslconfig and set nestedVirtualization=true under [wsl2] (Windows 11), then run in PowerShell `wsl --shutdown` and start WSL again."),
	},
	{ "nested_hyperv", NESTING_OFF, nested_under_hyperv, false,
	  N_("On the Hyper-V host, shut this VM down and run in an administrator PowerShell: `Set-VMProcessor -VMName <VM name> -ExposeVirtualizationExtensions $true` Then start the VM again. If this is WSL 2 instead, set nestedVirtualization=true under [wsl2] in %UserProfile%\\.wslconfig on Windows and run `wsl --shutdown`"),
	},
	{ "nested_kvm", NESTING_OFF, nested_under_kvm, false,
	  N_("On the host that runs this VM, check that KVM allows nesting: `cat /sys/module/{vendor_module}/parameters/nested` must print Y or 1 (the default since Linux 4.20). If not, with all its VMs shut down, enable it: `echo 'options {vendor_module} nested=1' | sudo tee /etc/modprobe.d/kvm-nested.conf` `sudo modprobe -r {vendor_module}` `sudo modprobe {vendor_module}` Then give this VM a CPU with {tech}. With libvirt, run `virsh edit <VM name>` and set `<cpu mode='host-passthrough'/>`. With plain QEMU, use `-cpu host`, or add {cpu_flag}=on to the CPU model (-cpu MODEL,{cpu_flag}=on). Shut this VM down and start it again: a reboot inside it keeps the old CPU."),
	},
	{ "nested_tcg", NESTING_OFF, nested_under_tcg, false,
	  N_("QEMU runs this VM in pure emulation (TCG, without KVM), which does not emulate VT-x: there is no nesting under pure emulation. Run this VM with KVM acceleration on a host whose KVM allows nesting: with plain QEMU `-accel kvm -cpu host`, with libvirt a domain of type 'kvm' with `<cpu mode='host-passthrough'/>`."),
	},
	{ "nested_tcg_svm", NESTING_OFF, nested_under_tcg_svm, false,
	  N_("QEMU runs this VM in pure emulation (TCG, without KVM). TCG can emulate AMD-V, but this VM's CPU model leaves it out. For tests, a model with SVM lets KVM run here, very slowly: `-cpu EPYC` For real use, run this VM with KVM acceleration on a host whose KVM allows nesting: `-accel kvm -cpu host`"),
	},
	{ "nested_vmware", NESTING_OFF, nested_under_vmware, false,
	  N_("Shut this VM down. In VMware Workstation or Fusion, enable \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" in its processor settings; in vSphere/ESXi, enable \"Expose hardware assisted virtualization to the guest OS\" under CPU (vhv.enable = \"TRUE\" in the .vmx file). It does not combine with PCI passthrough or vGPU. Then start the VM again."),
	},
	{ "nested_virtualbox", NESTING_OFF, nested_under_virtualbox, false,
	  N_("Shut this VM down and run on the host: `VBoxManage modifyvm \"<VM name>\" --nested-hw-virt on` (in the VirtualBox window: Settings > System > Processor > Enable Nested VT-x/AMD-V). Then start it again."),
	},
	{ "nested_xen", NESTING_OFF, nested_under_xen, false,
	  N_("On the Xen host, set nestedhvm=1 in this domain's configuration file (HVM guests only), then shut the domain down and start it again."),
	},
	{ "nested_bhyve", NESTING_OFF, nested_under_bhyve, false,
	  N_("bhyve shows its guests {tech} switched off in their virtual firmware, and as far as vtdiag knows it offers no nested virtualization. Run the KVM guests on a Linux machine on bare metal, or move this VM to a hypervisor that supports nesting."),
	},
	{ "nested_parallels", NESTING_OFF, nested_under_parallels, false,
	  N_("Shut this VM down and, in Parallels Desktop, enable nested virtualization in its configuration (in many versions under Hardware > CPU & Memory > Advanced). Then start it again."),
	},
	{ "nested_other", NESTING_OFF, nested_under_other, false,
	  N_("Enable nested virtualization for this VM in the hypervisor on the host (look up \"nested virtualization\" in its documentation), then shut the VM down and start it again."),
	},
	/* Why other tools say "no VT-x/AMD-V": after the steps that fix it. */
	{ "kernel_hides_flag", VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) |
	  VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX), kernel_hides_flag, false,
	  N_("Because the firmware switched {tech} off, Linux left the {cpu_flag} flag out of /proc/cpuinfo, and tools that go by it (kvm-ok, lscpu, virt-host-validate) say this CPU has no {tech}. It has; the flag comes back once the firmware setting is on."),
	},
	{ "unsupported", VERDICT(VTDIAG_STATE_UNSUPPORTED), NULL, false,
	  N_("This CPU has no hardware virtualization ({tech}), so KVM cannot run guests on it. Run the guests on a machine whose CPU supports VT-x or AMD-V; QEMU without KVM (software emulation) works here but is very slow."),
	},
	{ "fallback_needs_root", VERDICT(VTDIAG_STATE_UNKNOWN) |
	  VERDICT(VTDIAG_STATE_INCONSISTENT), fallback_not_root, false,
	  N_("Without the vtdiag module, vtdiag reads how the firmware set up {tech} from a CPU register that only root may read: run `sudo vtdiag`."),
	},
	{ "fallback_msr_unavailable", VERDICT(VTDIAG_STATE_UNKNOWN) |
	  VERDICT(VTDIAG_STATE_INCONSISTENT), fallback_msr_unusable, false,
	  N_("Without the vtdiag module, vtdiag reads how the firmware set up {tech} through the msr driver, which is not usable here ({msr_unavailable}). Load the vtdiag module instead, or check the virtualization option in the BIOS/UEFI setup by hand."),
	},
	{ "msr_unreadable", VERDICT(VTDIAG_STATE_UNKNOWN) |
	  VERDICT(VTDIAG_STATE_INCONSISTENT), msr_read_faulted, false,
	  N_("The firmware's virtualization control register could not be read on {unknown_cpus}. Some virtual machines and some firmware refuse that read. Check the virtualization option in the BIOS/UEFI setup by hand, and look for vtdiag messages in the kernel log: `sudo dmesg | grep vtdiag`."),
	},
	{ "unknown_vendor", VERDICT(VTDIAG_STATE_UNKNOWN),
	  vendor_unknown, false,
	  N_("vtdiag does not know this CPU vendor (\"{vendor_id}\"), so it cannot tell how the firmware set up virtualization. Check the BIOS/UEFI setup for a virtualization option by hand."),
	},
	{ "unknown", VERDICT(VTDIAG_STATE_UNKNOWN), unknown_other_cause, false,
	  N_("vtdiag could not determine the virtualization state of this machine. Check the virtualization option in the BIOS/UEFI setup by hand, and look for vtdiag messages in the kernel log: `sudo dmesg | grep vtdiag`."),
	},
	{ "enabled_unlocked", VERDICT(VTDIAG_STATE_ENABLED_UNLOCKED),
	  NULL, false,
	  N_("Nothing to change for KVM: the firmware left VT-x unlocked and Linux enables it itself. To make the setting explicit, enable {firmware_option} in the BIOS/UEFI setup."),
	},
	{ "other_hypervisor_active", FIRMWARE_ALLOWS, other_hypervisor_active,
	  false,
	  N_("{tech} is in use on {active_cpus}, but KVM ({vendor_module}) is not loaded: another hypervisor holds it, {other_hypervisor}. Only one hypervisor can use {tech} at a time, so KVM cannot use it while that one runs. Quit its virtual machines or unload its driver, then load KVM. {unload_other_hypervisor}"),
	},
	{ "kvm_not_loaded", FIRMWARE_ALLOWS, kvm_missing, false,
	  N_("Load KVM (the kvm core module comes with it): `sudo modprobe {vendor_module}`. To load it at every boot: `echo {vendor_module} | sudo tee /etc/modules-load.d/kvm.conf`."),
	},
	{ "kvm_init_failed", 0, kvm_init_failed, false,
	  N_("KVM ({kvm_provider}) is in the kernel, but its initialisation failed: it registered no /dev/kvm (there is no /sys/class/misc/kvm). The kernel log says why: `sudo dmesg | grep -i kvm`."),
	},
	{ "dev_kvm_missing", OS_SIDE, dev_kvm_missing, false,
	  N_("/dev/kvm is missing although KVM is loaded. In a container, pass the device in, for example with `docker run --device /dev/kvm`. Otherwise check that /dev is a devtmpfs mount with `findmnt /dev` and restart the machine."),
	},
	{ "kvm_group_missing", OS_SIDE, kvm_group_missing, false,
	  N_("There is no group {kvm_group} on this system. Create it: `sudo groupadd --system {kvm_group}`."),
	},
	{ "dev_kvm_permissions", OS_SIDE,
	  dev_kvm_bad_permissions, false,
	  N_("/dev/kvm is {dev_kvm}: its owner and mode let no ordinary user in. It should be crw-rw---- root {kvm_group}, which udev sets up when KVM loads. Set it now: `sudo chown root:{kvm_group} /dev/kvm` `sudo chmod 0660 /dev/kvm`. If a reboot undoes it, udev is not running or has no rule for kvm; check: `systemctl status systemd-udevd` `grep -rs kvm /usr/lib/udev/rules.d /etc/udev/rules.d`."),
	},
	{ "dev_kvm_add_group", OS_SIDE, needs_kvm_group, false,
	  N_("Give {user} access to /dev/kvm: `sudo usermod -aG {kvm_group} {user}`. Then log out and back in: group membership is read at login."),
	},
	{ "dev_kvm_relogin", OS_SIDE, needs_relogin, false,
	  N_("{user} is in group {kvm_group}, but this login session started before that. Log out and back in, or run `newgrp {kvm_group}` in this shell."),
	},
	{ "dev_kvm_acl", OS_SIDE, dev_kvm_acl_denies, false,
	  N_("The owner and mode of /dev/kvm ({dev_kvm}) would let {user} in, but its access control list does not. Show it: `getfacl /dev/kvm`. Grant {user} access: `sudo setfacl -m u:{user}:rw /dev/kvm`."),
	},
	{ "dev_kvm_refused", OS_SIDE, dev_kvm_refused, false,
	  N_("{user} may open /dev/kvm by its owner and mode ({dev_kvm}), yet opening it failed ({dev_kvm_error}): a security module (SELinux, AppArmor) or a container's device rules refuse it. Look for denials: `sudo dmesg | grep -i -e denied -e apparmor`. In a container, pass the device in, for example with `docker run --device /dev/kvm`."),
	},
	{ "dev_kvm_unopenable", OS_SIDE, dev_kvm_unopenable, false,
	  N_("{user} cannot open /dev/kvm ({dev_kvm_error}). Look for KVM messages in the kernel log: `sudo dmesg | grep -i kvm`."),
	},
	/* The userspace of the checklist: QEMU runs guests, libvirt manages them. */
	{ "install_qemu_libvirt", OS_SIDE, qemu_libvirt_missing, false,
	  N_("Install QEMU, which runs the guests, and libvirt, which manages them (virsh, virt-manager): `{install_qemu_libvirt}`"),
	},
	{ "install_qemu", OS_SIDE, qemu_only_missing, false,
	  N_("Install QEMU, which runs the guests: `{install_qemu}`"),
	},
	{ "install_libvirt", OS_SIDE, libvirt_only_missing, false,
	  N_("To manage guests with virsh or virt-manager, install libvirt: `{install_libvirt}`"),
	},
	{ "install_qemu_generic", OS_SIDE,
	  qemu_missing_unknown_distro, false,
	  N_("Install QEMU, which runs the guests, with your distribution's package manager; the package is usually called qemu-system-x86, qemu-kvm or qemu-full."),
	},
	{ "install_libvirt_generic", OS_SIDE,
	  libvirt_missing_unknown_distro, false,
	  N_("To manage guests with virsh or virt-manager, install libvirt with your distribution's package manager; the package is usually called libvirt or libvirt-daemon-system."),
	},
	{ "start_libvirt", OS_SIDE, libvirt_stopped, false,
	  N_("libvirt is installed, but its daemon is not running. Start it now and at every boot: `sudo systemctl enable --now {libvirt_unit}`"),
	},
	{ "kvm_holds_virtualization", FIRMWARE_ALLOWS, kvm_holds_virt_at_load,
	  false,
	  N_("If you also run VirtualBox or VMware: KVM holds {tech} from the moment it loads (Linux 6.12 and later, kvm.enable_virt_at_load=1), so their VMs fail with {other_in_use_error}. Booting with kvm.enable_virt_at_load=0 makes KVM take it only while its own VMs run."),
	},
};

const size_t vtdiag_nr_advice_rules = ARRAY_SIZE(vtdiag_advice_rules);

/* Placeholder fillers. */

static void fill_firmware_option(struct strbuf *sb,
				 const struct vtdiag_report *report)
{
	switch (vtdiag_report_tech(report)) {
	case VTDIAG_TECH_VMX:
		/* Centaur and Zhaoxin have VMX too, but no Intel switch. */
		if (report->host.vendor == VTDIAG_VENDOR_INTEL)
			strbuf_adds(sb, "\"Intel Virtualization Technology\" (VT-x)");
		else
			strbuf_adds(sb, "\"Virtualization Technology\" (VMX)");
		break;
	case VTDIAG_TECH_SVM:
		strbuf_adds(sb, "\"SVM Mode\" (AMD-V)");
		break;
	default:
		strbuf_adds(sb, _("\"Intel Virtualization Technology\" (VT-x) or \"SVM Mode\" (AMD-V)"));
	}
}

static void fill_tech(struct strbuf *sb, const struct vtdiag_report *report)
{
	strbuf_adds(sb, vtdiag_tech_label(vtdiag_report_tech(report)));
}

/* Where the switch is: the maker's menu, else generic hints. */
static void fill_firmware_setting(struct strbuf *sb,
				  const struct vtdiag_report *report)
{
	const struct vtdiag_oem *oem = vtdiag_oem_find(&report->platform.dmi);
	__u32 tech = vtdiag_report_tech(report);
	const char *setting = NULL;

	if (oem)
		setting = tech == VTDIAG_TECH_VMX ? oem->vmx_setting :
			  tech == VTDIAG_TECH_SVM ? oem->svm_setting : NULL;
	if (!setting) {
		strbuf_adds(sb, _(vtdiag_generic_setting(tech)));
		return;
	}
	strbuf_addf(sb, "%s %s", _(setting), _(vtdiag_menus_vary()));
}

static void fill_open_setup(struct strbuf *sb,
			    const struct vtdiag_report *report)
{
	const struct vtdiag_oem *oem = vtdiag_oem_find(&report->platform.dmi);

	strbuf_adds(sb, _(oem ? oem->open_setup : vtdiag_generic_open_setup()));
}

/* Where the update comes from: the maker by name when it is known. */
static void fill_firmware_update(struct strbuf *sb,
				 const struct vtdiag_report *report)
{
	const struct vtdiag_oem *oem = vtdiag_oem_find(&report->platform.dmi);

	if (oem)
		strbuf_addf(sb, _("Install the latest BIOS/UEFI update for this model from the %s support website."),
			    oem->name);
	else
		strbuf_adds(sb, _("Install the latest BIOS/UEFI update for this model from its maker's support website (for a home-built PC: the mainboard maker's)."));
}

/* The BIOS version DMI reports, when it reports one. */
static void fill_bios_installed(struct strbuf *sb,
				const struct vtdiag_report *report)
{
	const struct vtdiag_dmi *dmi = &report->platform.dmi;

	if (dmi->bios_version[0] && dmi->bios_date[0])
		strbuf_addf(sb, _("Installed now: BIOS version %s of %s."),
			    dmi->bios_version, dmi->bios_date);
	else if (dmi->bios_version[0])
		strbuf_addf(sb, _("Installed now: BIOS version %s."),
			    dmi->bios_version);
}

/* The QEMU -cpu feature name. */
static void fill_cpu_flag(struct strbuf *sb, const struct vtdiag_report *report)
{
	switch (vtdiag_report_tech(report)) {
	case VTDIAG_TECH_SVM:
		strbuf_adds(sb, "svm");
		break;
	default:
		strbuf_adds(sb, "vmx");
	}
}

/*
 * The unit to enable: the modular virtqemud where the distribution made
 * it the default or where it is the only daemon, else libvirtd.
 */
static void fill_libvirt_unit(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = report_distro(report);
	const struct vtdiag_platform *platform = &report->platform;
	bool modular = platform->virtqemud[0] &&
		       (!platform->libvirtd[0] ||
			(distro && distro->modular_libvirt));

	strbuf_adds(sb, modular ? "virtqemud.socket" : "libvirtd");
}

static void fill_install_qemu(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = report_distro(report);

	if (distro)
		strbuf_adds(sb, distro->install_qemu);
}

static void fill_install_libvirt(struct strbuf *sb,
				 const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = report_distro(report);

	if (distro)
		strbuf_adds(sb, distro->install_libvirt);
}

static void fill_install_qemu_libvirt(struct strbuf *sb,
				      const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = report_distro(report);

	if (distro)
		strbuf_adds(sb, distro->install_qemu_libvirt);
}

static bool cpu_msr_faulted_match(const struct vtdiag_cpu *cpu,
				  const void *arg)
{
	(void)arg;
	return cpu_msr_faulted(cpu);
}

static void fill_unknown_cpus(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	const struct vtdiag_cpu *first_fault = NULL;
	char name[32];
	size_t i;

	for (i = 0; i < report->nr_cpus && !first_fault; i++)
		if (cpu_msr_faulted(&report->cpus[i]))
			first_fault = &report->cpus[i];
	vtdiag_add_cpu_list(sb, report, cpu_msr_faulted_match, NULL);
	if (first_fault)
		strbuf_addf(sb, " (%s)",
			    vtdiag_errno_name(first_fault->feat_ctl_err ?
					      first_fault->feat_ctl_err :
					      first_fault->vm_cr_err,
					      name, sizeof(name)));
}

/* As the CPU has it, padding included: quoted for an unknown vendor. */
static void fill_vendor_id(struct strbuf *sb,
			   const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->host.vendor_id);
}

static void fill_vendor_module(struct strbuf *sb,
			       const struct vtdiag_report *report)
{
	const char *module = vtdiag_report_vendor_module(report);

	/* Untranslated: it also stands in commands. */
	strbuf_adds(sb, module ? module : "kvm_intel (Intel) or kvm_amd (AMD)");
}

/* The vendor module KVM runs through or should: another one first. */
static void fill_kvm_provider(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	const struct vtdiag_kvm_provider *other =
		vtdiag_report_other_provider(report);

	if (other)
		strbuf_adds(sb, other->module);
	else
		fill_vendor_module(sb, report);
}

static void fill_user(struct strbuf *sb, const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->os.user[0] ? report->os.user : "$USER");
}

static void fill_dev_kvm_error(struct strbuf *sb,
			       const struct vtdiag_report *report)
{
	strbuf_adds(sb, strerror(report->os.dev_kvm_errno));
}

static void fill_kvm_group(struct strbuf *sb, const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->os.kvm_group[0] ? report->os.kvm_group : "kvm");
}

static void fill_dev_kvm(struct strbuf *sb, const struct vtdiag_report *report)
{
	vtdiag_describe_dev_kvm(sb, &report->os);
}

/* "2 of 4 CPUs" */
static void fill_active_cpus(struct strbuf *sb,
			     const struct vtdiag_report *report)
{
	int active = vtdiag_report_cpus_active(report);
	size_t cpus = report->nr_cpus ? report->nr_cpus : report->host.cpus_online;

	strbuf_addf(sb, P_("%d of %zu CPU", "%d of %zu CPUs", cpus), active, cpus);
}

static void fill_other_hypervisor(struct strbuf *sb,
				  const struct vtdiag_report *report)
{
	if (report->os.other_hv)
		vtdiag_describe_other_hv(sb, &report->os);
	else
		strbuf_adds(sb, _("for example VirtualBox or VMware"));
}

/* The unload command of each driver loaded; of all when none is seen. */
static void fill_unload_other_hypervisor(struct strbuf *sb,
					 const struct vtdiag_report *report)
{
	const struct vtdiag_other_hv_driver *hv;
	__u32 loaded = report->os.other_hv;
	size_t i, listed = 0;

	for (i = 0; i < vtdiag_nr_other_hv_drivers; i++) {
		hv = &vtdiag_other_hv_drivers[i];
		if (!loaded || (loaded & hv->bit))
			strbuf_addf(sb, "%s%s: `%s`.", listed++ ? " " : "",
				    hv->product, hv->unload);
	}
}

/* What VirtualBox says when it finds VT-x/AMD-V taken. */
static void fill_other_in_use_error(struct strbuf *sb,
				    const struct vtdiag_report *report)
{
	switch (vtdiag_report_tech(report)) {
	case VTDIAG_TECH_VMX:
		strbuf_adds(sb, "VERR_VMX_IN_VMX_ROOT_MODE");
		break;
	case VTDIAG_TECH_SVM:
		strbuf_adds(sb, "VERR_SVM_IN_USE");
		break;
	default:
		strbuf_adds(sb, _("VERR_VMX_IN_VMX_ROOT_MODE or VERR_SVM_IN_USE"));
	}
}

static void fill_module_error(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->module_error[0] ? report->module_error :
						  _("no details"));
}

static void fill_module_file(struct strbuf *sb,
			     const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->module_file);
}

static void fill_msr_unavailable(struct strbuf *sb,
				 const struct vtdiag_report *report)
{
	const char *why = vtdiag_report_unavailable(report, "msr");

	strbuf_adds(sb, why ? why : _("no details"));
}

static const struct {
	const char *name;
	void (*fill)(struct strbuf *sb, const struct vtdiag_report *report);
} placeholders[] = {
	{ "firmware_option",	fill_firmware_option },
	{ "tech",		fill_tech },
	{ "hypervisor",		vtdiag_describe_hypervisor },
	{ "cpu_states",		vtdiag_describe_cpu_states },
	{ "unknown_cpus",	fill_unknown_cpus },
	{ "vendor_id",		fill_vendor_id },
	{ "vendor_module",	fill_vendor_module },
	{ "kvm_provider",	fill_kvm_provider },
	{ "user",		fill_user },
	{ "dev_kvm_error",	fill_dev_kvm_error },
	{ "module_error",	fill_module_error },
	{ "kvm_group",		fill_kvm_group },
	{ "dev_kvm",		fill_dev_kvm },
	{ "active_cpus",	fill_active_cpus },
	{ "other_hypervisor",	fill_other_hypervisor },
	{ "unload_other_hypervisor", fill_unload_other_hypervisor },
	{ "other_in_use_error",	fill_other_in_use_error },
	{ "module_file",	fill_module_file },
	{ "msr_unavailable",	fill_msr_unavailable },
	{ "firmware_setting",	fill_firmware_setting },
	{ "open_setup",		fill_open_setup },
	{ "firmware_update",	fill_firmware_update },
	{ "bios_installed",	fill_bios_installed },
	{ "cpu_flag",		fill_cpu_flag },
	{ "libvirt_unit",	fill_libvirt_unit },
	{ "install_qemu",	fill_install_qemu },
	{ "install_libvirt",	fill_install_libvirt },
	{ "install_qemu_libvirt", fill_install_qemu_libvirt },
};

/* Fills in "{name}" at @text; returns how much of @text it consumed. */
static size_t expand_one(struct strbuf *sb, const char *text,
			 const struct vtdiag_report *report)
{
	const char *close = strchr(text, '}');
	size_t i, len;

	if (!close)
		return 0;
	len = close - text - 1;
	for (i = 0; i < ARRAY_SIZE(placeholders); i++) {
		if (strlen(placeholders[i].name) == len &&
		    !strncmp(placeholders[i].name, text + 1, len)) {
			placeholders[i].fill(sb, report);
			return len + 2;
		}
	}
	return 0;
}

char *vtdiag_expand(const char *text, const struct vtdiag_report *report)
{
	struct strbuf sb = STRBUF_INIT;
	size_t used;

	while (*text) {
		const char *open = strchrnul(text, '{');

		strbuf_addf(&sb, "%.*s", (int)(open - text), text);
		text = open;
		if (!*text)
			break;
		/* Unknown names stay visible, so a typo shows in tests. */
		used = expand_one(&sb, text, report);
		if (!used) {
			strbuf_adds(&sb, "{");
			used = 1;
		}
		text += used;
	}
	if (sb.oom) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/* The bit of this report among a rule's verdicts. */
static unsigned int report_verdict_bit(const struct vtdiag_report *report)
{
	__u32 verdict = report->host.verdict;

	if (vtdiag_kvm_other_vendor(report))
		return OTHER_VENDOR;
	return verdict < 31 ? VERDICT(verdict) : 0;
}

static bool rule_matches(const struct vtdiag_advice_rule *rule,
			 const struct vtdiag_report *report)
{
	if (rule->verdicts && !(rule->verdicts & report_verdict_bit(report)))
		return false;
	return !rule->applies || rule->applies(report);
}

int vtdiag_advise(const struct vtdiag_report *report,
		  struct vtdiag_advice_list *list)
{
	const struct vtdiag_advice_rule *rule;
	size_t i;

	list->count = 0;
	list->items = calloc(vtdiag_nr_advice_rules, sizeof(*list->items));
	if (!list->items)
		return -ENOMEM;
	for (i = 0; i < vtdiag_nr_advice_rules; i++) {
		rule = &vtdiag_advice_rules[i];
		if (!rule_matches(rule, report))
			continue;
		list->items[list->count].id = rule->id;
		list->items[list->count].text = vtdiag_expand(_(rule->text),
							      report);
		if (!list->items[list->count].text) {
			vtdiag_advice_free(list);
			return -ENOMEM;
		}
		list->count++;
		/*
		 * A fallback report still has CPU data for the rules below;
		 * KVM through another vendor module needs none.
		 */
		if (rule->last && !vtdiag_report_sampled(report) &&
		    !vtdiag_kvm_other_vendor(report))
			break;
	}
	return 0;
}

void vtdiag_advice_free(struct vtdiag_advice_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		free(list->items[i].text);
	free(list->items);
	list->items = NULL;
	list->count = 0;
}
