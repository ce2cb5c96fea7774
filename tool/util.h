/* SPDX-License-Identifier: GPL-2.0 */
/* The few kernel-style helpers the tool uses. */
#ifndef VTDIAG_UTIL_H
#define VTDIAG_UTIL_H

#define ARRAY_SIZE(array)	(sizeof(array) / sizeof((array)[0]))
#define __printf(fmt, args)	__attribute__((format(printf, fmt, args)))

#endif /* VTDIAG_UTIL_H */
