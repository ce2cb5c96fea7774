/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Firmware settings Linux exposes itself: the firmware-attributes class
 * (Documentation/ABI/testing/sysfs-class-firmware-attributes), one
 * directory per driver under /sys/class/firmware-attributes
 * (dell-wmi-sysman, thinklmi, hp-bioscfg, ...), each setting a directory
 * attributes/<Name>/ with type, current_value and, for enumerations,
 * possible_values (";"-separated). attributes/pending_reboot says 1 while
 * a change waits for a restart; authentication/<Name>/is_enabled whether a
 * password guards writes.
 *
 * The settings vtdiag cares about are found by name, per driver, from a
 * table whose rows name their source (fwattr.c). Everything is read
 * through the root (root.h), bounded, and never trusted: a value is shown
 * with anything but printable ASCII replaced by '?'.
 */
#ifndef VTDIAG_FWATTR_H
#define VTDIAG_FWATTR_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

#define VTDIAG_FWATTR_CLASS	"/sys/class/firmware-attributes"

/* What a setting switches. */
enum vtdiag_fw_role {
	VTDIAG_FW_VIRTUALIZATION,	/* VT-x, or the maker's one CPU switch */
	VTDIAG_FW_SVM,			/* AMD-V by its own name */
	VTDIAG_FW_VTD,			/* Intel VT-d */
	VTDIAG_FW_IOMMU,		/* the AMD IOMMU */
	VTDIAG_FW_MEMORY_ENCRYPTION,	/* AMD SME / TSME */
};

/* What its current value means. */
enum vtdiag_fw_state {
	VTDIAG_FW_UNKNOWN,		/* unreadable or empty */
	VTDIAG_FW_ON,
	VTDIAG_FW_OFF,
	VTDIAG_FW_OTHER,		/* a value neither on nor off ("Auto") */
};

/* One row of the name table: a driver's name for a setting, and why we believe it. */
struct vtdiag_fw_name {
	const char *driver;		/* the class directory: "dell-wmi-sysman" */
	const char *name;		/* as documented: "Virtualization" */
	enum vtdiag_fw_role role;
	bool verified;			/* false: a third-party list only */
	const char *source;
};

#define VTDIAG_FW_DRIVER_LEN	64
#define VTDIAG_FW_NAME_LEN	128
#define VTDIAG_FW_VALUE_LEN	128
#define VTDIAG_FW_POSSIBLE_LEN	512
#define VTDIAG_FW_MAX_DRIVERS	8
#define VTDIAG_FW_MAX_SETTINGS	16

struct vtdiag_fw_driver {
	char dir_name[VTDIAG_FW_DRIVER_LEN];	/* the directory, as is: for paths */
	char name[VTDIAG_FW_DRIVER_LEN];	/* the same, shown safe */
	int pending_reboot;			/* 1, 0; -1: not said */
	int admin_password;			/* 1 set, 0 not set; -1: not said */
};

struct vtdiag_fw_setting {
	const struct vtdiag_fw_name *row;	/* the table row it matched */
	size_t driver;				/* index into drivers[] */
	char dir_name[VTDIAG_FW_NAME_LEN];	/* the directory, as is: for paths */
	char name[VTDIAG_FW_NAME_LEN];		/* the same, shown safe */
	char type[32];				/* "enumeration"; "" unreadable */
	bool has_value;
	char value[VTDIAG_FW_VALUE_LEN];	/* current_value, shown safe */
	bool has_possible;
	char possible[VTDIAG_FW_POSSIBLE_LEN];	/* possible_values, shown safe */
	char on_value[VTDIAG_FW_VALUE_LEN];	/* the possible value meaning on, or "" */
	enum vtdiag_fw_state state;
	bool writable;				/* current_value has its write bit */
};

/* What was found: one flat allocation. */
struct vtdiag_fwattr {
	bool class_present;			/* /sys/class/firmware-attributes */
	size_t nr_drivers;
	struct vtdiag_fw_driver drivers[VTDIAG_FW_MAX_DRIVERS];
	size_t nr_settings;			/* in table order */
	struct vtdiag_fw_setting settings[VTDIAG_FW_MAX_SETTINGS];
};

/* The name table, for tests and documentation. */
extern const struct vtdiag_fw_name vtdiag_fw_names[];
extern const size_t vtdiag_fw_nr_names;

/* Reads the class under the root into @fw (zeroed first). */
void vtdiag_fwattr_probe(struct vtdiag_fwattr *fw);

/* "virtualization", "svm", "vtd", "iommu", "memory_encryption". */
const char *vtdiag_fw_role_key(enum vtdiag_fw_role role);
/* "on", "off", "other", "unknown". */
const char *vtdiag_fw_state_key(enum vtdiag_fw_state state);
/* What a value means: "Enabled", "Enable", "On" ... (case ignored). */
enum vtdiag_fw_state vtdiag_fw_value_state(const char *value);

/*
 * The switch of hardware virtualization for a CPU of technology @tech
 * (VTDIAG_TECH_*): an AMD-V setting by its own name first on SVM CPUs,
 * else the general one. NULL when none was found.
 */
const struct vtdiag_fw_setting *vtdiag_fwattr_cpu_switch(const struct vtdiag_fwattr *fw,
							 unsigned int tech);
/* The driver a setting belongs to. */
const struct vtdiag_fw_driver *vtdiag_fw_setting_driver(const struct vtdiag_fwattr *fw,
							const struct vtdiag_fw_setting *setting);

/* Why vtdiag fix would not write @setting (N_(), untranslated), or NULL when it may. */
const char *vtdiag_fw_setting_refusal(const struct vtdiag_fwattr *fw,
				      const struct vtdiag_fw_setting *setting);

/* "/sys/class/firmware-attributes/DRIVER/attributes/NAME/FILE" into @sb. */
void vtdiag_fw_setting_path(struct strbuf *sb, const struct vtdiag_fwattr *fw,
			    const struct vtdiag_fw_setting *setting,
			    const char *file);

#endif /* VTDIAG_FWATTR_H */
