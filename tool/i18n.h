/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation of what a person reads (gettext, text domain "vtdiag"):
 * _() translates now, N_() marks a string in a table for xgettext and
 * leaves it as is, to be translated with _() where it is printed.
 *
 * Machine output stays English whatever the locale: --json (keys, ids,
 * states, and the advice texts too, so that a consumer sees the same
 * bytes on every machine), --watch --json, and any other format meant
 * for programs. vtdiag_i18n_machine_output() switches message
 * translation off for the rest of the run, before anything is probed:
 * texts the probes store (the fallback's "unavailable" reasons) then
 * stay English as well.
 */
#ifndef VTDIAG_I18N_H
#define VTDIAG_I18N_H

#include <stddef.h>
#include <libintl.h>

#define VTDIAG_TEXTDOMAIN	"vtdiag"

#define _(msgid)	vtdiag_gettext(msgid)
#define N_(msgid)	msgid
/* One of @singular or @plural, by @n, as the language counts. */
#define P_(singular, plural, n)	vtdiag_ngettext(singular, plural, n)

/* dgettext()/dngettext() in our domain, bound on first use. */
/* format_arg: printf checks the format of _("...") as it does for gettext. */
const char *vtdiag_gettext(const char *msgid) __attribute__((format_arg(1)));
const char *vtdiag_ngettext(const char *singular, const char *plural,
			    unsigned long n)
	__attribute__((format_arg(1), format_arg(2)));

/*
 * Nothing to set up at start: the user's LC_MESSAGES (and the catalogue
 * it names) is read on the first translated message, none after
 * vtdiag_i18n_machine_output(); LC_CTYPE on the first translation or
 * vtdiag_i18n_ctype(), which whatever measures or decodes multibyte text
 * calls first.
 */
void vtdiag_i18n_ctype(void);
/* English from here on (LC_MESSAGES "C"): for output read by programs. */
void vtdiag_i18n_machine_output(void);
/* The catalogue directory in use (once a message was translated). */
const char *vtdiag_i18n_localedir(void);

/* Display columns of @len bytes of @text (wide characters count 2). */
size_t vtdiag_display_width(const char *text, size_t len);

#endif /* VTDIAG_I18N_H */
