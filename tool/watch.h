/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtdiag --watch: the module's events as they happen, until SIGINT or
 * SIGTERM. Glue only: netlink.c receives, text.c/json.c print.
 */
#ifndef VTDIAG_WATCH_H
#define VTDIAG_WATCH_H

#include <signal.h>
#include <stdbool.h>

/*
 * How often a privileged watcher asks GET_HOST between events: the module
 * re-reads the live bits (CR4.VMXE / EFER.SVME) only for such a request,
 * at most once a second, and announces a change as an event. Nothing in
 * the kernel re-reads them on its own.
 */
#define VTDIAG_WATCH_POLL_MS	1000

/*
 * Prints every event on standard output, one line each (JSON lines when
 * @json). Returns the exit status: 0 once a signal asked to stop; 4
 * (VTDIAG_EXIT_UNDETERMINED) when the module is not loaded or unloads,
 * or reading or writing fails, said on standard error.
 */
int vtdiag_watch(bool json);

/*
 * The loop vtdiag_watch() runs, apart from the module so that tests can
 * drive it with a pipe.
 */
struct vtdiag_watch_loop {
	int fd;				/* readable: events are waiting */
	/* Reads what is waiting: 0 to go on, else the exit status. */
	int (*read)(void *arg);
	/*
	 * Called every @tick_ms while watching, however often events come
	 * in between (NULL: never): 0 to go on, else the exit status.
	 */
	int (*tick)(void *arg);
	long tick_ms;
	void *arg;
};

/*
 * Catches SIGINT and SIGTERM (unless ignored) and blocks them; they are
 * let in only while the loop waits, with @wait_mask. Returns 0 or -errno.
 */
int vtdiag_watch_signals(sigset_t *wait_mask);

/*
 * Runs @loop until SIGINT or SIGTERM (returns 0) or until read() or tick()
 * returns an exit status; waiting failing is said and returns 4.
 */
int vtdiag_watch_run(const struct vtdiag_watch_loop *loop,
		     const sigset_t *wait_mask);

#endif /* VTDIAG_WATCH_H */
