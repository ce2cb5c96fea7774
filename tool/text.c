// SPDX-License-Identifier: GPL-2.0
/* The human report: one line per check, a summary, numbered steps. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "vtdiag/decode.h"
#include "cc.h"
#include "i18n.h"
#include "print.h"

#define TEXT_WIDTH	78
#define TITLE_WIDTH	21
/* "FAIL  " + title + "  ": where the detail of a check line starts. */
#define DETAIL_COLUMN	(4 + 2 + TITLE_WIDTH + 2)
#define STEP_INDENT	5
/* Commands stand out by this much more than the text around them. */
#define COMMAND_INDENT	4
/* PASS, WARN, FAIL and their translations take this many columns. */
#define STATUS_WIDTH	4

/*
 * Widths are display columns, not bytes: a translated report has wide
 * (CJK) characters, two columns each, and text without blanks between
 * its words. English is all narrow and breaks only at blanks, as before.
 */

/* @text, then blanks up to @width columns. */
static void put_padded(FILE *out, const char *text, size_t width)
{
	size_t cols = vtdiag_display_width(text, strlen(text));

	fputs(text, out);
	if (cols < width)
		fprintf(out, "%*s", (int)(width - cols), "");
}

/* No line may start with these (closing punctuation)... */
static bool no_break_before(wchar_t wc)
{
	return wc && wcschr(L",.;:!?)]}\u3001\u3002\uff0c\uff1b\uff1a\uff01"
			    L"\uff1f\uff09\u300b\u300d\u300f\u201d\u2019\u2026",
			    wc);
}

/* ...nor end with these (opening punctuation). */
static bool no_break_after(wchar_t wc)
{
	return wc && wcschr(L"([{\uff08\u300a\u300c\u300e\u201c\u2018", wc);
}

/* One character at @text: its bytes, columns and value (a byte if invalid). */
static size_t next_char(const char *text, wchar_t *wc, size_t *cols)
{
	mbstate_t state;
	size_t used;
	int width;

	vtdiag_i18n_ctype();
	memset(&state, 0, sizeof(state));
	used = mbrtowc(wc, text, strnlen(text, MB_CUR_MAX), &state);
	if (used == (size_t)-1 || used == (size_t)-2 || used == 0) {
		*wc = (unsigned char)*text;
		*cols = 1;
		return 1;
	}
	width = wcwidth(*wc);
	*cols = width < 0 ? 1 : width;
	return used;
}

/*
 * The next piece of @text that stays on one line, its length and its
 * @cols: up to a blank, and up to a wide character or after one (lines
 * break between CJK characters), but never before closing or after
 * opening punctuation.
 */
static size_t next_unit(const char *text, size_t *cols)
{
	wchar_t wc, prev = 0;
	size_t len = 0, used, width;
	bool prev_wide = false;

	*cols = 0;
	while (text[len] && text[len] != ' ') {
		used = next_char(text + len, &wc, &width);
		if (len && (width > 1 || prev_wide) &&
		    !no_break_before(wc) && !no_break_after(prev))
			break;
		len += used;
		*cols += width;
		prev = wc;
		prev_wide = width > 1;
	}
	return len;
}

/* Bytes of the punctuation at @text that would end a `command`'s sentence. */
static size_t command_punctuation(const char *text)
{
	size_t cols, used;
	wchar_t wc;

	if (!*text)
		return 0;
	used = next_char(text, &wc, &cols);
	return wc && wcschr(L".,;:\u3002\uff0c\uff1b\uff1a", wc) ? used : 0;
}

static const char *status_color(enum vtdiag_status status)
{
	switch (status) {
	case VTDIAG_PASS:
		return "\033[32m";	/* green */
	case VTDIAG_WARN:
		return "\033[33m";	/* yellow */
	case VTDIAG_SKIP:
		return "\033[36m";	/* cyan */
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

static void wrap_word(struct wrap *w, const char *word, size_t len,
		      size_t cols, size_t gap)
{
	/* Break only between words; a long path stays whole. */
	if (!w->fresh && w->column + gap + cols > w->width)
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
	w->column += cols;
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
	size_t gap, len, cols;

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
			text += command_punctuation(text);
			continue;
		}
		len = next_unit(text, &cols);
		wrap_word(&w, text, len, cols, gap);
		text += len;
	}
	if (!w.owe_indent)
		fputc('\n', out);
}

static void print_line(FILE *out, enum vtdiag_status status,
		       const char *title, const char *detail, bool color)
{
	const char *name = _(vtdiag_status_name(status));
	size_t cols = vtdiag_display_width(name, strlen(name));

	if (color)
		fprintf(out, "%s%s\033[0m", status_color(status), name);
	else
		fputs(name, out);
	if (cols < STATUS_WIDTH)
		fprintf(out, "%*s", (int)(STATUS_WIDTH - cols), "");
	fputs("  ", out);
	put_padded(out, title, TITLE_WIDTH);
	fputs("  ", out);
	vtdiag_print_wrapped(out, detail, DETAIL_COLUMN, DETAIL_COLUMN,
			     TEXT_WIDTH);
}

/*
 * One line per check of the table that belongs in the text report: the
 * KVM checks (@confidential false) or those of confidential computing.
 */
static void print_checks(FILE *out, const struct vtdiag_report *report,
			 const struct vtdiag_results *results, bool color,
			 bool confidential)
{
	const struct vtdiag_check_result *result;
	size_t i;

	for (i = 0; i < results->count; i++) {
		result = &results->items[i];
		if (!!vtdiag_cc_check_feature(result->check) != confidential)
			continue;
		if (result->check->in_text && !result->check->in_text(report))
			continue;
		print_line(out, result->status, _(result->check->title),
			   result->detail, color);
	}
}

/* The steps of the KVM checks (@confidential false) or the others. */
static void print_steps(FILE *out, const struct vtdiag_advice_list *advice,
			const char *heading, bool color, bool confidential)
{
	size_t i, n = 0;

	for (i = 0; i < advice->count; i++) {
		if (!!vtdiag_cc_check_feature(advice->items[i].check) !=
		    confidential)
			continue;
		if (!n++) {
			fputc('\n', out);
			fprintf(out, color ? "\033[1m%s\033[0m\n" : "%s\n",
				heading);
		}
		fprintf(out, "%3zu. ", n);
		vtdiag_print_wrapped(out, advice->items[i].text, STEP_INDENT,
				     STEP_INDENT, TEXT_WIDTH);
	}
}

/* What --require asks, answered in one sentence. */
static void describe_require(struct strbuf *sb,
			     const struct vtdiag_report *report)
{
	__u32 feature = report->cc_require;
	int status = vtdiag_cc_require_exit(report);
	const char *label = vtdiag_cc_label(feature);

	if (vtdiag_exit_status(report) != VTDIAG_EXIT_READY) {
		/* TRANSLATORS: "--require sev-snp: ... (exit status 2)." */
		strbuf_addf(sb, _("--require %s: KVM itself is not usable yet, so neither are %s guests (exit status %d)."),
			    vtdiag_cc_require_name(feature), label, status);
		return;
	}
	switch (vtdiag_cc_readiness(report, feature)) {
	case VTDIAG_CC_READY:
		strbuf_addf(sb, _("--require %s: this host can run %s guests now (exit status %d)."),
			    vtdiag_cc_require_name(feature), label, status);
		break;
	case VTDIAG_CC_OS_NOT_READY:
		strbuf_addf(sb, _("--require %s: the firmware enables %s, but the operating system is not ready for it (exit status %d)."),
			    vtdiag_cc_require_name(feature), label, status);
		break;
	case VTDIAG_CC_FIRMWARE_OFF:
		strbuf_addf(sb, _("--require %s: %s is disabled in the firmware (exit status %d)."),
			    vtdiag_cc_require_name(feature), label, status);
		break;
	case VTDIAG_CC_NOT_SUPPORTED:
		strbuf_addf(sb, _("--require %s: this CPU does not offer %s (exit status %d)."),
			    vtdiag_cc_require_name(feature), label, status);
		break;
	default:
		strbuf_addf(sb, _("--require %s: whether this host can run %s guests could not be determined (exit status %d)."),
			    vtdiag_cc_require_name(feature), label, status);
	}
}

/*
 * Confidential computing, after the KVM verdict and its steps: its
 * checks, its steps, and the answer to --require. Nothing when the CPU's
 * vendor has no such features.
 */
static void print_confidential(FILE *out, const struct vtdiag_report *report,
			       const struct vtdiag_results *results,
			       const struct vtdiag_advice_list *advice,
			       bool color)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < vtdiag_cc_nr_features; i++)
		if (vtdiag_cc_in_text(report, vtdiag_cc_order[i]))
			break;
	if (i == vtdiag_cc_nr_features && !report->cc_require)
		return;
	fputc('\n', out);
	fprintf(out, color ? "\033[1m%s\033[0m\n" : "%s\n",
		_("Confidential computing:"));
	print_checks(out, report, results, color, true);
	print_steps(out, advice, _("For confidential guests:"), color, true);
	if (!report->cc_require)
		return;
	fputc('\n', out);
	describe_require(&sb, report);
	vtdiag_print_wrapped(out, strbuf_str(&sb), 0, 0, TEXT_WIDTH);
	strbuf_release(&sb);
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
	struct strbuf summary = STRBUF_INIT;
	struct vtdiag_results results;

	if (vtdiag_judge(report, &results)) {
		fputs(_("vtdiag: out of memory\n"), out);
		return;
	}
	print_checks(out, report, &results, color, false);
	fputc('\n', out);
	vtdiag_describe_summary(&summary, report);
	vtdiag_print_wrapped(out, strbuf_str(&summary), 0, 0, TEXT_WIDTH);
	strbuf_release(&summary);
	/* When KVM already works the advice is informational. */
	print_steps(out, advice, exit_status == VTDIAG_EXIT_READY ?
			       _("Notes:") : _("What to do:"), color, false);
	print_confidential(out, report, &results, advice, color);
	vtdiag_results_free(&results);
}

/* Where the new state starts on an event line, after time and event. */
#define EVENT_WIDTH	32

static const char *module_state_verb(const struct vtdiag_event_info *ev)
{
	if (!ev->has_module_state)
		return _("changed");
	switch (ev->module_state) {
	case VTDIAG_KVM_LOADED:
		return _("loaded");
	case VTDIAG_KVM_BUILTIN:
		return _("built in");
	case VTDIAG_KVM_ABSENT:
		return _("unloaded");
	default:
		return _("in an unknown state");
	}
}

/* The CPU by number when the event names one: whole sentences, translated. */
#define ADD_EVENT_CPU(sb, ev, with_cpu, without)		\
	do {							\
		if ((ev)->has_cpu)				\
			strbuf_addf(sb, with_cpu, (ev)->cpu);	\
		else						\
			strbuf_adds(sb, without);		\
	} while (0)

/* What happened, in words. */
static void describe_event(struct strbuf *sb, const struct vtdiag_event_info *ev)
{
	switch (ev->type) {
	case VTDIAG_EVENT_KVM:
		/* TRANSLATORS: "kvm module kvm_amd loaded". */
		strbuf_addf(sb, _("kvm module %s %s"),
			    ev->module[0] ? ev->module : _("(unnamed)"),
			    module_state_verb(ev));
		return;
	case VTDIAG_EVENT_CPU_ONLINE:
		ADD_EVENT_CPU(sb, ev, _("CPU %u online"), _("a CPU online"));
		return;
	case VTDIAG_EVENT_CPU_OFFLINE:
		ADD_EVENT_CPU(sb, ev, _("CPU %u offline"), _("a CPU offline"));
		return;
	case VTDIAG_EVENT_RESAMPLE:
		ADD_EVENT_CPU(sb, ev, _("CPU %u re-sampled"),
			      _("a CPU re-sampled"));
		return;
	case VTDIAG_EVENT_ACTIVE:
		ADD_EVENT_CPU(sb, ev, _("virtualization in use changed on CPU %u"),
			      _("virtualization in use changed"));
		return;
	case VTDIAG_EVENT_VERDICT:
		strbuf_addf(sb, _("verdict changed -> %s"),
			    _(vtdiag_state_meaning(ev->host.verdict)));
		return;
	default:
		/* A newer module's event: say what there is, drop nothing. */
		strbuf_addf(sb, _("event %u"), ev->type);
		if (ev->has_cpu)
			strbuf_addf(sb, _(" on CPU %u"), ev->cpu);
		if (ev->module[0])
			strbuf_addf(sb, _(" module %s"), ev->module);
	}
}

/* The state after the event: "verdict enabled; CPUs: 2 online, 0 active; ..." */
static void describe_event_state(struct strbuf *sb,
				 const struct vtdiag_host *host)
{
	strbuf_addf(sb, _("verdict %s; CPUs: %u online"),
		    _(vtdiag_state_meaning(host->verdict)), host->cpus_online);
	if (host->has_cpus_active)
		strbuf_addf(sb, _(", %u active"), host->cpus_active);
	if (host->has_cpus_isolated && host->cpus_isolated)
		strbuf_addf(sb, _(", %u isolated"), host->cpus_isolated);
	if (host->has_kvm_core)
		strbuf_addf(sb, _("; kvm %s"),
			    vtdiag_kvm_state_phrase(host->kvm_core));
	if (host->has_kvm_vendor && host->kvm_vendor_module[0])
		strbuf_addf(sb, "%s %s %s",
			    host->has_kvm_core ? "," : ";",
			    host->kvm_vendor_module,
			    vtdiag_kvm_state_phrase(host->kvm_vendor));
}

void vtdiag_format_event(struct strbuf *sb, const struct vtdiag_event_info *ev,
			 const struct timespec *when)
{
	struct strbuf what = STRBUF_INIT;
	char stamp[32] = "";
	size_t width;
	struct tm tm;

	if (localtime_r(&when->tv_sec, &tm))
		strftime(stamp, sizeof(stamp), "%Y-%m-%d %H:%M:%S", &tm);
	strbuf_addf(sb, "%s.%03ld  ", stamp, when->tv_nsec / 1000000);
	describe_event(&what, ev);
	strbuf_addf(sb, "%s  ", strbuf_str(&what));
	width = vtdiag_display_width(strbuf_str(&what), strlen(strbuf_str(&what)));
	if (width < EVENT_WIDTH)
		strbuf_addf(sb, "%*s", (int)(EVENT_WIDTH - width), "");
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
