// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <linux/capability.h>

#include "host.h"
#include "kmodinfo.h"
#include "readfile.h"
#include "root.h"
#include "run.h"
#include "util.h"

const struct vtdiag_os_paths vtdiag_os_default_paths = {
	.sys_module	= "/sys/module",
	.dev_kvm	= "/dev/kvm",
	.kvm_group	= "kvm",
	.etc		= "/etc",
	.cpuinfo	= "/proc/cpuinfo",
	.sys_class_misc	= "/sys/class/misc",
};

__u32 vtdiag_sysfs_module_state(const char *sys_module, const char *name)
{
	char path[PATH_MAX];
	char initstate[16];
	struct stat st;
	int err;

	snprintf(path, sizeof(path), "%s/%s", sys_module, name);
	if (vtdiag_root_stat(path, &st) || !S_ISDIR(st.st_mode))
		return VTDIAG_KVM_ABSENT;
	/* Only loadable modules have initstate; built-in ones are always live. */
	snprintf(path, sizeof(path), "%s/%s/initstate", sys_module, name);
	err = vtdiag_read_first_line(AT_FDCWD, path, initstate,
				     sizeof(initstate));
	if (err)
		return err == -ENOENT ? VTDIAG_KVM_BUILTIN : VTDIAG_KVM_ABSENT;
	/* "coming" and "going" modules cannot serve /dev/kvm yet or any more. */
	return strncmp(initstate, "live", 4) ? VTDIAG_KVM_ABSENT :
					       VTDIAG_KVM_LOADED;
}

static int compare_providers(const void *a, const void *b)
{
	const struct vtdiag_kvm_provider *pa = a, *pb = b;

	return strcmp(pa->module, pb->module);
}

static bool provider_listed(const struct vtdiag_os *os, const char *module)
{
	size_t i;

	for (i = 0; i < os->nr_kvm_providers; i++)
		if (!strcmp(os->kvm_providers[i].module, module))
			return true;
	return false;
}

static void add_provider(struct vtdiag_os *os, const char *sys_module,
			 const char *module)
{
	struct vtdiag_kvm_provider *provider;
	__u32 state;

	if (os->nr_kvm_providers >= VTDIAG_KVM_PROVIDERS_MAX ||
	    strlen(module) >= sizeof(provider->module) ||
	    provider_listed(os, module))
		return;
	/* A holder still coming up or going away provides nothing. */
	state = vtdiag_sysfs_module_state(sys_module, module);
	if (state == VTDIAG_KVM_ABSENT)
		return;
	provider = &os->kvm_providers[os->nr_kvm_providers++];
	snprintf(provider->module, sizeof(provider->module), "%s", module);
	provider->state = state;
}

void vtdiag_probe_kvm_providers(struct vtdiag_os *os, const char *sys_module)
{
	char path[PATH_MAX];
	struct dirent *entry;
	DIR *holders;
	size_t i;

	os->nr_kvm_providers = 0;
	/* One entry per module that uses kvm's symbols: the vendor modules. */
	snprintf(path, sizeof(path), "%s/kvm/holders", sys_module);
	holders = vtdiag_root_opendir(path);
	if (holders) {
		while ((entry = readdir(holders)))
			if (entry->d_name[0] != '.' &&
			    !vtdiag_kvm_helper_module(entry->d_name))
				add_provider(os, sys_module, entry->d_name);
		closedir(holders);
	}
	/* Built in, they hold nothing: the ones vtdiag knows, by name. */
	for (i = 0; i < vtdiag_nr_kvm_vendors; i++)
		add_provider(os, sys_module, vtdiag_kvm_vendors[i].module);
	qsort(os->kvm_providers, os->nr_kvm_providers,
	      sizeof(os->kvm_providers[0]), compare_providers);
}

/*
 * /sys/class/misc/kvm exists from KVM's successful initialisation on.
 * Without /sys/class/misc at all (no sysfs) nothing can be told.
 */
static void probe_kvm_registered(struct vtdiag_os *os, const char *misc)
{
	char path[PATH_MAX];
	struct stat st;

	if (!misc)
		return;
	snprintf(path, sizeof(path), "%s/kvm", misc);
	if (!vtdiag_root_lstat(path, &st)) {
		os->kvm_registered_known = true;
		os->kvm_registered = true;
	} else if (errno == ENOENT && !vtdiag_root_stat(misc, &st) && S_ISDIR(st.st_mode)) {
		os->kvm_registered_known = true;
	}
}

/*
 * capget(2): the kernel's own answer, no /proc needed. The module checks
 * the same capability (CAP_SYS_ADMIN) before it re-reads the live bits.
 */
bool vtdiag_has_capability(unsigned int cap)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	if (cap / 32 >= _LINUX_CAPABILITY_U32S_3 ||
	    syscall(SYS_capget, &header, data))
		return false;
	return data[cap / 32].effective & (1U << (cap % 32));
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

/*
 * User and group names without glibc's NSS in this process.
 *
 * tool/vtdiag is linked statically by default, and a static glibc loads
 * NSS modules (systemd, sss, ldap) by dlopen()ing them beside a second,
 * shared libc: getgrouplist() for a user whose groups involve such a
 * module crashed the static tool in the test VM. So the passwd and group
 * databases are read two ways, in both builds alike:
 *  - directly from ETC/passwd and ETC/group, without the cost of setting
 *    NSS up (more than the rest of a run when emulated): the name of an
 *    id whenever the file has it, and an entry by name when nsswitch.conf
 *    consults "files" first. Names of ids are only shown, and the ids
 *    shown (root, the kvm group, the calling user) are local accounts on
 *    every distribution, whichever source nsswitch.conf puts first
 *    (directory services such as sssd leave root and system groups to
 *    the files); a directory that gave a local id another name would
 *    confuse ls(1) as much;
 *  - otherwise through getent(1), the system's own NSS in a process of
 *    its own: LDAP or systemd users, "compat" entries, and the group
 *    lists that explain a refused /dev/kvm. Only that rare path pays for
 *    a process.
 * Entries come back as a line of the database ("name:x:id:...").
 */
/*
 * What one probe reads of ETC: passwd and group each at most once however
 * many names it looks up, nsswitch.conf only for an entry by name (each
 * read of a file costs round trips to the disk's server on a network or
 * 9p root).
 */
struct etc_files {
	const char *etc;
	bool order_read;
	bool passwd_first;	/* nsswitch.conf: "passwd: files ..." */
	bool group_first;
	char *passwd;		/* contents; NULL until read or unreadable */
	char *group;
	bool passwd_read;
	bool group_read;
	bool getent_timed_out;	/* not asked again in this probe */
};

#define ETC_FILES_INIT(dir) { .etc = (dir) }

/* Database files bigger than this are left to getent. */
#define ETC_FILE_MAX	(16 << 20)

static void etc_files_free(struct etc_files *files)
{
	free(files->passwd);
	free(files->group);
}

/* The whole of ETC/@name, NUL-terminated; NULL when unreadable. */
static char *read_etc_file(const char *etc, const char *name)
{
	char path[PATH_MAX], *buf = NULL, *bigger;
	size_t len = 0, cap = 0;
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", etc, name);
	fd = vtdiag_root_open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			if (cap >= ETC_FILE_MAX)
				goto fail;
			cap = cap ? cap * 2 : 8192;
			bigger = realloc(buf, cap + 1);
			if (!bigger)
				goto fail;
			buf = bigger;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			goto fail;
		if (!got)
			break;
		len += got;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

/* Copies the line at @p (up to its newline) into @line; the next line. */
static const char *next_line(const char *p, char *line, size_t size)
{
	size_t len = strcspn(p, "\n");
	size_t take = len < size - 1 ? len : size - 1;

	memcpy(line, p, take);
	line[take] = '\0';
	return p[len] ? p + len + 1 : p + len;
}

/* Whether nsswitch.conf has "files" first for @db. */
static bool order_files_first(const char *conf, const char *db)
{
	size_t len = strlen(db);
	char line[512];
	const char *p;

	while (*conf) {
		conf = next_line(conf, line, sizeof(line));
		p = line + strspn(line, " \t");
		if (strncmp(p, db, len) || p[len] != ':')
			continue;
		p += len + 1;
		p += strspn(p, " \t");
		return !strncmp(p, "files", 5) &&
		       (p[5] == '\0' || strchr(" \t[", p[5]));
	}
	return false;
}

static bool files_first(struct etc_files *files, const char *db)
{
	char *conf;

	if (!files->order_read) {
		files->order_read = true;
		conf = read_etc_file(files->etc, "nsswitch.conf");
		if (conf) {
			files->passwd_first = order_files_first(conf, "passwd");
			files->group_first = order_files_first(conf, "group");
			free(conf);
		}
	}
	return !strcmp(db, "passwd") ? files->passwd_first :
	       !strcmp(db, "group") && files->group_first;
}

/* The contents of the database @db, read on first use; NULL if none. */
static const char *db_contents(struct etc_files *files, const char *db)
{
	bool is_passwd = !strcmp(db, "passwd");
	bool *read_once = is_passwd ? &files->passwd_read : &files->group_read;
	char **contents = is_passwd ? &files->passwd : &files->group;

	if (!*read_once) {
		*read_once = true;
		*contents = read_etc_file(files->etc, db);
	}
	return *contents;
}

/* Field @n (0-based) of a database line into @buf; false if it has none. */
static bool entry_field(const char *line, unsigned int n, char *buf,
			size_t size)
{
	size_t len;

	while (n--) {
		line = strchr(line, ':');
		if (!line)
			return false;
		line++;
	}
	len = strcspn(line, ":\n");
	if (len >= size)
		return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	return true;
}

/* The entry whose name (field 0) or id (field 2) is @key. */
static bool entry_matches(const char *line, const char *key, bool by_id)
{
	char field[256];

	return entry_field(line, by_id ? 2 : 0, field, sizeof(field)) &&
	       field[0] && !strcmp(field, key);
}

static bool files_entry(struct etc_files *files, const char *db,
			const char *key, bool by_id, char *line, size_t size)
{
	const char *p;

	if (size < 2 || (!by_id && !files_first(files, db)))
		return false;
	p = db_contents(files, db);
	if (!p)
		return false;
	while (*p) {
		p = next_line(p, line, size);
		/* "compat" syntax: NSS's business */
		if (line[0] == '+' || line[0] == '-')
			return false;
		if (entry_matches(line, key, by_id))
			return true;
	}
	return false;
}

static const char *const getent_dirs[] = { "/usr/bin", "/bin", NULL };

/*
 * `getent DB KEY` through vtdiag_run(): a fixed path (vtdiag runs as root),
 * a fixed environment, and a deadline, since NSS may wait on a directory
 * server that does not answer. The first line it prints goes into @out.
 */
static enum vtdiag_run_outcome run_getent(const char *db, const char *key,
					  char *out, size_t size, bool *found)
{
	char *argv[] = { "getent", "--", (char *)db, (char *)key, NULL };
	char path[PATH_MAX];
	struct vtdiag_run_req req = {
		.path = path, .argv = argv, .out = out, .out_size = size,
		.timeout_ms = VTDIAG_GETENT_TIMEOUT_MS,
	};
	struct vtdiag_run_result res;

	*found = false;
	if (size < 2)
		return VTDIAG_RUN_NOT_STARTED;
	out[0] = '\0';
	if (vtdiag_run_find("getent", getent_dirs, path, sizeof(path)))
		return VTDIAG_RUN_NOT_STARTED;
	*found = !vtdiag_run(&req, &res);
	out[strcspn(out, "\n")] = '\0';
	*found = *found && out[0];
	return res.outcome;
}

bool vtdiag_getent(const char *db, const char *key, char *out, size_t size)
{
	bool found;

	run_getent(db, key, out, size, &found);
	return found;
}

/* getent, unless it already failed to answer once in this probe. */
static bool files_getent(struct etc_files *files, const char *db,
			 const char *key, char *out, size_t size)
{
	bool found;

	/* NSS is this machine's, not a captured tree's: its files only. */
	if (files->getent_timed_out || !vtdiag_root_is_host())
		return false;
	if (run_getent(db, key, out, size, &found) == VTDIAG_RUN_TIMED_OUT)
		files->getent_timed_out = true;
	return found;
}

/* The database entry of @key (a name, or an id when @by_id). */
static bool db_entry(struct etc_files *files, const char *db, const char *key,
		     bool by_id, char *line, size_t size)
{
	return files_entry(files, db, key, by_id, line, size) ||
	       (files_getent(files, db, key, line, size) &&
		entry_matches(line, key, by_id));
}

static bool db_entry_by_id(struct etc_files *files, const char *db,
			   unsigned long id, char *line, size_t size)
{
	char key[24];

	snprintf(key, sizeof(key), "%lu", id);
	return db_entry(files, db, key, true, line, size);
}

static bool parse_id(const char *text, unsigned long *id)
{
	char *end;

	errno = 0;
	*id = strtoul(text, &end, 10);
	return !errno && end != text && !*end && *id <= UINT_MAX;
}

/* Group database, not this session: "added, but not logged in again". */
static bool user_has_group(struct etc_files *files, const char *user,
			   unsigned long primary_gid, unsigned long gid)
{
	char line[4096], *token, *save;
	unsigned long id;

	if (primary_gid == gid)
		return true;
	/* "USER   GID GID ...": the supplementary groups NSS gives USER */
	if (!files_getent(files, "initgroups", user, line, sizeof(line)))
		return false;
	token = strtok_r(line, " \t", &save);
	while ((token = strtok_r(NULL, " \t", &save)))
		if (parse_id(token, &id) && id == gid)
			return true;
	return false;
}

/* The user or group name of an id, or the number when it has none. */
static bool id_name(struct etc_files *files, const char *db,
		    unsigned long id, char *buf, size_t size)
{
	char line[4096];

	if (db_entry_by_id(files, db, id, line, sizeof(line)) &&
	    entry_field(line, 0, buf, size) && buf[0])
		return true;
	snprintf(buf, size, "%lu", id);
	return false;
}

bool vtdiag_user_name(uid_t uid, char *buf, size_t size)
{
	struct etc_files files = ETC_FILES_INIT("/etc");
	bool named = id_name(&files, "passwd", uid, buf, size);

	etc_files_free(&files);
	return named;
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

static void probe_groups(struct vtdiag_os *os, struct etc_files *files,
			 const char *group_name)
{
	unsigned long primary_gid, gid;
	char line[4096], field[32];

	snprintf(os->kvm_group, sizeof(os->kvm_group), "%s", group_name);
	if (!db_entry_by_id(files, "passwd", os->uid, line, sizeof(line)) ||
	    !entry_field(line, 0, os->user, sizeof(os->user))) {
		os->user[0] = '\0';
		return;
	}
	/*
	 * Group membership only explains a refused open of /dev/kvm (every
	 * reader of these fields checks that first): look only then.
	 */
	if (os->dev_kvm_errno != EACCES && os->dev_kvm_errno != EPERM)
		return;
	if (!entry_field(line, 3, field, sizeof(field)) ||
	    !parse_id(field, &primary_gid))
		return;
	if (!db_entry(files, "group", group_name, false, line, sizeof(line)) ||
	    !entry_field(line, 2, field, sizeof(field)) || !parse_id(field, &gid))
		return;
	os->kvm_group_exists = true;
	os->session_in_kvm_group = session_has_group(gid);
	os->user_in_kvm_group = user_has_group(files, os->user, primary_gid,
					       gid);
}

/* A POSIX access ACL on @path (under the root). */
static bool has_access_acl(const char *path)
{
	char proc[64];
	bool acl;
	int fd;

	if (vtdiag_root_is_host())
		return getxattr(path, "system.posix_acl_access", NULL, 0) > 0;
	fd = vtdiag_root_open(path, O_PATH);
	if (fd < 0)
		return false;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	acl = getxattr(proc, "system.posix_acl_access", NULL, 0) > 0;
	close(fd);
	return acl;
}

/* Returns whether the device's group has a name (see access_group()). */
static bool probe_dev_kvm(struct vtdiag_os *os, struct etc_files *files,
			  const char *dev_kvm)
{
	bool group_named = false;
	struct stat st;
	int fd;

	os->dev_kvm_exists = vtdiag_root_stat(dev_kvm, &st) == 0;
	if (os->dev_kvm_exists) {
		os->dev_kvm_uid = st.st_uid;
		os->dev_kvm_gid = st.st_gid;
		os->dev_kvm_mode = st.st_mode;
		id_name(files, "passwd", st.st_uid, os->dev_kvm_owner,
			sizeof(os->dev_kvm_owner));
		group_named = id_name(files, "group", st.st_gid,
				      os->dev_kvm_group,
				      sizeof(os->dev_kvm_group));
		os->dev_kvm_acl = has_access_acl(dev_kvm);
		os->session_in_dev_kvm_group = session_has_group(st.st_gid);
	}
	/*
	 * A captured tree's dev/kvm is a copy: it was captured by root, who
	 * opens /dev/kvm whenever it exists (vtdiag_os_probe_access).
	 */
	if (!vtdiag_root_is_host()) {
		os->dev_kvm_errno = os->dev_kvm_exists ? 0 : ENOENT;
		return group_named;
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

/* vmx and svm on the first CPU's "flags" line of @path. */
static int kernel_cpu_flags(const char *path)
{
	static const struct vtdiag_flag_word words[] = {
		{ "vmx", VTDIAG_KERNEL_FLAG_VMX },
		{ "svm", VTDIAG_KERNEL_FLAG_SVM },
	};

	return vtdiag_cpuinfo_flags(path, words, ARRAY_SIZE(words));
}

void vtdiag_os_probe_access(struct vtdiag_os *os,
			    const struct vtdiag_os_paths *paths)
{
	struct etc_files files = ETC_FILES_INIT(paths->etc ? paths->etc : "/etc");
	bool group_named;
	size_t i;

	memset(os, 0, sizeof(*os));
	os->kvm_core = VTDIAG_KVM_ABSENT;
	os->kvm_intel = VTDIAG_KVM_ABSENT;
	os->kvm_amd = VTDIAG_KVM_ABSENT;
	/* A captured tree is root's view (scripts/capture-tree runs as root). */
	os->uid = vtdiag_root_is_host() ? geteuid() : 0;
	os->enable_virt_at_load = vtdiag_kmod_bool_param(paths->sys_module, "kvm",
							 "enable_virt_at_load");
	os->kernel_flags = kernel_cpu_flags(paths->cpuinfo);
	os->cap_sys_admin = vtdiag_root_is_host() ?
			    vtdiag_has_capability(CAP_SYS_ADMIN) : true;
	probe_kvm_registered(os, paths->sys_class_misc);
	vtdiag_probe_kvm_providers(os, paths->sys_module);
	for (i = 0; i < vtdiag_nr_other_hv_drivers; i++)
		if (vtdiag_sysfs_module_state(paths->sys_module,
					      vtdiag_other_hv_drivers[i].driver) !=
		    VTDIAG_KVM_ABSENT)
			os->other_hv |= vtdiag_other_hv_drivers[i].bit;
	group_named = probe_dev_kvm(os, &files, paths->dev_kvm);
	probe_groups(os, &files, access_group(os, group_named, paths->kvm_group));
	if (files.getent_timed_out)
		os->getent_timeout_ms = VTDIAG_GETENT_TIMEOUT_MS;
	etc_files_free(&files);
}

void vtdiag_os_probe_kvm_modules(struct vtdiag_os *os,
				 const struct vtdiag_os_paths *paths)
{
	os->kvm_core = vtdiag_sysfs_module_state(paths->sys_module, "kvm");
	os->kvm_intel = vtdiag_sysfs_module_state(paths->sys_module,
						  "kvm_intel");
	os->kvm_amd = vtdiag_sysfs_module_state(paths->sys_module, "kvm_amd");
}

void vtdiag_os_probe(struct vtdiag_os *os, const struct vtdiag_os_paths *paths)
{
	vtdiag_os_probe_access(os, paths);
	vtdiag_os_probe_kvm_modules(os, paths);
}
