// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink behaviour of vtdiag.ko, run in the test VM with the module
 * loaded: the family resolves, GET_HOST and GET_CPU answer with sane and
 * self-consistent data that matches what the CPUID instruction says on
 * each CPU, the dump yields one message per online CPU, and every bad
 * request is refused with an extack message naming the attribute.
 */
#include <cpuid.h>
#include <grp.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "nlhelp.h"
#include "vtdiag/decode.h"

#define MAX_CPUS 1024

struct host_reply {
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
	char copy[NLH_BUF_SIZE];
};

struct cpu_reply {
	int present[VTDIAG_A_CPU_MAX + 1];
	__u32 id, state, vendor, flags;
	struct vtdiag_raw raw;
	struct vtdiag_cc_raw cc;
	__u32 cc_features;	/* BIT(VTDIAG_A_CC_*) in VTDIAG_A_CPU_CC */
	char vendor_id[16];
};

struct dump_state {
	unsigned int n;
	struct cpu_reply cpus[MAX_CPUS];
};

/* The online CPUs, from /sys/devices/system/cpu/online ("0-3,5"). */
static int online_cpus(int *cpus, int max)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	int n = 0, lo, hi, c;
	char sep;

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

/* CPUID in userspace on @cpu, to cross-check what the module read. */
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

static int cpuid_count_on(int cpu, unsigned int leaf, unsigned int sub,
			  unsigned int *regs)
{
	cpu_set_t set, old;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_getaffinity(0, sizeof(old), &old) ||
	    sched_setaffinity(0, sizeof(set), &set))
		return -1;
	__cpuid_count(leaf, sub, regs[0], regs[1], regs[2], regs[3]);
	sched_setaffinity(0, sizeof(old), &old);
	return 0;
}

static int host_cb(struct nlmsghdr *nlh, void *arg)
{
	struct host_reply *r = arg;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	memcpy(r->copy, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN, len);
	nlh_parse(r->tb, VTDIAG_A_HOST_MAX, r->copy, len);
	return 0;
}

static void parse_cpu(struct nlmsghdr *nlh, struct cpu_reply *c)
{
	struct nlattr *tb[VTDIAG_A_CPU_MAX + 1];
	int i;

	memset(c, 0, sizeof(*c));
	nlh_parse(tb, VTDIAG_A_CPU_MAX, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	for (i = 0; i <= VTDIAG_A_CPU_MAX; i++)
		c->present[i] = !!tb[i];
	c->raw.active = -1;
	if (tb[VTDIAG_A_CPU_ID])
		c->id = nla_u32(tb[VTDIAG_A_CPU_ID]);
	if (tb[VTDIAG_A_CPU_STATE])
		c->state = nla_u32(tb[VTDIAG_A_CPU_STATE]);
	if (tb[VTDIAG_A_CPU_VENDOR])
		c->vendor = nla_u32(tb[VTDIAG_A_CPU_VENDOR]);
	if (tb[VTDIAG_A_CPU_FLAGS])
		c->flags = nla_u32(tb[VTDIAG_A_CPU_FLAGS]);
	if (tb[VTDIAG_A_CPU_CPUID_1_ECX])
		c->raw.cpuid1_ecx = nla_u32(tb[VTDIAG_A_CPU_CPUID_1_ECX]);
	if (tb[VTDIAG_A_CPU_CPUID_MAX_EXT])
		c->raw.max_ext = nla_u32(tb[VTDIAG_A_CPU_CPUID_MAX_EXT]);
	if (tb[VTDIAG_A_CPU_CPUID_EXT1_ECX])
		c->raw.ext1_ecx = nla_u32(tb[VTDIAG_A_CPU_CPUID_EXT1_ECX]);
	if (tb[VTDIAG_A_CPU_CPUID_SVM_EDX])
		c->raw.svm_edx = nla_u32(tb[VTDIAG_A_CPU_CPUID_SVM_EDX]);
	if (tb[VTDIAG_A_CPU_FEAT_CTL_ERR])
		c->raw.msr_err = nla_u32(tb[VTDIAG_A_CPU_FEAT_CTL_ERR]);
	if (tb[VTDIAG_A_CPU_VM_CR_ERR])
		c->raw.msr_err = nla_u32(tb[VTDIAG_A_CPU_VM_CR_ERR]);
	c->raw.vendor = c->vendor;
	if (tb[VTDIAG_A_CPU_FEAT_CTL])
		c->raw.msr = nla_u64(tb[VTDIAG_A_CPU_FEAT_CTL]);
	if (tb[VTDIAG_A_CPU_VM_CR])
		c->raw.msr = nla_u64(tb[VTDIAG_A_CPU_VM_CR]);
	if (tb[VTDIAG_A_CPU_ACTIVE])
		c->raw.active = *(__u8 *)NLA_DATA(tb[VTDIAG_A_CPU_ACTIVE]);
	if (tb[VTDIAG_A_CPU_VENDOR_ID])
		snprintf(c->vendor_id, sizeof(c->vendor_id), "%s",
			 (char *)NLA_DATA(tb[VTDIAG_A_CPU_VENDOR_ID]));
	if (tb[VTDIAG_A_CPU_CPUID_MAX_BASIC])
		c->cc.max_basic = nla_u32(tb[VTDIAG_A_CPU_CPUID_MAX_BASIC]);
	if (tb[VTDIAG_A_CPU_CPUID_7_ECX])
		c->cc.cpuid7_ecx = nla_u32(tb[VTDIAG_A_CPU_CPUID_7_ECX]);
	for (i = 0; i < 4; i++)
		if (tb[VTDIAG_A_CPU_CPUID_MEMENC_EAX + i])
			c->cc.memenc[i] = nla_u32(tb[VTDIAG_A_CPU_CPUID_MEMENC_EAX + i]);
	if (tb[VTDIAG_A_CPU_CC]) {
		struct nlattr *cc[VTDIAG_A_CC_MAX + 1];

		nlh_parse(cc, VTDIAG_A_CC_MAX, NLA_DATA(tb[VTDIAG_A_CPU_CC]),
			  NLA_PAYLOAD(tb[VTDIAG_A_CPU_CC]));
		for (i = 1; i <= VTDIAG_A_CC_MAX; i++)
			if (cc[i])
				c->cc_features |= 1U << i;
	}
}

static int cpu_cb(struct nlmsghdr *nlh, void *arg)
{
	parse_cpu(nlh, arg);
	return 0;
}

static int dump_cb(struct nlmsghdr *nlh, void *arg)
{
	struct dump_state *d = arg;

	if (d->n >= MAX_CPUS)
		return -E2BIG;
	parse_cpu(nlh, &d->cpus[d->n++]);
	return 0;
}

static int get_host(struct nlh_sock *s, struct host_reply *r)
{
	static struct nlh_msg m;
	int err;

	nlh_init(&m, s->family, 0, VTDIAG_CMD_GET_HOST, VTDIAG_GENL_VERSION);
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, host_cb, r, NULL);
}

static int get_cpu(struct nlh_sock *s, __u32 cpu, struct cpu_reply *c)
{
	static struct nlh_msg m;
	int err;

	nlh_init(&m, s->family, 0, VTDIAG_CMD_GET_CPU, VTDIAG_GENL_VERSION);
	nlh_put_u32(&m, VTDIAG_A_CPU_ID, cpu);
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, cpu_cb, c, NULL);
}

static int dump_cpus(struct nlh_sock *s, struct dump_state *d, int *intr)
{
	static struct nlh_msg m;
	int err;

	d->n = 0;
	nlh_init(&m, s->family, NLM_F_DUMP, VTDIAG_CMD_GET_CPU,
		 VTDIAG_GENL_VERSION);
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, dump_cb, d, intr);
}

/* Sends @m, expects the error @want with an extack message. */
static int expect_refused(struct __test_metadata *_metadata,
			  struct nlh_sock *s, struct nlh_msg *m, int want)
{
	int err = nlh_send(s, m);

	EXPECT_EQ(0, err);
	err = nlh_recv(s, NULL, NULL, NULL);
	EXPECT_EQ(want, err) TH_LOG("extack: '%s'", s->ext_msg);
	return err;
}

FIXTURE(vt) {
	struct nlh_sock s;
	int cpus[MAX_CPUS];
	int ncpus;
};

FIXTURE_SETUP(vt)
{
	int err = nlh_open(&self->s, VTDIAG_GENL_NAME);

	ASSERT_EQ(0, err) TH_LOG("family %s does not resolve (%s): is vtdiag.ko loaded?",
				 VTDIAG_GENL_NAME, strerror(-err));
	self->ncpus = online_cpus(self->cpus, MAX_CPUS);
	ASSERT_GT(self->ncpus, 0);
}

FIXTURE_TEARDOWN(vt)
{
	close(self->s.fd);
}

TEST_F(vt, family_resolves)
{
	EXPECT_NE(0, self->s.family);
	EXPECT_EQ(VTDIAG_GENL_VERSION, self->s.version);
	EXPECT_TRUE(self->s.has_monitor_group);
}

TEST_F(vt, get_host_fields)
{
	static struct host_reply r;
	struct nlattr *nla, **tb = r.tb;
	unsigned int regs[4], sum = 0;
	__u32 counts[__VTDIAG_STATE_MAX] = {};
	char vendor_id[13], hv_sig[13] = "", modver[64] = "";
	FILE *f;

	ASSERT_EQ(0, get_host(&self->s, &r));
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_VERSION]);
	f = fopen("/sys/module/vtdiag/version", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(modver, sizeof(modver), f));
	fclose(f);
	modver[strcspn(modver, "\n")] = '\0';
	EXPECT_STREQ(modver, (char *)NLA_DATA(tb[VTDIAG_A_HOST_VERSION]));

	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_GENERATION]);
	EXPECT_GT(nla_u32(tb[VTDIAG_A_HOST_GENERATION]), 0);
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_CPUS_ONLINE]);
	EXPECT_EQ(self->ncpus, nla_u32(tb[VTDIAG_A_HOST_CPUS_ONLINE]));

	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_STATE_COUNTS]);
	nla_for_each(nla, NLA_DATA(tb[VTDIAG_A_HOST_STATE_COUNTS]),
		     NLA_PAYLOAD(tb[VTDIAG_A_HOST_STATE_COUNTS])) {
		struct nlattr *ctb[VTDIAG_A_COUNT_MAX + 1];
		__u32 state;

		ASSERT_EQ(VTDIAG_A_HOST_STATE_COUNT, nla->nla_type & NLA_TYPE_MASK);
		nlh_parse(ctb, VTDIAG_A_COUNT_MAX, NLA_DATA(nla), NLA_PAYLOAD(nla));
		ASSERT_NE(NULL, ctb[VTDIAG_A_COUNT_STATE]);
		ASSERT_NE(NULL, ctb[VTDIAG_A_COUNT_CPUS]);
		state = nla_u32(ctb[VTDIAG_A_COUNT_STATE]);
		ASSERT_LT(state, VTDIAG_STATE_INCONSISTENT);
		EXPECT_EQ(0, counts[state]) TH_LOG("state %u listed twice", state);
		counts[state] = nla_u32(ctb[VTDIAG_A_COUNT_CPUS]);
		EXPECT_GT(counts[state], 0);
		sum += counts[state];
	}
	EXPECT_EQ(self->ncpus, sum);
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_VERDICT]);
	EXPECT_EQ(vtdiag_verdict(counts), nla_u32(tb[VTDIAG_A_HOST_VERDICT]));

	/* Vendor and hypervisor as the CPUID instruction tells userspace. */
	ASSERT_EQ(0, cpuid_on(self->cpus[0], 0, regs));
	memcpy(vendor_id, &regs[1], 4);
	memcpy(vendor_id + 4, &regs[3], 4);
	memcpy(vendor_id + 8, &regs[2], 4);
	vendor_id[12] = '\0';
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_VENDOR_ID]);
	EXPECT_STREQ(vendor_id, (char *)NLA_DATA(tb[VTDIAG_A_HOST_VENDOR_ID]));
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_VENDOR]);
	EXPECT_EQ(vtdiag_vendor_from_id(vendor_id), nla_u32(tb[VTDIAG_A_HOST_VENDOR]));
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_TECH]);
	EXPECT_EQ(vtdiag_vendor_tech(vtdiag_vendor_from_id(vendor_id)),
		  nla_u32(tb[VTDIAG_A_HOST_TECH]));

	/* Confidential computing: a nest for each of the vendor's features. */
	ASSERT_NE(NULL, tb[VTDIAG_A_HOST_CC]);
	{
		struct nlattr *cc[VTDIAG_A_CC_MAX + 1];
		__u32 want = vtdiag_cc_features(vtdiag_vendor_from_id(vendor_id));
		int f;

		nlh_parse(cc, VTDIAG_A_CC_MAX, NLA_DATA(tb[VTDIAG_A_HOST_CC]),
			  NLA_PAYLOAD(tb[VTDIAG_A_HOST_CC]));
		for (f = 1; f <= VTDIAG_A_CC_MAX; f++) {
			struct nlattr *ftb[VTDIAG_A_CC_FEATURE_MAX + 1];

			EXPECT_EQ(!!(want & (1U << f)), !!cc[f])
				TH_LOG("%s", vtdiag_cc_feature_name(f));
			if (!cc[f])
				continue;
			nlh_parse(ftb, VTDIAG_A_CC_FEATURE_MAX, NLA_DATA(cc[f]),
				  NLA_PAYLOAD(cc[f]));
			EXPECT_NE(NULL, ftb[VTDIAG_A_CC_FEATURE_STATE]);
			EXPECT_NE(NULL, ftb[VTDIAG_A_CC_FEATURE_CAUSES]);
			EXPECT_NE(NULL, ftb[VTDIAG_A_CC_FEATURE_CPUS]);
		}
	}

	ASSERT_EQ(0, cpuid_on(self->cpus[0], 1, regs));
	EXPECT_EQ(!!(regs[2] & VTDIAG_CPUID1_ECX_HYPERVISOR),
		  !!tb[VTDIAG_A_HOST_HYPERVISOR]);
	if (regs[2] & VTDIAG_CPUID1_ECX_HYPERVISOR) {
		ASSERT_EQ(0, cpuid_on(self->cpus[0], VTDIAG_LEAF_HV, regs));
		memcpy(hv_sig, &regs[1], 4);
		memcpy(hv_sig + 4, &regs[2], 4);
		memcpy(hv_sig + 8, &regs[3], 4);
		hv_sig[12] = '\0';
	}
	if (hv_sig[0]) {
		ASSERT_NE(NULL, tb[VTDIAG_A_HOST_HV_SIGNATURE]);
		EXPECT_STREQ(hv_sig, (char *)NLA_DATA(tb[VTDIAG_A_HOST_HV_SIGNATURE]));
	} else {
		EXPECT_EQ(NULL, tb[VTDIAG_A_HOST_HV_SIGNATURE]);
	}
}

/* Per-CPU facts: raw values match CPUID, state matches the decoder. */
static void check_cpu(struct __test_metadata *_metadata,
		      const struct cpu_reply *c, int cpu)
{
	enum vtdiag_tech tech;
	unsigned int regs[4];

	EXPECT_EQ(cpu, c->id);
	ASSERT_TRUE(c->present[VTDIAG_A_CPU_STATE]);
	ASSERT_TRUE(c->present[VTDIAG_A_CPU_FLAGS]);
	ASSERT_TRUE(c->present[VTDIAG_A_CPU_CPUID_1_ECX]);
	ASSERT_EQ(0, cpuid_on(cpu, 1, regs));
	EXPECT_EQ(regs[2], c->raw.cpuid1_ecx) TH_LOG("CPU %d CPUID.1:ECX", cpu);
	EXPECT_EQ(vtdiag_vendor_from_id(c->vendor_id), c->vendor);

	tech = vtdiag_vendor_tech(c->vendor);
	EXPECT_EQ(tech == VTDIAG_TECH_VMX,
		  c->present[VTDIAG_A_CPU_FEAT_CTL] ||
		  c->present[VTDIAG_A_CPU_FEAT_CTL_ERR]);
	EXPECT_EQ(tech == VTDIAG_TECH_SVM,
		  c->present[VTDIAG_A_CPU_VM_CR] ||
		  c->present[VTDIAG_A_CPU_VM_CR_ERR]);
	if (tech == VTDIAG_TECH_SVM && c->raw.max_ext >= VTDIAG_LEAF_EXT1) {
		ASSERT_EQ(0, cpuid_on(cpu, VTDIAG_LEAF_EXT1, regs));
		EXPECT_EQ(regs[2], c->raw.ext1_ecx);
	}
	EXPECT_EQ(vtdiag_decode_state(&c->raw), c->state)
		TH_LOG("CPU %d: state %s", cpu, vtdiag_state_name(c->state));
	EXPECT_EQ(vtdiag_decode_flags(&c->raw), c->flags);
	EXPECT_EQ(0, c->flags & ~VTDIAG_F_ALL);

	/* Confidential computing: the CPUID words as userspace sees them. */
	ASSERT_TRUE(c->present[VTDIAG_A_CPU_CPUID_MAX_BASIC]);
	ASSERT_EQ(0, cpuid_on(cpu, 0, regs));
	EXPECT_EQ(regs[0], c->cc.max_basic);
	EXPECT_EQ(vtdiag_cc_has_leaf7(&c->cc), c->present[VTDIAG_A_CPU_CPUID_7_ECX]);
	if (vtdiag_cc_has_leaf7(&c->cc)) {
		ASSERT_EQ(0, cpuid_count_on(cpu, VTDIAG_LEAF_EXT_FEATURES, 0, regs));
		EXPECT_EQ(regs[2], c->cc.cpuid7_ecx) TH_LOG("CPU %d CPUID.7:ECX", cpu);
	}
	EXPECT_EQ(vtdiag_cc_has_memenc(&c->raw),
		  c->present[VTDIAG_A_CPU_CPUID_MEMENC_EAX]);
	if (vtdiag_cc_has_memenc(&c->raw)) {
		ASSERT_EQ(0, cpuid_on(cpu, VTDIAG_LEAF_MEMENC, regs));
		EXPECT_EQ(0, memcmp(regs, c->cc.memenc, sizeof(regs)));
	}
	/* Exactly the vendor's features, always the nest. */
	ASSERT_TRUE(c->present[VTDIAG_A_CPU_CC]);
	EXPECT_EQ(vtdiag_cc_features(c->vendor), c->cc_features);
}

TEST_F(vt, get_cpu_every_online_cpu)
{
	static struct cpu_reply c;
	int i;

	for (i = 0; i < self->ncpus; i++) {
		ASSERT_EQ(0, get_cpu(&self->s, self->cpus[i], &c))
			TH_LOG("CPU %d: %s", self->cpus[i], self->s.ext_msg);
		check_cpu(_metadata, &c, self->cpus[i]);
	}
}

TEST_F(vt, get_cpu_bad_cpu)
{
	static const __u32 bad[] = { MAX_CPUS * 64, 0xffffffffU };
	static struct cpu_reply c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-ENODEV, get_cpu(&self->s, bad[i], &c));
		EXPECT_NE(NULL, strstr(self->s.ext_msg, "VTDIAG_A_CPU_ID"))
			TH_LOG("extack: '%s'", self->s.ext_msg);
		EXPECT_NE(0, self->s.ext_offset);
	}
}

/* Linux 6.0 added NLMSGERR_ATTR_MISS_TYPE, which names a missing attribute. */
static int kernel_has_miss_type(void)
{
	struct utsname u;
	int major = 0;

	if (uname(&u) == 0)
		major = atoi(u.release);
	return major >= 6;
}

TEST_F(vt, get_cpu_missing_attribute)
{
	static struct nlh_msg m;

	nlh_init(&m, self->s.family, 0, VTDIAG_CMD_GET_CPU, VTDIAG_GENL_VERSION);
	expect_refused(_metadata, &self->s, &m, -EINVAL);
	if (kernel_has_miss_type()) {
		EXPECT_EQ(VTDIAG_A_CPU_ID, self->s.ext_missing);
	} else {
		/* Before 6.0 (no NLMSGERR_ATTR_MISS_TYPE) the message names it. */
		EXPECT_EQ(0, self->s.ext_missing);
		EXPECT_NE(NULL, strstr(self->s.ext_msg, "VTDIAG_A_CPU_ID"))
			TH_LOG("extack message: '%s'", self->s.ext_msg);
	}
}

TEST_F(vt, get_cpu_bad_attribute_length)
{
	static struct nlh_msg m;
	__u16 short_cpu = 0;

	nlh_init(&m, self->s.family, 0, VTDIAG_CMD_GET_CPU, VTDIAG_GENL_VERSION);
	nlh_put(&m, VTDIAG_A_CPU_ID, &short_cpu, sizeof(short_cpu));
	expect_refused(_metadata, &self->s, &m, -EINVAL);
	EXPECT_NE(0, self->s.ext_offset);
	EXPECT_NE(0, self->s.ext_msg[0]);
}

TEST_F(vt, unknown_attributes_refused)
{
	static struct nlh_msg m;
	__u32 zero = 0;

	/* GET_HOST takes no attribute at all. */
	nlh_init(&m, self->s.family, 0, VTDIAG_CMD_GET_HOST, VTDIAG_GENL_VERSION);
	nlh_put_u32(&m, VTDIAG_A_HOST_VERSION, zero);
	expect_refused(_metadata, &self->s, &m, -EINVAL);
	EXPECT_NE(0, self->s.ext_offset);
	EXPECT_NE(NULL, strstr(self->s.ext_msg, "GET_HOST"))
		TH_LOG("extack: '%s'", self->s.ext_msg);

	/* A type beyond anything the family knows. */
	nlh_init(&m, self->s.family, 0, VTDIAG_CMD_GET_HOST, VTDIAG_GENL_VERSION);
	nlh_put_u32(&m, 300, zero);
	expect_refused(_metadata, &self->s, &m, -EINVAL);
	EXPECT_NE(0, self->s.ext_offset);
	EXPECT_NE(0, self->s.ext_msg[0]);

	/* A reply attribute is no request attribute. */
	nlh_init(&m, self->s.family, 0, VTDIAG_CMD_GET_CPU, VTDIAG_GENL_VERSION);
	nlh_put_u32(&m, VTDIAG_A_CPU_ID, 0);
	nlh_put_u32(&m, VTDIAG_A_CPU_STATE, zero);
	expect_refused(_metadata, &self->s, &m, -EINVAL);
	EXPECT_NE(0, self->s.ext_offset);
	EXPECT_NE(0, self->s.ext_msg[0]);
}

TEST_F(vt, unknown_commands_refused)
{
	static const __u8 cmds[] = { VTDIAG_CMD_UNSPEC, __VTDIAG_CMD_MAX, 200 };
	static struct nlh_msg m;
	unsigned int i;

	for (i = 0; i < sizeof(cmds); i++) {
		nlh_init(&m, self->s.family, 0, cmds[i], VTDIAG_GENL_VERSION);
		expect_refused(_metadata, &self->s, &m, -EOPNOTSUPP);
	}
	/* GET_HOST has no dump. */
	nlh_init(&m, self->s.family, NLM_F_DUMP, VTDIAG_CMD_GET_HOST,
		 VTDIAG_GENL_VERSION);
	expect_refused(_metadata, &self->s, &m, -EOPNOTSUPP);
}

TEST_F(vt, dump_one_message_per_online_cpu)
{
	static struct dump_state d;
	int i, intr = 0, tries;

	for (tries = 0; tries < 5; tries++) {
		intr = 0;
		ASSERT_EQ(0, dump_cpus(&self->s, &d, &intr));
		if (!intr)
			break;
	}
	ASSERT_EQ(0, intr);
	ASSERT_EQ(self->ncpus, d.n);
	for (i = 0; i < self->ncpus; i++)
		check_cpu(_metadata, &d.cpus[i], self->cpus[i]);
}

TEST_F(vt, dump_refuses_cpu_attribute)
{
	static struct nlh_msg m;

	nlh_init(&m, self->s.family, NLM_F_DUMP, VTDIAG_CMD_GET_CPU,
		 VTDIAG_GENL_VERSION);
	nlh_put_u32(&m, VTDIAG_A_CPU_ID, 0);
	expect_refused(_metadata, &self->s, &m, -EINVAL);
	EXPECT_NE(NULL, strstr(self->s.ext_msg, "VTDIAG_A_CPU_ID"))
		TH_LOG("extack: '%s'", self->s.ext_msg);
}

/* The data is as public as /proc/cpuinfo: nobody may read it. */
TEST(unprivileged_user_reads)
{
	static struct dump_state d;
	static struct host_reply r;
	struct nlh_sock s;
	int status, intr;
	pid_t pid;

	if (geteuid() != 0)
		SKIP(return, "needs root to switch to user nobody");
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(10);
		if (geteuid() != 65534)
			_exit(11);
		if (nlh_open(&s, VTDIAG_GENL_NAME))
			_exit(12);
		if (get_host(&s, &r) || !r.tb[VTDIAG_A_HOST_VERDICT])
			_exit(13);
		if (dump_cpus(&s, &d, &intr) || d.n == 0)
			_exit(14);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
