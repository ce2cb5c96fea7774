// SPDX-License-Identifier: GPL-2.0
/*
 * Firmware setup per maker, and clouds, from DMI. The menu paths are those
 * of docs/remediation.md, "Firmware menus per maker": where it marks a path
 * unverified (or names no source), the sentence says "on many ... models".
 * Menus differ between models and BIOS versions, so the advice always adds
 * vtdiag_menus_vary().
 */
#include <ctype.h>
#include <string.h>

#include "vtdiag/decode.h"
#include "i18n.h"
#include "machine.h"
#include "util.h"

#define VENDORS(...)	((const char *const[]){ __VA_ARGS__, NULL })
#define MODELS(...)	((const char *const[]){ __VA_ARGS__, NULL })

/* More specific rows (with models) before a maker's catch-all row. */
static const struct vtdiag_oem oems[] = {
	{
		.id = "dell", .name = "Dell",
		.vendors = VENDORS("Dell"),
		.open_setup = N_("Restart the computer and press F2 as soon as the Dell logo appears."),
		.vmx_setting = N_("On Dell computers the switch is under Virtualization Support > Virtualization (\"Enable Intel Virtualization Technology\"); on older models under Advanced > Virtualization."),
		/* Community guides (REMEDIATION.md 8a). */
		.vtd_setting = N_("On many Dell computers Intel VT-d is \"VT for Direct I/O\" under Virtualization Support."),
		.svm_setting = N_("On many Dell computers the switch is under Virtualization Support > Virtualization; on older models under Advanced > Virtualization."),
	},
	{
		.id = "hpe_proliant", .name = "HPE",
		.vendors = VENDORS("HPE", "Hewlett Packard Enterprise", "HP",
				   "Hewlett-Packard"),
		.models = MODELS("ProLiant", "Synergy", "Apollo"),
		.open_setup = N_("Restart the server and, when the startup screen offers it, press the key for System Utilities (F9 on many ProLiant models)."),
		.vmx_setting = N_("On many HPE ProLiant servers the switch is under System Utilities > System Configuration > BIOS/Platform Configuration (RBSU) > Virtualization Options > Intel VT."),
		.svm_setting = N_("On many HPE ProLiant servers the switch is under System Utilities > System Configuration > BIOS/Platform Configuration (RBSU) > Virtualization Options > AMD-V."),
	},
	{
		.id = "hpe_proliant", .name = "HPE",
		.vendors = VENDORS("HPE", "Hewlett Packard Enterprise"),
		.open_setup = N_("Restart the server and, when the startup screen offers it, press the key for System Utilities (F9 on many ProLiant models)."),
		.vmx_setting = N_("On many HPE servers the switch is under System Utilities > System Configuration > BIOS/Platform Configuration (RBSU) > Virtualization Options > Intel VT."),
		.svm_setting = N_("On many HPE servers the switch is under System Utilities > System Configuration > BIOS/Platform Configuration (RBSU) > Virtualization Options > AMD-V."),
	},
	{
		.id = "hp_business", .name = "HP",
		.vendors = VENDORS("HP", "Hewlett-Packard"),
		.models = MODELS("EliteBook", "ProBook", "ZBook", "EliteDesk",
				 "ProDesk", "EliteOne", "ProOne", "Workstation"),
		.open_setup = N_("Restart the computer, press Esc repeatedly as soon as it powers on, then press F10 for BIOS Setup."),
		.vmx_setting = N_("On HP business computers the switch is under Advanced > System Options > \"Virtualization Technology (VTx)\"."),
		.svm_setting = N_("On HP business computers the switch is under Advanced > System Options > \"SVM CPU Virtualization\"."),
		.vtd_setting = N_("On HP business computers Intel VT-d is \"Virtualization Technology for Directed I/O (VTd)\" under Advanced > System Options."),
	},
	{
		.id = "hp_consumer", .name = "HP",
		.vendors = VENDORS("HP", "Hewlett-Packard"),
		.models = MODELS("Pavilion", "ENVY", "OMEN", "Spectre", "Victus",
				 "Laptop"),
		.open_setup = N_("Restart the computer, press Esc repeatedly as soon as it powers on, then press F10 for BIOS Setup."),
		.vmx_setting = N_("On HP home computers the switch is \"Virtualization Technology\" under Configuration (on some models System Configuration)."),
		.svm_setting = N_("On HP home computers the switch is \"Virtualization Technology\" under Configuration (on some models System Configuration)."),
	},
	{
		.id = "hp", .name = "HP",
		.vendors = VENDORS("HP", "Hewlett-Packard"),
		.open_setup = N_("Restart the computer, press Esc repeatedly as soon as it powers on, then press F10 for BIOS Setup."),
		.vmx_setting = N_("On HP business computers the switch is under Advanced > System Options > \"Virtualization Technology (VTx)\"; on home computers it is \"Virtualization Technology\" under Configuration or System Configuration."),
		.svm_setting = N_("On HP business computers the switch is under Advanced > System Options > \"SVM CPU Virtualization\"; on home computers it is \"Virtualization Technology\" under Configuration or System Configuration."),
	},
	{
		.id = "lenovo_thinkpad", .name = "Lenovo",
		.vendors = VENDORS("LENOVO"),
		.models = MODELS("ThinkPad", "ThinkCentre"),
		.open_setup = N_("Restart the computer and press F1 as soon as the Lenovo logo appears (on some models press Enter first, then F1)."),
		.vmx_setting = N_("On ThinkPad and ThinkCentre computers the switch is under Security > Virtualization: \"Intel (R) Virtualization Technology\"."),
		.svm_setting = N_("On ThinkPad and ThinkCentre computers the switch is under Security > Virtualization: \"AMD-V\"."),
		/* Lenovo CDRT BIOS settings reference. */
		.vtd_setting = N_("On ThinkPad and ThinkCentre computers Intel VT-d is \"Intel (R) VT-d Feature\" under Security > Virtualization."),
	},
	{
		.id = "lenovo_ideapad", .name = "Lenovo",
		.vendors = VENDORS("LENOVO"),
		.models = MODELS("IdeaPad", "Yoga"),
		.open_setup = N_("Restart the computer and press F2 (on some models Fn+F2) as soon as the Lenovo logo appears, or, with the computer switched off, press the Novo button and choose BIOS Setup."),
		.vmx_setting = N_("On IdeaPad and Yoga computers the switch is under Configuration > \"Intel Virtual Technology\"."),
		.svm_setting = N_("On IdeaPad and Yoga computers the switch is under Configuration > \"AMD SVM Technology\"."),
	},
	{
		.id = "lenovo", .name = "Lenovo",
		.vendors = VENDORS("LENOVO"),
		.open_setup = N_("Restart the computer and press F1 (ThinkPad, ThinkCentre) or F2 (IdeaPad, Yoga; on some models Fn+F2) as soon as the Lenovo logo appears."),
		.vmx_setting = N_("On ThinkPad and ThinkCentre computers the switch is under Security > Virtualization; on IdeaPad and Yoga computers under Configuration > \"Intel Virtual Technology\"."),
		.svm_setting = N_("On ThinkPad and ThinkCentre computers the switch is under Security > Virtualization (\"AMD-V\"); on IdeaPad and Yoga computers under Configuration > \"AMD SVM Technology\"."),
	},
	{
		.id = "supermicro", .name = "Supermicro",
		.vendors = VENDORS("Supermicro", "Super Micro Computer"),
		.open_setup = N_("Restart the server and press the setup key shown during startup (Del on many Supermicro boards)."),
		.vmx_setting = N_("On many Supermicro boards the switch is under Advanced > CPU Configuration > \"Intel Virtualization Technology\"."),
		.svm_setting = N_("On many Supermicro boards the switch is under Advanced > CPU Configuration > \"SVM Mode\"."),
		/* Supermicro X11 board manual. */
		.vtd_setting = N_("On many Supermicro boards Intel VT-d is \"Intel VT for Directed I/O (VT-d)\" under Advanced > Chipset Configuration > North Bridge > IIO Configuration."),
	},
	{
		.id = "asus", .name = "ASUS",
		.vendors = VENDORS("ASUSTeK", "ASUS"),
		.open_setup = N_("Restart the computer and press Del or F2 as soon as the ASUS logo appears; if the setup opens in EZ Mode, press F7 for Advanced Mode."),
		.vmx_setting = N_("On ASUS mainboards the switch is under Advanced > CPU Configuration > \"Intel (VMX) Virtualization Technology\"."),
		.svm_setting = N_("On ASUS mainboards the switch is under Advanced > CPU Configuration > \"SVM Mode\"."),
		.vtd_setting = N_("On many ASUS mainboards Intel VT-d is under Advanced > System Agent (SA) Configuration > \"VT-d\"."),
		.amd_iommu_setting = N_("On many ASUS mainboards the AMD IOMMU is under Advanced > AMD CBS > NBIO Common Options > \"IOMMU\"."),
	},
	{
		.id = "gigabyte", .name = "Gigabyte",
		.vendors = VENDORS("Gigabyte", "AORUS"),
		.open_setup = N_("Restart the computer and press Del as soon as the GIGABYTE or AORUS logo appears."),
		.vmx_setting = N_("On Gigabyte mainboards the switch is \"Intel Virtualization Technology\" under Tweaker (on some models under BIOS)."),
		.svm_setting = N_("On Gigabyte mainboards the switch is under Tweaker > Advanced CPU Settings > \"SVM Mode\"; on older models under M.I.T. > Advanced Frequency Settings > Advanced CPU Core Settings > \"SVM Mode\"."),
	},
	{
		.id = "msi", .name = "MSI",
		.vendors = VENDORS("Micro-Star", "MSI"),
		.open_setup = N_("Restart the computer and press Del as soon as the MSI logo appears."),
		.vmx_setting = N_("On MSI mainboards the switch is under OC > CPU Features > \"Intel Virtualization Tech\" (on some models Advanced > CPU Configuration)."),
		.svm_setting = N_("On MSI mainboards the switch is under OC > CPU Features > \"SVM Mode\" (on some models Advanced > CPU Configuration)."),
	},
	{
		.id = "asrock", .name = "ASRock",
		.vendors = VENDORS("ASRock"),
		.open_setup = N_("Restart the computer and press F2 or Del as soon as the ASRock logo appears."),
		.vmx_setting = N_("On many ASRock mainboards the switch is under Advanced > CPU Configuration > \"Intel Virtualization Technology\"."),
		.svm_setting = N_("On many ASRock mainboards the switch is under Advanced > CPU Configuration > \"SVM Mode\"."),
	},
	{
		.id = "intel_nuc", .name = "Intel NUC",
		.vendors = VENDORS("Intel", "Intel(R) Client Systems"),
		.models = MODELS("NUC"),
		.open_setup = N_("Restart the computer and press F2 as soon as it powers on."),
		.vmx_setting = N_("On many Intel NUC models the switch is under Advanced > Security > Security Features > \"Intel Virtualization Technology\"."),
	},
	{
		.id = "acer", .name = "Acer",
		.vendors = VENDORS("Acer"),
		.open_setup = N_("Restart the computer and press F2 as soon as the Acer logo appears."),
		.vmx_setting = N_("On Acer computers the switch is \"Intel Virtualization Technology\" (on some models \"Intel VTX\") under Advanced or Main; some models hide it."),
		.svm_setting = N_("On Acer computers the switch is \"SVM Mode\" under Advanced or Main; some models hide it."),
	},
};

static const char generic_open_setup[] =
	N_("Restart the computer and press the setup key shown on the screen as soon as it powers on: often Del, F2, F10, F1 or Esc.");

static const char generic_vmx_setting[] =
	N_("The switch is usually under Advanced, CPU Configuration, Chipset or Security, named \"Intel Virtualization Technology\", \"VT-x\" or \"VMX\".");

static const char generic_svm_setting[] =
	N_("The switch is usually under Advanced, CPU Configuration, Chipset or Security, named \"SVM Mode\", \"SVM\" or \"AMD-V\".");

static const char generic_any_setting[] =
	N_("The switch is usually under Advanced, CPU Configuration, Chipset or Security, with \"Virtualization\", \"VT-x\", \"VMX\" or \"SVM\" in its name.");

static const char menus_vary[] =
	N_("Menus differ between models and BIOS versions: if it is not there, look under Advanced, CPU Configuration, Chipset or Security for an option with \"Virtualization\", \"VT-x\", \"VMX\" or \"SVM\" in its name.");

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c);
}

bool vtdiag_starts_with_word(const char *text, const char *word)
{
	size_t len = strlen(word);

	return len && !strncasecmp(text, word, len) && !is_word_char(text[len]);
}

bool vtdiag_has_word_prefix(const char *text, const char *prefix)
{
	size_t len = strlen(prefix);
	const char *at;

	if (!len)
		return false;
	for (at = text; *at; at++) {
		if (at > text && is_word_char(at[-1]))
			continue;
		if (!strncasecmp(at, prefix, len))
			return true;
	}
	return false;
}

static bool vendor_fits(const struct vtdiag_oem *oem, const char *vendor)
{
	const char *const *name;

	for (name = oem->vendors; *name; name++)
		if (vtdiag_starts_with_word(vendor, *name))
			return true;
	return false;
}

/* Lenovo puts the model line in product_version, others in product_name. */
static bool model_fits(const struct vtdiag_oem *oem,
		       const struct vtdiag_dmi *dmi)
{
	const char *const *model;

	if (!oem->models)
		return true;
	for (model = oem->models; *model; model++)
		if (vtdiag_has_word_prefix(dmi->product_name, *model) ||
		    vtdiag_has_word_prefix(dmi->product_version, *model) ||
		    vtdiag_has_word_prefix(dmi->product_family, *model))
			return true;
	return false;
}

static const struct vtdiag_oem *find_by_vendor(const char *vendor,
					       const struct vtdiag_dmi *dmi)
{
	size_t i;

	if (!vendor[0])
		return NULL;
	for (i = 0; i < ARRAY_SIZE(oems); i++)
		if (vendor_fits(&oems[i], vendor) && model_fits(&oems[i], dmi))
			return &oems[i];
	return NULL;
}

const struct vtdiag_oem *vtdiag_oem_find(const struct vtdiag_dmi *dmi)
{
	const struct vtdiag_oem *oem = find_by_vendor(dmi->sys_vendor, dmi);

	return oem ? oem : find_by_vendor(dmi->board_vendor, dmi);
}

const char *vtdiag_generic_open_setup(void)
{
	return generic_open_setup;
}

const char *vtdiag_generic_setting(__u32 tech)
{
	switch (tech) {
	case VTDIAG_TECH_VMX:
		return generic_vmx_setting;
	case VTDIAG_TECH_SVM:
		return generic_svm_setting;
	default:
		return generic_any_setting;
	}
}

const char *vtdiag_menus_vary(void)
{
	return menus_vary;
}

/* DMI fields a cloud is recognised by. */
enum dmi_field {
	DMI_SYS_VENDOR,
	DMI_PRODUCT_NAME,
	DMI_BIOS_VERSION,
	DMI_CHASSIS_ASSET_TAG,
};

static const struct {
	enum vtdiag_cloud cloud;
	enum dmi_field field;
	const char *word;		/* a word of the field starts so */
} cloud_signs[] = {
	{ VTDIAG_CLOUD_AWS,	DMI_SYS_VENDOR,		"Amazon EC2" },
	/* Xen-based EC2 instances: "4.11.amazon". */
	{ VTDIAG_CLOUD_AWS,	DMI_BIOS_VERSION,	"amazon" },
	{ VTDIAG_CLOUD_GCP,	DMI_PRODUCT_NAME,	"Google Compute Engine" },
	/* The asset tag every Azure VM carries; a local Hyper-V VM has none. */
	{ VTDIAG_CLOUD_AZURE,	DMI_CHASSIS_ASSET_TAG,	"7783-7084-3265-9085" },
};

static const char *dmi_field(const struct vtdiag_dmi *dmi, enum dmi_field field)
{
	switch (field) {
	case DMI_SYS_VENDOR:
		return dmi->sys_vendor;
	case DMI_PRODUCT_NAME:
		return dmi->product_name;
	case DMI_BIOS_VERSION:
		return dmi->bios_version;
	default:
		return dmi->chassis_asset_tag;
	}
}

enum vtdiag_cloud vtdiag_cloud_find(const struct vtdiag_dmi *dmi)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cloud_signs); i++)
		if (vtdiag_has_word_prefix(dmi_field(dmi, cloud_signs[i].field),
					   cloud_signs[i].word))
			return cloud_signs[i].cloud;
	return VTDIAG_CLOUD_NONE;
}

const char *vtdiag_cloud_id(enum vtdiag_cloud cloud)
{
	switch (cloud) {
	case VTDIAG_CLOUD_AWS:
		return "aws";
	case VTDIAG_CLOUD_GCP:
		return "gcp";
	case VTDIAG_CLOUD_AZURE:
		return "azure";
	default:
		return NULL;
	}
}
