// SPDX-License-Identifier: GPL-2.0
/*
 * KVM state and live monitoring, for real in the test VM: KVM module
 * load and unload (the real kvm_amd under "-cpu EPYC"), CPU offline and
 * online, the live bit of a running KVM VM, and the events of the
 * "monitor" group, in order and carrying the new state. Needs root; the
 * KVM parts SKIP where no KVM vendor module can load.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <linux/kvm.h>

#include "kselftest_harness.h"
#include "nlhelp.h"
#include "testhelp.h"
#include "vtdiag/decode.h"

#define EVENT_TIMEOUT_MS 5000
#define CPU1_ONLINE "/sys/devices/system/cpu/cpu1/online"
/*
 * How long dump_during_hotplug takes CPU 1 offline and online: a time, not
 * a number of rounds, because a round takes 0.1-0.2 s on a normal kernel in
 * the test VM and several times that on the debug kernel of
 * scripts/debug-lane, where 20 rounds once outlasted the harness's 30 s.
 */
#define HOTPLUG_SECONDS 5
#define INJECT "/sys/kernel/debug/vtdiag/inject"

struct event {
	__u32 type, cpu, verdict, generation, cpus_online, cpus_active;
	__u32 kvm_core, kvm_vendor, module_state;
	int has_cpu, has_kvm_vendor;
	char module[32];
};

struct host {
	__u32 verdict, generation, cpus_online, cpus_active;
	__u32 kvm_core, kvm_vendor;
	int has_kvm_vendor;
	char kvm_vendor_module[32];
};

static int run(const char *cmd)
{
	int status = system(cmd);

	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* CPU 1's "online" file: 0 or 1, or -errno. */
static int cpu1_online(void)
{
	char c = 0;
	int fd = open(CPU1_ONLINE, O_RDONLY | O_CLOEXEC), n;

	if (fd < 0)
		return -errno;
	n = read(fd, &c, 1);
	close(fd);
	return n == 1 ? c == '1' : -EIO;
}

/* Takes CPU 1 offline (0) or online (1); 0 or -errno. */
static int cpu1_set(int online)
{
	int fd = open(CPU1_ONLINE, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, online ? "1" : "0", 1) != 1)
		ret = -errno;
	close(fd);
	return ret;
}

static void parse_host_attrs(struct nlattr **tb, struct host *h)
{
	memset(h, 0, sizeof(*h));
	if (tb[VTDIAG_A_HOST_VERDICT])
		h->verdict = nla_u32(tb[VTDIAG_A_HOST_VERDICT]);
	if (tb[VTDIAG_A_HOST_GENERATION])
		h->generation = nla_u32(tb[VTDIAG_A_HOST_GENERATION]);
	if (tb[VTDIAG_A_HOST_CPUS_ONLINE])
		h->cpus_online = nla_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]);
	if (tb[VTDIAG_A_HOST_CPUS_ACTIVE])
		h->cpus_active = nla_u32(tb[VTDIAG_A_HOST_CPUS_ACTIVE]);
	if (tb[VTDIAG_A_HOST_KVM_CORE])
		h->kvm_core = nla_u32(tb[VTDIAG_A_HOST_KVM_CORE]);
	h->has_kvm_vendor = !!tb[VTDIAG_A_HOST_KVM_VENDOR];
	if (tb[VTDIAG_A_HOST_KVM_VENDOR])
		h->kvm_vendor = nla_u32(tb[VTDIAG_A_HOST_KVM_VENDOR]);
	if (tb[VTDIAG_A_HOST_KVM_VENDOR_MODULE])
		snprintf(h->kvm_vendor_module, sizeof(h->kvm_vendor_module), "%s",
			 (char *)NLA_DATA(tb[VTDIAG_A_HOST_KVM_VENDOR_MODULE]));
}

static int host_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];

	nlh_parse(tb, VTDIAG_A_HOST_MAX, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	parse_host_attrs(tb, arg);
	return 0;
}

static int get_host(struct nlh_sock *s, struct host *h)
{
	static struct nlh_msg m;
	int err;

	nlh_init(&m, s->family, 0, VTDIAG_CMD_GET_HOST, VTDIAG_GENL_VERSION);
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, host_cb, h, NULL);
}

static int cpu_active_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	int *active = arg;

	nlh_parse(tb, VTDIAG_A_CPU_MAX, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	*active = tb[VTDIAG_A_CPU_ACTIVE] ?
		  *(__u8 *)NLA_DATA(tb[VTDIAG_A_CPU_ACTIVE]) : -1;
	return 0;
}

/* GET_CPU @cpu: its live bit (0, 1, -1 unknown), or -errno. */
static int cpu_active(struct nlh_sock *s, __u32 cpu, int *active)
{
	static struct nlh_msg m;
	int err;

	nlh_init(&m, s->family, 0, VTDIAG_CMD_GET_CPU, VTDIAG_GENL_VERSION);
	nlh_put_u32(&m, VTDIAG_A_CPU_ID, cpu);
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, cpu_active_cb, active, NULL);
}

static int count_cb(struct nlmsghdr *nlh, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

static int dump_count(struct nlh_sock *s, int *n, int *intr)
{
	static struct nlh_msg m;
	int err;

	*n = 0;
	*intr = 0;
	nlh_init(&m, s->family, NLM_F_DUMP, VTDIAG_CMD_GET_CPU,
		 VTDIAG_GENL_VERSION);
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, count_cb, n, intr);
}

/* Next event of the monitor group, or -EAGAIN after the timeout. */
static int next_event(struct nlh_sock *mon, struct event *ev)
{
	static struct nlh_msg m;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	struct genlmsghdr *g;
	struct host h;
	int n = nlh_recv_event(mon, &m);

	if (n < 0)
		return n;
	g = NLMSG_DATA(&m.nlh);
	if (g->cmd != VTDIAG_CMD_EVENT)
		return -EPROTO;
	nlh_parse(tb, VTDIAG_A_HOST_MAX, (char *)g + GENL_HDRLEN,
		  m.nlh.nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	memset(ev, 0, sizeof(*ev));
	if (!tb[VTDIAG_A_HOST_EVENT] || !tb[VTDIAG_A_HOST_VERDICT])
		return -EPROTO;
	parse_host_attrs(tb, &h);
	ev->type = nla_u32(tb[VTDIAG_A_HOST_EVENT]);
	ev->verdict = h.verdict;
	ev->generation = h.generation;
	ev->cpus_online = h.cpus_online;
	ev->cpus_active = h.cpus_active;
	ev->kvm_core = h.kvm_core;
	ev->kvm_vendor = h.kvm_vendor;
	ev->has_kvm_vendor = h.has_kvm_vendor;
	ev->has_cpu = !!tb[VTDIAG_A_HOST_EVENT_CPU];
	if (ev->has_cpu)
		ev->cpu = nla_u32(tb[VTDIAG_A_HOST_EVENT_CPU]);
	if (tb[VTDIAG_A_HOST_EVENT_MODULE])
		snprintf(ev->module, sizeof(ev->module), "%s",
			 (char *)NLA_DATA(tb[VTDIAG_A_HOST_EVENT_MODULE]));
	if (tb[VTDIAG_A_HOST_EVENT_MODULE_STATE])
		ev->module_state = nla_u32(tb[VTDIAG_A_HOST_EVENT_MODULE_STATE]);
	return 0;
}

/* Waits for the next event of @type, skipping others (e.g. verdict). */
static int wait_event(struct nlh_sock *mon, __u32 type, struct event *ev)
{
	int err;

	do {
		err = next_event(mon, ev);
	} while (!err && ev->type != type);
	return err;
}

FIXTURE(ev) {
	struct nlh_sock s;	/* requests */
	struct nlh_sock mon;	/* events */
	pid_t hotplug;		/* dump_during_hotplug's child, while it runs */
};

FIXTURE_SETUP(ev)
{
	if (geteuid() != 0)
		SKIP(return, "needs root (modules, CPU hotplug)");
	/* Whatever an earlier test (or one killed by its timeout) left. */
	if (!access(CPU1_ONLINE, W_OK) && cpu1_online() == 0)
		ASSERT_EQ(0, cpu1_set(1));
	ASSERT_EQ(0, nlh_open(&self->s, VTDIAG_GENL_NAME))
		TH_LOG("is vtdiag.ko loaded?");
	ASSERT_EQ(0, nlh_open(&self->mon, VTDIAG_GENL_NAME));
	ASSERT_EQ(0, nlh_subscribe(&self->mon, EVENT_TIMEOUT_MS));
}

FIXTURE_TEARDOWN(ev)
{
	if (geteuid() != 0)
		return;
	/* A test that failed half way: stop its child, put CPU 1 back. */
	if (self->hotplug > 0) {
		kill(self->hotplug, SIGKILL);
		waitpid(self->hotplug, NULL, 0);
	}
	if (!access(CPU1_ONLINE, W_OK) && cpu1_online() == 0)
		cpu1_set(1);
	close(self->s.fd);
	close(self->mon.fd);
}

/*
 * The real KVM: loading kvm_amd pulls in kvm first, unloading goes the
 * other way round; each step is one event carrying the new state, and
 * GET_HOST agrees.
 */
TEST_F(ev, kvm_load_unload_events_in_order)
{
	struct host h;
	struct event e;

	run("modprobe -r kvm_amd kvm_intel kvm 2>/dev/null");
	ASSERT_EQ(0, get_host(&self->s, &h));
	if (!h.has_kvm_vendor || strcmp(h.kvm_vendor_module, "kvm_amd"))
		SKIP(return, "needs an AMD CPU model (kvm_amd); this one wants '%s'",
		     h.kvm_vendor_module);
	ASSERT_EQ(VTDIAG_KVM_ABSENT, h.kvm_core);
	ASSERT_EQ(VTDIAG_KVM_ABSENT, h.kvm_vendor);
	while (next_event(&self->mon, &e) == 0)
		;	/* drain what the unload above sent */

	if (run("modprobe kvm_amd"))
		SKIP(return, "kvm_amd does not load on this CPU model");
	ASSERT_EQ(0, wait_event(&self->mon, VTDIAG_EVENT_KVM, &e));
	EXPECT_STREQ("kvm", e.module);
	EXPECT_EQ(VTDIAG_KVM_LOADED, e.module_state);
	EXPECT_EQ(VTDIAG_KVM_LOADED, e.kvm_core);
	EXPECT_EQ(VTDIAG_KVM_ABSENT, e.kvm_vendor);
	ASSERT_EQ(0, wait_event(&self->mon, VTDIAG_EVENT_KVM, &e));
	EXPECT_STREQ("kvm_amd", e.module);
	EXPECT_EQ(VTDIAG_KVM_LOADED, e.module_state);
	EXPECT_EQ(VTDIAG_KVM_LOADED, e.kvm_vendor);
	ASSERT_EQ(0, get_host(&self->s, &h));
	EXPECT_EQ(VTDIAG_KVM_LOADED, h.kvm_core);
	EXPECT_EQ(VTDIAG_KVM_LOADED, h.kvm_vendor);

	ASSERT_EQ(0, run("modprobe -r kvm_amd"));
	ASSERT_EQ(0, wait_event(&self->mon, VTDIAG_EVENT_KVM, &e));
	EXPECT_STREQ("kvm_amd", e.module);
	EXPECT_EQ(VTDIAG_KVM_ABSENT, e.module_state);
	EXPECT_EQ(VTDIAG_KVM_ABSENT, e.kvm_vendor);
	ASSERT_EQ(0, wait_event(&self->mon, VTDIAG_EVENT_KVM, &e));
	EXPECT_STREQ("kvm", e.module);
	EXPECT_EQ(VTDIAG_KVM_ABSENT, e.module_state);
	EXPECT_EQ(VTDIAG_KVM_ABSENT, e.kvm_core);
	ASSERT_EQ(0, get_host(&self->s, &h));
	EXPECT_EQ(VTDIAG_KVM_ABSENT, h.kvm_core);
	EXPECT_EQ(VTDIAG_KVM_ABSENT, h.kvm_vendor);
}

/* A CPU going offline drops out of every answer, and comes back. */
TEST_F(ev, cpu_offline_online)
{
	struct host before, h;
	struct event e;
	int active, n, intr;

	if (access(CPU1_ONLINE, W_OK))
		SKIP(return, "CPU 1 cannot be taken offline here");
	ASSERT_EQ(0, get_host(&self->s, &before));

	ASSERT_EQ(0, cpu1_set(0));
	ASSERT_EQ(0, wait_event(&self->mon, VTDIAG_EVENT_CPU_OFFLINE, &e));
	EXPECT_TRUE(e.has_cpu);
	EXPECT_EQ(1, e.cpu);
	EXPECT_EQ(before.cpus_online - 1, e.cpus_online);
	EXPECT_GT(e.generation, before.generation);
	EXPECT_EQ(-ENODEV, cpu_active(&self->s, 1, &active));
	ASSERT_EQ(0, dump_count(&self->s, &n, &intr));
	EXPECT_EQ(before.cpus_online - 1, n);
	ASSERT_EQ(0, get_host(&self->s, &h));
	EXPECT_EQ(before.cpus_online - 1, h.cpus_online);

	ASSERT_EQ(0, cpu1_set(1));
	ASSERT_EQ(0, wait_event(&self->mon, VTDIAG_EVENT_CPU_ONLINE, &e));
	EXPECT_EQ(1, e.cpu);
	EXPECT_EQ(before.cpus_online, e.cpus_online);
	EXPECT_EQ(0, cpu_active(&self->s, 1, &active));
	ASSERT_EQ(0, dump_count(&self->s, &n, &intr));
	EXPECT_EQ(before.cpus_online, n);
	EXPECT_EQ(before.verdict, e.verdict);
}

/*
 * Dumps while CPU 1 goes offline and online for HOTPLUG_SECONDS: every
 * dump is either whole and consistent (one message per CPU online at some
 * point: n or n-1) or flagged NLM_F_DUMP_INTR.
 */
TEST_F_TIMEOUT(ev, dump_during_hotplug, 60)
{
	pid_t parent = getpid(), pid;
	int n, intr, whole = 0, flagged = 0, status;
	struct host before;
	int *rounds;

	if (access(CPU1_ONLINE, W_OK))
		SKIP(return, "CPU 1 cannot be taken offline here");
	ASSERT_EQ(1, cpu1_online());
	ASSERT_EQ(0, get_host(&self->s, &before));
	rounds = mmap(NULL, sizeof(*rounds), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, rounds);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		double until = now() + HOTPLUG_SECONDS;

		/* Nothing left behind if the test dies (e.g. its timeout). */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(2);
		do {
			if (cpu1_set(0) || cpu1_set(1))
				_exit(1);
			(*rounds)++;
		} while (now() < until);
		_exit(0);
	}
	self->hotplug = pid;
	while (waitpid(pid, &status, WNOHANG) == 0) {
		/* (On a failure here the teardown stops the child.) */
		ASSERT_EQ(0, dump_count(&self->s, &n, &intr));
		if (intr) {
			flagged++;
			continue;
		}
		whole++;
		EXPECT_TRUE(n == before.cpus_online || n == before.cpus_online - 1)
			TH_LOG("dump of %d CPUs, %u online", n, before.cpus_online);
	}
	self->hotplug = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_GT(whole, 0);
	TH_LOG("%d rounds of CPU 1 offline and online: %d whole dumps, %d flagged interrupted",
	       *rounds, whole, flagged);
	munmap(rounds, sizeof(*rounds));
	ASSERT_EQ(0, dump_count(&self->s, &n, &intr));
	EXPECT_EQ(before.cpus_online, n);
}

/*
 * Waits for the ACTIVE event that reports @want CPUs active. The module
 * re-reads the live bits only for a privileged request (at most once a
 * second) and never by itself: like vtdiag --watch as root, ask on @s
 * every 300 ms until the event comes, for at most EVENT_TIMEOUT_MS.
 */
static int wait_active(struct nlh_sock *s, struct nlh_sock *mon, __u32 want,
		       struct event *e)
{
	struct pollfd pfd = { .fd = mon->fd, .events = POLLIN };
	int waited, err;

	for (waited = 0; waited < EVENT_TIMEOUT_MS; waited += 300) {
		err = nlh_request(s, VTDIAG_CMD_GET_HOST, 0, -1, NULL, NULL, NULL);
		if (err)
			return err;
		while (poll(&pfd, 1, 300) > 0) {
			err = next_event(mon, e);
			if (err)
				return err;
			if (e->type == VTDIAG_EVENT_ACTIVE && e->cpus_active == want)
				return 0;
		}
	}
	return -ETIMEDOUT;
}

static int all_active(struct nlh_sock *s, int ncpus, int want)
{
	int cpu, active;

	for (cpu = 0; cpu < ncpus; cpu++)
		if (cpu_active(s, cpu, &active) || active != want)
			return 0;
	return 1;
}

/* Whether this kernel's kvm has enable_virt_at_load (Linux 6.12+). */
static int kvm_has_virt_at_load(void)
{
	return run("modinfo -F parm kvm 2>/dev/null | grep -q '^enable_virt_at_load:'") == 0;
}

/* Loads kvm with @opts, then the vendor module of this CPU; 0 on success. */
static int load_kvm(const char *opts)
{
	char cmd[256];

	run("modprobe -r kvm_amd kvm_intel kvm 2>/dev/null");
	snprintf(cmd, sizeof(cmd),
		 "modprobe kvm %s && { modprobe kvm_amd 2>/dev/null || modprobe kvm_intel 2>/dev/null; }",
		 opts);
	return run(cmd);
}

/*
 * A KVM VM switches virtualization on (EFER.SVME / CR4.VMXE) on every
 * CPU and off with the last VM, on every kernel when KVM does not switch
 * it on at load (kvm.enable_virt_at_load=0 on 6.12+, always before). A
 * privileged watcher asking once in a while sees both within about a
 * second of asking, the module announces them, and GET_CPU agrees.
 */
TEST_F(ev, live_bit_follows_a_kvm_vm)
{
	struct host h;
	struct event e;
	int kvm, vm;

	if (load_kvm(kvm_has_virt_at_load() ? "enable_virt_at_load=0" : ""))
		SKIP(return, "no KVM vendor module loads on this CPU model");
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	ASSERT_GE(kvm, 0);
	ASSERT_EQ(0, get_host(&self->s, &h));
	ASSERT_EQ(0, h.cpus_active) TH_LOG("virtualization already on?");
	while (next_event(&self->mon, &e) == 0)
		;

	vm = ioctl(kvm, KVM_CREATE_VM, 0);
	ASSERT_GE(vm, 0) TH_LOG("KVM_CREATE_VM: %s", strerror(errno));
	/* A sample may catch KVM half way through switching the CPUs on. */
	ASSERT_EQ(0, wait_active(&self->s, &self->mon, h.cpus_online, &e));
	EXPECT_TRUE(all_active(&self->s, h.cpus_online, 1));

	close(vm);
	ASSERT_EQ(0, wait_active(&self->s, &self->mon, 0, &e));
	EXPECT_TRUE(all_active(&self->s, h.cpus_online, 0));
	ASSERT_EQ(0, get_host(&self->s, &h));
	EXPECT_EQ(0, h.cpus_active);
	close(kvm);
	run("modprobe -r kvm_amd kvm_intel kvm 2>/dev/null");
}

/*
 * Loading KVM: from 6.12 on (enable_virt_at_load=1, the default) it
 * switches virtualization on, on every CPU at once, without a VM, and off
 * when it unloads; before 6.12 loading alone leaves it off. Either way the
 * module reports what the CPUs really have.
 */
TEST_F(ev, live_bit_follows_kvm_load)
{
	int at_load = kvm_has_virt_at_load();
	struct host h;
	struct event e;

	ASSERT_EQ(0, get_host(&self->s, &h));
	ASSERT_EQ(0, h.cpus_active) TH_LOG("virtualization already on?");
	while (next_event(&self->mon, &e) == 0)
		;
	if (load_kvm(at_load ? "enable_virt_at_load=1" : ""))
		SKIP(return, "no KVM vendor module loads on this CPU model");
	if (at_load) {
		ASSERT_EQ(0, wait_active(&self->s, &self->mon, h.cpus_online, &e));
		EXPECT_TRUE(all_active(&self->s, h.cpus_online, 1));
		run("modprobe -r kvm_amd kvm_intel kvm 2>/dev/null");
		ASSERT_EQ(0, wait_active(&self->s, &self->mon, 0, &e));
		EXPECT_TRUE(all_active(&self->s, h.cpus_online, 0));
	} else {
		/* Past the once-a-second limit: this query reads the CPUs. */
		usleep(1200 * 1000);
		ASSERT_EQ(0, get_host(&self->s, &h));
		EXPECT_EQ(0, h.cpus_active) TH_LOG("KVM switched virtualization on at load");
		EXPECT_TRUE(all_active(&self->s, h.cpus_online, 0));
		run("modprobe -r kvm_amd kvm_intel kvm 2>/dev/null");
	}
}

static int inject(const char *line)
{
	return write_file(INJECT, line);
}

/*
 * Injected firmware states (test builds only): a write is one change,
 * published for all CPUs at once. Each CPU re-sampled is one event naming
 * it, in CPU order, every one carrying the final state and the same
 * generation (no reader ever sees some CPUs old and some new), and the
 * verdict change is announced exactly once.
 */
static void expect_injected_change(struct __test_metadata *_metadata,
				   struct nlh_sock *mon, const char *line,
				   __u32 ncpus, __u32 want_verdict)
{
	__u32 resampled = 0, verdicts = 0, generation = 0;
	struct event e;

	ASSERT_EQ(0, inject(line));
	while (resampled < ncpus || !verdicts) {
		ASSERT_EQ(0, next_event(mon, &e));
		EXPECT_EQ(want_verdict, e.verdict);
		if (!generation)
			generation = e.generation;
		EXPECT_EQ(generation, e.generation);
		if (e.type == VTDIAG_EVENT_VERDICT) {
			verdicts++;
			continue;
		}
		ASSERT_EQ(VTDIAG_EVENT_RESAMPLE, e.type);
		EXPECT_TRUE(e.has_cpu);
		EXPECT_EQ(resampled, e.cpu);
		resampled++;
	}
	EXPECT_EQ(1, verdicts);
	/* Nothing more: no second verdict, no stray re-sample. */
	EXPECT_EQ(-EAGAIN, next_event(mon, &e));
}

TEST_F(ev, injected_change_events)
{
	struct host before;
	struct event e;

	if (access(INJECT, W_OK))
		SKIP(return, "needs the injection build (make VTDIAG_INJECT=1)");
	ASSERT_EQ(0, inject("reset"));
	ASSERT_EQ(0, get_host(&self->s, &before));
	ASSERT_NE(VTDIAG_STATE_DISABLED_BY_FIRMWARE, before.verdict);
	while (next_event(&self->mon, &e) == 0)
		;

	expect_injected_change(_metadata, &self->mon,
			       "cpu=all vendor=amd svm=1 vm_cr=0x18",
			       before.cpus_online, VTDIAG_STATE_DISABLED_BY_FIRMWARE);
	expect_injected_change(_metadata, &self->mon, "reset",
			       before.cpus_online, before.verdict);
}

TEST_HARNESS_MAIN
