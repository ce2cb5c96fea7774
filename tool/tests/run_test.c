// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vtdiag_run() (run.c): exit codes, signals, output kept
 * and cut, the environment and descriptors a helper gets, and the
 * deadline: a helper that ignores SIGTERM and leaves a grandchild holding
 * its stdout is killed with its whole group, in time, and reaped. TAP.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "run.h"
#include "util.h"

#include "harness.h"

/* A deadline overrun this large is a failure, not scheduling noise. */
#define MARGIN_MS	2000

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static char output[256];

/* `/bin/sh -c SCRIPT` with @timeout_ms; the result in @res. */
static int run_sh(const char *script, unsigned int timeout_ms,
		  struct vtdiag_run_result *res)
{
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	struct vtdiag_run_req req = {
		.path = "/bin/sh", .argv = argv, .timeout_ms = timeout_ms,
		.out = output, .out_size = sizeof(output),
	};

	return vtdiag_run(&req, res);
}

/* No child of ours is left, zombie or not. */
static bool no_children(void)
{
	return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

/* @pid is gone, or a zombie of someone else's (a container's init may
 * never reap it): dead either way. */
static bool dead_within(pid_t pid, int ms)
{
	char path[64], stat[256];
	long long until = now_ms() + ms;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	do {
		f = fopen(path, "r");
		if (!f)
			return true;
		if (!fgets(stat, sizeof(stat), f))
			stat[0] = '\0';
		fclose(f);
		if (strstr(stat, ") Z ") || strstr(stat, ") X "))
			return true;
		usleep(10000);
	} while (now_ms() < until);
	return false;
}

static void test_exit_and_output(void)
{
	struct vtdiag_run_result res;

	EXPECT(run_sh("echo hello; echo world; exit 0", 5000, &res) == 0);
	EXPECT(res.outcome == VTDIAG_RUN_EXITED && res.code == 0);
	EXPECT_STR(output, "hello\nworld\n");
	EXPECT(res.out_len == 12 && !res.out_truncated);

	EXPECT(run_sh("echo partial; exit 3", 5000, &res) == -1);
	EXPECT(res.outcome == VTDIAG_RUN_EXITED && res.code == 3);
	EXPECT_STR(output, "partial\n");

	EXPECT(run_sh("kill -USR1 $$", 5000, &res) == -1);
	EXPECT(res.outcome == VTDIAG_RUN_SIGNALED && res.code == SIGUSR1);
	EXPECT(no_children());
}

/* 4 MiB through a 256-byte buffer: the start kept, the child not blocked. */
static void test_big_output(void)
{
	struct vtdiag_run_result res;
	long long start = now_ms();

	EXPECT(run_sh("printf 'first line\\n'; head -c 4194304 /dev/zero", 10000,
		      &res) == 0);
	EXPECT(res.outcome == VTDIAG_RUN_EXITED && res.code == 0);
	EXPECT(res.out_truncated && res.out_len == sizeof(output) - 1);
	EXPECT(!strncmp(output, "first line\n", 11));
	EXPECT(now_ms() - start < 5000);
}

static void test_not_started(void)
{
	char *argv[] = { "nope", NULL };
	struct vtdiag_run_req req = {
		.path = "/nonexistent/vtdiag-helper", .argv = argv,
		.timeout_ms = 1000, .out = output, .out_size = sizeof(output),
	};
	struct vtdiag_run_result res;

	EXPECT(vtdiag_run(&req, &res) == -1);
	EXPECT(res.outcome == VTDIAG_RUN_NOT_STARTED && res.code == ENOENT);
	req.path = "relative/sh";
	EXPECT(vtdiag_run(&req, &res) == -1);
	EXPECT(res.outcome == VTDIAG_RUN_NOT_STARTED && res.code == EINVAL);
	EXPECT(no_children());
}

/* Only PATH and LC_ALL, whatever ours holds. */
static void test_environment(void)
{
	char *argv[] = { "env", NULL };
	struct vtdiag_run_req req = {
		.path = "/usr/bin/env", .argv = argv, .timeout_ms = 5000,
		.out = output, .out_size = sizeof(output),
	};
	struct vtdiag_run_result res;

	setenv("LD_PRELOAD", "/tmp/evil.so", 1);
	setenv("VTDIAG_TEST_SECRET", "x", 1);
	EXPECT(vtdiag_run(&req, &res) == 0);
	EXPECT_STR(output, "PATH=" VTDIAG_RUN_PATH "\nLC_ALL=C\n");
	unsetenv("LD_PRELOAD");
	unsetenv("VTDIAG_TEST_SECRET");
}

/*
 * Descriptors 0-2 only (stdin and stderr /dev/null), even one we opened
 * without O_CLOEXEC; the child leads a process group of its own.
 */
static void test_descriptors_and_group(void)
{
	struct vtdiag_run_result res;
	int leaked = open("/dev/null", O_RDONLY);	/* no O_CLOEXEC */

	EXPECT(leaked > 2);
	EXPECT(run_sh("cd /proc/self/fd && echo *", 5000, &res) == 0);
	/* the glob's own directory descriptor is sh's, opened after exec */
	EXPECT(!strncmp(output, "0 1 2", 5) &&
	       (output[5] == '\n' || !strcmp(output + 5, " 3\n")));
	EXPECT(run_sh("readlink /proc/self/fd/0 /proc/$$/fd/2", 5000, &res) == 0);
	EXPECT_STR(output, "/dev/null\n/dev/null\n");
	/* /proc/PID/stat after the name: state, ppid, pgrp */
	EXPECT(run_sh("read -r l </proc/$$/stat; set -- ${l##*) }; echo $3 $$",
		      5000, &res) == 0);
	EXPECT(strlen(output) > 2 &&
	       !strncmp(output, strchr(output, ' ') + 1,
			strchr(output, ' ') - output));
	close(leaked);
}

static void on_tick(int sig)
{
	(void)sig;
}

/*
 * The hung helper: ignores SIGTERM, never exits, and its grandchild
 * holds stdout open. A signal interrupts us every 20 ms meanwhile
 * (EINTR everywhere).
 */
static void test_deadline(void)
{
	struct sigaction sa = { .sa_handler = on_tick };	/* no SA_RESTART */
	struct sigevent ev = {
		.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2,
	};
	struct itimerspec tick = { { 0, 20000000 }, { 0, 20000000 } };
	struct vtdiag_run_result res;
	long long start, took;
	pid_t grandchild;
	timer_t timer;

	sigaction(SIGUSR2, &sa, NULL);
	EXPECT(!timer_create(CLOCK_MONOTONIC, &ev, &timer));
	timer_settime(timer, 0, &tick, NULL);
	start = now_ms();
	EXPECT(run_sh("trap '' TERM; sleep 1000 & echo $!; while :; do sleep 1; done",
		      500, &res) == -1);
	took = now_ms() - start;
	timer_delete(timer);
	EXPECT(res.outcome == VTDIAG_RUN_TIMED_OUT);
	EXPECT(took >= 500 && took < 500 + MARGIN_MS);
	printf("#   timed out after %lld ms (deadline 500)\n", took);
	EXPECT(no_children());
	grandchild = atoi(output);
	EXPECT(grandchild > 1);
	if (grandchild > 1)
		EXPECT(dead_within(grandchild, 1000));
}

/* It exits at once; what it left running dies, nobody waits for it. */
static void test_exit_leaves_nothing(void)
{
	struct vtdiag_run_result res;
	long long start = now_ms();
	pid_t grandchild;

	EXPECT(run_sh("sleep 1000 & echo $!", 5000, &res) == 0);
	EXPECT(res.outcome == VTDIAG_RUN_EXITED && res.code == 0);
	EXPECT(now_ms() - start < MARGIN_MS);
	EXPECT(no_children());
	grandchild = atoi(output);
	EXPECT(grandchild > 1);
	if (grandchild > 1)
		EXPECT(dead_within(grandchild, 1000));
}

static void test_find(void)
{
	static const char *const dirs[] = { "/nonexistent", "/bin", NULL };
	static const char *const none[] = { "/nonexistent", NULL };
	char path[64];

	EXPECT(vtdiag_run_find("sh", dirs, path, sizeof(path)) == 0);
	EXPECT_STR(path, "/bin/sh");
	EXPECT(vtdiag_run_find("sh", none, path, sizeof(path)) == -ENOENT);
	EXPECT_STR(path, "");
}

static const struct test_case tests[] = {
	{ "exit status, signal and output", test_exit_and_output },
	{ "output bigger than the buffer", test_big_output },
	{ "a program that cannot start", test_not_started },
	{ "fixed environment", test_environment },
	{ "descriptors and process group", test_descriptors_and_group },
	{ "deadline kills the group", test_deadline },
	{ "nothing outlives a helper that exited", test_exit_leaves_nothing },
	{ "program lookup in fixed directories", test_find },
};

int main(void)
{
	/* A regression hangs here: fail instead of stalling make test. */
	alarm(60);
	return run_tests(tests, ARRAY_SIZE(tests));
}
