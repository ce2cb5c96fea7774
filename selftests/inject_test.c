// SPDX-License-Identifier: GPL-2.0
/*
 * Every firmware state of every CPU vendor, made real with the test-only
 * injection file of vtdiag.ko (docs/design.md, Test-only injection; the
 * module from `make module-inject`): for each state the netlink answers
 * (GET_HOST, GET_CPU do and dump) and the tool's --json report and exit
 * status must agree with docs/design.md, Per-CPU states, and the injection
 * file itself must refuse every malformed line without changing anything.
 *
 * Skips when /sys/kernel/debug/vtdiag/inject is missing (a normal build)
 * or when not run as root. Every test starts from "reset" and sets every
 * key that matters: unset keys keep the real hardware value, which under
 * QEMU TCG is an AMD CPU under a hypervisor.
 */
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <cpuid.h>
#include <linux/capability.h>

#include <json.h>

#include "kselftest_harness.h"
#include "nlhelp.h"
#include "vtdiag/decode.h"

/*
 * Note: the harness's EXPECT_*() and ASSERT_*() expand to more than one
 * statement: the check, then a loop that runs the optional TH_LOG() block
 * (and ends the test, for ASSERT_*()) when the check failed. So every
 * if/else arm holding one takes braces here, and so does every loop body
 * whose one has a TH_LOG() or is an ASSERT_*(): without them that part
 * would run once after the loop instead of at the failing iteration. A
 * lone if, or a loop around a plain EXPECT_*(), needs none.
 */
#define INJECT_PATH	"/sys/kernel/debug/vtdiag/inject"
#define MAX_CPUS	64	/* the test VM runs at most 16 */
#define LINE_MAX_BYTES	1024	/* the module refuses lines this long */
#define BLOB_MAX	2048	/* attributes of one reply message */

/* Contract names (docs/design.md, Per-CPU states), indexed by enum. */
static const char *const state_names[__VTDIAG_STATE_MAX] = {
	[VTDIAG_STATE_UNKNOWN] = "unknown",
	[VTDIAG_STATE_ENABLED] = "enabled",
	[VTDIAG_STATE_ENABLED_UNLOCKED] = "enabled_unlocked",
	[VTDIAG_STATE_DISABLED_OUTSIDE_SMX] = "disabled_outside_smx",
	[VTDIAG_STATE_DISABLED_BY_FIRMWARE] = "disabled_by_firmware",
	[VTDIAG_STATE_UNSUPPORTED] = "unsupported",
	[VTDIAG_STATE_HIDDEN_BY_HYPERVISOR] = "hidden_by_hypervisor",
	[VTDIAG_STATE_INCONSISTENT] = "inconsistent",
};

/* What the tool's text report says of each state, in words (English). */
static const char *const state_words[__VTDIAG_STATE_MAX] = {
	[VTDIAG_STATE_UNKNOWN] = "could not be determined",
	[VTDIAG_STATE_ENABLED] = "enabled",
	[VTDIAG_STATE_ENABLED_UNLOCKED] = "enabled, not locked by the firmware",
	[VTDIAG_STATE_DISABLED_OUTSIDE_SMX] = "enabled only for Intel TXT",
	[VTDIAG_STATE_DISABLED_BY_FIRMWARE] = "disabled in the BIOS/UEFI setup",
	[VTDIAG_STATE_UNSUPPORTED] = "not supported by this CPU",
	[VTDIAG_STATE_HIDDEN_BY_HYPERVISOR] = "hidden by the hypervisor",
	[VTDIAG_STATE_INCONSISTENT] = "differs between CPUs",
};

/* The injectable vendors, what CPUID.0 then says, and their technology. */
static const struct vendor_info {
	const char *name;		/* vendor= */
	__u32 vendor;			/* enum vtdiag_vendor */
	const char *id;			/* NULL: made up by the module */
	__u32 tech;
} vendors[] = {
	{ "intel",	VTDIAG_VENDOR_INTEL,	"GenuineIntel", VTDIAG_TECH_VMX },
	{ "centaur",	VTDIAG_VENDOR_CENTAUR,	"CentaurHauls", VTDIAG_TECH_VMX },
	{ "zhaoxin",	VTDIAG_VENDOR_ZHAOXIN,	"  Shanghai  ", VTDIAG_TECH_VMX },
	{ "amd",	VTDIAG_VENDOR_AMD,	"AuthenticAMD", VTDIAG_TECH_SVM },
	{ "hygon",	VTDIAG_VENDOR_HYGON,	"HygonGenuine", VTDIAG_TECH_SVM },
	{ "other",	VTDIAG_VENDOR_OTHER,	NULL,		VTDIAG_TECH_NONE },
};

static const struct vendor_info *vendor_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vendors); i++)
		if (!strcmp(vendors[i].name, name))
			return &vendors[i];
	return NULL;
}

/* The attributes of one reply, kept to compare replies byte for byte. */
struct blob {
	int len;
	char data[BLOB_MAX];
};

/* GET_HOST and GET_CPU (do, per online CPU) at one moment. */
struct snapshot {
	struct blob host;
	struct blob cpu[MAX_CPUS];
};

/* What the tests share: the netlink socket, the CPUs, the tool. */
struct ctx {
	struct nlh_sock s;
	int cpus[MAX_CPUS];
	int ncpus;
	char tool[PATH_MAX];		/* "" when not found */
	struct snapshot *hardware;	/* after reset: the real hardware */
	bool ready;
};

/* One CPU as a test expects to see it. */
struct cpu_expect {
	const struct vendor_info *vendor;
	__u32 state;
	__u32 flags;			/* VTDIAG_F_*, exactly */
	bool msr_fault;
	__u64 msr;			/* FEAT_CTL or VM_CR, by the vendor */
	int active;			/* -1: no VTDIAG_A_CPU_ACTIVE */
	const char *hv_sig;		/* NULL: no signature attribute */
};

/* The whole host; cpu[] is indexed like ctx.cpus[]. */
struct host_expect {
	__u32 verdict;
	bool hypervisor;
	struct cpu_expect cpu[MAX_CPUS];
};

/* Online CPUs from /sys/devices/system/cpu/online ("0-3,5"). */
static int read_cpu_list(const char *path, int *cpus, int max)
{
	FILE *f = fopen(path, "r");
	int n = 0, lo, hi, c;
	int sep;

	if (!f)
		return -1;
	while (fscanf(f, "%d", &lo) == 1) {
		hi = lo;
		sep = fgetc(f);
		if (sep == '-') {
			if (fscanf(f, "%d", &hi) != 1)
				break;
			sep = fgetc(f);
		}
		for (c = lo; c <= hi && n < max; c++)
			cpus[n++] = c;
		if (sep != ',')
			break;
	}
	fclose(f);
	return n;
}

/* nr_cpu_ids: one past the highest possible CPU. */
static int nr_cpu_ids(void)
{
	static int cpus[4096];
	int n = read_cpu_list("/sys/devices/system/cpu/possible", cpus, 4096);

	return n > 0 ? cpus[n - 1] + 1 : -1;
}

/* One write(2) of @len bytes; 0, or -errno. */
static int inject_raw(const char *buf, size_t len)
{
	int fd = open(INJECT_PATH, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, buf, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EMSGSIZE;	/* a short write would be a bug too */
	close(fd);
	return err;
}

#define INJECT(line) do {						\
	const char *_line = (line);					\
	int _err = inject_raw(_line, strlen(_line));			\
									\
	ASSERT_EQ(0, _err) TH_LOG("inject '%s': %s", _line,		\
				  strerror(-_err));			\
} while (0)

/* Copies the attributes of a GET_HOST or GET_CPU reply. */
static int blob_cb(struct nlmsghdr *nlh, void *arg)
{
	struct blob *b = arg;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	if (len < 0 || len > BLOB_MAX)
		return -EMSGSIZE;
	memcpy(b->data, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN, len);
	b->len = len;
	return 0;
}

static int get_host(struct nlh_sock *s, struct blob *b)
{
	static struct nlh_msg m;
	int err;

	b->len = -1;
	nlh_init(&m, s->family, 0, VTDIAG_CMD_GET_HOST, VTDIAG_GENL_VERSION);
	err = nlh_send(s, &m);
	err = err ?: nlh_recv(s, blob_cb, b, NULL);
	return err ?: (b->len < 0 ? -ENODATA : 0);
}

static int get_cpu(struct nlh_sock *s, __u32 cpu, struct blob *b)
{
	static struct nlh_msg m;
	int err;

	b->len = -1;
	nlh_init(&m, s->family, 0, VTDIAG_CMD_GET_CPU, VTDIAG_GENL_VERSION);
	nlh_put_u32(&m, VTDIAG_A_CPU_ID, cpu);
	err = nlh_send(s, &m);
	err = err ?: nlh_recv(s, blob_cb, b, NULL);
	return err ?: (b->len < 0 ? -ENODATA : 0);
}

struct dump {
	int n;
	struct blob cpu[MAX_CPUS];
};

static int dump_cb(struct nlmsghdr *nlh, void *arg)
{
	struct dump *d = arg;

	if (d->n >= MAX_CPUS)
		return -E2BIG;
	return blob_cb(nlh, &d->cpu[d->n++]);
}

/* GET_CPU dump, retried while the generation changes under it. */
static int dump_cpus(struct nlh_sock *s, struct dump *d)
{
	static struct nlh_msg m;
	int err, intr, tries;

	for (tries = 0; tries < 5; tries++) {
		d->n = 0;
		intr = 0;
		nlh_init(&m, s->family, NLM_F_DUMP, VTDIAG_CMD_GET_CPU,
			 VTDIAG_GENL_VERSION);
		err = nlh_send(s, &m);
		err = err ?: nlh_recv(s, dump_cb, d, &intr);
		if (err || !intr)
			return err;
	}
	return -EINTR;
}

static int snapshot(struct ctx *c, struct snapshot *snap)
{
	int i, err = get_host(&c->s, &snap->host);

	for (i = 0; !err && i < c->ncpus; i++)
		err = get_cpu(&c->s, c->cpus[i], &snap->cpu[i]);
	return err;
}

static bool blob_eq(const struct blob *a, const struct blob *b)
{
	return a->len == b->len && !memcmp(a->data, b->data, a->len);
}

static void parse_blob(struct nlattr **tb, int max, const struct blob *b)
{
	nlh_parse(tb, max, (void *)b->data, b->len);
}

static __u32 attr_u32(struct nlattr *nla)
{
	return nla ? nla_u32(nla) : 0xdeadbeef;
}

static const char *attr_str(struct nlattr *nla)
{
	return nla ? (const char *)NLA_DATA(nla) : "(absent)";
}

/* GET_HOST's generation, or 0 when the attribute is missing. */
static __u32 blob_generation(const struct blob *host)
{
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];

	parse_blob(tb, VTDIAG_A_HOST_MAX, host);
	return tb[VTDIAG_A_HOST_GENERATION] ?
	       nla_u32(tb[VTDIAG_A_HOST_GENERATION]) : 0;
}

/* Zeroes the u32 attribute @type of a host answer, if it is there. */
static void zero_host_attr(struct blob *b, int type)
{
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];

	parse_blob(tb, VTDIAG_A_HOST_MAX, b);
	if (tb[type])
		memset(NLA_DATA(tb[type]), 0, 4);
}

/*
 * The same host answer, apart from the age of the live bits (it grows
 * between any two requests) and, with @but_generation, the generation.
 */
static bool host_eq_but(const struct blob *a, const struct blob *b,
			bool but_generation)
{
	struct blob x = *a, y = *b;

	zero_host_attr(&x, VTDIAG_A_HOST_LIVE_AGE_MS);
	zero_host_attr(&y, VTDIAG_A_HOST_LIVE_AGE_MS);
	if (but_generation) {
		zero_host_attr(&x, VTDIAG_A_HOST_GENERATION);
		zero_host_attr(&y, VTDIAG_A_HOST_GENERATION);
	}
	return blob_eq(&x, &y);
}

static bool host_eq_but_generation(const struct blob *a, const struct blob *b)
{
	return host_eq_but(a, b, true);
}

/* Walks up from @dir looking for the repository's tool/vtdiag. */
static bool find_tool_from(const char *start, char *tool, size_t size)
{
	char dir[PATH_MAX - 64], hdr[PATH_MAX];
	char *slash;

	snprintf(dir, sizeof(dir), "%s", start);
	for (;;) {
		snprintf(tool, size, "%s/tool/vtdiag", dir);
		snprintf(hdr, sizeof(hdr), "%s/include/uapi/linux/vtdiag.h", dir);
		if (!access(tool, X_OK) && !access(hdr, R_OK))
			return true;
		slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			break;
		*slash = '\0';
	}
	tool[0] = '\0';
	return false;
}

/*
 * The tool: $VTDIAG_TOOL, else tool/vtdiag in the repository above this
 * binary (the kselftest runner may run us from an install directory), else
 * above the working directory.
 */
static void find_tool(char *tool, size_t size)
{
	const char *env = getenv("VTDIAG_TOOL");
	char path[PATH_MAX];
	char *slash;

	if (env && env[0]) {
		snprintf(tool, size, "%s", env);
		return;
	}
	if (realpath("/proc/self/exe", path)) {
		slash = strrchr(path, '/');
		if (slash)
			*slash = '\0';
		if (find_tool_from(path, tool, size))
			return;
	}
	if (getcwd(path, sizeof(path)))
		find_tool_from(path, tool, size);
}

/* Runs the tool, NO_COLOR, stdout into @out (malloc'd); its exit status. */
static int run_tool(const char *tool, const char *arg, char **out)
{
	size_t len = 0, size = 65536;
	int pipefd[2], status;
	char *buf;
	ssize_t n;
	pid_t pid;

	*out = NULL;
	buf = malloc(size);
	if (!buf || pipe(pipefd))
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		setenv("NO_COLOR", "1", 1);
		execl(tool, tool, arg, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	for (;;) {
		if (len + 1 >= size) {
			char *bigger = realloc(buf, size * 2);

			if (!bigger)
				break;
			buf = bigger;
			size *= 2;
		}
		n = read(pipefd[0], buf + len, size - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(pipefd[0]);
	buf[len] = '\0';
	*out = buf;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* docs/design.md, Tool contract: exit status of a verdict. */
static int expected_exit(__u32 verdict, bool kvm_ready)
{
	switch (verdict) {
	case VTDIAG_STATE_ENABLED:
	case VTDIAG_STATE_ENABLED_UNLOCKED:
		return kvm_ready ? 0 : 1;
	case VTDIAG_STATE_DISABLED_OUTSIDE_SMX:
	case VTDIAG_STATE_DISABLED_BY_FIRMWARE:
	case VTDIAG_STATE_INCONSISTENT:
		return 2;
	case VTDIAG_STATE_UNSUPPORTED:
	case VTDIAG_STATE_HIDDEN_BY_HYPERVISOR:
		return 3;
	default:
		return 4;
	}
}

static int common_setup(struct __test_metadata *_metadata, struct ctx *c)
{
	int err;

	if (geteuid() != 0)
		SKIP(return -1, "injection needs root");
	if (access(INJECT_PATH, F_OK))
		SKIP(return -1, "%s missing: load the module of `make module-inject`",
		     INJECT_PATH);
	err = nlh_open(&c->s, VTDIAG_GENL_NAME);
	if (err) {
		TH_LOG("family %s does not resolve: %s", VTDIAG_GENL_NAME,
		       strerror(-err));
		return -1;
	}
	c->ncpus = read_cpu_list("/sys/devices/system/cpu/online", c->cpus,
				 MAX_CPUS);
	if (c->ncpus <= 0) {
		TH_LOG("cannot read the online CPUs");
		return -1;
	}
	if (inject_raw("reset\n", 6)) {
		TH_LOG("reset refused");
		return -1;
	}
	c->hardware = calloc(1, sizeof(*c->hardware));
	if (!c->hardware || snapshot(c, c->hardware)) {
		TH_LOG("cannot query the module");
		return -1;
	}
	find_tool(c->tool, sizeof(c->tool));
	c->ready = true;
	return 0;
}

/* Every FIXTURE_SETUP: a SKIP there is no failure, anything else is. */
static void ctx_setup(struct __test_metadata *_metadata, struct ctx *c)
{
	if (common_setup(_metadata, c) && !_metadata->skip)
		ASSERT_TRUE(c->ready);
}

/*
 * A test body starts with "if (!ctx_ready()) return;": a SKIP in the
 * setup still runs the body.
 */
static bool ctx_ready(const struct __test_metadata *_metadata,
		      const struct ctx *c)
{
	return !_metadata->skip && c->ready;
}

static int set_online(int cpu, bool online)
{
	char path[96];
	int fd, err = 0;

	snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/online", cpu);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, online ? "1" : "0", 1) != 1)
		err = -errno;
	close(fd);
	return err;
}

static void common_teardown(struct ctx *c)
{
	int i;

	if (!c->ready)
		goto out_close;
	/* A test that failed half-way may have left a CPU offline. */
	for (i = 0; i < c->ncpus; i++)
		set_online(c->cpus[i], true);
	inject_raw("reset\n", 6);
out_close:
	if (c->s.fd > 0)
		close(c->s.fd);
	free(c->hardware);
}

/*
 * The tool part of a test needs tool/vtdiag: it starts with
 * "if (!ctx_has_tool()) return;". Without the tool the test is reported
 * as skipped, unless something has failed already: a SKIP would turn
 * that failure into a pass.
 */
static bool ctx_has_tool(struct __test_metadata *_metadata,
			 const struct ctx *c)
{
	if (c->tool[0])
		return true;
	if (_metadata->passed)
		SKIP(return false, "tool/vtdiag not found (set VTDIAG_TOOL)");
	return false;
}

/* One CPU's GET_CPU reply against what the test expects. */
static void check_cpu_blob(struct __test_metadata *_metadata, int cpu,
			   const struct blob *b, const struct cpu_expect *e)
{
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	__u32 tech = e->vendor->tech;
	int msr_attr = tech == VTDIAG_TECH_VMX ? VTDIAG_A_CPU_FEAT_CTL :
						 VTDIAG_A_CPU_VM_CR;
	int err_attr = tech == VTDIAG_TECH_VMX ? VTDIAG_A_CPU_FEAT_CTL_ERR :
						 VTDIAG_A_CPU_VM_CR_ERR;
	int other_msr = tech == VTDIAG_TECH_VMX ? VTDIAG_A_CPU_VM_CR :
						  VTDIAG_A_CPU_FEAT_CTL;
	int other_err = tech == VTDIAG_TECH_VMX ? VTDIAG_A_CPU_VM_CR_ERR :
						  VTDIAG_A_CPU_FEAT_CTL_ERR;
	struct vtdiag_raw raw = { .active = -1 };
	__u32 state, flags;

	parse_blob(tb, VTDIAG_A_CPU_MAX, b);
	EXPECT_EQ(cpu, attr_u32(tb[VTDIAG_A_CPU_ID]));
	state = attr_u32(tb[VTDIAG_A_CPU_STATE]);
	EXPECT_EQ(e->state, state)
		TH_LOG("CPU %d: state %s, expected %s", cpu,
		       state < __VTDIAG_STATE_MAX ? state_names[state] : "?",
		       state_names[e->state]);
	flags = attr_u32(tb[VTDIAG_A_CPU_FLAGS]);
	EXPECT_EQ(e->flags, flags)
		TH_LOG("CPU %d: flags 0x%x, expected 0x%x", cpu, flags, e->flags);
	EXPECT_EQ(e->vendor->vendor, attr_u32(tb[VTDIAG_A_CPU_VENDOR]));
	ASSERT_NE(NULL, tb[VTDIAG_A_CPU_VENDOR_ID]);
	if (e->vendor->id)
		EXPECT_STREQ(e->vendor->id, attr_str(tb[VTDIAG_A_CPU_VENDOR_ID]));
	EXPECT_EQ(e->vendor->vendor,
		  vtdiag_vendor_from_id(attr_str(tb[VTDIAG_A_CPU_VENDOR_ID])));

	/* The raw register, exactly as injected, or the error beside it. */
	if (tech == VTDIAG_TECH_NONE) {
		EXPECT_EQ(NULL, tb[VTDIAG_A_CPU_FEAT_CTL]);
		EXPECT_EQ(NULL, tb[VTDIAG_A_CPU_FEAT_CTL_ERR]);
		EXPECT_EQ(NULL, tb[VTDIAG_A_CPU_VM_CR]);
		EXPECT_EQ(NULL, tb[VTDIAG_A_CPU_VM_CR_ERR]);
	} else if (e->msr_fault) {
		EXPECT_EQ(NULL, tb[msr_attr]) TH_LOG("CPU %d: value of a faulted read", cpu);
		ASSERT_NE(NULL, tb[err_attr]) TH_LOG("CPU %d: no MSR error", cpu);
		EXPECT_EQ(-EIO, (__s32)nla_u32(tb[err_attr]));
	} else {
		ASSERT_NE(NULL, tb[msr_attr]) TH_LOG("CPU %d: no MSR value", cpu);
		EXPECT_EQ(8, NLA_PAYLOAD(tb[msr_attr]));
		EXPECT_EQ(e->msr, nla_u64(tb[msr_attr]))
			TH_LOG("CPU %d: MSR 0x%llx, injected 0x%llx", cpu,
			       (unsigned long long)nla_u64(tb[msr_attr]),
			       (unsigned long long)e->msr);
		EXPECT_EQ(NULL, tb[err_attr]);
	}
	if (tech != VTDIAG_TECH_NONE) {
		/* Only the vendor's own MSR is read. */
		EXPECT_EQ(NULL, tb[other_msr]);
		EXPECT_EQ(NULL, tb[other_err]);
	}

	if (e->active < 0) {
		EXPECT_EQ(NULL, tb[VTDIAG_A_CPU_ACTIVE]);
	} else {
		ASSERT_NE(NULL, tb[VTDIAG_A_CPU_ACTIVE]);
		EXPECT_EQ(e->active, *(__u8 *)NLA_DATA(tb[VTDIAG_A_CPU_ACTIVE]));
	}
	if (e->hv_sig) {
		ASSERT_NE(NULL, tb[VTDIAG_A_CPU_HV_SIGNATURE]);
		EXPECT_STREQ(e->hv_sig, attr_str(tb[VTDIAG_A_CPU_HV_SIGNATURE]));
	} else {
		EXPECT_EQ(NULL, tb[VTDIAG_A_CPU_HV_SIGNATURE])
			TH_LOG("CPU %d: signature '%s'", cpu,
			       attr_str(tb[VTDIAG_A_CPU_HV_SIGNATURE]));
	}

	/* The raw CPUID and MSR attributes decode to what was reported. */
	raw.vendor = attr_u32(tb[VTDIAG_A_CPU_VENDOR]);
	raw.cpuid1_ecx = attr_u32(tb[VTDIAG_A_CPU_CPUID_1_ECX]);
	raw.max_ext = attr_u32(tb[VTDIAG_A_CPU_CPUID_MAX_EXT]);
	if (tb[VTDIAG_A_CPU_CPUID_EXT1_ECX])
		raw.ext1_ecx = nla_u32(tb[VTDIAG_A_CPU_CPUID_EXT1_ECX]);
	if (tb[VTDIAG_A_CPU_CPUID_SVM_EDX])
		raw.svm_edx = nla_u32(tb[VTDIAG_A_CPU_CPUID_SVM_EDX]);
	if (tb[msr_attr])
		raw.msr = nla_u64(tb[msr_attr]);
	if (tb[err_attr])
		raw.msr_err = (__s32)nla_u32(tb[err_attr]);
	if (tb[VTDIAG_A_CPU_ACTIVE])
		raw.active = *(__u8 *)NLA_DATA(tb[VTDIAG_A_CPU_ACTIVE]);
	EXPECT_EQ(flags, vtdiag_decode_flags(&raw))
		TH_LOG("CPU %d: flags disagree with the raw attributes", cpu);
	EXPECT_EQ(state, vtdiag_decode_state(&raw))
		TH_LOG("CPU %d: state disagrees with the raw attributes", cpu);
}

/* GET_HOST against the expectation: verdict, counts, vendor, hypervisor. */
static void check_host_blob(struct __test_metadata *_metadata,
			    const struct ctx *c, const struct blob *b,
			    const struct host_expect *e)
{
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1], *nla;
	const struct cpu_expect *first = &e->cpu[0];
	__u32 want[__VTDIAG_STATE_MAX] = {}, got[__VTDIAG_STATE_MAX] = {};
	__u32 verdict, state, active = 0;
	const char *module;
	int i;

	for (i = 0; i < c->ncpus; i++) {
		want[e->cpu[i].state]++;
		active += e->cpu[i].active > 0;
	}
	parse_blob(tb, VTDIAG_A_HOST_MAX, b);
	verdict = attr_u32(tb[VTDIAG_A_HOST_VERDICT]);
	EXPECT_EQ(e->verdict, verdict)
		TH_LOG("verdict %s, expected %s",
		       verdict < __VTDIAG_STATE_MAX ? state_names[verdict] : "?",
		       state_names[e->verdict]);
	EXPECT_EQ(c->ncpus, attr_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]));
	EXPECT_EQ(active, attr_u32(tb[VTDIAG_A_HOST_CPUS_ACTIVE]));

	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_STATE_COUNTS]);
	nla_for_each(nla, NLA_DATA(tb[VTDIAG_A_HOST_STATE_COUNTS]),
		     NLA_PAYLOAD(tb[VTDIAG_A_HOST_STATE_COUNTS])) {
		struct nlattr *ctb[VTDIAG_A_COUNT_MAX + 1];

		nlh_parse(ctb, VTDIAG_A_COUNT_MAX, NLA_DATA(nla), NLA_PAYLOAD(nla));
		state = attr_u32(ctb[VTDIAG_A_COUNT_STATE]);
		ASSERT_LT(state, VTDIAG_STATE_INCONSISTENT);
		EXPECT_EQ(0, got[state]) TH_LOG("state %u counted twice", state);
		got[state] = attr_u32(ctb[VTDIAG_A_COUNT_CPUS]);
	}
	for (state = 0; state < __VTDIAG_STATE_MAX; state++) {
		EXPECT_EQ(want[state], got[state])
			TH_LOG("%s: %u CPUs counted, expected %u",
			       state_names[state], got[state], want[state]);
	}

	/* Vendor and hypervisor: those of the lowest online CPU. */
	EXPECT_EQ(first->vendor->vendor, attr_u32(tb[VTDIAG_A_HOST_VENDOR]));
	EXPECT_EQ(first->vendor->tech, attr_u32(tb[VTDIAG_A_HOST_TECH]));
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_VENDOR_ID]);
	if (first->vendor->id)
		EXPECT_STREQ(first->vendor->id, attr_str(tb[VTDIAG_A_HOST_VENDOR_ID]));
	EXPECT_EQ(e->hypervisor, !!tb[VTDIAG_A_HOST_HYPERVISOR]);
	if (first->hv_sig) {
		ASSERT_NE(NULL, tb[VTDIAG_A_HOST_HV_SIGNATURE]);
		EXPECT_STREQ(first->hv_sig, attr_str(tb[VTDIAG_A_HOST_HV_SIGNATURE]));
	} else {
		EXPECT_EQ(NULL, tb[VTDIAG_A_HOST_HV_SIGNATURE])
			TH_LOG("signature '%s'", attr_str(tb[VTDIAG_A_HOST_HV_SIGNATURE]));
	}
	module = vtdiag_kvm_vendor_module(first->vendor->tech);
	if (module) {
		EXPECT_STREQ(module, attr_str(tb[VTDIAG_A_HOST_KVM_VENDOR_MODULE]));
	} else {
		/* Neither VMX nor SVM: no KVM vendor module to name. */
		EXPECT_EQ(NULL, tb[VTDIAG_A_HOST_KVM_VENDOR_MODULE]);
	}
}

/* GET_HOST, GET_CPU for every CPU, and the dump, which must match the do. */
static void check_netlink(struct __test_metadata *_metadata, struct ctx *c,
			  const struct host_expect *e)
{
	static struct blob host, cpu[MAX_CPUS];
	static struct dump d;
	int i;

	ASSERT_EQ(0, get_host(&c->s, &host));
	check_host_blob(_metadata, c, &host, e);
	for (i = 0; i < c->ncpus; i++) {
		ASSERT_EQ(0, get_cpu(&c->s, c->cpus[i], &cpu[i]))
			TH_LOG("GET_CPU %d: %s", c->cpus[i], c->s.ext_msg);
		check_cpu_blob(_metadata, c->cpus[i], &cpu[i], &e->cpu[i]);
	}
	ASSERT_EQ(0, dump_cpus(&c->s, &d));
	ASSERT_EQ(c->ncpus, d.n);
	for (i = 0; i < c->ncpus; i++) {
		EXPECT_TRUE(blob_eq(&cpu[i], &d.cpu[i]))
			TH_LOG("dump and do differ for CPU %d", c->cpus[i]);
	}
}

static struct json_object *jget(struct json_object *obj, const char *key)
{
	struct json_object *val = NULL;

	if (!obj || !json_object_object_get_ex(obj, key, &val))
		return NULL;
	return val;
}

static bool jhas(struct json_object *obj, const char *key)
{
	return obj && json_object_object_get_ex(obj, key, NULL);
}

static const char *jstr(struct json_object *obj, const char *key)
{
	struct json_object *val = jget(obj, key);

	return json_object_is_type(val, json_type_string) ?
	       json_object_get_string(val) : NULL;
}

/* "0x…" as the tool prints an MSR: lowercase hex, no leading zeros. */
static void msr_string(char *buf, size_t size, __u64 msr)
{
	snprintf(buf, size, "0x%llx", (unsigned long long)msr);
}

/* One entry of the JSON "cpus" array against the expectation. */
static void check_json_cpu(struct __test_metadata *_metadata,
			   struct json_object *jc, int cpu,
			   const struct cpu_expect *e)
{
	__u32 tech = e->vendor->tech;
	const char *key = tech == VTDIAG_TECH_VMX ? "feature_control" : "vm_cr";
	const char *other = tech == VTDIAG_TECH_VMX ? "vm_cr" : "feature_control";
	struct json_object *active = jget(jc, "active");
	struct json_object *id = jget(jc, "cpu");
	char want[32];

	ASSERT_TRUE(json_object_is_type(id, json_type_int));
	EXPECT_EQ(cpu, json_object_get_int(id));
	EXPECT_STREQ(state_names[e->state], jstr(jc, "state") ?: "(none)")
		TH_LOG("JSON CPU %d", cpu);
	if (tech == VTDIAG_TECH_NONE) {
		EXPECT_FALSE(jhas(jc, "feature_control"));
		EXPECT_FALSE(jhas(jc, "vm_cr"));
	} else {
		ASSERT_TRUE(jhas(jc, key)) TH_LOG("JSON CPU %d: no %s", cpu, key);
		EXPECT_FALSE(jhas(jc, other)) TH_LOG("JSON CPU %d: %s", cpu, other);
		if (e->msr_fault) {
			EXPECT_EQ(NULL, jget(jc, key)) TH_LOG("JSON CPU %d: %s not null",
							      cpu, key);
		} else {
			msr_string(want, sizeof(want), e->msr);
			EXPECT_STREQ(want, jstr(jc, key) ?: "(not a string)")
				TH_LOG("JSON CPU %d: %s", cpu, key);
		}
	}
	ASSERT_TRUE(jhas(jc, "active"));
	if (e->active < 0) {
		EXPECT_EQ(NULL, active);
	} else {
		EXPECT_EQ(e->active, json_object_is_type(active, json_type_boolean) ?
			  json_object_get_boolean(active) : -1);
	}
}

/*
 * `vtdiag --json`: verdict, vendor, technology, hypervisor, each CPU with
 * its MSR as injected, and the exit status of the verdict. Returns the
 * parsed report (to put) for more checks, or NULL.
 */
static struct json_object *check_tool_json(struct __test_metadata *_metadata,
					   struct ctx *c,
					   const struct host_expect *e)
{
	const struct cpu_expect *first = &e->cpu[0];
	struct json_object *rep, *cpu, *hv, *cpus, *ready;
	const char *tech;
	char *out;
	int status, i, n;
	bool kvm_ready;

	status = run_tool(c->tool, "--json", &out);
	ASSERT_GE(status, 0) TH_LOG("cannot run %s", c->tool);
	rep = json_tokener_parse(out);
	if (!rep)
		TH_LOG("not JSON:\n%s", out);
	free(out);
	ASSERT_NE(NULL, rep);

	EXPECT_EQ(1, json_object_get_int(jget(rep, "schema")));
	EXPECT_STREQ(state_names[e->verdict], jstr(rep, "verdict") ?: "(none)");
	EXPECT_STREQ("module", jstr(rep, "source") ?: "(none)");
	ready = jget(rep, "kvm_ready");
	EXPECT_TRUE(json_object_is_type(ready, json_type_boolean));
	kvm_ready = json_object_get_boolean(ready);
	EXPECT_EQ(expected_exit(e->verdict, kvm_ready), status)
		TH_LOG("exit status %d for %s (kvm_ready %d)", status,
		       state_names[e->verdict], kvm_ready);

	cpu = jget(rep, "cpu");
	ASSERT_TRUE(json_object_is_type(cpu, json_type_object));
	if (first->vendor->id) {
		EXPECT_STREQ(first->vendor->id, jstr(cpu, "vendor") ?: "(none)");
	} else {
		/* Made up by the module: any 12 characters. */
		EXPECT_EQ(12, strlen(jstr(cpu, "vendor") ?: ""));
	}
	tech = first->vendor->tech == VTDIAG_TECH_VMX ? "vmx" :
	       first->vendor->tech == VTDIAG_TECH_SVM ? "svm" : NULL;
	ASSERT_TRUE(jhas(cpu, "technology"));
	if (tech) {
		EXPECT_STREQ(tech, jstr(cpu, "technology") ?: "(none)");
	} else {
		/* Neither VMX nor SVM: the key is there, its value null. */
		EXPECT_EQ(NULL, jget(cpu, "technology"));
	}

	ASSERT_TRUE(jhas(rep, "hypervisor"));
	hv = jget(rep, "hypervisor");
	if (!e->hypervisor) {
		EXPECT_EQ(NULL, hv);
	} else {
		ASSERT_TRUE(json_object_is_type(hv, json_type_object));
		EXPECT_STREQ(first->hv_sig ?: "", jstr(hv, "signature") ?: "(none)");
	}

	cpus = jget(rep, "cpus");
	ASSERT_TRUE(json_object_is_type(cpus, json_type_array));
	n = json_object_array_length(cpus);
	ASSERT_EQ(c->ncpus, n);
	for (i = 0; i < n; i++)
		check_json_cpu(_metadata, json_object_array_get_idx(cpus, i),
			       c->cpus[i], &e->cpu[i]);
	return rep;
}

/*
 * The text report exits with the same status as --json; its wording is
 * for the golden tests (scripts/vmtests/golden). Returns it (to free).
 */
static char *check_tool_text(struct __test_metadata *_metadata, struct ctx *c,
			     const struct host_expect *e, bool kvm_ready)
{
	char *out;
	int status = run_tool(c->tool, NULL, &out);

	EXPECT_EQ(expected_exit(e->verdict, kvm_ready), status);
	EXPECT_NE(0, strlen(out ?: "")) TH_LOG("no text report");
	return out;
}

static bool json_kvm_ready(struct json_object *rep)
{
	return json_object_get_boolean(jget(rep, "kvm_ready"));
}

/* ---- Every state of every vendor ---------------------------------- */

FIXTURE(state) {
	struct ctx c;
};

/* The injected line sets every key; the rest is the expected outcome. */
FIXTURE_VARIANT(state) {
	const char *vendor;
	int vmx, smx, svm, svml, hypervisor;
	const char *hv_sig;
	const char *feat_ctl, *vm_cr;	/* number or "fault" */
	int vmxe, svme;
	__u32 state;
	__u32 flags;			/* VTDIAG_F_*, exactly */
};

#define F_HV	VTDIAG_F_HYPERVISOR
#define F_VMX	VTDIAG_F_VMX
#define F_SMX	VTDIAG_F_SMX
#define F_SVM	VTDIAG_F_SVM
#define F_SVML	VTDIAG_F_SVML
#define F_LOCKED	VTDIAG_F_LOCKED
#define F_IN	VTDIAG_F_VMX_IN_SMX
#define F_OUT	VTDIAG_F_VMX_OUTSIDE_SMX
#define F_DIS	VTDIAG_F_SVMDIS
#define F_ACT	VTDIAG_F_ACTIVE

/*
 * VMX vendors. VM_CR is set to "SVM disabled" and svme=1: both belong to
 * SVM vendors and must change nothing here. Every VMX vendor gets the
 * same cases: keep the three lists alike.
 */
#define VMX_CASE(vend, _vmx, _smx, _hv, sig, feat, st, fl) {		\
	.vendor = #vend, .vmx = _vmx, .smx = _smx, .svm = 0,		\
	.svml = 0, .hypervisor = _hv, .hv_sig = sig,			\
	.feat_ctl = feat, .vm_cr = "0x18", .vmxe = 0, .svme = 1,	\
	.state = VTDIAG_STATE_##st, .flags = fl,			\
}

FIXTURE_VARIANT_ADD(state, intel_enabled)
	VMX_CASE(intel, 1, 0, 0, "", "0x5", ENABLED, F_VMX | F_LOCKED | F_OUT);
FIXTURE_VARIANT_ADD(state, intel_enabled_with_txt)
	VMX_CASE(intel, 1, 1, 0, "", "0x7",
		 ENABLED, F_VMX | F_SMX | F_LOCKED | F_IN | F_OUT);
FIXTURE_VARIANT_ADD(state, intel_enabled_unlocked)
	VMX_CASE(intel, 1, 0, 0, "", "0x0", ENABLED_UNLOCKED, F_VMX);
FIXTURE_VARIANT_ADD(state, intel_enabled_unlocked_bits_set)
	VMX_CASE(intel, 1, 1, 0, "", "0x6",
		 ENABLED_UNLOCKED, F_VMX | F_SMX | F_IN | F_OUT);
FIXTURE_VARIANT_ADD(state, intel_disabled_outside_smx)
	VMX_CASE(intel, 1, 1, 0, "", "0x3",
		 DISABLED_OUTSIDE_SMX, F_VMX | F_SMX | F_LOCKED | F_IN);
FIXTURE_VARIANT_ADD(state, intel_disabled_by_firmware)
	VMX_CASE(intel, 1, 0, 0, "", "0x1",
		 DISABLED_BY_FIRMWARE, F_VMX | F_LOCKED);
FIXTURE_VARIANT_ADD(state, intel_unsupported)
	VMX_CASE(intel, 0, 0, 0, "", "0x1", UNSUPPORTED, F_LOCKED);
FIXTURE_VARIANT_ADD(state, intel_hidden_kvm)
	VMX_CASE(intel, 0, 0, 1, "KVMKVMKVM", "0x5",
		 HIDDEN_BY_HYPERVISOR, F_HV | F_LOCKED | F_OUT);
FIXTURE_VARIANT_ADD(state, intel_hidden_no_signature)
	VMX_CASE(intel, 0, 0, 1, "", "0x0", HIDDEN_BY_HYPERVISOR, F_HV);
FIXTURE_VARIANT_ADD(state, intel_msr_fault)
	VMX_CASE(intel, 1, 0, 0, "", "fault", UNKNOWN, F_VMX);

FIXTURE_VARIANT_ADD(state, centaur_enabled)
	VMX_CASE(centaur, 1, 0, 0, "", "0x5",
		 ENABLED, F_VMX | F_LOCKED | F_OUT);
FIXTURE_VARIANT_ADD(state, centaur_enabled_with_txt)
	VMX_CASE(centaur, 1, 1, 0, "", "0x7",
		 ENABLED, F_VMX | F_SMX | F_LOCKED | F_IN | F_OUT);
FIXTURE_VARIANT_ADD(state, centaur_enabled_unlocked)
	VMX_CASE(centaur, 1, 0, 0, "", "0x0", ENABLED_UNLOCKED, F_VMX);
FIXTURE_VARIANT_ADD(state, centaur_enabled_unlocked_bits_set)
	VMX_CASE(centaur, 1, 1, 0, "", "0x6",
		 ENABLED_UNLOCKED, F_VMX | F_SMX | F_IN | F_OUT);
FIXTURE_VARIANT_ADD(state, centaur_disabled_outside_smx)
	VMX_CASE(centaur, 1, 1, 0, "", "0x3",
		 DISABLED_OUTSIDE_SMX, F_VMX | F_SMX | F_LOCKED | F_IN);
FIXTURE_VARIANT_ADD(state, centaur_disabled_by_firmware)
	VMX_CASE(centaur, 1, 0, 0, "", "0x1",
		 DISABLED_BY_FIRMWARE, F_VMX | F_LOCKED);
FIXTURE_VARIANT_ADD(state, centaur_unsupported)
	VMX_CASE(centaur, 0, 0, 0, "", "0x1", UNSUPPORTED, F_LOCKED);
FIXTURE_VARIANT_ADD(state, centaur_hidden_kvm)
	VMX_CASE(centaur, 0, 0, 1, "KVMKVMKVM", "0x5",
		 HIDDEN_BY_HYPERVISOR, F_HV | F_LOCKED | F_OUT);
FIXTURE_VARIANT_ADD(state, centaur_hidden_no_signature)
	VMX_CASE(centaur, 0, 0, 1, "", "0x0", HIDDEN_BY_HYPERVISOR, F_HV);
FIXTURE_VARIANT_ADD(state, centaur_msr_fault)
	VMX_CASE(centaur, 1, 0, 0, "", "fault", UNKNOWN, F_VMX);

FIXTURE_VARIANT_ADD(state, zhaoxin_enabled)
	VMX_CASE(zhaoxin, 1, 0, 0, "", "0x5",
		 ENABLED, F_VMX | F_LOCKED | F_OUT);
FIXTURE_VARIANT_ADD(state, zhaoxin_enabled_with_txt)
	VMX_CASE(zhaoxin, 1, 1, 0, "", "0x7",
		 ENABLED, F_VMX | F_SMX | F_LOCKED | F_IN | F_OUT);
FIXTURE_VARIANT_ADD(state, zhaoxin_enabled_unlocked)
	VMX_CASE(zhaoxin, 1, 0, 0, "", "0x0", ENABLED_UNLOCKED, F_VMX);
FIXTURE_VARIANT_ADD(state, zhaoxin_enabled_unlocked_bits_set)
	VMX_CASE(zhaoxin, 1, 1, 0, "", "0x6",
		 ENABLED_UNLOCKED, F_VMX | F_SMX | F_IN | F_OUT);
FIXTURE_VARIANT_ADD(state, zhaoxin_disabled_outside_smx)
	VMX_CASE(zhaoxin, 1, 1, 0, "", "0x3",
		 DISABLED_OUTSIDE_SMX, F_VMX | F_SMX | F_LOCKED | F_IN);
FIXTURE_VARIANT_ADD(state, zhaoxin_disabled_by_firmware)
	VMX_CASE(zhaoxin, 1, 0, 0, "", "0x1",
		 DISABLED_BY_FIRMWARE, F_VMX | F_LOCKED);
FIXTURE_VARIANT_ADD(state, zhaoxin_unsupported)
	VMX_CASE(zhaoxin, 0, 0, 0, "", "0x1", UNSUPPORTED, F_LOCKED);
FIXTURE_VARIANT_ADD(state, zhaoxin_hidden_kvm)
	VMX_CASE(zhaoxin, 0, 0, 1, "KVMKVMKVM", "0x5",
		 HIDDEN_BY_HYPERVISOR, F_HV | F_LOCKED | F_OUT);
FIXTURE_VARIANT_ADD(state, zhaoxin_hidden_no_signature)
	VMX_CASE(zhaoxin, 0, 0, 1, "", "0x0", HIDDEN_BY_HYPERVISOR, F_HV);
FIXTURE_VARIANT_ADD(state, zhaoxin_msr_fault)
	VMX_CASE(zhaoxin, 1, 0, 0, "", "fault", UNKNOWN, F_VMX);

/*
 * SVM vendors; FEATURE_CONTROL locked off and vmxe=1 must not matter.
 * Every SVM vendor gets the same cases: keep the two lists alike.
 */
#define SVM_CASE(vend, _svm, _svml, _hv, sig, vmcr, st, fl) {		\
	.vendor = #vend, .vmx = 0, .smx = 0, .svm = _svm,		\
	.svml = _svml, .hypervisor = _hv, .hv_sig = sig,		\
	.feat_ctl = "0x1", .vm_cr = vmcr, .vmxe = 1, .svme = 0,	\
	.state = VTDIAG_STATE_##st, .flags = fl,			\
}

FIXTURE_VARIANT_ADD(state, amd_enabled)
	SVM_CASE(amd, 1, 0, 0, "", "0x0", ENABLED, F_SVM);
FIXTURE_VARIANT_ADD(state, amd_enabled_locked)
	SVM_CASE(amd, 1, 1, 0, "", "0x8", ENABLED, F_SVM | F_SVML | F_LOCKED);
FIXTURE_VARIANT_ADD(state, amd_disabled_by_firmware)
	SVM_CASE(amd, 1, 0, 0, "", "0x18",
		 DISABLED_BY_FIRMWARE, F_SVM | F_LOCKED | F_DIS);
FIXTURE_VARIANT_ADD(state, amd_disabled_svml)
	SVM_CASE(amd, 1, 1, 0, "", "0x18",
		 DISABLED_BY_FIRMWARE, F_SVM | F_SVML | F_LOCKED | F_DIS);
FIXTURE_VARIANT_ADD(state, amd_disabled_unlocked)
	SVM_CASE(amd, 1, 0, 0, "", "0x10", DISABLED_BY_FIRMWARE, F_SVM | F_DIS);
FIXTURE_VARIANT_ADD(state, amd_unsupported)
	SVM_CASE(amd, 0, 0, 0, "", "0x18", UNSUPPORTED, F_LOCKED | F_DIS);
FIXTURE_VARIANT_ADD(state, amd_hidden_kvm)
	SVM_CASE(amd, 0, 0, 1, "KVMKVMKVM", "0x0", HIDDEN_BY_HYPERVISOR, F_HV);
FIXTURE_VARIANT_ADD(state, amd_hidden_no_signature)
	SVM_CASE(amd, 0, 0, 1, "", "0x10", HIDDEN_BY_HYPERVISOR, F_HV | F_DIS);
FIXTURE_VARIANT_ADD(state, amd_msr_fault)
	SVM_CASE(amd, 1, 0, 0, "", "fault", UNKNOWN, F_SVM);

FIXTURE_VARIANT_ADD(state, hygon_enabled)
	SVM_CASE(hygon, 1, 0, 0, "", "0x0", ENABLED, F_SVM);
FIXTURE_VARIANT_ADD(state, hygon_enabled_locked)
	SVM_CASE(hygon, 1, 1, 0, "", "0x8", ENABLED, F_SVM | F_SVML | F_LOCKED);
FIXTURE_VARIANT_ADD(state, hygon_disabled_by_firmware)
	SVM_CASE(hygon, 1, 0, 0, "", "0x18",
		 DISABLED_BY_FIRMWARE, F_SVM | F_LOCKED | F_DIS);
FIXTURE_VARIANT_ADD(state, hygon_disabled_svml)
	SVM_CASE(hygon, 1, 1, 0, "", "0x18",
		 DISABLED_BY_FIRMWARE, F_SVM | F_SVML | F_LOCKED | F_DIS);
FIXTURE_VARIANT_ADD(state, hygon_disabled_unlocked)
	SVM_CASE(hygon, 1, 0, 0, "", "0x10",
		 DISABLED_BY_FIRMWARE, F_SVM | F_DIS);
FIXTURE_VARIANT_ADD(state, hygon_unsupported)
	SVM_CASE(hygon, 0, 0, 0, "", "0x18", UNSUPPORTED, F_LOCKED | F_DIS);
FIXTURE_VARIANT_ADD(state, hygon_hidden_kvm)
	SVM_CASE(hygon, 0, 0, 1, "KVMKVMKVM", "0x0",
		 HIDDEN_BY_HYPERVISOR, F_HV);
FIXTURE_VARIANT_ADD(state, hygon_hidden_no_signature)
	SVM_CASE(hygon, 0, 0, 1, "", "0x10",
		 HIDDEN_BY_HYPERVISOR, F_HV | F_DIS);
FIXTURE_VARIANT_ADD(state, hygon_msr_fault)
	SVM_CASE(hygon, 1, 0, 0, "", "fault", UNKNOWN, F_SVM);

/* A vendor vtdiag does not know: unknown, whatever the bits say. */
FIXTURE_VARIANT_ADD(state, other_vendor) {
	.vendor = "other", .vmx = 1, .smx = 0, .svm = 1, .svml = 0,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x5", .vm_cr = "0x0",
	.vmxe = 1, .svme = 1,
	.state = VTDIAG_STATE_UNKNOWN, .flags = F_VMX | F_SVM,
};

FIXTURE_VARIANT_ADD(state, other_vendor_hidden) {
	.vendor = "other", .vmx = 0, .smx = 0, .svm = 0, .svml = 0,
	.hypervisor = 1, .hv_sig = "KVMKVMKVM", .feat_ctl = "0x5",
	.vm_cr = "0x0", .vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_UNKNOWN, .flags = F_HV,
};

/* The vendor string decides the technology, never the CPUID bits. */
FIXTURE_VARIANT_ADD(state, intel_with_only_svm) {
	.vendor = "intel", .vmx = 0, .smx = 0, .svm = 1, .svml = 1,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x5", .vm_cr = "0x0",
	.vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_UNSUPPORTED,
	.flags = F_SVM | F_SVML | F_LOCKED | F_OUT,
};

FIXTURE_VARIANT_ADD(state, amd_with_only_vmx) {
	.vendor = "amd", .vmx = 1, .smx = 1, .svm = 0, .svml = 0,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x5", .vm_cr = "0x0",
	.vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_UNSUPPORTED, .flags = F_VMX | F_SMX,
};

FIXTURE_VARIANT_ADD(state, intel_svm_bit_ignored) {
	.vendor = "intel", .vmx = 1, .smx = 0, .svm = 1, .svml = 0,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x1", .vm_cr = "0x0",
	.vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	.flags = F_VMX | F_SVM | F_LOCKED,
};

/* Under a hypervisor that exposes nested virtualization. */
FIXTURE_VARIANT_ADD(state, intel_nested_kvm) {
	.vendor = "intel", .vmx = 1, .smx = 0, .svm = 0, .svml = 0,
	.hypervisor = 1, .hv_sig = "KVMKVMKVM", .feat_ctl = "0x5",
	.vm_cr = "0x18", .vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_ENABLED, .flags = F_HV | F_VMX | F_LOCKED | F_OUT,
};

FIXTURE_VARIANT_ADD(state, amd_nested_vmware) {
	.vendor = "amd", .vmx = 0, .smx = 0, .svm = 1, .svml = 0,
	.hypervisor = 1, .hv_sig = "VMwareVMware", .feat_ctl = "0x1",
	.vm_cr = "0x0", .vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_ENABLED, .flags = F_HV | F_SVM,
};

/* A virtual firmware that reports VT-x locked off (disabled_by_hypervisor). */
FIXTURE_VARIANT_ADD(state, intel_disabled_under_vmware) {
	.vendor = "intel", .vmx = 1, .smx = 0, .svm = 0, .svml = 0,
	.hypervisor = 1, .hv_sig = "VMwareVMware", .feat_ctl = "0x1",
	.vm_cr = "0x0", .vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	.flags = F_HV | F_VMX | F_LOCKED,
};

/* Bare metal: leaf 0x40000000 means nothing without the hypervisor bit. */
FIXTURE_VARIANT_ADD(state, intel_signature_without_hypervisor) {
	.vendor = "intel", .vmx = 1, .smx = 0, .svm = 0, .svml = 0,
	.hypervisor = 0, .hv_sig = "KVMKVMKVM", .feat_ctl = "0x5",
	.vm_cr = "0x0", .vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_ENABLED, .flags = F_VMX | F_LOCKED | F_OUT,
};

/* Virtualization switched on right now (by KVM or another hypervisor). */
FIXTURE_VARIANT_ADD(state, intel_active) {
	.vendor = "intel", .vmx = 1, .smx = 0, .svm = 0, .svml = 0,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x5", .vm_cr = "0x0",
	.vmxe = 1, .svme = 0,
	.state = VTDIAG_STATE_ENABLED, .flags = F_VMX | F_LOCKED | F_OUT | F_ACT,
};

FIXTURE_VARIANT_ADD(state, amd_active) {
	.vendor = "amd", .vmx = 0, .smx = 0, .svm = 1, .svml = 0,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x0", .vm_cr = "0x8",
	.vmxe = 0, .svme = 1,
	.state = VTDIAG_STATE_ENABLED, .flags = F_SVM | F_LOCKED | F_ACT,
};

/* The whole 64 bits come through: SGX, LMCE and the top bit. */
FIXTURE_VARIANT_ADD(state, intel_feat_ctl_all_bits) {
	.vendor = "intel", .vmx = 1, .smx = 1, .svm = 0, .svml = 0,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x8000000000160007",
	.vm_cr = "0x0", .vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_ENABLED,
	.flags = F_VMX | F_SMX | F_LOCKED | F_IN | F_OUT,
};

FIXTURE_VARIANT_ADD(state, amd_vm_cr_all_bits) {
	.vendor = "amd", .vmx = 0, .smx = 0, .svm = 1, .svml = 1,
	.hypervisor = 0, .hv_sig = "", .feat_ctl = "0x0",
	.vm_cr = "18446744073709551615", .vmxe = 0, .svme = 0,
	.state = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	.flags = F_SVM | F_SVML | F_LOCKED | F_DIS,
};

FIXTURE_SETUP(state)
{
	ctx_setup(_metadata, &self->c);
}

FIXTURE_TEARDOWN(state)
{
	common_teardown(&self->c);
}

/* The injection line of a variant, every key set. */
static void variant_line(char *line, size_t size,
			 FIXTURE_VARIANT(state) const *v)
{
	snprintf(line, size,
		 "cpu=all vendor=%s vmx=%d smx=%d svm=%d svml=%d hypervisor=%d hv_sig=%s feat_ctl=%s vm_cr=%s vmxe=%d svme=%d\n",
		 v->vendor, v->vmx, v->smx, v->svm, v->svml, v->hypervisor,
		 v->hv_sig, v->feat_ctl, v->vm_cr, v->vmxe, v->svme);
}

static void variant_expect(struct cpu_expect *e, FIXTURE_VARIANT(state) const *v)
{
	const char *msr;

	memset(e, 0, sizeof(*e));
	e->vendor = vendor_by_name(v->vendor);
	e->state = v->state;
	e->flags = v->flags;
	msr = e->vendor->tech == VTDIAG_TECH_VMX ? v->feat_ctl : v->vm_cr;
	e->msr_fault = !strcmp(msr, "fault");
	e->msr = e->msr_fault ? 0 : strtoull(msr, NULL, 0);
	switch (e->vendor->tech) {
	case VTDIAG_TECH_VMX:
		e->active = v->vmxe;
		break;
	case VTDIAG_TECH_SVM:
		e->active = v->svme;
		break;
	default:
		e->active = -1;
	}
	e->hv_sig = v->hypervisor && v->hv_sig[0] ? v->hv_sig : NULL;
}

TEST_F(state, netlink_and_tool)
{
	static struct host_expect e;
	struct json_object *rep;
	char line[LINE_MAX_BYTES], *text;
	int i;

	if (!ctx_ready(_metadata, &self->c))
		return;
	variant_line(line, sizeof(line), variant);
	INJECT(line);
	e.verdict = variant->state;
	e.hypervisor = variant->hypervisor;
	for (i = 0; i < self->c.ncpus; i++)
		variant_expect(&e.cpu[i], variant);
	check_netlink(_metadata, &self->c, &e);

	if (!ctx_has_tool(_metadata, &self->c))
		return;
	rep = check_tool_json(_metadata, &self->c, &e);
	text = check_tool_text(_metadata, &self->c, &e, json_kvm_ready(rep));
	free(text);
	json_object_put(rep);
}

/* ---- CPUs that disagree ------------------------------------------ */

FIXTURE(mixed) {
	struct ctx c;
};

/* Every CPU gets @all; the odd CPUs then get @odd on top. */
FIXTURE_VARIANT(mixed) {
	const char *vendor;
	const char *all;
	const char *odd;
	__u32 all_state, all_flags;
	__u32 odd_state, odd_flags;
	const char *all_msr, *odd_msr;	/* as the raw attribute */
};

FIXTURE_VARIANT_ADD(mixed, intel_one_disabled) {
	.vendor = "intel",
	.all = "vendor=intel vmx=1 smx=0 svm=0 svml=0 hypervisor=0 feat_ctl=0x5 vmxe=0",
	.odd = "feat_ctl=0x1",
	.all_state = VTDIAG_STATE_ENABLED, .all_flags = F_VMX | F_LOCKED | F_OUT,
	.odd_state = VTDIAG_STATE_DISABLED_BY_FIRMWARE, .odd_flags = F_VMX | F_LOCKED,
	.all_msr = "0x5", .odd_msr = "0x1",
};

FIXTURE_VARIANT_ADD(mixed, zhaoxin_one_txt_only) {
	.vendor = "zhaoxin",
	.all = "vendor=zhaoxin vmx=1 smx=1 svm=0 svml=0 hypervisor=0 feat_ctl=0x7 vmxe=0",
	.odd = "feat_ctl=0x3",
	.all_state = VTDIAG_STATE_ENABLED,
	.all_flags = F_VMX | F_SMX | F_LOCKED | F_IN | F_OUT,
	.odd_state = VTDIAG_STATE_DISABLED_OUTSIDE_SMX,
	.odd_flags = F_VMX | F_SMX | F_LOCKED | F_IN,
	.all_msr = "0x7", .odd_msr = "0x3",
};

FIXTURE_VARIANT_ADD(mixed, amd_one_disabled) {
	.vendor = "amd",
	.all = "vendor=amd vmx=0 smx=0 svm=1 svml=1 hypervisor=0 vm_cr=0x8 svme=0",
	.odd = "vm_cr=0x18",
	.all_state = VTDIAG_STATE_ENABLED, .all_flags = F_SVM | F_SVML | F_LOCKED,
	.odd_state = VTDIAG_STATE_DISABLED_BY_FIRMWARE,
	.odd_flags = F_SVM | F_SVML | F_LOCKED | F_DIS,
	.all_msr = "0x8", .odd_msr = "0x18",
};

FIXTURE_VARIANT_ADD(mixed, hygon_one_fault) {
	.vendor = "hygon",
	.all = "vendor=hygon vmx=0 smx=0 svm=1 svml=0 hypervisor=0 vm_cr=0x0 svme=0",
	.odd = "vm_cr=fault",
	.all_state = VTDIAG_STATE_ENABLED, .all_flags = F_SVM,
	.odd_state = VTDIAG_STATE_UNKNOWN, .odd_flags = F_SVM,
	.all_msr = "0x0", .odd_msr = "fault",
};

FIXTURE_SETUP(mixed)
{
	ctx_setup(_metadata, &self->c);
}

FIXTURE_TEARDOWN(mixed)
{
	common_teardown(&self->c);
}

static void mixed_expect(struct cpu_expect *e, FIXTURE_VARIANT(mixed) const *v,
			 bool odd)
{
	const char *msr = odd ? v->odd_msr : v->all_msr;

	memset(e, 0, sizeof(*e));
	e->vendor = vendor_by_name(v->vendor);
	e->state = odd ? v->odd_state : v->all_state;
	e->flags = odd ? v->odd_flags : v->all_flags;
	e->msr_fault = !strcmp(msr, "fault");
	e->msr = e->msr_fault ? 0 : strtoull(msr, NULL, 0);
	e->active = 0;
}

/* Collapses runs of white space, so wrapped text reads as one line. */
static void squeeze_spaces(char *text)
{
	char *dst = text, *src = text;

	for (; *src; src++) {
		if (*src == ' ' || *src == '\n' || *src == '\t') {
			if (dst > text && dst[-1] == ' ')
				continue;
			*dst++ = ' ';
		} else {
			*dst++ = *src;
		}
	}
	*dst = '\0';
}

/*
 * The odd CPUs: the second online CPU, and the last one too when there
 * are at least five, so that they stay a minority the tool must name.
 */
static int pick_odd(const struct ctx *c, bool *odd)
{
	int n = 0;

	memset(odd, 0, sizeof(bool) * MAX_CPUS);
	odd[1] = true;
	n++;
	if (c->ncpus >= 5) {
		odd[c->ncpus - 1] = true;
		n++;
	}
	return n;
}

TEST_F(mixed, inconsistent_named)
{
	static struct host_expect e;
	struct json_object *rep, *advice;
	char line[LINE_MAX_BYTES], named[128], *text;
	const char *advice_text;
	bool odd[MAX_CPUS];
	int i, nodd;
	size_t k;

	if (!ctx_ready(_metadata, &self->c))
		return;
	if (self->c.ncpus < 2)
		SKIP(return, "CPUs can only disagree with 2 or more online");
	nodd = pick_odd(&self->c, odd);
	snprintf(line, sizeof(line), "cpu=all %s\n", variant->all);
	INJECT(line);
	for (i = 0; i < self->c.ncpus; i++) {
		if (!odd[i])
			continue;
		snprintf(line, sizeof(line), "cpu=%d %s\n", self->c.cpus[i],
			 variant->odd);
		INJECT(line);
	}
	e.verdict = VTDIAG_STATE_INCONSISTENT;
	for (i = 0; i < self->c.ncpus; i++)
		mixed_expect(&e.cpu[i], variant, odd[i]);
	check_netlink(_metadata, &self->c, &e);

	if (!ctx_has_tool(_metadata, &self->c))
		return;
	rep = check_tool_json(_metadata, &self->c, &e);
	text = check_tool_text(_metadata, &self->c, &e, false);
	ASSERT_NE(NULL, text);

	/* "CPU 1: disabled in the BIOS/UEFI setup" or "CPUs 1,7: ...". */
	if (nodd == 1)
		snprintf(named, sizeof(named), "CPU %d: %s", self->c.cpus[1],
			 state_words[variant->odd_state]);
	else
		snprintf(named, sizeof(named), "CPUs %d,%d: %s", self->c.cpus[1],
			 self->c.cpus[self->c.ncpus - 1],
			 state_words[variant->odd_state]);
	if (2 * nodd < self->c.ncpus) {
		squeeze_spaces(text);
		EXPECT_NE(NULL, strstr(text, named))
			TH_LOG("text report does not name '%s':\n%s", named, text);
		advice = jget(rep, "advice");
		ASSERT_TRUE(json_object_is_type(advice, json_type_array));
		advice_text = NULL;
		for (k = 0; k < json_object_array_length(advice); k++) {
			const char *t = jstr(json_object_array_get_idx(advice, k),
					     "text");

			if (t && strstr(t, named))
				advice_text = t;
		}
		EXPECT_NE(NULL, advice_text)
			TH_LOG("no JSON advice names '%s'", named);
	} else {
		TH_LOG("%d of %d CPUs odd: no majority, naming not checked",
		       nodd, self->c.ncpus);
	}
	free(text);
	json_object_put(rep);
}

/* ---- Malformed lines ---------------------------------------------- */

FIXTURE(bad) {
	struct ctx c;
};

enum { GEN_NONE, GEN_NR_CPU_IDS, GEN_LONG_LINE };

/* Each would change the state if any part of it were applied. */
FIXTURE_VARIANT(bad) {
	const char *line;
	size_t len;		/* bytes to write; 0: strlen(line) */
	int gen;		/* built at run time instead */
};

FIXTURE_VARIANT_ADD(bad, bad_hex)
	{ .line = "cpu=all feat_ctl=0xzz\n" };
FIXTURE_VARIANT_ADD(bad, u64_overflow)
	{ .line = "cpu=all feat_ctl=18446744073709551616\n" };
FIXTURE_VARIANT_ADD(bad, negative_value)
	{ .line = "cpu=all feat_ctl=-1\n" };
FIXTURE_VARIANT_ADD(bad, plus_sign_value)
	{ .line = "cpu=all feat_ctl=+5\n" };
FIXTURE_VARIANT_ADD(bad, plus_sign_cpu)
	{ .line = "cpu=+1 vmx=1\n" };
FIXTURE_VARIANT_ADD(bad, bare_hex_prefix)
	{ .line = "cpu=all vm_cr=0x\n" };
FIXTURE_VARIANT_ADD(bad, empty_value)
	{ .line = "cpu=all feat_ctl=\n" };
FIXTURE_VARIANT_ADD(bad, fault_misspelt)
	{ .line = "cpu=all vm_cr=0x18 feat_ctl=faulty\n" };
FIXTURE_VARIANT_ADD(bad, cpu_negative)
	{ .line = "cpu=-1 feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, cpu_huge)
	{ .line = "cpu=99999 feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, cpu_empty)
	{ .line = "cpu= feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, cpu_garbage)
	{ .line = "cpu=0x feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, cpu_missing)
	{ .line = "feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, cpu_twice)
	{ .line = "cpu=0 cpu=all feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, unknown_key)
	{ .line = "cpu=all feat_ctl=0x1 colour=blue\n" };
FIXTURE_VARIANT_ADD(bad, key_without_value)
	{ .line = "cpu=all feat_ctl=0x1 vmx\n" };
FIXTURE_VARIANT_ADD(bad, unknown_vendor)
	{ .line = "cpu=all feat_ctl=0x1 vendor=transmeta\n" };
FIXTURE_VARIANT_ADD(bad, hv_sig_13_chars)
	{ .line = "cpu=all feat_ctl=0x1 hv_sig=KVMKVMKVMKVMK\n" };
FIXTURE_VARIANT_ADD(bad, hv_sig_control_char)
	{ .line = "cpu=all feat_ctl=0x1 hv_sig=KVM\x01KVM\n" };
FIXTURE_VARIANT_ADD(bad, empty_line)
	{ .line = "\n" };
FIXTURE_VARIANT_ADD(bad, only_cpu)
	{ .line = "cpu=0\n" };
FIXTURE_VARIANT_ADD(bad, only_cpu_all)
	{ .line = "cpu=all\n" };
FIXTURE_VARIANT_ADD(bad, duplicate_key)
	{ .line = "cpu=all feat_ctl=0x1 feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, duplicate_key_differs)
	{ .line = "cpu=all vmx=0 feat_ctl=0x1 vmx=1\n" };
FIXTURE_VARIANT_ADD(bad, two_lines)
	{ .line = "cpu=all feat_ctl=0x1\ncpu=all vmx=0\n" };
FIXTURE_VARIANT_ADD(bad, two_lines_no_newline)
	{ .line = "cpu=all feat_ctl=0x1\ncpu=all vmx=0" };
FIXTURE_VARIANT_ADD(bad, reset_and_more)
	{ .line = "reset\ncpu=all feat_ctl=0x1\n" };
FIXTURE_VARIANT_ADD(bad, reset_with_argument)
	{ .line = "reset all\n" };
FIXTURE_VARIANT_ADD(bad, bool_2)
	{ .line = "cpu=all feat_ctl=0x1 vmx=2\n" };
FIXTURE_VARIANT_ADD(bad, bool_yes)
	{ .line = "cpu=all feat_ctl=0x1 hypervisor=yes\n" };
FIXTURE_VARIANT_ADD(bad, bool_empty)
	{ .line = "cpu=all feat_ctl=0x1 smx=\n" };
FIXTURE_VARIANT_ADD(bad, cpuid_word_over_u32)
	{ .line = "cpu=all feat_ctl=0x1 memenc_ecx=4294967296\n" };
FIXTURE_VARIANT_ADD(bad, cpuid_word_fault)
	{ .line = "cpu=all feat_ctl=0x1 cpuid7_ecx=fault\n" };
FIXTURE_VARIANT_ADD(bad, cc_msr_garbage)
	{ .line = "cpu=all feat_ctl=0x1 syscfg=0x80000g\n" };
FIXTURE_VARIANT_ADD(bad, cc_msr_fault_misspelt)
	{ .line = "cpu=all feat_ctl=0x1 rmp_base=Fault\n" };
FIXTURE_VARIANT_ADD(bad, cc_msr_twice)
	{ .line = "cpu=all feat_ctl=0x1 seamrr_mask=0x0 seamrr_mask=0xc00\n" };
FIXTURE_VARIANT_ADD(bad, embedded_nul) {
	.line = "cpu=all feat_ctl=0x1\0 vmx=0\n", .len = 28,
};

FIXTURE_VARIANT_ADD(bad, cpu_nr_cpu_ids) { .gen = GEN_NR_CPU_IDS };
FIXTURE_VARIANT_ADD(bad, line_over_1024_bytes) { .gen = GEN_LONG_LINE };

/* What every bad line starts from: VT-x enabled on every CPU. */
#define GOOD_STATE "cpu=all vendor=intel vmx=1 smx=0 svm=0 svml=0 hypervisor=0 hv_sig= feat_ctl=0x5 vm_cr=0x0 vmxe=0 svme=0\n"

FIXTURE_SETUP(bad)
{
	ctx_setup(_metadata, &self->c);
}

FIXTURE_TEARDOWN(bad)
{
	common_teardown(&self->c);
}

TEST_F(bad, refused_state_untouched)
{
	static struct snapshot before, after;
	char buf[LINE_MAX_BYTES + 64];
	const char *line = variant->line;
	size_t len = variant->len;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	int err, i;

	if (!ctx_ready(_metadata, &self->c))
		return;
	if (variant->gen == GEN_NR_CPU_IDS) {
		ASSERT_GT(nr_cpu_ids(), 0);
		snprintf(buf, sizeof(buf), "cpu=%d feat_ctl=0x1\n", nr_cpu_ids());
		line = buf;
	} else if (variant->gen == GEN_LONG_LINE) {
		/* Valid but for its length: runs of spaces are allowed. */
		memset(buf, ' ', sizeof(buf));
		memcpy(buf, "cpu=all feat_ctl=0x1", 20);
		buf[LINE_MAX_BYTES + 40] = '\n';
		buf[LINE_MAX_BYTES + 41] = '\0';
		line = buf;
	}
	if (!len)
		len = strlen(line);

	INJECT(GOOD_STATE);
	ASSERT_EQ(0, snapshot(&self->c, &before));
	err = inject_raw(line, len);
	EXPECT_EQ(-EINVAL, err) TH_LOG("'%.*s' gave %s", (int)len, line,
				       strerror(-err));
	ASSERT_EQ(0, snapshot(&self->c, &after));
	/* Same answers, the generation included: nothing was re-sampled. */
	EXPECT_EQ(blob_generation(&before.host), blob_generation(&after.host));
	EXPECT_TRUE(host_eq_but(&before.host, &after.host, false));
	for (i = 0; i < self->c.ncpus; i++) {
		EXPECT_TRUE(blob_eq(&before.cpu[i], &after.cpu[i]))
			TH_LOG("CPU %d changed", self->c.cpus[i]);
	}

	/* Not wedged: the change the bad line carried works on its own. */
	INJECT("cpu=all feat_ctl=0x1\n");
	ASSERT_EQ(0, get_host(&self->c.s, &after.host));
	parse_blob(tb, VTDIAG_A_HOST_MAX, &after.host);
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  attr_u32(tb[VTDIAG_A_HOST_VERDICT]));
}

/* ---- The injection file itself ------------------------------------ */

FIXTURE(inject) {
	struct ctx c;
};

FIXTURE_SETUP(inject)
{
	ctx_setup(_metadata, &self->c);
}

FIXTURE_TEARDOWN(inject)
{
	common_teardown(&self->c);
}

static __u32 host_verdict(struct __test_metadata *_metadata, struct ctx *c,
			  __u32 *generation)
{
	static struct blob host;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];

	if (get_host(&c->s, &host))
		return 0xdeadbeef;
	parse_blob(tb, VTDIAG_A_HOST_MAX, &host);
	if (generation)
		*generation = attr_u32(tb[VTDIAG_A_HOST_GENERATION]);
	return attr_u32(tb[VTDIAG_A_HOST_VERDICT]);
}

/* Well-formed variants of the syntax are accepted, values exactly kept. */
TEST_F(inject, accepted_forms)
{
	static const struct {
		const char *line;
		__u64 feat_ctl;
	} forms[] = {
		{ "cpu=all feat_ctl=5\n", 0x5 },
		{ "cpu=all feat_ctl=0x1", 0x1 },		/* no newline */
		{ "cpu=all   feat_ctl=0x5\x20\x20\n", 0x5 },	/* runs of spaces */
		{ "cpu=all feat_ctl=18446744073709551615\n", ~0ULL },
		{ "cpu=all feat_ctl=0xFFFFFFFFFFFFFFFE\n", ~1ULL },
		{ "cpu=all feat_ctl=0x0\n", 0 },
	};
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	static struct blob b;
	size_t k;
	int i;

	if (!ctx_ready(_metadata, &self->c))
		return;
	INJECT(GOOD_STATE);
	for (k = 0; k < ARRAY_SIZE(forms); k++) {
		INJECT(forms[k].line);
		for (i = 0; i < self->c.ncpus; i++) {
			ASSERT_EQ(0, get_cpu(&self->c.s, self->c.cpus[i], &b));
			parse_blob(tb, VTDIAG_A_CPU_MAX, &b);
			ASSERT_NE(NULL, tb[VTDIAG_A_CPU_FEAT_CTL]);
			EXPECT_EQ(forms[k].feat_ctl, nla_u64(tb[VTDIAG_A_CPU_FEAT_CTL]))
				TH_LOG("'%s' on CPU %d", forms[k].line, self->c.cpus[i]);
		}
	}
	/* A 12-character signature is the longest there is. */
	INJECT("cpu=all hypervisor=1 hv_sig=XenVMMXenVMM\n");
	ASSERT_EQ(0, get_cpu(&self->c.s, self->c.cpus[0], &b));
	parse_blob(tb, VTDIAG_A_CPU_MAX, &b);
	EXPECT_STREQ("XenVMMXenVMM", attr_str(tb[VTDIAG_A_CPU_HV_SIGNATURE]));
}

/* A write has taken effect when it returns: no waiting, no polling. */
TEST_F(inject, effect_before_write_returns)
{
	__u32 verdict, gen, last_gen = 0;
	int round;

	if (!ctx_ready(_metadata, &self->c))
		return;
	INJECT(GOOD_STATE);
	for (round = 0; round < 20; round++) {
		bool off = round & 1;

		INJECT(off ? "cpu=all feat_ctl=0x1\n" : "cpu=all feat_ctl=0x5\n");
		verdict = host_verdict(_metadata, &self->c, &gen);
		EXPECT_EQ(off ? VTDIAG_STATE_DISABLED_BY_FIRMWARE :
				VTDIAG_STATE_ENABLED, verdict)
			TH_LOG("round %d", round);
		EXPECT_GT(gen, last_gen) TH_LOG("round %d: generation did not move",
						round);
		last_gen = gen;
	}
}

/* cpu=N changes CPU N only; later lines add keys to what is there. */
TEST_F(inject, one_cpu_and_merging)
{
	static struct snapshot before, after;
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	char line[64];
	int i, last;

	if (!ctx_ready(_metadata, &self->c))
		return;
	if (self->c.ncpus < 2)
		SKIP(return, "needs 2 or more online CPUs");
	last = self->c.ncpus - 1;
	INJECT(GOOD_STATE);
	ASSERT_EQ(0, snapshot(&self->c, &before));
	INJECT("cpu=0 feat_ctl=0x1\n");
	ASSERT_EQ(0, snapshot(&self->c, &after));
	EXPECT_FALSE(blob_eq(&before.cpu[0], &after.cpu[0]));
	for (i = 1; i < self->c.ncpus; i++) {
		EXPECT_TRUE(blob_eq(&before.cpu[i], &after.cpu[i]))
			TH_LOG("CPU %d changed by cpu=0", self->c.cpus[i]);
	}

	/* A second line for the last CPU keeps what the first one set. */
	snprintf(line, sizeof(line), "cpu=%d smx=1\n", self->c.cpus[last]);
	INJECT(line);
	snprintf(line, sizeof(line), "cpu=%d feat_ctl=0x3\n", self->c.cpus[last]);
	INJECT(line);
	ASSERT_EQ(0, get_cpu(&self->c.s, self->c.cpus[last], &after.cpu[last]));
	parse_blob(tb, VTDIAG_A_CPU_MAX, &after.cpu[last]);
	EXPECT_EQ(VTDIAG_STATE_DISABLED_OUTSIDE_SMX,
		  attr_u32(tb[VTDIAG_A_CPU_STATE]));
	EXPECT_STREQ("GenuineIntel", attr_str(tb[VTDIAG_A_CPU_VENDOR_ID]));
}

/* The CPUID answer of @cpu, from userspace, to tell "real" from injected. */
static int cpuid_on(int cpu, unsigned int leaf, unsigned int *regs)
{
	cpu_set_t set, old;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_getaffinity(0, sizeof(old), &old) ||
	    sched_setaffinity(0, sizeof(set), &set))
		return -1;
	__cpuid(leaf, regs[0], regs[1], regs[2], regs[3]);
	sched_setaffinity(0, sizeof(old), &old);
	return 0;
}

/* Nothing like real hardware: every key set, both MSR reads failing. */
#define FAKE_STATE "cpu=all vendor=zhaoxin vmx=1 smx=1 svm=0 svml=1 hypervisor=1 hv_sig=VBoxVBoxVBox feat_ctl=fault vm_cr=fault vmxe=1 svme=1\n"

/* reset: back to what the hardware says, on every CPU. */
TEST_F(inject, reset_returns_to_hardware)
{
	static struct snapshot now;
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	unsigned int regs[4];
	char vendor_id[13];
	__u32 gen_before, gen_after;
	int i;

	if (!ctx_ready(_metadata, &self->c))
		return;
	gen_before = blob_generation(&self->c.hardware->host);
	INJECT(FAKE_STATE);
	ASSERT_EQ(0, snapshot(&self->c, &now));
	EXPECT_FALSE(host_eq_but_generation(&self->c.hardware->host, &now.host));
	INJECT("reset\n");
	ASSERT_EQ(0, snapshot(&self->c, &now));
	gen_after = blob_generation(&now.host);
	EXPECT_GT(gen_after, gen_before);
	EXPECT_TRUE(host_eq_but_generation(&self->c.hardware->host, &now.host))
		TH_LOG("GET_HOST after reset differs from the hardware");
	for (i = 0; i < self->c.ncpus; i++) {
		EXPECT_TRUE(blob_eq(&self->c.hardware->cpu[i], &now.cpu[i]))
			TH_LOG("CPU %d after reset differs from the hardware",
			       self->c.cpus[i]);
		/* And that is what the CPUID instruction says. */
		parse_blob(tb, VTDIAG_A_CPU_MAX, &now.cpu[i]);
		ASSERT_EQ(0, cpuid_on(self->c.cpus[i], 0, regs));
		memcpy(vendor_id, &regs[1], 4);
		memcpy(vendor_id + 4, &regs[3], 4);
		memcpy(vendor_id + 8, &regs[2], 4);
		vendor_id[12] = '\0';
		EXPECT_STREQ(vendor_id, attr_str(tb[VTDIAG_A_CPU_VENDOR_ID]));
		ASSERT_EQ(0, cpuid_on(self->c.cpus[i], 1, regs));
		EXPECT_EQ(regs[2], attr_u32(tb[VTDIAG_A_CPU_CPUID_1_ECX]));
	}
	/* reset twice is fine. */
	INJECT("reset\n");
	INJECT("reset");
}

/* Runs @fn in a child that dropped privileges; returns its exit code. */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn());
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* 0 when the write is refused with EACCES or EPERM. */
static int write_as_nobody(void)
{
	int err;

	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return 10;
	if (geteuid() != 65534)
		return 11;
	err = inject_raw("cpu=all feat_ctl=0x1\n", 21);
	return err == -EACCES || err == -EPERM ? 0 : 12;
}

/* Root without CAP_SYS_ADMIN: the file opens (DAC), the write must not. */
static int write_without_cap_sys_admin(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	int err;

	if (syscall(SYS_capget, &hdr, data))
		return 20;
	data[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
	if (syscall(SYS_capset, &hdr, data))
		return 21;
	err = inject_raw("cpu=all feat_ctl=0x1\n", 21);
	return err == -EPERM || err == -EACCES ? 0 : 22;
}

TEST_F(inject, unprivileged_refused)
{
	static struct snapshot before, after;
	int i;

	if (!ctx_ready(_metadata, &self->c))
		return;
	INJECT(GOOD_STATE);
	ASSERT_EQ(0, snapshot(&self->c, &before));
	EXPECT_EQ(0, in_child(write_as_nobody));
	EXPECT_EQ(0, in_child(write_without_cap_sys_admin));
	ASSERT_EQ(0, snapshot(&self->c, &after));
	EXPECT_TRUE(host_eq_but(&before.host, &after.host, false));
	for (i = 0; i < self->c.ncpus; i++)
		EXPECT_TRUE(blob_eq(&before.cpu[i], &after.cpu[i]));
}

/* The id of the "monitor" multicast group, from the controller. */
static int monitor_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *grp;
	__u32 *id = arg;

	nlh_parse(tb, CTRL_ATTR_MAX, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each(grp, NLA_DATA(tb[CTRL_ATTR_MCAST_GROUPS]),
		     NLA_PAYLOAD(tb[CTRL_ATTR_MCAST_GROUPS])) {
		struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];

		nlh_parse(gtb, CTRL_ATTR_MCAST_GRP_MAX, NLA_DATA(grp),
			  NLA_PAYLOAD(grp));
		if (gtb[CTRL_ATTR_MCAST_GRP_NAME] && gtb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(NLA_DATA(gtb[CTRL_ATTR_MCAST_GRP_NAME]),
			    VTDIAG_MCGRP_MONITOR))
			*id = nla_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return 0;
}

static int open_monitor(struct nlh_sock *s)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	static struct nlh_msg m;
	__u32 group = 0;
	int err, fd;

	nlh_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	nlh_put(&m, CTRL_ATTR_FAMILY_NAME, VTDIAG_GENL_NAME,
		strlen(VTDIAG_GENL_NAME) + 1);
	err = nlh_send(s, &m);
	err = err ?: nlh_recv(s, monitor_cb, &group, NULL);
	if (err || !group)
		return -1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0)
		return -1;
	/* Unbound, its port id would be 0, the kernel's: no delivery. */
	if (bind(fd, (struct sockaddr *)&local, sizeof(local)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
		       sizeof(group))) {
		close(fd);
		return -1;
	}
	return fd;
}

struct events {
	int resample[MAX_CPUS];		/* RESAMPLE events per CPU index */
	int verdicts;			/* VERDICT events */
	int other;
	__u32 last_verdict;		/* carried by the last event */
};

/* Whatever is queued now, without waiting. */
static void read_events(struct ctx *c, int fd, struct events *ev)
{
	static char buf[65536];
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	struct nlmsghdr *nlh;
	ssize_t n;
	int i;

	memset(ev, 0, sizeof(*ev));
	while ((n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT)) > 0) {
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			struct genlmsghdr *g = NLMSG_DATA(nlh);
			__u32 type, cpu;

			if (nlh->nlmsg_type != c->s.family ||
			    g->cmd != VTDIAG_CMD_EVENT)
				continue;
			nlh_parse(tb, VTDIAG_A_HOST_MAX, (char *)g + GENL_HDRLEN,
				  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
			type = attr_u32(tb[VTDIAG_A_HOST_EVENT]);
			cpu = attr_u32(tb[VTDIAG_A_HOST_EVENT_CPU]);
			ev->last_verdict = attr_u32(tb[VTDIAG_A_HOST_VERDICT]);
			if (type == VTDIAG_EVENT_VERDICT) {
				ev->verdicts++;
				continue;
			}
			if (type != VTDIAG_EVENT_RESAMPLE) {
				ev->other++;
				continue;
			}
			for (i = 0; i < c->ncpus; i++)
				if (c->cpus[i] == (int)cpu)
					ev->resample[i]++;
		}
	}
}

/* Each injection announces every re-sampled CPU before write() returns. */
TEST_F(inject, events_before_write_returns)
{
	static struct events ev;
	char line[64];
	int fd, i;

	if (!ctx_ready(_metadata, &self->c))
		return;
	INJECT(GOOD_STATE);
	fd = open_monitor(&self->c.s);
	ASSERT_GE(fd, 0) TH_LOG("cannot join the monitor group");
	read_events(&self->c, fd, &ev);

	INJECT("cpu=all feat_ctl=0x1\n");
	read_events(&self->c, fd, &ev);
	for (i = 0; i < self->c.ncpus; i++) {
		EXPECT_EQ(1, ev.resample[i])
			TH_LOG("CPU %d", self->c.cpus[i]);
	}
	/*
	 * CPUs are re-sampled one by one, so listeners may see the verdict
	 * pass through "inconsistent" on the way; the last word is the new
	 * verdict.
	 */
	EXPECT_GE(ev.verdicts, 1);
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE, ev.last_verdict);

	/* One CPU: one event, and no verdict event while all CPUs agree. */
	snprintf(line, sizeof(line), "cpu=%d feat_ctl=0x9\n", self->c.cpus[0]);
	INJECT(line);
	read_events(&self->c, fd, &ev);
	EXPECT_EQ(1, ev.resample[0]);
	for (i = 1; i < self->c.ncpus; i++)
		EXPECT_EQ(0, ev.resample[i]);
	EXPECT_EQ(0, ev.verdicts);

	/* A refused line announces nothing. */
	EXPECT_EQ(-EINVAL, inject_raw("cpu=all vmx=2\n", 14));
	read_events(&self->c, fd, &ev);
	for (i = 0; i < self->c.ncpus; i++)
		EXPECT_EQ(0, ev.resample[i]);
	EXPECT_EQ(0, ev.verdicts);
	close(fd);
}

/* An injection for an offline CPU waits for it; reset reaches it too. */
TEST_F(inject, offline_cpu)
{
	static struct blob b;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	struct nlattr *ctb[VTDIAG_A_CPU_MAX + 1];
	char line[64];
	int last, cpu;

	if (!ctx_ready(_metadata, &self->c))
		return;
	if (self->c.ncpus < 2)
		SKIP(return, "needs 2 or more online CPUs");
	last = self->c.ncpus - 1;
	cpu = self->c.cpus[last];
	INJECT(GOOD_STATE);
	if (set_online(cpu, false))
		SKIP(return, "CPU %d cannot go offline", cpu);

	snprintf(line, sizeof(line), "cpu=%d feat_ctl=0x1\n", cpu);
	INJECT(line);
	ASSERT_EQ(0, get_host(&self->c.s, &b));
	parse_blob(tb, VTDIAG_A_HOST_MAX, &b);
	EXPECT_EQ(VTDIAG_STATE_ENABLED, attr_u32(tb[VTDIAG_A_HOST_VERDICT]));
	EXPECT_EQ(self->c.ncpus - 1, attr_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]));
	EXPECT_EQ(-ENODEV, get_cpu(&self->c.s, cpu, &b));

	ASSERT_EQ(0, set_online(cpu, true));
	ASSERT_EQ(0, get_host(&self->c.s, &b));
	parse_blob(tb, VTDIAG_A_HOST_MAX, &b);
	EXPECT_EQ(VTDIAG_STATE_INCONSISTENT, attr_u32(tb[VTDIAG_A_HOST_VERDICT]));
	ASSERT_EQ(0, get_cpu(&self->c.s, cpu, &b));
	parse_blob(ctb, VTDIAG_A_CPU_MAX, &b);
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE,
		  attr_u32(ctb[VTDIAG_A_CPU_STATE]));

	ASSERT_EQ(0, set_online(cpu, false));
	INJECT("reset\n");
	ASSERT_EQ(0, set_online(cpu, true));
	ASSERT_EQ(0, get_cpu(&self->c.s, cpu, &b));
	EXPECT_TRUE(blob_eq(&self->c.hardware->cpu[last], &b))
		TH_LOG("CPU %d is not back to the hardware after reset", cpu);
}

/* ---- What the kernel did to FEATURE_CONTROL, and tboot ------------ */

/* Whether this kernel has KVM_INTEL, as a module or built in. */
static bool kernel_has_kvm_intel(void)
{
	return !access("/sys/module/kvm_intel", F_OK) ||
	       !system("modinfo kvm_intel >/dev/null 2>&1");
}

struct policy {
	__u32 verdict;
	bool locks, enables_vmx, tboot;
};

static int get_policy(struct ctx *c, struct policy *p)
{
	static struct blob host;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	int err = get_host(&c->s, &host);

	if (err)
		return err;
	parse_blob(tb, VTDIAG_A_HOST_MAX, &host);
	p->verdict = attr_u32(tb[VTDIAG_A_HOST_VERDICT]);
	p->locks = tb[VTDIAG_A_HOST_KERNEL_LOCKS_FEAT_CTL];
	p->enables_vmx = tb[VTDIAG_A_HOST_KERNEL_ENABLES_VMX];
	p->tboot = tb[VTDIAG_A_HOST_TBOOT];
	return 0;
}

/*
 * The module reports what this kernel does with an unlocked
 * FEATURE_CONTROL (x86-64 kernels with Intel support lock it; VMX on only
 * with KVM_INTEL), and under tboot judges VMX by the inside-SMX bit.
 */
TEST_F(inject, kernel_policy_and_tboot)
{
	struct policy p;

	if (!ctx_ready(_metadata, &self->c))
		return;
	ASSERT_EQ(0, get_policy(&self->c, &p));
	EXPECT_TRUE(p.locks);
	EXPECT_EQ(kernel_has_kvm_intel(), p.enables_vmx);
	EXPECT_FALSE(p.tboot) TH_LOG("the test VM is no tboot launch");

	/* Inside SMX: the inside bit alone enables VMX ... */
	INJECT("cpu=all vendor=intel vmx=1 smx=1 hypervisor=0 feat_ctl=0x3 tboot=1\n");
	ASSERT_EQ(0, get_policy(&self->c, &p));
	EXPECT_EQ(VTDIAG_STATE_ENABLED, p.verdict);
	EXPECT_TRUE(p.tboot);
	/* ... and the outside bit alone does not. */
	INJECT("cpu=all feat_ctl=0x5\n");
	ASSERT_EQ(0, get_policy(&self->c, &p));
	EXPECT_EQ(VTDIAG_STATE_DISABLED_BY_FIRMWARE, p.verdict);
	/* Unlocked stays unlocked: the kernel would have locked it. */
	INJECT("cpu=all feat_ctl=0x0\n");
	ASSERT_EQ(0, get_policy(&self->c, &p));
	EXPECT_EQ(VTDIAG_STATE_ENABLED_UNLOCKED, p.verdict);
	/* Outside SMX again: the inside bit alone is TXT-only. */
	INJECT("cpu=all feat_ctl=0x3 tboot=0\n");
	ASSERT_EQ(0, get_policy(&self->c, &p));
	EXPECT_EQ(VTDIAG_STATE_DISABLED_OUTSIDE_SMX, p.verdict);
	EXPECT_FALSE(p.tboot);
	EXPECT_EQ(-EINVAL, inject_raw("cpu=all tboot=2\n", 16));
	EXPECT_EQ(-EINVAL, inject_raw("cpu=all live_delay_ms=10001\n", 28));
}

/* ---- Confidential computing --------------------------------------- */

/*
 * Every state and cause of SME, SEV, SEV-ES, SEV-SNP, TME and TDX
 * (docs/design.md, Confidential computing), made with the CPUID-word and
 * MSR keys. Checked for each CPU and for the host: the feature nests (only
 * the vendor's), the MSR nests (exactly the MSRs the CPUID says exist, each
 * with the injected value or the error), and the raw attributes decoded
 * again by the shared decoder.
 */
#define CC_FEATURES	(__VTDIAG_A_CC_MAX)

FIXTURE(cc) {
	struct ctx c;
};

/* Injected as "cpu=all BASE", then "cpu=all CHANGE" (keys once a line). */
FIXTURE_VARIANT(cc) {
	const char *base;
	const char *change;	/* NULL: none */
	__u32 state[CC_FEATURES];	/* by VTDIAG_A_CC_*; vendor's only */
	__u32 causes[CC_FEATURES];
	__u32 msrs;		/* BIT(enum vtdiag_cc_msr) read */
};

#define S(x)		VTDIAG_STATE_##x
#define C(x)		VTDIAG_CC_CAUSES_##x
#define M(x)		(1U << VTDIAG_CC_MSR_##x)
#define AMD_MSRS	(M(SYSCFG) | M(HWCR) | M(RMP_BASE) | M(RMP_END))
#define INTEL_MSRS	(M(MTRRCAP) | M(TME_ACTIVATE) | M(KEYID_PART) | \
			 M(SEAMRR_MASK))

/*
 * An EPYC with every feature, bare metal: SEV-ES/SNP ASIDs 1-509, SEV
 * 510-1006, memory encryption on, SMM locked, a 16 MiB reverse map at
 * 4 GiB. Each variant changes one thing after it.
 */
#define AMD_GOOD "vendor=amd hypervisor=0 svm=1 memenc_eax=0x3f " \
	"memenc_ebx=0x133 memenc_ecx=1006 memenc_edx=510 syscfg=0x800000 " \
	"hwcr=0x1 rmp_base=0x100000000 rmp_end=0x100ffffff "
/* A Sapphire Rapids with TME and TDX: 32 TDX KeyIDs after 63 MKTME ones. */
#define INTEL_GOOD "vendor=intel hypervisor=0 vmx=1 cpuid7_ecx=0x2000 " \
	"mtrrcap=0x8d0a tme_activate=0x600000003 " \
	"keyid_part=0x000000200000003f seamrr_mask=0xfffff0000c00 "

#define AMD4(a, b, c, d)	{ [VTDIAG_A_CC_SME] = (a), [VTDIAG_A_CC_SEV] = (b), \
				  [VTDIAG_A_CC_SEV_ES] = (c), [VTDIAG_A_CC_SEV_SNP] = (d) }
#define INTEL2(a, b)		{ [VTDIAG_A_CC_TME] = (a), [VTDIAG_A_CC_TDX] = (b) }

FIXTURE_VARIANT_ADD(cc, amd_all_enabled) {
	.base = AMD_GOOD,
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED), S(ENABLED)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, hygon_all_enabled) {
	.base = AMD_GOOD, .change = "vendor=hygon",
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED), S(ENABLED)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_smee_off) {
	.base = AMD_GOOD, .change = "syscfg=0x0",
	.state = AMD4(S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE),
		      S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE)),
	.causes = AMD4(C(MEM_ENCRYPT_OFF), C(MEM_ENCRYPT_OFF),
		       C(MEM_ENCRYPT_OFF), C(MEM_ENCRYPT_OFF)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_smm_unlocked) {
	.base = AMD_GOOD, .change = "hwcr=0x0",
	.state = AMD4(S(ENABLED), S(DISABLED_BY_FIRMWARE),
		      S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE)),
	.causes = AMD4(0, C(SMM_UNLOCKED), C(SMM_UNLOCKED), C(SMM_UNLOCKED)),
	.msrs = AMD_MSRS,
};

/* Linux does not judge the SMM lock under a hypervisor; nor do we. */
FIXTURE_VARIANT_ADD(cc, amd_smm_unlocked_guest) {
	.base = AMD_GOOD, .change = "hwcr=0x0 hypervisor=1",
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED), S(ENABLED)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_no_es_asids) {
	.base = AMD_GOOD, .change = "memenc_edx=1",
	.state = AMD4(S(ENABLED), S(ENABLED), S(DISABLED_BY_FIRMWARE),
		      S(DISABLED_BY_FIRMWARE)),
	.causes = AMD4(0, 0, C(NO_ES_ASIDS), C(NO_ES_ASIDS)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_no_sev_only_asids) {
	.base = AMD_GOOD, .change = "memenc_edx=1007",
	.state = AMD4(S(ENABLED), S(DISABLED_BY_FIRMWARE), S(ENABLED),
		      S(ENABLED)),
	.causes = AMD4(0, C(NO_SEV_ASIDS), 0, 0),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_no_asids_at_all) {
	.base = AMD_GOOD, .change = "memenc_ecx=0 memenc_edx=0",
	.state = AMD4(S(ENABLED), S(DISABLED_BY_FIRMWARE),
		      S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE)),
	.causes = AMD4(0, C(NO_SEV_ASIDS), C(NO_ES_ASIDS), C(NO_ES_ASIDS)),
	.msrs = AMD_MSRS,
};

/* The values a Dell R6515 without SNP memory coverage showed. */
FIXTURE_VARIANT_ADD(cc, amd_rmp_not_reserved) {
	.base = AMD_GOOD, .change = "rmp_base=0x0 rmp_end=0x1fff",
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED),
		      S(DISABLED_BY_FIRMWARE)),
	.causes = AMD4(0, 0, 0, C(RMP_NOT_RESERVED)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_rmp_inverted) {
	.base = AMD_GOOD, .change = "rmp_base=0x200000000 rmp_end=0x100ffffff",
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED),
		      S(DISABLED_BY_FIRMWARE)),
	.causes = AMD4(0, 0, 0, C(RMP_NOT_RESERVED)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_every_cause) {
	.base = AMD_GOOD, .change = "syscfg=0x0 hwcr=0x0 memenc_edx=1 rmp_base=0x0",
	.state = AMD4(S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE),
		      S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE)),
	.causes = AMD4(C(MEM_ENCRYPT_OFF), C(MEM_ENCRYPT_OFF) | C(SMM_UNLOCKED),
		       C(MEM_ENCRYPT_OFF) | C(SMM_UNLOCKED) | C(NO_ES_ASIDS),
		       C(MEM_ENCRYPT_OFF) | C(SMM_UNLOCKED) | C(NO_ES_ASIDS) |
		       C(RMP_NOT_RESERVED)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_syscfg_fault) {
	.base = AMD_GOOD, .change = "syscfg=fault",
	.state = AMD4(S(UNKNOWN), S(UNKNOWN), S(UNKNOWN), S(UNKNOWN)),
	.causes = AMD4(C(MSR_FAULT), C(MSR_FAULT), C(MSR_FAULT), C(MSR_FAULT)),
	.msrs = AMD_MSRS,
};

FIXTURE_VARIANT_ADD(cc, amd_rmp_end_fault) {
	.base = AMD_GOOD, .change = "rmp_end=fault",
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED), S(UNKNOWN)),
	.causes = AMD4(0, 0, 0, C(MSR_FAULT)),
	.msrs = AMD_MSRS,
};

/* A Milan without SNP: the reverse-map MSRs are not read at all. */
FIXTURE_VARIANT_ADD(cc, amd_without_snp) {
	.base = AMD_GOOD, .change = "memenc_eax=0xf",
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED), S(UNSUPPORTED)),
	.msrs = M(SYSCFG) | M(HWCR),
};

FIXTURE_VARIANT_ADD(cc, amd_without_any) {
	.base = AMD_GOOD, .change = "memenc_eax=0x0",
	.state = AMD4(S(UNSUPPORTED), S(UNSUPPORTED), S(UNSUPPORTED),
		      S(UNSUPPORTED)),
	.msrs = 0,
};

FIXTURE_VARIANT_ADD(cc, amd_hidden_from_guest) {
	.base = AMD_GOOD, .change = "memenc_eax=0x0 hypervisor=1",
	.state = AMD4(S(HIDDEN_BY_HYPERVISOR), S(HIDDEN_BY_HYPERVISOR),
		      S(HIDDEN_BY_HYPERVISOR), S(HIDDEN_BY_HYPERVISOR)),
	.msrs = 0,
};

FIXTURE_VARIANT_ADD(cc, intel_tme_tdx_enabled) {
	.base = INTEL_GOOD,
	.state = INTEL2(S(ENABLED), S(ENABLED)),
	.msrs = INTEL_MSRS,
};

FIXTURE_VARIANT_ADD(cc, intel_tme_off) {
	.base = INTEL_GOOD, .change = "tme_activate=0x1",
	.state = INTEL2(S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE)),
	.causes = INTEL2(C(TME_NOT_ENABLED), C(TME_NOT_ENABLED)),
	.msrs = INTEL_MSRS,
};

FIXTURE_VARIANT_ADD(cc, intel_tme_unlocked) {
	.base = INTEL_GOOD, .change = "tme_activate=0x2",
	.state = INTEL2(S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE)),
	.causes = INTEL2(C(TME_NOT_LOCKED), C(TME_NOT_LOCKED)),
	.msrs = INTEL_MSRS,
};

FIXTURE_VARIANT_ADD(cc, intel_no_tdx_keyids) {
	.base = INTEL_GOOD, .change = "keyid_part=0x3f",
	.state = INTEL2(S(ENABLED), S(DISABLED_BY_FIRMWARE)),
	.causes = INTEL2(0, C(NO_TDX_KEYIDS)),
	.msrs = INTEL_MSRS,
};

FIXTURE_VARIANT_ADD(cc, intel_one_tdx_keyid) {
	.base = INTEL_GOOD, .change = "keyid_part=0x10000003f",
	.state = INTEL2(S(ENABLED), S(DISABLED_BY_FIRMWARE)),
	.causes = INTEL2(0, C(NO_TDX_KEYIDS)),
	.msrs = INTEL_MSRS,
};

FIXTURE_VARIANT_ADD(cc, intel_seam_loader_off) {
	.base = INTEL_GOOD, .change = "seamrr_mask=0xfffff0000400",
	.state = INTEL2(S(ENABLED), S(DISABLED_BY_FIRMWARE)),
	.causes = INTEL2(0, C(SEAMRR_OFF)),
	.msrs = INTEL_MSRS,
};

FIXTURE_VARIANT_ADD(cc, intel_without_seamrr) {
	.base = INTEL_GOOD, .change = "mtrrcap=0xd0a",
	.state = INTEL2(S(ENABLED), S(UNSUPPORTED)),
	.msrs = M(MTRRCAP) | M(TME_ACTIVATE) | M(KEYID_PART),
};

FIXTURE_VARIANT_ADD(cc, intel_hidden_from_guest) {
	.base = INTEL_GOOD, .change = "hypervisor=1 cpuid7_ecx=0x0 mtrrcap=0x508",
	.state = INTEL2(S(HIDDEN_BY_HYPERVISOR), S(HIDDEN_BY_HYPERVISOR)),
	.msrs = M(MTRRCAP),
};

FIXTURE_VARIANT_ADD(cc, intel_mtrrcap_fault) {
	.base = INTEL_GOOD, .change = "mtrrcap=fault",
	.state = INTEL2(S(ENABLED), S(UNKNOWN)),
	.causes = INTEL2(0, C(MSR_FAULT)),
	.msrs = M(MTRRCAP) | M(TME_ACTIVATE) | M(KEYID_PART),
};

FIXTURE_VARIANT_ADD(cc, intel_tme_activate_fault) {
	.base = INTEL_GOOD, .change = "tme_activate=fault",
	.state = INTEL2(S(UNKNOWN), S(UNKNOWN)),
	.causes = INTEL2(C(MSR_FAULT), C(MSR_FAULT)),
	.msrs = INTEL_MSRS,
};

FIXTURE_VARIANT_ADD(cc, intel_every_cause) {
	.base = INTEL_GOOD, .change = "tme_activate=0x0 keyid_part=0x0 seamrr_mask=0x0",
	.state = INTEL2(S(DISABLED_BY_FIRMWARE), S(DISABLED_BY_FIRMWARE)),
	.causes = INTEL2(C(TME_NOT_ENABLED) | C(TME_NOT_LOCKED),
			 C(TME_NOT_ENABLED) | C(TME_NOT_LOCKED) |
			 C(SEAMRR_OFF) | C(NO_TDX_KEYIDS)),
	.msrs = INTEL_MSRS,
};

/* No features of its own: an empty nest, no MSR read. */
FIXTURE_VARIANT_ADD(cc, centaur_has_none) {
	.base = INTEL_GOOD, .change = "vendor=centaur",
	.msrs = 0,
};

FIXTURE_SETUP(cc)
{
	ctx_setup(_metadata, &self->c);
}

FIXTURE_TEARDOWN(cc)
{
	common_teardown(&self->c);
}

/* The MSR of an injection key, or 0. */
static __u32 cc_key_msr(const char *key)
{
	static const struct {
		const char *key;
		__u32 msr;
	} keys[] = {
		{ "syscfg", VTDIAG_MSR_SYSCFG },
		{ "hwcr", VTDIAG_MSR_HWCR },
		{ "rmp_base", VTDIAG_MSR_RMP_BASE },
		{ "rmp_end", VTDIAG_MSR_RMP_END },
		{ "mtrrcap", VTDIAG_MSR_MTRRCAP },
		{ "tme_activate", VTDIAG_MSR_TME_ACTIVATE },
		{ "keyid_part", VTDIAG_MSR_KEYID_PART },
		{ "seamrr_mask", VTDIAG_MSR_SEAMRR_MASK },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].key, key))
			return keys[i].msr;
	return 0;
}

/*
 * The value of MSR @msr the line injects last ("fault": *@fault set);
 * false when the line does not name it.
 */
static bool cc_line_msr(const char *line, __u32 msr, __u64 *val, bool *fault)
{
	char buf[2 * LINE_MAX_BYTES], *tok, *rest = buf, *eq;
	bool found = false;

	snprintf(buf, sizeof(buf), "%s", line);
	while ((tok = strsep(&rest, "\n ")) != NULL) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		if (cc_key_msr(tok) != msr)
			continue;
		found = true;
		*fault = !strcmp(eq + 1, "fault");
		*val = *fault ? 0 : strtoull(eq + 1, NULL, 0);
	}
	return found;
}

/* The BIT(enum vtdiag_cc_msr) of MSR @index, or 0. */
static __u32 cc_msr_bit(__u32 index)
{
	unsigned int which;

	for (which = 0; which < VTDIAG_CC_MSR_COUNT; which++)
		if (vtdiag_cc_msr_index(which) == index)
			return 1U << which;
	return 0;
}

/*
 * One VTDIAG_A_*_CC attribute against @state and @causes, feature by
 * feature. @ncpus < 0: a CPU's nest, without a count; else the host's,
 * whose count is @ncpus for an enabled feature and 0 otherwise.
 */
static void check_cc_nest(struct __test_metadata *_metadata, const char *who,
			  struct nlattr *cc, __u32 vendor, const __u32 *state,
			  const __u32 *causes, int ncpus)
{
	struct nlattr *tb[VTDIAG_A_CC_MAX + 1];
	__u32 features = vtdiag_cc_features(vendor);
	unsigned int f;

	ASSERT_NE(NULL, cc) TH_LOG("%s: no cc nest", who);
	nlh_parse(tb, VTDIAG_A_CC_MAX, NLA_DATA(cc), NLA_PAYLOAD(cc));
	for (f = 1; f < CC_FEATURES; f++) {
		struct nlattr *ftb[VTDIAG_A_CC_FEATURE_MAX + 1];
		__u32 got;

		if (!(features & (1U << f))) {
			EXPECT_EQ(NULL, tb[f])
				TH_LOG("%s: %s is not this vendor's", who,
				       vtdiag_cc_feature_name(f));
			continue;
		}
		ASSERT_NE(NULL, tb[f])
			TH_LOG("%s: no %s", who, vtdiag_cc_feature_name(f));
		nlh_parse(ftb, VTDIAG_A_CC_FEATURE_MAX, NLA_DATA(tb[f]),
			  NLA_PAYLOAD(tb[f]));
		got = attr_u32(ftb[VTDIAG_A_CC_FEATURE_STATE]);
		EXPECT_EQ(state[f], got)
			TH_LOG("%s: %s %s, expected %s", who,
			       vtdiag_cc_feature_name(f),
			       got < __VTDIAG_STATE_MAX ? state_names[got] : "?",
			       state_names[state[f]]);
		got = attr_u32(ftb[VTDIAG_A_CC_FEATURE_CAUSES]);
		EXPECT_EQ(causes[f], got)
			TH_LOG("%s: %s causes 0x%x, expected 0x%x", who,
			       vtdiag_cc_feature_name(f), got, causes[f]);
		if (ncpus >= 0) {
			EXPECT_EQ(state[f] == VTDIAG_STATE_ENABLED ? (__u32)ncpus : 0,
				  attr_u32(ftb[VTDIAG_A_CC_FEATURE_CPUS]))
				TH_LOG("%s: %s: CPU count", who,
				       vtdiag_cc_feature_name(f));
		} else {
			EXPECT_EQ(NULL, ftb[VTDIAG_A_CC_FEATURE_CPUS]);
		}
	}
}

/*
 * One CPU's reply: its feature nests, its MSR nests against the line, and
 * the raw attributes decoded again. @withheld: the caller lacks
 * CAP_SYS_ADMIN, so RMP_BASE/RMP_END must carry no value.
 */
static void check_cc_cpu(struct __test_metadata *_metadata, int cpu,
			 const struct blob *b, const char *line,
			 FIXTURE_VARIANT(cc) const *v, bool withheld)
{
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1], *nla;
	struct vtdiag_raw raw = { .active = -1 };
	struct vtdiag_cc_raw cc = {};
	__u32 read = 0, bit, causes;
	unsigned int f, which;
	char who[32];

	snprintf(who, sizeof(who), "CPU %d", cpu);
	parse_blob(tb, VTDIAG_A_CPU_MAX, b);
	raw.vendor = attr_u32(tb[VTDIAG_A_CPU_VENDOR]);
	raw.cpuid1_ecx = attr_u32(tb[VTDIAG_A_CPU_CPUID_1_ECX]);
	raw.max_ext = attr_u32(tb[VTDIAG_A_CPU_CPUID_MAX_EXT]);
	ASSERT_NE(NULL, tb[VTDIAG_A_CPU_CPUID_MAX_BASIC]);
	cc.max_basic = nla_u32(tb[VTDIAG_A_CPU_CPUID_MAX_BASIC]);
	EXPECT_EQ(vtdiag_cc_has_leaf7(&cc), !!tb[VTDIAG_A_CPU_CPUID_7_ECX]);
	if (tb[VTDIAG_A_CPU_CPUID_7_ECX])
		cc.cpuid7_ecx = nla_u32(tb[VTDIAG_A_CPU_CPUID_7_ECX]);
	EXPECT_EQ(vtdiag_cc_has_memenc(&raw), !!tb[VTDIAG_A_CPU_CPUID_MEMENC_EAX]);
	for (f = 0; f < 4; f++)
		if (tb[VTDIAG_A_CPU_CPUID_MEMENC_EAX + f])
			cc.memenc[f] = nla_u32(tb[VTDIAG_A_CPU_CPUID_MEMENC_EAX + f]);

	nla_for_each(nla, (void *)b->data, b->len) {
		struct nlattr *mtb[VTDIAG_A_MSR_MAX + 1];
		__u64 want = 0;
		bool fault = false, named;
		__u32 index;

		if ((nla->nla_type & NLA_TYPE_MASK) != VTDIAG_A_CPU_MSR)
			continue;
		nlh_parse(mtb, VTDIAG_A_MSR_MAX, NLA_DATA(nla), NLA_PAYLOAD(nla));
		ASSERT_NE(NULL, mtb[VTDIAG_A_MSR_INDEX]);
		index = nla_u32(mtb[VTDIAG_A_MSR_INDEX]);
		bit = cc_msr_bit(index);
		ASSERT_NE(0, bit) TH_LOG("%s: MSR 0x%x is not on the list", who, index);
		EXPECT_EQ(0, read & bit) TH_LOG("%s: MSR 0x%x twice", who, index);
		read |= bit;
		which = __builtin_ctz(bit);
		cc.msr_read |= bit;
		/* Exactly one of value, error, withheld. */
		EXPECT_EQ(1, !!mtb[VTDIAG_A_MSR_VALUE] + !!mtb[VTDIAG_A_MSR_ERR] +
			     !!mtb[VTDIAG_A_MSR_WITHHELD])
			TH_LOG("%s: MSR 0x%x", who, index);
		named = cc_line_msr(line, index, &want, &fault);
		if (mtb[VTDIAG_A_MSR_ERR]) {
			cc.msr_err[which] = (__s32)nla_u32(mtb[VTDIAG_A_MSR_ERR]);
			EXPECT_EQ(-EIO, cc.msr_err[which]);
			EXPECT_TRUE(named && fault)
				TH_LOG("%s: MSR 0x%x faulted, not injected so", who, index);
			continue;
		}
		EXPECT_FALSE(named && fault) TH_LOG("%s: MSR 0x%x: no fault", who, index);
		if (index == VTDIAG_MSR_RMP_BASE || index == VTDIAG_MSR_RMP_END) {
			EXPECT_EQ(withheld, !!mtb[VTDIAG_A_MSR_WITHHELD])
				TH_LOG("%s: MSR 0x%x withheld %d", who, index,
				       !!mtb[VTDIAG_A_MSR_WITHHELD]);
		} else {
			EXPECT_EQ(NULL, mtb[VTDIAG_A_MSR_WITHHELD]);
		}
		if (mtb[VTDIAG_A_MSR_WITHHELD]) {
			/* The test knows the value: decode with the injected one. */
			cc.msr[which] = want;
			continue;
		}
		ASSERT_NE(NULL, mtb[VTDIAG_A_MSR_VALUE]);
		cc.msr[which] = nla_u64(mtb[VTDIAG_A_MSR_VALUE]);
		if (named) {
			EXPECT_EQ(want, cc.msr[which])
				TH_LOG("%s: MSR 0x%x is 0x%llx, injected 0x%llx", who,
				       index, (unsigned long long)cc.msr[which],
				       (unsigned long long)want);
		}
	}
	EXPECT_EQ(v->msrs, read)
		TH_LOG("%s: MSRs read 0x%x, expected 0x%x", who, read, v->msrs);

	check_cc_nest(_metadata, who, tb[VTDIAG_A_CPU_CC], raw.vendor,
		      v->state, v->causes, -1);
	/* The shared decoder says the same from the raw attributes. */
	for (f = 1; f < CC_FEATURES; f++) {
		if (!(vtdiag_cc_features(raw.vendor) & (1U << f)))
			continue;
		EXPECT_EQ(v->state[f], vtdiag_cc_decode(&raw, &cc, f, &causes))
			TH_LOG("%s: %s: raw attributes decode otherwise", who,
			       vtdiag_cc_feature_name(f));
		EXPECT_EQ(v->causes[f], causes);
	}
}

/*
 * Injects the variant; @line gets both lines in one (for cc_line_msr(),
 * which takes the last value of a key).
 */
static int cc_inject(FIXTURE_VARIANT(cc) const *v, char *line, size_t size)
{
	char change[LINE_MAX_BYTES];
	int err;

	snprintf(line, size, "cpu=all %s\n", v->base);
	err = inject_raw(line, strlen(line));
	if (err || !v->change)
		return err;
	snprintf(change, sizeof(change), "cpu=all %s\n", v->change);
	err = inject_raw(change, strlen(change));
	snprintf(line, size, "cpu=all %s %s\n", v->base, v->change);
	return err;
}

TEST_F(cc, netlink)
{
	static struct blob host, cpu[MAX_CPUS];
	static struct dump d;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	char line[2 * LINE_MAX_BYTES];
	int i;

	if (!ctx_ready(_metadata, &self->c))
		return;
	ASSERT_EQ(0, cc_inject(variant, line, sizeof(line)));
	for (i = 0; i < self->c.ncpus; i++) {
		ASSERT_EQ(0, get_cpu(&self->c.s, self->c.cpus[i], &cpu[i]));
		check_cc_cpu(_metadata, self->c.cpus[i], &cpu[i], line, variant,
			     false);
	}
	ASSERT_EQ(0, dump_cpus(&self->c.s, &d));
	ASSERT_EQ(self->c.ncpus, d.n);
	for (i = 0; i < self->c.ncpus; i++)
		EXPECT_TRUE(blob_eq(&cpu[i], &d.cpu[i]));

	/* The host: every CPU alike, so the same state and causes. */
	ASSERT_EQ(0, get_host(&self->c.s, &host));
	parse_blob(tb, VTDIAG_A_HOST_MAX, &host);
	check_cc_nest(_metadata, "host", tb[VTDIAG_A_HOST_CC],
		      attr_u32(tb[VTDIAG_A_HOST_VENDOR]), variant->state,
		      variant->causes, self->c.ncpus);
}

/* Once, not per variant: the tests below start from amd_all_enabled. */
FIXTURE(cc_once) {
	struct ctx c;
};

FIXTURE_SETUP(cc_once)
{
	ctx_setup(_metadata, &self->c);
}

FIXTURE_TEARDOWN(cc_once)
{
	common_teardown(&self->c);
}

static FIXTURE_VARIANT(cc) const cc_amd_good = {
	.base = AMD_GOOD,
	.state = AMD4(S(ENABLED), S(ENABLED), S(ENABLED), S(ENABLED)),
	.msrs = AMD_MSRS,
};

/* CPUs that disagree: the host is inconsistent, the causes add up. */
TEST_F(cc_once, one_cpu_differs)
{
	static struct blob host;
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1], *ctb[VTDIAG_A_CC_MAX + 1];
	struct nlattr *ftb[VTDIAG_A_CC_FEATURE_MAX + 1];
	char line[LINE_MAX_BYTES];

	if (!ctx_ready(_metadata, &self->c))
		return;
	if (self->c.ncpus < 2)
		SKIP(return, "needs 2 online CPUs");
	INJECT("cpu=all " AMD_GOOD "\n");
	snprintf(line, sizeof(line), "cpu=%d syscfg=0x0\n", self->c.cpus[1]);
	INJECT(line);
	ASSERT_EQ(0, get_host(&self->c.s, &host));
	parse_blob(tb, VTDIAG_A_HOST_MAX, &host);
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_CC]);
	nlh_parse(ctb, VTDIAG_A_CC_MAX, NLA_DATA(tb[VTDIAG_A_HOST_CC]),
		  NLA_PAYLOAD(tb[VTDIAG_A_HOST_CC]));
	ASSERT_NE(NULL, ctb[VTDIAG_A_CC_SEV_SNP]);
	nlh_parse(ftb, VTDIAG_A_CC_FEATURE_MAX, NLA_DATA(ctb[VTDIAG_A_CC_SEV_SNP]),
		  NLA_PAYLOAD(ctb[VTDIAG_A_CC_SEV_SNP]));
	EXPECT_EQ(VTDIAG_STATE_INCONSISTENT,
		  attr_u32(ftb[VTDIAG_A_CC_FEATURE_STATE]));
	EXPECT_EQ(VTDIAG_CC_CAUSES_MEM_ENCRYPT_OFF,
		  attr_u32(ftb[VTDIAG_A_CC_FEATURE_CAUSES]));
	EXPECT_EQ((__u32)self->c.ncpus - 1,
		  attr_u32(ftb[VTDIAG_A_CC_FEATURE_CPUS]));
	/* The KVM verdict is none of its business. */
	EXPECT_EQ(VTDIAG_STATE_ENABLED, attr_u32(tb[VTDIAG_A_HOST_VERDICT]));
}

/* CPU 0's reply to nobody, shared with the parent. */
static struct blob *cc_nobody_blob;

static int cc_read_as_nobody(void)
{
	struct nlh_sock s = {};

	if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
		return 10;
	if (nlh_open(&s, VTDIAG_GENL_NAME))
		return 11;
	return get_cpu(&s, 0, cc_nobody_blob) ? 12 : 0;
}

/* RMP_BASE/RMP_END hold a physical address: CAP_SYS_ADMIN only. */
TEST_F(cc_once, rmp_address_root_only)
{
	char line[2 * LINE_MAX_BYTES];

	if (!ctx_ready(_metadata, &self->c))
		return;
	ASSERT_EQ(0, self->c.cpus[0]) TH_LOG("CPU 0 is offline");
	cc_nobody_blob = mmap(NULL, sizeof(*cc_nobody_blob),
			      PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			      -1, 0);
	ASSERT_NE(MAP_FAILED, cc_nobody_blob);
	ASSERT_EQ(0, cc_inject(&cc_amd_good, line, sizeof(line)));
	EXPECT_EQ(0, in_child(cc_read_as_nobody));
	check_cc_cpu(_metadata, 0, cc_nobody_blob, line, &cc_amd_good, true);
	munmap(cc_nobody_blob, sizeof(*cc_nobody_blob));
}

#undef S
#undef C
#undef M

TEST_HARNESS_MAIN
