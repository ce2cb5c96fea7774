// SPDX-License-Identifier: GPL-2.0
/*
 * The advice engine: the rules of every check (checks/) that match the
 * report, in step order, their {placeholders} filled in. The placeholders
 * draw on data tables: the makers' firmware menus and the clouds
 * (machine.c), the distributions' commands (distro.c), the hypervisors
 * (hypervisor.c). Every user-visible sentence of the advice is in a
 * check's rules or in those tables, whole.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vtdiag/decode.h"
#include "cc.h"
#include "distro.h"
#include "firmware_setting.h"
#include "i18n.h"
#include "iommu.h"
#include "machine.h"
#include "report.h"
#include "util.h"

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
	const struct vtdiag_distro *distro = vtdiag_report_distro(report);
	const struct vtdiag_platform *platform = &report->platform;
	bool modular = platform->virtqemud[0] &&
		       (!platform->libvirtd[0] ||
			(distro && distro->modular_libvirt));

	strbuf_adds(sb, modular ? "virtqemud.socket" : "libvirtd");
}

static void fill_install_qemu(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = vtdiag_report_distro(report);

	if (distro)
		strbuf_adds(sb, distro->install_qemu);
}

static void fill_install_libvirt(struct strbuf *sb,
				 const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = vtdiag_report_distro(report);

	if (distro)
		strbuf_adds(sb, distro->install_libvirt);
}

static void fill_install_qemu_libvirt(struct strbuf *sb,
				      const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = vtdiag_report_distro(report);

	if (distro)
		strbuf_adds(sb, distro->install_qemu_libvirt);
}

static void fill_unknown_cpus(struct strbuf *sb,
			      const struct vtdiag_report *report)
{
	const struct vtdiag_cpu *first_fault = NULL;
	char name[32];
	size_t i;

	for (i = 0; i < report->nr_cpus && !first_fault; i++)
		if (vtdiag_cpu_msr_faulted(&report->cpus[i], NULL))
			first_fault = &report->cpus[i];
	vtdiag_add_cpu_list(sb, report, vtdiag_cpu_msr_faulted, NULL);
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

static void fill_mok_certificate(struct strbuf *sb,
				 const struct vtdiag_report *report)
{
	strbuf_adds(sb, report->mok_certificate[0] ? report->mok_certificate :
		    "/var/lib/dkms/mok.pub");
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
	{ "mok_certificate",	fill_mok_certificate },
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
	{ "iommu_firmware",	vtdiag_iommu_fill_firmware },
	{ "iommu_table",	vtdiag_iommu_fill_table },
	{ "iommu_default",	vtdiag_iommu_fill_default },
	{ "iommu_off_params",	vtdiag_iommu_fill_off_params },
	{ "iommu_cmdline_add",	vtdiag_iommu_fill_cmdline_add },
	{ "iommu_cmdline_remove", vtdiag_iommu_fill_cmdline_remove },
	{ "fw_setting",		vtdiag_fw_fill_setting },
	{ "fw_driver",		vtdiag_fw_fill_driver },
	{ "fw_value",		vtdiag_fw_fill_value },
	{ "fw_on_value",	vtdiag_fw_fill_on_value },
	{ "fw_refusal",		vtdiag_fw_fill_refusal },
	{ "bmc_name",		vtdiag_fw_fill_bmc_name },
	{ "bmc_commands",	vtdiag_fw_fill_bmc_commands },
	{ "bmc_source",		vtdiag_fw_fill_bmc_source },
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
	/* Confidential computing's own names (cc.c). */
	if (vtdiag_cc_fill(sb, report, text + 1, len))
		return len + 2;
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
		return VTDIAG_OTHER_VENDOR;
	return verdict < 31 ? VTDIAG_VERDICT(verdict) : 0;
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
	const struct vtdiag_advice_rule *const *rules;
	const struct vtdiag_advice_rule *rule;
	struct vtdiag_advice *item;
	size_t nr_rules, i;

	list->count = 0;
	rules = vtdiag_advice_rules(&nr_rules);
	list->items = calloc(nr_rules ? nr_rules : 1, sizeof(*list->items));
	if (!rules || !list->items) {
		free(list->items);
		list->items = NULL;
		return -ENOMEM;
	}
	for (i = 0; i < nr_rules; i++) {
		rule = rules[i];
		if (!rule_matches(rule, report))
			continue;
		item = &list->items[list->count];
		item->id = rule->id;
		item->check = vtdiag_rule_check(rule);
		item->text = vtdiag_expand(_(rule->text), report);
		if (!item->text) {
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
