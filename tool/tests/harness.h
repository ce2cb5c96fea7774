/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The harness of the tool's C test programs (tests/NAME_test.c). A failed
 * EXPECT says where and what it got, and the test goes on, so one run
 * shows every difference. run_tests() prints TAP ("ok N - name", "not ok
 * N - name", "# SKIP why") and a closing "N passed, N failed".
 *
 * Skips are the test's own call: it writes why into test_skip and
 * returns. A skipped test is not a failure, whatever VTDIAG_NO_SKIP says:
 * that turns the skips of export_test.sh (a missing promtool, valgrind,
 * setpriv) into failures, and these programs never read it.
 */
#ifndef VTDIAG_TEST_HARNESS_H
#define VTDIAG_TEST_HARNESS_H

#include <stdio.h>
#include <string.h>

#include "util.h"

/* The running test failed: set by EXPECT*, or by the test itself. */
static int test_failed;
/* Why the running test cannot run here; empty while it can. */
static char test_skip[512];

#define EXPECT(cond) do {						\
	if (!(cond)) {							\
		printf("#   %s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
		test_failed = 1;					\
	}								\
} while (0)

#define EXPECT_STR(got, want) do {					\
	const char *got_ = (got), *want_ = (want);			\
	if (!got_ || !want_ || strcmp(got_, want_)) {			\
		printf("#   %s:%d: %s is \"%s\", expected \"%s\"\n",	\
		       __FILE__, __LINE__, #got, got_ ? got_ : "(null)",	\
		       want_ ? want_ : "(null)");			\
		test_failed = 1;					\
	}								\
} while (0)

#define EXPECT_CONTAINS(haystack, needle) do {				\
	const char *hay_ = (haystack);					\
	if (!hay_ || !strstr(hay_, (needle))) {				\
		printf("#   %s:%d: \"%s\" not found in:\n#   %s\n",	\
		       __FILE__, __LINE__, (needle), hay_ ? hay_ : "(null)"); \
		test_failed = 1;					\
	}								\
} while (0)

/* Ignoring case: a scrubbed identifier must not survive in any case. */
#define EXPECT_LACKS(haystack, needle) do {				\
	const char *hay_ = (haystack);					\
	if (hay_ && strcasestr(hay_, (needle))) {			\
		printf("#   %s:%d: \"%s\" found in:\n#   %s\n",		\
		       __FILE__, __LINE__, (needle), hay_);		\
		test_failed = 1;					\
	}								\
} while (0)

struct test_case {
	const char *name;
	void (*fn)(void);
};

/* Runs @tests in order; the exit status: 1 when any failed. */
static inline int run_tests(const struct test_case *tests, size_t nr_tests)
{
	int passed = 0, failed = 0, skipped = 0;
	size_t i;

	printf("TAP version 13\n1..%zu\n", nr_tests);
	for (i = 0; i < nr_tests; i++) {
		test_failed = 0;
		test_skip[0] = '\0';
		tests[i].fn();
		printf("%sok %zu - %s", test_failed ? "not " : "", i + 1,
		       tests[i].name);
		if (test_skip[0] && !test_failed) {
			printf(" # SKIP %s\n", test_skip);
			skipped++;
			continue;
		}
		putchar('\n');
		if (test_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed", passed, failed);
	if (skipped)
		printf(", %d skipped", skipped);
	putchar('\n');
	return failed ? 1 : 0;
}

#endif /* VTDIAG_TEST_HARNESS_H */
