/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one way vtdiag runs another program (getent, systemctl, modprobe,
 * mokutil): by absolute path, with a fixed environment, stdin and stderr
 * on /dev/null, stdout into a bounded buffer, no other descriptor, in a
 * process group of its own, and a deadline after which the whole group
 * is killed. A helper that hangs (getent against an unreachable LDAP
 * server, a wedged systemd) costs the report its deadline, not the run.
 */
#ifndef VTDIAG_RUN_H
#define VTDIAG_RUN_H

#include <stdbool.h>
#include <stddef.h>

/* Deadlines of the helpers: each answers in milliseconds when healthy. */
#define VTDIAG_GETENT_TIMEOUT_MS	6000
#define VTDIAG_SYSTEMCTL_TIMEOUT_MS	4000
/* modprobe may have to read a cold disk or a network root. */
#define VTDIAG_MODPROBE_TIMEOUT_MS	15000
#define VTDIAG_MOKUTIL_TIMEOUT_MS	4000

/*
 * The environment of every helper, nothing of our caller's: sudo or a
 * service manager may hand us anything (LD_PRELOAD is stripped by the
 * loader only for setuid programs, and vtdiag is not one).
 */
#define VTDIAG_RUN_PATH			"/usr/sbin:/usr/bin:/sbin:/bin"

struct vtdiag_run_req {
	const char *path;		/* absolute */
	char *const *argv;		/* argv[0] is what the program sees */
	unsigned int timeout_ms;	/* 0: the child is killed at once */
	char *out;			/* stdout, NUL-terminated; may be NULL */
	size_t out_size;
	/* stderr into @out too (modprobe's reason), not /dev/null */
	bool capture_stderr;
};

enum vtdiag_run_outcome {
	VTDIAG_RUN_EXITED,		/* code: exit status */
	VTDIAG_RUN_SIGNALED,		/* code: the signal that ended it */
	VTDIAG_RUN_TIMED_OUT,		/* its group was killed at the deadline */
	VTDIAG_RUN_NOT_STARTED,		/* code: errno (exec, fork, pipe) */
};

struct vtdiag_run_result {
	enum vtdiag_run_outcome outcome;
	int code;
	size_t out_len;			/* bytes kept in req->out */
	bool out_truncated;		/* it printed more than fit */
};

/*
 * Runs @req->path and waits for it, never past the deadline. Returns 0
 * when it exited with status 0, else -1; @res says what happened either
 * way. The child is always reaped before this returns, unless it does not
 * die within a second of SIGKILL (stuck in the kernel): then it is left
 * to be reaped by init when vtdiag exits.
 */
int vtdiag_run(const struct vtdiag_run_req *req, struct vtdiag_run_result *res);

/*
 * The first "DIR/@name" executable by us among @dirs (NULL-terminated,
 * absolute), into @path. Returns 0 or -ENOENT. Fixed lists only: PATH is
 * the caller's, and vtdiag runs as root.
 */
int vtdiag_run_find(const char *name, const char *const *dirs, char *path,
		    size_t size);

#endif /* VTDIAG_RUN_H */
