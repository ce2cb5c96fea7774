// SPDX-License-Identifier: GPL-2.0
/*
 * The support bundle's privacy rules: DMI serial numbers, UUIDs and asset
 * tags are never read into it, only read to scrub their values, and any
 * UUID-shaped string, from everything else it holds.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect_internal.h"
#include "util.h"

/* Shorter secrets would match too much that is not them. */
#define SECRET_MIN_LEN		3

/*
 * DMI attributes that identify one machine or its owner: never read into
 * the bundle; read only to scrub their values from everything else.
 */
const char *const vtdiag_dmi_secret_fields[] = {
	"product_serial", "product_uuid", "board_serial", "chassis_serial",
	"board_asset_tag", "chassis_asset_tag",
};
const size_t vtdiag_nr_dmi_secret_fields = ARRAY_SIZE(vtdiag_dmi_secret_fields);

/* What vendors put where there is no serial number or tag. */
static const char *const dmi_placeholders[] = {
	"Not Specified", "Not Applicable", "Not Available", "Default string",
	"To Be Filled By O.E.M.", "None", "N/A", "Unknown", "System Serial Number",
	"Chassis Serial Number", "Base Board Serial Number", "Serial Number",
	"Asset Tag", "No Asset Tag", "Asset-1234567890", "0123456789",
	"Type1ProductConfigId", "00000000-0000-0000-0000-000000000000",
	"03000200-0400-0500-0006-000700080009",
};

bool vtdiag_dmi_placeholder(const char *value)
{
	size_t i, len = strlen(value);

	if (len < SECRET_MIN_LEN)
		return true;
	for (i = 0; i < ARRAY_SIZE(dmi_placeholders); i++)
		if (!strcasecmp(value, dmi_placeholders[i]))
			return true;
	/* "          ", "0000000000", "FFFFFFFF": filler. */
	for (i = 1; i < len; i++)
		if (value[i] != value[0])
			return false;
	return true;
}

/* 8-4-4-4-12 hex digits at @text. */
static bool uuid_at(const char *text)
{
	static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
	size_t i;

	for (i = 0; shape[i]; i++) {
		if (shape[i] == '-' ? text[i] != '-' :
		    !isxdigit((unsigned char)text[i]))
			return false;
	}
	return true;
}

/*
 * Exactly 32 hex digits at @text, not inside a longer word: a UUID
 * written without dashes (or a machine id). @start is where the text
 * begins, to look one byte back.
 */
static bool bare_uuid_at(const char *start, const char *text)
{
	size_t i;

	if (text > start && isalnum((unsigned char)text[-1]))
		return false;
	for (i = 0; i < 32; i++)
		if (!isxdigit((unsigned char)text[i]))
			return false;
	return !isalnum((unsigned char)text[32]);
}

/* How many bytes at @p are an identifier to replace; 0 when none. */
static size_t identifier_at(const char *start, const char *p,
			    char *const *secrets, size_t nr_secrets)
{
	size_t i, len;

	if (uuid_at(p))
		return 36;
	if (bare_uuid_at(start, p))
		return 32;
	for (i = 0; i < nr_secrets; i++) {
		len = strlen(secrets[i]);
		if (len >= SECRET_MIN_LEN && !strncasecmp(p, secrets[i], len))
			return len;
	}
	return 0;
}

char *vtdiag_redact(const char *text, char *const *secrets,
		    size_t nr_secrets, size_t *count)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = text, *plain = text;
	size_t match;

	while (*p) {
		match = identifier_at(text, p, secrets, nr_secrets);
		if (!match) {
			p++;
			continue;
		}
		strbuf_addf(&out, "%.*s" REDACTED, (int)(p - plain), plain);
		(*count)++;
		p += match;
		plain = p;
	}
	strbuf_adds(&out, plain);
	if (out.oom) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out);
}

void vtdiag_bundle_read_secrets(struct vtdiag_bundle *bundle)
{
	char path[PATH_MAX], value[256];
	char **secrets;
	size_t i;

	secrets = calloc(ARRAY_SIZE(vtdiag_dmi_secret_fields), sizeof(*secrets));
	if (!secrets) {
		bundle->oom = true;
		return;
	}
	bundle->secrets = secrets;
	for (i = 0; i < ARRAY_SIZE(vtdiag_dmi_secret_fields); i++) {
		snprintf(path, sizeof(path), "/sys/class/dmi/id/%s",
			 vtdiag_dmi_secret_fields[i]);
		if (vtdiag_collect_read_line(path, value, sizeof(value)) ||
		    vtdiag_dmi_placeholder(value))
			continue;
		secrets[bundle->nr_secrets] = strdup(value);
		if (!secrets[bundle->nr_secrets])
			bundle->oom = true;
		else
			bundle->nr_secrets++;
	}
}

void vtdiag_bundle_redact(struct vtdiag_bundle *bundle)
{
	struct vtdiag_bundle_file *file;
	char *clean;
	size_t i;

	for (i = 0; i < bundle->nr_files; i++) {
		file = &bundle->files[i];
		clean = vtdiag_redact(file->data, bundle->secrets,
				      bundle->nr_secrets, &bundle->nr_redacted);
		if (!clean) {
			bundle->oom = true;
			continue;
		}
		free(file->data);
		file->data = clean;
		file->len = strlen(clean);
	}
}
