// SPDX-License-Identifier: GPL-2.0
/* The message catalogue: where it is, and switching it on or off. */
#include <dirent.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <sys/stat.h>

#include "i18n.h"

/* $(PREFIX)/share/locale, from the Makefile. */
#ifndef VTDIAG_LOCALEDIR
#define VTDIAG_LOCALEDIR "/usr/local/share/locale"
#endif

/* What `make` leaves in tool/locale/ beside the catalogues it compiled. */
#define BUILD_TREE_MARKER	".vtdiag-build-tree"

static char build_localedir[PATH_MAX];
static const char *localedir = VTDIAG_LOCALEDIR;

/* @path is owned by @owner (or root) and only they may write to it. */
static bool trusted_as(const char *path, uid_t owner, bool dir)
{
	struct stat st;

	if (lstat(path, &st))
		return false;
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))
		return false;
	return (st.st_uid == owner || st.st_uid == 0) &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/*
 * @dir and all below it (LANG/LC_MESSAGES/vtdiag.mo: @depth levels) are
 * trusted_as() @owner: a catalogue anywhere under it could be the one
 * gettext picks, by the caller's LANGUAGE.
 */
static bool tree_trusted_as(const char *dir, uid_t owner, int depth)
{
	char path[PATH_MAX];
	struct dirent *entry;
	bool trusted = true;
	struct stat st;
	DIR *listing;

	if (!trusted_as(dir, owner, true))
		return false;
	listing = opendir(dir);
	if (!listing)
		return false;
	while (trusted && (entry = readdir(listing))) {
		if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, ".."))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     entry->d_name) >= sizeof(path) ||
		    lstat(path, &st))
			trusted = false;
		else if (S_ISDIR(st.st_mode))
			trusted = depth > 0 && tree_trusted_as(path, owner, depth - 1);
		else
			trusted = trusted_as(path, owner, false);
	}
	closedir(listing);
	return trusted;
}

/*
 * The catalogues of the build tree, when this executable is the one
 * `make` built in tool/: tool/locale/ next to it (found through
 * /proc/self/exe, not argv[0], which the caller chooses). A catalogue is
 * not plain data: its translations are printf formats. So the directory
 * is used only when it carries the marker `make` writes and when it and
 * everything in it belong to the owner of the executable (or root) with
 * no group or other write permission (`make` sets those modes whatever
 * the umask): no one else can plant a catalogue there. An installed
 * vtdiag has no such directory beside it (in /usr/bin, "locale" is
 * locale(1), a file) and always uses the compiled-in
 * $(PREFIX)/share/locale.
 */
static const char *find_build_localedir(void)
{
	char exe[PATH_MAX], marker[PATH_MAX + sizeof(BUILD_TREE_MARKER)];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;
	char *slash;

	if (len <= 0)
		return NULL;
	exe[len] = '\0';
	if (stat(exe, &st))
		return NULL;
	slash = strrchr(exe, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	if ((size_t)snprintf(build_localedir, sizeof(build_localedir),
			     "%s/locale", exe) >= sizeof(build_localedir))
		return NULL;
	snprintf(marker, sizeof(marker), "%s/%s", build_localedir,
		 BUILD_TREE_MARKER);
	if (!trusted_as(marker, st.st_uid, false) ||
	    !tree_trusted_as(build_localedir, st.st_uid, 2))
		return NULL;
	return build_localedir;
}

/*
 * The locale is set up on first use, category by category, not at start:
 * setlocale() reads locale.alias, the LC_CTYPE tables and gconv's cache
 * from disk, which is most of what a --json run would otherwise spend on
 * the file system. A run that prints only for programs never needs it.
 */
static bool ctype_set;

/*
 * Whether the message catalogue is decided: bound, or not needed (a "C"
 * locale, or output for programs) so that nothing is looked up for it.
 */
static bool bound;

/*
 * VTDIAG_LOCALEDIR in the environment comes first (a test runs a copy
 * installed into a DESTDIR with it): whoever sets this process's
 * environment controls it anyway (LD_PRELOAD), and secure_getenv() ignores
 * it in a setuid or file-capability run.
 */
static void bind_catalogue(void)
{
	const char *dir = secure_getenv("VTDIAG_LOCALEDIR");

	if (!dir || !dir[0])
		dir = find_build_localedir();
	if (dir)
		localedir = dir;
	bindtextdomain(VTDIAG_TEXTDOMAIN, localedir);
}

/*
 * "C", "POSIX", or "C.<codeset>" without LANGUAGE: no language to
 * translate into. gettext would still search catalogue directories (and
 * locale.alias) for "C.UTF-8" on the first message; "C" it knows.
 */
static bool untranslated(const char *messages)
{
	const char *language = getenv("LANGUAGE");

	if (!messages || !strcmp(messages, "C") || !strcmp(messages, "POSIX"))
		return true;
	return !strncmp(messages, "C.", 2) && (!language || !language[0]);
}

void vtdiag_i18n_ctype(void)
{
	/* Not LC_ALL: numbers, collation and times stay "C" for parsers. */
	if (!ctype_set)
		setlocale(LC_CTYPE, "");
	ctype_set = true;
}

/* The user's LC_MESSAGES and, when it names a language, the catalogue. */
static void decide_catalogue(void)
{
	const char *messages;

	bound = true;
	/* gettext converts translations to the codeset of LC_CTYPE. */
	vtdiag_i18n_ctype();
	messages = setlocale(LC_MESSAGES, "");
	/*
	 * A static glibc (tool/vtdiag is linked statically) carries only the
	 * locale categories the program reads: gettext needs LC_MESSAGES set
	 * but reads nothing from it, so without this use of it setlocale()
	 * above would fail and every message stay English.
	 */
	(void)nl_langinfo(YESEXPR);
	if (untranslated(messages))
		setlocale(LC_MESSAGES, "C");
	else
		bind_catalogue();
}

const char *vtdiag_gettext(const char *msgid)
{
	if (!bound)
		decide_catalogue();
	return dgettext(VTDIAG_TEXTDOMAIN, msgid);
}

const char *vtdiag_ngettext(const char *singular, const char *plural,
			    unsigned long n)
{
	if (!bound)
		decide_catalogue();
	return dngettext(VTDIAG_TEXTDOMAIN, singular, plural, n);
}

void vtdiag_i18n_machine_output(void)
{
	/* gettext ignores LANGUAGE too once LC_MESSAGES is "C". */
	setlocale(LC_MESSAGES, "C");
	bound = true;
}

const char *vtdiag_i18n_localedir(void)
{
	return localedir;
}

size_t vtdiag_display_width(const char *text, size_t len)
{
	mbstate_t state;
	size_t width = 0, used;
	wchar_t wc;
	int cols;

	vtdiag_i18n_ctype();
	memset(&state, 0, sizeof(state));
	while (len) {
		used = mbrtowc(&wc, text, len, &state);
		if (used == (size_t)-1 || used == (size_t)-2 || used == 0) {
			/* Not a character here (or "C"): one column a byte. */
			memset(&state, 0, sizeof(state));
			used = 1;
			cols = 1;
		} else {
			cols = wcwidth(wc);
			if (cols < 0)
				cols = 1;
		}
		width += cols;
		text += used;
		len -= used;
	}
	return width;
}
