// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "report.h"
#include "root.h"

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

static int root_fd = -1;	/* -1: "/", resolved as always */
static char root_name[4096] = "/";

int vtdiag_root_set(const char *dir)
{
	struct stat st;
	int fd = -1;

	if (dir && strcmp(dir, "/")) {
		if (strlen(dir) >= sizeof(root_name))
			return -ENAMETOOLONG;
		fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		if (fstat(fd, &st)) {
			close(fd);
			return -errno;
		}
	}
	/* Another root replaces this one (tests go back to "/"). */
	if (root_fd >= 0)
		close(root_fd);
	root_fd = fd;
	snprintf(root_name, sizeof(root_name), "%s", fd < 0 ? "/" : dir);
	return 0;
}

int vtdiag_root_fd(void)
{
	return root_fd;
}

bool vtdiag_root_is_host(void)
{
	return root_fd < 0;
}

const char *vtdiag_root_name(void)
{
	return root_name;
}

/*
 * Under a captured tree: the tree's own symlinks (cp -a keeps
 * /sys/class/dmi/id -> ../../devices/...; absolute ones too) resolve
 * inside it. Kernels before 5.6 lack openat2: a plain openat() then,
 * which keeps relative names inside but follows absolute symlinks out.
 */
static FILE *trace;

void vtdiag_root_trace(FILE *out)
{
	trace = out;
}

/* One line per lookup: what capture-tree copies, and how it went. */
static int traced(const char *op, const char *path, int ret)
{
	int saved = errno;
	char buf[32];

	if (trace)
		fprintf(trace, "vtdiag: looked up: %s %s -> %s\n", op, path,
			ret < 0 ? vtdiag_errno_name(saved, buf, sizeof(buf)) : "ok");
	errno = saved;
	return ret;
}

static int open_under_root(const char *path, int flags)
{
	if (root_fd < 0)
		return open(path, flags | O_CLOEXEC, 0);
#ifdef SYS_openat2
	{
		struct open_how how = {
			.flags = flags | O_CLOEXEC,
			.resolve = RESOLVE_IN_ROOT,
		};
		int fd = syscall(SYS_openat2, root_fd, path, &how, sizeof(how));

		if (fd >= 0 || errno != ENOSYS)
			return fd;
	}
#endif
	return openat(root_fd, path + strspn(path, "/"), flags | O_CLOEXEC);
}

static int stat_under_root(const char *path, struct stat *st, int nofollow)
{
	int fd, err;

	if (root_fd < 0)
		return nofollow ? lstat(path, st) : stat(path, st);
	fd = open_under_root(path, O_PATH | nofollow);
	if (fd < 0)
		return -1;
	err = fstat(fd, st);
	close(fd);
	return err;
}

int vtdiag_root_open(const char *path, int flags)
{
	return traced(flags & O_DIRECTORY ? "dir" : "file", path,
		      open_under_root(path, flags));
}

int vtdiag_root_stat(const char *path, struct stat *st)
{
	return traced("stat", path, stat_under_root(path, st, 0));
}

int vtdiag_root_lstat(const char *path, struct stat *st)
{
	return traced("lstat", path, stat_under_root(path, st, O_NOFOLLOW));
}

/* A captured tree's permissions are the copy's: only whether it is there. */
int vtdiag_root_access(const char *path, int mode)
{
	struct stat st;

	if (root_fd < 0)
		return traced("stat", path, access(path, mode));
	if (vtdiag_root_stat(path, &st))
		return -1;
	if ((mode & X_OK) && !(st.st_mode & 0111)) {
		errno = EACCES;
		return -1;
	}
	return 0;
}

DIR *vtdiag_root_opendir(const char *path)
{
	int fd = vtdiag_root_open(path, O_RDONLY | O_DIRECTORY);
	DIR *dir;

	if (fd < 0)
		return NULL;
	dir = fdopendir(fd);
	if (!dir)
		close(fd);
	return dir;
}
