// SPDX-License-Identifier: GPL-2.0
/*
 * The support bundle's manifest: MANIFEST.txt for a person and
 * manifest.json for a program, both saying what the bundle holds, what it
 * left out and why, and what it never collects.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "vtdiag/decode.h"
#include "collect_internal.h"
#include "host.h"
#include "report.h"
#include "root.h"
#include "util.h"

#define BUNDLE_SCHEMA		1

/* @text as lines of at most @width columns, each indented by @indent. */
static void wrap_into(struct strbuf *sb, const char *text, size_t indent,
		      size_t width)
{
	size_t column = 0, len;

	while (*text) {
		text += strspn(text, " ");
		len = strcspn(text, " ");
		if (!len)
			break;
		if (column && column + 1 + len > width) {
			strbuf_adds(sb, "\n");
			column = 0;
		}
		strbuf_addf(sb, "%*s%.*s", column ? 1 : (int)indent, "",
			    (int)len, text);
		column += (column ? 1 : indent) + len;
		text += len;
	}
	if (column)
		strbuf_adds(sb, "\n");
}

static const char manifest_privacy[] =
	"DMI serial numbers, UUIDs and asset tags (product_serial, product_uuid, "
	"board_serial, chassis_serial, board_asset_tag, chassis_asset_tag) are "
	"never collected, and raw dmidecode output is not included. Where such a "
	"value, or any UUID-shaped string (e.g. root=UUID= on the kernel command "
	"line), appeared in another file it was replaced by " REDACTED ". Also not "
	"collected: the host name, /etc/machine-id, kernel addresses of modules.";

struct manifest_facts {
	const char *tool_version;
	const struct vtdiag_report *report;
	time_t now;
	char created[32];
	char user[64];
	unsigned int uid;
	const char *tree;	/* the captured tree read (--root), or NULL */
};

static struct json_object *manifest_json(const struct vtdiag_bundle *bundle,
					 const struct manifest_facts *facts,
					 size_t nr_entries)
{
	const struct vtdiag_report *report = facts->report;
	struct json_object *root = json_object_new_object(), *list, *item, *by;
	size_t i;

	json_object_object_add(root, "schema", json_object_new_int(BUNDLE_SCHEMA));
	json_object_object_add(root, "created", json_object_new_string(facts->created));
	json_object_object_add(root, "tool_version",
			       json_object_new_string(facts->tool_version));
	json_object_object_add(root, "module_version",
			       report->host.module_version[0] ?
			       json_object_new_string(report->host.module_version) : NULL);
	json_object_object_add(root, "source", json_object_new_string(
			       vtdiag_report_source(report)));
	json_object_object_add(root, "verdict", json_object_new_string(
			       vtdiag_state_name(vtdiag_report_verdict(report))));
	json_object_object_add(root, "exit_status",
			       json_object_new_int(vtdiag_exit_status(report)));
	by = json_object_new_object();
	json_object_object_add(by, "user", json_object_new_string(facts->user));
	json_object_object_add(by, "uid", json_object_new_int64(facts->uid));
	json_object_object_add(by, "root", json_object_new_boolean(facts->uid == 0));
	json_object_object_add(root, "collected_by", by);
	/* "/": this machine; else the directory of a tree captured elsewhere. */
	json_object_object_add(root, "read_from", json_object_new_string(
			       facts->tree ? facts->tree : "/"));
	json_object_object_add(root, "captured_tree",
			       json_object_new_boolean(facts->tree != NULL));
	list = json_object_new_array();
	for (i = 0; i < nr_entries; i++) {
		item = json_object_new_object();
		json_object_object_add(item, "name",
				       json_object_new_string(bundle->files[i].name));
		json_object_object_add(item, "what",
				       json_object_new_string(bundle->files[i].what));
		json_object_object_add(item, "bytes",
				       json_object_new_int64(bundle->files[i].len));
		json_object_array_add(list, item);
	}
	json_object_object_add(root, "files", list);
	list = json_object_new_array();
	for (i = 0; i < bundle->nr_gaps; i++) {
		item = json_object_new_object();
		json_object_object_add(item, "what",
				       json_object_new_string(bundle->gaps[i].what));
		json_object_object_add(item, "why",
				       json_object_new_string(bundle->gaps[i].why));
		json_object_array_add(list, item);
	}
	json_object_object_add(root, "left_out", list);
	list = json_object_new_array();
	for (i = 0; i < vtdiag_nr_dmi_secret_fields; i++)
		json_object_array_add(list,
				      json_object_new_string(vtdiag_dmi_secret_fields[i]));
	json_object_object_add(root, "never_collected", list);
	json_object_object_add(root, "redacted",
			       json_object_new_int64(bundle->nr_redacted));
	json_object_object_add(root, "privacy", json_object_new_string(manifest_privacy));
	return root;
}

static void manifest_text(struct strbuf *sb, const struct vtdiag_bundle *bundle,
			  const struct manifest_facts *facts, size_t nr_entries)
{
	const struct vtdiag_report *report = facts->report;
	const struct vtdiag_check *data_source;
	struct strbuf source = STRBUF_INIT;
	size_t i;

	strbuf_adds(sb, "vtdiag support bundle\n=====================\n\n");
	strbuf_addf(sb, "Created:       %s by vtdiag %s\n", facts->created,
		    facts->tool_version);
	strbuf_addf(sb, "Collected by:  %s (uid %u)%s\n", facts->user, facts->uid,
		    facts->uid ? ", not root: some facts need root, see \"Left out\"" : "");
	if (facts->tree)
		strbuf_addf(sb, "Read from:     the captured tree %s (--root), not the\n"
			    "               machine vtdiag ran on\n", facts->tree);
	else
		strbuf_adds(sb, "Read from:     this machine (/)\n");
	/* Said as the data_source check says it: one judgement for every output. */
	data_source = vtdiag_check_find("data_source");
	data_source->judge(report, &source);
	strbuf_addf(sb, "Data source:   %s\n", strbuf_str(&source));
	strbuf_release(&source);
	strbuf_addf(sb, "Verdict:       %s (exit status %d)\n\nFiles:\n",
		    vtdiag_state_name(vtdiag_report_verdict(report)),
		    vtdiag_exit_status(report));
	strbuf_addf(sb, "  %-16s %s\n", "MANIFEST.txt", "this file");
	strbuf_addf(sb, "  %-16s %s\n", "manifest.json", "this manifest, as JSON");
	for (i = 0; i < nr_entries; i++)
		strbuf_addf(sb, "  %-16s %s\n", bundle->files[i].name,
			    bundle->files[i].what);
	strbuf_adds(sb, "\nLeft out:\n");
	if (!bundle->nr_gaps)
		strbuf_adds(sb, "  nothing\n");
	for (i = 0; i < bundle->nr_gaps; i++)
		strbuf_addf(sb, "  %s: %s\n", bundle->gaps[i].what,
			    bundle->gaps[i].why);
	strbuf_adds(sb, "\nPrivacy:\n");
	wrap_into(sb, manifest_privacy, 2, 78);
	strbuf_addf(sb, "  Replaced in this bundle: %zu occurrence%s.\n",
		    bundle->nr_redacted, bundle->nr_redacted == 1 ? "" : "s");
}

/* Puts MANIFEST.txt and manifest.json first, describing what follows. */
static void gather_manifest(struct vtdiag_bundle *bundle,
			    const struct manifest_facts *facts)
{
	struct strbuf text = STRBUF_INIT, json_sb = STRBUF_INIT;
	size_t nr_entries = bundle->nr_files;
	struct vtdiag_bundle_file first[2];
	struct json_object *root;

	manifest_text(&text, bundle, facts, nr_entries);
	root = manifest_json(bundle, facts, nr_entries);
	if (!root) {
		bundle->oom = true;
		strbuf_release(&text);
		return;
	}
	strbuf_adds(&json_sb, json_object_to_json_string_ext(root,
		    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
		    JSON_C_TO_STRING_NOSLASHESCAPE));
	strbuf_adds(&json_sb, "\n");
	json_object_put(root);
	vtdiag_bundle_add_file(bundle, "MANIFEST.txt",
			       "what this bundle holds and leaves out", &text);
	vtdiag_bundle_add_file(bundle, "manifest.json", "the manifest, as JSON",
			       &json_sb);
	if (bundle->nr_files != nr_entries + 2)
		return;
	memcpy(first, &bundle->files[nr_entries], sizeof(first));
	memmove(&bundle->files[2], bundle->files, nr_entries * sizeof(first[0]));
	memcpy(bundle->files, first, sizeof(first));
}

static void manifest_facts(struct manifest_facts *facts,
			   const struct vtdiag_report *report,
			   const char *tool_version, time_t now)
{
	struct tm tm;

	facts->tool_version = tool_version;
	facts->report = report;
	facts->now = now;
	facts->uid = geteuid();
	facts->tree = vtdiag_root_is_host() ? NULL : vtdiag_root_name();
	facts->created[0] = '\0';
	if (gmtime_r(&now, &tm))
		strftime(facts->created, sizeof(facts->created),
			 "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* NSS in a static binary is unsafe: see tool/host.c. */
	vtdiag_user_name(facts->uid, facts->user, sizeof(facts->user));
}

void vtdiag_bundle_manifest(struct vtdiag_bundle *bundle,
			    const struct vtdiag_report *report,
			    const char *tool_version, time_t now)
{
	struct manifest_facts facts;

	manifest_facts(&facts, report, tool_version, now);
	gather_manifest(bundle, &facts);
}
