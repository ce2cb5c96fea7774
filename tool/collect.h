/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --collect: a support bundle (.tar.gz) with the reports and the raw facts
 * behind them, for a bug report or a support case. Gathering reads the
 * machine's files under the root (root.h: this machine, a captured tree,
 * or a test's scratch tree), the archive writer knows nothing of vtdiag,
 * and vtdiag_collect() puts the file in place atomically. DMI serial numbers, UUIDs and asset tags are
 * never read into the bundle, and scrubbed from whatever else it holds.
 */
#ifndef VTDIAG_COLLECT_H
#define VTDIAG_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "model.h"

struct vtdiag_bundle_file {
	char *name;			/* inside the bundle's directory */
	const char *what;		/* for the manifest */
	char *data;			/* text, NUL-terminated */
	size_t len;
};

/* Something the bundle lacks, and why (for the manifest). */
struct vtdiag_bundle_gap {
	char *what;
	char *why;
};

struct vtdiag_bundle {
	struct vtdiag_bundle_file *files;
	size_t nr_files;
	struct vtdiag_bundle_gap *gaps;
	size_t nr_gaps;
	char **secrets;			/* DMI identifiers to scrub */
	size_t nr_secrets;
	size_t nr_redacted;		/* occurrences replaced */
	bool oom;
};

/*
 * Fills @bundle from @report and the files under the root (root.h) at
 * time @now: reports, registers, DMI, os-release, kernel, kernel log, KVM
 * modules, and the manifest (which says when the root is a captured tree).
 * Returns 0 or -ENOMEM; free @bundle with vtdiag_bundle_free() either way.
 * The bundle is for whoever supports the machine: call
 * vtdiag_i18n_machine_output() before probing, so all of it is English.
 */
int vtdiag_bundle_gather(struct vtdiag_bundle *bundle,
			 const struct vtdiag_report *report,
			 const char *tool_version, time_t now);
void vtdiag_bundle_free(struct vtdiag_bundle *bundle);

/*
 * @text with every case-insensitive occurrence of a secret (3 bytes or
 * longer) and every UUID-shaped string (8-4-4-4-12 hex digits, or 32 hex
 * digits as a word of their own) replaced by "[redacted]"; adds the
 * number of replacements to @count. Caller frees; NULL when out of memory.
 */
char *vtdiag_redact(const char *text, char *const *secrets,
		    size_t nr_secrets, size_t *count);

/* Whether a DMI value is a placeholder like "Not Specified": no secret. */
bool vtdiag_dmi_placeholder(const char *value);

/* The bundle's top directory for @path: "host1.tar.gz" -> "host1". */
void vtdiag_bundle_top_dir(const char *path, char *top, size_t size);

/*
 * The bundle as a POSIX ustar archive, gzip-compressed, to @fd; every
 * entry under @top/, owned by 0:0, dated @mtime. Returns 0 or -errno.
 */
int vtdiag_bundle_write_targz(int fd, const struct vtdiag_bundle *bundle,
			      const char *top, time_t mtime);

/*
 * --collect @path: gathers the bundle and writes it to @path ("-":
 * standard output) through a temporary file beside it, renamed into place
 * only when complete; never replaces an existing file. Says on stderr
 * what it wrote and left out, or why it failed. Returns 0 or -errno.
 */
int vtdiag_collect(const char *path, const struct vtdiag_report *report,
		   const char *tool_version);

#endif /* VTDIAG_COLLECT_H */
