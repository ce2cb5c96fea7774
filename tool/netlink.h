/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink client of the vtdiag family: one context around the
 * libnl socket, GET_HOST (do) and GET_CPU (dump) parsed into the plain
 * structs of model.h. Never prints: failures are described in the context
 * for the caller to show.
 */
#ifndef VTDIAG_NETLINK_H
#define VTDIAG_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/netlink.h>
#include <linux/types.h>

#include "model.h"

#define VTDIAG_NL_EXTACK_LEN	256
#define VTDIAG_NL_ERROR_LEN	256

struct nl_msg;
struct nl_sock;
struct sockaddr_nl;
struct ucred;

/* libnl's nl_cb_overwrite_recv() hook: one datagram into *buf (malloc'd). */
typedef int vtdiag_nl_recv_fn(struct nl_sock *sock, struct sockaddr_nl *from,
			      unsigned char **buf, struct ucred **creds);

struct vtdiag_nl {
	struct nl_sock *sock;
	int family;			/* resolved id of "vtdiag" */
	int error;			/* errno of the last failure, > 0 */
	char error_text[VTDIAG_NL_ERROR_LEN];	/* what failed and why */
	char extack[VTDIAG_NL_EXTACK_LEN];	/* kernel's message, or "" */
	/*
	 * NULL: requests read the socket. The fuzzer and the seed capture
	 * (tool/fuzz/) read their replies through this instead.
	 */
	vtdiag_nl_recv_fn *recv;
};

/*
 * Connects and resolves the family. Returns 0, -ENOENT when the family is
 * not registered (module not loaded, none installed to autoload), or
 * another -errno.
 */
int vtdiag_nl_open(struct vtdiag_nl *nl);
/* The same for any family; tests use "nlctrl" to reach a real kernel. */
int vtdiag_nl_open_family(struct vtdiag_nl *nl, const char *family);
/* Safe after any vtdiag_nl_open*(), successful or not. */
void vtdiag_nl_close(struct vtdiag_nl *nl);

/*
 * Fills report->host and report->cpus from one consistent sample: the
 * dump is retried while the kernel flags it interrupted and while the
 * host generation moved during the queries. Returns 0 or -errno.
 */
int vtdiag_nl_query(struct vtdiag_nl *nl, struct vtdiag_report *report);

/*
 * One GET_HOST request into @host. From a caller with CAP_SYS_ADMIN it is
 * also what makes the module re-read the live bits (at most once a
 * second) and announce a change: --watch sends it for that. 0 or -errno.
 */
int vtdiag_nl_get_host(struct vtdiag_nl *nl, struct vtdiag_host *host);

/*
 * One request: what to send and where the replies go. The one
 * send/receive helper below waits for the ACK, NLMSG_DONE or error; a
 * kernel error's extack message lands in nl->extack.
 */
struct vtdiag_nl_request {
	__u8 cmd;
	int nlm_flags;			/* NLM_F_DUMP for a dump */
	/* Adds the request's attributes (NULL: none); 0 or -errno. */
	int (*fill)(struct nl_msg *msg, void *arg);
	/* Called for every reply message; 0 or -errno. */
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	bool interrupted;		/* out: the dump saw NLM_F_DUMP_INTR */
};

int vtdiag_nl_request(struct vtdiag_nl *nl, struct vtdiag_nl_request *request);

/*
 * Live monitoring. vtdiag_nl_subscribe() joins the family's "monitor"
 * multicast group (and the controller's notifications, to learn that the
 * module went away), turns off sequence checking and makes the socket
 * non-blocking; the context then serves no more requests. Returns 0 or
 * -errno: -ENOENT when the family is gone, -EOPNOTSUPP when the module
 * has no such group.
 */
int vtdiag_nl_subscribe(struct vtdiag_nl *nl);
/* The socket to poll() for events. */
int vtdiag_nl_fd(const struct vtdiag_nl *nl);

typedef void vtdiag_event_fn(const struct vtdiag_event_info *ev, void *arg);

/*
 * Hands every event waiting on the socket to @handler, in arrival order.
 * Returns 0 (also when nothing was waiting); -ENOBUFS when events were
 * lost to an overflow (reading can go on); -ENOENT when the family was
 * unregistered (the module unloaded: no event will come); -EPROTO when
 * malformed events were skipped; another -errno when reading failed.
 */
int vtdiag_nl_read_events(struct vtdiag_nl *nl, vtdiag_event_fn *handler,
			  void *arg);

/* Parsers, apart from the socket so unit tests can feed crafted messages. */
int vtdiag_nl_parse_host(struct nlmsghdr *nlh, struct vtdiag_host *host);
/* A VTDIAG_CMD_EVENT; unknown event kinds are kept, not rejected. */
int vtdiag_nl_parse_event(struct nlmsghdr *nlh, struct vtdiag_event_info *ev);
int vtdiag_nl_parse_cpu(struct nlmsghdr *nlh, struct vtdiag_cpu *cpu);
/*
 * The NLMSGERR_ATTR_MSG of an NLMSG_ERROR or NLMSG_DONE message into @buf
 * ("" when there is none).
 */
void vtdiag_nl_parse_extack(const struct nlmsghdr *nlh, char *buf,
			    size_t size);

#endif /* VTDIAG_NETLINK_H */
