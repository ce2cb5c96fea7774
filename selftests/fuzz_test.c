// SPDX-License-Identifier: GPL-2.0
/*
 * A netlink fuzzer for vtdiag.ko: tens of thousands of random and mutated
 * requests — unknown commands and versions, bad attribute types and
 * lengths, wrong nesting, truncated messages, dump flags on do-only
 * commands — as root and as nobody. Every request must be answered (a
 * reply or an error) or dropped by the netlink core as its rules say, no
 * answer may be malformed, and the module must answer correctly after.
 * Kernel splats are caught by the VM runner.
 *
 * Sized by time with a floor of work, so that a slow kernel (KASAN) or a
 * busy host shortens the run instead of failing it: each test sends
 * requests for VTDIAG_FUZZ_SECONDS (default 10), at least
 * VTDIAG_FUZZ_MIN_ITERATIONS (default 2000) and at most
 * VTDIAG_FUZZ_ITERATIONS (default 20000); VTDIAG_FUZZ_SEED sets the
 * sequence. The harness timeout (180 s) leaves the floor ample room.
 */
#include <grp.h>
#include <stdlib.h>
#include <time.h>
#include <sys/wait.h>

#include "kselftest_harness.h"
#include "nlhelp.h"
#include "testhelp.h"

struct fuzz_stats {
	unsigned long sent, replies, errors, dropped, malformed;
	unsigned long errno_seen[256];
};

static __u64 rng_state;

static __u32 rnd(void)
{
	/* xorshift64*: small, fast, reproducible from the seed */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (rng_state * 0x2545F4914F6CDD1DULL) >> 32;
}

/* How much one test does: see the top of this file. */
struct fuzz_budget {
	unsigned long min_iterations, max_iterations;
	double seconds;
};

static unsigned long env_ulong(const char *name, unsigned long def)
{
	const char *v = getenv(name);

	return v && *v ? strtoul(v, NULL, 0) : def;
}

/* Random attributes, sometimes nested, sometimes with lying lengths. */
static void put_random_attrs(struct nlh_msg *m, int depth)
{
	int n = rnd() % 5, i;
	__u8 payload[64];

	for (i = 0; i < n; i++) {
		__u16 type = rnd() % 24, len = rnd() % sizeof(payload);
		unsigned int j;

		if (m->nlh.nlmsg_len + NLA_HDRLEN + 64 * 2 > sizeof(m->buf))
			return;
		for (j = 0; j < len; j++)
			payload[j] = rnd();
		if (rnd() % 8 == 0)
			type |= NLA_F_NESTED;
		if (rnd() % 16 == 0)
			type = rnd();	/* anything, incl. NLA_F_NET_BYTEORDER */
		if ((type & NLA_F_NESTED) && depth < 3 && rnd() % 2) {
			struct nlattr *nest = (struct nlattr *)
				(m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len));

			nlh_put(m, type, NULL, 0);
			put_random_attrs(m, depth + 1);
			nest->nla_len = m->buf + m->nlh.nlmsg_len - (char *)nest;
			continue;
		}
		nlh_put(m, type, payload, len);
		if (rnd() % 32 == 0) {
			/* an attribute that claims more than the message holds */
			struct nlattr *last = (struct nlattr *)
				(m->buf + m->nlh.nlmsg_len - NLA_ALIGN(NLA_HDRLEN + len));

			last->nla_len += 1 + rnd() % 200;
		}
	}
}

/* Builds one hostile request; returns how many bytes to send. */
static size_t make_request(struct nlh_sock *s, struct nlh_msg *m)
{
	static const __u8 cmds[] = {
		VTDIAG_CMD_UNSPEC, VTDIAG_CMD_GET_HOST, VTDIAG_CMD_GET_CPU,
		VTDIAG_CMD_EVENT, __VTDIAG_CMD_MAX, 255,
	};
	__u16 flags = 0;
	__u8 cmd, version;
	size_t len;

	cmd = rnd() % 4 ? cmds[rnd() % sizeof(cmds)] : rnd();
	version = rnd() % 4 ? VTDIAG_GENL_VERSION : rnd();
	if (rnd() % 2)
		flags |= NLM_F_DUMP;
	if (rnd() % 3 == 0)
		flags |= NLM_F_ACK;
	if (rnd() % 16 == 0)
		flags |= rnd() & 0xff00;	/* GET/NEW modifier bits */
	nlh_init(m, s->family, flags, cmd, version);
	if (rnd() % 3 == 0) {
		/* A valid CPU request, then damage it. */
		nlh_put_u32(m, VTDIAG_A_CPU_ID, rnd() % 4 ? rnd() % 8 : rnd());
	}
	put_random_attrs(m, 0);
	if (rnd() % 16 == 0)
		((struct genlmsghdr *)NLMSG_DATA(&m->nlh))->reserved = rnd();
	len = m->nlh.nlmsg_len;
	switch (rnd() % 16) {
	case 0:		/* header claims more than is sent */
		m->nlh.nlmsg_len += 1 + rnd() % 64;
		break;
	case 1:		/* header claims less: a truncated message */
		m->nlh.nlmsg_len = rnd() % (len + 1);
		break;
	case 2:		/* bytes cut off the end */
		len = rnd() % (len + 1);
		break;
	case 3:		/* no REQUEST flag: not for the kernel to answer */
		m->nlh.nlmsg_flags &= ~NLM_F_REQUEST;
		break;
	default:
		break;
	}
	return len;
}

/*
 * The netlink core's rules (netlink_rcv_skb): a message whose header
 * length is shorter than a header or longer than what was sent is dropped
 * silently; one without NLM_F_REQUEST only gets an ACK if it asked for
 * one; every other request is answered, by a reply or an error.
 */
static int must_answer(const struct nlmsghdr *nlh, size_t sent)
{
	if (sent < NLMSG_HDRLEN || nlh->nlmsg_len < NLMSG_HDRLEN ||
	    nlh->nlmsg_len > sent)
		return 0;
	return !!(nlh->nlmsg_flags & (NLM_F_REQUEST | NLM_F_ACK));
}

/* Checks every attribute of a reply lies inside it. */
static int reply_well_formed(struct nlmsghdr *nlh)
{
	struct nlattr *nla;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN, seen = 0;
	char *start = (char *)NLMSG_DATA(nlh) + GENL_HDRLEN;

	if (len < 0)
		return 0;
	nla_for_each(nla, start, len)
		seen += NLA_ALIGN(nla->nla_len);
	return seen == len || NLA_ALIGN(seen) == NLA_ALIGN(len);
}

/*
 * Drains what the kernel sent for request @seq: 1 answered, 0 dropped
 * (nothing came), -1 malformed answer.
 */
static int drain(struct nlh_sock *s, __u32 seq, struct fuzz_stats *st)
{
	static char buf[NLH_BUF_SIZE * 4];
	int answered = 0;

	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n = recv(s->fd, buf, sizeof(buf), MSG_DONTWAIT);
		int more = 0;

		if (n < 0)
			return answered;	/* EAGAIN: all there was */
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			answered = 1;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				int err = ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;

				if (err > 0 || err < -4095)
					return -1;
				if (err)
					st->errors++;
				st->errno_seen[-err & 0xff]++;
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				st->replies++;
			} else if (nlh->nlmsg_type == s->family) {
				if (!reply_well_formed(nlh))
					return -1;
				st->replies++;
				more |= !!(nlh->nlmsg_flags & NLM_F_MULTI);
			}
		}
		if (!more)
			continue;	/* a dump's next part may follow */
	}
}

struct host_snapshot {
	char copy[NLH_BUF_SIZE];
	struct nlattr *tb[VTDIAG_A_HOST_MAX + 1];
};

static int host_cb(struct nlmsghdr *nlh, void *arg)
{
	struct host_snapshot *h = arg;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;

	memcpy(h->copy, (char *)NLMSG_DATA(nlh) + GENL_HDRLEN, len);
	nlh_parse(h->tb, VTDIAG_A_HOST_MAX, h->copy, len);
	return 0;
}

static int get_host_verdict(struct nlh_sock *s, __u32 *verdict,
			    __u32 *cpus)
{
	static struct host_snapshot h;
	int err;

	memset(h.tb, 0, sizeof(h.tb));
	err = nlh_request(s, VTDIAG_CMD_GET_HOST, 0, -1, host_cb, &h, NULL);
	if (err)
		return err;
	if (!h.tb[VTDIAG_A_HOST_VERDICT] || !h.tb[VTDIAG_A_HOST_CPUS_ONLINE])
		return -EPROTO;
	*verdict = nla_u32(h.tb[VTDIAG_A_HOST_VERDICT]);
	*cpus = nla_u32(h.tb[VTDIAG_A_HOST_CPUS_ONLINE]);
	return 0;
}

/* The fuzz loop; returns 0, or a small code saying what went wrong. */
static int fuzz(const struct fuzz_budget *b, __u64 seed, int quiet)
{
	double deadline = now() + b->seconds;
	static struct nlh_msg m;
	struct fuzz_stats st = {};
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	__u32 verdict0, cpus0, verdict, cpus;
	struct nlh_sock s;
	unsigned long i;
	int e;

	rng_state = seed ?: 1;
	if (nlh_open(&s, VTDIAG_GENL_NAME))
		return 10;
	if (get_host_verdict(&s, &verdict0, &cpus0))
		return 11;
	for (i = 0; i < b->max_iterations &&
	     (i < b->min_iterations || i % 64 || now() < deadline); i++) {
		size_t len = make_request(&s, &m);
		int answered;

		m.nlh.nlmsg_seq = ++s.seq;
		if (sendto(s.fd, m.buf, len, 0, (struct sockaddr *)&kernel,
			   sizeof(kernel)) < 0 &&
		    errno != EINVAL && errno != ENOBUFS &&
		    !(errno == ENODATA && len == 0)) {
			fprintf(stderr, "# sendto: %s (request %lu, %zu bytes)\n",
				strerror(errno), i, len);
			return 12;
		}
		st.sent++;
		answered = drain(&s, s.seq, &st);
		if (answered < 0) {
			st.malformed++;
			return 13;
		}
		if (answered != must_answer(&m.nlh, len)) {
			fprintf(stderr,
				"# request %lu (%zu bytes, header %u bytes, flags %#x) was %s\n",
				i, len, m.nlh.nlmsg_len, m.nlh.nlmsg_flags,
				answered ? "answered" : "not answered");
			return 17;
		}
		if (!answered)
			st.dropped++;
		/* Every so often: the module still answers, and correctly. */
		if (i % 1000 == 999 &&
		    (get_host_verdict(&s, &verdict, &cpus) ||
		     verdict != verdict0 || cpus != cpus0))
			return 14;
	}
	if (get_host_verdict(&s, &verdict, &cpus) || verdict != verdict0 ||
	    cpus != cpus0)
		return 15;
	if (!quiet) {
		printf("# %lu requests in %.1f s: %lu replies, %lu errors, %lu dropped\n",
		       st.sent, now() - deadline + b->seconds, st.replies,
		       st.errors, st.dropped);
		for (e = 0; e < 256; e++)
			if (st.errno_seen[e])
				printf("#   errno %d (%s): %lu\n", -e,
				       e ? strerror(e) : "ack", st.errno_seen[e]);
		fflush(stdout);
	}
	close(s.fd);
	/* Most requests must have reached the family and been answered. */
	return st.replies + st.errors > st.sent / 2 ? 0 : 16;
}

static struct fuzz_budget budget(void)
{
	struct fuzz_budget b = {
		.min_iterations = env_ulong("VTDIAG_FUZZ_MIN_ITERATIONS", 2000),
		.max_iterations = env_ulong("VTDIAG_FUZZ_ITERATIONS", 20000),
		.seconds = env_ulong("VTDIAG_FUZZ_SECONDS", 10),
	};

	if (b.min_iterations > b.max_iterations)
		b.min_iterations = b.max_iterations;
	return b;
}

FIXTURE(fuzz) {
	struct fuzz_budget b;
};

FIXTURE_SETUP(fuzz)
{
	self->b = budget();
}

FIXTURE_TEARDOWN(fuzz)
{
}

TEST_F_TIMEOUT(fuzz, as_root, 180)
{
	__u64 seed = env_ulong("VTDIAG_FUZZ_SEED", 0x76746469);

	if (geteuid() != 0)
		SKIP(return, "runs as root; fuzz.as_nobody covers other users");
	TH_LOG("seed %#llx, %lu to %lu requests, %.0f s", (unsigned long long)seed,
	       self->b.min_iterations, self->b.max_iterations, self->b.seconds);
	EXPECT_EQ(0, fuzz(&self->b, seed, 0));
}

TEST_F_TIMEOUT(fuzz, as_nobody, 180)
{
	__u64 seed = env_ulong("VTDIAG_FUZZ_SEED", 0x76746469) + 1;
	int status;
	pid_t pid;

	if (geteuid() != 0) {
		EXPECT_EQ(0, fuzz(&self->b, seed, 0));
		return;
	}
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
			_exit(20);
		_exit(fuzz(&self->b, seed, 0));
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST_HARNESS_MAIN
