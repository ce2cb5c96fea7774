// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "model.h"
#include "strbuf.h"
#include "util.h"

/* Dependent modules first, so that modprobe -r gets the driver out. */
const struct vtdiag_other_hv_driver vtdiag_other_hv_drivers[] = {
	{ VTDIAG_OTHER_HV_VIRTUALBOX, "VirtualBox", "vboxdrv",
	  "sudo modprobe -r vboxnetadp vboxnetflt vboxdrv" },
	{ VTDIAG_OTHER_HV_VMWARE, "VMware", "vmmon",
	  "sudo modprobe -r vmmon" },
};

const size_t vtdiag_nr_other_hv_drivers = ARRAY_SIZE(vtdiag_other_hv_drivers);

/*
 * kvm_pvm: PVM, a vendor module that runs guests without hardware
 * virtualization (in cloud VMs without nesting); its guests need a kernel
 * built for it. It cannot be loaded beside kvm_intel or kvm_amd.
 */
const struct vtdiag_kvm_vendor_info vtdiag_kvm_vendors[] = {
	{ "kvm_intel",	1 },
	{ "kvm_amd",	1 },
	{ "kvm_pvm",	0 },
};

const size_t vtdiag_nr_kvm_vendors = ARRAY_SIZE(vtdiag_kvm_vendors);

const struct vtdiag_kvm_vendor_info *vtdiag_kvm_vendor_find(const char *module)
{
	size_t i;

	for (i = 0; i < vtdiag_nr_kvm_vendors; i++)
		if (!strcmp(vtdiag_kvm_vendors[i].module, module))
			return &vtdiag_kvm_vendors[i];
	return NULL;
}

bool vtdiag_kvm_vendor_is_hardware(const char *module)
{
	return !strcmp(module, "kvm_intel") || !strcmp(module, "kvm_amd");
}

/*
 * kvmgt (Intel GVT-g mediated graphics) tracks guest pages through KVM.
 * vfio reaches KVM through symbol_get() and holds nothing; irqbypass is
 * held by kvm, not the other way round.
 */
bool vtdiag_kvm_helper_module(const char *module)
{
	static const char *const helpers[] = { "kvmgt" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(helpers); i++)
		if (!strcmp(helpers[i], module))
			return true;
	return false;
}

void vtdiag_report_init(struct vtdiag_report *report)
{
	memset(report, 0, sizeof(*report));
	report->module = VTDIAG_MODULE_MISSING;
	report->host.verdict = VTDIAG_STATE_UNKNOWN;
	report->host.vendor = VTDIAG_VENDOR_OTHER;
	report->host.tech = VTDIAG_TECH_NONE;
	report->os.kvm_core = VTDIAG_KVM_ABSENT;
	report->os.kvm_intel = VTDIAG_KVM_ABSENT;
	report->os.kvm_amd = VTDIAG_KVM_ABSENT;
	report->os.enable_virt_at_load = -1;
	report->os.kernel_flags = -1;
	vtdiag_cc_os_reset(&report->cc_os);
}

void vtdiag_cc_os_reset(struct vtdiag_cc_os *cc_os)
{
	size_t i;

	memset(cc_os, 0, sizeof(*cc_os));
	for (i = 0; i < VTDIAG_CC_SLOTS; i++)
		cc_os->kvm_amd[i] = -1;
	cc_os->kvm_intel_tdx = -1;
	cc_os->cpuinfo_flags = -1;
	cc_os->misc_sev = -1;
	cc_os->misc_sev_es = -1;
}

void vtdiag_report_clear_cpus(struct vtdiag_report *report)
{
	free(report->cpus);
	report->cpus = NULL;
	report->nr_cpus = 0;
}

void vtdiag_report_free(struct vtdiag_report *report)
{
	size_t i;

	vtdiag_report_clear_cpus(report);
	for (i = 0; i < VTDIAG_CHECKS_MAX; i++) {
		free(report->check_facts[i]);
		report->check_facts[i] = NULL;
	}
}

struct vtdiag_cpu *vtdiag_report_add_cpu(struct vtdiag_report *report)
{
	struct vtdiag_cpu *cpus, *cpu;

	/* Grow by one: even 8192 CPUs cost nothing next to the netlink I/O. */
	cpus = realloc(report->cpus, (report->nr_cpus + 1) * sizeof(*cpus));
	if (!cpus)
		return NULL;
	report->cpus = cpus;
	cpu = &cpus[report->nr_cpus++];
	memset(cpu, 0, sizeof(*cpu));
	cpu->state = VTDIAG_STATE_UNKNOWN;
	cpu->active = -1;
	return cpu;
}

bool vtdiag_report_sampled(const struct vtdiag_report *report)
{
	return report->module == VTDIAG_MODULE_OK || report->fallback;
}

const char *vtdiag_report_unavailable(const struct vtdiag_report *report,
				      const char *what)
{
	size_t i;

	for (i = 0; i < report->nr_unavailable; i++)
		if (!strcmp(report->unavailable[i].what, what))
			return report->unavailable[i].why;
	return NULL;
}

void vtdiag_add_cpu_ranges(struct strbuf *sb, const __u32 *cpus, size_t count)
{
	size_t i, last;

	for (i = 0; i < count; i = last + 1) {
		last = i;
		while (last + 1 < count && cpus[last + 1] == cpus[last] + 1)
			last++;
		strbuf_addf(sb, "%s%u", i ? "," : "", cpus[i]);
		if (last > i)
			strbuf_addf(sb, "-%u", cpus[last]);
	}
}

static void add_gap(struct vtdiag_report *report, const char *what,
		    const char *why)
{
	struct vtdiag_unavailable *item;

	if (report->nr_unavailable >= VTDIAG_UNAVAILABLE_MAX)
		return;
	item = &report->unavailable[report->nr_unavailable++];
	item->what = what;
	snprintf(item->why, sizeof(item->why), "%s", why);
}

void vtdiag_report_add_helper_gaps(struct vtdiag_report *report)
{
	char why[VTDIAG_UNAVAILABLE_WHY_LEN];

	if (report->os.getent_timeout_ms) {
		vtdiag_helper_timeout_text(why, sizeof(why), "getent",
					   report->os.getent_timeout_ms);
		add_gap(report, "groups", why);
	}
	if (report->platform.systemctl_timeout_ms) {
		vtdiag_helper_timeout_text(why, sizeof(why), "systemctl",
					   report->platform.systemctl_timeout_ms);
		add_gap(report, "libvirt", why);
	}
}

void vtdiag_helper_timeout_text(char *buf, size_t size, const char *program,
				__u32 timeout_ms)
{
	/* TRANSLATORS: "getent did not answer within 6 s" */
	snprintf(buf, size, _("%s did not answer within %g s"), program,
		 timeout_ms / 1000.0);
}
