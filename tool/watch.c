// SPDX-License-Identifier: GPL-2.0
/*
 * vtdiag --watch. SIGINT and SIGTERM stay blocked except while ppoll()
 * waits, so a signal either ends the wait or is seen before the next one:
 * none can slip in between the check and the wait.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "fallback.h"
#include "netlink.h"
#include "print.h"
#include "report.h"
#include "util.h"
#include "watch.h"

static volatile sig_atomic_t stop_requested;

static void request_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/*
 * Catches SIGINT and SIGTERM unless they are ignored (a background job of
 * a non-interactive shell ignores SIGINT and should keep doing so), and
 * blocks them; @wait_mask is the mask to wait with.
 */
static int catch_stop_signals(sigset_t *wait_mask)
{
	static const int signals[] = { SIGINT, SIGTERM };
	struct sigaction action = { .sa_handler = request_stop };
	struct sigaction old;
	sigset_t stop;
	size_t i;

	sigemptyset(&action.sa_mask);
	sigemptyset(&stop);
	for (i = 0; i < ARRAY_SIZE(signals); i++) {
		if (sigaction(signals[i], NULL, &old))
			return -errno;
		if (old.sa_handler == SIG_IGN)
			continue;
		sigaddset(&stop, signals[i]);
		if (sigaction(signals[i], &action, NULL))
			return -errno;
	}
	if (sigprocmask(SIG_BLOCK, &stop, wait_mask))
		return -errno;
	for (i = 0; i < ARRAY_SIZE(signals); i++)
		if (sigismember(&stop, signals[i]))
			sigdelset(wait_mask, signals[i]);
	return 0;
}

struct event_printer {
	bool json;
	int error;		/* -errno of the first failed write */
};

static void print_event(const struct vtdiag_event_info *ev, void *arg)
{
	struct event_printer *printer = arg;
	struct timespec now;

	if (printer->error)
		return;
	clock_gettime(CLOCK_REALTIME, &now);
	printer->error = printer->json ?
			 vtdiag_print_event_json(stdout, ev, &now) :
			 vtdiag_print_event_text(stdout, ev, &now);
}

/*
 * Events come only from the module: there is no fallback to watch. Say so,
 * then what the report says: how to load it, or why Secure Boot keeps it out.
 */
static void say_module_missing(void)
{
	struct vtdiag_advice_list advice;
	struct vtdiag_report report;

	fputs(_("vtdiag: --watch needs the vtdiag kernel module; without it, run vtdiag without --watch for a one-time report\n"),
	      stderr);
	vtdiag_report_init(&report);
	report.module = VTDIAG_MODULE_MISSING;
	vtdiag_probe_module_rejection(&report, &vtdiag_fallback_default_paths);
	if (vtdiag_advise(&report, &advice)) {
		fputs(_("vtdiag: the vtdiag kernel module is not loaded\n"), stderr);
	} else {
		vtdiag_print_advice_lines(stderr, &advice);
		vtdiag_advice_free(&advice);
	}
	vtdiag_report_free(&report);
}

/* Waits for and prints events until asked to stop; the exit status. */
static int watch_loop(struct vtdiag_nl *nl, const sigset_t *wait_mask,
		      struct event_printer *printer)
{
	struct pollfd pfd = { .fd = vtdiag_nl_fd(nl), .events = POLLIN };
	int err;

	while (!stop_requested) {
		if (ppoll(&pfd, 1, NULL, wait_mask) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, _("vtdiag: waiting for events: %s\n"),
				strerror(errno));
			return VTDIAG_EXIT_UNDETERMINED;
		}
		err = vtdiag_nl_read_events(nl, print_event, printer);
		if (printer->error) {
			fprintf(stderr, _("vtdiag: cannot write the events: %s\n"),
				strerror(-printer->error));
			return VTDIAG_EXIT_UNDETERMINED;
		}
		if (!err)
			continue;
		fprintf(stderr, "vtdiag: %s\n", nl->error_text);
		/* Lost or garbled events are worth a warning, not the end. */
		if (err != -ENOBUFS && err != -EPROTO)
			return VTDIAG_EXIT_UNDETERMINED;
	}
	return 0;	/* stopped as asked */
}

int vtdiag_watch(bool json)
{
	struct event_printer printer = { .json = json };
	struct vtdiag_nl nl;
	sigset_t wait_mask;
	int status = VTDIAG_EXIT_UNDETERMINED;
	int err;

	err = catch_stop_signals(&wait_mask);
	if (err) {
		fprintf(stderr, _("vtdiag: cannot catch signals: %s\n"),
			strerror(-err));
		return status;
	}
	err = vtdiag_nl_open(&nl);
	if (!err)
		err = vtdiag_nl_subscribe(&nl);
	if (err == -ENOENT)
		say_module_missing();
	else if (err)
		fprintf(stderr, "vtdiag: %s\n", nl.error_text);
	if (!err) {
		if (isatty(STDERR_FILENO) && isatty(STDOUT_FILENO))
			fputs(_("vtdiag: watching for changes; press Ctrl-C to stop\n"),
			      stderr);
		status = watch_loop(&nl, &wait_mask, &printer);
	}
	vtdiag_nl_close(&nl);
	return status;
}
