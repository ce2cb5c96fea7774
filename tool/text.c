// SPDX-License-Identifier: GPL-2.0
/* The human report: one line per check, a summary, numbered steps. */
#include <string.h>

#include "print.h"

#define TEXT_WIDTH	78
#define TITLE_WIDTH	19
/* "FAIL  " + title + "  ": where the detail of a check line starts. */
#define DETAIL_COLUMN	(4 + 2 + TITLE_WIDTH + 2)
#define STEP_INDENT	5
/* Commands stand out by this much more than the text around them. */
#define COMMAND_INDENT	4

static const char *status_color(enum vtdiag_status status)
{
	switch (status) {
	case VTDIAG_PASS:
		return "\033[32m";	/* green */
	case VTDIAG_WARN:
		return "\033[33m";	/* yellow */
	default:
		return "\033[1;31m";	/* bold red */
	}
}

/* Where the wrapper stands on the current output line. */
struct wrap {
	FILE *out;
	size_t column;
	size_t indent;
	size_t width;
	bool fresh;		/* nothing but indentation on this line yet */
	bool owe_indent;	/* a line was ended; indent before the next word */
};

static void wrap_break(struct wrap *w)
{
	fputc('\n', w->out);
	w->column = 0;
	w->fresh = true;
	w->owe_indent = true;
}

static void wrap_word(struct wrap *w, const char *word, size_t len, size_t gap)
{
	/* Break only between words; a long path stays whole. */
	if (!w->fresh && w->column + gap + len > w->width)
		wrap_break(w);
	if (w->owe_indent) {
		fprintf(w->out, "%*s", (int)w->indent, "");
		w->column = w->indent;
		w->owe_indent = false;
	} else if (!w->fresh) {
		fprintf(w->out, "%*s", (int)gap, "");
		w->column += gap;
	}
	fwrite(word, 1, len, w->out);
	w->column += len;
	w->fresh = false;
}

/* A `command` gets a line of its own, so it can be copied whole. */
static void wrap_command(struct wrap *w, const char *command, size_t len)
{
	size_t column = w->indent + COMMAND_INDENT;

	if (!w->fresh)
		wrap_break(w);
	fprintf(w->out, "%*s", (int)(column > w->column ? column - w->column : 0),
		"");
	fwrite(command, 1, len, w->out);
	wrap_break(w);
}

void vtdiag_print_wrapped(FILE *out, const char *text, size_t column,
			  size_t indent, size_t width)
{
	struct wrap w = {
		.out = out, .column = column, .indent = indent, .width = width,
		.fresh = true,
	};
	const char *close;
	size_t gap, len;

	while (*text) {
		gap = strspn(text, " ");
		text += gap;
		if (!*text)
			break;
		close = *text == '`' ? strchr(text + 1, '`') : NULL;
		if (close) {
			wrap_command(&w, text + 1, close - text - 1);
			text = close + 1;
			/* The sentence's punctuation would start the next line. */
			if (*text && strchr(".,;:", *text))
				text++;
			continue;
		}
		len = strcspn(text, " ");
		wrap_word(&w, text, len, gap);
		text += len;
	}
	if (!w.owe_indent)
		fputc('\n', out);
}

static void print_check(FILE *out, const struct vtdiag_check *check,
			const struct vtdiag_report *report, bool color)
{
	struct strbuf detail = STRBUF_INIT;
	enum vtdiag_status status = check->run(report, &detail);

	if (color)
		fprintf(out, "%s%s\033[0m", status_color(status),
			vtdiag_status_name(status));
	else
		fputs(vtdiag_status_name(status), out);
	fprintf(out, "  %-*s  ", TITLE_WIDTH, check->title);
	vtdiag_print_wrapped(out, strbuf_str(&detail), DETAIL_COLUMN,
			     DETAIL_COLUMN, TEXT_WIDTH);
	strbuf_release(&detail);
}

static void print_steps(FILE *out, const struct vtdiag_advice_list *advice,
			enum vtdiag_exit exit_status, bool color)
{
	/* When KVM already works the advice is informational. */
	const char *heading = exit_status == VTDIAG_EXIT_READY ?
			      "Notes:" : "What to do:";
	size_t i;

	if (!advice->count)
		return;
	fputc('\n', out);
	fprintf(out, color ? "\033[1m%s\033[0m\n" : "%s\n", heading);
	for (i = 0; i < advice->count; i++) {
		fprintf(out, "%3zu. ", i + 1);
		vtdiag_print_wrapped(out, advice->items[i].text, STEP_INDENT,
				     STEP_INDENT, TEXT_WIDTH);
	}
}

void vtdiag_print_text(FILE *out, const struct vtdiag_report *report,
		       const struct vtdiag_advice_list *advice, bool color)
{
	enum vtdiag_exit exit_status = vtdiag_exit_status(report);
	size_t i;

	for (i = 0; i < vtdiag_nr_checks; i++)
		print_check(out, &vtdiag_checks[i], report, color);
	fputc('\n', out);
	vtdiag_print_wrapped(out, vtdiag_exit_summary(exit_status), 0, 0,
			     TEXT_WIDTH);
	print_steps(out, advice, exit_status, color);
}
