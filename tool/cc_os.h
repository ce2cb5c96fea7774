/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The operating system's side of confidential computing (cc_os.c): read
 * through the root into report->cc_os, after the CPU data (the module's
 * or the fallback's), which decide what is worth reading.
 */
#ifndef VTDIAG_CC_OS_H
#define VTDIAG_CC_OS_H

#include "model.h"

/* Where to look; tests point these elsewhere. */
struct vtdiag_cc_os_paths {
	const char *sys_module;		/* "/sys/module" */
	const char *dev_sev;		/* "/dev/sev" */
	const char *cpuinfo;		/* "/proc/cpuinfo" */
	const char *cmdline;		/* "/proc/cmdline" */
	const char *misc_capacity;	/* "/sys/fs/cgroup/misc.capacity" */
	const char *kmsg;		/* "/dev/kmsg" */
};

extern const struct vtdiag_cc_os_paths vtdiag_cc_os_default_paths;

void vtdiag_cc_os_probe(struct vtdiag_report *report,
			const struct vtdiag_cc_os_paths *paths);
/*
 * What the kernel log @log ("PRI,SEQ,USEC,FLAGS;TEXT" lines, changed in
 * place) says of the TDX module and SEV, into @cc_os.
 */
void vtdiag_cc_os_scan_log(struct vtdiag_cc_os *cc_os, char *log);
/* "initialized", ... for JSON; NULL when the log was not read. */
const char *vtdiag_tdx_module_name(enum vtdiag_tdx_module state);

#endif /* VTDIAG_CC_OS_H */
