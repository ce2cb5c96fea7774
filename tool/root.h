/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one directory every file the tool reads is looked up under: "/"
 * for this machine, or a tree captured from another one (--root DIR,
 * VTDIAG_ROOT; scripts/capture-tree). Paths stay absolute in the code
 * ("/sys/module"); these functions resolve them under the root, with
 * absolute symlinks and ".." kept inside it (openat2 RESOLVE_IN_ROOT), so
 * a captured tree never makes the tool read this machine's files.
 *
 * In a captured tree nothing of this machine is asked: not the vtdiag
 * module, not the CPUID instruction, no helper program
 * (vtdiag_root_is_host() tells the probes).
 */
#ifndef VTDIAG_ROOT_H
#define VTDIAG_ROOT_H

#include <stdbool.h>
#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

/*
 * Makes @dir the root (NULL or "/": this machine). Returns 0, or -errno
 * when it is no directory we can open.
 */
int vtdiag_root_set(const char *dir);
/* The root's directory descriptor (AT_FDCWD-like for "/"). */
int vtdiag_root_fd(void);
/* The root is this machine's "/". */
bool vtdiag_root_is_host(void);
/* The root as given, for messages. */
const char *vtdiag_root_name(void);

/*
 * With @out set, every lookup below is told there, one line each:
 * "vtdiag: looked up: file|dir|stat|lstat PATH -> ok|ENOENT|...".
 * --list-reads; scripts/capture-tree copies what it names.
 */
void vtdiag_root_trace(FILE *out);

/* open(2), stat(2), access(2), opendir(3) of absolute @path under the root. */
int vtdiag_root_open(const char *path, int flags);
int vtdiag_root_stat(const char *path, struct stat *st);
int vtdiag_root_lstat(const char *path, struct stat *st);
int vtdiag_root_access(const char *path, int mode);
DIR *vtdiag_root_opendir(const char *path);

#endif /* VTDIAG_ROOT_H */
