// SPDX-License-Identifier: GPL-2.0
/*
 * Who may make the module disturb the machine, and the family's header
 * rules, for real in the test VM:
 *
 * - an unprivileged user's requests and subscriptions never cause a
 *   cross-CPU call: the live bits are re-read only for CAP_SYS_ADMIN, so
 *   nobody's answers carry the last values and their growing age;
 * - nothing runs periodically in the module, with or without listeners;
 * - CPUs isolated with isolcpus= / nohz_full= are never called, and report
 *   their live bit as not sampled (in a guest booted with them, as
 *   scripts/check runs it; elsewhere: no CPU is flagged);
 * - everyone reads everything, raw MSR values too, and may subscribe;
 * - the family is parallel: a request stuck in a slow live round (test
 *   builds: inject live_delay_ms=) does not hold up another family;
 * - a non-zero reserved header byte or an unknown nlmsg flag is refused
 *   with extack (the core checks both from Linux 6.1 on).
 *
 * The module's cross-CPU calls are counted exactly with the function
 * tracer (calls of its live-round handler per CPU) where the kernel has
 * it, else bounded from "Function call interrupts" (CAL) in
 * /proc/interrupts.
 */
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "nlhelp.h"
#include "testhelp.h"

#define INJECT "/sys/kernel/debug/vtdiag/inject"
#define MAX_CPUS 64

/* How long each loop runs: 6 s, or VTDIAG_LIVE_SECONDS (3-60). */
static double loop_seconds(void)
{
	const char *env = getenv("VTDIAG_LIVE_SECONDS");
	char *end;
	double s;

	if (!env || !*env)
		return 6.0;
	s = strtod(env, &end);
	return *end || s < 3 || s > 60 ? 6.0 : s;
}

/*
 * The exact instrument, where the kernel has the function tracer (every
 * distribution kernel): how often each CPU ran the module's live-round
 * handler. CAL counts every cross-CPU call of the system as well, so it
 * only bounds; the tests use the tracer when they can and say which.
 */
#define LIVE_HANDLER "read_live_local"

static char tracing_dir[64];

static int write_in(const char *dir, const char *file, const char *val)
{
	char path[160];

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	return write_file(path, val);
}

/* Traces LIVE_HANDLER from now on; 0, or -errno when it cannot. */
static int trace_begin(void)
{
	static const char *const dirs[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		const char *d = dirs[i];

		if (write_in(d, "tracing_on", "0") ||
		    write_in(d, "current_tracer", "nop") ||
		    write_in(d, "set_ftrace_filter", LIVE_HANDLER) ||
		    write_in(d, "current_tracer", "function") ||
		    write_in(d, "trace", "") ||
		    write_in(d, "tracing_on", "1"))
			continue;
		snprintf(tracing_dir, sizeof(tracing_dir), "%s", d);
		return 0;
	}
	return -ENOENT;
}

static void trace_end(void)
{
	if (!tracing_dir[0])
		return;
	write_in(tracing_dir, "tracing_on", "0");
	write_in(tracing_dir, "current_tracer", "nop");
	write_in(tracing_dir, "set_ftrace_filter", "");
}

/* Traced calls of LIVE_HANDLER per CPU (the "entries:" of each CPU). */
static int trace_per_cpu(long long *hits, int max)
{
	char path[160], line[128];
	int cpu;

	for (cpu = 0; cpu < max; cpu++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats",
			 tracing_dir, cpu);
		f = fopen(path, "r");
		if (!f)
			break;
		hits[cpu] = -1;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "entries: %lld", &hits[cpu]) == 1)
				break;
		fclose(f);
		if (hits[cpu] < 0)
			return -1;
	}
	return cpu;
}

/* Per CPU: handler calls when tracing, else every cross-CPU call. */
static int calls_per_cpu(long long *c, int max)
{
	return tracing_dir[0] ? trace_per_cpu(c, max) : cal_per_cpu(c, max);
}

static const char *instrument(void)
{
	return tracing_dir[0] ? "calls of " LIVE_HANDLER : "cross-CPU calls (CAL)";
}

/* Calls received by every CPU but CPU 0, where the clients run. */
static long long calls_others(void)
{
	long long c[MAX_CPUS], sum = 0;
	int i, n = calls_per_cpu(c, MAX_CPUS);

	if (n < 0)
		return -1;
	for (i = 1; i < n; i++)
		sum += c[i];
	return sum;
}

/* A CPU list as in /sys/devices/system/cpu/isolated: "2-3,5". */
static int read_cpu_list(const char *path, int *set, int max)
{
	char buf[512], *p = buf, *end;
	int n = 0;
	FILE *f = fopen(path, "r");

	memset(set, 0, sizeof(*set) * max);
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	while (*p && *p != '\n') {
		long lo = strtol(p, &end, 10), hi = lo, c;

		if (end == p)
			break;
		p = end;
		if (*p == '-')
			hi = strtol(p + 1, &p, 10);
		for (c = lo; c <= hi && c < max; c++)
			if (c >= 0 && !set[c]) {
				set[c] = 1;
				n++;
			}
		if (*p == ',')
			p++;
	}
	return n;
}

/* isolcpus= and nohz_full= CPUs in @iso; how many. */
static int isolated_cpus(int *iso)
{
	int tick[MAX_CPUS], cpu, n = 0;

	read_cpu_list("/sys/devices/system/cpu/isolated", iso, MAX_CPUS);
	read_cpu_list("/sys/devices/system/cpu/nohz_full", tick, MAX_CPUS);
	for (cpu = 0; cpu < MAX_CPUS; cpu++) {
		iso[cpu] |= tick[cpu];
		n += iso[cpu];
	}
	return n;
}

/* CPUs other than CPU 0 that a live round reaches. */
static int callable_others(int ncpus)
{
	int iso[MAX_CPUS], cpu, n = 0;

	isolated_cpus(iso);
	for (cpu = 1; cpu < ncpus && cpu < MAX_CPUS; cpu++)
		n += !iso[cpu];
	return n;
}

static int pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

static int become_nobody(void)
{
	if (geteuid() != 0)
		return 0;
	return setgroups(0, NULL) || setgid(65534) || setuid(65534) ? -1 : 0;
}

struct host {
	__u32 cpus_online, cpus_isolated, live_age_ms;
	int has_isolated, has_age;
};

static int host_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	struct host *h = arg;

	nlh_parse(tb, VTDIAG_A_HOST_MAX, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	memset(h, 0, sizeof(*h));
	if (tb[VTDIAG_A_HOST_CPUS_ONLINE])
		h->cpus_online = nla_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]);
	h->has_isolated = !!tb[VTDIAG_A_HOST_CPUS_ISOLATED];
	if (h->has_isolated)
		h->cpus_isolated = nla_u32(tb[VTDIAG_A_HOST_CPUS_ISOLATED]);
	h->has_age = !!tb[VTDIAG_A_HOST_LIVE_AGE_MS];
	if (h->has_age)
		h->live_age_ms = nla_u32(tb[VTDIAG_A_HOST_LIVE_AGE_MS]);
	return 0;
}

static int get_host(struct nlh_sock *s, struct host *h)
{
	return nlh_request(s, VTDIAG_CMD_GET_HOST, 0, -1, host_cb, h, NULL);
}

struct cpu {
	int isolated, has_active;
};

static int cpu_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	struct cpu *c = arg;

	nlh_parse(tb, VTDIAG_A_CPU_MAX, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	c->isolated = !!tb[VTDIAG_A_CPU_ISOLATED];
	c->has_active = !!tb[VTDIAG_A_CPU_ACTIVE];
	return 0;
}

/* The requests of a busy client: GET_HOST, a dump and GET_CPU 0. */
static int three_requests(struct nlh_sock *s)
{
	return nlh_request(s, VTDIAG_CMD_GET_HOST, 0, -1, NULL, NULL, NULL) ||
	       nlh_request(s, VTDIAG_CMD_GET_CPU, NLM_F_DUMP, -1, NULL, NULL,
			   NULL) ||
	       nlh_request(s, VTDIAG_CMD_GET_CPU, 0, 0, NULL, NULL, NULL);
}

/* The control: as many round trips to the netlink controller. */
static int ctrl_requests(struct nlh_sock *s)
{
	static struct nlh_msg m;
	int i, err = 0;

	for (i = 0; i < 3 && !err; i++) {
		nlh_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
		nlh_put(&m, CTRL_ATTR_FAMILY_NAME, VTDIAG_GENL_NAME,
			sizeof(VTDIAG_GENL_NAME));
		err = nlh_send(s, &m);
		if (!err)
			err = nlh_recv(s, NULL, NULL, NULL);
	}
	return err;
}

enum loop { LOOP_VTDIAG, LOOP_SUBSCRIBE, LOOP_CTRL };

/*
 * Cross-CPU calls the other CPUs receive while a child on CPU 0 (as
 * nobody when @nobody) runs @loop for @seconds: vtdiag requests twenty
 * times a second, sitting subscribed to "monitor", or the same requests
 * to the netlink controller (the noise of the loop itself). A live round
 * is one call to each other CPU. -1 on failure.
 */
static long long calls_during(int nobody, enum loop loop, double seconds)
{
	long long before = calls_others();
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		double until = now() + seconds;
		struct nlh_sock s;
		struct nlh_msg m;

		if (pin_to_cpu0() || (nobody && become_nobody()) ||
		    nlh_open(&s, VTDIAG_GENL_NAME))
			_exit(1);
		if (loop == LOOP_SUBSCRIBE) {
			if (nlh_subscribe(&s, 200))
				_exit(2);
			while (now() < until)
				nlh_recv_event(&s, &m);
			_exit(0);
		}
		while (now() < until) {
			if (loop == LOOP_CTRL ? ctrl_requests(&s) : three_requests(&s))
				_exit(3);
			usleep(50 * 1000);
		}
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return calls_others() - before;
}

/*
 * Unprivileged requests cost what the same requests to the controller
 * cost: no live round ever. The same loop as root does cost rounds (one
 * a second), which shows the count would see them: the margin is half a
 * round a second.
 */
TEST(unprivileged_requests_cause_no_cross_cpu_call)
{
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	double secs = loop_seconds();
	long long control, nobody, root, rounds;
	int traced = !trace_begin();

	if (ncpus < 2)
		SKIP(return, "one CPU: no cross-CPU calls to count");
	ASSERT_GE(calls_others(), 0) TH_LOG("neither tracefs nor a CAL line in /proc/interrupts");

	control = calls_during(1, LOOP_CTRL, secs);
	nobody = calls_during(1, LOOP_VTDIAG, secs);
	root = calls_during(0, LOOP_VTDIAG, secs);
	trace_end();
	ASSERT_GE(control, 0);
	ASSERT_GE(nobody, 0);
	ASSERT_GE(root, 0);
	TH_LOG("%d CPUs, %.0f s, %s on CPUs 1-%d:",
	       ncpus, secs, instrument(), ncpus - 1);
	TH_LOG("nobody's requests %lld, the same loop on nlctrl %lld, root's requests %lld",
	       nobody, control, root);
	rounds = (long long)(secs - 1) * callable_others(ncpus);
	if (!traced) {
		/*
		 * CAL counts the whole system: a bound only (a slow debug
		 * kernel's own calls outnumber a round a second).
		 */
		EXPECT_LE(nobody, 2 * control + ncpus);
		return;
	}
	/* The tracer counts only the module's calls: exactly none. */
	EXPECT_EQ(0, nobody);
	EXPECT_GE(root, rounds / 2);
}

/* A subscription alone makes the module do nothing, even as root. */
TEST(subscription_costs_nothing)
{
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN);
	double secs = loop_seconds();
	long long idle, nobody, root, rounds;
	int traced = !trace_begin();

	if (ncpus < 2)
		SKIP(return, "one CPU: no cross-CPU calls to count");
	idle = calls_others();
	usleep(secs * 1e6);
	idle = calls_others() - idle;
	nobody = calls_during(1, LOOP_SUBSCRIBE, secs);
	root = calls_during(0, LOOP_SUBSCRIBE, secs);
	trace_end();
	ASSERT_GE(nobody, 0);
	ASSERT_GE(root, 0);
	TH_LOG("%d CPUs, %.0f s, %s on CPUs 1-%d:",
	       ncpus, secs, instrument(), ncpus - 1);
	TH_LOG("idle %lld, nobody subscribed %lld, root subscribed %lld",
	       idle, nobody, root);
	/* Before, a listener meant a live round a second. */
	rounds = (long long)(secs - 1) * callable_others(ncpus);
	EXPECT_LE(nobody, traced ? 0 : 2 * idle + ncpus + rounds / 2);
	EXPECT_LE(root, traced ? 0 : 2 * idle + ncpus + rounds / 2);
}

/*
 * Nobody's answers carry the live bits last read and their age, which
 * grows; root's request reads them afresh (at most once a second).
 */
TEST(live_age_tells_who_read)
{
	struct nlh_sock s;
	struct host h;
	int status;
	pid_t pid;

	ASSERT_EQ(0, nlh_open(&s, VTDIAG_GENL_NAME));
	usleep(1100 * 1000);
	ASSERT_EQ(0, get_host(&s, &h));
	ASSERT_TRUE(h.has_age);
	EXPECT_LT(h.live_age_ms, 500)
		TH_LOG("root's request did not read: %u ms", h.live_age_ms);
	close(s.fd);
	usleep(1200 * 1000);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (become_nobody() || nlh_open(&s, VTDIAG_GENL_NAME) ||
		    get_host(&s, &h))
			_exit(1);
		/* Not read for nobody: still the age of root's reading. */
		_exit(h.live_age_ms >= 1100 ? 0 : 2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("nobody's request re-read the live bits (status %d)", status);
}

/*
 * In a guest booted with isolcpus= / nohz_full=: those CPUs are flagged,
 * have no live bit, and root's busy requests never call them while the
 * other CPUs get one round a second. Without isolated CPUs: none is
 * flagged and every CPU has its live bit (scripts/check runs both).
 */
TEST(isolated_cpus_are_never_called)
{
	long long idle0[MAX_CPUS], idle1[MAX_CPUS], before[MAX_CPUS], after[MAX_CPUS];
	int iso[MAX_CPUS], ncpus, cpu, n, quiet = 0, called = 0, traced;
	double secs = loop_seconds(), until;
	struct nlh_sock s;
	struct host h;

	n = isolated_cpus(iso);
	ASSERT_EQ(0, nlh_open(&s, VTDIAG_GENL_NAME));
	ASSERT_EQ(0, get_host(&s, &h));
	ASSERT_TRUE(h.has_isolated);
	EXPECT_EQ(n, h.cpus_isolated);
	ncpus = h.cpus_online;
	ASSERT_LE(ncpus, MAX_CPUS);
	for (cpu = 0; cpu < ncpus; cpu++) {
		struct cpu c = { 0 };

		ASSERT_EQ(0, nlh_request(&s, VTDIAG_CMD_GET_CPU, 0, cpu, cpu_cb,
					 &c, NULL));
		EXPECT_EQ(iso[cpu], c.isolated) TH_LOG("CPU %d", cpu);
		EXPECT_EQ(!iso[cpu], c.has_active)
			TH_LOG("CPU %d: live bit %s", cpu,
			       c.has_active ? "sampled" : "missing");
	}
	if (!n) {
		TH_LOG("no isolated CPUs in this guest (isolcpus=, nohz_full=): none flagged");
		close(s.fd);
		return;
	}

	traced = !trace_begin();
	/* What the CPUs get anyway, for CAL: as long with no requests. */
	ASSERT_EQ(ncpus, calls_per_cpu(idle0, MAX_CPUS));
	usleep(secs * 1e6);
	ASSERT_EQ(ncpus, calls_per_cpu(idle1, MAX_CPUS));
	ASSERT_EQ(ncpus, calls_per_cpu(before, MAX_CPUS));
	for (until = now() + secs; now() < until;)
		ASSERT_EQ(0, three_requests(&s));
	ASSERT_EQ(ncpus, calls_per_cpu(after, MAX_CPUS));
	trace_end();
	for (cpu = 0; cpu < ncpus; cpu++) {
		long long d = after[cpu] - before[cpu], idle = idle1[cpu] - idle0[cpu];

		TH_LOG("CPU %d%s: %lld %s in %.0f s of root's requests (idle: %lld)",
		       cpu, iso[cpu] ? " (isolated)" : "", d, instrument(), secs, idle);
		if (iso[cpu])
			quiet += traced ? d == 0 : d <= idle + (secs - 1) / 2;
		else
			called += d >= secs - 1;
	}
	EXPECT_EQ(n, quiet);
	/* With the tracer every other CPU ran a round a second, else one did. */
	EXPECT_GE(called, traced ? ncpus - n : 1);
	close(s.fd);
}

/* The dump's replies, concatenated: the same bytes for the same state. */
struct replies {
	char data[32768];
	int len;
};

static int replies_cb(struct nlmsghdr *nlh, void *arg)
{
	struct replies *r = arg;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (r->len + len > (int)sizeof(r->data))
		return -E2BIG;
	memcpy(r->data + r->len, NLMSG_DATA(nlh), len);
	r->len += len;
	return 0;
}

/*
 * Everyone reads everything, raw FEATURE_CONTROL / VM_CR values included
 * (include/uapi/linux/vtdiag.h says why): nobody's dump is root's, byte
 * for byte, and nobody may subscribe to "monitor".
 */
TEST(nobody_reads_what_root_reads)
{
	struct replies *r = mmap(NULL, 2 * sizeof(*r), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct nlh_sock s;
	int status;
	pid_t pid;

	ASSERT_NE(MAP_FAILED, r);
	ASSERT_EQ(0, nlh_open(&s, VTDIAG_GENL_NAME));
	ASSERT_EQ(0, nlh_request(&s, VTDIAG_CMD_GET_CPU, NLM_F_DUMP, -1,
				 replies_cb, &r[0], NULL));
	close(s.fd);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (become_nobody() || nlh_open(&s, VTDIAG_GENL_NAME) ||
		    nlh_request(&s, VTDIAG_CMD_GET_CPU, NLM_F_DUMP, -1,
				replies_cb, &r[1], NULL))
			_exit(1);
		_exit(nlh_subscribe(&s, 100) ? 2 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("nobody's dump or subscription failed: status %d", status);
	ASSERT_GT(r[0].len, 0);
	EXPECT_EQ(r[0].len, r[1].len);
	EXPECT_EQ(0, memcmp(r[0].data, r[1].data, r[0].len));
	munmap(r, 2 * sizeof(*r));
}

static int inject(const char *line)
{
	return write_file(INJECT, line);
}

/*
 * A parallel family: while root's request waits two seconds in an
 * (injected) slow live round, holding only the module's own lock, the
 * netlink controller answers at once.
 */
TEST(slow_live_round_does_not_block_other_families)
{
	double *took, start, ctrl;
	struct nlh_sock s;
	int status;
	pid_t pid;

	if (access(INJECT, F_OK))
		SKIP(return, "needs the injection build (make VTDIAG_INJECT=1)");
	took = mmap(NULL, sizeof(*took), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, took);
	ASSERT_EQ(0, inject("cpu=all live_delay_ms=2000"));
	/* Past the once-a-second limit: the next root request reads. */
	usleep(1100 * 1000);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct nlh_sock c;
		struct host h;
		double t = now();

		if (nlh_open(&c, VTDIAG_GENL_NAME) || get_host(&c, &h))
			_exit(1);
		*took = now() - t;
		_exit(0);
	}
	usleep(300 * 1000);
	start = now();
	ASSERT_EQ(0, nlh_open(&s, "nlctrl"));
	ctrl = now() - start;
	close(s.fd);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, inject("reset"));
	ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	TH_LOG("root's GET_HOST took %.2f s; nlctrl meanwhile %.3f s",
	       *took, ctrl);
	EXPECT_GE(*took, 1.9) TH_LOG("the live round was not slow");
	EXPECT_LT(ctrl, 1.0) TH_LOG("another family waited for vtdiag");
	munmap(took, sizeof(*took));
}

/* Linux 6.1 and newer check the header of a family with resv_start_op 0. */
static int kernel_checks_header(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 1;
	return major > 6 || (major == 6 && minor >= 1);
}

/* GET_HOST with @reserved in the genetlink header and extra @flags. */
static int odd_request(struct nlh_sock *s, __u8 reserved, __u16 flags)
{
	static struct nlh_msg m;
	struct genlmsghdr *g;
	int err;

	nlh_init(&m, s->family, flags, VTDIAG_CMD_GET_HOST, VTDIAG_GENL_VERSION);
	g = (struct genlmsghdr *)NLMSG_DATA(&m.nlh);
	g->reserved = reserved;
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, NULL, NULL, NULL);
}

TEST(reserved_header_byte_refused)
{
	struct nlh_sock s;
	int err;

	ASSERT_EQ(0, nlh_open(&s, VTDIAG_GENL_NAME));
	ASSERT_EQ(0, odd_request(&s, 0, 0));
	err = odd_request(&s, 1, 0);
	if (!kernel_checks_header()) {
		/* Before 6.1 the core has no such check for any family. */
		EXPECT_EQ(0, err);
		return;
	}
	EXPECT_EQ(-EINVAL, err);
	EXPECT_NE(NULL, strstr(s.ext_msg, "reserved")) TH_LOG("extack: '%s'", s.ext_msg);
	close(s.fd);
}

TEST(unknown_nlmsg_flag_refused)
{
	struct nlh_sock s;
	int err;

	ASSERT_EQ(0, nlh_open(&s, VTDIAG_GENL_NAME));
	err = odd_request(&s, 0, NLM_F_APPEND);
	if (!kernel_checks_header()) {
		EXPECT_EQ(0, err);
		return;
	}
	EXPECT_EQ(-EINVAL, err);
	EXPECT_NE(NULL, strstr(s.ext_msg, "nlmsg_flags")) TH_LOG("extack: '%s'", s.ext_msg);
	close(s.fd);
}

TEST_HARNESS_MAIN
