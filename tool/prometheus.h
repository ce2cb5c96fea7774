/* SPDX-License-Identifier: GPL-2.0 */
/*
 * --prometheus: the report as metrics in the Prometheus text exposition
 * format (version 0.0.4), for node_exporter's textfile collector. A
 * printing layer like text.c and json.c: it judges nothing itself.
 */
#ifndef VTDIAG_PROMETHEUS_H
#define VTDIAG_PROMETHEUS_H

#include <stdio.h>

#include "model.h"

/*
 * Writes every metric of @report to @out and flushes it. Returns 0, or
 * -errno when writing failed (the caller must then not publish @out).
 */
int vtdiag_print_prometheus(FILE *out, const struct vtdiag_report *report,
			    const char *tool_version);

/*
 * A label value in the exposition format: backslash, double quote and
 * newline escaped; bytes outside printable ASCII (which could make the
 * file invalid UTF-8) become '?'.
 */
void vtdiag_prometheus_label_value(FILE *out, const char *value);

#endif /* VTDIAG_PROMETHEUS_H */
