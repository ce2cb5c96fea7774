/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtdiag fix (fix.c): the changes the report asks for that Linux can make
 * itself, each listed and confirmed first. Its own exit statuses: 0 done
 * or nothing to do, 1 not confirmed, 2 refused, 3 failed, 64 usage.
 */
#ifndef VTDIAG_FIX_H
#define VTDIAG_FIX_H

#include "model.h"

/*
 * argv[0] is "fix"; @gather fills a report as plain vtdiag does, under
 * the root the options chose.
 */
int vtdiag_fix_main(int argc, char **argv,
		    void (*gather)(struct vtdiag_report *report));

#endif /* VTDIAG_FIX_H */
