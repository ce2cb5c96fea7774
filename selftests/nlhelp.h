/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal raw generic netlink client for the selftests: the tests craft
 * malformed requests on purpose, which a library would refuse to send.
 */
#ifndef _VTDIAG_NLHELP_H
#define _VTDIAG_NLHELP_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vtdiag.h>

#define NLH_BUF_SIZE 32768

struct nlh_msg {
	union {
		struct nlmsghdr nlh;
		char buf[NLH_BUF_SIZE];
	};
};

struct nlh_sock {
	int fd;
	__u32 seq;
	__u16 family;
	__u32 version;
	int has_monitor_group;
	__u32 monitor_group;	/* multicast group id of "monitor" */
	/* Extended ACK of the last error. */
	char ext_msg[256];
	__u32 ext_offset;	/* NLMSGERR_ATTR_OFFS, 0 when none */
	__u32 ext_missing;	/* NLMSGERR_ATTR_MISS_TYPE, 0 when none */
};

#define NLA_DATA(nla) ((void *)((char *)(nla) + NLA_HDRLEN))
#define NLA_PAYLOAD(nla) ((nla)->nla_len - NLA_HDRLEN)

/* A walk over the attributes in a buffer; see nla_for_each(). */
struct nlh_iter {
	char *next;	/* where the next attribute starts */
	char *end;	/* one past the buffer */
};

static inline struct nlh_iter nlh_iter_init(void *start, int len)
{
	struct nlh_iter it = { .next = start, .end = (char *)start + len };

	return it;
}

/*
 * Points *@pos at the next attribute when it lies wholly inside the
 * buffer and moves past it; returns 0 at the first one that does not.
 */
static inline int nlh_iter_next(struct nlh_iter *it, struct nlattr **pos)
{
	struct nlattr *nla = (struct nlattr *)it->next;

	if (it->next + NLA_HDRLEN > it->end || nla->nla_len < NLA_HDRLEN ||
	    it->next + nla->nla_len > it->end)
		return 0;
	*pos = nla;
	it->next += NLA_ALIGN(nla->nla_len);
	return 1;
}

/*
 * Each attribute @pos in the @len bytes at @start, up to the first one
 * that does not lie wholly inside them; @start and @len are read once.
 */
#define nla_for_each(pos, start, len)					\
	for (struct nlh_iter _nlh_it = nlh_iter_init((start), (len));	\
	     nlh_iter_next(&_nlh_it, &(pos));)

/* Index attributes by type; @tb has @max + 1 slots. */
static inline void nlh_parse(struct nlattr **tb, int max, void *start, int len)
{
	struct nlattr *nla;

	memset(tb, 0, sizeof(*tb) * (max + 1));
	nla_for_each(nla, start, len) {
		int type = nla->nla_type & NLA_TYPE_MASK;

		if (type <= max)
			tb[type] = nla;
	}
}

static inline __u32 nla_u32(const struct nlattr *nla)
{
	__u32 v;

	memcpy(&v, NLA_DATA(nla), sizeof(v));
	return v;
}

static inline __u64 nla_u64(const struct nlattr *nla)
{
	__u64 v;

	memcpy(&v, NLA_DATA(nla), sizeof(v));
	return v;
}

static inline void nlh_init(struct nlh_msg *m, __u16 type, __u16 flags,
			    __u8 cmd, __u8 version)
{
	struct genlmsghdr *g;

	memset(m, 0, NLMSG_HDRLEN + GENL_HDRLEN);
	m->nlh.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN;
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	g = (struct genlmsghdr *)NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = version;
}

/* Appends an attribute with any length, even one a policy must refuse. */
static inline void nlh_put(struct nlh_msg *m, __u16 type, const void *data,
			   __u16 len)
{
	struct nlattr *nla = (struct nlattr *)(m->buf + NLMSG_ALIGN(m->nlh.nlmsg_len));

	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(NLA_DATA(nla), data, len);
	m->nlh.nlmsg_len = NLMSG_ALIGN(m->nlh.nlmsg_len) + NLA_ALIGN(nla->nla_len);
}

static inline void nlh_put_u32(struct nlh_msg *m, __u16 type, __u32 v)
{
	nlh_put(m, type, &v, sizeof(v));
}

static inline int nlh_send(struct nlh_sock *s, struct nlh_msg *m)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	m->nlh.nlmsg_seq = ++s->seq;
	if (sendto(s->fd, m->buf, m->nlh.nlmsg_len, 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -errno;
	return 0;
}

static inline void nlh_read_tlvs(struct nlh_sock *s, char *tlvs, int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len <= 0)
		return;
	nlh_parse(tb, NLMSGERR_ATTR_MAX, tlvs, len);
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(s->ext_msg, sizeof(s->ext_msg), "%.*s",
			 (int)NLA_PAYLOAD(tb[NLMSGERR_ATTR_MSG]),
			 (char *)NLA_DATA(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		s->ext_offset = nla_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		s->ext_missing = nla_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
}

/* Extended ACK of an NLMSG_ERROR message. */
static inline void nlh_read_extack(struct nlh_sock *s, struct nlmsghdr *nlh)
{
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	char *tlvs;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	tlvs = (char *)err + sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		tlvs += err->msg.nlmsg_len - NLMSG_HDRLEN;
	nlh_read_tlvs(s, tlvs, (char *)nlh + nlh->nlmsg_len - tlvs);
}

/* NLMSG_DONE of a dump: an int, negative when the dump failed, + TLVs. */
static inline int nlh_read_done(struct nlh_sock *s, struct nlmsghdr *nlh)
{
	int error = 0;
	char *tlvs = (char *)NLMSG_DATA(nlh) + sizeof(error);

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(error))
		memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS)
		nlh_read_tlvs(s, tlvs, (char *)nlh + nlh->nlmsg_len - tlvs);
	return error;
}

typedef int (*nlh_cb)(struct nlmsghdr *nlh, void *arg);

/*
 * Receives the answer to the last request: every reply message goes to
 * @cb; returns 0 at the end of a do reply or a dump, -errno for an error
 * (its extack stored in @s). *@intr is set when a part of a dump carried
 * NLM_F_DUMP_INTR.
 */
static inline int nlh_recv(struct nlh_sock *s, nlh_cb cb, void *arg, int *intr)
{
	static char buf[NLH_BUF_SIZE * 4];
	int dump_running = 0;

	s->ext_msg[0] = '\0';
	s->ext_offset = 0;
	s->ext_missing = 0;
	for (;;) {
		struct nlmsghdr *nlh;
		ssize_t n = recv(s->fd, buf, sizeof(buf), 0);

		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != s->seq)
				continue;
			if (intr && (nlh->nlmsg_flags & NLM_F_DUMP_INTR))
				*intr = 1;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return nlh_read_done(s, nlh);
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *err = NLMSG_DATA(nlh);

				nlh_read_extack(s, nlh);
				return err->error;
			}
			if (cb) {
				int ret = cb(nlh, arg);

				if (ret)
					return ret;
			}
			dump_running = nlh->nlmsg_flags & NLM_F_MULTI;
		}
		if (!dump_running)
			return 0;
	}
}

/* Reads the vtdiag family id, version and groups from the controller. */
static inline int nlh_ctrl_cb(struct nlmsghdr *nlh, void *arg)
{
	struct nlh_sock *s = arg;
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *grp;
	struct genlmsghdr *g = NLMSG_DATA(nlh);

	nlh_parse(tb, CTRL_ATTR_MAX, (char *)g + GENL_HDRLEN,
		  nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN);
	if (tb[CTRL_ATTR_FAMILY_ID])
		memcpy(&s->family, NLA_DATA(tb[CTRL_ATTR_FAMILY_ID]), 2);
	if (tb[CTRL_ATTR_VERSION])
		s->version = nla_u32(tb[CTRL_ATTR_VERSION]);
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each(grp, NLA_DATA(tb[CTRL_ATTR_MCAST_GROUPS]),
		     NLA_PAYLOAD(tb[CTRL_ATTR_MCAST_GROUPS])) {
		struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];

		nlh_parse(gtb, CTRL_ATTR_MCAST_GRP_MAX, NLA_DATA(grp),
			  NLA_PAYLOAD(grp));
		if (gtb[CTRL_ATTR_MCAST_GRP_NAME] && gtb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(NLA_DATA(gtb[CTRL_ATTR_MCAST_GRP_NAME]), "monitor")) {
			s->has_monitor_group = 1;
			s->monitor_group = nla_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
		}
	}
	return 0;
}

static inline int nlh_open(struct nlh_sock *s, const char *family)
{
	struct sockaddr_nl local = { .nl_family = AF_NETLINK };
	static struct nlh_msg m;
	int one = 1, err;

	memset(s, 0, sizeof(*s));
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (s->fd < 0)
		return -errno;
	setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(s->fd, (struct sockaddr *)&local, sizeof(local)) < 0)
		goto err_close;

	nlh_init(&m, GENL_ID_CTRL, 0, CTRL_CMD_GETFAMILY, 1);
	nlh_put(&m, CTRL_ATTR_FAMILY_NAME, family, strlen(family) + 1);
	err = nlh_send(s, &m);
	if (!err)
		err = nlh_recv(s, nlh_ctrl_cb, s, NULL);
	if (err || !s->family) {
		close(s->fd);
		s->fd = -1;
		return err ?: -ENOENT;
	}
	return 0;

err_close:
	err = -errno;
	close(s->fd);
	s->fd = -1;
	return err;
}

/*
 * One vtdiag request and its whole answer: @cmd with @flags (NLM_F_DUMP
 * for a dump), VTDIAG_A_CPU_ID = @cpu unless @cpu < 0; replies go to @cb.
 */
static inline int nlh_request(struct nlh_sock *s, __u8 cmd, __u16 flags,
			      long cpu, nlh_cb cb, void *arg, int *intr)
{
	static struct nlh_msg m;
	int err;

	nlh_init(&m, s->family, flags, cmd, VTDIAG_GENL_VERSION);
	if (cpu >= 0)
		nlh_put_u32(&m, VTDIAG_A_CPU_ID, (__u32)cpu);
	err = nlh_send(s, &m);
	return err ?: nlh_recv(s, cb, arg, intr);
}

/* Joins the "monitor" group; later events arrive with nlh_recv_event. */
static inline int nlh_subscribe(struct nlh_sock *s, int timeout_ms)
{
	struct timeval tv = {
		.tv_sec = timeout_ms / 1000,
		.tv_usec = (timeout_ms % 1000) * 1000,
	};

	if (!s->has_monitor_group)
		return -ENOENT;
	if (setsockopt(s->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
		       &s->monitor_group, sizeof(s->monitor_group)) ||
	    setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)))
		return -errno;
	return 0;
}

/*
 * Receives one multicast message (sequence number 0) into @m; returns its
 * length, or -EAGAIN when none came within the socket's timeout.
 */
static inline int nlh_recv_event(struct nlh_sock *s, struct nlh_msg *m)
{
	for (;;) {
		ssize_t n = recv(s->fd, m->buf, sizeof(m->buf), 0);

		if (n < 0)
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		if (!NLMSG_OK(&m->nlh, n) || m->nlh.nlmsg_seq != 0 ||
		    m->nlh.nlmsg_type != s->family)
			continue;
		return n;
	}
}

#endif /* _VTDIAG_NLHELP_H */
