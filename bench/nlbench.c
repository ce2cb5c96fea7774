// SPDX-License-Identifier: GPL-2.0
/*
 * nlbench - the measuring half of `make bench`, run inside the test VM by
 * bench/run-in-vm. Each result is one line of key=value pairs on stdout for
 * scripts/bench to aggregate; nothing here judges a result.
 *
 *   nlbench query               the vtdiag tool's four requests, once
 *   nlbench host SECONDS        GET_HOST round trips for SECONDS
 *   nlbench cpu SECONDS         GET_CPU do round trips (every online CPU)
 *   nlbench dump SECONDS        GET_CPU dumps
 *   nlbench ctrl SECONDS        the genl controller's GETFAMILY "vtdiag":
 *                               a busy netlink loop that never enters
 *                               vtdiag, the control for the IPI counts
 *   nlbench idle SECONDS        nothing: the guest's own IPI rate
 *   nlbench modload KO NAME N   finit_module + delete_module, N times
 *   nlbench spawn CMD [ARG]...  wall, user and system time of one command
 *
 * The timed loops also count the cross-CPU calls ("CAL", function call
 * interrupts) and TLB shootdowns of all CPUs in /proc/interrupts before
 * and after, so that the IPI cost of a query is measured, not assumed.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <linux/vtdiag.h>
#include "nlhelp.h"

extern char **environ;

/* Far more than 2 s of the fastest loop under TCG (~10^4/s) can fill. */
#define MAX_SAMPLES	(1u << 20)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static int usage(void)
{
	fputs("usage: nlbench query | host SECONDS | cpu SECONDS | dump SECONDS |\n"
	      "       ctrl SECONDS | idle SECONDS | live ROUNDS |\n"
	      "       modload KO NAME N | spawn CMD [ARG]...\n",
	      stderr);
	return 64;
}

/* --- /proc/interrupts ----------------------------------------------- */

struct ipi_counts {
	unsigned long long cal;	/* function call interrupts, all CPUs */
	unsigned long long tlb;	/* TLB shootdowns, all CPUs */
	int cpus;		/* columns: the online CPUs */
};

/* Sum of the per-CPU columns after "NAME:"; stops at the description. */
static unsigned long long sum_columns(const char *p)
{
	unsigned long long sum = 0, count;
	char *end;

	for (;;) {
		count = strtoull(p, &end, 10);
		if (end == p)
			return sum;
		sum += count;
		p = end;
	}
}

static int read_ipis(struct ipi_counts *c)
{
	FILE *f = fopen("/proc/interrupts", "re");
	size_t size = 0;
	char *line = NULL, *p;
	int first = 1;

	memset(c, 0, sizeof(*c));
	if (!f)
		return -errno;
	while (getline(&line, &size, f) > 0) {
		if (first) {
			for (p = strstr(line, "CPU"); p; p = strstr(p + 3, "CPU"))
				c->cpus++;
			first = 0;
			continue;
		}
		for (p = line; *p == ' '; p++)
			;
		if (!strncmp(p, "CAL:", 4))
			c->cal = sum_columns(p + 4);
		else if (!strncmp(p, "TLB:", 4))
			c->tlb = sum_columns(p + 4);
	}
	free(line);
	fclose(f);
	return 0;
}

/* --- latency samples -------------------------------------------------- */

struct samples {
	uint64_t *ns;
	size_t n;
};

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * What one now_ns() costs: the guest's clocksource under TCG may be the
 * emulated HPET, whose every read is a trip out of the guest. Each timed
 * request below contains one such read.
 */
static uint64_t clock_cost_ns(void)
{
	uint64_t deltas[1001], t0, t1;
	size_t i;

	t0 = now_ns();
	for (i = 0; i < 1001; i++) {
		t1 = now_ns();
		deltas[i] = t1 - t0;
		t0 = t1;
	}
	qsort(deltas, 1001, sizeof(*deltas), cmp_u64);
	return deltas[500];
}

/* Nearest-rank percentile of sorted samples, in microseconds. */
static double pct_us(const struct samples *s, double pct)
{
	size_t rank = (size_t)(pct / 100.0 * s->n + 0.999999);

	if (!s->n)
		return 0;
	if (rank < 1)
		rank = 1;
	if (rank > s->n)
		rank = s->n;
	return s->ns[rank - 1] / 1000.0;
}

static void print_latency(struct samples *s)
{
	qsort(s->ns, s->n, sizeof(*s->ns), cmp_u64);
	printf(" min_us=%.1f p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f",
	       pct_us(s, 0), pct_us(s, 50), pct_us(s, 90), pct_us(s, 99),
	       pct_us(s, 100));
}

/* --- netlink requests ------------------------------------------------- */

struct reply_count {
	unsigned int msgs;	/* replies of our family */
	__u32 cpus_online;	/* from a GET_HOST reply, 0 when absent */
	int intr;		/* a dump part carried NLM_F_DUMP_INTR */
};

static int count_cb(struct nlmsghdr *nlh, void *arg)
{
	struct reply_count *rc = arg;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	rc->msgs++;
	if (nlh->nlmsg_type == GENL_ID_CTRL || g->cmd != VTDIAG_CMD_GET_HOST)
		return 0;
	nlh_parse(tb, VTDIAG_A_HOST_MAX, (char *)g + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	if (tb[VTDIAG_A_HOST_CPUS_ONLINE])
		rc->cpus_online = nla_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]);
	return 0;
}

/* Sends @m and reads its whole answer (a do reply, or a dump to its end). */
static int roundtrip(struct nlh_sock *s, struct nlh_msg *m,
		     struct reply_count *rc)
{
	int err;

	memset(rc, 0, sizeof(*rc));
	err = nlh_send(s, m);
	if (!err)
		err = nlh_recv(s, count_cb, rc, &rc->intr);
	if (!err && !rc->msgs)
		err = -ENODATA;
	return err;
}

/* One vtdiag request: do or dump @cmd, with a CPU id when @cpu >= 0. */
static int request(struct nlh_sock *s, uint8_t cmd, uint16_t flags, int cpu,
		   struct reply_count *rc)
{
	static struct nlh_msg m;

	nlh_init(&m, s->family, flags, cmd, VTDIAG_GENL_VERSION);
	if (cpu >= 0)
		nlh_put_u32(&m, VTDIAG_A_CPU_ID, cpu);
	return roundtrip(s, &m, rc);
}

/* The controller's answer about our family: the same path minus vtdiag. */
static int ctrl_getfamily(struct nlh_sock *s, struct reply_count *rc)
{
	static struct nlh_msg m;

	nlh_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	nlh_put(&m, CTRL_ATTR_FAMILY_NAME, VTDIAG_GENL_NAME,
		sizeof(VTDIAG_GENL_NAME));
	return roundtrip(s, &m, rc);
}

static int open_family(struct nlh_sock *s)
{
	int err = nlh_open(s, VTDIAG_GENL_NAME);

	if (err)
		fprintf(stderr, "nlbench: cannot resolve family %s: %s\n",
			VTDIAG_GENL_NAME, strerror(-err));
	return err;
}

/*
 * What tool/vtdiag asks, in its order: resolve the family, GET_HOST, the
 * CPU dump, GET_HOST again to see the generation did not move. Without
 * libnl and without its per-request ACKs: the floor of a query.
 */
static int cmd_query(void)
{
	struct reply_count host, dump, again;
	struct nlh_sock s;
	int err;

	if (open_family(&s))
		return 1;
	err = request(&s, VTDIAG_CMD_GET_HOST, 0, -1, &host);
	if (!err)
		err = request(&s, VTDIAG_CMD_GET_CPU, NLM_F_DUMP, -1, &dump);
	if (!err)
		err = request(&s, VTDIAG_CMD_GET_HOST, 0, -1, &again);
	close(s.fd);
	if (err) {
		fprintf(stderr, "nlbench: query failed: %s\n", strerror(-err));
		return 1;
	}
	if (dump.msgs != host.cpus_online) {
		fprintf(stderr, "nlbench: dump gave %u CPUs, GET_HOST says %u\n",
			dump.msgs, host.cpus_online);
		return 1;
	}
	return 0;
}

/* --- timed loops ------------------------------------------------------ */

enum loop_kind { LOOP_HOST, LOOP_CPU, LOOP_DUMP, LOOP_CTRL, LOOP_IDLE };

/*
 * The live-bit round, timed from here: after a pause of more than a
 * second the next GET_HOST re-reads every CPU's CR4.VMXE / EFER.SVME
 * (all at once) before it answers, the one right after it does not. One
 * line a round: both latencies and their difference, the round itself.
 * A controller request first wakes the path up after the pause (under
 * TCG the first request after a sleep is slow whatever it asks), so the
 * difference is the round alone.
 */
static int cmd_live(const char *arg)
{
	struct reply_count first, second, ctrl;
	uint64_t t0, t1, t2;
	struct nlh_sock s;
	long rounds, i;
	char *end;
	int err = 0;

	rounds = strtol(arg, &end, 10);
	if (*end || rounds < 1 || rounds > 1000)
		return usage();
	if (open_family(&s))
		return 1;
	for (i = 1; i <= rounds && !err; i++) {
		usleep(1100 * 1000);
		err = ctrl_getfamily(&s, &ctrl);
		if (err)
			break;
		t0 = now_ns();
		err = request(&s, VTDIAG_CMD_GET_HOST, 0, -1, &first);
		t1 = now_ns();
		if (!err)
			err = request(&s, VTDIAG_CMD_GET_HOST, 0, -1, &second);
		t2 = now_ns();
		if (!err)
			printf("kind=live round=%ld first_us=%.1f again_us=%.1f round_us=%.1f cpus=%u\n",
			       i, (t1 - t0) / 1e3, (t2 - t1) / 1e3,
			       ((double)(t1 - t0) - (double)(t2 - t1)) / 1e3,
			       first.cpus_online);
	}
	close(s.fd);
	if (err) {
		fprintf(stderr, "nlbench: live: GET_HOST failed: %s\n", strerror(-err));
		return 1;
	}
	return 0;
}

static const char *const loop_names[] = {
	[LOOP_HOST] = "host", [LOOP_CPU] = "cpu", [LOOP_DUMP] = "dump",
	[LOOP_CTRL] = "ctrl", [LOOP_IDLE] = "idle",
};

struct loop_result {
	struct samples lat;
	unsigned long long msgs;	/* reply messages, all requests */
	unsigned int cpus_last;		/* CPUs in the last dump */
	unsigned int intr;		/* dumps flagged NLM_F_DUMP_INTR */
	uint64_t elapsed_ns;
};

static int loop_once(struct nlh_sock *s, enum loop_kind kind,
		     struct loop_result *r, unsigned int *next_cpu,
		     unsigned int cpus)
{
	struct reply_count rc;
	int err;

	switch (kind) {
	case LOOP_HOST:
		err = request(s, VTDIAG_CMD_GET_HOST, 0, -1, &rc);
		break;
	case LOOP_CTRL:
		err = ctrl_getfamily(s, &rc);
		break;
	case LOOP_CPU:
		/* Each CPU in turn (the VM's online CPUs are 0..cpus-1). */
		err = request(s, VTDIAG_CMD_GET_CPU, 0, *next_cpu, &rc);
		*next_cpu = (*next_cpu + 1) % cpus;
		break;
	default:
		err = request(s, VTDIAG_CMD_GET_CPU, NLM_F_DUMP, -1, &rc);
		r->cpus_last = rc.msgs;
		r->intr += !!rc.intr;
		break;
	}
	r->msgs += rc.msgs;
	return err;
}

static int run_loop(enum loop_kind kind, double seconds, struct loop_result *r)
{
	uint64_t start, t0, t1, limit = (uint64_t)(seconds * 1e9);
	unsigned int next_cpu = 0, cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct nlh_sock s = { .fd = -1 };
	int err = 0;

	memset(r, 0, sizeof(*r));
	if (kind == LOOP_IDLE) {
		struct timespec nap = {
			.tv_sec = limit / 1000000000u,
			.tv_nsec = limit % 1000000000u,
		};

		start = now_ns();
		while (nanosleep(&nap, &nap) && errno == EINTR)
			;
		r->elapsed_ns = now_ns() - start;
		return 0;
	}
	if (open_family(&s))
		return -ENOENT;
	/* Allocated and touched up front: no page faults inside the loop. */
	r->lat.ns = malloc(MAX_SAMPLES * sizeof(*r->lat.ns));
	if (!r->lat.ns) {
		close(s.fd);
		return -ENOMEM;
	}
	memset(r->lat.ns, 0, MAX_SAMPLES * sizeof(*r->lat.ns));
	start = t1 = now_ns();
	while (t1 - start < limit && r->lat.n < MAX_SAMPLES) {
		t0 = t1;
		err = loop_once(&s, kind, r, &next_cpu, cpus ? cpus : 1);
		t1 = now_ns();
		if (err)
			break;
		r->lat.ns[r->lat.n++] = t1 - t0;
	}
	r->elapsed_ns = t1 - start;
	close(s.fd);
	if (err)
		fprintf(stderr, "nlbench: %s request failed: %s\n",
			loop_names[kind], strerror(-err));
	return err;
}

static int cmd_loop(enum loop_kind kind, const char *arg)
{
	struct ipi_counts before, after;
	struct loop_result r;
	double seconds = atof(arg), secs;
	int err;

	if (seconds <= 0 || seconds > 600)
		return usage();
	if (read_ipis(&before))
		return 1;
	err = run_loop(kind, seconds, &r);
	if (err || read_ipis(&after)) {
		free(r.lat.ns);
		return 1;
	}
	secs = r.elapsed_ns / 1e9;
	printf("kind=%s secs=%.3f n=%zu rate=%.1f", loop_names[kind], secs,
	       r.lat.n, r.lat.n / secs);
	if (kind != LOOP_IDLE)
		print_latency(&r.lat);
	if (kind == LOOP_DUMP)
		printf(" cpus=%u intr=%u", r.cpus_last, r.intr);
	printf(" online=%d cal=%llu tlb=%llu clock_ns=%llu\n", after.cpus,
	       after.cal - before.cal, after.tlb - before.tlb,
	       (unsigned long long)clock_cost_ns());
	free(r.lat.ns);
	return 0;
}

/* --- module load and unload -------------------------------------------- */

/* delete_module right after a load can meet a module still settling. */
static int unload(const char *name)
{
	int tries;

	for (tries = 0; tries < 50; tries++) {
		if (!syscall(SYS_delete_module, name, O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			break;
		usleep(20000);
	}
	return -errno;
}

static int cmd_modload(const char *ko, const char *name, const char *count)
{
	int runs = atoi(count), i, fd, err;
	uint64_t t0, t1, t2;

	if (runs < 1)
		return usage();
	for (i = 1; i <= runs; i++) {
		fd = open(ko, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror(ko);
			return 1;
		}
		t0 = now_ns();
		err = syscall(SYS_finit_module, fd, "", 0) ? -errno : 0;
		t1 = now_ns();
		close(fd);
		if (err) {
			fprintf(stderr, "nlbench: finit_module %s: %s\n", ko,
				strerror(-err));
			return 1;
		}
		err = unload(name);
		t2 = now_ns();
		if (err) {
			fprintf(stderr, "nlbench: delete_module %s: %s\n", name,
				strerror(-err));
			return 1;
		}
		printf("kind=modload run=%d load_us=%.0f unload_us=%.0f\n", i,
		       (t1 - t0) / 1e3, (t2 - t1) / 1e3);
	}
	return 0;
}

/* --- one command, timed from spawn to exit ------------------------------ */

static int cmd_spawn(char **argv)
{
	posix_spawn_file_actions_t actions;
	struct rusage ru;
	uint64_t t0, t1;
	int status, err;
	pid_t pid;

	/* The command's output would only measure the console: drop it. */
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
	t0 = now_ns();
	err = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
	if (!err && wait4(pid, &status, 0, &ru) < 0)
		err = errno;
	t1 = now_ns();
	posix_spawn_file_actions_destroy(&actions);
	if (err) {
		fprintf(stderr, "nlbench: %s: %s\n", argv[0], strerror(err));
		return 1;
	}
	printf("wall_us=%.0f user_us=%ld sys_us=%ld rc=%d\n", (t1 - t0) / 1e3,
	       ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec,
	       ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec,
	       WIFEXITED(status) ? WEXITSTATUS(status) :
				   128 + WTERMSIG(status));
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";

	if (!strcmp(cmd, "query") && argc == 2)
		return cmd_query();
	if (!strcmp(cmd, "host") && argc == 3)
		return cmd_loop(LOOP_HOST, argv[2]);
	if (!strcmp(cmd, "cpu") && argc == 3)
		return cmd_loop(LOOP_CPU, argv[2]);
	if (!strcmp(cmd, "dump") && argc == 3)
		return cmd_loop(LOOP_DUMP, argv[2]);
	if (!strcmp(cmd, "ctrl") && argc == 3)
		return cmd_loop(LOOP_CTRL, argv[2]);
	if (!strcmp(cmd, "idle") && argc == 3)
		return cmd_loop(LOOP_IDLE, argv[2]);
	if (!strcmp(cmd, "live") && argc == 3)
		return cmd_live(argv[2]);
	if (!strcmp(cmd, "modload") && argc == 5)
		return cmd_modload(argv[2], argv[3], argv[4]);
	if (!strcmp(cmd, "spawn") && argc >= 3)
		return cmd_spawn(argv + 2);
	return usage();
}
