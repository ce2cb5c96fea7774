// SPDX-License-Identifier: GPL-2.0
/*
 * A query must not disturb the machine: firmware bits cost no cross-CPU
 * call once sampled, and the live bits are re-read only for a caller with
 * CAP_SYS_ADMIN, at most once a second. Many unprivileged queries, as fast
 * as they go, therefore cost no more cross-CPU calls than the same process
 * asking the netlink controller instead (remote wake-ups count as function
 * calls too), with slack for noise; counted from "Function call
 * interrupts" (CAL) in /proc/interrupts. live_test.c counts the module's
 * own calls exactly, with the function tracer.
 */
#include <grp.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "nlhelp.h"
#include "testhelp.h"

/*
 * How long each query loop runs: 2 s, or VTDIAG_IPI_SECONDS (1-60). On a
 * slow kernel (scripts/debug-lane's) a longer loop makes enough queries
 * for the bound to mean something: the bound grows by 2 calls per other
 * CPU a second, the queries by hundreds.
 */
static double loop_seconds(void)
{
	const char *env = getenv("VTDIAG_IPI_SECONDS");
	char *end;
	double s;

	if (!env || !*env)
		return 2.0;
	s = strtod(env, &end);
	return *end || s < 1 || s > 60 ? 2.0 : s;
}

#define SECONDS loop_seconds()

/* Sum of the CAL line over all CPUs, or -1. */
static long long cal_interrupts(void)
{
	long long cal[4096], sum = 0;
	int i, n = cal_per_cpu(cal, 4096);

	if (n < 0)
		return -1;
	for (i = 0; i < n; i++)
		sum += cal[i];
	return sum;
}

/* The control: the same round trips to the netlink controller. */
static int ctrl_request(struct nlh_sock *s)
{
	static struct nlh_msg m;
	int err;

	nlh_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	nlh_put(&m, CTRL_ATTR_FAMILY_NAME, VTDIAG_GENL_NAME,
		sizeof(VTDIAG_GENL_NAME));
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, NULL, NULL, NULL);
}

/* Queries for @seconds (the controller's, for @control); how many, or -1. */
static long query_loop(double seconds, int control)
{
	double until = now() + seconds;
	struct nlh_sock s;
	long n = 0;

	if (nlh_open(&s, VTDIAG_GENL_NAME))
		return -1;
	while (now() < until) {
		if (control) {
			if (ctrl_request(&s) || ctrl_request(&s) || ctrl_request(&s))
				return -1;
		} else if (nlh_request(&s, VTDIAG_CMD_GET_HOST, 0, -1, NULL, NULL, NULL) ||
		    nlh_request(&s, VTDIAG_CMD_GET_CPU, NLM_F_DUMP, -1, NULL,
				NULL, NULL) ||
		    nlh_request(&s, VTDIAG_CMD_GET_CPU, 0, 0, NULL, NULL, NULL))
			return -1;
		n += 3;
	}
	close(s.fd);
	return n;
}

/* Cross-CPU calls while a child of nobody's queries for SECONDS. */
static long long calls_during_queries(int control, long *queries)
{
	long long before = cal_interrupts();
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) || setgid(65534) || setuid(65534)))
			_exit(1);
		*queries = query_loop(SECONDS, control);
		_exit(*queries > 0 ? 0 : 2);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return cal_interrupts() - before;
}

/* What the test logs, as one line: its figures for the bound. */
#define CALLS_LOG "%ld queries as nobody in %.0f s on %d CPUs: %lld cross-CPU calls (same loop on nlctrl: %lld; bound %lld)"

TEST(queries_cost_bounded_cross_cpu_calls)
{
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	long long control, during, bound, unbounded;
	long *queries;

	if (ncpus < 2)
		SKIP(return, "one CPU: no cross-CPU calls to count");
	ASSERT_GE(cal_interrupts(), 0) TH_LOG("no CAL line in /proc/interrupts");
	queries = mmap(NULL, sizeof(*queries), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, queries);

	control = calls_during_queries(1, queries);
	ASSERT_GE(control, 0);
	during = calls_during_queries(0, queries);
	ASSERT_GE(during, 0);

	/*
	 * No live round for nobody: noise only, twice the control's and two
	 * calls per CPU. (Before, a round a second, and unbounded before
	 * that, would add one call per other CPU each.)
	 */
	bound = 2 * control + 2 * ncpus;
	unbounded = *queries / 3 * (ncpus - 1);
	TH_LOG(CALLS_LOG, *queries, SECONDS, ncpus, during, control, bound);
	munmap(queries, sizeof(*queries));
	/* Exceeding the bound always fails, however slow the kernel. */
	ASSERT_LE(during, bound);
	/*
	 * Unbounded, the same queries would have cost far more - unless the
	 * kernel is so slow (the debug kernel of scripts/debug-lane answers
	 * some 30 times fewer queries than a normal one) that even a round
	 * for every third query would stay within a few times the bound:
	 * then the bound holding proves nothing.
	 */
	if (unbounded <= 4 * bound)
		SKIP(return,
		     "too few queries for the bound to mean anything (unbounded %lld, 4 * bound %lld; a longer VTDIAG_IPI_SECONDS helps)",
		     unbounded, 4 * bound);
}

TEST_HARNESS_MAIN
