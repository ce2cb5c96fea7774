// SPDX-License-Identifier: GPL-2.0
/*
 * The support bundle, in order: the secrets to scrub first, then what to
 * gather (collect_gather.c), the scrubbing (collect_redact.c), and the
 * manifest that says what is there and what is not (collect_manifest.c).
 * The archive itself is written by collect_tar.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect_internal.h"
#include "util.h"

void vtdiag_bundle_top_dir(const char *path, char *top, size_t size)
{
	static const char *const suffixes[] = { ".tar.gz", ".tgz", ".tar", ".gz" };
	const char *base = strrchr(path, '/');
	size_t len, i, suffix;

	base = base ? base + 1 : path;
	len = strlen(base);
	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		suffix = strlen(suffixes[i]);
		if (len >= suffix && !strcasecmp(base + len - suffix, suffixes[i])) {
			len -= suffix;
			break;
		}
	}
	if (len > 64)
		len = 64;
	/* No hidden directory, no "." or "..". */
	if (size < 16 || !len || !strcmp(path, "-") || base[0] == '.') {
		snprintf(top, size, "%s", size < 16 ? "" : "vtdiag-bundle");
		return;
	}
	if (len > size - 1)
		len = size - 1;
	for (i = 0; i < len; i++) {
		unsigned char c = base[i];

		top[i] = isalnum(c) || strchr("._+-", c) ? c : '_';
	}
	top[len] = '\0';
}

void vtdiag_bundle_add_gap(struct vtdiag_bundle *bundle, const char *what,
			   const char *why)
{
	struct vtdiag_bundle_gap *gaps;

	gaps = realloc(bundle->gaps, (bundle->nr_gaps + 1) * sizeof(*gaps));
	if (!gaps) {
		bundle->oom = true;
		return;
	}
	bundle->gaps = gaps;
	gaps[bundle->nr_gaps].what = strdup(what);
	gaps[bundle->nr_gaps].why = strdup(why);
	if (!gaps[bundle->nr_gaps].what || !gaps[bundle->nr_gaps].why) {
		free(gaps[bundle->nr_gaps].what);
		free(gaps[bundle->nr_gaps].why);
		bundle->oom = true;
		return;
	}
	bundle->nr_gaps++;
}

/* Takes @sb's text as file @name of the bundle. */
void vtdiag_bundle_add_file(struct vtdiag_bundle *bundle, const char *name,
			    const char *what, struct strbuf *sb)
{
	struct vtdiag_bundle_file *files, *file;

	if (sb->oom) {
		bundle->oom = true;
		strbuf_release(sb);
		return;
	}
	files = realloc(bundle->files, (bundle->nr_files + 1) * sizeof(*files));
	if (!files) {
		bundle->oom = true;
		strbuf_release(sb);
		return;
	}
	bundle->files = files;
	file = &files[bundle->nr_files];
	file->len = sb->len;
	file->data = strbuf_detach(sb);
	file->name = strdup(name);
	file->what = what;
	if (!file->data || !file->name) {
		free(file->data);
		free(file->name);
		bundle->oom = true;
		return;
	}
	bundle->nr_files++;
}

void vtdiag_bundle_free(struct vtdiag_bundle *bundle)
{
	size_t i;

	for (i = 0; i < bundle->nr_files; i++) {
		free(bundle->files[i].name);
		free(bundle->files[i].data);
	}
	for (i = 0; i < bundle->nr_gaps; i++) {
		free(bundle->gaps[i].what);
		free(bundle->gaps[i].why);
	}
	for (i = 0; i < bundle->nr_secrets; i++)
		free(bundle->secrets[i]);
	free(bundle->files);
	free(bundle->gaps);
	free(bundle->secrets);
	memset(bundle, 0, sizeof(*bundle));
}

int vtdiag_bundle_gather(struct vtdiag_bundle *bundle,
			 const struct vtdiag_report *report,
			 const char *tool_version, time_t now)
{
	memset(bundle, 0, sizeof(*bundle));
	vtdiag_bundle_read_secrets(bundle);
	vtdiag_gather_reports(bundle, report);
	vtdiag_gather_registers(bundle, report);
	vtdiag_gather_dmi(bundle);
	vtdiag_gather_os_release(bundle);
	vtdiag_gather_kernel(bundle);
	vtdiag_gather_kernel_log(bundle);
	vtdiag_gather_modules(bundle);
	vtdiag_gather_cpuinfo(bundle);
	vtdiag_bundle_redact(bundle);
	vtdiag_bundle_manifest(bundle, report, tool_version, now);
	return bundle->oom ? -ENOMEM : 0;
}
