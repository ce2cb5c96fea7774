// SPDX-License-Identifier: GPL-2.0
/*
 * vtdiag --watch. SIGINT and SIGTERM stay blocked except while ppoll()
 * waits, so a signal either ends the wait or is seen before the next one:
 * none can slip in between the check and the wait.
 *
 * The kernel re-reads the live bits (virtualization switched on or off)
 * only when a caller with CAP_SYS_ADMIN asks, so a watcher with it asks
 * GET_HOST once a second, on a socket of its own, between events; the
 * module announces what changed as an event like any other. Without the
 * capability a request would read nothing new: such a watcher only waits.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include "i18n.h"
#include "fallback.h"
#include "host.h"
#include "netlink.h"
#include "platform.h"
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
int vtdiag_watch_signals(sigset_t *wait_mask)
{
	static const int signals[] = { SIGINT, SIGTERM };
	struct sigaction action = { .sa_handler = request_stop };
	struct sigaction old;
	sigset_t stop;
	size_t i;

	stop_requested = 0;
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
	/* The distribution decides DKMS's key path in the advice. */
	vtdiag_platform_probe(&report.platform, &vtdiag_platform_default_paths);
	vtdiag_probe_module_rejection(&report, &vtdiag_fallback_default_paths);
	if (vtdiag_advise(&report, &advice)) {
		fputs(_("vtdiag: the vtdiag kernel module is not loaded\n"), stderr);
	} else {
		vtdiag_print_advice_lines(stderr, &advice);
		vtdiag_advice_free(&advice);
	}
	vtdiag_report_free(&report);
}

static long long monotonic_ms(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec * 1000LL + now.tv_nsec / 1000000;
}

/*
 * The ticks keep their own beat: events in between neither postpone nor
 * hurry them. One that falls far behind (a stopped process, a slow
 * request) is not caught up in a burst.
 */
int vtdiag_watch_run(const struct vtdiag_watch_loop *loop,
		     const sigset_t *wait_mask)
{
	struct pollfd pfd = { .fd = loop->fd, .events = POLLIN };
	bool ticking = loop->tick && loop->tick_ms > 0;
	long long next_tick = monotonic_ms() + loop->tick_ms;
	struct timespec timeout;
	long long now, wait_ms;
	int ready, status;

	while (!stop_requested) {
		if (ticking) {
			now = monotonic_ms();
			if (now >= next_tick) {
				status = loop->tick(loop->arg);
				if (status)
					return status;
				next_tick += loop->tick_ms;
				if (next_tick <= now)
					next_tick = now + loop->tick_ms;
				continue;	/* a signal may have come meanwhile */
			}
			wait_ms = next_tick - now;
			timeout.tv_sec = wait_ms / 1000;
			timeout.tv_nsec = wait_ms % 1000 * 1000000;
		}
		ready = ppoll(&pfd, 1, ticking ? &timeout : NULL, wait_mask);
		if (ready < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, _("vtdiag: waiting for events: %s\n"),
				strerror(errno));
			return VTDIAG_EXIT_UNDETERMINED;
		}
		if (!ready)
			continue;	/* time for the tick */
		status = loop->read(loop->arg);
		if (status)
			return status;
	}
	return 0;	/* stopped as asked */
}

/* What the loop works on: the event socket, the printer, the poll socket. */
struct watcher {
	struct vtdiag_nl *events;
	struct event_printer printer;
	struct vtdiag_nl poll;
	int poll_error;		/* -errno of the last failed poll, said once */
};

static int read_events(void *arg)
{
	struct watcher *w = arg;
	int err;

	err = vtdiag_nl_read_events(w->events, print_event, &w->printer);
	if (w->printer.error) {
		fprintf(stderr, _("vtdiag: cannot write the events: %s\n"),
			strerror(-w->printer.error));
		return VTDIAG_EXIT_UNDETERMINED;
	}
	if (!err)
		return 0;
	fprintf(stderr, "vtdiag: %s\n", w->events->error_text);
	/* Lost or garbled events are worth a warning, not the end. */
	return err == -ENOBUFS || err == -EPROTO ? 0 : VTDIAG_EXIT_UNDETERMINED;
}

/*
 * GET_HOST, for its side effect: the module re-reads the live bits and
 * sends an event when they changed. The reply itself is not needed. A
 * failure is said once, not every second; the family gone (the module
 * unloading) is not said at all: the unload notice on the event socket
 * ends the watch.
 */
static int poll_live_bits(void *arg)
{
	struct watcher *w = arg;
	struct vtdiag_host host;
	int err;

	err = vtdiag_nl_get_host(&w->poll, &host);
	if (err && err != -ENOENT && err != w->poll_error)
		fprintf(stderr, _("vtdiag: asking the module to re-read the live bits failed: %s\n"),
			w->poll.error_text);
	w->poll_error = err;
	return 0;
}

/* A privileged watcher's second socket, for the requests; false without. */
static bool open_poll(struct watcher *w)
{
	if (!vtdiag_has_capability(CAP_SYS_ADMIN))
		return false;
	if (!vtdiag_nl_open(&w->poll))
		return true;
	fprintf(stderr, _("vtdiag: changes of virtualization in use will not be noticed: %s\n"),
		w->poll.error_text);
	vtdiag_nl_close(&w->poll);
	return false;
}

int vtdiag_watch(bool json)
{
	struct watcher w = { .printer = { .json = json } };
	struct vtdiag_watch_loop loop = {
		.read = read_events, .tick_ms = VTDIAG_WATCH_POLL_MS, .arg = &w,
	};
	struct vtdiag_nl nl;
	sigset_t wait_mask;
	int status = VTDIAG_EXIT_UNDETERMINED;
	int err;

	err = vtdiag_watch_signals(&wait_mask);
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
		w.events = &nl;
		loop.fd = vtdiag_nl_fd(&nl);
		if (open_poll(&w))
			loop.tick = poll_live_bits;
		if (isatty(STDERR_FILENO) && isatty(STDOUT_FILENO))
			fputs(_("vtdiag: watching for changes; press Ctrl-C to stop\n"),
			      stderr);
		status = vtdiag_watch_run(&loop, &wait_mask);
		if (loop.tick)
			vtdiag_nl_close(&w.poll);
	}
	vtdiag_nl_close(&nl);
	return status;
}
