// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include "platform.h"
#include "readfile.h"
#include "root.h"
#include "run.h"
#include "util.h"

/*
 * systemctl runs only when the root is this machine: these are this
 * machine's directories, not looked up under a captured tree.
 */
static const char *const systemctl_dirs[] = { "/usr/bin", "/bin", NULL };

const struct vtdiag_platform_paths vtdiag_platform_default_paths = {
	.systemctl_dirs = systemctl_dirs,
};

/*
 * Where each program lives across distributions, most likely first. The
 * list is short on purpose: every miss is a lookup on the file system,
 * and most runs miss every daemon. /bin and /sbin are left out: on
 * merged-/usr systems (Debian 12, Fedora, RHEL 9, SUSE, Arch) they are
 * /usr/bin and /usr/sbin, and no distribution packages QEMU or libvirt
 * into them where they are not.
 */
static const char *const bin_dirs[] = {
	"/usr/bin", "/usr/local/bin", NULL,
};

/* The libvirt daemons are system programs: sbin on every distribution. */
static const char *const sbin_dirs[] = {
	"/usr/sbin", "/usr/local/sbin", NULL,
};

/* RHEL and derivatives ship QEMU only as /usr/libexec/qemu-kvm. */
static const char *const libexec_dirs[] = {
	"/usr/libexec", "/usr/bin", NULL,
};

/* A program and the directories to look for it in. */
struct program {
	const char *name;
	const char *const *dirs;
};

static const struct program qemu_programs[] = {
	{ "qemu-system-x86_64", bin_dirs },
	{ "qemu-kvm", libexec_dirs },
};

static bool is_dir(const char *path)
{
	struct stat st;

	return !vtdiag_root_stat(path, &st) && S_ISDIR(st.st_mode);
}

static void probe_dmi(struct vtdiag_dmi *dmi)
{
	static const struct {
		const char *file;
		size_t offset;
	} fields[] = {
		{ "sys_vendor",		offsetof(struct vtdiag_dmi, sys_vendor) },
		{ "product_name",	offsetof(struct vtdiag_dmi, product_name) },
		{ "product_version",	offsetof(struct vtdiag_dmi, product_version) },
		{ "product_family",	offsetof(struct vtdiag_dmi, product_family) },
		{ "board_vendor",	offsetof(struct vtdiag_dmi, board_vendor) },
		{ "board_name",		offsetof(struct vtdiag_dmi, board_name) },
		{ "bios_vendor",	offsetof(struct vtdiag_dmi, bios_vendor) },
		{ "bios_version",	offsetof(struct vtdiag_dmi, bios_version) },
		{ "bios_date",		offsetof(struct vtdiag_dmi, bios_date) },
		{ "chassis_asset_tag",	offsetof(struct vtdiag_dmi, chassis_asset_tag) },
	};
	char path[64];
	size_t i;
	int dir;

	/*
	 * In a captured tree each file whole through the root: openat()
	 * from the directory would follow an absolute symlink out of the
	 * tree, onto this machine's files.
	 */
	if (!vtdiag_root_is_host()) {
		for (i = 0; i < ARRAY_SIZE(fields); i++) {
			snprintf(path, sizeof(path), "/sys/class/dmi/id/%s",
				 fields[i].file);
			vtdiag_read_first_line(AT_FDCWD, path,
					       (char *)dmi + fields[i].offset,
					       VTDIAG_DMI_LEN);
		}
		return;
	}
	/*
	 * Each name is looked up in the directory, not walked to from / again
	 * through the /sys/class/dmi/id symlink: in the test VM, 25-35 us a
	 * file instead of 50-85.
	 */
	dir = vtdiag_root_open("/sys/class/dmi/id", O_PATH | O_DIRECTORY);
	if (dir < 0)
		return;		/* no DMI (not x86, or a container): all "" */
	for (i = 0; i < ARRAY_SIZE(fields); i++)
		vtdiag_read_first_line(dir, fields[i].file,
				       (char *)dmi + fields[i].offset,
				       VTDIAG_DMI_LEN);
	close(dir);
}

/* WSL 2 kernels call themselves "...-microsoft-standard-WSL2". */
static bool probe_wsl(void)
{
	char release[128];
	struct utsname uts;

	/* uname(2) is the same string without a file to open. */
	if (vtdiag_root_is_host())
		return !uname(&uts) && strcasestr(uts.release, "microsoft");
	vtdiag_read_first_line(AT_FDCWD, "/proc/sys/kernel/osrelease", release,
			       sizeof(release));
	return strcasestr(release, "microsoft") != NULL;
}

/* Shell-style unquoting of an os-release value, as os-release(5) allows. */
static void unquote(const char *raw, char *value, size_t size)
{
	char quote = (*raw == '"' || *raw == '\'') ? *raw++ : '\0';
	size_t len = 0;

	for (; *raw && *raw != '\n' && len + 1 < size; raw++) {
		if (quote && *raw == quote)
			break;
		if (quote == '"' && *raw == '\\' && raw[1])
			raw++;
		value[len++] = *raw;
	}
	value[len] = '\0';
}

bool vtdiag_os_release_value(const char *line, const char *key, char *value,
			     size_t size)
{
	size_t key_len = strlen(key);

	if (strncmp(line, key, key_len) || line[key_len] != '=')
		return false;
	unquote(line + key_len + 1, value, size);
	return true;
}

static void probe_os_release(struct vtdiag_platform *platform)
{
	static const char *const files[] = {
		"/etc/os-release", "/usr/lib/os-release",
	};
	/* os-release files are a few hundred bytes; what is past this is lost */
	char text[8192], *line, *next;
	bool found = false;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(files) && !found; i++)
		found = vtdiag_read_small_file(files[i], text, sizeof(text));
	if (!found)
		return;
	for (line = text; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		if (vtdiag_os_release_value(line, "ID", platform->os_id,
					    sizeof(platform->os_id)) ||
		    vtdiag_os_release_value(line, "ID_LIKE", platform->os_id_like,
					    sizeof(platform->os_id_like)))
			continue;
		vtdiag_os_release_value(line, "PRETTY_NAME", platform->os_name,
					sizeof(platform->os_name));
	}
}

/* The first of @programs found executable (under the root), as its path, or "". */
static void find_program(const struct program *programs, size_t nr_programs,
			 char *found, size_t size)
{
	const char *const *dir;
	char path[PATH_MAX];
	size_t i;

	found[0] = '\0';
	for (i = 0; i < nr_programs; i++) {
		for (dir = programs[i].dirs; *dir; dir++) {
			snprintf(path, sizeof(path), "%s/%s", *dir,
				 programs[i].name);
			if (vtdiag_root_access(path, X_OK))
				continue;
			snprintf(found, size, "%s/%s", *dir, programs[i].name);
			return;
		}
	}
}

/*
 * `systemctl is-active UNIT...`; its exit status only says whether the
 * first unit is active, the output says it for each.
 */
static enum vtdiag_run_outcome run_systemctl(const char *path, char *argv[],
					     char *out, size_t size)
{
	struct vtdiag_run_req req = {
		.path = path, .argv = argv, .out = out, .out_size = size,
		.timeout_ms = VTDIAG_SYSTEMCTL_TIMEOUT_MS,
	};
	struct vtdiag_run_result res;

	vtdiag_run(&req, &res);
	return res.outcome;
}

/* The libvirt units worth asking about, given the daemons installed. */
static size_t libvirt_units(const struct vtdiag_platform *platform,
			    const char **units)
{
	size_t count = 0;

	if (platform->libvirtd[0]) {
		units[count++] = "libvirtd.service";
		units[count++] = "libvirtd.socket";
	}
	if (platform->virtqemud[0]) {
		units[count++] = "virtqemud.service";
		units[count++] = "virtqemud.socket";
	}
	return count;
}

/* `systemctl is-active UNIT...` prints one state per unit, in order. */
static void parse_is_active(struct vtdiag_platform *platform, char *output,
			    const char *const *units, size_t nr_units)
{
	char *saveptr = NULL, *state;
	size_t i;

	state = strtok_r(output, "\n", &saveptr);
	for (i = 0; i < nr_units && state; i++) {
		if (!strcmp(state, "active")) {
			platform->libvirt = VTDIAG_LIBVIRT_ACTIVE;
			snprintf(platform->libvirt_unit,
				 sizeof(platform->libvirt_unit), "%s", units[i]);
			return;
		}
		state = strtok_r(NULL, "\n", &saveptr);
	}
	/* Fewer answers than units: systemctl did not really answer. */
	platform->libvirt = i == nr_units ? VTDIAG_LIBVIRT_INACTIVE :
					    VTDIAG_LIBVIRT_UNCHECKED;
}

/*
 * The first of @dirs holding an executable systemctl, into @path; "" when
 * none does. Only asked when the root is this machine: vtdiag_root_access()
 * is access(2) then, and --list-reads still tells the lookups.
 */
static void find_systemctl(const char *const *dirs, char *path, size_t size)
{
	for (; *dirs; dirs++) {
		snprintf(path, size, "%s/systemctl", *dirs);
		if (!vtdiag_root_access(path, X_OK))
			return;
	}
	path[0] = '\0';
}

void vtdiag_platform_libvirt_state(struct vtdiag_platform *platform,
				   const struct vtdiag_platform_paths *paths)
{
	char systemctl[PATH_MAX], output[256];
	const char *units[4];
	char *argv[3 + ARRAY_SIZE(units)];
	enum vtdiag_run_outcome res;
	size_t nr_units, i;

	nr_units = libvirt_units(platform, units);
	if (!nr_units) {
		platform->libvirt = VTDIAG_LIBVIRT_MISSING;
		return;
	}
	platform->libvirt = VTDIAG_LIBVIRT_UNCHECKED;
	/*
	 * systemctl only knows the truth when systemd is PID 1, and only
	 * this machine's: not a captured tree's.
	 */
	if (!platform->systemd || !vtdiag_root_is_host())
		return;
	find_systemctl(paths->systemctl_dirs, systemctl, sizeof(systemctl));
	if (!systemctl[0])
		return;
	argv[0] = systemctl;
	argv[1] = (char *)"is-active";
	for (i = 0; i < nr_units; i++)
		argv[2 + i] = (char *)units[i];
	argv[2 + nr_units] = NULL;
	res = run_systemctl(systemctl, argv, output, sizeof(output));
	if (res == VTDIAG_RUN_TIMED_OUT)
		platform->systemctl_timeout_ms = VTDIAG_SYSTEMCTL_TIMEOUT_MS;
	if (res == VTDIAG_RUN_EXITED)
		parse_is_active(platform, output, units, nr_units);
}

static void probe_virt_userspace(struct vtdiag_platform *platform,
				 const struct vtdiag_platform_paths *paths)
{
	static const struct program libvirtd[] = { { "libvirtd", sbin_dirs } };
	static const struct program virtqemud[] = { { "virtqemud", sbin_dirs } };

	find_program(qemu_programs, ARRAY_SIZE(qemu_programs),
		     platform->qemu, sizeof(platform->qemu));
	find_program(libvirtd, 1, platform->libvirtd, sizeof(platform->libvirtd));
	find_program(virtqemud, 1, platform->virtqemud,
		     sizeof(platform->virtqemud));
	vtdiag_platform_libvirt_state(platform, paths);
}

void vtdiag_platform_probe(struct vtdiag_platform *platform,
			   const struct vtdiag_platform_paths *paths)
{
	memset(platform, 0, sizeof(*platform));
	probe_dmi(&platform->dmi);
	platform->uefi = is_dir("/sys/firmware/efi");
	/* sd_booted(3): this directory exists only when systemd is PID 1. */
	platform->systemd = is_dir("/run/systemd/system");
	platform->wsl = probe_wsl();
	probe_os_release(platform);
	probe_virt_userspace(platform, paths);
}
