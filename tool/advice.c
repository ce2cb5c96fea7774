// SPDX-License-Identifier: GPL-2.0
/*
 * Remediation advice as data: an ordered table of rules, each with the
 * host verdicts it is for, an optional condition and a text with
 * {placeholders}. Adding advice means adding a row, not a branch.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtdiag/decode.h"
#include "report.h"
#include "util.h"

#define VERDICT(state)	(1U << (state))
#define FIRMWARE_ALLOWS	(VERDICT(VTDIAG_STATE_ENABLED) | \
			 VERDICT(VTDIAG_STATE_ENABLED_UNLOCKED))

/* Known hypervisor signatures and how each turns on nested virtualization. */
static const struct {
	const char *signature;
	const char *product;
	const char *nested_howto;
} hypervisors[] = {
	{ "KVMKVMKVM", "KVM",
	  "Check on the host that nested virtualization is on: `cat /sys/module/{vendor_module}/parameters/nested` must print 1 or Y. Give this VM the host's CPU model. With libvirt, run `virsh edit <VM name>` and set `<cpu mode='host-passthrough'/>`. With plain QEMU, add `-cpu host`. Then shut this VM down and start it again.",
	},
	{ "TCGTCGTCGTCG", "QEMU TCG",
	  "QEMU without KVM (TCG) emulates AMD-V but not VT-x: start QEMU with an AMD CPU model that has SVM, for example `-cpu EPYC`, and expect nested guests to be very slow. Faster: run QEMU with KVM on a host that has nested virtualization on, with `-accel kvm -cpu host`.",
	},
	{ "Microsoft Hv", "Hyper-V",
	  "With this VM shut down, run in PowerShell on the Hyper-V host: `Set-VMProcessor -VMName <VM name> -ExposeVirtualizationExtensions $true`. On Azure, choose a VM size that supports nested virtualization. In WSL2, set nestedVirtualization=true under [wsl2] in .wslconfig, then run `wsl --shutdown`.",
	},
	{ "VMwareVMware", "VMware",
	  "Shut this VM down, enable \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" (Workstation, Fusion) or \"Expose hardware assisted virtualization to the guest OS\" (ESXi) in its processor settings, and start it again.",
	},
	{ "VBoxVBoxVBox", "VirtualBox",
	  "Shut this VM down and run on the host: `VBoxManage modifyvm \"<VM name>\" --nested-hw-virt on`. Then start it again.",
	},
	{ "XenVMMXenVMM", "Xen",
	  "In this domain's configuration file set nestedhvm=1 (HVM guests only), then restart the domain.",
	},
	{ " lrpepyh  vr", "Parallels",
	  "Shut this VM down, enable Nested Virtualization in its configuration under Hardware > CPU & Memory > Advanced, and start it again.",
	},
};

static const char generic_nested_howto[] =
	"Look up \"nested virtualization\" in the hypervisor's documentation, enable it for this VM, then shut the VM down and start it again.";

static int find_hypervisor(const char *signature)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(hypervisors); i++)
		if (!strcmp(hypervisors[i].signature, signature))
			return i;
	return -1;
}

const char *vtdiag_hypervisor_product(const char *signature)
{
	int found = find_hypervisor(signature);

	return found < 0 ? NULL : hypervisors[found].product;
}

/* Conditions of the rules below. */

static bool module_missing(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_MISSING;
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

/* Linux 6.12+ KVM switches VT-x/AMD-V on at load, locking others out. */
static bool kvm_holds_virt_at_load(const struct vtdiag_report *report)
{
	return vtdiag_virt_holder(report) == VTDIAG_HOLDER_KVM &&
	       report->os.enable_virt_at_load == 1;
}

static bool dev_kvm_missing(const struct vtdiag_report *report)
{
	return !kvm_missing(report) && !report->os.dev_kvm_exists;
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
	       !dev_kvm_denied_errno(report->os.dev_kvm_errno);
}

const struct vtdiag_advice_rule vtdiag_advice_rules[] = {
	{ "module_not_loaded", 0, module_missing, true,
	  "The vtdiag kernel module is not loaded, so the firmware settings cannot be read. Load it from the installed package with `sudo modprobe vtdiag` or from the build tree with `sudo insmod kmod/vtdiag.ko`, then run vtdiag again.",
	},
	{ "module_query_failed", 0, module_failed, true,
	  "The vtdiag kernel module did not answer ({module_error}). Look for its messages in the kernel log: `sudo dmesg | grep vtdiag`. Reload it: `sudo rmmod vtdiag && sudo modprobe vtdiag`. Then run vtdiag again.",
	},
	{ "disabled_by_firmware", VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE),
	  on_bare_metal, false,
	  "Enable {firmware_option} in the BIOS/UEFI setup (press the key shown at power-on, often Del, F2, F10 or F12; the option is usually under Advanced, CPU Configuration or Security), save, then power the machine fully off and on again: the firmware lock only clears on a cold boot, not on a reboot.",
	},
	{ "disabled_outside_smx", VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX),
	  on_bare_metal, false,
	  "The firmware enabled VT-x only for Intel TXT (trusted execution), so KVM cannot use it. In the BIOS/UEFI setup enable {firmware_option} for normal use (or disable Intel TXT if you do not need it), save, then power the machine fully off and on again.",
	},
	{ "disabled_by_hypervisor",
	  VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) |
	  VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX), under_hypervisor, false,
	  "This machine is a virtual machine under {hypervisor}, whose virtual firmware reports {tech} as switched off. Enable nested virtualization for this VM on its host. {nested_howto}",
	},
	{ "hidden_by_hypervisor", VERDICT(VTDIAG_STATE_HIDDEN_BY_HYPERVISOR),
	  NULL, false,
	  "This machine is a virtual machine under {hypervisor}, which does not expose {tech} to it. Enable nested virtualization for this VM on its host. {nested_howto}",
	},
	{ "unsupported", VERDICT(VTDIAG_STATE_UNSUPPORTED), NULL, false,
	  "This CPU has no hardware virtualization ({tech}), so KVM cannot run guests on it. Run the guests on a machine whose CPU supports VT-x or AMD-V; QEMU without KVM (software emulation) works here but is very slow.",
	},
	{ "inconsistent", VERDICT(VTDIAG_STATE_INCONSISTENT), NULL, false,
	  "The CPUs of this machine are set up differently ({cpu_states}). The firmware did not configure all cores alike; some firmware forgets cores after suspend and resume. Update the BIOS/UEFI to its latest version, check that {firmware_option} is enabled, then power the machine fully off and on again.",
	},
	{ "msr_unreadable", VERDICT(VTDIAG_STATE_UNKNOWN) |
	  VERDICT(VTDIAG_STATE_INCONSISTENT), msr_faulted, false,
	  "The firmware's virtualization control register could not be read on {unknown_cpus}. Some virtual machines and some firmware refuse that read. Check the virtualization option in the BIOS/UEFI setup by hand, and look for vtdiag messages in the kernel log: `sudo dmesg | grep vtdiag`.",
	},
	{ "unknown_vendor", VERDICT(VTDIAG_STATE_UNKNOWN), vendor_unknown, false,
	  "vtdiag does not know this CPU vendor (\"{vendor_id}\"), so it cannot tell how the firmware set up virtualization. Check the BIOS/UEFI setup for a virtualization option by hand.",
	},
	{ "unknown", VERDICT(VTDIAG_STATE_UNKNOWN), unknown_other_cause, false,
	  "vtdiag could not determine the virtualization state of this machine. Check the virtualization option in the BIOS/UEFI setup by hand, and look for vtdiag messages in the kernel log: `sudo dmesg | grep vtdiag`.",
	},
	{ "enabled_unlocked", VERDICT(VTDIAG_STATE_ENABLED_UNLOCKED), NULL, false,
	  "Nothing to change for KVM: the firmware left VT-x unlocked and Linux enables it itself. To make the setting explicit, enable {firmware_option} in the BIOS/UEFI setup.",
	},
	{ "other_hypervisor_active", FIRMWARE_ALLOWS, other_hypervisor_active,
	  false,
	  "{tech} is in use on {active_cpus}, but KVM ({vendor_module}) is not loaded: another hypervisor holds it, {other_hypervisor}. Only one hypervisor can use {tech} at a time, so KVM cannot use it while that one runs. Quit its virtual machines or unload its driver, then load KVM. {unload_other_hypervisor}",
	},
	{ "kvm_not_loaded", FIRMWARE_ALLOWS, kvm_missing, false,
	  "Load KVM (the kvm core module comes with it): `sudo modprobe {vendor_module}`. To load it at every boot: `echo {vendor_module} | sudo tee /etc/modules-load.d/kvm.conf`.",
	},
	{ "dev_kvm_missing", FIRMWARE_ALLOWS, dev_kvm_missing, false,
	  "/dev/kvm is missing although KVM is loaded. In a container, pass the device in, for example with `docker run --device /dev/kvm`. Otherwise check that /dev is a devtmpfs mount with `findmnt /dev` and restart the machine.",
	},
	{ "kvm_group_missing", FIRMWARE_ALLOWS, kvm_group_missing, false,
	  "There is no group {kvm_group} on this system. Create it: `sudo groupadd --system {kvm_group}`.",
	},
	{ "dev_kvm_permissions", FIRMWARE_ALLOWS, dev_kvm_bad_permissions, false,
	  "/dev/kvm is {dev_kvm}: its owner and mode let no ordinary user in. It should be crw-rw---- root {kvm_group}, which udev sets up when KVM loads. Set it now: `sudo chown root:{kvm_group} /dev/kvm` `sudo chmod 0660 /dev/kvm`. If a reboot undoes it, udev is not running or has no rule for kvm; check: `systemctl status systemd-udevd` `grep -rs kvm /usr/lib/udev/rules.d /etc/udev/rules.d`.",
	},
	{ "dev_kvm_add_group", FIRMWARE_ALLOWS, needs_kvm_group, false,
	  "Give {user} access to /dev/kvm: `sudo usermod -aG {kvm_group} {user}`. Then log out and back in: group membership is read at login.",
	},
	{ "dev_kvm_relogin", FIRMWARE_ALLOWS, needs_relogin, false,
	  "{user} is in group {kvm_group}, but this login session started before that. Log out and back in, or run `newgrp {kvm_group}` in this shell.",
	},
	{ "dev_kvm_acl", FIRMWARE_ALLOWS, dev_kvm_acl_denies, false,
	  "The owner and mode of /dev/kvm ({dev_kvm}) would let {user} in, but its access control list does not. Show it: `getfacl /dev/kvm`. Grant {user} access: `sudo setfacl -m u:{user}:rw /dev/kvm`.",
	},
	{ "dev_kvm_refused", FIRMWARE_ALLOWS, dev_kvm_refused, false,
	  "{user} may open /dev/kvm by its owner and mode ({dev_kvm}), yet opening it failed ({dev_kvm_error}): a security module (SELinux, AppArmor) or a container's device rules refuse it. Look for denials: `sudo dmesg | grep -i -e denied -e apparmor`. In a container, pass the device in, for example with `docker run --device /dev/kvm`.",
	},
	{ "dev_kvm_unopenable", FIRMWARE_ALLOWS, dev_kvm_unopenable, false,
	  "{user} cannot open /dev/kvm ({dev_kvm_error}). Look for KVM messages in the kernel log: `sudo dmesg | grep -i kvm`.",
	},
	{ "kvm_holds_virtualization", FIRMWARE_ALLOWS, kvm_holds_virt_at_load,
	  false,
	  "If you also run VirtualBox or VMware: KVM holds {tech} from the moment it loads (Linux 6.12 and later, kvm.enable_virt_at_load=1), so their VMs fail with {other_in_use_error}. Booting with kvm.enable_virt_at_load=0 makes KVM take it only while its own VMs run.",
	},
};

const size_t vtdiag_nr_advice_rules = ARRAY_SIZE(vtdiag_advice_rules);

/* Placeholder fillers. */

static void fill_firmware_option(struct strbuf *sb,
				 const struct vtdiag_report *report)
{
	switch (vtdiag_report_tech(report)) {
	case VTDIAG_TECH_VMX:
		strbuf_adds(sb, "\"Intel Virtualization Technology\" (VT-x)");
		break;
	case VTDIAG_TECH_SVM:
		strbuf_adds(sb, "\"SVM Mode\" (AMD-V)");
		break;
	default:
		strbuf_adds(sb, "\"Intel Virtualization Technology\" (VT-x) or \"SVM Mode\" (AMD-V)");
	}
}

static void fill_tech(struct strbuf *sb, const struct vtdiag_report *report)
{
	strbuf_adds(sb, vtdiag_tech_label(vtdiag_report_tech(report)));
}

static void fill_nested_howto(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	int found = find_hypervisor(report->host.hv_signature);
	char *howto;

	/* The how-tos have placeholders of their own ({vendor_module}). */
	howto = vtdiag_expand(found < 0 ? generic_nested_howto :
					  hypervisors[found].nested_howto,
			      report);
	if (!howto) {
		sb->oom = 1;
		return;
	}
	strbuf_adds(sb, howto);
	free(howto);
}

static void fill_unknown_cpus(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	const struct vtdiag_cpu *first_fault = NULL;
	size_t i, listed = 0;
	char name[32];

	for (i = 0; i < report->nr_cpus; i++) {
		const struct vtdiag_cpu *cpu = &report->cpus[i];

		if (!cpu_msr_faulted(cpu))
			continue;
		strbuf_addf(sb, "%s%u", listed++ ? "," : "CPU ", cpu->id);
		if (!first_fault)
			first_fault = cpu;
	}
	if (first_fault)
		strbuf_addf(sb, " (%s)",
			    vtdiag_errno_name(first_fault->feat_ctl_err ?
					      first_fault->feat_ctl_err :
					      first_fault->vm_cr_err,
					      name, sizeof(name)));
}

static void fill_vendor_id(struct strbuf *sb,
			   const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->host.vendor_id);
}

static void fill_vendor_module(struct strbuf *sb,
			       const struct vtdiag_report *report)
{
	const char *module = vtdiag_report_vendor_module(report);

	strbuf_adds(sb, module ? module : "kvm_intel (Intel) or kvm_amd (AMD)");
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

	strbuf_addf(sb, "%d of %zu CPU%s", active, cpus, cpus == 1 ? "" : "s");
}

static void fill_other_hypervisor(struct strbuf *sb,
				  const struct vtdiag_report *report)
{
	if (report->os.other_hv)
		vtdiag_describe_other_hv(sb, &report->os);
	else
		strbuf_adds(sb, "for example VirtualBox or VMware");
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
		strbuf_adds(sb, "VERR_VMX_IN_VMX_ROOT_MODE or VERR_SVM_IN_USE");
	}
}

static void fill_module_error(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->module_error[0] ? report->module_error :
						  "no details");
}

static const struct {
	const char *name;
	void (*fill)(struct strbuf *sb, const struct vtdiag_report *report);
} placeholders[] = {
	{ "firmware_option",	fill_firmware_option },
	{ "tech",		fill_tech },
	{ "hypervisor",		vtdiag_describe_hypervisor },
	{ "nested_howto",	fill_nested_howto },
	{ "cpu_states",		vtdiag_describe_cpu_states },
	{ "unknown_cpus",	fill_unknown_cpus },
	{ "vendor_id",		fill_vendor_id },
	{ "vendor_module",	fill_vendor_module },
	{ "user",		fill_user },
	{ "dev_kvm_error",	fill_dev_kvm_error },
	{ "module_error",	fill_module_error },
	{ "kvm_group",		fill_kvm_group },
	{ "dev_kvm",		fill_dev_kvm },
	{ "active_cpus",	fill_active_cpus },
	{ "other_hypervisor",	fill_other_hypervisor },
	{ "unload_other_hypervisor", fill_unload_other_hypervisor },
	{ "other_in_use_error",	fill_other_in_use_error },
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

static bool rule_matches(const struct vtdiag_advice_rule *rule,
			 const struct vtdiag_report *report)
{
	__u32 verdict = report->host.verdict;

	if (rule->verdicts &&
	    (verdict >= 32 || !(rule->verdicts & VERDICT(verdict))))
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
		list->items[list->count].text = vtdiag_expand(rule->text, report);
		if (!list->items[list->count].text) {
			vtdiag_advice_free(list);
			return -ENOMEM;
		}
		list->count++;
		if (rule->last)
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
