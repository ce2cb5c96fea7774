// SPDX-License-Identifier: GPL-2.0
/*
 * The --json object. The contract keys (docs/design.md, "Tool contract") are
 * fixed; anything else here is an addition a consumer may ignore.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json.h>

#include "vtdiag/decode.h"
#include "distro.h"
#include "firmware_setting.h"
#include "machine.h"
#include "print.h"
#include "util.h"

#define VTDIAG_JSON_SCHEMA	1

static const struct {
	__u32 bit;
	const char *name;
} cpu_flag_names[] = {
	{ VTDIAG_F_HYPERVISOR,		"hypervisor" },
	{ VTDIAG_F_VMX,			"vmx" },
	{ VTDIAG_F_SMX,			"smx" },
	{ VTDIAG_F_SVM,			"svm" },
	{ VTDIAG_F_SVML,		"svml" },
	{ VTDIAG_F_LOCKED,		"locked" },
	{ VTDIAG_F_VMX_IN_SMX,		"vmx_in_smx" },
	{ VTDIAG_F_VMX_OUTSIDE_SMX,	"vmx_outside_smx" },
	{ VTDIAG_F_SVMDIS,		"svmdis" },
	{ VTDIAG_F_ACTIVE,		"active" },
};

/* json-c takes NULL as JSON null. */
static struct json_object *string_or_null(const char *text)
{
	return text && text[0] ? json_object_new_string(text) : NULL;
}

static struct json_object *msr_hex(bool present, __u64 msr)
{
	char hex[2 + 16 + 1];

	if (!present)
		return NULL;
	snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)msr);
	return json_object_new_string(hex);
}

static struct json_object *cpu_flags_json(const struct vtdiag_cpu *cpu)
{
	struct json_object *names, *name;
	size_t i;

	if (!cpu->has_flags)
		return NULL;
	names = json_object_new_array();
	for (i = 0; i < ARRAY_SIZE(cpu_flag_names); i++) {
		if (!(cpu->flags & cpu_flag_names[i].bit))
			continue;
		name = json_object_new_string(cpu_flag_names[i].name);
		json_object_array_add(names, name);
	}
	return names;
}

/* "feature_control" or "vm_cr", whichever MSR holds this vendor's lock. */
static void add_cpu_msr(struct json_object *obj, const struct vtdiag_cpu *cpu,
			__u32 tech)
{
	bool vmx = tech == VTDIAG_TECH_VMX ||
		   (tech == VTDIAG_TECH_NONE && cpu->has_feat_ctl);
	bool svm = tech == VTDIAG_TECH_SVM ||
		   (tech == VTDIAG_TECH_NONE && cpu->has_vm_cr);
	__s32 msr_err = vmx ? cpu->feat_ctl_err : cpu->vm_cr_err;
	const char *error_name;
	char name_buf[32];

	if (vmx)
		json_object_object_add(obj, "feature_control",
				       msr_hex(cpu->has_feat_ctl, cpu->feat_ctl));
	if (svm)
		json_object_object_add(obj, "vm_cr",
				       msr_hex(cpu->has_vm_cr, cpu->vm_cr));
	if (!(vmx || svm) || !msr_err)
		return;
	error_name = vtdiag_errno_name(msr_err, name_buf, sizeof(name_buf));
	json_object_object_add(obj, "msr_error",
			       json_object_new_string(error_name));
}

/* JSON null (NULL to json-c) when the module did not say. */
static struct json_object *bool_or_null(bool known, bool value)
{
	return known ? json_object_new_boolean(value) : NULL;
}

static struct json_object *cpu_json(const struct vtdiag_cpu *cpu,
				    __u32 host_tech, bool isolation_known)
{
	struct json_object *obj = json_object_new_object();
	__u32 tech = cpu->has_vendor ? vtdiag_vendor_tech(cpu->vendor) :
				       host_tech;
	bool msr_read = cpu->has_feat_ctl || cpu->has_vm_cr;

	json_object_object_add(obj, "cpu", json_object_new_int64(cpu->id));
	json_object_object_add(obj, "state",
			       json_object_new_string(vtdiag_state_name(cpu->state)));
	add_cpu_msr(obj, cpu, tech);
	json_object_object_add(obj, "active",
			       bool_or_null(cpu->active >= 0, cpu->active > 0));
	json_object_object_add(obj, "isolated",
			       bool_or_null(isolation_known, cpu->isolated));
	json_object_object_add(obj, "flags", cpu_flags_json(cpu));
	/* LOCKED is only decoded when the MSR was read. */
	json_object_object_add(obj, "locked",
			       bool_or_null(cpu->has_flags && msr_read,
					    cpu->flags & VTDIAG_F_LOCKED));
	if (tech == VTDIAG_TECH_SVM)
		json_object_object_add(obj, "svml",
				       bool_or_null(cpu->has_flags,
						    cpu->flags & VTDIAG_F_SVML));
	return obj;
}

static struct json_object *cpus_json(const struct vtdiag_report *report)
{
	struct json_object *cpus = json_object_new_array();
	__u32 tech = vtdiag_report_tech(report);
	size_t i;

	for (i = 0; i < report->nr_cpus; i++)
		json_object_array_add(cpus, cpu_json(&report->cpus[i], tech,
						     report->host.has_cpus_isolated));
	return cpus;
}

static struct json_object *cpu_vendor_json(const struct vtdiag_report *report)
{
	struct json_object *obj = json_object_new_object();
	__u32 tech = vtdiag_report_tech(report);

	const char *technology = tech == VTDIAG_TECH_NONE ? NULL :
				 vtdiag_tech_name(tech);
	int kernel_flag = vtdiag_report_kernel_flag(report);

	json_object_object_add(obj, "vendor",
			       string_or_null(report->host.vendor_id));
	json_object_object_add(obj, "technology", string_or_null(technology));
	json_object_object_add(obj, "kernel_flag",
			       bool_or_null(kernel_flag >= 0, kernel_flag > 0));
	return obj;
}

static struct json_object *hypervisor_json(const struct vtdiag_report *report)
{
	const char *signature = report->host.hv_signature;
	struct vtdiag_hv_identity identity;
	struct json_object *obj;

	if (!vtdiag_report_sampled(report) || !report->host.hypervisor)
		return NULL;
	identity = vtdiag_report_hypervisor(report);
	obj = json_object_new_object();
	/* "" when the hypervisor bit is set without a signature. */
	json_object_object_add(obj, "signature",
			       json_object_new_string(signature));
	json_object_object_add(obj, "product", string_or_null(identity.product));
	json_object_object_add(obj, "kind",
			       json_object_new_string(vtdiag_hv_kind_id(identity.kind)));
	return obj;
}

/* DMI identity, the maker's entry the advice used, cloud, boot mode. */
static struct json_object *machine_json(const struct vtdiag_report *report)
{
	const struct vtdiag_dmi *dmi = &report->platform.dmi;
	const struct vtdiag_oem *oem = vtdiag_oem_find(dmi);
	struct json_object *obj = json_object_new_object();
	const struct {
		const char *key, *value;
	} fields[] = {
		{ "sys_vendor",		dmi->sys_vendor },
		{ "product_name",	dmi->product_name },
		{ "product_version",	dmi->product_version },
		{ "product_family",	dmi->product_family },
		{ "board_vendor",	dmi->board_vendor },
		{ "board_name",		dmi->board_name },
		{ "bios_vendor",	dmi->bios_vendor },
		{ "bios_version",	dmi->bios_version },
		{ "bios_date",		dmi->bios_date },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(fields); i++)
		json_object_object_add(obj, fields[i].key,
				       string_or_null(fields[i].value));
	json_object_object_add(obj, "oem", string_or_null(oem ? oem->id : NULL));
	json_object_object_add(obj, "cloud",
			       string_or_null(vtdiag_cloud_id(vtdiag_cloud_find(dmi))));
	json_object_object_add(obj, "uefi",
			       json_object_new_boolean(report->platform.uefi));
	return obj;
}

static const char *const libvirt_state_names[] = {
	[VTDIAG_LIBVIRT_MISSING]	= "missing",
	[VTDIAG_LIBVIRT_UNCHECKED]	= "unchecked",
	[VTDIAG_LIBVIRT_ACTIVE]		= "active",
	[VTDIAG_LIBVIRT_INACTIVE]	= "inactive",
};

static struct json_object *libvirt_json(const struct vtdiag_platform *platform)
{
	struct json_object *obj = json_object_new_object();
	const char *daemon = platform->libvirtd[0] ? platform->libvirtd :
			     platform->virtqemud;
	const char *state = libvirt_state_names[platform->libvirt];

	json_object_object_add(obj, "daemon", string_or_null(daemon));
	json_object_object_add(obj, "state", json_object_new_string(state));
	json_object_object_add(obj, "unit",
			       string_or_null(platform->libvirt_unit));
	return obj;
}

/* The distribution, its package manager, QEMU and libvirt. */
static struct json_object *os_json(const struct vtdiag_report *report)
{
	const struct vtdiag_platform *platform = &report->platform;
	const struct vtdiag_distro *distro =
		vtdiag_distro_find(platform->os_id, platform->os_id_like);
	struct json_object *obj = json_object_new_object();

	json_object_object_add(obj, "id", string_or_null(platform->os_id));
	json_object_object_add(obj, "id_like",
			       string_or_null(platform->os_id_like));
	json_object_object_add(obj, "name", string_or_null(platform->os_name));
	json_object_object_add(obj, "package_manager",
			       string_or_null(distro ? distro->package_manager : NULL));
	json_object_object_add(obj, "systemd",
			       json_object_new_boolean(platform->systemd));
	json_object_object_add(obj, "wsl", json_object_new_boolean(platform->wsl));
	json_object_object_add(obj, "qemu", string_or_null(platform->qemu));
	json_object_object_add(obj, "libvirt", libvirt_json(platform));
	return obj;
}

/* Why /dev/kvm cannot be opened (null when it can), owner and mode. */
static void add_dev_kvm_access(struct json_object *obj,
			       const struct vtdiag_report *report)
{
	enum vtdiag_dev_kvm_access access = vtdiag_dev_kvm_access(report);
	const struct vtdiag_os *os = &report->os;
	char mode[8];

	json_object_object_add(obj, "dev_kvm_problem",
			       access == VTDIAG_DEV_KVM_OK ? NULL :
			       json_object_new_string(vtdiag_dev_kvm_access_name(access)));
	if (!os->dev_kvm_exists)
		return;
	snprintf(mode, sizeof(mode), "%04o", os->dev_kvm_mode & 07777);
	json_object_object_add(obj, "dev_kvm_mode", json_object_new_string(mode));
	json_object_object_add(obj, "dev_kvm_owner",
			       string_or_null(os->dev_kvm_owner));
	json_object_object_add(obj, "dev_kvm_group",
			       string_or_null(os->dev_kvm_group));
	json_object_object_add(obj, "dev_kvm_acl",
			       json_object_new_boolean(os->dev_kvm_acl));
}

/* The vendor modules in the kernel, and what each runs guests with. */
static struct json_object *providers_json(const struct vtdiag_os *os)
{
	struct json_object *items = json_object_new_array();
	const struct vtdiag_kvm_vendor_info *info;
	const struct vtdiag_kvm_provider *provider;
	struct json_object *item;
	size_t i;

	for (i = 0; i < os->nr_kvm_providers; i++) {
		provider = &os->kvm_providers[i];
		info = vtdiag_kvm_vendor_find(provider->module);
		item = json_object_new_object();
		json_object_object_add(item, "module",
				       json_object_new_string(provider->module));
		json_object_object_add(item, "state",
				       json_object_new_string(vtdiag_kvm_state_name(provider->state)));
		json_object_object_add(item, "hardware_virtualization",
				       bool_or_null(info != NULL,
						    info && info->hardware_virt));
		json_object_array_add(items, item);
	}
	return items;
}

static struct json_object *kvm_json(const struct vtdiag_report *report)
{
	struct json_object *obj = json_object_new_object();
	const struct vtdiag_os *os = &report->os;
	const char *core = vtdiag_kvm_state_name(vtdiag_report_kvm_core(report));
	const char *vendor_state_name = NULL;
	const char *error_name = NULL;
	const char *source;
	__u32 vendor_state;
	char name_buf[32];

	if (vtdiag_report_kvm_vendor(report, &vendor_state))
		vendor_state_name = vtdiag_kvm_state_name(vendor_state);
	if (os->dev_kvm_errno)
		error_name = vtdiag_errno_name(os->dev_kvm_errno, name_buf,
					       sizeof(name_buf));

	json_object_object_add(obj, "core", json_object_new_string(core));
	json_object_object_add(obj, "vendor_module",
			       string_or_null(vtdiag_report_vendor_module(report)));
	json_object_object_add(obj, "vendor_state",
			       string_or_null(vendor_state_name));
	json_object_object_add(obj, "dev_kvm",
			       json_object_new_boolean(os->dev_kvm_exists));
	json_object_object_add(obj, "dev_kvm_access",
			       json_object_new_boolean(!os->dev_kvm_errno));
	json_object_object_add(obj, "dev_kvm_error", string_or_null(error_name));
	add_dev_kvm_access(obj, report);
	json_object_object_add(obj, "user", string_or_null(os->user));
	json_object_object_add(obj, "enable_virt_at_load",
			       bool_or_null(os->enable_virt_at_load >= 0,
					    os->enable_virt_at_load > 0));
	json_object_object_add(obj, "registered",
			       bool_or_null(os->kvm_registered_known,
					    os->kvm_registered));
	json_object_object_add(obj, "providers", providers_json(os));
	source = vtdiag_report_kvm_from_module(report) ? "module" : "sysfs";
	json_object_object_add(obj, "source", json_object_new_string(source));
	return obj;
}

static struct json_object *advice_json(const struct vtdiag_advice_list *advice)
{
	struct json_object *items = json_object_new_array();
	struct json_object *item;
	size_t i;

	for (i = 0; i < advice->count; i++) {
		item = json_object_new_object();
		json_object_object_add(item, "id",
				       json_object_new_string(advice->items[i].id));
		json_object_object_add(item, "text",
				       json_object_new_string(advice->items[i].text));
		json_object_array_add(items, item);
	}
	return items;
}

/* VT-x/AMD-V switched on now: on how many CPUs, and by whom. */
static void add_virt_in_use(struct json_object *root,
			    const struct vtdiag_report *report)
{
	int active = vtdiag_report_cpus_active(report);
	const char *holder = vtdiag_holder_name(vtdiag_virt_holder(report));

	json_object_object_add(root, "cpus_active", active < 0 ? NULL :
			       json_object_new_int(active));
	json_object_object_add(root, "virtualization_holder",
			       string_or_null(holder));
	json_object_object_add(root, "cpus_isolated",
			       report->module == VTDIAG_MODULE_OK &&
			       report->host.has_cpus_isolated ?
			       json_object_new_int64(report->host.cpus_isolated) :
			       NULL);
	json_object_object_add(root, "live_age_ms",
			       report->module == VTDIAG_MODULE_OK &&
			       report->host.has_live_age ?
			       json_object_new_int64(report->host.live_age_ms) :
			       NULL);
}

/* What this kernel does with FEATURE_CONTROL; null: an older module or none. */
static struct json_object *kernel_json(const struct vtdiag_report *report)
{
	const struct vtdiag_host *host = &report->host;
	bool known = report->module == VTDIAG_MODULE_OK && host->has_kernel_policy;
	struct json_object *obj = json_object_new_object();

	json_object_object_add(obj, "locks_feature_control",
			       bool_or_null(known, host->kernel_locks_feat_ctl));
	json_object_object_add(obj, "enables_vmx",
			       bool_or_null(known, host->kernel_enables_vmx));
	json_object_object_add(obj, "tboot", bool_or_null(known, host->tboot));
	return obj;
}

static void add_module_info(struct json_object *root,
			    const struct vtdiag_report *report)
{
	const struct vtdiag_host *host = &report->host;
	bool ok = report->module == VTDIAG_MODULE_OK;

	json_object_object_add(root, "module_version",
			       string_or_null(host->module_version));
	json_object_object_add(root, "generation", ok && host->has_generation ?
			       json_object_new_int64(host->generation) : NULL);
	json_object_object_add(root, "cpus_online",
			       vtdiag_report_sampled(report) ?
			       json_object_new_int64(host->cpus_online) : NULL);
	json_object_object_add(root, "error",
			       report->module == VTDIAG_MODULE_FAILED ?
			       string_or_null(report->module_error) : NULL);
}

/* What the fallback could not read, and why: [{"what", "why"}]. */
static struct json_object *unavailable_json(const struct vtdiag_report *report)
{
	struct json_object *items = json_object_new_array();
	struct json_object *item;
	size_t i;

	for (i = 0; i < report->nr_unavailable; i++) {
		item = json_object_new_object();
		json_object_object_add(item, "what",
				       json_object_new_string(report->unavailable[i].what));
		json_object_object_add(item, "why",
				       json_object_new_string(report->unavailable[i].why));
		json_object_array_add(items, item);
	}
	return items;
}

static struct json_object *flag_or_null(int flag)
{
	return flag < 0 ? NULL : json_object_new_boolean(flag);
}

/* possible_values as a list: ";"-separated, blanks and empty items dropped. */
static struct json_object *possible_json(const struct vtdiag_fw_setting *setting)
{
	char list[VTDIAG_FW_POSSIBLE_LEN], *word, *save = NULL, *end;
	struct json_object *items;

	if (!setting->has_possible)
		return NULL;
	items = json_object_new_array();
	snprintf(list, sizeof(list), "%s", setting->possible);
	for (word = strtok_r(list, ";", &save); word;
	     word = strtok_r(NULL, ";", &save)) {
		word += strspn(word, " ");
		end = word + strlen(word);
		while (end > word && end[-1] == ' ')
			*--end = '\0';
		if (*word)
			json_object_array_add(items, json_object_new_string(word));
	}
	return items;
}

static struct json_object *fw_setting_json(const struct vtdiag_fwattr *fw,
					   const struct vtdiag_fw_setting *setting)
{
	struct json_object *obj = json_object_new_object();

	json_object_object_add(obj, "driver",
			       json_object_new_string(fw->drivers[setting->driver].name));
	json_object_object_add(obj, "name", json_object_new_string(setting->name));
	json_object_object_add(obj, "role",
			       json_object_new_string(vtdiag_fw_role_key(setting->row->role)));
	json_object_object_add(obj, "type", string_or_null(setting->type));
	json_object_object_add(obj, "current_value", setting->has_value ?
			       json_object_new_string(setting->value) : NULL);
	json_object_object_add(obj, "possible_values", possible_json(setting));
	json_object_object_add(obj, "state",
			       json_object_new_string(vtdiag_fw_state_key(setting->state)));
	json_object_object_add(obj, "writable",
			       json_object_new_boolean(setting->writable));
	json_object_object_add(obj, "on_value", string_or_null(setting->on_value));
	json_object_object_add(obj, "name_verified",
			       json_object_new_boolean(setting->row->verified));
	json_object_object_add(obj, "name_source",
			       json_object_new_string(setting->row->source));
	return obj;
}

/* The firmware-attributes drivers and the virtualization settings among them. */
static struct json_object *firmware_settings_json(const struct vtdiag_report *report)
{
	const struct vtdiag_fwattr *fw = vtdiag_report_fwattr(report);
	struct json_object *obj = json_object_new_object();
	struct json_object *drivers = json_object_new_array();
	struct json_object *settings = json_object_new_array();
	const struct vtdiag_fw_setting *sw = vtdiag_report_fw_switch(report);
	struct json_object *item;
	size_t i;

	for (i = 0; fw && i < fw->nr_drivers; i++) {
		item = json_object_new_object();
		json_object_object_add(item, "driver",
				       json_object_new_string(fw->drivers[i].name));
		json_object_object_add(item, "pending_reboot",
				       flag_or_null(fw->drivers[i].pending_reboot));
		json_object_object_add(item, "admin_password",
				       flag_or_null(fw->drivers[i].admin_password));
		json_object_array_add(drivers, item);
	}
	for (i = 0; fw && i < fw->nr_settings; i++)
		json_object_array_add(settings, fw_setting_json(fw, &fw->settings[i]));
	json_object_object_add(obj, "drivers", drivers);
	json_object_object_add(obj, "settings", settings);
	json_object_object_add(obj, "cpu_switch", sw ?
			       json_object_new_string(sw->name) : NULL);
	return obj;
}

/* Every check of the table: [{"id", "status", "summary", "detail"}]. */
static struct json_object *checks_json(const struct vtdiag_report *report)
{
	struct json_object *items = json_object_new_array();
	const struct vtdiag_check_result *result;
	struct vtdiag_results results;
	struct json_object *item;
	size_t i;

	if (vtdiag_judge(report, &results))
		return items;
	for (i = 0; i < results.count; i++) {
		result = &results.items[i];
		item = json_object_new_object();
		json_object_object_add(item, "id",
				       json_object_new_string(result->check->id));
		json_object_object_add(item, "status",
				       json_object_new_string(vtdiag_status_key(result->status)));
		json_object_object_add(item, "summary",
				       json_object_new_string(result->check->title));
		json_object_object_add(item, "detail",
				       json_object_new_string(result->detail));
		json_object_array_add(items, item);
	}
	vtdiag_results_free(&results);
	return items;
}

struct json_object *vtdiag_report_json(const struct vtdiag_report *report,
				       const struct vtdiag_advice_list *advice)
{
	struct json_object *root = json_object_new_object();

	if (!root)
		return NULL;
	json_object_object_add(root, "schema",
			       json_object_new_int(VTDIAG_JSON_SCHEMA));
	json_object_object_add(root, "source",
			       json_object_new_string(vtdiag_report_source(report)));
	json_object_object_add(root, "verdict",
			       json_object_new_string(vtdiag_state_name(vtdiag_report_verdict(report))));
	json_object_object_add(root, "kvm_ready",
			       json_object_new_boolean(vtdiag_kvm_ready(report)));
	json_object_object_add(root, "exit_status",
			       json_object_new_int(vtdiag_exit_status(report)));
	json_object_object_add(root, "cpu", cpu_vendor_json(report));
	json_object_object_add(root, "hypervisor", hypervisor_json(report));
	json_object_object_add(root, "cpus", cpus_json(report));
	add_virt_in_use(root, report);
	json_object_object_add(root, "kvm", kvm_json(report));
	json_object_object_add(root, "kernel", kernel_json(report));
	json_object_object_add(root, "machine", machine_json(report));
	json_object_object_add(root, "os", os_json(report));
	json_object_object_add(root, "checks", checks_json(report));
	json_object_object_add(root, "firmware_settings", firmware_settings_json(report));
	json_object_object_add(root, "advice", advice_json(advice));
	json_object_object_add(root, "unavailable", unavailable_json(report));
	add_module_info(root, report);
	return root;
}

int vtdiag_print_json(FILE *out, const struct vtdiag_report *report,
		      const struct vtdiag_advice_list *advice)
{
	struct json_object *root = vtdiag_report_json(report, advice);
	const char *text;

	if (!root)
		return -ENOMEM;
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_SPACED |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text)
		fprintf(out, "%s\n", text);
	json_object_put(root);
	return text ? 0 : -ENOMEM;
}

static const char *const event_names[] = {
	[VTDIAG_EVENT_KVM]		= "kvm",
	[VTDIAG_EVENT_CPU_ONLINE]	= "cpu_online",
	[VTDIAG_EVENT_CPU_OFFLINE]	= "cpu_offline",
	[VTDIAG_EVENT_RESAMPLE]		= "resample",
	[VTDIAG_EVENT_ACTIVE]		= "active",
	[VTDIAG_EVENT_VERDICT]		= "verdict",
};

/* "unknown" for UNSPEC and kinds newer than this tool; event_type says which. */
static const char *event_name(__u32 type)
{
	if (type < ARRAY_SIZE(event_names) && event_names[type])
		return event_names[type];
	return "unknown";
}

/* RFC 3339, UTC, milliseconds: "2026-11-25T15:00:45.123Z". */
static struct json_object *rfc3339_utc(const struct timespec *when)
{
	char stamp[48];
	struct tm tm;

	if (!gmtime_r(&when->tv_sec, &tm))
		return NULL;
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp + strlen(stamp), sizeof(stamp) - strlen(stamp),
		 ".%03ldZ", when->tv_nsec / 1000000);
	return json_object_new_string(stamp);
}

static struct json_object *u32_or_null(bool present, __u32 value)
{
	return present ? json_object_new_int64(value) : NULL;
}

static struct json_object *kvm_state_or_null(bool present, __u32 kvm_state)
{
	return present ?
	       json_object_new_string(vtdiag_kvm_state_name(kvm_state)) : NULL;
}

static struct json_object *event_kvm_json(const struct vtdiag_host *host)
{
	struct json_object *obj = json_object_new_object();

	json_object_object_add(obj, "core",
			       kvm_state_or_null(host->has_kvm_core,
						 host->kvm_core));
	json_object_object_add(obj, "vendor_module",
			       string_or_null(host->kvm_vendor_module));
	json_object_object_add(obj, "vendor_state",
			       kvm_state_or_null(host->has_kvm_vendor,
						 host->kvm_vendor));
	return obj;
}

/* Every key is always there, null when this kind of event has no such thing. */
struct json_object *vtdiag_event_json(const struct vtdiag_event_info *ev,
				      const struct timespec *when)
{
	const struct vtdiag_host *host = &ev->host;
	struct json_object *obj = json_object_new_object();

	if (!obj)
		return NULL;
	json_object_object_add(obj, "time", rfc3339_utc(when));
	json_object_object_add(obj, "event",
			       json_object_new_string(event_name(ev->type)));
	json_object_object_add(obj, "event_type", json_object_new_int64(ev->type));
	json_object_object_add(obj, "cpu", u32_or_null(ev->has_cpu, ev->cpu));
	json_object_object_add(obj, "module", string_or_null(ev->module));
	json_object_object_add(obj, "module_state",
			       kvm_state_or_null(ev->has_module_state,
						 ev->module_state));
	json_object_object_add(obj, "verdict",
			       json_object_new_string(vtdiag_state_name(host->verdict)));
	json_object_object_add(obj, "generation",
			       u32_or_null(host->has_generation, host->generation));
	json_object_object_add(obj, "cpus_online",
			       json_object_new_int64(host->cpus_online));
	json_object_object_add(obj, "cpus_active",
			       u32_or_null(host->has_cpus_active, host->cpus_active));
	json_object_object_add(obj, "cpus_isolated",
			       u32_or_null(host->has_cpus_isolated,
					   host->cpus_isolated));
	json_object_object_add(obj, "kvm", event_kvm_json(host));
	return obj;
}

int vtdiag_print_event_json(FILE *out, const struct vtdiag_event_info *ev,
			    const struct timespec *when)
{
	struct json_object *obj = vtdiag_event_json(ev, when);
	const char *text;
	int err = 0;

	if (!obj)
		return -ENOMEM;
	text = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (text)
		fprintf(out, "%s\n", text);
	else
		err = -ENOMEM;
	json_object_put(obj);
	if (fflush(out) || ferror(out))
		err = errno ? -errno : -EIO;
	return err;
}
