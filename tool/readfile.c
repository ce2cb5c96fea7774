// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "readfile.h"
#include "root.h"
#include "strbuf.h"

/* /dev/kmsg returns one record per read, at most this long. */
#define KMSG_RECORD_MAX		8192

void vtdiag_first_line(char *text)
{
	size_t len = strcspn(text, "\n");

	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' ||
		       text[len - 1] == '\r'))
		len--;
	text[len] = '\0';
}

int vtdiag_read_first_line(int dirfd, const char *name, char *buf,
			   size_t size)
{
	int fd = dirfd == AT_FDCWD ? vtdiag_root_open(name, O_RDONLY) :
		 openat(dirfd, name, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	buf[0] = '\0';
	if (fd < 0)
		return -errno;
	do
		got = read(fd, buf, size - 1);
	while (got < 0 && errno == EINTR);
	close(fd);
	if (got <= 0)
		return 0;
	buf[got] = '\0';
	vtdiag_first_line(buf);
	return 0;
}

bool vtdiag_read_small_file(const char *path, char *buf, size_t size)
{
	int fd = vtdiag_root_open(path, O_RDONLY);
	size_t len = 0;
	ssize_t got;
	char *last;

	if (fd < 0)
		return false;
	while (len + 1 < size) {
		got = read(fd, buf + len, size - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += got;
	}
	close(fd);
	buf[len] = '\0';
	if (len + 1 == size) {
		last = strrchr(buf, '\n');
		*(last ? last + 1 : buf) = '\0';
	}
	return true;
}

char *vtdiag_read_whole_file(const char *path, size_t limit)
{
	size_t len = 0, size = 16384;
	char *buf = malloc(size), *bigger;
	int fd = vtdiag_root_open(path, O_RDONLY);
	ssize_t got;

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		if (len + 1 == size) {
			if (size >= limit)
				break;
			bigger = realloc(buf, size * 2);
			if (!bigger)
				break;
			buf = bigger;
			size *= 2;
		}
		got = read(fd, buf + len, size - 1 - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			buf = NULL;
			break;
		}
		if (got == 0)
			break;
		len += got;
	}
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
}

int vtdiag_read_kmsg(struct strbuf *raw, const char *path, size_t limit)
{
	char *record = malloc(KMSG_RECORD_MAX + 1);
	struct stat st;
	ssize_t len;
	int fd, err = 0;

	if (!record)
		return -ENOMEM;
	if (!vtdiag_root_is_host()) {
		if (vtdiag_root_stat(path, &st))
			err = -errno;
		else if (!S_ISREG(st.st_mode))
			err = -ENODEV;
	}
	if (err) {
		free(record);
		return err;
	}
	fd = vtdiag_root_open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		err = -errno;
		free(record);
		return err;
	}
	while (raw->len < limit) {
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

int vtdiag_cpuinfo_flags(const char *path, const struct vtdiag_flag_word *words,
			 size_t nr_words)
{
	char buf[8192], *line, *end, *word, *save;
	int flags = 0;
	size_t i;

	if (!path || !vtdiag_read_small_file(path, buf, sizeof(buf)))
		return -1;
	for (line = buf; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (strncmp(line, "flags", 5) || !strchr(line, ':'))
			continue;
		for (word = strtok_r(strchr(line, ':') + 1, " \t", &save); word;
		     word = strtok_r(NULL, " \t", &save))
			for (i = 0; i < nr_words; i++)
				if (!strcmp(word, words[i].word))
					flags |= words[i].bit;
		return flags;
	}
	return -1;
}
