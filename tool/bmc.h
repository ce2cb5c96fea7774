/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Changing the virtualization switch of a server from another machine,
 * through its BMC: per maker (from DMI) the maker's own tool and the
 * BIOS attribute name, each with where that name comes from, and DMTF
 * Redfish for servers of other makers (docs/remediation.md, "Servers:
 * through the BMC"). Pure lookups in a data table: no I/O, no printing
 * but into a strbuf.
 */
#ifndef VTDIAG_BMC_H
#define VTDIAG_BMC_H

#include <stdbool.h>

#include "model.h"
#include "strbuf.h"

struct vtdiag_bmc {
	const char *id;			/* stable: "dell_idrac" */
	const char *name;		/* "Dell iDRAC" */
	const char *const *vendors;	/* DMI vendor, whole leading words */
	const char *const *models;	/* NULL: any product of the vendor */
	/* The commands, untranslated; "%1$s" stands for the attribute name. */
	const char *vmx_attribute, *svm_attribute;	/* NULL: not known */
	const char *commands;
	const char *source;		/* N_(): where the attribute name comes from */
};

/* The maker's row for @dmi; NULL for none. */
const struct vtdiag_bmc *vtdiag_bmc_find(const struct vtdiag_dmi *dmi);
/* SMBIOS chassis types of servers: main server, rack mount, blade, ... */
bool vtdiag_chassis_is_server(int chassis_type);

/*
 * The commands for @bmc (NULL: generic Redfish) and a CPU of technology
 * @tech, the attribute name filled in.
 */
void vtdiag_bmc_commands(struct strbuf *sb, const struct vtdiag_bmc *bmc,
			 unsigned int tech);
/* The BMC's name ("Dell iDRAC"; "the BMC, through Redfish") and the name's source. */
const char *vtdiag_bmc_name(const struct vtdiag_bmc *bmc);
const char *vtdiag_bmc_source(const struct vtdiag_bmc *bmc, unsigned int tech);

#endif /* VTDIAG_BMC_H */
