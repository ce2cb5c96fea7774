/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtdiag --watch: the module's events as they happen, until SIGINT or
 * SIGTERM. Glue only: netlink.c receives, text.c/json.c print.
 */
#ifndef VTDIAG_WATCH_H
#define VTDIAG_WATCH_H

#include <stdbool.h>

/*
 * Prints every event on standard output, one line each (JSON lines when
 * @json). Returns the exit status: 0 once a signal asked to stop; 4
 * (VTDIAG_EXIT_UNDETERMINED) when the module is not loaded or unloads,
 * or reading or writing fails, said on standard error.
 */
int vtdiag_watch(bool json);

#endif /* VTDIAG_WATCH_H */
