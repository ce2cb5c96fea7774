// SPDX-License-Identifier: GPL-2.0
/*
 * Server makers' BMCs: the tool and the BIOS attribute that switch VT-x /
 * AMD-V from another machine, and generic DMTF Redfish. The names are
 * those of docs/remediation.md, "Servers: through the BMC", each row
 * saying where its name comes from; what is marked unverified there says
 * so here too. The change counts only after a cold power cycle (the
 * firmware locks the setting at power-on), so every command set ends
 * with one.
 */
#include <string.h>

#include "vtdiag/decode.h"
#include "bmc.h"
#include "i18n.h"
#include "machine.h"
#include "util.h"

#define VENDORS(...)	((const char *const[]){ __VA_ARGS__, NULL })
#define MODELS(...)	((const char *const[]){ __VA_ARGS__, NULL })

static const struct vtdiag_bmc bmcs[] = {
	{
		.id = "dell_idrac", .name = "Dell iDRAC",
		.vendors = VENDORS("Dell"), .models = MODELS("PowerEdge"),
		.vmx_attribute = "ProcVirtualization",
		.svm_attribute = "ProcVirtualization",
		.commands = N_("With racadm (the iDRAC's address and an account on it): `racadm -r <iDRAC> -u <user> -p <password> set BIOS.ProcSettings.{attr} Enabled` Then create the job that applies it with a power cycle: `racadm -r <iDRAC> -u <user> -p <password> jobqueue create BIOS.Setup.1-1 -r pwrcycle -s TIME_NOW` Through Redfish the attribute is {attr}: PATCH it in /redfish/v1/Systems/System.Embedded.1/Bios/Settings, then POST a job with that TargetSettingsURI to /redfish/v1/Managers/iDRAC.Embedded.1/Jobs."),
		.source = N_("Dell's iDRAC BIOS attribute, as OpenStack Ironic's iDRAC documentation and the Metal3 bare-metal operator use it"),
	},
	{
		.id = "hpe_ilo", .name = "HPE iLO",
		.vendors = VENDORS("HPE", "Hewlett Packard Enterprise", "HP",
				   "Hewlett-Packard"),
		.models = MODELS("ProLiant", "Synergy", "Apollo"),
		.vmx_attribute = "ProcVirtualization",
		.svm_attribute = "ProcVirtualization",
		.commands = N_("With iLOrest: `ilorest login <iLO> -u <user> -p <password>` then `ilorest set {attr}=Enabled --selector=Bios. --commit` Then switch the server off and on again from the iLO. Through Redfish: PATCH /redfish/v1/systems/1/bios/settings with {\"Attributes\":{\"{attr}\":\"Enabled\"}}."),
		.source = N_("HPE's iLO BIOS attribute, as the Metal3 bare-metal operator's iLO 5 driver and HPE's proliantutils use it"),
	},
	{
		.id = "hpe_ilo", .name = "HPE iLO",
		.vendors = VENDORS("HPE", "Hewlett Packard Enterprise"),
		.vmx_attribute = "ProcVirtualization",
		.svm_attribute = "ProcVirtualization",
		.commands = N_("With iLOrest: `ilorest login <iLO> -u <user> -p <password>` then `ilorest set {attr}=Enabled --selector=Bios. --commit` Then switch the server off and on again from the iLO. Through Redfish: PATCH /redfish/v1/systems/1/bios/settings with {\"Attributes\":{\"{attr}\":\"Enabled\"}}."),
		.source = N_("HPE's iLO BIOS attribute, as the Metal3 bare-metal operator's iLO 5 driver and HPE's proliantutils use it"),
	},
	{
		.id = "lenovo_xcc", .name = "Lenovo XClarity Controller",
		.vendors = VENDORS("LENOVO"), .models = MODELS("ThinkSystem"),
		.vmx_attribute = "Processors_IntelVirtualizationTechnology",
		.svm_attribute = "Processors_SVMMode",
		.commands = N_("Through Redfish: `curl -k -u <user>:<password> -X PATCH -H 'Content-Type: application/json' -d '{\"Attributes\":{\"{attr}\":\"Enabled\"}}' https://<XCC>/redfish/v1/Systems/1/Bios/Settings` Then power the server off and on again from the XCC. With OneCLI the setting is Processors.IntelVirtualizationTechnology (for example `onecli config set Processors.IntelVirtualizationTechnology Enable --bmc <user>:<password>@<XCC>`; this command form is not confirmed by Lenovo's documentation)."),
		.source = N_("Lenovo XCC Redfish attribute as NVIDIA's libredfish uses it"),
	},
	{
		.id = "supermicro", .name = "Supermicro BMC",
		.vendors = VENDORS("Supermicro", "Super Micro Computer"),
		.vmx_attribute = "IntelVirtualizationTechnology",
		.commands = N_("With Supermicro Update Manager: `sum -i <BMC> -u ADMIN -p <password> -c GetCurrentBiosCfg --file bios.txt` then set the virtualization item in bios.txt to Enable and apply it: `sum -i <BMC> -u ADMIN -p <password> -c ChangeBiosCfg --file bios.txt --reboot` (out of band SUM needs a licence on many boards). Through Redfish the attribute name starts with {attr} (Supermicro adds a suffix such as #002E: read /redfish/v1/Systems/1/Bios for the exact name). Then power the server off and on again."),
		.source = N_("Supermicro Redfish attribute as NVIDIA's libredfish maps it"),
	},
};

static const char generic_commands[] =
	N_("Read the attribute names from the BMC: `curl -k -u <user>:<password> https://<BMC>/redfish/v1/Systems/<id>/Bios` Then set the virtualization attribute the firmware lists there: `curl -k -u <user>:<password> -X PATCH -H 'Content-Type: application/json' -d '{\"Attributes\":{\"<name>\":\"Enabled\"}}' https://<BMC>/redfish/v1/Systems/<id>/Bios/Settings` and power-cycle: `curl -k -u <user>:<password> -X POST -H 'Content-Type: application/json' -d '{\"ResetType\":\"PowerCycle\"}' https://<BMC>/redfish/v1/Systems/<id>/Actions/ComputerSystem.Reset` (if the BMC does not offer PowerCycle, ForceOff and then On).");

static const char generic_source[] =
	N_("DMTF Redfish; the attribute name is the maker's, from the Bios resource and its attribute registry");

static bool fits(const struct vtdiag_bmc *bmc, const char *vendor,
		 const struct vtdiag_dmi *dmi)
{
	const char *const *word;
	bool vendor_ok = false;

	for (word = bmc->vendors; *word && !vendor_ok; word++)
		vendor_ok = vtdiag_starts_with_word(vendor, *word);
	if (!vendor_ok)
		return false;
	if (!bmc->models)
		return true;
	for (word = bmc->models; *word; word++)
		if (vtdiag_has_word_prefix(dmi->product_name, *word) ||
		    vtdiag_has_word_prefix(dmi->product_version, *word) ||
		    vtdiag_has_word_prefix(dmi->product_family, *word))
			return true;
	return false;
}

const struct vtdiag_bmc *vtdiag_bmc_find(const struct vtdiag_dmi *dmi)
{
	const char *vendors[] = { dmi->sys_vendor, dmi->board_vendor };
	size_t v, i;

	for (v = 0; v < ARRAY_SIZE(vendors); v++) {
		if (!vendors[v][0])
			continue;
		for (i = 0; i < ARRAY_SIZE(bmcs); i++)
			if (fits(&bmcs[i], vendors[v], dmi))
				return &bmcs[i];
	}
	return NULL;
}

/* SMBIOS 3.x chassis types: 17 main server, 23 rack mount, 25 multi-system, 28 blade, 29 blade enclosure. */
bool vtdiag_chassis_is_server(int chassis_type)
{
	switch (chassis_type) {
	case 17: case 23: case 25: case 28: case 29:
		return true;
	default:
		return false;
	}
}

static const char *attribute(const struct vtdiag_bmc *bmc, unsigned int tech)
{
	return tech == VTDIAG_TECH_SVM ? bmc->svm_attribute : bmc->vmx_attribute;
}

/* @text with every "{attr}" as @attr. */
static void put_with_attribute(struct strbuf *sb, const char *text,
			       const char *attr)
{
	const char *at;

	while ((at = strstr(text, "{attr}"))) {
		strbuf_addf(sb, "%.*s%s", (int)(at - text), text, attr);
		text = at + strlen("{attr}");
	}
	strbuf_adds(sb, text);
}

void vtdiag_bmc_commands(struct strbuf *sb, const struct vtdiag_bmc *bmc,
			 unsigned int tech)
{
	if (!bmc || !attribute(bmc, tech)) {
		strbuf_adds(sb, _(generic_commands));
		return;
	}
	put_with_attribute(sb, _(bmc->commands), attribute(bmc, tech));
}

const char *vtdiag_bmc_name(const struct vtdiag_bmc *bmc)
{
	return bmc ? bmc->name : _("the BMC, through Redfish");
}

const char *vtdiag_bmc_source(const struct vtdiag_bmc *bmc, unsigned int tech)
{
	if (!bmc || !attribute(bmc, tech))
		return _(generic_source);
	return _(bmc->source);
}
