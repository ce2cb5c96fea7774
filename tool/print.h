/* SPDX-License-Identifier: GPL-2.0 */
/* The printing layer: the same report and advice as text or as JSON. */
#ifndef VTDIAG_PRINT_H
#define VTDIAG_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"
#include "report.h"

struct json_object;

/* Check lines, summary and numbered steps; ANSI colours when @color. */
void vtdiag_print_text(FILE *out, const struct vtdiag_report *report,
		       const struct vtdiag_advice_list *advice, bool color);

/* The --json object (DESIGN.md "Tool contract"); NULL when out of memory. */
struct json_object *vtdiag_report_json(const struct vtdiag_report *report,
				       const struct vtdiag_advice_list *advice);
/* Prints it as one pretty-printed object; returns 0 or -ENOMEM. */
int vtdiag_print_json(FILE *out, const struct vtdiag_report *report,
		      const struct vtdiag_advice_list *advice);

/*
 * Writes @text to @out, starting at @column, wrapped at @width with
 * @indent spaces after each break. A `command` in backquotes goes on a
 * line of its own, indented further, without the quotes.
 */
void vtdiag_print_wrapped(FILE *out, const char *text, size_t column,
			  size_t indent, size_t width);

#endif /* VTDIAG_PRINT_H */
