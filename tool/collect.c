// SPDX-License-Identifier: GPL-2.0
/*
 * The support bundle: what to gather (reports, registers, DMI identity,
 * os-release, kernel, kernel log lines, KVM modules), the privacy rules
 * it follows, and the manifest that says what is there and what is not.
 * The archive itself is written by collect_tar.c.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <json.h>

#include "vtdiag/decode.h"
#include "collect.h"
#include "host.h"
#include "print.h"
#include "report.h"
#include "strbuf.h"
#include "util.h"

#define BUNDLE_SCHEMA		1
#define REDACTED		"[redacted]"
/* Shorter secrets would match too much that is not them. */
#define SECRET_MIN_LEN		3
/* The most a file of the bundle takes from one source. */
#define READ_MAX		(16U << 20)
/* /dev/kmsg returns one record per read, at most this long. */
#define KMSG_RECORD_MAX		8192
/* Kernel log lines kept: the last ones. */
#define KLOG_LINES_MAX		2000

/*
 * DMI attributes that identify one machine or its owner: never read into
 * the bundle; read only to scrub their values from everything else.
 */
static const char *const dmi_secret_fields[] = {
	"product_serial", "product_uuid", "board_serial", "chassis_serial",
	"board_asset_tag", "chassis_asset_tag",
};

/* DMI attributes that name the model and firmware: what support needs. */
static const char *const dmi_fields[] = {
	"sys_vendor", "product_name", "product_version", "product_family",
	"product_sku", "board_vendor", "board_name", "board_version",
	"chassis_vendor", "chassis_type", "chassis_version", "bios_vendor",
	"bios_version", "bios_date", "bios_release", "ec_firmware_release",
};

/* Kernel log lines about these (case-insensitive) go into the bundle. */
static const char *const klog_words[] = {
	"kvm", "vmx", "svm", "vt-x", "amd-v", "feature control",
	"feature_control", "feat_ctl", "feat ctl", "virtualization",
	"hypervisor", "vtdiag",
};

/* Loaded modules listed beside kvm*: virtualization and its readers. */
static const char *const related_modules[] = {
	"vtdiag", "irqbypass", "ccp", "msr", "cpuid", "vboxdrv", "vboxnetflt",
	"vboxnetadp", "vmmon", "vmnet",
};

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

static void bundle_gap(struct vtdiag_bundle *bundle, const char *what,
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
static void bundle_add(struct vtdiag_bundle *bundle, const char *name,
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

/*
 * The whole of @path (at most READ_MAX bytes; NUL bytes, as in
 * /proc/cmdline of some kernels, become spaces) appended to @sb.
 * Returns 0 or -errno.
 */
static int read_into(struct strbuf *sb, const char *path)
{
	char chunk[4096];
	size_t total = 0;
	ssize_t len, i;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	while (total < READ_MAX) {
		len = read(fd, chunk, sizeof(chunk));
		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0) {
			len = -errno;
			close(fd);
			return len;
		}
		if (!len)
			break;
		for (i = 0; i < len; i++)
			if (!chunk[i])
				chunk[i] = ' ';
		strbuf_addf(sb, "%.*s", (int)len, chunk);
		total += len;
	}
	close(fd);
	return 0;
}

/* The first line of @path, trailing blanks cut; "" on error. */
static int read_line(const char *path, char *buf, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	int err;

	buf[0] = '\0';
	err = read_into(&sb, path);
	if (!err) {
		len = strcspn(strbuf_str(&sb), "\n");
		snprintf(buf, size, "%.*s", (int)len, strbuf_str(&sb));
		len = strlen(buf);
		while (len && isspace((unsigned char)buf[len - 1]))
			buf[--len] = '\0';
	}
	strbuf_release(&sb);
	return err;
}

static void rooted(char *path, size_t size, const char *root, const char *name)
{
	snprintf(path, size, "%s%s", root, name);
}

static const char *why_errno(int err)
{
	return err == -EACCES || err == -EPERM ?
	       "not readable by this user (run vtdiag --collect as root)" :
	       strerror(-err);
}

static void read_secrets(struct vtdiag_bundle *bundle, const char *root)
{
	char path[PATH_MAX], value[256];
	char **secrets;
	size_t i;

	secrets = calloc(ARRAY_SIZE(dmi_secret_fields), sizeof(*secrets));
	if (!secrets) {
		bundle->oom = true;
		return;
	}
	bundle->secrets = secrets;
	for (i = 0; i < ARRAY_SIZE(dmi_secret_fields); i++) {
		snprintf(path, sizeof(path), "%s/sys/class/dmi/id/%s", root,
			 dmi_secret_fields[i]);
		if (read_line(path, value, sizeof(value)) ||
		    vtdiag_dmi_placeholder(value))
			continue;
		secrets[bundle->nr_secrets] = strdup(value);
		if (!secrets[bundle->nr_secrets])
			bundle->oom = true;
		else
			bundle->nr_secrets++;
	}
}

static void gather_dmi(struct vtdiag_bundle *bundle, const char *root)
{
	struct strbuf sb = STRBUF_INIT;
	char path[PATH_MAX], value[256];
	struct stat st;
	size_t i;
	int err;

	rooted(path, sizeof(path), root, "/sys/class/dmi/id");
	if (stat(path, &st)) {
		bundle_gap(bundle, "dmi.txt",
			   "no DMI on this machine (/sys/class/dmi/id is missing)");
		return;
	}
	strbuf_adds(&sb, "# The machine's model and firmware (/sys/class/dmi/id).\n"
		    "# Serial numbers, UUIDs and asset tags are never collected.\n");
	for (i = 0; i < ARRAY_SIZE(dmi_fields); i++) {
		snprintf(path, sizeof(path), "%s/sys/class/dmi/id/%s", root,
			 dmi_fields[i]);
		err = read_line(path, value, sizeof(value));
		if (err == -ENOENT)
			continue;
		if (err)
			strbuf_addf(&sb, "%s: (%s)\n", dmi_fields[i], why_errno(err));
		else
			strbuf_addf(&sb, "%s: %s\n", dmi_fields[i], value);
	}
	bundle_add(bundle, "dmi.txt",
		   "the machine's maker, model, mainboard and firmware (DMI)", &sb);
}

static void gather_os_release(struct vtdiag_bundle *bundle, const char *root)
{
	static const char *const names[] = { "/etc/os-release", "/usr/lib/os-release" };
	struct strbuf sb = STRBUF_INIT;
	char path[PATH_MAX];
	size_t i;
	int err = -ENOENT;

	for (i = 0; i < ARRAY_SIZE(names) && err; i++) {
		rooted(path, sizeof(path), root, names[i]);
		strbuf_release(&sb);
		err = read_into(&sb, path);
	}
	if (err) {
		strbuf_release(&sb);
		bundle_gap(bundle, "os-release", err == -ENOENT ?
			   "neither /etc/os-release nor /usr/lib/os-release exists" :
			   why_errno(err));
		return;
	}
	bundle_add(bundle, "os-release", "the distribution (/etc/os-release)", &sb);
}

static void kernel_line(struct strbuf *sb, const char *root, const char *key,
			const char *name)
{
	char path[PATH_MAX], value[4096];
	int err;

	rooted(path, sizeof(path), root, name);
	err = read_line(path, value, sizeof(value));
	if (err)
		strbuf_addf(sb, "%s: (%s: %s)\n", key, name, why_errno(err));
	else
		strbuf_addf(sb, "%s: %s\n", key, value);
}

static void gather_kernel(struct vtdiag_bundle *bundle, const char *root)
{
	struct strbuf sb = STRBUF_INIT;
	struct utsname uts;

	kernel_line(&sb, root, "release", "/proc/sys/kernel/osrelease");
	kernel_line(&sb, root, "version", "/proc/sys/kernel/version");
	strbuf_addf(&sb, "machine: %s\n", uname(&uts) ? "?" : uts.machine);
	kernel_line(&sb, root, "cmdline", "/proc/cmdline");
	kernel_line(&sb, root, "tainted", "/proc/sys/kernel/tainted");
	kernel_line(&sb, root, "dmesg_restrict", "/proc/sys/kernel/dmesg_restrict");
	bundle_add(bundle, "kernel.txt",
		   "kernel release, version, architecture, command line, taint flags",
		   &sb);
}

static bool klog_relevant(const char *message)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(klog_words); i++)
		if (strcasestr(message, klog_words[i]))
			return true;
	return false;
}

/* Why /dev/kmsg could not be opened, in the user's terms. */
static void klog_why(char *why, size_t size, const char *root, int err)
{
	char path[PATH_MAX], restrict_value[16];

	rooted(path, sizeof(path), root, "/proc/sys/kernel/dmesg_restrict");
	if ((err == -EPERM || err == -EACCES) &&
	    !read_line(path, restrict_value, sizeof(restrict_value)) &&
	    !strcmp(restrict_value, "1"))
		snprintf(why, size,
			 "the kernel log is not readable by this user: kernel.dmesg_restrict is 1 (root or CAP_SYSLOG needed; run vtdiag --collect as root)");
	else if (err == -EPERM || err == -EACCES)
		snprintf(why, size,
			 "the kernel log (/dev/kmsg) is not readable by this user: %s",
			 strerror(-err));
	else
		snprintf(why, size, "cannot read the kernel log (/dev/kmsg): %s",
			 strerror(-err));
}

/*
 * All of /dev/kmsg there is now, into @raw: one record per read(), EAGAIN
 * at the end (O_NONBLOCK), EPIPE when a record was overwritten meanwhile.
 * A regular file (tests) simply reads to its end.
 */
static int read_kmsg(struct strbuf *raw, const char *path)
{
	char *record = malloc(KMSG_RECORD_MAX + 1);
	ssize_t len;
	int fd, err = 0;

	if (!record)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		free(record);
		return err;
	}
	while (raw->len < READ_MAX) {
		len = read(fd, record, KMSG_RECORD_MAX);
		if (len < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (len < 0 && errno == EAGAIN)
			break;
		if (len < 0) {
			err = -errno;
			break;
		}
		if (!len)
			break;
		record[len] = '\0';
		strbuf_addf(raw, "%.*s", (int)len, record);
	}
	close(fd);
	free(record);
	return err;
}

/* "6,339,5140900,-;text": "[    5.140900] text" when relevant, else "". */
static void klog_format(struct strbuf *out, const char *line, size_t len)
{
	unsigned long long usec;
	const char *message = memchr(line, ';', len);
	char prefix[64], *text;
	size_t prefix_len;
	int pri;

	if (!message || line[0] == ' ')
		return;
	prefix_len = message - line;
	message++;
	if (prefix_len >= sizeof(prefix))
		return;
	memcpy(prefix, line, prefix_len);
	prefix[prefix_len] = '\0';
	if (sscanf(prefix, "%d,%*u,%llu", &pri, &usec) != 2)
		return;
	text = strndup(message, len - (message - line));
	if (!text)
		return;
	if (klog_relevant(text))
		strbuf_addf(out, "[%5llu.%06llu] %s\n", usec / 1000000,
			    usec % 1000000, text);
	free(text);
}

static void gather_kernel_log(struct vtdiag_bundle *bundle, const char *root)
{
	struct strbuf raw = STRBUF_INIT, lines = STRBUF_INIT, sb = STRBUF_INIT;
	const char *line, *end, *kept;
	char path[PATH_MAX], why[256];
	size_t count = 0, skip;
	int err;

	rooted(path, sizeof(path), root, "/dev/kmsg");
	err = read_kmsg(&raw, path);
	if (err && !raw.len) {
		strbuf_release(&raw);
		klog_why(why, sizeof(why), root, err);
		bundle_gap(bundle, "kernel-log.txt", why);
		return;
	}
	for (line = strbuf_str(&raw); *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		klog_format(&lines, line, end - line);
	}
	strbuf_release(&raw);
	for (kept = strbuf_str(&lines); *kept; kept = strchrnul(kept, '\n') + 1)
		count++;
	strbuf_addf(&sb, "# Kernel log lines about %s",
		    "kvm, vmx, svm, VT-x, AMD-V, feature control, virtualization, hypervisor, vtdiag");
	strbuf_addf(&sb, " (/dev/kmsg; the log may have lost its oldest lines).\n");
	if (err)
		strbuf_addf(&sb, "# Reading stopped early: %s\n", strerror(-err));
	if (!count)
		strbuf_adds(&sb, "# No such line in the kernel log.\n");
	/* The last KLOG_LINES_MAX lines: the newest tell the current state. */
	kept = strbuf_str(&lines);
	for (skip = count > KLOG_LINES_MAX ? count - KLOG_LINES_MAX : 0; skip; skip--)
		kept = strchrnul(kept, '\n') + 1;
	if (count > KLOG_LINES_MAX)
		strbuf_addf(&sb, "# %zu older lines left out.\n",
			    count - KLOG_LINES_MAX);
	strbuf_adds(&sb, kept);
	strbuf_release(&lines);
	bundle_add(bundle, "kernel-log.txt",
		   "kernel log lines about KVM, VT-x/AMD-V, feature control and vtdiag",
		   &sb);
}

static bool related_module(const char *name)
{
	size_t i;

	if (!strncmp(name, "kvm", 3))
		return true;
	for (i = 0; i < ARRAY_SIZE(related_modules); i++)
		if (!strcmp(name, related_modules[i]))
			return true;
	return false;
}

/* /proc/modules lines of the related modules, without the address column. */
static void list_modules(struct strbuf *sb, const char *root)
{
	struct strbuf raw = STRBUF_INIT;
	char path[PATH_MAX], name[64], used_by[512], state[32];
	const char *line, *end;
	unsigned long size, refs;
	size_t found = 0;
	int err;

	rooted(path, sizeof(path), root, "/proc/modules");
	strbuf_adds(sb, "# Loaded modules (/proc/modules, without addresses):\n"
		    "# name size references used-by state\n");
	err = read_into(&raw, path);
	if (err == -ENOENT) {
		strbuf_adds(sb, "# (no /proc/modules: this kernel has no module support)\n");
		return;
	}
	if (err) {
		strbuf_addf(sb, "# (/proc/modules: %s)\n", why_errno(err));
		return;
	}
	for (line = strbuf_str(&raw); *line; line = *end ? end + 1 : end) {
		char copy[1024];

		end = strchrnul(line, '\n');
		snprintf(copy, sizeof(copy), "%.*s", (int)(end - line), line);
		if (sscanf(copy, "%63s %lu %lu %511s %31s", name, &size, &refs,
			   used_by, state) != 5 || !related_module(name))
			continue;
		strbuf_addf(sb, "%s %lu %lu %s %s\n", name, size, refs, used_by,
			    state);
		found++;
	}
	if (!found)
		strbuf_adds(sb, "# (none of them loaded)\n");
	strbuf_release(&raw);
}

static int name_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int kvm_module_dir(const struct dirent *entry)
{
	return !strncmp(entry->d_name, "kvm", 3) ||
	       !strcmp(entry->d_name, "vtdiag");
}

/* "kvm_amd.nested = 1" for every parameter of @module. */
static void list_parameters(struct vtdiag_bundle *bundle, struct strbuf *sb,
			    const char *root, const char *module)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], value[1024], what[600];
	struct dirent **entries;
	bool builtin;
	int i, count, err;

	snprintf(dir, sizeof(dir), "%s/sys/module/%s/initstate", root, module);
	builtin = access(dir, F_OK) != 0;
	snprintf(dir, sizeof(dir), "%s/sys/module/%s/parameters", root, module);
	count = scandir(dir, &entries, NULL, name_order);
	strbuf_addf(sb, "\n# %s%s\n", module, builtin ? " (built in)" : "");
	if (count < 0) {
		strbuf_addf(sb, "# (%s)\n", errno == ENOENT ? "no parameters" :
			    strerror(errno));
		return;
	}
	for (i = 0; i < count; i++) {
		if (entries[i]->d_name[0] == '.')
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, entries[i]->d_name);
		err = read_line(path, value, sizeof(value));
		if (err) {
			strbuf_addf(sb, "%s.%s: (%s)\n", module,
				    entries[i]->d_name, why_errno(err));
			snprintf(what, sizeof(what), "modules.txt: parameter %.255s.%.255s",
				 module, entries[i]->d_name);
			bundle_gap(bundle, what, why_errno(err));
		} else {
			strbuf_addf(sb, "%s.%s = %s\n", module,
				    entries[i]->d_name, value);
		}
next:
		free(entries[i]);
	}
	free(entries);
}

static void gather_modules(struct vtdiag_bundle *bundle, const char *root)
{
	struct strbuf sb = STRBUF_INIT;
	struct dirent **entries;
	char dir[PATH_MAX];
	int i, count;

	list_modules(&sb, root);
	strbuf_adds(&sb, "\n# Parameters (/sys/module/kvm*/parameters, /sys/module/vtdiag/parameters):\n");
	rooted(dir, sizeof(dir), root, "/sys/module");
	count = scandir(dir, &entries, kvm_module_dir, name_order);
	if (count < 0) {
		strbuf_addf(&sb, "# (/sys/module: %s)\n", strerror(errno));
	} else {
		if (!count)
			strbuf_adds(&sb, "# (no kvm module loaded or built in)\n");
		for (i = 0; i < count; i++) {
			list_parameters(bundle, &sb, root, entries[i]->d_name);
			free(entries[i]);
		}
		free(entries);
	}
	bundle_add(bundle, "modules.txt",
		   "KVM-related modules loaded, and the parameters of kvm* and vtdiag",
		   &sb);
}

/* /proc/cpuinfo, minus any line naming a serial number (some arches). */
static void gather_cpuinfo(struct vtdiag_bundle *bundle, const char *root)
{
	struct strbuf raw = STRBUF_INIT, sb = STRBUF_INIT;
	const char *line, *end;
	char path[PATH_MAX];
	int err;

	rooted(path, sizeof(path), root, "/proc/cpuinfo");
	err = read_into(&raw, path);
	if (err) {
		strbuf_release(&raw);
		bundle_gap(bundle, "cpuinfo.txt", why_errno(err));
		return;
	}
	for (line = strbuf_str(&raw); *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (!strncasecmp(line, "serial", 6))
			continue;
		strbuf_addf(&sb, "%.*s\n", (int)(end - line), line);
	}
	strbuf_release(&raw);
	bundle_add(bundle, "cpuinfo.txt",
		   "/proc/cpuinfo: the CPU model, microcode and the flags the kernel shows",
		   &sb);
}

static void cpu_msr(struct strbuf *sb, const char *name, bool present,
		    __u64 msr, __s32 err)
{
	char errname[32];

	if (present)
		strbuf_addf(sb, " %s=0x%016llx", name, (unsigned long long)msr);
	else if (err)
		strbuf_addf(sb, " %s=error:%s", name,
			    vtdiag_errno_name(err, errname, sizeof(errname)));
}

/* What the report's "unavailable" items mean for the bundle. */
static const char *unavailable_what(const char *what)
{
	static const struct {
		const char *what, *gap;
	} gaps[] = {
		{ "module",
		  "registers.txt: the vtdiag module's reading (the tool read the CPUs itself)" },
		{ "cpuid", "registers.txt: CPUID of some CPUs" },
		{ "msr", "registers.txt: firmware registers (FEATURE_CONTROL / VM_CR)" },
		{ "active", "registers.txt: virtualization in use (CR4.VMXE / EFER.SVME)" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gaps); i++)
		if (!strcmp(what, gaps[i].what))
			return gaps[i].gap;
	return what;
}

/* Every CPU's record: the MSR values and flags as read, and the state. */
static void gather_registers(struct vtdiag_bundle *bundle,
			     const struct vtdiag_report *report)
{
	const struct vtdiag_host *host = &report->host;
	struct strbuf sb = STRBUF_INIT;
	const struct vtdiag_cpu *cpu;
	size_t i;

	strbuf_addf(&sb, "# Per-CPU registers as %s read them.\n",
		    report->fallback ? "vtdiag itself (fallback, no module)" :
		    report->module == VTDIAG_MODULE_OK ? "the vtdiag module" :
		    "nobody");
	strbuf_adds(&sb, "# feature_control: IA32_FEATURE_CONTROL (MSR 0x3a), vm_cr: VM_CR (MSR 0xc0010114);\n"
		    "# flags: decoded CPUID and MSR bits (VTDIAG_F_*); active: CR4.VMXE/EFER.SVME (-1 unknown).\n");
	strbuf_addf(&sb, "vendor_id=%s vendor=%s technology=%s hypervisor=%d hv_signature=\"%s\"\n",
		    host->vendor_id[0] ? host->vendor_id : "?",
		    vtdiag_vendor_name(host->vendor),
		    vtdiag_tech_name(vtdiag_report_tech(report)), host->hypervisor,
		    host->hv_signature);
	strbuf_addf(&sb, "verdict=%s cpus_online=%u module_version=%s",
		    vtdiag_state_name(vtdiag_report_sampled(report) ?
				      host->verdict : VTDIAG_STATE_UNKNOWN),
		    host->cpus_online,
		    host->module_version[0] ? host->module_version : "-");
	if (host->has_generation)
		strbuf_addf(&sb, " generation=%u", host->generation);
	strbuf_adds(&sb, "\n");
	for (i = 0; i < report->nr_cpus; i++) {
		cpu = &report->cpus[i];
		strbuf_addf(&sb, "cpu=%u state=%s", cpu->id,
			    vtdiag_state_name(cpu->state));
		if (cpu->has_vendor)
			strbuf_addf(&sb, " vendor=%s", vtdiag_vendor_name(cpu->vendor));
		if (cpu->has_flags)
			strbuf_addf(&sb, " flags=0x%08x", cpu->flags);
		cpu_msr(&sb, "feature_control", cpu->has_feat_ctl, cpu->feat_ctl,
			cpu->feat_ctl_err);
		cpu_msr(&sb, "vm_cr", cpu->has_vm_cr, cpu->vm_cr, cpu->vm_cr_err);
		strbuf_addf(&sb, " active=%d\n", cpu->active);
	}
	for (i = 0; i < report->nr_unavailable; i++) {
		strbuf_addf(&sb, "# unavailable: %s: %s\n",
			    report->unavailable[i].what, report->unavailable[i].why);
		bundle_gap(bundle, unavailable_what(report->unavailable[i].what),
			   report->unavailable[i].why);
	}
	bundle_add(bundle, "registers.txt",
		   "per-CPU firmware registers (FEATURE_CONTROL / VM_CR), CPUID bits and state",
		   &sb);
}

/* report.txt and report.json, as vtdiag and vtdiag --json print them. */
static void gather_reports(struct vtdiag_bundle *bundle,
			   const struct vtdiag_report *report)
{
	struct vtdiag_advice_list advice = { NULL, 0 };
	struct strbuf json_sb = STRBUF_INIT, text_sb = STRBUF_INIT;
	struct json_object *root;
	char *text = NULL;
	size_t size = 0;
	FILE *out;

	if (vtdiag_advise(report, &advice)) {
		bundle->oom = true;
		return;
	}
	out = open_memstream(&text, &size);
	if (!out) {
		bundle->oom = true;
		vtdiag_advice_free(&advice);
		return;
	}
	if (vtdiag_report_sampled(report))
		vtdiag_print_text(out, report, &advice, false);
	else
		vtdiag_print_advice_lines(out, &advice);
	if (fclose(out) || !text)
		bundle->oom = true;
	else
		strbuf_adds(&text_sb, text);
	free(text);
	bundle_add(bundle, "report.txt", "the report, as vtdiag prints it (English)",
		   &text_sb);

	root = vtdiag_report_json(report, &advice);
	if (root) {
		strbuf_adds(&json_sb, json_object_to_json_string_ext(root,
			    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
			    JSON_C_TO_STRING_NOSLASHESCAPE));
		strbuf_adds(&json_sb, "\n");
		json_object_put(root);
		bundle_add(bundle, "report.json",
			   "the report as vtdiag --json prints it (schema 1)",
			   &json_sb);
	} else {
		bundle->oom = true;
	}
	vtdiag_advice_free(&advice);
}

static void redact_all(struct vtdiag_bundle *bundle)
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
			       report->fallback ? "fallback" : "module"));
	json_object_object_add(root, "verdict", json_object_new_string(
			       vtdiag_state_name(vtdiag_report_sampled(report) ?
						 report->host.verdict :
						 VTDIAG_STATE_UNKNOWN)));
	json_object_object_add(root, "exit_status",
			       json_object_new_int(vtdiag_exit_status(report)));
	by = json_object_new_object();
	json_object_object_add(by, "user", json_object_new_string(facts->user));
	json_object_object_add(by, "uid", json_object_new_int64(facts->uid));
	json_object_object_add(by, "root", json_object_new_boolean(facts->uid == 0));
	json_object_object_add(root, "collected_by", by);
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
	for (i = 0; i < ARRAY_SIZE(dmi_secret_fields); i++)
		json_object_array_add(list, json_object_new_string(dmi_secret_fields[i]));
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
	size_t i;

	strbuf_adds(sb, "vtdiag support bundle\n=====================\n\n");
	strbuf_addf(sb, "Created:       %s by vtdiag %s\n", facts->created,
		    facts->tool_version);
	strbuf_addf(sb, "Collected by:  %s (uid %u)%s\n", facts->user, facts->uid,
		    facts->uid ? ", not root: some facts need root, see \"Left out\"" : "");
	strbuf_addf(sb, "Data source:   %s%s%s\n",
		    report->fallback ? "fallback (vtdiag module not loaded)" : "module",
		    report->host.module_version[0] ? ", module version " : "",
		    report->host.module_version);
	strbuf_addf(sb, "Verdict:       %s (exit status %d)\n\nFiles:\n",
		    vtdiag_state_name(vtdiag_report_sampled(report) ?
				      report->host.verdict : VTDIAG_STATE_UNKNOWN),
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
	bundle_add(bundle, "MANIFEST.txt", "what this bundle holds and leaves out",
		   &text);
	bundle_add(bundle, "manifest.json", "the manifest, as JSON", &json_sb);
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
	facts->created[0] = '\0';
	if (gmtime_r(&now, &tm))
		strftime(facts->created, sizeof(facts->created),
			 "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* NSS in a static binary is unsafe: see tool/host.c. */
	vtdiag_user_name(facts->uid, facts->user, sizeof(facts->user));
}

int vtdiag_bundle_gather(struct vtdiag_bundle *bundle,
			 const struct vtdiag_report *report,
			 const char *tool_version, const char *root,
			 time_t now)
{
	struct manifest_facts facts;

	memset(bundle, 0, sizeof(*bundle));
	read_secrets(bundle, root);
	gather_reports(bundle, report);
	gather_registers(bundle, report);
	gather_dmi(bundle, root);
	gather_os_release(bundle, root);
	gather_kernel(bundle, root);
	gather_kernel_log(bundle, root);
	gather_modules(bundle, root);
	gather_cpuinfo(bundle, root);
	redact_all(bundle);
	manifest_facts(&facts, report, tool_version, now);
	gather_manifest(bundle, &facts);
	return bundle->oom ? -ENOMEM : 0;
}
