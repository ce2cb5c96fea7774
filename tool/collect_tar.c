// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the support bundle: a POSIX ustar archive through zlib's gzip
 * encoder, into a temporary file beside the target that is renamed into
 * place only when complete, so no reader ever sees half a bundle and a
 * failure (or SIGINT, SIGTERM, SIGHUP) leaves nothing behind.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include <zlib.h>

#include "collect.h"
#include "util.h"

#define TAR_BLOCK	512
/* tar pads the archive to whole records of 20 blocks. */
#define TAR_RECORD	(20 * TAR_BLOCK)
#define GZ_CHUNK	65536

struct gz_out {
	int fd;
	z_stream zs;
	unsigned char buf[GZ_CHUNK];
	unsigned long long written;	/* uncompressed bytes so far */
	int err;			/* first -errno */
};

static int write_all(int fd, const unsigned char *data, size_t len)
{
	ssize_t done;

	while (len) {
		done = write(fd, data, len);
		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return -errno;
		if (!done)
			return -EIO;
		data += done;
		len -= done;
	}
	return 0;
}

/* Feeds @len bytes to the compressor (@flush: Z_NO_FLUSH or Z_FINISH). */
static void gz_feed(struct gz_out *gz, const void *data, size_t len, int flush)
{
	size_t have;
	int ret;

	if (gz->err)
		return;
	gz->zs.next_in = (unsigned char *)data;
	gz->zs.avail_in = len;
	gz->written += len;
	do {
		gz->zs.next_out = gz->buf;
		gz->zs.avail_out = sizeof(gz->buf);
		ret = deflate(&gz->zs, flush);
		if (ret == Z_STREAM_ERROR) {
			gz->err = -EIO;
			return;
		}
		have = sizeof(gz->buf) - gz->zs.avail_out;
		if (have)
			gz->err = write_all(gz->fd, gz->buf, have);
	} while (!gz->err && (gz->zs.avail_out == 0 ||
			      (flush == Z_FINISH && ret != Z_STREAM_END)));
}

/* An octal number field: zero-padded, NUL-terminated. */
static void tar_octal(unsigned char *field, size_t size,
		      unsigned long long value)
{
	char text[32];

	snprintf(text, sizeof(text), "%0*llo", (int)size - 1, value);
	memcpy(field, text, size - 1);
	field[size - 1] = '\0';
}

static void tar_header(unsigned char header[TAR_BLOCK], const char *name,
		       size_t size, char type, unsigned int mode, time_t mtime)
{
	unsigned int sum = 0;
	char text[16];
	size_t i;

	memset(header, 0, TAR_BLOCK);
	/* Callers keep names under 100 bytes: no prefix field needed. */
	memcpy(header, name, strnlen(name, 99));
	tar_octal(header + 100, 8, mode);
	tar_octal(header + 108, 8, 0);			/* uid */
	tar_octal(header + 116, 8, 0);			/* gid */
	tar_octal(header + 124, 12, size);
	tar_octal(header + 136, 12, mtime > 0 ? (unsigned long long)mtime : 0);
	header[156] = type;
	memcpy(header + 257, "ustar", 6);		/* magic, NUL */
	memcpy(header + 263, "00", 2);			/* version */
	memcpy(header + 265, "root", 4);		/* uname */
	memcpy(header + 297, "root", 4);		/* gname */
	memset(header + 148, ' ', 8);			/* checksum, as spaces */
	for (i = 0; i < TAR_BLOCK; i++)
		sum += header[i];
	snprintf(text, sizeof(text), "%06o", sum);
	memcpy(header + 148, text, 6);
	header[154] = '\0';
	header[155] = ' ';
}

int vtdiag_bundle_write_targz(int fd, const struct vtdiag_bundle *bundle,
			      const char *top, time_t mtime)
{
	static const unsigned char zeros[TAR_RECORD];
	unsigned char header[TAR_BLOCK];
	char name[128];
	struct gz_out *gz;
	size_t i, pad;
	int err;

	if (strlen(top) > 64)
		return -ENAMETOOLONG;
	gz = calloc(1, sizeof(*gz));
	if (!gz)
		return -ENOMEM;
	gz->fd = fd;
	/* 15 + 16: a gzip wrapper around the deflate stream. */
	if (deflateInit2(&gz->zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK) {
		free(gz);
		return -ENOMEM;
	}
	snprintf(name, sizeof(name), "%s/", top);
	tar_header(header, name, 0, '5', 0755, mtime);
	gz_feed(gz, header, sizeof(header), Z_NO_FLUSH);
	for (i = 0; i < bundle->nr_files; i++) {
		const struct vtdiag_bundle_file *file = &bundle->files[i];

		snprintf(name, sizeof(name), "%s/%.30s", top, file->name);
		tar_header(header, name, file->len, '0', 0644, mtime);
		gz_feed(gz, header, sizeof(header), Z_NO_FLUSH);
		gz_feed(gz, file->data, file->len, Z_NO_FLUSH);
		pad = (TAR_BLOCK - file->len % TAR_BLOCK) % TAR_BLOCK;
		gz_feed(gz, zeros, pad, Z_NO_FLUSH);
	}
	/* Two zero blocks end the archive; then up to a whole record. */
	gz_feed(gz, zeros, 2 * TAR_BLOCK, Z_NO_FLUSH);
	pad = (TAR_RECORD - gz->written % TAR_RECORD) % TAR_RECORD;
	gz_feed(gz, zeros, pad, Z_FINISH);
	err = gz->err;
	deflateEnd(&gz->zs);
	free(gz);
	return err;
}

/* The temporary file, removed when a signal ends us before the rename. */
static char pending_tmp[PATH_MAX + 16];
static volatile sig_atomic_t pending_armed;

static void remove_pending(int sig)
{
	if (pending_armed)
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

static void catch_signals(struct sigaction *saved)
{
	struct sigaction action;
	size_t i;

	memset(&action, 0, sizeof(action));
	action.sa_handler = remove_pending;
	sigemptyset(&action.sa_mask);
	for (i = 0; i < ARRAY_SIZE(cleanup_signals); i++) {
		sigaction(cleanup_signals[i], NULL, &saved[i]);
		/* An ignored signal (nohup) stays ignored. */
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &action, NULL);
	}
}

static void restore_signals(const struct sigaction *saved)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		sigaction(cleanup_signals[i], &saved[i], NULL);
}

/* @tmp becomes @path, unless @path exists by now. */
static int install_file(const char *tmp, const char *path)
{
	if (!renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE))
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
		return -errno;
	/* No RENAME_NOREPLACE here (e.g. NFS): a hard link refuses as well. */
	if (!link(tmp, path)) {
		unlink(tmp);
		return 0;
	}
	if (errno != EPERM && errno != EOPNOTSUPP && errno != ENOSYS)
		return -errno;
	/* Neither (e.g. vfat): it did not exist a moment ago. */
	if (!access(path, F_OK))
		return -EEXIST;
	return rename(tmp, path) ? -errno : 0;
}

/* The parent directory of @path, for messages: "." for "x.tar.gz". */
static void parent_dir(const char *path, char *dir, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		snprintf(dir, size, ".");
	else if (slash == path)
		snprintf(dir, size, "/");
	else
		snprintf(dir, size, "%.*s", (int)(slash - path), path);
}

static int write_file(const char *path, const struct vtdiag_bundle *bundle,
		      const char *top, time_t now)
{
	struct sigaction saved[ARRAY_SIZE(cleanup_signals)];
	sigset_t block, old;
	char dir[PATH_MAX];
	struct stat st;
	int fd, err;

	if (!lstat(path, &st)) {
		if (S_ISDIR(st.st_mode))
			fprintf(stderr, "vtdiag: %s is a directory: give the bundle's file name, e.g. %s/vtdiag.tar.gz\n",
				path, path);
		else
			fprintf(stderr, "vtdiag: %s already exists: not overwriting it; remove it or choose another name\n",
				path);
		return -EEXIST;
	}
	if (snprintf(pending_tmp, sizeof(pending_tmp), "%s.tmpXXXXXX", path) >=
	    (int)sizeof(pending_tmp)) {
		fprintf(stderr, "vtdiag: cannot write %s: %s\n", path,
			strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	/* The file and the handler that would remove it come together. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigprocmask(SIG_BLOCK, &block, &old);
	fd = mkostemp(pending_tmp, O_CLOEXEC);
	err = fd < 0 ? -errno : 0;
	if (!err) {
		pending_armed = 1;
		catch_signals(saved);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (err) {
		parent_dir(path, dir, sizeof(dir));
		fprintf(stderr, "vtdiag: cannot write %s: cannot create a file in %s: %s\n",
			path, dir, strerror(-err));
		return err;
	}
	err = vtdiag_bundle_write_targz(fd, bundle, top, now);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err)
		err = install_file(pending_tmp, path);
	if (err) {
		unlink(pending_tmp);
		if (err == -EEXIST)
			fprintf(stderr, "vtdiag: %s appeared while writing: not overwriting it\n",
				path);
		else
			fprintf(stderr, "vtdiag: cannot write %s: %s\n", path,
				strerror(-err));
	}
	pending_armed = 0;
	restore_signals(saved);
	return err;
}

static void say_result(const char *path, const struct vtdiag_bundle *bundle)
{
	size_t i;

	fprintf(stderr, "vtdiag: support bundle written to %s (%zu files)\n",
		strcmp(path, "-") ? path : "standard output", bundle->nr_files);
	for (i = 0; i < bundle->nr_gaps; i++)
		fprintf(stderr, "vtdiag: left out: %s: %s\n", bundle->gaps[i].what,
			bundle->gaps[i].why);
}

int vtdiag_collect(const char *path, const struct vtdiag_report *report,
		   const char *tool_version)
{
	struct vtdiag_bundle bundle;
	time_t now = time(NULL);
	char top[80];
	int err;

	vtdiag_bundle_top_dir(path, top, sizeof(top));
	err = vtdiag_bundle_gather(&bundle, report, tool_version, now);
	if (err) {
		fprintf(stderr, "vtdiag: cannot gather the support bundle: %s\n",
			strerror(-err));
	} else if (!strcmp(path, "-")) {
		err = vtdiag_bundle_write_targz(STDOUT_FILENO, &bundle, top, now);
		if (err)
			fprintf(stderr, "vtdiag: cannot write the support bundle to standard output: %s\n",
				strerror(-err));
	} else {
		err = write_file(path, &bundle, top, now);
	}
	if (!err)
		say_result(path, &bundle);
	vtdiag_bundle_free(&bundle);
	return err;
}
