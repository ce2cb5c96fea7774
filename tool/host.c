// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "host.h"

const struct vtdiag_os_paths vtdiag_os_default_paths = {
	.sys_module	= "/sys/module",
	.dev_kvm	= "/dev/kvm",
	.kvm_group	= "kvm",
	.etc		= "/etc",
};

__u32 vtdiag_sysfs_module_state(const char *sys_module, const char *name)
{
	char path[PATH_MAX];
	char initstate[16] = "";
	struct stat st;
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s", sys_module, name);
	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return VTDIAG_KVM_ABSENT;
	/* Only loadable modules have initstate; built-in ones are always live. */
	snprintf(path, sizeof(path), "%s/%s/initstate", sys_module, name);
	file = fopen(path, "re");
	if (!file)
		return errno == ENOENT ? VTDIAG_KVM_BUILTIN : VTDIAG_KVM_ABSENT;
	if (!fgets(initstate, sizeof(initstate), file))
		initstate[0] = '\0';
	fclose(file);
	/* "coming" and "going" modules cannot serve /dev/kvm yet or any more. */
	return strncmp(initstate, "live", 4) ? VTDIAG_KVM_ABSENT :
					       VTDIAG_KVM_LOADED;
}

static bool gid_in_list(gid_t gid, const gid_t *groups, int count)
{
	int i;

	for (i = 0; i < count; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

static bool session_has_group(gid_t gid)
{
	gid_t *groups;
	bool found;
	int count;

	if (getegid() == gid)
		return true;
	count = getgroups(0, NULL);
	if (count <= 0)
		return false;
	groups = calloc(count, sizeof(*groups));
	if (!groups)
		return false;
	count = getgroups(count, groups);
	found = count > 0 && gid_in_list(gid, groups, count);
	free(groups);
	return found;
}

/* Group database, not this session: "added, but not logged in again". */
static bool user_has_group(const char *user, gid_t primary_gid, gid_t gid)
{
	gid_t *groups;
	int count = 0;
	bool found;

	if (primary_gid == gid)
		return true;
	getgrouplist(user, primary_gid, NULL, &count);
	if (count <= 0)
		return false;
	groups = calloc(count, sizeof(*groups));
	if (!groups)
		return false;
	found = getgrouplist(user, primary_gid, groups, &count) >= 0 &&
		gid_in_list(gid, groups, count);
	free(groups);
	return found;
}

/*
 * Names of ids without NSS where that gives NSS's own answer. Setting NSS
 * up (nsswitch.conf, nscd, modules such as systemd's) costs more than the
 * rest of a run on a slow or emulated machine. When nsswitch.conf asks
 * "files" first for a database, an id listed in that file is what
 * getpwuid()/getgrgid() return, so the file is read directly; anything
 * else (an id found only in LDAP, say, or "compat" entries) goes to NSS.
 */
static bool files_first(const char *etc, const char *db)
{
	char path[PATH_MAX], line[512];
	size_t len = strlen(db);
	bool first = false;
	FILE *file;

	snprintf(path, sizeof(path), "%s/nsswitch.conf", etc);
	file = fopen(path, "re");
	if (!file)
		return false;
	while (fgets(line, sizeof(line), file)) {
		const char *p = line + strspn(line, " \t");

		if (strncmp(p, db, len) || p[len] != ':')
			continue;
		p += len + 1;
		p += strspn(p, " \t");
		first = !strncmp(p, "files", 5) &&
			(p[5] == '\0' || strchr(" \t\n[", p[5]));
		break;
	}
	fclose(file);
	return first;
}

/* The name of ID in an /etc/passwd or /etc/group style FILE (3rd field). */
static bool files_name(const char *etc, const char *db, unsigned long id,
		       char *buf, size_t size)
{
	char path[PATH_MAX], line[4096];
	bool found = false;
	FILE *file;

	if (!files_first(etc, db))
		return false;
	snprintf(path, sizeof(path), "%s/%s", etc, db);
	file = fopen(path, "re");
	if (!file)
		return false;
	while (!found && fgets(line, sizeof(line), file)) {
		char *name = line, *field, *end;
		unsigned long value;

		/* compat syntax: leave it to NSS */
		if (line[0] == '+' || line[0] == '-')
			break;
		field = strchr(line, ':');
		if (!field || field == line)
			continue;
		*field++ = '\0';
		field = strchr(field, ':');
		if (!field)
			continue;
		errno = 0;
		value = strtoul(field + 1, &end, 10);
		if (errno || end == field + 1 || *end != ':' || value != id ||
		    strlen(name) >= size)
			continue;
		memcpy(buf, name, strlen(name) + 1);
		found = true;
	}
	fclose(file);
	return found;
}

/* The user or group name of an id, or the number when it has none. */
static bool uid_name(const char *etc, uid_t uid, char *buf, size_t size)
{
	const struct passwd *pw;

	if (files_name(etc, "passwd", uid, buf, size))
		return true;
	pw = getpwuid(uid);
	if (pw)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%u", (unsigned int)uid);
	return pw;
}

static bool gid_name(const char *etc, gid_t gid, char *buf, size_t size)
{
	const struct group *group;

	if (files_name(etc, "group", gid, buf, size))
		return true;
	group = getgrgid(gid);
	if (group)
		snprintf(buf, size, "%s", group->gr_name);
	else
		snprintf(buf, size, "%u", (unsigned int)gid);
	return group;
}

/*
 * The group whose members may open /dev/kvm as it is set up now; when
 * its group grants nothing, or is root, the group it should have.
 */
static const char *access_group(const struct vtdiag_os *os, bool group_named,
				const char *fallback)
{
	if (os->dev_kvm_exists && group_named && os->dev_kvm_gid != 0 &&
	    (os->dev_kvm_mode & 0060) == 0060)
		return os->dev_kvm_group;
	return fallback;
}

static void probe_groups(struct vtdiag_os *os, const char *etc,
			 const char *group_name)
{
	const struct passwd *pw;
	const struct group *group;

	snprintf(os->kvm_group, sizeof(os->kvm_group), "%s", group_name);
	/*
	 * Group membership only explains a refused open of /dev/kvm (every
	 * reader of these fields checks that first); the NSS lookups cost the
	 * better part of a run, so skip them otherwise.
	 */
	if (os->dev_kvm_errno != EACCES && os->dev_kvm_errno != EPERM) {
		if (!files_name(etc, "passwd", os->uid, os->user,
				sizeof(os->user)))
			os->user[0] = '\0';
		if (os->user[0])
			return;
	}
	pw = getpwuid(os->uid);
	/* Copy out at once: the next NSS lookup may reuse pw's buffer. */
	if (!pw)
		return;
	snprintf(os->user, sizeof(os->user), "%s", pw->pw_name);
	if (os->dev_kvm_errno != EACCES && os->dev_kvm_errno != EPERM)
		return;
	group = getgrnam(group_name);
	if (!group)
		return;
	os->kvm_group_exists = true;
	os->session_in_kvm_group = session_has_group(group->gr_gid);
	os->user_in_kvm_group = user_has_group(os->user, pw->pw_gid,
					       group->gr_gid);
}

/* Returns whether the device's group has a name (see access_group()). */
static bool probe_dev_kvm(struct vtdiag_os *os, const char *etc,
			  const char *dev_kvm)
{
	bool group_named = false;
	struct stat st;
	int fd;

	os->dev_kvm_exists = stat(dev_kvm, &st) == 0;
	if (os->dev_kvm_exists) {
		os->dev_kvm_uid = st.st_uid;
		os->dev_kvm_gid = st.st_gid;
		os->dev_kvm_mode = st.st_mode;
		uid_name(etc, st.st_uid, os->dev_kvm_owner, sizeof(os->dev_kvm_owner));
		group_named = gid_name(etc, st.st_gid, os->dev_kvm_group,
				       sizeof(os->dev_kvm_group));
		os->dev_kvm_acl = getxattr(dev_kvm, "system.posix_acl_access",
					   NULL, 0) > 0;
		os->session_in_dev_kvm_group = session_has_group(st.st_gid);
	}
	/* Opening is the real test: it honours groups, ACLs and LSMs alike. */
	fd = open(dev_kvm, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		os->dev_kvm_errno = errno;
		return group_named;
	}
	os->dev_kvm_errno = 0;
	close(fd);
	return group_named;
}

/* "Y"/"N" of a bool module parameter: 1 or 0, -1 when there is none. */
static int sysfs_bool_param(const char *sys_module, const char *module,
			    const char *param)
{
	char path[PATH_MAX];
	char value[8] = "";
	FILE *file;

	snprintf(path, sizeof(path), "%s/%s/parameters/%s", sys_module, module,
		 param);
	file = fopen(path, "re");
	if (!file)
		return -1;
	if (!fgets(value, sizeof(value), file))
		value[0] = '\0';
	fclose(file);
	if (value[0] == 'Y' || value[0] == 'y' || value[0] == '1')
		return 1;
	if (value[0] == 'N' || value[0] == 'n' || value[0] == '0')
		return 0;
	return -1;
}

void vtdiag_os_probe(struct vtdiag_os *os, const struct vtdiag_os_paths *paths)
{
	const char *etc = paths->etc ? paths->etc : "/etc";
	bool group_named;
	size_t i;

	memset(os, 0, sizeof(*os));
	os->uid = geteuid();
	os->kvm_core = vtdiag_sysfs_module_state(paths->sys_module, "kvm");
	os->kvm_intel = vtdiag_sysfs_module_state(paths->sys_module,
						  "kvm_intel");
	os->kvm_amd = vtdiag_sysfs_module_state(paths->sys_module, "kvm_amd");
	os->enable_virt_at_load = sysfs_bool_param(paths->sys_module, "kvm",
						   "enable_virt_at_load");
	for (i = 0; i < vtdiag_nr_other_hv_drivers; i++)
		if (vtdiag_sysfs_module_state(paths->sys_module,
					      vtdiag_other_hv_drivers[i].driver) !=
		    VTDIAG_KVM_ABSENT)
			os->other_hv |= vtdiag_other_hv_drivers[i].bit;
	group_named = probe_dev_kvm(os, etc, paths->dev_kvm);
	probe_groups(os, etc, access_group(os, group_named, paths->kvm_group));
}
