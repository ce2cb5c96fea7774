/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The distribution's own commands for the KVM userspace, chosen from
 * os-release ID and ID_LIKE. Pure lookup in a data table.
 */
#ifndef VTDIAG_DISTRO_H
#define VTDIAG_DISTRO_H

#include <stdbool.h>

struct vtdiag_distro {
	const char *package_manager;	/* "apt", "dnf", "zypper" */
	/* os-release IDs of this family; NULL ends. */
	const char *const *ids;
	const char *install_qemu;	/* whole commands */
	const char *install_libvirt;
	const char *install_qemu_libvirt;
	/* virtqemud (socket-activated), not libvirtd, is the default. */
	bool modular_libvirt;
};

/*
 * The family of os-release @id, else of the first word of @id_like that
 * is known; NULL when none is.
 */
const struct vtdiag_distro *vtdiag_distro_find(const char *id,
					       const char *id_like);

#endif /* VTDIAG_DISTRO_H */
