// SPDX-License-Identifier: GPL-2.0
/*
 * DKMS's signing certificate, from its configuration (dkms.h).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkms.h"
#include "model.h"
#include "readfile.h"
#include "root.h"

#define DKMS_CONF	"/etc/dkms/framework.conf"
#define DKMS_CONF_D	"/etc/dkms/framework.conf.d"
#define DKMS_CONF_MAX	(64 * 1024)
#define DKMS_CONF_FILES	64

/*
 * The value of the last "mok_certificate=" line of @text into @buf:
 * blanks around it and one pair of quotes dropped, comments skipped; only
 * an absolute path counts. Leaves @buf as it was when there is none.
 */
static void scan_conf(const char *text, char *buf, size_t size)
{
	static const char key[] = "mok_certificate=";
	const char *line, *end, *val;
	size_t len;

	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		while (line < end && (*line == ' ' || *line == '\t'))
			line++;
		if ((size_t)(end - line) <= strlen(key) ||
		    strncmp(line, key, strlen(key)))
			continue;
		val = line + strlen(key);
		len = end - val;
		while (len && strchr(" \t\r", val[len - 1]))
			len--;
		if (len >= 2 && (val[0] == '"' || val[0] == '\'') &&
		    val[len - 1] == val[0]) {
			val++;
			len -= 2;
		}
		if (!len || val[0] != '/' || len >= size ||
		    memchr(val, '"', len) || memchr(val, '$', len))
			continue;	/* not a plain absolute path */
		memcpy(buf, val, len);
		buf[len] = '\0';
	}
}

static void scan_file(const char *path, char *buf, size_t size)
{
	char *text = vtdiag_read_whole_file(path, DKMS_CONF_MAX);

	if (!text)
		return;
	scan_conf(text, buf, size);
	free(text);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* framework.conf.d/ *.conf, in name order, as DKMS reads them. */
static void scan_conf_d(char *buf, size_t size)
{
	char *names[DKMS_CONF_FILES], path[512];
	size_t n = 0, i, len;
	struct dirent *de;
	DIR *d;

	d = vtdiag_root_opendir(DKMS_CONF_D);
	if (!d)
		return;
	while ((de = readdir(d)) != NULL && n < DKMS_CONF_FILES) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".conf"))
			continue;
		names[n] = strdup(de->d_name);
		if (names[n])
			n++;
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", DKMS_CONF_D, names[i]);
		scan_file(path, buf, size);
		free(names[i]);
	}
}

static bool is_ubuntu(const struct vtdiag_platform *platform)
{
	return platform && (!strcmp(platform->os_id, "ubuntu") ||
			    strstr(platform->os_id_like, "ubuntu"));
}

void vtdiag_dkms_mok_certificate(const struct vtdiag_platform *platform,
				 char *buf, size_t size)
{
	snprintf(buf, size, "%s", is_ubuntu(platform) ?
		 "/var/lib/shim-signed/mok/MOK.der" : "/var/lib/dkms/mok.pub");
	scan_file(DKMS_CONF, buf, size);
	scan_conf_d(buf, size);
}
