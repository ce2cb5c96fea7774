/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a kernel module is there for the kernel the report is about:
 * loaded, built in, installed but not loaded, or not built at all. Read
 * through the root (root.h): /sys/module and the running kernel's
 * /lib/modules/RELEASE/modules.builtin and modules.dep.
 */
#ifndef VTDIAG_KMODINFO_H
#define VTDIAG_KMODINFO_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

enum vtdiag_kmod_avail {
	VTDIAG_KMOD_UNKNOWN,		/* no release, no module lists */
	VTDIAG_KMOD_LOADED,
	VTDIAG_KMOD_BUILTIN,
	VTDIAG_KMOD_AVAILABLE,		/* installed, not loaded: modprobe */
	VTDIAG_KMOD_MISSING,		/* this kernel has no such module */
};

/* The kernel's release ("6.1.0-57-amd64") into @buf; 0 or -errno. */
int vtdiag_kernel_release(char *buf, size_t size);
/* @name as modprobe and /sys/module spell it ("vhost_net"). */
enum vtdiag_kmod_avail vtdiag_kmod_find(const char *name);

/*
 * "Y"/"N" (or 1/0) of module @module's parameter @param under
 * @sys_module (/sys/module, through the root): 1, 0, -1 when there is none.
 */
int vtdiag_kmod_bool_param(const char *sys_module, const char *module,
			   const char *param);
/*
 * The same for a driver known to be in the kernel (its device exists):
 * loaded or built in, from /sys/module alone, without reading the module
 * lists (half a megabyte, and a network or 9p root makes that slow).
 */
enum vtdiag_kmod_avail vtdiag_kmod_present(const char *name);
/* "loaded", "built in", ... for people (translated). */
const char *vtdiag_kmod_phrase(enum vtdiag_kmod_avail avail);

/*
 * The kernel's build configuration: /boot/config-RELEASE, as distributions
 * install it, else /proc/config.gz, through the root. The one reader of it
 * (the iommu and cgroups checks ask it).
 */
struct vtdiag_kernel_config {
	char *text;			/* the whole file, NUL-terminated */
	char source[160];		/* the file it came from */
};

/* 0, or -errno when neither file can be read; free with ..._free(). */
int vtdiag_kernel_config_read(struct vtdiag_kernel_config *config);
void vtdiag_kernel_config_free(struct vtdiag_kernel_config *config);
/* @option ("CONFIG_CGROUP_BPF") is built in or as a module (=y, =m). */
bool vtdiag_kernel_config_has(const struct vtdiag_kernel_config *config,
			      const char *option);

/*
 * A driver's device node (/dev/net/tun of tun, /dev/vhost-net of
 * vhost_net): whether it is there, and where the module stands. What the
 * net_tun and vhost_net checks judge; a check's facts as they are.
 */
struct vtdiag_kmod_dev {
	int dev_err;			/* 0: the node is there */
	bool dev_other;			/* it is, but not that device */
	enum vtdiag_kmod_avail module;
};

/* Looks at @path (a misc device @major:@minor) and @module, through the root. */
void vtdiag_kmod_dev_probe(struct vtdiag_kmod_dev *dev, const char *path,
			   unsigned int major, unsigned int minor,
			   const char *module);
bool vtdiag_kmod_dev_missing(const struct vtdiag_kmod_dev *dev);
/* Missing, and the module installed but not loaded: modprobe. */
bool vtdiag_kmod_dev_not_loaded(const struct vtdiag_kmod_dev *dev);
/* Missing, though the driver is in the kernel: no devtmpfs, a container. */
bool vtdiag_kmod_dev_node_missing(const struct vtdiag_kmod_dev *dev);
/* Missing, and this kernel was built without the driver. */
bool vtdiag_kmod_dev_not_built(const struct vtdiag_kmod_dev *dev);
/* "missing; tun module: installed, not loaded" (translated). */
void vtdiag_kmod_dev_describe(struct strbuf *sb,
			      const struct vtdiag_kmod_dev *dev,
			      const char *module);

#endif /* VTDIAG_KMODINFO_H */
