/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small files read with open and read, not stdio: one system call less a
 * file and no buffer, which counts on a network or 9p root.
 */
#ifndef VTDIAG_READFILE_H
#define VTDIAG_READFILE_H

#include <stdbool.h>
#include <stddef.h>

/* Cuts @text at its first newline, without the blanks before it. */
void vtdiag_first_line(char *text);

/*
 * The first line of @name (relative to @dirfd: a directory descriptor, or
 * AT_FDCWD for an absolute @name under the root, root.h) without trailing blanks into @buf; "" when unreadable.
 * Returns 0, or -errno when it cannot be opened.
 */
int vtdiag_read_first_line(int dirfd, const char *name, char *buf,
			   size_t size);

/*
 * The whole lines among the first @size - 1 bytes of @path (under the root), NUL-terminated
 * (a line cut by the end of @buf is left out); false when unreadable.
 */
bool vtdiag_read_small_file(const char *path, char *buf, size_t size);

/*
 * The whole of @path (under the root), NUL-terminated, in a buffer the
 * caller frees; at most about @limit bytes are kept. NULL when unreadable.
 */
char *vtdiag_read_whole_file(const char *path, size_t limit);

/* A word of /proc/cpuinfo's "flags" line and the bit it stands for. */
struct vtdiag_flag_word {
	const char *word;
	unsigned int bit;
};

/*
 * The bits of @words found on the first "flags" line of @path (under the
 * root): the first CPU's block, which is all the kernel generates for a
 * read of this size. -1 when @path is NULL, unreadable or has no such line.
 */
int vtdiag_cpuinfo_flags(const char *path, const struct vtdiag_flag_word *words,
			 size_t nr_words);

struct strbuf;

/*
 * All of the kernel log there is now (@path: /dev/kmsg under the root),
 * appended to @raw, one "PRI,SEQ,USEC,FLAGS;TEXT" record a line, at most
 * about @limit bytes: one record per read(), O_NONBLOCK until EAGAIN; a
 * record overwritten meanwhile (EPIPE) is skipped. In a captured tree
 * only a regular file is read (a device node there would be this
 * machine's log: -ENODEV). Returns 0 or -errno; @raw may hold a part.
 */
int vtdiag_read_kmsg(struct strbuf *raw, const char *path, size_t limit);

#endif /* VTDIAG_READFILE_H */
