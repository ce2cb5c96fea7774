// SPDX-License-Identifier: GPL-2.0
/*
 * Check hypervisor: whether this machine is itself a virtual machine,
 * under what, and whether that passes VT-x / AMD-V on. Its advice is how
 * to enable nested virtualization: the cloud's way first (from DMI), then
 * the hypervisor's (from the CPUID signature and DMI, hypervisor.c).
 */
#include "vtdiag/decode.h"
#include "i18n.h"
#include "machine.h"
#include "report.h"

/* Under a hypervisor, these are its settings for this VM. */
#define NESTING_OFF	(VTDIAG_VERDICT(VTDIAG_STATE_HIDDEN_BY_HYPERVISOR) | \
			 VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) | \
			 VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX))

static bool under_hypervisor(const struct vtdiag_report *report)
{
	return report->host.hypervisor;
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

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const char *tech = vtdiag_tech_label(vtdiag_report_tech(report));

	if (!vtdiag_report_sampled(report)) {
		strbuf_adds(detail, _("not known"));
		return VTDIAG_WARN;
	}
	if (!report->host.hypervisor) {
		strbuf_adds(detail, _("none (bare metal)"));
		return VTDIAG_PASS;
	}
	vtdiag_describe_hypervisor(detail, report);
	if (report->host.verdict == VTDIAG_STATE_HIDDEN_BY_HYPERVISOR) {
		strbuf_addf(detail, _(": hides %s"), tech);
		return vtdiag_kvm_other_vendor(report) ? VTDIAG_WARN : VTDIAG_FAIL;
	}
	if (vtdiag_firmware_allows(report))
		strbuf_addf(detail, _(": exposes %s"), tech);
	return VTDIAG_PASS;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "disabled_by_hypervisor", VTDIAG_STEP_NESTED,
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_BY_FIRMWARE) |
	  VTDIAG_VERDICT(VTDIAG_STATE_DISABLED_OUTSIDE_SMX), under_hypervisor, false,
	  N_("This machine is a virtual machine under {hypervisor}. Its virtual firmware reports {tech} as switched off, so there is no BIOS switch to flip inside it: the setting belongs to the hypervisor that runs this VM. Enable nested virtualization for this VM there, as the next step says."),
	},
	{ "inconsistent_under_hypervisor", VTDIAG_STEP_NESTED,
	  VTDIAG_VERDICT(VTDIAG_STATE_INCONSISTENT),
	  under_hypervisor, false,
	  N_("This machine is a virtual machine under {hypervisor}, and its virtual CPUs are set up differently: {cpu_states}. In this VM's configuration on the host, give all virtual CPUs the same CPU model and features, update the hypervisor, then shut the VM down and start it again."),
	},
	{ "hidden_by_hypervisor", VTDIAG_STEP_NESTED,
	  VTDIAG_VERDICT(VTDIAG_STATE_HIDDEN_BY_HYPERVISOR),
	  NULL, false,
	  N_("This machine is a virtual machine under {hypervisor}, which does not pass {tech} on to it. Nothing inside this VM can change that: nested virtualization has to be enabled for this VM from outside, as the next step says."),
	},
	{ "nested_aws", VTDIAG_STEP_NESTED, NESTING_OFF, nested_in_aws, false,
	  N_("This is an Amazon EC2 instance. EC2 passes {tech} on to bare-metal instance types (*.metal) and, since February 2026, to 8th-generation Intel types (c8i, m8i, r8i) launched with nested virtualization enabled (CpuOptions NestedVirtualization=enabled). Run the KVM guests on such an instance."),
	},
	{ "nested_gcp", VTDIAG_STEP_NESTED, NESTING_OFF, nested_in_gcp, false,
	  N_("This is a Google Compute Engine VM. Google Cloud offers nested virtualization on Intel machine types (Haswell or newer, for example N1 and N2) to VMs created with it: `gcloud compute instances create <VM name> --enable-nested-virtualization ...` An organization policy can forbid it."),
	},
	{ "nested_azure", VTDIAG_STEP_NESTED, NESTING_OFF, nested_in_azure,
	  false,
	  N_("This is an Azure VM. Nested virtualization needs a VM size that supports it: the Dv3 and Ev3 series and newer. Resize this VM to such a size in the Azure portal or with `az vm resize` (the VM restarts)."),
	},
	{ "nested_wsl", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_wsl,
	  false,
	  N_("This is WSL 2, which runs in a Hyper-V virtual machine. On Windows, open %UserProfile%\\.wslconfig and set nestedVirtualization=true under [wsl2] (Windows 11), then run in PowerShell `wsl --shutdown` and start WSL again."),
	},
	{ "nested_hyperv", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_hyperv,
	  false,
	  N_("On the Hyper-V host, shut this VM down and run in an administrator PowerShell: `Set-VMProcessor -VMName <VM name> -ExposeVirtualizationExtensions $true` Then start the VM again. If this is WSL 2 instead, set nestedVirtualization=true under [wsl2] in %UserProfile%\\.wslconfig on Windows and run `wsl --shutdown`"),
	},
	{ "nested_kvm", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_kvm,
	  false,
	  N_("On the host that runs this VM, check that KVM allows nesting: `cat /sys/module/{vendor_module}/parameters/nested` must print Y or 1 (the default since Linux 4.20). If not, with all its VMs shut down, enable it: `echo 'options {vendor_module} nested=1' | sudo tee /etc/modprobe.d/kvm-nested.conf` `sudo modprobe -r {vendor_module}` `sudo modprobe {vendor_module}` Then give this VM a CPU with {tech}. With libvirt, run `virsh edit <VM name>` and set `<cpu mode='host-passthrough'/>`. With plain QEMU, use `-cpu host`, or add {cpu_flag}=on to the CPU model (-cpu MODEL,{cpu_flag}=on). Shut this VM down and start it again: a reboot inside it keeps the old CPU."),
	},
	{ "nested_tcg", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_tcg,
	  false,
	  N_("QEMU runs this VM in pure emulation (TCG, without KVM), which does not emulate VT-x: there is no nesting under pure emulation. Run this VM with KVM acceleration on a host whose KVM allows nesting: with plain QEMU `-accel kvm -cpu host`, with libvirt a domain of type 'kvm' with `<cpu mode='host-passthrough'/>`."),
	},
	{ "nested_tcg_svm", VTDIAG_STEP_NESTED, NESTING_OFF,
	  nested_under_tcg_svm, false,
	  N_("QEMU runs this VM in pure emulation (TCG, without KVM). TCG can emulate AMD-V, but this VM's CPU model leaves it out. For tests, a model with SVM lets KVM run here, very slowly: `-cpu EPYC` For real use, run this VM with KVM acceleration on a host whose KVM allows nesting: `-accel kvm -cpu host`"),
	},
	{ "nested_vmware", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_vmware,
	  false,
	  N_("Shut this VM down. In VMware Workstation or Fusion, enable \"Virtualize Intel VT-x/EPT or AMD-V/RVI\" in its processor settings; in vSphere/ESXi, enable \"Expose hardware assisted virtualization to the guest OS\" under CPU (vhv.enable = \"TRUE\" in the .vmx file). It does not combine with PCI passthrough or vGPU. Then start the VM again."),
	},
	{ "nested_virtualbox", VTDIAG_STEP_NESTED, NESTING_OFF,
	  nested_under_virtualbox, false,
	  N_("Shut this VM down and run on the host: `VBoxManage modifyvm \"<VM name>\" --nested-hw-virt on` (in the VirtualBox window: Settings > System > Processor > Enable Nested VT-x/AMD-V). Then start it again."),
	},
	{ "nested_xen", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_xen,
	  false,
	  N_("On the Xen host, set nestedhvm=1 in this domain's configuration file (HVM guests only), then shut the domain down and start it again."),
	},
	{ "nested_bhyve", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_bhyve,
	  false,
	  N_("bhyve shows its guests {tech} switched off in their virtual firmware, and as far as vtdiag knows it offers no nested virtualization. Run the KVM guests on a Linux machine on bare metal, or move this VM to a hypervisor that supports nesting."),
	},
	{ "nested_parallels", VTDIAG_STEP_NESTED, NESTING_OFF,
	  nested_under_parallels, false,
	  N_("Shut this VM down and, in Parallels Desktop, enable nested virtualization in its configuration (in many versions under Hardware > CPU & Memory > Advanced). Then start it again."),
	},
	{ "nested_other", VTDIAG_STEP_NESTED, NESTING_OFF, nested_under_other,
	  false,
	  N_("Enable nested virtualization for this VM in the hypervisor on the host (look up \"nested virtualization\" in its documentation), then shut the VM down and start it again."),
	},
};

const struct vtdiag_check vtdiag_check_hypervisor = {
	.id = "hypervisor",
	.title = N_("Hypervisor"),
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
