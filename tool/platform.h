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
 * Every file is read under the root (root.h): tests point the probe at a
 * scratch tree with vtdiag_root_set(). systemctl is the exception: it is
 * a program of this machine, run only when the root is this machine, so
 * where to look for it is a list of this machine's directories (absolute,
 * NULL-terminated; tests name one with a fake systemctl in it).
 */
struct vtdiag_platform_paths {
	const char *const *systemctl_dirs;
};

extern const struct vtdiag_platform_paths vtdiag_platform_default_paths;

void vtdiag_platform_probe(struct vtdiag_platform *platform,
			   const struct vtdiag_platform_paths *paths);

/*
 * The last step of vtdiag_platform_probe(): from the libvirt daemons and
 * systemd (PID 1) it found in @platform, the libvirt state. Missing when
 * no daemon is installed; else `systemctl is-active` of their units, asked
 * only when systemd runs and the root is this machine (unchecked
 * otherwise). Tests call it on the facts of a scratch tree, with the root
 * back at "/".
 */
void vtdiag_platform_libvirt_state(struct vtdiag_platform *platform,
				   const struct vtdiag_platform_paths *paths);

/*
 * The value of @key in os-release text @line ("ID=debian",
 * "PRETTY_NAME=\"Debian GNU/Linux 12\""), unquoted, into @value. Returns
 * whether @line set @key.
 */
bool vtdiag_os_release_value(const char *line, const char *key, char *value,
			     size_t size);

#endif /* VTDIAG_PLATFORM_H */
