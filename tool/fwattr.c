// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware-attributes class read through the root: which drivers are
 * there, which of their settings switch virtualization (by the name
 * table below), what each is set to, whether a change waits for a
 * restart and whether a BIOS administrator password guards writes.
 *
 * Nothing here writes; vtdiag fix (fix.c) does, with what this found.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vtdiag/decode.h"
#include "fwattr.h"
#include "i18n.h"
#include "readfile.h"
#include "root.h"
#include "util.h"

#define DELL_SOURCE	"Dell client BIOS attribute (fwupd's targets; docs/remediation.md)"
#define LENOVO_SOURCE	"Lenovo CDRT BIOS settings reference (docs.lenovocdrt.com)"
#define LENOVO_TS_SOURCE "Lenovo CDRT ThinkStation CPU configuration reference"
#define HP_SOURCE	"third-party list of HP BIOS names, not confirmed by HP"

/*
 * Only names a public source gives: docs/remediation.md, "Settings
 * Linux can change". No name is known for Intel TDX or TME, nor for
 * asus-armoury: none is guessed.
 */
const struct vtdiag_fw_name vtdiag_fw_names[] = {
	{ "dell-wmi-sysman", "Virtualization", VTDIAG_FW_VIRTUALIZATION, true, DELL_SOURCE },
	{ "dell-wmi-sysman", "VtForDirectIo", VTDIAG_FW_VTD, true, DELL_SOURCE },
	{ "thinklmi", "VirtualizationTechnology", VTDIAG_FW_VIRTUALIZATION, true, LENOVO_SOURCE },
	{ "thinklmi", "AmdVt", VTDIAG_FW_SVM, true, LENOVO_SOURCE },
	{ "thinklmi", "AMDSecureVirtualMachine", VTDIAG_FW_SVM, true, LENOVO_TS_SOURCE },
	{ "thinklmi", "VTdFeature", VTDIAG_FW_VTD, true, LENOVO_SOURCE },
	{ "thinklmi", "IOMMU", VTDIAG_FW_IOMMU, true, LENOVO_TS_SOURCE },
	{ "thinklmi", "AMDMemoryGuard", VTDIAG_FW_MEMORY_ENCRYPTION, true, LENOVO_TS_SOURCE },
	{ "thinklmi", "TSME", VTDIAG_FW_MEMORY_ENCRYPTION, true, LENOVO_TS_SOURCE },
	{ "hp-bioscfg", "Virtualization Technology (VTx)", VTDIAG_FW_VIRTUALIZATION, false, HP_SOURCE },
	{ "hp-bioscfg", "Virtualization Technology for Directed I/O (VTd)", VTDIAG_FW_VTD, false, HP_SOURCE },
};

const size_t vtdiag_fw_nr_names = ARRAY_SIZE(vtdiag_fw_names);

/* A driver with more settings than this is not read further. */
#define MAX_ENTRIES	4096

const char *vtdiag_fw_role_key(enum vtdiag_fw_role role)
{
	switch (role) {
	case VTDIAG_FW_VIRTUALIZATION:
		return "virtualization";
	case VTDIAG_FW_SVM:
		return "svm";
	case VTDIAG_FW_VTD:
		return "vtd";
	case VTDIAG_FW_IOMMU:
		return "iommu";
	default:
		return "memory_encryption";
	}
}

const char *vtdiag_fw_state_key(enum vtdiag_fw_state state)
{
	switch (state) {
	case VTDIAG_FW_ON:
		return "on";
	case VTDIAG_FW_OFF:
		return "off";
	case VTDIAG_FW_OTHER:
		return "other";
	default:
		return "unknown";
	}
}

static bool is_one_of(const char *value, const char *const *words)
{
	for (; *words; words++)
		if (!strcasecmp(value, *words))
			return true;
	return false;
}

/* Dell writes "Enabled", Lenovo and HP "Enable". */
enum vtdiag_fw_state vtdiag_fw_value_state(const char *value)
{
	static const char *const on[] = { "Enabled", "Enable", "On", NULL };
	static const char *const off[] = { "Disabled", "Disable", "Off", NULL };

	if (!value[0])
		return VTDIAG_FW_UNKNOWN;
	if (is_one_of(value, on))
		return VTDIAG_FW_ON;
	if (is_one_of(value, off))
		return VTDIAG_FW_OFF;
	return VTDIAG_FW_OTHER;
}

/* @text, blanks at both ends cut, anything but printable ASCII as '?'. */
static void make_safe(char *dst, size_t size, const char *text)
{
	size_t len, i;

	while (*text == ' ' || *text == '\t')
		text++;
	len = strlen(text);
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len >= size)
		len = size - 1;
	for (i = 0; i < len; i++)
		dst[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	dst[len] = '\0';
}

/* Letters and digits only, lower case: "I/O" as a driver spells it or not. */
static bool same_name(const char *a, const char *b)
{
	for (;;) {
		while (*a && !isalnum((unsigned char)*a))
			a++;
		while (*b && !isalnum((unsigned char)*b))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
}

static const struct vtdiag_fw_name *find_row(const char *driver,
					     const char *name)
{
	size_t i;

	for (i = 0; i < vtdiag_fw_nr_names; i++)
		if (!strcmp(vtdiag_fw_names[i].driver, driver) &&
		    same_name(vtdiag_fw_names[i].name, name))
			return &vtdiag_fw_names[i];
	return NULL;
}

/* The first line of a file of @driver, shown safe; false when unreadable. */
static bool read_value(const char *driver, const char *rest, char *buf,
		       size_t size)
{
	char path[PATH_MAX], line[VTDIAG_FW_POSSIBLE_LEN];

	if (snprintf(path, sizeof(path), VTDIAG_FWATTR_CLASS "/%s/%s", driver,
		     rest) >= (int)sizeof(path))
		return false;
	if (vtdiag_read_first_line(AT_FDCWD, path, line, sizeof(line)))
		return false;
	make_safe(buf, size, line);
	return true;
}

static int read_flag(const char *driver, const char *rest)
{
	char value[8];

	if (!read_value(driver, rest, value, sizeof(value)))
		return -1;
	if (!strcmp(value, "1"))
		return 1;
	if (!strcmp(value, "0"))
		return 0;
	return -1;
}

/*
 * A BIOS administrator password: authentication/Admin (Dell, Lenovo) or
 * any entry whose role is "bios-admin" (the ABI's name for it).
 */
static int read_admin_password(const char *driver)
{
	char path[PATH_MAX], rest[NAME_MAX + 64], role[32];
	struct dirent *entry;
	int state = -1, flag;
	DIR *dir;

	snprintf(path, sizeof(path), VTDIAG_FWATTR_CLASS "/%s/authentication",
		 driver);
	dir = vtdiag_root_opendir(path);
	if (!dir)
		return -1;
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.')
			continue;
		snprintf(rest, sizeof(rest), "authentication/%s/role",
			 entry->d_name);
		if (strcmp(entry->d_name, "Admin") &&
		    (!read_value(driver, rest, role, sizeof(role)) ||
		     strcmp(role, "bios-admin")))
			continue;
		snprintf(rest, sizeof(rest), "authentication/%s/is_enabled",
			 entry->d_name);
		flag = read_flag(driver, rest);
		if (flag > state)
			state = flag;
	}
	closedir(dir);
	return state;
}

/* The first of the ";"-separated @possible that means on. */
static void find_on_value(struct vtdiag_fw_setting *setting)
{
	char list[VTDIAG_FW_POSSIBLE_LEN], *word, *save = NULL;
	char value[VTDIAG_FW_VALUE_LEN];

	snprintf(list, sizeof(list), "%s", setting->possible);
	for (word = strtok_r(list, ";", &save); word;
	     word = strtok_r(NULL, ";", &save)) {
		make_safe(value, sizeof(value), word);
		if (vtdiag_fw_value_state(value) == VTDIAG_FW_ON) {
			snprintf(setting->on_value, sizeof(setting->on_value),
				 "%s", value);
			return;
		}
	}
}

static void read_setting(struct vtdiag_fw_setting *setting, const char *driver)
{
	char rest[VTDIAG_FW_NAME_LEN + 64], path[PATH_MAX];
	struct stat st;

	snprintf(rest, sizeof(rest), "attributes/%s/type", setting->dir_name);
	read_value(driver, rest, setting->type, sizeof(setting->type));
	snprintf(rest, sizeof(rest), "attributes/%s/current_value",
		 setting->dir_name);
	setting->has_value = read_value(driver, rest, setting->value,
					sizeof(setting->value));
	setting->state = vtdiag_fw_value_state(setting->value);
	snprintf(path, sizeof(path), VTDIAG_FWATTR_CLASS "/%s/%s", driver, rest);
	setting->writable = !vtdiag_root_stat(path, &st) && S_ISREG(st.st_mode) &&
			    (st.st_mode & 0200);
	snprintf(rest, sizeof(rest), "attributes/%s/possible_values",
		 setting->dir_name);
	setting->has_possible = read_value(driver, rest, setting->possible,
					   sizeof(setting->possible));
	if (setting->has_possible)
		find_on_value(setting);
}

static int compare_settings(const void *a, const void *b)
{
	const struct vtdiag_fw_setting *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->driver < y->driver ? -1 : x->driver > y->driver;
}

static void read_driver(struct vtdiag_fwattr *fw, size_t index)
{
	struct vtdiag_fw_driver *driver = &fw->drivers[index];
	const struct vtdiag_fw_name *row;
	struct vtdiag_fw_setting *setting;
	char path[PATH_MAX];
	struct dirent *entry;
	unsigned int seen = 0;
	DIR *dir;

	driver->pending_reboot = read_flag(driver->dir_name,
					   "attributes/pending_reboot");
	driver->admin_password = read_admin_password(driver->dir_name);
	snprintf(path, sizeof(path), VTDIAG_FWATTR_CLASS "/%s/attributes",
		 driver->dir_name);
	dir = vtdiag_root_opendir(path);
	if (!dir)
		return;
	while ((entry = readdir(dir)) && seen++ < MAX_ENTRIES &&
	       fw->nr_settings < VTDIAG_FW_MAX_SETTINGS) {
		if (entry->d_name[0] == '.' ||
		    strlen(entry->d_name) >= VTDIAG_FW_NAME_LEN)
			continue;
		row = find_row(driver->dir_name, entry->d_name);
		if (!row)
			continue;
		setting = &fw->settings[fw->nr_settings++];
		setting->row = row;
		setting->driver = index;
		snprintf(setting->dir_name, sizeof(setting->dir_name), "%s",
			 entry->d_name);
		make_safe(setting->name, sizeof(setting->name), entry->d_name);
		read_setting(setting, driver->dir_name);
	}
	closedir(dir);
}

static int compare_drivers(const void *a, const void *b)
{
	return strcmp(((const struct vtdiag_fw_driver *)a)->dir_name,
		      ((const struct vtdiag_fw_driver *)b)->dir_name);
}

void vtdiag_fwattr_probe(struct vtdiag_fwattr *fw)
{
	struct dirent *entry;
	size_t i;
	DIR *dir;

	memset(fw, 0, sizeof(*fw));
	dir = vtdiag_root_opendir(VTDIAG_FWATTR_CLASS);
	if (!dir)
		return;
	fw->class_present = true;
	while ((entry = readdir(dir)) && fw->nr_drivers < VTDIAG_FW_MAX_DRIVERS) {
		if (entry->d_name[0] == '.' ||
		    strlen(entry->d_name) >= VTDIAG_FW_DRIVER_LEN)
			continue;
		snprintf(fw->drivers[fw->nr_drivers].dir_name,
			 sizeof(fw->drivers[0].dir_name), "%s", entry->d_name);
		make_safe(fw->drivers[fw->nr_drivers].name,
			  sizeof(fw->drivers[0].name), entry->d_name);
		fw->nr_drivers++;
	}
	closedir(dir);
	/* Directory order is the file system's: sorted, a report is stable. */
	qsort(fw->drivers, fw->nr_drivers, sizeof(fw->drivers[0]),
	      compare_drivers);
	for (i = 0; i < fw->nr_drivers; i++)
		read_driver(fw, i);
	qsort(fw->settings, fw->nr_settings, sizeof(fw->settings[0]),
	      compare_settings);
}

static const struct vtdiag_fw_setting *find_role(const struct vtdiag_fwattr *fw,
						 enum vtdiag_fw_role role)
{
	size_t i;

	for (i = 0; i < fw->nr_settings; i++)
		if (fw->settings[i].row->role == role)
			return &fw->settings[i];
	return NULL;
}

const struct vtdiag_fw_setting *vtdiag_fwattr_cpu_switch(const struct vtdiag_fwattr *fw,
							 unsigned int tech)
{
	const struct vtdiag_fw_setting *setting = NULL;

	if (!fw)
		return NULL;
	if (tech == VTDIAG_TECH_SVM)
		setting = find_role(fw, VTDIAG_FW_SVM);
	return setting ? setting : find_role(fw, VTDIAG_FW_VIRTUALIZATION);
}

const struct vtdiag_fw_driver *vtdiag_fw_setting_driver(const struct vtdiag_fwattr *fw,
							const struct vtdiag_fw_setting *setting)
{
	return &fw->drivers[setting->driver];
}

const char *vtdiag_fw_setting_refusal(const struct vtdiag_fwattr *fw,
				      const struct vtdiag_fw_setting *setting)
{
	const struct vtdiag_fw_driver *driver = vtdiag_fw_setting_driver(fw, setting);

	if (driver->admin_password > 0)
		return N_("a BIOS administrator password is set: the driver takes a change only with it, and vtdiag does not handle passwords");
	if (!setting->has_value)
		return N_("its current_value cannot be read");
	if (!setting->writable)
		return N_("it is read-only (its current_value has no write permission)");
	if (strcmp(setting->type, "enumeration"))
		return N_("it is not an enumeration, so there is no list of values to choose the one that means on");
	if (!setting->on_value[0])
		return N_("none of its possible_values means on (Enabled, Enable or On)");
	return NULL;
}

void vtdiag_fw_setting_path(struct strbuf *sb, const struct vtdiag_fwattr *fw,
			    const struct vtdiag_fw_setting *setting,
			    const char *file)
{
	strbuf_addf(sb, VTDIAG_FWATTR_CLASS "/%s/attributes/%s/%s",
		    vtdiag_fw_setting_driver(fw, setting)->dir_name,
		    setting->dir_name, file);
}
