// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "hypervisor.h"
#include "machine.h"
#include "report.h"
#include "util.h"

/* systemd's virt.c table; docs/remediation.md, "Hypervisor signatures". */
static const struct {
	const char *signature;
	const char *product;
	enum vtdiag_hv_kind kind;
} signatures[] = {
	{ "KVMKVMKVM",		"KVM",		VTDIAG_HV_KVM },
	/* KVM offering Hyper-V enlightenments under its own name. */
	{ "Linux KVM Hv",	"KVM",		VTDIAG_HV_KVM },
	{ "TCGTCGTCGTCG",	"QEMU TCG",	VTDIAG_HV_TCG },
	{ "Microsoft Hv",	"Hyper-V",	VTDIAG_HV_HYPERV },
	{ "VMwareVMware",	"VMware",	VTDIAG_HV_VMWARE },
	{ "VBoxVBoxVBox",	"VirtualBox",	VTDIAG_HV_VIRTUALBOX },
	{ "XenVMMXenVMM",	"Xen",		VTDIAG_HV_XEN },
	{ "bhyve bhyve ",	"bhyve",	VTDIAG_HV_BHYVE },
	{ " lrpepyh  vr",	"Parallels",	VTDIAG_HV_PARALLELS },
	{ "prl hyperv  ",	"Parallels",	VTDIAG_HV_PARALLELS },
	{ "ACRNACRNACRN",	"ACRN",		VTDIAG_HV_OTHER },
	{ "QNXQVMBSQG",		"QNX Hypervisor", VTDIAG_HV_OTHER },
	{ "Apple VZ",		"Apple Virtualization", VTDIAG_HV_OTHER },
};

/*
 * A product behind another's paravirtual signature, known by its DMI
 * system vendor or product name.
 */
static const struct {
	enum vtdiag_hv_kind signature_kind;
	const char *dmi_word;		/* sys_vendor or product_name starts so */
	enum vtdiag_hv_kind kind;
	const char *product;
} masquerades[] = {
	{ VTDIAG_HV_KVM,	"innotek GmbH",	VTDIAG_HV_VIRTUALBOX, "VirtualBox" },
	{ VTDIAG_HV_KVM,	"VirtualBox",	VTDIAG_HV_VIRTUALBOX, "VirtualBox" },
	{ VTDIAG_HV_HYPERV,	"innotek GmbH",	VTDIAG_HV_VIRTUALBOX, "VirtualBox" },
	{ VTDIAG_HV_HYPERV,	"VirtualBox",	VTDIAG_HV_VIRTUALBOX, "VirtualBox" },
	{ VTDIAG_HV_HYPERV,	"QEMU",		VTDIAG_HV_KVM,	"KVM" },
	{ VTDIAG_HV_HYPERV,	"Parallels",	VTDIAG_HV_PARALLELS, "Parallels" },
};

static const char *const kind_ids[] = {
	[VTDIAG_HV_OTHER]	= "other",
	[VTDIAG_HV_KVM]		= "kvm",
	[VTDIAG_HV_TCG]		= "tcg",
	[VTDIAG_HV_HYPERV]	= "hyperv",
	[VTDIAG_HV_VMWARE]	= "vmware",
	[VTDIAG_HV_VIRTUALBOX]	= "virtualbox",
	[VTDIAG_HV_XEN]		= "xen",
	[VTDIAG_HV_BHYVE]	= "bhyve",
	[VTDIAG_HV_PARALLELS]	= "parallels",
};

/* Equal, or equal once blanks at either end are dropped. */
static bool same_signature(const char *got, const char *known)
{
	size_t got_len, known_len;

	if (!strcmp(got, known))
		return true;
	got += strspn(got, " ");
	known += strspn(known, " ");
	got_len = strlen(got);
	known_len = strlen(known);
	while (got_len && got[got_len - 1] == ' ')
		got_len--;
	while (known_len && known[known_len - 1] == ' ')
		known_len--;
	return got_len && got_len == known_len && !strncmp(got, known, got_len);
}

static int find_signature(const char *signature)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(signatures); i++)
		if (same_signature(signature, signatures[i].signature))
			return i;
	return -1;
}

const char *vtdiag_hypervisor_product(const char *signature)
{
	int found = find_signature(signature);

	return found < 0 ? NULL : signatures[found].product;
}

struct vtdiag_hv_identity vtdiag_hypervisor_identify(const char *signature,
						     const struct vtdiag_dmi *dmi)
{
	struct vtdiag_hv_identity id = { VTDIAG_HV_OTHER, NULL };
	int found = find_signature(signature);
	size_t i;

	if (found >= 0) {
		id.kind = signatures[found].kind;
		id.product = signatures[found].product;
	}
	for (i = 0; dmi && i < ARRAY_SIZE(masquerades); i++) {
		if (masquerades[i].signature_kind != id.kind)
			continue;
		if (vtdiag_starts_with_word(dmi->sys_vendor, masquerades[i].dmi_word) ||
		    vtdiag_starts_with_word(dmi->product_name, masquerades[i].dmi_word)) {
			id.kind = masquerades[i].kind;
			id.product = masquerades[i].product;
			break;
		}
	}
	return id;
}

const char *vtdiag_hv_kind_id(enum vtdiag_hv_kind kind)
{
	return (size_t)kind < ARRAY_SIZE(kind_ids) ? kind_ids[kind] : "other";
}

struct vtdiag_hv_identity vtdiag_report_hypervisor(const struct vtdiag_report *report)
{
	return vtdiag_hypervisor_identify(report->host.hv_signature,
					  &report->platform.dmi);
}
