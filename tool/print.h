/* SPDX-License-Identifier: GPL-2.0 */
/* The printing layer: the same report and advice as text or as JSON. */
#ifndef VTDIAG_PRINT_H
#define VTDIAG_PRINT_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "model.h"
#include "report.h"

struct json_object;

/* Check lines, summary and numbered steps; ANSI colours when @color. */
void vtdiag_print_text(FILE *out, const struct vtdiag_report *report,
		       const struct vtdiag_advice_list *advice, bool color);

/* "vtdiag: <text>" per item: the advice when there is no report to show. */
void vtdiag_print_advice_lines(FILE *out,
			       const struct vtdiag_advice_list *advice);

/* The --json object (docs/design.md, "Tool contract"); NULL when out of memory. */
struct json_object *vtdiag_report_json(const struct vtdiag_report *report,
				       const struct vtdiag_advice_list *advice);
/* Prints it as one pretty-printed object; returns 0 or -ENOMEM. */
int vtdiag_print_json(FILE *out, const struct vtdiag_report *report,
		      const struct vtdiag_advice_list *advice);

/*
 * --watch: one line per event, stamped with @when (when it arrived; the
 * module sends no time). Text: local time, what happened, the new state.
 * JSON: one compact object per line, time in RFC 3339 UTC. Both return 0
 * or -errno and flush, so a reader at the end of a pipe sees each event at
 * once.
 */
void vtdiag_format_event(struct strbuf *sb, const struct vtdiag_event_info *ev,
			 const struct timespec *when);
int vtdiag_print_event_text(FILE *out, const struct vtdiag_event_info *ev,
			    const struct timespec *when);
struct json_object *vtdiag_event_json(const struct vtdiag_event_info *ev,
				      const struct timespec *when);
int vtdiag_print_event_json(FILE *out, const struct vtdiag_event_info *ev,
			    const struct timespec *when);

/*
 * Writes @text to @out, starting at @column, wrapped at @width with
 * @indent spaces after each break. A `command` in backquotes goes on a
 * line of its own, indented further, without the quotes.
 */
void vtdiag_print_wrapped(FILE *out, const char *text, size_t column,
			  size_t indent, size_t width);

#endif /* VTDIAG_PRINT_H */
