// SPDX-License-Identifier: GPL-2.0
/*
 * Check virt_in_use: whether VT-x / AMD-V is switched on right now
 * (CR4.VMXE / EFER.SVME), and by whom: KVM, or another hypervisor that
 * keeps KVM out. Isolated CPUs are never sampled; an unprivileged caller
 * gets the module's last reading and its age.
 */
#include "i18n.h"
#include "report.h"

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

static bool cpu_isolated(const struct vtdiag_cpu *cpu, const void *arg)
{
	(void)arg;
	return cpu->isolated;
}

/* Online CPUs whose live bit the module does not sample. */
static size_t cpus_isolated(const struct vtdiag_report *report)
{
	size_t i, cpus, count = 0;

	if (!report->host.has_cpus_isolated)
		return 0;
	for (i = 0; i < report->nr_cpus; i++)
		count += report->cpus[i].isolated;
	if (count < report->host.cpus_isolated)
		count = report->host.cpus_isolated;
	/* Never more than there are, whatever a module says. */
	cpus = report->nr_cpus ? report->nr_cpus : report->host.cpus_online;
	return count < cpus ? count : cpus;
}

/*
 * The live bits as far as they go: the CPUs never sampled (isolated), and
 * how old the sample is when only a privileged caller could have renewed
 * it and this one may not.
 */
static void add_live_notes(struct strbuf *detail,
			   const struct vtdiag_report *report)
{
	size_t isolated = cpus_isolated(report);
	size_t i, listed = 0;

	if (isolated) {
		strbuf_adds(detail, "; ");
		for (i = 0; i < report->nr_cpus; i++)
			listed += report->cpus[i].isolated;
		if (listed)
			vtdiag_add_cpu_list(detail, report, cpu_isolated, NULL);
		else
			strbuf_addf(detail, P_("%zu CPU", "%zu CPUs", isolated),
				    isolated);
		strbuf_adds(detail, _(" isolated (nohz_full=, isolcpus=): their live state is not sampled, vtdiag never interrupts them"));
	}
	if (report->module == VTDIAG_MODULE_OK && report->host.has_live_age &&
	    report->host.live_age_ms > VTDIAG_LIVE_STALE_MS &&
	    !report->os.cap_sys_admin)
		strbuf_addf(detail, _("; read %u s ago: run vtdiag as root to read it afresh"),
			    report->host.live_age_ms / 1000);
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const char *tech = vtdiag_tech_label(vtdiag_report_tech(report));
	int active = vtdiag_report_cpus_active(report);
	size_t cpus = report->nr_cpus ? report->nr_cpus : report->host.cpus_online;
	size_t isolated = cpus_isolated(report);
	enum vtdiag_status status = VTDIAG_WARN;
	const char *vendor_module;

	if (active < 0) {
		strbuf_adds(detail, _("not known"));
		/* The fallback says why: CR4.VMXE is out of userspace's reach. */
		if (vtdiag_report_unavailable(report, "active"))
			strbuf_addf(detail, _(": %s"),
				    vtdiag_report_unavailable(report, "active"));
		return VTDIAG_WARN;
	}
	if (!active) {
		strbuf_addf(detail, _("no: %s is off"), tech);
		if (isolated)
			strbuf_addf(detail, _(" on %zu of %zu CPUs"),
				    cpus - isolated, cpus);
		else if (cpus > 1)
			strbuf_addf(detail, _(" on all %zu CPUs"), cpus);
		add_live_notes(detail, report);
		return VTDIAG_PASS;
	}
	strbuf_addf(detail, P_("%s on, %d of %zu CPU", "%s on, %d of %zu CPUs",
			       cpus), tech, active, cpus);
	switch (vtdiag_virt_holder(report)) {
	case VTDIAG_HOLDER_KVM:
		vendor_module = vtdiag_report_vendor_module(report);
		strbuf_addf(detail, _(", by KVM (%s)"), vendor_module);
		status = VTDIAG_PASS;
		break;
	case VTDIAG_HOLDER_OTHER:
		strbuf_adds(detail, _(", not by KVM: by "));
		if (report->os.other_hv)
			vtdiag_describe_other_hv(detail, &report->os);
		else
			strbuf_adds(detail, _("another hypervisor (VirtualBox, VMware...)"));
		break;
	default:
		break;
	}
	add_live_notes(detail, report);
	return status;
}

static const struct vtdiag_advice_rule rules[] = {
	{ "other_hypervisor_active", VTDIAG_STEP_CONFLICT,
	  VTDIAG_FIRMWARE_ALLOWS, other_hypervisor_active,
	  false,
	  N_("{tech} is in use on {active_cpus}, but KVM ({vendor_module}) is not loaded: another hypervisor holds it, {other_hypervisor}. Only one hypervisor can use {tech} at a time, so KVM cannot use it while that one runs. Quit its virtual machines or unload its driver, then load KVM. {unload_other_hypervisor}"),
	},
	{ "kvm_holds_virtualization", VTDIAG_STEP_NOTES, VTDIAG_FIRMWARE_ALLOWS,
	  kvm_holds_virt_at_load,
	  false,
	  N_("If you also run VirtualBox or VMware: KVM holds {tech} from the moment it loads (Linux 6.12 and later, kvm.enable_virt_at_load=1), so their VMs fail with {other_in_use_error}. Booting with kvm.enable_virt_at_load=0 makes KVM take it only while its own VMs run."),
	},
};

const struct vtdiag_check vtdiag_check_virt_in_use = {
	.id = "virt_in_use",
	.title = N_("Virtualization in use"),
	.judge = judge,
	VTDIAG_CHECK_RULES(rules),
};
