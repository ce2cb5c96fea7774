// SPDX-License-Identifier: GPL-2.0
/* The human report: one line per check, a summary, numbered steps. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "vtdiag/decode.h"
#include "print.h"

#define TEXT_WIDTH	78
#define TITLE_WIDTH	21
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

static void print_line(FILE *out, enum vtdiag_status status,
		       const char *title, const char *detail, bool color)
{
	if (color)
		fprintf(out, "%s%s\033[0m", status_color(status),
			vtdiag_status_name(status));
	else
		fputs(vtdiag_status_name(status), out);
	fprintf(out, "  %-*s  ", TITLE_WIDTH, title);
	vtdiag_print_wrapped(out, detail, DETAIL_COLUMN, DETAIL_COLUMN,
			     TEXT_WIDTH);
}

static void print_check(FILE *out, const struct vtdiag_check *check,
			const struct vtdiag_report *report, bool color)
{
	struct strbuf detail = STRBUF_INIT;
	enum vtdiag_status status = check->run(report, &detail);

	print_line(out, status, check->title, strbuf_str(&detail), color);
	strbuf_release(&detail);
}

/*
 * A fallback report first says what it lacks, one WARN line each; the
 * live bit ("active") is told on the "Virtualization in use" line.
 */
static void print_unavailable(FILE *out, const struct vtdiag_report *report,
			      bool color)
{
	static const struct {
		const char *what, *title, *prefix;
	} lines[] = {
		{ "module",	"Data source",		"fallback: vtdiag module " },
		{ "cpuid",	"CPUID",		"" },
		{ "msr",	"Firmware registers",	"unknown: " },
	};
	struct strbuf detail = STRBUF_INIT;
	const char *why;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++) {
		why = vtdiag_report_unavailable(report, lines[i].what);
		if (!why)
			continue;
		strbuf_addf(&detail, "%s%s", lines[i].prefix, why);
		print_line(out, VTDIAG_WARN, lines[i].title, strbuf_str(&detail),
			   color);
		strbuf_release(&detail);
	}
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

void vtdiag_print_advice_lines(FILE *out,
			       const struct vtdiag_advice_list *advice)
{
	size_t i;

	for (i = 0; i < advice->count; i++)
		fprintf(out, "vtdiag: %s\n", advice->items[i].text);
}

void vtdiag_print_text(FILE *out, const struct vtdiag_report *report,
		       const struct vtdiag_advice_list *advice, bool color)
{
	enum vtdiag_exit exit_status = vtdiag_exit_status(report);
	size_t i;

	print_unavailable(out, report, color);
	for (i = 0; i < vtdiag_nr_checks; i++)
		print_check(out, &vtdiag_checks[i], report, color);
	fputc('\n', out);
	vtdiag_print_wrapped(out, vtdiag_exit_summary(exit_status), 0, 0,
			     TEXT_WIDTH);
	print_steps(out, advice, exit_status, color);
}

/* Where the new state starts on an event line, after time and event. */
#define EVENT_WIDTH	32

static const char *module_state_verb(const struct vtdiag_event_info *ev)
{
	if (!ev->has_module_state)
		return "changed";
	switch (ev->module_state) {
	case VTDIAG_KVM_LOADED:
		return "loaded";
	case VTDIAG_KVM_BUILTIN:
		return "built in";
	case VTDIAG_KVM_ABSENT:
		return "unloaded";
	default:
		return "in an unknown state";
	}
}

static void add_event_cpu(struct strbuf *sb, const struct vtdiag_event_info *ev)
{
	if (ev->has_cpu)
		strbuf_addf(sb, "CPU %u", ev->cpu);
	else
		strbuf_adds(sb, "a CPU");
}

/* What happened, in words. */
static void describe_event(struct strbuf *sb, const struct vtdiag_event_info *ev)
{
	switch (ev->type) {
	case VTDIAG_EVENT_KVM:
		strbuf_addf(sb, "kvm module %s %s",
			    ev->module[0] ? ev->module : "(unnamed)",
			    module_state_verb(ev));
		return;
	case VTDIAG_EVENT_CPU_ONLINE:
		add_event_cpu(sb, ev);
		strbuf_adds(sb, " online");
		return;
	case VTDIAG_EVENT_CPU_OFFLINE:
		add_event_cpu(sb, ev);
		strbuf_adds(sb, " offline");
		return;
	case VTDIAG_EVENT_RESAMPLE:
		add_event_cpu(sb, ev);
		strbuf_adds(sb, " re-sampled");
		return;
	case VTDIAG_EVENT_ACTIVE:
		strbuf_adds(sb, "virtualization in use changed");
		if (ev->has_cpu)
			strbuf_addf(sb, " on CPU %u", ev->cpu);
		return;
	case VTDIAG_EVENT_VERDICT:
		strbuf_addf(sb, "verdict changed -> %s",
			    vtdiag_state_name(ev->host.verdict));
		return;
	default:
		/* A newer module's event: say what there is, drop nothing. */
		strbuf_addf(sb, "event %u", ev->type);
		if (ev->has_cpu)
			strbuf_addf(sb, " on CPU %u", ev->cpu);
		if (ev->module[0])
			strbuf_addf(sb, " module %s", ev->module);
	}
}

/* The state after the event: "verdict enabled; CPUs: 2 online, 0 active; ..." */
static void describe_event_state(struct strbuf *sb,
				 const struct vtdiag_host *host)
{
	strbuf_addf(sb, "verdict %s; CPUs: %u online",
		    vtdiag_state_name(host->verdict), host->cpus_online);
	if (host->has_cpus_active)
		strbuf_addf(sb, ", %u active", host->cpus_active);
	if (host->has_kvm_core)
		strbuf_addf(sb, "; kvm %s",
			    vtdiag_kvm_state_name(host->kvm_core));
	if (host->has_kvm_vendor && host->kvm_vendor_module[0])
		strbuf_addf(sb, "%s %s %s", host->has_kvm_core ? "," : ";",
			    host->kvm_vendor_module,
			    vtdiag_kvm_state_name(host->kvm_vendor));
}

void vtdiag_format_event(struct strbuf *sb, const struct vtdiag_event_info *ev,
			 const struct timespec *when)
{
	struct strbuf what = STRBUF_INIT;
	char stamp[32] = "";
	struct tm tm;

	if (localtime_r(&when->tv_sec, &tm))
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	strbuf_addf(sb, "%s.%03ld  ", stamp, when->tv_nsec / 1000000);
	describe_event(&what, ev);
	strbuf_addf(sb, "%-*s  ", EVENT_WIDTH, strbuf_str(&what));
	if (what.oom)
		sb->oom = 1;
	strbuf_release(&what);
	describe_event_state(sb, &ev->host);
}

int vtdiag_print_event_text(FILE *out, const struct vtdiag_event_info *ev,
			    const struct timespec *when)
{
	struct strbuf line = STRBUF_INIT;
	int err = 0;

	vtdiag_format_event(&line, ev, when);
	if (line.oom)
		err = -ENOMEM;
	else
		fprintf(out, "%s\n", strbuf_str(&line));
	strbuf_release(&line);
	if (fflush(out) || ferror(out))
		err = errno ? -errno : -EIO;
	return err;
}
