// SPDX-License-Identifier: GPL-2.0
/*
 * Check iommu: the IOMMU (Intel VT-d, AMD-Vi) that device assignment
 * (VFIO, PCI passthrough) needs, told apart by where it stops:
 *
 *   1. the firmware announces it with an ACPI table, DMAR (Intel) or IVRS
 *      (AMD), under /sys/firmware/acpi/tables; a firmware whose switch is
 *      off, or a machine (or VM) without one, has none;
 *   2. the kernel's driver registers it in /sys/class/iommu (dmar0,
 *      ivhd0). Intel's driver starts only when the kernel's default says
 *      so (CONFIG_INTEL_IOMMU_DEFAULT_ON; Debian's own
 *      CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF is on too) or with
 *      intel_iommu=on. AMD-Vi starts whenever IVRS is there; amd_iommu=
 *      has no "on" value. intel_iommu=off, amd_iommu=off and iommu=off
 *      stop either;
 *   3. devices are put into groups, /sys/kernel/iommu_groups/N, which is
 *      what VFIO hands to a guest. iommu=pt (or an "identity" default
 *      domain) still makes groups: passthrough is only noted.
 *
 * virt-host-validate warns on 1 and 3 and suggests "iommu=1" for AMD,
 * which the x86 kernel takes for a GART aperture size; this check never
 * does. Guests run without an IOMMU, so it warns and the exit status does
 * not change.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vtdiag/decode.h"
#include "distro.h"
#include "i18n.h"
#include "iommu.h"
#include "kmodinfo.h"
#include "machine.h"
#include "readfile.h"
#include "report.h"
#include "root.h"
#include "util.h"

enum iommu_kind {
	IOMMU_NONE,
	IOMMU_INTEL,			/* DMAR */
	IOMMU_AMD,			/* IVRS */
};

/* What /boot/config-RELEASE says of the driver of this kind. */
enum iommu_config {
	CONFIG_UNKNOWN,			/* no config file */
	CONFIG_NOT_BUILT,		/* CONFIG_INTEL_IOMMU / CONFIG_AMD_IOMMU unset */
	CONFIG_DEFAULT_ON,
	CONFIG_DEFAULT_OFF,		/* Intel only */
};

/* How this system changes the kernel command line. */
enum boot_tool {
	BOOT_GENERIC,
	BOOT_KERNELSTUB,		/* Pop!_OS */
	BOOT_GRUBBY,			/* Fedora, RHEL and relatives */
	BOOT_UPDATE_GRUB,		/* Debian, Ubuntu */
	BOOT_GRUB2_MKCONFIG,		/* SUSE */
	BOOT_GRUB_MKCONFIG,		/* GRUB elsewhere */
	BOOT_SYSTEMD_BOOT,		/* /etc/kernel/cmdline */
};

struct iommu_facts {
	bool tables_read;		/* /sys/firmware/acpi/tables is there */
	enum iommu_kind table;		/* the one the firmware announces */
	unsigned int drivers;		/* entries of /sys/class/iommu */
	char driver[NAME_MAX + 1];	/* the first: "dmar0", "ivhd0" */
	int groups;			/* -1: no /sys/kernel/iommu_groups */
	unsigned int typed_groups, identity_groups;
	char off_params[96];		/* "intel_iommu=off iommu=off" */
	bool cmdline_on;		/* intel_iommu=on */
	bool cmdline_pt;		/* iommu=pt */
	enum iommu_config config;
	char config_path[160];
	enum boot_tool boot;
};

extern const struct vtdiag_check vtdiag_check_iommu;

static const struct iommu_facts *facts_of(const struct vtdiag_report *report)
{
	return vtdiag_check_facts(report, &vtdiag_check_iommu);
}

static bool exists(const char *path)
{
	return !vtdiag_root_access(path, F_OK);
}

/* Entries of @path but "." and "..", the first into @first; -1: none. */
static int count_entries(const char *path, char *first, size_t size)
{
	struct dirent *entry;
	DIR *dir = vtdiag_root_opendir(path);
	int n = 0;

	if (!dir)
		return -1;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		if (!n && first)
			snprintf(first, size, "%s", entry->d_name);
		n++;
	}
	closedir(dir);
	return n;
}

/* The groups' default domain types: how many say "identity". */
static void read_group_types(struct iommu_facts *facts)
{
	char path[NAME_MAX + 64], type[32];
	struct dirent *entry;
	DIR *dir = vtdiag_root_opendir("/sys/kernel/iommu_groups");

	if (!dir)
		return;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/iommu_groups/%s/type",
			 entry->d_name);
		if (vtdiag_read_first_line(AT_FDCWD, path, type, sizeof(type)) ||
		    !type[0])
			continue;
		facts->typed_groups++;
		if (!strcmp(type, "identity"))
			facts->identity_groups++;
	}
	closedir(dir);
}

/* Whether the comma-separated @values of a parameter hold @word. */
static bool has_value(const char *values, size_t len, const char *word)
{
	size_t wlen = strlen(word), n;

	while (len) {
		n = strcspn(values, ",");
		if (n > len)
			n = len;
		if (n == wlen && !strncmp(values, word, n))
			return true;
		values += n;
		len -= n;
		if (len) {
			values++;
			len--;
		}
	}
	return false;
}

static void add_off_param(struct iommu_facts *facts, const char *param)
{
	size_t used = strlen(facts->off_params);

	snprintf(facts->off_params + used, sizeof(facts->off_params) - used,
		 "%s%s", used ? " " : "", param);
}

/* /proc/cmdline: what turns the IOMMU of @kind off, on, or to passthrough. */
static void read_cmdline(struct iommu_facts *facts, enum iommu_kind kind)
{
	char cmdline[4096], *word, *save = NULL;
	const char *eq;
	size_t len;

	if (!vtdiag_read_small_file("/proc/cmdline", cmdline, sizeof(cmdline)))
		return;
	for (word = strtok_r(cmdline, " \t\n", &save); word;
	     word = strtok_r(NULL, " \t\n", &save)) {
		eq = strchr(word, '=');
		if (!eq)
			continue;
		len = strlen(eq + 1);
		if (!strncmp(word, "iommu=", 6)) {
			if (has_value(eq + 1, len, "off"))
				add_off_param(facts, word);
			if (has_value(eq + 1, len, "pt"))
				facts->cmdline_pt = true;
		} else if (kind == IOMMU_INTEL && !strncmp(word, "intel_iommu=", 12)) {
			if (has_value(eq + 1, len, "off"))
				add_off_param(facts, word);
			if (has_value(eq + 1, len, "on"))
				facts->cmdline_on = true;
		} else if (kind == IOMMU_AMD && !strncmp(word, "amd_iommu=", 10) &&
			   has_value(eq + 1, len, "off")) {
			add_off_param(facts, word);
		}
	}
}

/* The kernel's build configuration (/boot/config-RELEASE, /proc/config.gz). */
static void read_config(struct iommu_facts *facts, enum iommu_kind kind)
{
	struct vtdiag_kernel_config config;
	bool on, off;

	if (vtdiag_kernel_config_read(&config))
		return;
	snprintf(facts->config_path, sizeof(facts->config_path), "%s",
		 config.source);
	on = vtdiag_kernel_config_has(&config, "CONFIG_INTEL_IOMMU_DEFAULT_ON") ||
	     vtdiag_kernel_config_has(&config, "CONFIG_INTEL_IOMMU_DEFAULT_ON_INTGPU_OFF");
	off = vtdiag_kernel_config_has(&config, "CONFIG_INTEL_IOMMU_DEFAULT_OFF");
	if (!vtdiag_kernel_config_has(&config, kind == IOMMU_INTEL ?
				      "CONFIG_INTEL_IOMMU" : "CONFIG_AMD_IOMMU"))
		facts->config = CONFIG_NOT_BUILT;
	else if (kind == IOMMU_AMD || (on && !off))
		facts->config = CONFIG_DEFAULT_ON;
	else
		facts->config = CONFIG_DEFAULT_OFF;
	vtdiag_kernel_config_free(&config);
}

static bool any_exists(const char *const *paths)
{
	for (; *paths; paths++)
		if (exists(*paths))
			return true;
	return false;
}

#define PATHS(...)	((const char *const[]){ __VA_ARGS__, NULL })

/* By the tools that are there, else by os-release. */
static enum boot_tool find_boot_tool(const struct vtdiag_report *report)
{
	const struct vtdiag_distro *distro = vtdiag_report_distro(report);
	const char *id = report->platform.os_id;

	if (!strcmp(id, "pop") ||
	    any_exists(PATHS("/usr/bin/kernelstub", "/usr/local/bin/kernelstub")))
		return BOOT_KERNELSTUB;
	if (any_exists(PATHS("/usr/sbin/grubby", "/usr/bin/grubby", "/sbin/grubby")))
		return BOOT_GRUBBY;
	if (exists("/etc/default/grub")) {
		if (any_exists(PATHS("/usr/sbin/update-grub", "/sbin/update-grub")))
			return BOOT_UPDATE_GRUB;
		if (any_exists(PATHS("/usr/sbin/grub2-mkconfig", "/usr/bin/grub2-mkconfig")))
			return BOOT_GRUB2_MKCONFIG;
		if (any_exists(PATHS("/usr/sbin/grub-mkconfig", "/usr/bin/grub-mkconfig")))
			return BOOT_GRUB_MKCONFIG;
	}
	if (exists("/etc/kernel/cmdline") ||
	    (any_exists(PATHS("/usr/bin/bootctl", "/bin/bootctl")) &&
	     any_exists(PATHS("/boot/loader/entries", "/efi/loader/entries",
			      "/boot/efi/loader/entries"))))
		return BOOT_SYSTEMD_BOOT;
	if (!distro)
		return BOOT_GENERIC;
	if (!strcmp(distro->package_manager, "dnf"))
		return BOOT_GRUBBY;
	if (!strcmp(distro->package_manager, "apt"))
		return BOOT_UPDATE_GRUB;
	if (!strcmp(distro->package_manager, "zypper"))
		return BOOT_GRUB2_MKCONFIG;
	return BOOT_GENERIC;
}

/* The CPU's kind, for a firmware that announces none. */
static enum iommu_kind cpu_kind(const struct vtdiag_report *report)
{
	switch (report->host.vendor) {
	case VTDIAG_VENDOR_INTEL:
		return IOMMU_INTEL;
	case VTDIAG_VENDOR_AMD:
	case VTDIAG_VENDOR_HYGON:
		return IOMMU_AMD;
	default:
		return IOMMU_NONE;
	}
}

static void *probe(const struct vtdiag_report *report)
{
	struct iommu_facts *facts = calloc(1, sizeof(*facts));
	enum iommu_kind kind;
	int n;

	if (!facts)
		return NULL;
	facts->groups = -1;
	facts->tables_read = exists("/sys/firmware/acpi/tables");
	if (!facts->tables_read)
		return facts;
	/* A CPU's vendor decides when both are there (never on real machines). */
	if (exists("/sys/firmware/acpi/tables/DMAR") &&
	    (cpu_kind(report) != IOMMU_AMD ||
	     !exists("/sys/firmware/acpi/tables/IVRS")))
		facts->table = IOMMU_INTEL;
	else if (exists("/sys/firmware/acpi/tables/IVRS"))
		facts->table = IOMMU_AMD;
	kind = facts->table ? facts->table : cpu_kind(report);
	read_cmdline(facts, kind);
	if (kind != IOMMU_NONE)
		read_config(facts, kind);
	facts->boot = find_boot_tool(report);
	if (!facts->table)
		return facts;
	n = count_entries("/sys/class/iommu", facts->driver, sizeof(facts->driver));
	facts->drivers = n > 0 ? n : 0;
	facts->groups = count_entries("/sys/kernel/iommu_groups", NULL, 0);
	read_group_types(facts);
	return facts;
}

/* --- what it found ----------------------------------------------------- */

static bool firmware_off(const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	return facts && facts->tables_read && !facts->table;
}

/* The firmware announces one, the kernel did not start its driver. */
static bool kernel_off(const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	return facts && facts->table && !facts->drivers;
}

static bool cmdline_off(const struct vtdiag_report *report)
{
	return kernel_off(report) && facts_of(report)->off_params[0];
}

static bool not_built(const struct vtdiag_report *report)
{
	return kernel_off(report) && !cmdline_off(report) &&
	       facts_of(report)->config == CONFIG_NOT_BUILT;
}

/* Intel's driver waits for intel_iommu=on: off by default, or not known. */
static bool needs_param(const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	return kernel_off(report) && !cmdline_off(report) &&
	       facts->table == IOMMU_INTEL && !facts->cmdline_on &&
	       (facts->config == CONFIG_DEFAULT_OFF ||
		facts->config == CONFIG_UNKNOWN);
}

/* Nothing known keeps it off, yet it is off. */
static bool kernel_failed(const struct vtdiag_report *report)
{
	return kernel_off(report) && !cmdline_off(report) &&
	       !not_built(report) && !needs_param(report);
}

static bool no_groups(const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	return facts && facts->table && facts->drivers && facts->groups <= 0;
}

static bool passthrough(const struct iommu_facts *facts)
{
	return facts->cmdline_pt ||
	       (facts->typed_groups &&
		facts->identity_groups == facts->typed_groups);
}

/* --- placeholders (advice.c) ------------------------------------------- */

static const char *table_name(enum iommu_kind kind)
{
	switch (kind) {
	case IOMMU_INTEL:
		return "DMAR (Intel VT-d)";
	case IOMMU_AMD:
		return "IVRS (AMD-Vi)";
	default:
		return "DMAR/IVRS";
	}
}

void vtdiag_iommu_fill_table(struct strbuf *sb,
			     const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	switch (facts ? facts->table : IOMMU_NONE) {
	case IOMMU_INTEL:
		strbuf_adds(sb, "Intel VT-d, ACPI table DMAR");
		break;
	case IOMMU_AMD:
		strbuf_adds(sb, "AMD-Vi, ACPI table IVRS");
		break;
	default:
		strbuf_adds(sb, "ACPI table DMAR or IVRS");
	}
}

void vtdiag_iommu_fill_firmware(struct strbuf *sb,
				const struct vtdiag_report *report)
{
	const struct vtdiag_oem *oem = vtdiag_oem_find(&report->platform.dmi);
	enum iommu_kind kind = cpu_kind(report);
	const char *setting = NULL;

	if (report->host.hypervisor) {
		strbuf_adds(sb, _("This is a virtual machine: its hypervisor has to give it a virtual IOMMU, for example QEMU's `-device intel-iommu` (q35 machine) or `-device amd-iommu`, or libvirt's <iommu model='intel'/> device."));
		return;
	}
	switch (kind) {
	case IOMMU_INTEL:
		strbuf_adds(sb, _("Turn on \"Intel VT for Directed I/O\" (VT-d) in the firmware setup."));
		if (oem)
			setting = oem->vtd_setting;
		break;
	case IOMMU_AMD:
		strbuf_adds(sb, _("Turn on \"IOMMU\" (AMD-Vi) in the firmware setup; \"SVM Mode\" is AMD-V, a different switch."));
		if (oem)
			setting = oem->amd_iommu_setting;
		break;
	default:
		strbuf_adds(sb, _("Turn on the IOMMU in the firmware setup: \"VT-d\" on Intel machines, \"IOMMU\" or \"AMD-Vi\" on AMD ones."));
	}
	strbuf_addf(sb, " %s ", _(oem ? oem->open_setup : vtdiag_generic_open_setup()));
	if (setting)
		strbuf_adds(sb, _(setting));
	else
		strbuf_adds(sb, _("It is usually under Advanced, Chipset, System Agent, North Bridge or CPU Configuration; if the setup has no such option, this machine has no IOMMU."));
}

void vtdiag_iommu_fill_default(struct strbuf *sb,
			       const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	if (facts && facts->config == CONFIG_DEFAULT_OFF)
		strbuf_addf(sb, _("its default is off (%s does not set CONFIG_INTEL_IOMMU_DEFAULT_ON)"),
			    facts->config_path);
	else
		strbuf_adds(sb, _("its default is not known here (no kernel configuration under /boot), and it is off now"));
}

void vtdiag_iommu_fill_off_params(struct strbuf *sb,
				  const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	strbuf_adds(sb, facts ? facts->off_params : "");
}

/* "Add it/remove it" through this system's boot loader tool. */
static void fill_cmdline(struct strbuf *sb, const struct vtdiag_report *report,
			 const char *params, bool add)
{
	const struct iommu_facts *facts = facts_of(report);

	switch (facts ? facts->boot : BOOT_GENERIC) {
	case BOOT_KERNELSTUB:
		strbuf_addf(sb, "`sudo kernelstub %s \"%s\"`", add ? "-a" : "-d",
			    params);
		break;
	case BOOT_GRUBBY:
		strbuf_addf(sb, "`sudo grubby --update-kernel=ALL --%s=\"%s\"`",
			    add ? "args" : "remove-args", params);
		break;
	case BOOT_UPDATE_GRUB:
	case BOOT_GRUB2_MKCONFIG:
	case BOOT_GRUB_MKCONFIG:
		if (add)
			strbuf_addf(sb, _("add %s to GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub, then run"),
				    params);
		else
			strbuf_addf(sb, _("remove %s from GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT in /etc/default/grub (and /etc/default/grub.d/*.cfg), then run"),
				    params);
		strbuf_adds(sb, facts->boot == BOOT_UPDATE_GRUB ? " `sudo update-grub`" :
				facts->boot == BOOT_GRUB2_MKCONFIG ?
				" `sudo grub2-mkconfig -o /boot/grub2/grub.cfg`" :
				" `sudo grub-mkconfig -o /boot/grub/grub.cfg`");
		break;
	case BOOT_SYSTEMD_BOOT:
		if (add)
			strbuf_addf(sb, _("add %s to /etc/kernel/cmdline (start it from /proc/cmdline if it is missing)"),
				    params);
		else
			strbuf_addf(sb, _("remove %s from /etc/kernel/cmdline"), params);
		strbuf_adds(sb, _(", then write the boot entries again: `sudo kernel-install add \"$(uname -r)\" /boot/vmlinuz-\"$(uname -r)\"` (where the kernel image is there; `bootctl list` shows the entries)"));
		break;
	default:
		if (add)
			strbuf_addf(sb, _("add %s to the kernel command line in the boot loader's configuration"),
				    params);
		else
			strbuf_addf(sb, _("remove %s from the kernel command line in the boot loader's configuration"),
				    params);
	}
}

void vtdiag_iommu_fill_cmdline_add(struct strbuf *sb,
				   const struct vtdiag_report *report)
{
	fill_cmdline(sb, report, "intel_iommu=on", true);
}

void vtdiag_iommu_fill_cmdline_remove(struct strbuf *sb,
				      const struct vtdiag_report *report)
{
	const struct iommu_facts *facts = facts_of(report);

	fill_cmdline(sb, report, facts ? facts->off_params : "", false);
}

/* --- rules and judgement ----------------------------------------------- */

static const struct vtdiag_advice_rule rules[] = {
	{ "iommu_firmware_off", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  firmware_off, false,
	  N_("Giving a guest a PCI device of this machine (VFIO passthrough) needs an IOMMU, and the firmware announces none (no ACPI DMAR or IVRS table). Guests run without it. {iommu_firmware}"),
	},
	{ "iommu_cmdline_off", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  cmdline_off, false,
	  N_("The firmware announces the IOMMU ({iommu_table}), but the kernel command line turns it off: {iommu_off_params}. For device assignment, {iommu_cmdline_remove}, and reboot."),
	},
	{ "iommu_kernel_param", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  needs_param, false,
	  N_("The firmware announces Intel VT-d (ACPI DMAR table), but this kernel starts it only when asked: {iommu_default}. For device assignment, turn it on with `intel_iommu=on`: {iommu_cmdline_add}, and reboot."),
	},
	{ "iommu_not_built", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  not_built, false,
	  N_("The firmware announces the IOMMU ({iommu_table}), but this kernel was built without its driver (CONFIG_INTEL_IOMMU or CONFIG_AMD_IOMMU). For device assignment, boot a kernel built with it; distribution kernels are."),
	},
	{ "iommu_kernel_failed", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  kernel_failed, false,
	  N_("The firmware announces the IOMMU ({iommu_table}) and nothing on the kernel command line turns it off, yet the kernel did not start it. The kernel log says why (for example a firmware table it refuses): `sudo dmesg | grep -i -e DMAR -e AMD-Vi -e iommu`."),
	},
	{ "iommu_no_groups", VTDIAG_STEP_USERSPACE, VTDIAG_OS_SIDE,
	  no_groups, false,
	  N_("The IOMMU is on, but /sys/kernel/iommu_groups has no groups, so no device can be given to a guest. The kernel log says what happened: `sudo dmesg | grep -i -e 'iommu group' -e DMAR -e AMD-Vi`."),
	},
};

static void describe_off(const struct iommu_facts *facts, struct strbuf *detail)
{
	if (facts->off_params[0])
		strbuf_addf(detail, _("turned off by %s on the kernel command line"),
			    facts->off_params);
	else if (facts->config == CONFIG_NOT_BUILT)
		strbuf_adds(detail, _("this kernel has no driver for it"));
	else if (facts->table == IOMMU_INTEL && !facts->cmdline_on &&
		 facts->config == CONFIG_DEFAULT_OFF)
		strbuf_adds(detail, _("not enabled by the kernel: its default is off and intel_iommu=on is not given"));
	else if (facts->table == IOMMU_INTEL && !facts->cmdline_on &&
		 facts->config == CONFIG_UNKNOWN)
		strbuf_adds(detail, _("not enabled by the kernel; its default is not known (no kernel configuration) and intel_iommu=on is not given"));
	else
		strbuf_adds(detail, _("not enabled by the kernel, for no reason seen here"));
}

static enum vtdiag_status judge(const struct vtdiag_report *report,
				struct strbuf *detail)
{
	const struct iommu_facts *facts = facts_of(report);

	if (!facts) {
		strbuf_adds(detail, _("not checked"));
		return VTDIAG_SKIP;
	}
	if (!facts->tables_read) {
		strbuf_adds(detail, _("no ACPI tables to look at"));
		return VTDIAG_SKIP;
	}
	if (!facts->table) {
		strbuf_adds(detail, report->host.hypervisor ?
			    _("no DMAR or IVRS table: this virtual machine has no virtual IOMMU") :
			    _("no DMAR or IVRS table: off in the firmware setup, or not in this machine"));
		return VTDIAG_WARN;
	}
	/* TRANSLATORS: "DMAR (Intel VT-d) table present; ..." */
	strbuf_addf(detail, _("%s table present; "), table_name(facts->table));
	if (!facts->drivers) {
		describe_off(facts, detail);
		return VTDIAG_WARN;
	}
	/* TRANSLATORS: "enabled (dmar0)" */
	strbuf_addf(detail, _("enabled (%s)"), facts->driver);
	if (facts->groups <= 0) {
		strbuf_adds(detail, _(", but no IOMMU groups"));
		return VTDIAG_WARN;
	}
	strbuf_addf(detail, P_(", %d group", ", %d groups", facts->groups),
		    facts->groups);
	if (passthrough(facts))
		strbuf_adds(detail, facts->cmdline_pt ?
			    _("; passthrough mode (iommu=pt)") :
			    _("; passthrough mode (identity domains)"));
	return VTDIAG_PASS;
}

/* Only what was looked at: a report of crafted facts has no such line. */
static bool in_text(const struct vtdiag_report *report)
{
	return facts_of(report) != NULL;
}

const struct vtdiag_check vtdiag_check_iommu = {
	.id = "iommu",
	.title = N_("IOMMU"),
	.probe = probe,
	.judge = judge,
	.in_text = in_text,
	VTDIAG_CHECK_RULES(rules),
};
