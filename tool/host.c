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

#include "host.h"

const struct vtdiag_os_paths vtdiag_os_default_paths = {
	.sys_module	= "/sys/module",
	.dev_kvm	= "/dev/kvm",
	.kvm_group	= "kvm",
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

static void probe_groups(struct vtdiag_os *os, const char *group_name)
{
	const struct passwd *pw = getpwuid(getuid());
	const struct group *group;
	gid_t primary_gid;

	/* Copy out at once: the next NSS lookup may reuse pw's buffer. */
	if (!pw)
		return;
	snprintf(os->user, sizeof(os->user), "%s", pw->pw_name);
	primary_gid = pw->pw_gid;
	group = getgrnam(group_name);
	if (!group)
		return;
	os->kvm_group_exists = true;
	os->session_in_kvm_group = session_has_group(group->gr_gid);
	os->user_in_kvm_group = user_has_group(os->user, primary_gid,
					       group->gr_gid);
}

static void probe_dev_kvm(struct vtdiag_os *os, const char *dev_kvm)
{
	struct stat st;
	int fd;

	os->dev_kvm_exists = stat(dev_kvm, &st) == 0;
	/* Opening is the real test: it honours groups, ACLs and LSMs alike. */
	fd = open(dev_kvm, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		os->dev_kvm_errno = errno;
		return;
	}
	os->dev_kvm_errno = 0;
	close(fd);
}

void vtdiag_os_probe(struct vtdiag_os *os, const struct vtdiag_os_paths *paths)
{
	memset(os, 0, sizeof(*os));
	os->kvm_core = vtdiag_sysfs_module_state(paths->sys_module, "kvm");
	os->kvm_intel = vtdiag_sysfs_module_state(paths->sys_module,
						  "kvm_intel");
	os->kvm_amd = vtdiag_sysfs_module_state(paths->sys_module, "kvm_amd");
	probe_dev_kvm(os, paths->dev_kvm);
	probe_groups(os, paths->kvm_group);
}
