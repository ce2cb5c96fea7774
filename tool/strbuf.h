/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A growing string, so that CPU lists and advice texts of machines with
 * many CPUs are never silently truncated.
 */
#ifndef VTDIAG_STRBUF_H
#define VTDIAG_STRBUF_H

#include <stddef.h>

#include "util.h"

struct strbuf {
	char *text;		/* always NUL-terminated once anything was added */
	size_t len;
	size_t size;
	int oom;		/* an allocation failed; text holds what fitted */
};

#define STRBUF_INIT { 0 }

__printf(2, 3)
void strbuf_addf(struct strbuf *sb, const char *fmt, ...);
void strbuf_adds(struct strbuf *sb, const char *str);
/* The text so far ("" when empty); valid until the next add. */
const char *strbuf_str(const struct strbuf *sb);
/* Hands the text to the caller (who frees it) and empties @sb. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);

#endif /* VTDIAG_STRBUF_H */
