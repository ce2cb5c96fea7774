// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "i18n.h"
#include "kmodinfo.h"
#include "readfile.h"
#include "root.h"

int vtdiag_kernel_release(char *buf, size_t size)
{
	int err = vtdiag_read_first_line(AT_FDCWD, "/proc/sys/kernel/osrelease",
					 buf, size);

	if (!err && !buf[0])
		err = -ENODATA;
	/* A release names a directory: nothing that walks out of it. */
	if (!err && (strchr(buf, '/') || !strcmp(buf, "..")))
		err = -EINVAL;
	return err;
}

/*
 * Whether a line of modules.builtin or modules.dep (its part before ':')
 * is @name's module: ".../NAME.ko" with an optional compression suffix.
 * The file names use '-' or '_' as the source has it; modprobe treats
 * them alike.
 */
static bool line_names(const char *line, size_t len, const char *name)
{
	const char *end = memchr(line, ':', len), *base, *ko;
	size_t i, name_len = strlen(name);

	if (end)
		len = end - line;
	base = line;
	for (i = 0; i < len; i++)
		if (line[i] == '/')
			base = line + i + 1;
	ko = base + name_len;
	if ((size_t)(ko - line) + 3 > len || strncmp(ko, ".ko", 3))
		return false;
	for (i = 0; i < name_len; i++) {
		char a = base[i] == '-' ? '_' : base[i];
		char b = name[i] == '-' ? '_' : name[i];

		if (a != b)
			return false;
	}
	return ko + 3 == line + len || ko[3] == '.';
}

/* 1 when a line of @path names @name's module, 0 when none does, -errno. */
static int list_has(const char *path, const char *name)
{
	char buf[8192], *line, *nl;
	size_t have = 0;
	ssize_t got;
	int fd, found = 0;

	fd = vtdiag_root_open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	while (!found && (got = read(fd, buf + have, sizeof(buf) - have)) > 0) {
		have += got;
		line = buf;
		while (!found && (nl = memchr(line, '\n', buf + have - line))) {
			found = line_names(line, nl - line, name);
			line = nl + 1;
		}
		/* Keep the unfinished line; one longer than the buffer is dropped. */
		have -= line - buf;
		if (have == sizeof(buf))
			have = 0;
		memmove(buf, line, have);
	}
	if (!found && have)
		found = line_names(buf, have, name);
	close(fd);
	return got < 0 ? -errno : found;
}

static bool module_loaded(const char *name)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s/initstate", name);
	return !vtdiag_root_stat(path, &st);
}

enum vtdiag_kmod_avail vtdiag_kmod_present(const char *name)
{
	return module_loaded(name) ? VTDIAG_KMOD_LOADED : VTDIAG_KMOD_BUILTIN;
}

enum vtdiag_kmod_avail vtdiag_kmod_find(const char *name)
{
	char release[128], path[256];
	int in_builtin, in_dep;

	if (module_loaded(name))
		return VTDIAG_KMOD_LOADED;
	if (vtdiag_kernel_release(release, sizeof(release)))
		return VTDIAG_KMOD_UNKNOWN;
	/* Built in: listed, and in /sys/module only when it has parameters. */
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.builtin", release);
	in_builtin = list_has(path, name);
	if (in_builtin > 0)
		return VTDIAG_KMOD_BUILTIN;
	snprintf(path, sizeof(path), "/lib/modules/%s/modules.dep", release);
	in_dep = list_has(path, name);
	if (in_dep > 0)
		return VTDIAG_KMOD_AVAILABLE;
	return in_dep == 0 ? VTDIAG_KMOD_MISSING : VTDIAG_KMOD_UNKNOWN;
}

const char *vtdiag_kmod_phrase(enum vtdiag_kmod_avail avail)
{
	switch (avail) {
	case VTDIAG_KMOD_LOADED:
		return _("loaded");
	case VTDIAG_KMOD_BUILTIN:
		return _("built into the kernel");
	case VTDIAG_KMOD_AVAILABLE:
		return _("installed, not loaded");
	case VTDIAG_KMOD_MISSING:
		return _("not built for this kernel");
	default:
		return _("not known");
	}
}

void vtdiag_kmod_dev_probe(struct vtdiag_kmod_dev *dev, const char *path,
			   unsigned int major, unsigned int minor,
			   const char *module)
{
	struct stat st;

	dev->dev_err = 0;
	dev->dev_other = false;
	if (vtdiag_root_stat(path, &st))
		dev->dev_err = errno;
	else if (!S_ISCHR(st.st_mode) || major(st.st_rdev) != major ||
		 minor(st.st_rdev) != minor)
		/* A captured tree keeps a placeholder: only a device is judged. */
		dev->dev_other = vtdiag_root_is_host();
	/* The device there means the driver is: no need for the module lists. */
	dev->module = vtdiag_kmod_dev_missing(dev) ? vtdiag_kmod_find(module) :
						     vtdiag_kmod_present(module);
}

bool vtdiag_kmod_dev_missing(const struct vtdiag_kmod_dev *dev)
{
	return dev->dev_err || dev->dev_other;
}

bool vtdiag_kmod_dev_not_loaded(const struct vtdiag_kmod_dev *dev)
{
	return vtdiag_kmod_dev_missing(dev) &&
	       dev->module == VTDIAG_KMOD_AVAILABLE;
}

bool vtdiag_kmod_dev_node_missing(const struct vtdiag_kmod_dev *dev)
{
	return vtdiag_kmod_dev_missing(dev) &&
	       (dev->module == VTDIAG_KMOD_LOADED ||
		dev->module == VTDIAG_KMOD_BUILTIN);
}

bool vtdiag_kmod_dev_not_built(const struct vtdiag_kmod_dev *dev)
{
	return vtdiag_kmod_dev_missing(dev) &&
	       dev->module == VTDIAG_KMOD_MISSING;
}

void vtdiag_kmod_dev_describe(struct strbuf *sb,
			      const struct vtdiag_kmod_dev *dev,
			      const char *module)
{
	if (dev->dev_other)
		/* TRANSLATORS: %s is a kernel module, "tun" */
		strbuf_addf(sb, _("not the %s device"), module);
	else if (dev->dev_err == ENOENT)
		strbuf_adds(sb, _("missing"));
	else if (dev->dev_err)
		strbuf_addf(sb, _("cannot be looked at: %s"),
			    strerror(dev->dev_err));
	else
		strbuf_adds(sb, _("present"));
	/* What it is built of says nothing new while the device is there. */
	if (dev->module != VTDIAG_KMOD_UNKNOWN || vtdiag_kmod_dev_missing(dev))
		/* TRANSLATORS: "; tun module: installed, not loaded" */
		strbuf_addf(sb, _("; %s module: %s"), module,
			    vtdiag_kmod_phrase(dev->module));
}

/* /proc/config.gz, whole, NUL-terminated; NULL when unreadable or empty. */
static char *read_config_gz(void)
{
	size_t len = 0, size = 1 << 16;
	char *text, *bigger;
	gzFile gz;
	int fd, got;

	fd = vtdiag_root_open("/proc/config.gz", O_RDONLY);
	if (fd < 0)
		return NULL;
	gz = gzdopen(fd, "rb");
	if (!gz) {
		close(fd);
		return NULL;
	}
	text = malloc(size);
	while (text) {
		if (len + 1 == size) {
			bigger = size < (16 << 20) ? realloc(text, size * 2) : NULL;
			if (!bigger)
				break;
			text = bigger;
			size *= 2;
		}
		got = gzread(gz, text + len, size - 1 - len);
		if (got <= 0) {
			if (got < 0) {
				free(text);
				text = NULL;
			}
			break;
		}
		len += got;
	}
	gzclose(gz);
	if (text && !len) {
		free(text);
		text = NULL;
	}
	if (text)
		text[len] = '\0';
	return text;
}

int vtdiag_kernel_config_read(struct vtdiag_kernel_config *config)
{
	char release[128];

	config->text = NULL;
	config->source[0] = '\0';
	if (!vtdiag_kernel_release(release, sizeof(release))) {
		snprintf(config->source, sizeof(config->source),
			 "/boot/config-%s", release);
		config->text = vtdiag_read_whole_file(config->source, 8 << 20);
	}
	if (!config->text) {
		snprintf(config->source, sizeof(config->source),
			 "/proc/config.gz");
		config->text = read_config_gz();
	}
	return config->text ? 0 : -ENOENT;
}

void vtdiag_kernel_config_free(struct vtdiag_kernel_config *config)
{
	free(config->text);
	config->text = NULL;
}

/* Every visible symbol is written, as "=y", "=m" or "is not set". */
bool vtdiag_kernel_config_has(const struct vtdiag_kernel_config *config,
			      const char *option)
{
	size_t len = strlen(option);
	const char *line, *nl;

	for (line = config->text; line && *line; line = nl + 1) {
		nl = strchrnul(line, '\n');
		if ((size_t)(nl - line) == len + 2 && !strncmp(line, option, len) &&
		    line[len] == '=' && (line[len + 1] == 'y' || line[len + 1] == 'm'))
			return true;
		if (!*nl)
			break;
	}
	return false;
}

int vtdiag_kmod_bool_param(const char *sys_module, const char *module,
			   const char *param)
{
	char path[PATH_MAX], value[8];

	snprintf(path, sizeof(path), "%s/%s/parameters/%s", sys_module, module,
		 param);
	if (vtdiag_read_first_line(AT_FDCWD, path, value, sizeof(value)))
		return -1;
	if (value[0] == 'Y' || value[0] == 'y' || value[0] == '1')
		return 1;
	if (value[0] == 'N' || value[0] == 'n' || value[0] == '0')
		return 0;
	return -1;
}
