/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Who made this machine, from its DMI strings: a PC or server maker, with
 * the way into its firmware setup and where the virtualization switch is
 * (docs/remediation.md, "Firmware menus per maker"), or a cloud ("Clouds").
 * Pure lookups in data tables: no
 * I/O, no printing.
 */
#ifndef VTDIAG_MACHINE_H
#define VTDIAG_MACHINE_H

#include "model.h"

/*
 * One maker, or one product line of a maker. The sentences are complete,
 * as the advice shows them, naming each setting as the maker labels it.
 */
struct vtdiag_oem {
	const char *id;			/* stable, for JSON: "dell", "lenovo_thinkpad" */
	const char *name;		/* "Dell" */
	/* DMI vendor names, matched as whole leading words; NULL ends. */
	const char *const *vendors;
	/*
	 * NULL: any product. Else a word of the product name, version or
	 * family must start with one of these ("NUC" fits "NUC8i5BEH").
	 */
	const char *const *models;
	const char *open_setup;		/* how to get into the setup */
	const char *vmx_setting;	/* where the VT-x switch is; NULL: not known */
	const char *svm_setting;	/* where the AMD-V switch is; NULL: not known */
	const char *vtd_setting;	/* where Intel VT-d is; NULL: not known */
	const char *amd_iommu_setting;	/* where the AMD IOMMU is; NULL: not known */
};

/*
 * The maker whose table entry fits: sys_vendor decides first, board_vendor
 * (home-built PCs: the mainboard's maker) second. NULL for none.
 */
const struct vtdiag_oem *vtdiag_oem_find(const struct vtdiag_dmi *dmi);

/* What to say when the maker is not known, or knows no menu for @tech. */
const char *vtdiag_generic_open_setup(void);
const char *vtdiag_generic_setting(__u32 tech);
/* After a maker's menu path: they vary, and where else to look. */
const char *vtdiag_menus_vary(void);

enum vtdiag_cloud {
	VTDIAG_CLOUD_NONE,
	VTDIAG_CLOUD_AWS,
	VTDIAG_CLOUD_GCP,
	VTDIAG_CLOUD_AZURE,
};

enum vtdiag_cloud vtdiag_cloud_find(const struct vtdiag_dmi *dmi);
/* "aws", "gcp", "azure"; NULL for none. */
const char *vtdiag_cloud_id(enum vtdiag_cloud cloud);

/*
 * Whether @text starts with @word as a whole word, ignoring case:
 * "Dell" fits "Dell Inc." but "HP" does not fit "HPE".
 */
bool vtdiag_starts_with_word(const char *text, const char *word);
/* Whether a word of @text starts with @prefix, ignoring case. */
bool vtdiag_has_word_prefix(const char *text, const char *prefix);

#endif /* VTDIAG_MACHINE_H */
