// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency: readers (GET_HOST, GET_CPU, dumps) and a watcher of the
 * "monitor" group run in parallel while CPU 1 goes offline and online and
 * the KVM modules load and unload. Every answer must be valid and
 * self-consistent, every dump whole or flagged interrupted, every event
 * well formed with a generation that never goes back. Needs root.
 *
 * VTDIAG_STRESS_SECONDS (default 5) sets the length of the run.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

#include "kselftest_harness.h"
#include "nlhelp.h"
#include "vtdiag/decode.h"

#define CPU1_ONLINE "/sys/devices/system/cpu/cpu1/online"
#define READERS 3

struct host_view {
	char copy[NLH_BUF_SIZE];
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
};

struct dump_view {
	int n, ascending;
	long last_cpu;
};

static int host_cb(struct nlmsghdr *nlh, void *arg)
{
	struct host_view *h = arg;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	memcpy(h->copy, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN, len);
	nlh_parse(h->tb, VTDIAG_A_HOST_MAX, h->copy, len);
	return 0;
}

/* A host state is valid when its counts add up to its verdict. */
static int host_valid(struct nlattr **tb)
{
	__u32 counts[__VTDIAG_STATE_MAX] = {}, sum = 0;
	struct nlattr *nla;

	if (!tb[VTDIAG_A_HOST_VERDICT] || !tb[VTDIAG_A_HOST_CPUS_ONLINE] ||
	    !tb[VTDIAG_A_HOST_STATE_COUNTS] || !tb[VTDIAG_A_HOST_GENERATION])
		return 0;
	nla_for_each(nla, NLA_DATA(tb[VTDIAG_A_HOST_STATE_COUNTS]),
		     NLA_PAYLOAD(tb[VTDIAG_A_HOST_STATE_COUNTS])) {
		struct nlattr *ctb[VTDIAG_A_COUNT_MAX + 1];
		__u32 state;

		nlh_parse(ctb, VTDIAG_A_COUNT_MAX, NLA_DATA(nla), NLA_PAYLOAD(nla));
		if (!ctb[VTDIAG_A_COUNT_STATE] || !ctb[VTDIAG_A_COUNT_CPUS])
			return 0;
		state = nla_u32(ctb[VTDIAG_A_COUNT_STATE]);
		if (state >= __VTDIAG_STATE_MAX)
			return 0;
		counts[state] = nla_u32(ctb[VTDIAG_A_COUNT_CPUS]);
		sum += counts[state];
	}
	return sum == nla_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]) &&
	       vtdiag_verdict(counts) == nla_u32(tb[VTDIAG_A_HOST_VERDICT]);
}

static int dump_cb(struct nlmsghdr *nlh, void *arg)
{
	struct dump_view *d = arg;
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	long cpu;

	nlh_parse(tb, VTDIAG_A_CPU_MAX, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	if (!tb[VTDIAG_A_CPU_ID] || !tb[VTDIAG_A_CPU_STATE])
		return -EPROTO;
	cpu = nla_u32(tb[VTDIAG_A_CPU_ID]);
	if (cpu <= d->last_cpu)
		d->ascending = 0;
	d->last_cpu = cpu;
	d->n++;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Reader: returns 0 or a code naming the first invalid answer. */
static int reader(double until, int ncpus)
{
	static struct host_view h;
	struct dump_view d;
	struct nlh_sock s;
	unsigned long rounds = 0;
	int err, intr;

	if (nlh_open(&s, VTDIAG_GENL_NAME))
		return 10;
	while (now() < until) {
		memset(h.tb, 0, sizeof(h.tb));
		if (nlh_request(&s, VTDIAG_CMD_GET_HOST, 0, -1, host_cb, &h, NULL) ||
		    !host_valid(h.tb))
			return 11;
		/* CPU 1 may be offline: ENODEV is the one allowed error. */
		err = nlh_request(&s, VTDIAG_CMD_GET_CPU, 0, rounds % ncpus,
				  NULL, NULL, NULL);
		if (err && err != -ENODEV)
			return 12;
		d = (struct dump_view){ .ascending = 1, .last_cpu = -1 };
		intr = 0;
		if (nlh_request(&s, VTDIAG_CMD_GET_CPU, NLM_F_DUMP, -1, dump_cb,
				&d, &intr))
			return 13;
		if (!intr && (!d.ascending || d.n < ncpus - 1 || d.n > ncpus))
			return 14;
		rounds++;
	}
	close(s.fd);
	return rounds ? 0 : 15;
}

/* Watcher: every event well formed, generations never going back. */
static int watcher(double until)
{
	static struct nlh_msg m;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	struct nlh_sock s;
	__u32 last_gen = 0, gen;
	unsigned long events = 0;

	if (nlh_open(&s, VTDIAG_GENL_NAME) || nlh_subscribe(&s, 500))
		return 20;
	while (now() < until + 1) {
		int n = nlh_recv_event(&s, &m);

		if (n == -EAGAIN)
			continue;
		if (n < 0)
			return n == -ENOBUFS ? 21 : 22;
		nlh_parse(tb, VTDIAG_A_HOST_MAX,
			  (char *)NLMSG_DATA(&m.nlh) + GENL_HDRLEN,
			  m.nlh.nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
		if (!tb[VTDIAG_A_HOST_EVENT] || !host_valid(tb))
			return 23;
		gen = nla_u32(tb[VTDIAG_A_HOST_GENERATION]);
		if (gen < last_gen)
			return 24;
		last_gen = gen;
		events++;
	}
	close(s.fd);
	return events ? 0 : 25;
}

static int run(const char *cmd)
{
	int status = system(cmd);

	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Churn: CPU 1 offline/online, KVM loaded/unloaded, until @until. */
static int churner(double until, int kvm)
{
	while (now() < until) {
		if (!access(CPU1_ONLINE, W_OK) &&
		    (run("echo 0 > " CPU1_ONLINE) || run("echo 1 > " CPU1_ONLINE)))
			return 30;
		if (kvm && (run("modprobe kvm_amd") || run("modprobe -r kvm_amd")))
			return 31;
	}
	return 0;
}

/*
 * The run is VTDIAG_STRESS_SECONDS; the rest of 180 s is margin for a
 * busy host (probing kvm_amd, bringing CPU 1 back, the children's exit).
 */
FIXTURE(stress) {
	int unused;
};

FIXTURE_SETUP(stress)
{
}

FIXTURE_TEARDOWN(stress)
{
}

TEST_F_TIMEOUT(stress, readers_watcher_hotplug_kvm, 180)
{
	double seconds = getenv("VTDIAG_STRESS_SECONDS") ?
			 atof(getenv("VTDIAG_STRESS_SECONDS")) : 5;
	double until;
	int ncpus = sysconf(_SC_NPROCESSORS_ONLN), kvm, i, status;
	pid_t pids[READERS + 2];

	if (geteuid() != 0)
		SKIP(return, "needs root (CPU hotplug, modules)");
	kvm = run("modprobe kvm_amd 2>/dev/null") == 0 &&
	      run("modprobe -r kvm_amd") == 0;
	TH_LOG("%d CPUs, %.0f s, KVM churn %s, hotplug %s", ncpus, seconds,
	       kvm ? "on" : "off (no kvm_amd)",
	       access(CPU1_ONLINE, W_OK) ? "off (no CPU 1)" : "on");

	/* The clock starts now: the probe above may take long on a busy host. */
	until = now() + seconds;
	for (i = 0; i < READERS + 2; i++) {
		pids[i] = fork();
		ASSERT_GE(pids[i], 0);
		if (pids[i] == 0) {
			if (i < READERS)
				_exit(reader(until, ncpus));
			if (i == READERS)
				_exit(watcher(until));
			_exit(churner(until, kvm));
		}
	}
	for (i = 0; i < READERS + 2; i++) {
		ASSERT_EQ(pids[i], waitpid(pids[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status))
			TH_LOG("%s %d failed", i < READERS ? "reader" :
			       i == READERS ? "watcher" : "churner", i);
	}
	run("echo 1 > " CPU1_ONLINE " 2>/dev/null");
}

TEST_HARNESS_MAIN
