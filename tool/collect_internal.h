/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the pieces of --collect share, and nobody else needs: collect.c
 * runs the steps, collect_gather.c reads the machine, collect_redact.c
 * scrubs identifiers, collect_manifest.c describes the result.
 */
#ifndef VTDIAG_COLLECT_INTERNAL_H
#define VTDIAG_COLLECT_INTERNAL_H

#include <stddef.h>
#include <time.h>

#include "collect.h"
#include "strbuf.h"

#define REDACTED		"[redacted]"

/* collect.c: a file of the bundle (takes @sb's text), or what it lacks. */
void vtdiag_bundle_add_file(struct vtdiag_bundle *bundle, const char *name,
			    const char *what, struct strbuf *sb);
void vtdiag_bundle_add_gap(struct vtdiag_bundle *bundle, const char *what,
			   const char *why);

/*
 * collect_redact.c: the DMI fields never collected (the manifest lists
 * them), reading their values as @bundle's secrets, and scrubbing them
 * and UUIDs from every file gathered so far.
 */
extern const char *const vtdiag_dmi_secret_fields[];
extern const size_t vtdiag_nr_dmi_secret_fields;
void vtdiag_bundle_read_secrets(struct vtdiag_bundle *bundle);
void vtdiag_bundle_redact(struct vtdiag_bundle *bundle);

/*
 * collect_gather.c: the first line of absolute @path under the root
 * (root.h), trailing blanks cut ("" on error); 0 or -errno. collect_redact.c reads the DMI secrets with it.
 */
int vtdiag_collect_read_line(const char *path, char *buf, size_t size);

/* collect_gather.c: one file of the bundle each, or a gap saying why not. */
void vtdiag_gather_reports(struct vtdiag_bundle *bundle,
			   const struct vtdiag_report *report);
void vtdiag_gather_registers(struct vtdiag_bundle *bundle,
			     const struct vtdiag_report *report);
void vtdiag_gather_dmi(struct vtdiag_bundle *bundle);
void vtdiag_gather_os_release(struct vtdiag_bundle *bundle);
void vtdiag_gather_kernel(struct vtdiag_bundle *bundle);
void vtdiag_gather_kernel_log(struct vtdiag_bundle *bundle);
void vtdiag_gather_modules(struct vtdiag_bundle *bundle);
void vtdiag_gather_cpuinfo(struct vtdiag_bundle *bundle);

/*
 * collect_manifest.c: MANIFEST.txt and manifest.json, put first, about
 * everything gathered (and redacted) before.
 */
void vtdiag_bundle_manifest(struct vtdiag_bundle *bundle,
			    const struct vtdiag_report *report,
			    const char *tool_version, time_t now);

#endif /* VTDIAG_COLLECT_INTERNAL_H */
