// SPDX-License-Identifier: GPL-2.0
/*
 * vtdiag - can this machine run KVM guests, and if not, why and what to
 * change. Options and dispatch only: netlink.c asks the module, host.c
 * looks at the OS, report.c/advice.c judge, text.c/json.c print, watch.c
 * follows the module's events.
 */
#include <errno.h>
#include <getopt.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collect.h"
#include "fallback.h"
#include "fix.h"
#include "host.h"
#include "i18n.h"
#include "netlink.h"
#include "platform.h"
#include "print.h"
#include "prometheus.h"
#include "report.h"
#include "root.h"
#include "util.h"
#include "watch.h"

#ifndef VTDIAG_VERSION
#define VTDIAG_VERSION "unknown"
#endif

static const char usage_text[] = N_(
"Usage: vtdiag [OPTION]...\n"
"  or:  vtdiag fix [OPTION]...   make the changes Linux can make itself\n"
"                                (vtdiag fix --help)\n"
"Tell whether this machine can run KVM guests and, if not, why and what to\n"
"change: in the firmware (BIOS/UEFI) setup, in the hypervisor this machine\n"
"runs under, or in the operating system.\n"
"\n"
"vtdiag asks the vtdiag kernel module (generic netlink family \"vtdiag\") how\n"
"the firmware set up virtualization on every CPU, checks the KVM modules,\n"
"/dev/kvm, QEMU and libvirt, and prints one line per check followed by\n"
"numbered steps. The steps name the switch to flip and where: the firmware\n"
"setup key and menu of the machine's maker (from DMI; generic hints for\n"
"makers it does not know), the nested virtualization setting of the\n"
"hypervisor or cloud this machine runs under, or the distribution's own\n"
"commands.\n"
"\n"
"Options:\n"
"      --json       print one JSON object (schema 1) instead of the report\n"
"      --watch      print the module's events as they happen, one line each,\n"
"                   until interrupted (SIGINT, SIGTERM): KVM modules loaded\n"
"                   or unloaded, CPUs online or offline or re-sampled,\n"
"                   virtualization switched on or off, verdict changed; each\n"
"                   line has the time, the event and the new state. As root\n"
"                   (CAP_SYS_ADMIN) it has the module re-read once a second\n"
"                   whether virtualization is switched on; otherwise such a\n"
"                   change shows only once a privileged query reads it. With\n"
"                   --json: one JSON object per line (keys time, event, cpu,\n"
"                   module, module_state, verdict, generation, cpus_online,\n"
"                   cpus_active, cpus_isolated, kvm)\n"
"      --no-color   never colour the report; colour is only used when\n"
"                   standard output is a terminal and NO_COLOR is not set\n"
"      --collect FILE\n"
"                   write a support bundle to FILE (a .tar.gz; '-' for\n"
"                   standard output): the JSON and text reports, the\n"
"                   per-CPU registers, DMI model and firmware, os-release,\n"
"                   kernel release and command line, kernel log lines about\n"
"                   KVM and VT-x/AMD-V, KVM module parameters, and a\n"
"                   manifest of what is in it and what was left out and\n"
"                   why. Never DMI serial numbers, UUIDs or asset tags. An\n"
"                   existing FILE is not replaced. Run it as root for a\n"
"                   complete bundle\n"
"      --prometheus print the report as Prometheus metrics (text format,\n"
"                   for node_exporter's textfile collector)\n"
"      --list-reads print on standard error every file and directory\n"
"                   vtdiag looks up for the report, and how it went (what\n"
"                   scripts/capture-tree copies)\n"
"      --root DIR   report on the tree DIR captured from a machine\n"
"                   (scripts/capture-tree: its /proc, /sys, /dev and /etc\n"
"                   files, CPUID and MSRs in dev/cpu/N/cpuid and msr) instead\n"
"                   of this machine: every file is read under DIR, and\n"
"                   nothing of this machine is asked (no module, no CPUID\n"
"                   instruction, no helper program). With --collect: a\n"
"                   bundle of the tree, its manifest naming DIR. Not with\n"
"                   --watch\n"
"  -h, --help       show this help and exit\n"
"  -V, --version    show the version and exit\n"
"\n"
"Exit status:\n"
"  0   KVM is usable now by this user\n"
"  1   the firmware allows virtualization, but the operating system is not\n"
"      ready (KVM modules not loaded, /dev/kvm missing or not accessible)\n"
"  2   virtualization is disabled in the firmware (also: enabled only for\n"
"      Intel TXT, or CPUs set up differently)\n"
"  3   no hardware virtualization here (the CPU lacks it, or the hypervisor\n"
"      this machine runs under hides it)\n"
"  4   could not determine (vtdiag module not loaded, query failed, or\n"
"      state unknown)\n"
"  64  usage error\n"
"Through a KVM vendor module that needs no VT-x/AMD-V (kvm_pvm): 0 or 1,\n"
"whatever the CPUs offer.\n"
"With --watch: 0 when stopped by SIGINT or SIGTERM, 4 when the module is not\n"
"loaded or unloads while watching, or reading or writing fails.\n"
"With --collect and --prometheus: 0 when the bundle or the metrics were\n"
"written, whatever the verdict (it is inside them), 4 when writing failed.\n"
"\n"
"If the vtdiag module is not loaded, vtdiag says on standard error how to\n"
"load it, then reads the CPUs itself and reports as usual (\"source\":\n"
"\"fallback\", gaps listed under \"unavailable\"); without root the\n"
"firmware registers cannot be read, so the state is unknown (exit 4)\n"
"where they decide. --watch needs the module.\n"
"\n"
"Environment:\n"
"  NO_COLOR         if set, to anything, the report is never coloured\n"
"  TERM             the report is not coloured when it is \"dumb\"\n"
"  VTDIAG_ROOT      the tree to report on, as --root (which wins)\n"
"  LC_ALL, LC_MESSAGES, LANG, LANGUAGE\n"
"                   the language of the report, the help and the messages\n"
"                   (gettext; Simplified Chinese: LANG=zh_CN.UTF-8). --json,\n"
"                   --prometheus and --collect stay English\n"
"\n"
"Files:\n"
"  /sys/class/dmi/id/    the machine's maker, model and BIOS version\n"
"  /sys/firmware/efi     present when the machine booted in UEFI mode\n"
"  /etc/os-release       the distribution, for its package commands\n"
"  /dev/kvm              opened to test this user's access\n"
"\n"
"The --json format is described by vtdiag-report.schema.json (JSON Schema).\n"
"Full documentation: man 8 vtdiag\n");

struct options {
	bool json;
	bool no_color;
	bool watch;
	bool prometheus;
	const char *collect;	/* --collect FILE */
	const char *root;	/* --root DIR, else VTDIAG_ROOT; NULL: "/" */
	bool list_reads;
	bool help;
	bool version;
};

enum {
	OPT_JSON = 256,		/* long-only options */
	OPT_NO_COLOR,
	OPT_WATCH,
	OPT_COLLECT,
	OPT_PROMETHEUS,
	OPT_ROOT,
	OPT_LIST_READS,
};

static const struct option long_options[] = {
	{ "json",	no_argument, NULL, OPT_JSON },
	{ "no-color",	no_argument, NULL, OPT_NO_COLOR },
	{ "watch",	no_argument, NULL, OPT_WATCH },
	{ "collect",	required_argument, NULL, OPT_COLLECT },
	{ "prometheus",	no_argument, NULL, OPT_PROMETHEUS },
	{ "root",	required_argument, NULL, OPT_ROOT },
	{ "list-reads",	no_argument, NULL, OPT_LIST_READS },
	{ "help",	no_argument, NULL, 'h' },
	{ "version",	no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* Longest piece of a bad argument echoed back: the rest is "...". */
#define ECHO_MAX	64

static void usage_hint(void)
{
	fputs(_("Try 'vtdiag --help' for more information.\n"), stderr);
}

/*
 * The user's word in a message, safe for any terminal: printable ASCII as
 * is, every other byte (control, non-UTF-8) as \xNN, cut at ECHO_MAX.
 */
static void echo_word(const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < ECHO_MAX; i++) {
		unsigned char byte = word[i];

		if (byte >= 0x20 && byte < 0x7f && byte != '\\')
			fputc(byte, stderr);
		else
			fprintf(stderr, "\\x%02x", byte);
	}
	if (len > ECHO_MAX)
		fputs("...", stderr);
}

static void usage_error(const char *what, const char *word, size_t len)
{
	fprintf(stderr, "vtdiag: %s '", what);
	echo_word(word, len);
	fputs("'\n", stderr);
	usage_hint();
}

/* getopt_long found @word bad (opterr is off: we say it, escaped). */
static void bad_option(const char *word)
{
	const char *equals = strchr(word, '=');
	const struct option *opt;
	char letter;

	/*
	 * A long option given an argument: no short option letter can be
	 * reported with its own value, since those are all valid ones.
	 */
	for (opt = long_options; opt->name; opt++)
		if (optopt && optopt == opt->val &&
		    opt->has_arg == required_argument) {
			fprintf(stderr, _("vtdiag: option '--%s' requires an argument\n"),
				opt->name);
			usage_hint();
			return;
		} else if (optopt && optopt == opt->val) {
			fprintf(stderr, _("vtdiag: option '--%s' takes no argument\n"),
				opt->name);
			usage_hint();
			return;
		}
	if (optopt) {
		letter = optopt;
		usage_error(_("invalid option --"), &letter, 1);
		return;
	}
	/* "--bogus=1" is an unknown "--bogus". */
	usage_error(_("unrecognized option"), word,
		    equals ? (size_t)(equals - word) : strlen(word));
}

/* --collect, --prometheus, --watch and --json each choose the output. */
static int check_modes(const struct options *opts)
{
	const char *mode = opts->collect ? "--collect" :
			   opts->prometheus ? "--prometheus" : NULL;
	const char *file = opts->collect;

	if (opts->help || opts->version)
		return 0;
	if (opts->collect && opts->prometheus) {
		fputs(_("vtdiag: --collect and --prometheus cannot be combined\n"), stderr);
		usage_hint();
		return -1;
	}
	if (mode && (opts->watch || opts->json)) {
		fprintf(stderr, _("vtdiag: %s cannot be combined with %s\n"), mode,
			opts->watch ? "--watch" : "--json");
		usage_hint();
		return -1;
	}
	if (!file)
		return 0;
	/* "--collect --json" would otherwise write a file named "--json". */
	if (!file[0] || (file[0] == '-' && file[1])) {
		usage_error(_("--collect needs a file name, not"), file,
			    strlen(file));
		return -1;
	}
	if (!strcmp(file, "-") && isatty(STDOUT_FILENO)) {
		fputs(_("vtdiag: --collect -: standard output is a terminal; redirect it to a file\n"),
		      stderr);
		usage_hint();
		return -1;
	}
	return 0;
}

/*
 * --root DIR or VTDIAG_ROOT: a directory, opened once (root.c). A tree
 * has no module to watch; --collect bundles the tree's files (its
 * manifest says so).
 */
static int check_root(struct options *opts)
{
	int err;

	if (!opts->root)
		opts->root = getenv("VTDIAG_ROOT");
	if (opts->help || opts->version || !opts->root)
		return 0;
	if (!opts->root[0]) {
		usage_error(_("--root needs a directory, not"), "", 0);
		return -1;
	}
	if (strcmp(opts->root, "/") && opts->watch) {
		fprintf(stderr, _("vtdiag: --root cannot be combined with %s\n"),
			"--watch");
		usage_hint();
		return -1;
	}
	err = vtdiag_root_set(opts->root);
	if (err) {
		fputs("vtdiag: --root '", stderr);
		echo_word(opts->root, strlen(opts->root));
		fprintf(stderr, "': %s\n", strerror(-err));
		usage_hint();
		return -1;
	}
	return 0;
}

/*
 * Returns 0 to go on, 1 when done (help, version), -1 on a usage error.
 * The whole command line is checked first: "--help --bogus" is an error.
 */
static int parse_options(int argc, char **argv, struct options *opts)
{
	int opt;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "hV", long_options, NULL)) != -1) {
		switch (opt) {
		case OPT_JSON:
			opts->json = true;
			break;
		case OPT_NO_COLOR:
			opts->no_color = true;
			break;
		case OPT_WATCH:
			opts->watch = true;
			break;
		case OPT_COLLECT:
			opts->collect = optarg;
			break;
		case OPT_PROMETHEUS:
			opts->prometheus = true;
			break;
		case OPT_ROOT:
			opts->root = optarg;
			break;
		case OPT_LIST_READS:
			opts->list_reads = true;
			break;
		case 'h':
			opts->help = true;
			break;
		case 'V':
			opts->version = true;
			break;
		default:
			bad_option(argv[optind - 1]);
			return -1;
		}
	}
	if (optind < argc) {
		usage_error(_("unexpected argument"), argv[optind],
			    strlen(argv[optind]));
		return -1;
	}
	if (check_modes(opts) || check_root(opts))
		return -1;
	if (opts->help)
		fputs(_(usage_text), stdout);
	else if (opts->version)
		printf("vtdiag %s\n", VTDIAG_VERSION);
	return opts->help || opts->version;
}

static bool want_color(const struct options *opts)
{
	const char *term = getenv("TERM");

	return !opts->no_color && !getenv("NO_COLOR") &&
	       !(term && !strcmp(term, "dumb")) && isatty(STDOUT_FILENO);
}

/* Fills the module side of @report; errors go to stderr as they happen. */
static void query_module(struct vtdiag_report *report)
{
	struct vtdiag_nl nl;
	int err;

	/* A captured tree has no module; this machine's would describe it. */
	if (!vtdiag_root_is_host()) {
		report->module = VTDIAG_MODULE_NOT_ASKED;
		return;
	}
	err = vtdiag_nl_open(&nl);
	if (err == -ENOENT) {
		report->module = VTDIAG_MODULE_MISSING;
	} else if (err || vtdiag_nl_query(&nl, report)) {
		report->module = VTDIAG_MODULE_FAILED;
		snprintf(report->module_error, sizeof(report->module_error),
			 "%s", nl.error_text);
		fprintf(stderr, "vtdiag: %s\n", nl.error_text);
		if (nl.extack[0])
			fprintf(stderr, _("kernel reports: %s\n"), nl.extack);
	}
	vtdiag_nl_close(&nl);
}

/* Without the module: the CPUs read by the tool itself, when it can. */
static void query_fallback(struct vtdiag_report *report)
{
	int err;

	if (report->module == VTDIAG_MODULE_OK)
		return;
	err = vtdiag_fallback_probe(report, &vtdiag_fallback_default_paths);
	if (err)
		fprintf(stderr, _("vtdiag: cannot read the CPUs without the module: %s\n"),
			strerror(-err));
}

/* How many leading advice items are data_source's: about the module. */
static size_t module_advice_count(const struct vtdiag_advice_list *advice)
{
	const struct vtdiag_check *data_source = vtdiag_check_find("data_source");
	size_t count = 0;

	while (count < advice->count &&
	       advice->items[count].check == data_source)
		count++;
	return count;
}

static int print_report(const struct vtdiag_report *report,
			const struct vtdiag_advice_list *advice,
			const struct options *opts)
{
	struct vtdiag_advice_list steps = *advice;
	struct vtdiag_advice_list about_module = { advice->items, 0 };
	/* KVM through kvm_pvm needs no CPU data to be judged: a report. */
	bool has_report = vtdiag_report_sampled(report) ||
			  vtdiag_kvm_other_vendor(report);

	/*
	 * What to do about the module goes to stderr, as without a report
	 * everything does; the fallback report follows, without repeating it.
	 */
	if (report->module != VTDIAG_MODULE_OK) {
		about_module.count = has_report ? module_advice_count(advice) :
				     advice->count;
		vtdiag_print_advice_lines(stderr, &about_module);
		steps.items += about_module.count;
		steps.count -= about_module.count;
	}
	if (opts->json) {
		if (vtdiag_print_json(stdout, report, advice))
			return -ENOMEM;
	} else if (has_report) {
		vtdiag_print_text(stdout, report, &steps, want_color(opts));
	}
	if (fflush(stdout) || ferror(stdout))
		return errno ? -errno : -EIO;
	return 0;
}

/*
 * --collect and --prometheus: 0 once written, whatever the verdict, so
 * that `vtdiag --prometheus >f.$$ && mv f.$$ f` publishes every result.
 */
static int export_report(const struct vtdiag_report *report,
			 const struct options *opts)
{
	int err;

	if (opts->collect)
		return vtdiag_collect(opts->collect, report, VTDIAG_VERSION) ?
		       VTDIAG_EXIT_UNDETERMINED : 0;
	err = vtdiag_print_prometheus(stdout, report, VTDIAG_VERSION);
	if (err) {
		fprintf(stderr, _("vtdiag: cannot write the metrics: %s\n"),
			strerror(-err));
		return VTDIAG_EXIT_UNDETERMINED;
	}
	return 0;
}

/* Everything a report knows, from the machine or the tree under the root. */
static void gather(struct vtdiag_report *report)
{
	vtdiag_os_probe_access(&report->os, &vtdiag_os_default_paths);
	vtdiag_platform_probe(&report->platform, &vtdiag_platform_default_paths);
	query_module(report);
	if (!vtdiag_report_kvm_from_module(report))
		vtdiag_os_probe_kvm_modules(&report->os, &vtdiag_os_default_paths);
	query_fallback(report);
	vtdiag_report_add_helper_gaps(report);
	vtdiag_probe_checks(report);
}

int main(int argc, char **argv)
{
	struct vtdiag_advice_list advice = { NULL, 0 };
	struct options opts = { 0 };
	struct vtdiag_report report;
	int status, err;

#ifdef __GLIBC__
	/*
	 * A report needs a few hundred KiB at most: take the heap in one
	 * step and keep it, rather than grow and trim it with brk(2) a few
	 * times a run (each a change of the address space, costly in a VM).
	 * Pages never touched cost nothing.
	 */
	mallopt(M_TOP_PAD, 1 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
	/* Subcommands come first; the report's options are not theirs. */
	if (argc > 1 && !strcmp(argv[1], "fix"))
		return vtdiag_fix_main(argc - 1, argv + 1, gather);
	status = parse_options(argc, argv, &opts);
	if (status < 0)
		return VTDIAG_EXIT_USAGE;
	/*
	 * Output for programs is English in every locale (i18n.h); from
	 * here on so that what the probes store is English too. Usage
	 * errors, --help and the text report are translated.
	 */
	if (opts.json || opts.collect || opts.prometheus)
		vtdiag_i18n_machine_output();
	if (status)	/* --help, --version: fails only when it cannot write */
		return fflush(stdout) || ferror(stdout) ?
		       VTDIAG_EXIT_UNDETERMINED : 0;
	if (opts.watch)
		return vtdiag_watch(opts.json);
	if (opts.list_reads)
		vtdiag_root_trace(stderr);

	vtdiag_report_init(&report);
	gather(&report);

	if (opts.collect || opts.prometheus) {
		status = export_report(&report, &opts);
		vtdiag_report_free(&report);
		return status;
	}
	status = vtdiag_exit_status(&report);
	err = vtdiag_advise(&report, &advice);
	if (!err)
		err = print_report(&report, &advice, &opts);
	if (err) {
		fprintf(stderr, _("vtdiag: cannot write the report: %s\n"),
			strerror(-err));
		status = VTDIAG_EXIT_UNDETERMINED;
	}
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
	return status;
}
