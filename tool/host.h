/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operating system side of the answer, read without the module: KVM
 * module states from /sys/module, whether /dev/kvm exists and whether the
 * calling user can open it.
 */
#ifndef VTDIAG_HOST_H
#define VTDIAG_HOST_H

#include "model.h"

/* Where to look; tests point these at a scratch directory. */
struct vtdiag_os_paths {
	const char *sys_module;		/* "/sys/module" */
	const char *dev_kvm;		/* "/dev/kvm" */
	const char *kvm_group;		/* "kvm" */
	const char *etc;		/* "/etc" (nsswitch.conf, passwd, group);
					 * NULL means "/etc" */
	const char *cpuinfo;		/* "/proc/cpuinfo"; NULL: not read */
	/*
	 * "/sys/class/misc": its "kvm" entry is /dev/kvm registered. NULL:
	 * not read (registration unknown).
	 */
	const char *sys_class_misc;
};

extern const struct vtdiag_os_paths vtdiag_os_default_paths;

/* Everything below: what the OS says, module states included. */
void vtdiag_os_probe(struct vtdiag_os *os, const struct vtdiag_os_paths *paths);

/*
 * The parts: /dev/kvm, who may open it, whether KVM registered it, the
 * vendor modules in the kernel (holders of kvm, built-in ones), other
 * hypervisors' drivers, KVM's enable_virt_at_load and this process's
 * CAP_SYS_ADMIN (clears @os first; the states of kvm, kvm_intel and
 * kvm_amd stay absent)...
 */
void vtdiag_os_probe_access(struct vtdiag_os *os,
			    const struct vtdiag_os_paths *paths);

/*
 * ...and the states of kvm, kvm_intel and kvm_amd in /sys/module, which
 * only stand in for the vtdiag module's own answer (GET_HOST has them).
 */
void vtdiag_os_probe_kvm_modules(struct vtdiag_os *os,
				 const struct vtdiag_os_paths *paths);

/*
 * The name of user @uid, as NSS gives it but without loading NSS here
 * (tool/host.c says why); the number when it has none (returns false).
 */
bool vtdiag_user_name(uid_t uid, char *buf, size_t size);

/* The first line of `getent DB KEY` (getent(1) in a child process). */
bool vtdiag_getent(const char *db, const char *key, char *out, size_t size);

/*
 * enum vtdiag_kvm_state of module @name: no directory -> absent; an
 * initstate file saying "live" -> loaded; no initstate -> built in.
 */
__u32 vtdiag_sysfs_module_state(const char *sys_module, const char *name);

/*
 * The vendor modules of KVM in @sys_module: every holder of kvm that is
 * no helper (kvmgt) and is live, and every known vendor module loaded or
 * built in (a built-in kvm has no holders directory), sorted by name.
 */
void vtdiag_probe_kvm_providers(struct vtdiag_os *os, const char *sys_module);

/* Whether this process has capability @cap (CAP_*) in its effective set. */
bool vtdiag_has_capability(unsigned int cap);

#endif /* VTDIAG_HOST_H */
