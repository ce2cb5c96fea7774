// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static int strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;
	char *bigger;

	if (want <= sb->size)
		return 0;
	if (want < 2 * sb->size)
		want = 2 * sb->size;
	if (want < 64)
		want = 64;
	bigger = realloc(sb->text, want);
	if (!bigger) {
		sb->oom = 1;
		return -1;
	}
	sb->text = bigger;
	sb->size = want;
	return 0;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int needed;

	va_start(ap, fmt);
	needed = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (needed < 0 || strbuf_grow(sb, needed))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->text + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
	sb->len += needed;
}

void strbuf_adds(struct strbuf *sb, const char *str)
{
	size_t n = strlen(str);

	if (strbuf_grow(sb, n))
		return;
	memcpy(sb->text + sb->len, str, n + 1);
	sb->len += n;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->text ? sb->text : "";
}

char *strbuf_detach(struct strbuf *sb)
{
	char *text = sb->text ? sb->text : strdup("");

	sb->text = NULL;
	sb->len = 0;
	sb->size = 0;
	return text;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->text);
	sb->text = NULL;
	sb->len = 0;
	sb->size = 0;
}
