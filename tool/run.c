// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "run.h"
#include "util.h"

/*
 * How often to ask whether the child exited on a kernel without pidfds
 * (before 5.3), where its exit wakes nothing up while a grandchild still
 * holds its stdout.
 */
#define RUN_STEP_MS		20
/* How long a SIGKILLed child may take to die before it is left behind. */
#define RUN_KILL_GRACE_MS	1000
/* Highest descriptor closed in the child where close_range(2) is missing. */
#define RUN_FD_SCAN_MAX		65536

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC	(1U << 2)
#endif

static char *const run_env[] = {
	"PATH=" VTDIAG_RUN_PATH, "LC_ALL=C", NULL,
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Everything above stderr is closed by execve, whoever opened it. */
static void cloexec_all_above_stderr(void)
{
	int fd;

#ifdef SYS_close_range
	if (!syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC))
		return;
#endif
	for (fd = 3; fd < RUN_FD_SCAN_MAX; fd++)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
}

/*
 * In the child, between fork and execve: async-signal-safe calls only.
 * @err_w reports execve's errno; it closes on a successful execve.
 */
static void __attribute__((noreturn))
exec_child(const struct vtdiag_run_req *req, int out_w, int err_w, int devnull)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;
	int sig, err;

	/* Its own group: the deadline kills whatever it started too. */
	setpgid(0, 0);
	/* Ignored signals survive execve; a helper gets the defaults. */
	for (sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (dup2(devnull, STDIN_FILENO) < 0 ||
	    dup2(out_w, STDOUT_FILENO) < 0 ||
	    dup2(req->capture_stderr ? out_w : devnull, STDERR_FILENO) < 0)
		goto fail;
	cloexec_all_above_stderr();
	execve(req->path, req->argv, run_env);
fail:
	err = errno;
	if (write(err_w, &err, sizeof(err)) < 0)
		_exit(127);
	_exit(127);
}

/* A descriptor above stderr, so that dup2() onto 0-2 never meets itself. */
static int above_stderr(int fd)
{
	int high;

	if (fd < 0 || fd > STDERR_FILENO)
		return fd;
	high = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	close(fd);
	return high;
}

/* The parent's side of a running child. */
struct child {
	pid_t pid;
	int pidfd;		/* -1 without pidfd_open(2) */
	int out_r;		/* its stdout; -1 after EOF */
	int err_r;		/* execve's errno; -1 after EOF */
	int exec_errno;		/* 0: it started */
	bool exited;		/* a zombie: its pid and group are still ours */
	bool group_killed;
};

static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* Whether it exited, without reaping it (WNOWAIT): its pid stays ours. */
static bool child_exited(pid_t pid)
{
	siginfo_t info = { 0 };

	return !waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) &&
	       info.si_pid == pid;
}

static int start_child(const struct vtdiag_run_req *req, struct child *c)
{
	int out[2], err[2], devnull, saved;

	devnull = above_stderr(open("/dev/null", O_RDWR | O_CLOEXEC));
	if (devnull < 0)
		return -errno;
	if (pipe2(out, O_CLOEXEC)) {
		saved = -errno;
		close(devnull);
		return saved;
	}
	if (pipe2(err, O_CLOEXEC)) {
		saved = -errno;
		close(out[0]);
		close(out[1]);
		close(devnull);
		return saved;
	}
	out[1] = above_stderr(out[1]);
	c->pid = out[1] < 0 ? -1 : fork();
	saved = -errno;
	if (!c->pid)
		exec_child(req, out[1], err[1], devnull);
	close(out[1]);
	close(err[1]);
	close(devnull);
	if (c->pid < 0) {
		close(out[0]);
		close(err[0]);
		return saved;
	}
	/* Also here: the group exists before we may have to kill it. */
	setpgid(c->pid, c->pid);
	c->out_r = out[0];
	c->err_r = err[0];
	c->pidfd = open_pidfd(c->pid);
	return 0;
}

/* Keeps the start of the output; reads the rest so the child never blocks. */
static void read_output(const struct vtdiag_run_req *req, struct child *c,
			struct vtdiag_run_result *res)
{
	char chunk[4096];
	size_t room, take;
	ssize_t got;

	got = read(c->out_r, chunk, sizeof(chunk));
	if (got < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (got <= 0) {
		close(c->out_r);
		c->out_r = -1;
		return;
	}
	room = req->out && req->out_size ? req->out_size - 1 - res->out_len : 0;
	take = (size_t)got < room ? (size_t)got : room;
	if (take) {
		memcpy(req->out + res->out_len, chunk, take);
		res->out_len += take;
		req->out[res->out_len] = '\0';
	}
	if (take < (size_t)got)
		res->out_truncated = true;
}

static void read_exec_errno(struct child *c)
{
	ssize_t got = read(c->err_r, &c->exec_errno, sizeof(c->exec_errno));

	if (got < 0 && errno == EINTR)
		return;
	if (got != sizeof(c->exec_errno))
		c->exec_errno = 0;
	close(c->err_r);
	c->err_r = -1;
}

/*
 * Anything the helper left running dies with it: SIGKILL to its group
 * while the leader is a zombie or alive, so the group id cannot have
 * been reused.
 */
static void kill_group(struct child *c)
{
	if (c->group_killed)
		return;
	kill(-c->pid, SIGKILL);
	c->group_killed = true;
}

/* One wait for output, execve's answer or the exit; false at the deadline. */
static bool wait_once(const struct vtdiag_run_req *req, struct child *c,
		      struct vtdiag_run_result *res, long long deadline)
{
	struct pollfd fds[3];
	long long left = deadline - now_ms();
	nfds_t n = 0;
	int timeout;

	if (left <= 0)
		return false;
	timeout = left > INT_MAX ? INT_MAX : (int)left;
	if (c->pidfd < 0 && !c->exited && timeout > RUN_STEP_MS)
		timeout = RUN_STEP_MS;
	if (c->out_r >= 0)
		fds[n++] = (struct pollfd){ .fd = c->out_r, .events = POLLIN };
	if (c->err_r >= 0)
		fds[n++] = (struct pollfd){ .fd = c->err_r, .events = POLLIN };
	if (c->pidfd >= 0 && !c->exited)
		fds[n++] = (struct pollfd){ .fd = c->pidfd, .events = POLLIN };
	if (poll(fds, n, timeout) < 0 && errno != EINTR)
		return false;
	while (n--) {
		if (!fds[n].revents)
			continue;
		if (fds[n].fd == c->out_r)
			read_output(req, c, res);
		else if (fds[n].fd == c->err_r)
			read_exec_errno(c);
	}
	return true;
}

/* Reaps it; false when it would not die (stuck in the kernel). */
static bool reap(struct child *c, int *status)
{
	long long give_up = now_ms() + RUN_KILL_GRACE_MS;
	pid_t got;

	for (;;) {
		got = waitpid(c->pid, status, WNOHANG);
		if (got == c->pid)
			return true;
		if (got < 0 && errno != EINTR)
			return false;
		if (now_ms() >= give_up)
			return false;
		if (c->pidfd >= 0)
			poll(&(struct pollfd){ .fd = c->pidfd, .events = POLLIN },
			     1, RUN_STEP_MS);
		else
			usleep(RUN_STEP_MS * 1000);
	}
}

static void close_child(struct child *c)
{
	if (c->out_r >= 0)
		close(c->out_r);
	if (c->err_r >= 0)
		close(c->err_r);
	if (c->pidfd >= 0)
		close(c->pidfd);
}

static void set_outcome(struct vtdiag_run_result *res, const struct child *c,
			bool timed_out, bool reaped, int status)
{
	if (c->exec_errno) {
		res->outcome = VTDIAG_RUN_NOT_STARTED;
		res->code = c->exec_errno;
	} else if (timed_out || !reaped) {
		res->outcome = VTDIAG_RUN_TIMED_OUT;
	} else if (WIFEXITED(status)) {
		res->outcome = VTDIAG_RUN_EXITED;
		res->code = WEXITSTATUS(status);
	} else {
		res->outcome = VTDIAG_RUN_SIGNALED;
		res->code = WTERMSIG(status);
	}
}

int vtdiag_run(const struct vtdiag_run_req *req, struct vtdiag_run_result *res)
{
	long long deadline = now_ms() + req->timeout_ms;
	struct child c = { .pidfd = -1, .out_r = -1, .err_r = -1 };
	bool timed_out = false, reaped;
	int status = 0, err;

	memset(res, 0, sizeof(*res));
	res->outcome = VTDIAG_RUN_NOT_STARTED;
	if (req->out && req->out_size)
		req->out[0] = '\0';
	if (!req->path || req->path[0] != '/') {
		res->code = EINVAL;
		return -1;
	}
	err = start_child(req, &c);
	if (err) {
		res->code = -err;
		return -1;
	}
	for (;;) {
		if (!c.exited && child_exited(c.pid))
			c.exited = true;
		if (c.exited)
			kill_group(&c);
		if (c.exited && c.out_r < 0 && c.err_r < 0)
			break;
		if (!wait_once(req, &c, res, deadline)) {
			timed_out = !c.exited;
			break;
		}
	}
	kill_group(&c);
	reaped = reap(&c, &status);
	close_child(&c);
	set_outcome(res, &c, timed_out, reaped, status);
	return res->outcome == VTDIAG_RUN_EXITED && !res->code ? 0 : -1;
}

int vtdiag_run_find(const char *name, const char *const *dirs, char *path,
		    size_t size)
{
	for (; *dirs; dirs++) {
		if ((size_t)snprintf(path, size, "%s/%s", *dirs, name) >= size)
			continue;
		if (!access(path, X_OK))
			return 0;
	}
	path[0] = '\0';
	return -ENOENT;
}
