/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine and userspace around KVM, read without the module: DMI
 * identity (for the firmware setup advice), UEFI or legacy boot, the
 * distribution (for its package commands), whether QEMU and libvirt are
 * installed and whether the libvirt daemon runs. Reads only; never prints.
 */
#ifndef VTDIAG_PLATFORM_H
#define VTDIAG_PLATFORM_H

#include "model.h"

/*
 * Every path is looked up under @root ("" for the real system), so tests
 * point the probe at a scratch tree, with a fake systemctl in it.
 */
struct vtdiag_platform_paths {
	const char *root;
};

extern const struct vtdiag_platform_paths vtdiag_platform_default_paths;

void vtdiag_platform_probe(struct vtdiag_platform *platform,
			   const struct vtdiag_platform_paths *paths);

/*
 * The value of @key in os-release text @line ("ID=debian",
 * "PRETTY_NAME=\"Debian GNU/Linux 12\""), unquoted, into @value. Returns
 * whether @line set @key.
 */
bool vtdiag_os_release_value(const char *line, const char *key, char *value,
			     size_t size);

#endif /* VTDIAG_PLATFORM_H */
