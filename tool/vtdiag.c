// SPDX-License-Identifier: GPL-2.0
/*
 * vtdiag - can this machine run KVM guests, and if not, why and what to
 * change. Options and dispatch only: netlink.c asks the module, host.c
 * looks at the OS, report.c/advice.c judge, text.c/json.c print, watch.c
 * follows the module's events.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "netlink.h"
#include "print.h"
#include "report.h"
#include "watch.h"

#ifndef VTDIAG_VERSION
#define VTDIAG_VERSION "unknown"
#endif

static const char usage_text[] =
"Usage: vtdiag [OPTION]...\n"
"Tell whether this machine can run KVM guests and, if not, why and what to\n"
"change: in the firmware (BIOS/UEFI) setup, in the hypervisor this machine\n"
"runs under, or in the operating system.\n"
"\n"
"vtdiag asks the vtdiag kernel module (generic netlink family \"vtdiag\") how\n"
"the firmware set up virtualization on every CPU, checks the KVM modules and\n"
"/dev/kvm, and prints one line per check followed by numbered steps.\n"
"\n"
"Options:\n"
"      --json       print one JSON object (schema 1) instead of the report\n"
"      --watch      print the module's events as they happen, one line each,\n"
"                   until interrupted (SIGINT, SIGTERM): KVM modules loaded\n"
"                   or unloaded, CPUs online or offline or re-sampled,\n"
"                   virtualization switched on or off (noticed when a query\n"
"                   re-reads it), verdict changed; each\n"
"                   line has the time, the event and the new state. With\n"
"                   --json: one JSON object per line (keys time, event, cpu,\n"
"                   module, module_state, verdict, generation, cpus_online,\n"
"                   cpus_active, kvm)\n"
"      --no-color   never colour the report; colour is only used when\n"
"                   standard output is a terminal and NO_COLOR is not set\n"
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
"With --watch: 0 when stopped by SIGINT or SIGTERM, 4 when the module is not\n"
"loaded or unloads while watching, or reading or writing fails.\n"
"\n"
"If the vtdiag module is not loaded, vtdiag says on standard error how to\n"
"load it and exits with 4. With --json it still prints one JSON object\n"
"then: verdict \"unknown\", kvm_ready false, and the advice\n"
"\"module_not_loaded\".\n";

struct options {
	bool json;
	bool no_color;
	bool watch;
};

enum {
	OPT_JSON = 256,		/* long-only options */
	OPT_NO_COLOR,
	OPT_WATCH,
};

static void usage_hint(void)
{
	fputs("Try 'vtdiag --help' for more information.\n", stderr);
}

/* Returns 0 to go on, 1 when done (help, version), -1 on a usage error. */
static int parse_options(int argc, char **argv, struct options *opts)
{
	static const struct option long_options[] = {
		{ "json",	no_argument, NULL, OPT_JSON },
		{ "no-color",	no_argument, NULL, OPT_NO_COLOR },
		{ "watch",	no_argument, NULL, OPT_WATCH },
		{ "help",	no_argument, NULL, 'h' },
		{ "version",	no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int opt;

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
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		case 'V':
			printf("vtdiag %s\n", VTDIAG_VERSION);
			return 1;
		default:
			/* getopt_long has named the bad option on stderr. */
			usage_hint();
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vtdiag: unexpected argument '%s'\n",
			argv[optind]);
		usage_hint();
		return -1;
	}
	return 0;
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

	err = vtdiag_nl_open(&nl);
	if (err == -ENOENT) {
		report->module = VTDIAG_MODULE_MISSING;
	} else if (err || vtdiag_nl_query(&nl, report)) {
		report->module = VTDIAG_MODULE_FAILED;
		snprintf(report->module_error, sizeof(report->module_error),
			 "%s", nl.error_text);
		fprintf(stderr, "vtdiag: %s\n", nl.error_text);
		if (nl.extack[0])
			fprintf(stderr, "kernel reports: %s\n", nl.extack);
	}
	vtdiag_nl_close(&nl);
}

static int print_report(const struct vtdiag_report *report,
			const struct vtdiag_advice_list *advice,
			const struct options *opts)
{
	/* Without the module there is no report, only what to do about it. */
	if (report->module != VTDIAG_MODULE_OK)
		vtdiag_print_advice_lines(stderr, advice);
	if (opts->json) {
		if (vtdiag_print_json(stdout, report, advice))
			return -ENOMEM;
	} else if (report->module == VTDIAG_MODULE_OK) {
		vtdiag_print_text(stdout, report, advice, want_color(opts));
	}
	if (fflush(stdout) || ferror(stdout))
		return errno ? -errno : -EIO;
	return 0;
}

int main(int argc, char **argv)
{
	struct vtdiag_advice_list advice = { NULL, 0 };
	struct options opts = { false, false, false };
	struct vtdiag_report report;
	int status, err;

	status = parse_options(argc, argv, &opts);
	if (status)
		return status < 0 ? VTDIAG_EXIT_USAGE : 0;
	if (opts.watch)
		return vtdiag_watch(opts.json);

	vtdiag_report_init(&report);
	vtdiag_os_probe(&report.os, &vtdiag_os_default_paths);
	query_module(&report);

	status = vtdiag_exit_status(&report);
	err = vtdiag_advise(&report, &advice);
	if (!err)
		err = print_report(&report, &advice, &opts);
	if (err) {
		fprintf(stderr, "vtdiag: cannot write the report: %s\n",
			strerror(-err));
		status = VTDIAG_EXIT_UNDETERMINED;
	}
	vtdiag_advice_free(&advice);
	vtdiag_report_free(&report);
	return status;
}
