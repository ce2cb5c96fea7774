// SPDX-License-Identifier: GPL-2.0
/*
 * The report as Prometheus metrics. Names follow the Prometheus naming
 * conventions: prefix vtdiag_, snake case, base units, every family with
 * HELP and TYPE. An enumeration is a set of gauges, one per value, with
 * the value in a label: 1 for the one that holds (the host verdict and
 * the KVM module states list every value, 0 for the others, so a query
 * can compare against a value that does not hold now; per CPU only the
 * state that holds is listed, to keep hundreds of CPUs cheap).
 * Metric text is never translated: it is an interface.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vtdiag/decode.h"
#include "firmware_setting.h"
#include "prometheus.h"
#include "report.h"
#include "util.h"

void vtdiag_prometheus_label_value(FILE *out, const char *value)
{
	const unsigned char *byte;

	for (byte = (const unsigned char *)value; *byte; byte++) {
		if (*byte == '\\' || *byte == '"')
			fprintf(out, "\\%c", *byte);
		else if (*byte == '\n')
			fputs("\\n", out);
		else if (*byte < 0x20 || *byte >= 0x7f)
			fputc('?', out);
		else
			fputc(*byte, out);
	}
}

static void family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* name{label="value"} number */
static void sample1(FILE *out, const char *name, const char *label,
		    const char *value, long long number)
{
	fprintf(out, "%s{%s=\"", name, label);
	vtdiag_prometheus_label_value(out, value);
	fprintf(out, "\"} %lld\n", number);
}

/* name{label1="value1",label2="value2"} number */
static void sample2(FILE *out, const char *name, const char *label1,
		    const char *value1, const char *label2, const char *value2,
		    long long number)
{
	fprintf(out, "%s{%s=\"", name, label1);
	vtdiag_prometheus_label_value(out, value1);
	fprintf(out, "\",%s=\"", label2);
	vtdiag_prometheus_label_value(out, value2);
	fprintf(out, "\"} %lld\n", number);
}

static void print_info(FILE *out, const struct vtdiag_report *report,
		       const char *tool_version)
{
	__u32 tech = vtdiag_report_tech(report);
	const char *labels[][2] = {
		{ "tool_version",	tool_version },
		{ "module_version",	report->host.module_version },
		{ "source",		vtdiag_report_source(report) },
		{ "cpu_vendor",		report->host.vendor_id },
		{ "technology",		tech == VTDIAG_TECH_NONE ? "" :
					vtdiag_tech_name(tech) },
	};
	size_t i;

	family(out, "vtdiag_info",
	       "Versions of the vtdiag tool and module, where the CPU data came from (module or fallback), CPU vendor and technology; always 1.");
	fputs("vtdiag_info{", out);
	for (i = 0; i < ARRAY_SIZE(labels); i++) {
		fprintf(out, "%s%s=\"", i ? "," : "", labels[i][0]);
		vtdiag_prometheus_label_value(out, labels[i][1]);
		fputc('"', out);
	}
	fputs("} 1\n", out);
}

static void print_verdict(FILE *out, const struct vtdiag_report *report)
{
	__u32 verdict = vtdiag_report_verdict(report);
	__u32 state;

	family(out, "vtdiag_host_verdict",
	       "Host verdict: 1 for the state all online CPUs share (inconsistent when they differ), 0 for the others.");
	for (state = 0; state < __VTDIAG_STATE_MAX; state++)
		sample1(out, "vtdiag_host_verdict", "verdict",
			vtdiag_state_name(state), state == verdict);
	family(out, "vtdiag_exit_status",
	       "The exit status the plain vtdiag report gives: 0 KVM usable, 1 OS not ready, 2 disabled in firmware, 3 no hardware virtualization, 4 could not determine.");
	fprintf(out, "vtdiag_exit_status %d\n", vtdiag_exit_status(report));
	family(out, "vtdiag_kvm_ready",
	       "1 when KVM is usable now by the user vtdiag ran as, else 0.");
	fprintf(out, "vtdiag_kvm_ready %d\n", vtdiag_kvm_ready(report));
}

static void print_cpus(FILE *out, const struct vtdiag_report *report)
{
	unsigned long long counts[__VTDIAG_STATE_MAX] = { 0 };
	const struct vtdiag_cpu *cpu;
	size_t known_active = 0;
	char id[16];
	__u32 state;
	size_t i;

	family(out, "vtdiag_cpus_online", "Online CPUs (0 when none could be read).");
	fprintf(out, "vtdiag_cpus_online %u\n", vtdiag_report_sampled(report) ?
		report->host.cpus_online : 0);
	for (i = 0; i < report->nr_cpus; i++)
		if (report->cpus[i].state < __VTDIAG_STATE_MAX)
			counts[report->cpus[i].state]++;
		else
			counts[VTDIAG_STATE_UNKNOWN]++;
	family(out, "vtdiag_cpus",
	       "Online CPUs in each virtualization state.");
	for (state = 0; state < VTDIAG_STATE_INCONSISTENT; state++)
		sample1(out, "vtdiag_cpus", "state", vtdiag_state_name(state),
			counts[state]);
	family(out, "vtdiag_cpu_state",
	       "Virtualization state of each online CPU: 1 for its state (states that do not hold are not listed).");
	for (i = 0; i < report->nr_cpus; i++) {
		cpu = &report->cpus[i];
		snprintf(id, sizeof(id), "%u", cpu->id);
		sample2(out, "vtdiag_cpu_state", "cpu", id, "state",
			vtdiag_state_name(cpu->state), 1);
	}
	for (i = 0; i < report->nr_cpus; i++) {
		cpu = &report->cpus[i];
		if (cpu->active < 0)
			continue;
		if (!known_active++)
			family(out, "vtdiag_cpu_virtualization_active",
			       "1 when VT-x/AMD-V is switched on in the CPU now (CR4.VMXE or EFER.SVME), 0 when off; CPUs where it could not be read are not listed.");
		snprintf(id, sizeof(id), "%u", cpu->id);
		sample1(out, "vtdiag_cpu_virtualization_active", "cpu", id,
			cpu->active > 0);
	}
}

static void print_kvm_module(FILE *out, const char *module, __u32 kvm_state)
{
	__u32 state;

	for (state = 0; state < __VTDIAG_KVM_MAX; state++)
		sample2(out, "vtdiag_kvm_module_state", "module", module,
			"state", vtdiag_kvm_state_name(state),
			state == kvm_state);
}

static void print_kvm(FILE *out, const struct vtdiag_report *report)
{
	const char *vendor_module = vtdiag_report_vendor_module(report);
	const struct vtdiag_kvm_provider *provider;
	const struct vtdiag_os *os = &report->os;
	__u32 vendor_state;
	size_t i;

	family(out, "vtdiag_kvm_module_state",
	       "State of the KVM core module, of the vendor module this CPU needs and of any other KVM vendor module in the kernel (kvm_pvm): 1 for absent, loaded or builtin, 0 for the others.");
	print_kvm_module(out, "kvm", vtdiag_report_kvm_core(report));
	if (vendor_module && vtdiag_report_kvm_vendor(report, &vendor_state))
		print_kvm_module(out, vendor_module, vendor_state);
	for (i = 0; i < os->nr_kvm_providers; i++) {
		provider = &os->kvm_providers[i];
		if (!vtdiag_kvm_vendor_is_hardware(provider->module))
			print_kvm_module(out, provider->module, provider->state);
	}
	if (os->kvm_registered_known) {
		family(out, "vtdiag_kvm_registered",
		       "1 when KVM registered /dev/kvm (its initialisation succeeded), else 0.");
		fprintf(out, "vtdiag_kvm_registered %d\n", os->kvm_registered);
	}
	family(out, "vtdiag_dev_kvm_present", "1 when /dev/kvm exists.");
	fprintf(out, "vtdiag_dev_kvm_present %d\n", os->dev_kvm_exists);
	family(out, "vtdiag_dev_kvm_accessible",
	       "1 when the user vtdiag ran as could open /dev/kvm.");
	fprintf(out, "vtdiag_dev_kvm_accessible %d\n",
		os->dev_kvm_exists && !os->dev_kvm_errno);
}

static void print_hypervisor(FILE *out, const struct vtdiag_report *report)
{
	bool present = vtdiag_report_sampled(report) && report->host.hypervisor;
	struct vtdiag_hv_identity identity;

	family(out, "vtdiag_hypervisor_present",
	       "1 when this machine runs under a hypervisor (CPUID hypervisor bit).");
	fprintf(out, "vtdiag_hypervisor_present %d\n", present);
	if (!present)
		return;
	identity = vtdiag_report_hypervisor(report);
	family(out, "vtdiag_hypervisor_info",
	       "The hypervisor this machine runs under: its CPUID signature and product; always 1.");
	sample2(out, "vtdiag_hypervisor_info", "signature",
		report->host.hv_signature, "product",
		identity.product ? identity.product : "", 1);
}

/*
 * The firmware-attributes settings vtdiag knows (firmware_setting check):
 * one-hot state per setting, and each driver's pending_reboot when said.
 * Nothing at all where no driver shows one.
 */
static void print_firmware_settings(FILE *out, const struct vtdiag_report *report)
{
	static const enum vtdiag_fw_state states[] = {
		VTDIAG_FW_ON, VTDIAG_FW_OFF, VTDIAG_FW_OTHER, VTDIAG_FW_UNKNOWN,
	};
	const struct vtdiag_fwattr *fw = vtdiag_report_fwattr(report);
	const struct vtdiag_fw_setting *setting;
	size_t i, s;

	if (!fw || !fw->nr_settings)
		return;
	family(out, "vtdiag_firmware_setting_state",
	       "A firmware setting of virtualization as a firmware-attributes driver shows it (role: virtualization, svm, vtd, iommu, memory_encryption): 1 for what its value means (on, off, other, unknown), 0 for the others.");
	for (i = 0; i < fw->nr_settings; i++) {
		setting = &fw->settings[i];
		for (s = 0; s < ARRAY_SIZE(states); s++) {
			fputs("vtdiag_firmware_setting_state{driver=\"", out);
			vtdiag_prometheus_label_value(out, fw->drivers[setting->driver].name);
			fputs("\",setting=\"", out);
			vtdiag_prometheus_label_value(out, setting->name);
			fprintf(out, "\",role=\"%s\",state=\"%s\"} %d\n",
				vtdiag_fw_role_key(setting->row->role),
				vtdiag_fw_state_key(states[s]),
				setting->state == states[s]);
		}
	}
	family(out, "vtdiag_firmware_pending_reboot",
	       "1 while a firmware-attributes driver reports a saved change waiting for a restart, else 0; left out when the driver does not say.");
	for (i = 0; i < fw->nr_drivers; i++)
		if (fw->drivers[i].pending_reboot >= 0)
			sample1(out, "vtdiag_firmware_pending_reboot", "driver",
				fw->drivers[i].name, fw->drivers[i].pending_reboot);
}

/* Every check of the table: 1 for the status it has, 0 for the others. */
static int print_checks(FILE *out, const struct vtdiag_report *report)
{
	static const enum vtdiag_status statuses[] = {
		VTDIAG_PASS, VTDIAG_WARN, VTDIAG_FAIL, VTDIAG_SKIP,
	};
	const struct vtdiag_check_result *result;
	struct vtdiag_results results;
	size_t i, s;

	if (vtdiag_judge(report, &results))
		return -ENOMEM;
	family(out, "vtdiag_check_status",
	       "Each check of the report (check = its id): 1 for its status (pass, warn, fail, skip), 0 for the others.");
	for (i = 0; i < results.count; i++) {
		result = &results.items[i];
		for (s = 0; s < ARRAY_SIZE(statuses); s++)
			sample2(out, "vtdiag_check_status", "check",
				result->check->id, "status",
				vtdiag_status_key(statuses[s]),
				result->status == statuses[s]);
	}
	vtdiag_results_free(&results);
	return 0;
}

int vtdiag_print_prometheus(FILE *out, const struct vtdiag_report *report,
			    const char *tool_version)
{
	int err;

	print_info(out, report, tool_version);
	print_verdict(out, report);
	print_cpus(out, report);
	print_kvm(out, report);
	print_hypervisor(out, report);
	print_firmware_settings(out, report);
	err = print_checks(out, report);
	if (err)
		return err;
	if (fflush(out) || ferror(out))
		return errno ? -errno : -EIO;
	return 0;
}
