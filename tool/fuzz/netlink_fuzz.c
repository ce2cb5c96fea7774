// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the tool's netlink reply path. Arbitrary bytes are
 * the datagrams the kernel would send (format: fuzz_input.h); they go
 * through libnl's own receive loop into the tool's callbacks and parsers
 * (netlink.c: vtdiag_nl_query() for the report, vtdiag_nl_read_events()
 * for --watch), and whatever comes out is judged and printed as the tool
 * would: exit status, advice, text and JSON report, event lines. Only the
 * socket is fake, through libnl's send and recv hooks.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netlink/netlink.h>
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <netlink/socket.h>

#include "fuzz_input.h"
#include "netlink.h"
#include "print.h"
#include "report.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input being fed; libnl's hooks take no argument of ours. */
static struct {
	const uint8_t *data;
	size_t size;
	size_t pos;
	__u32 seq;		/* of the request in flight */
	int at_end;		/* what a read returns once the input is used up */
} feed;

static FILE *sink;		/* /dev/null: formatting happens all the same */

static int fake_send(struct nl_sock *sock, struct nl_msg *msg)
{
	(void)sock;
	feed.seq = nlmsg_hdr(msg)->nlmsg_seq;
	return nlmsg_hdr(msg)->nlmsg_len;
}

/* The kernel answers with the request's sequence number. */
static void patch_seq(unsigned char *buf, int len)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	int rem = len;

	for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem))
		nlh->nlmsg_seq = feed.seq;
}

static int fake_recv(struct nl_sock *sock, struct sockaddr_nl *from,
		     unsigned char **buf, struct ucred **creds)
{
	size_t len;
	__u8 flags;

	(void)sock;
	(void)creds;
	memset(from, 0, sizeof(*from));
	from->nl_family = AF_NETLINK;
	if (feed.size - feed.pos < FUZZ_CHUNK_HEADER)
		return feed.at_end;
	flags = feed.data[feed.pos];
	len = feed.data[feed.pos + 1] | feed.data[feed.pos + 2] << 8;
	feed.pos += FUZZ_CHUNK_HEADER;
	if (flags & FUZZ_CHUNK_ERROR)
		return fuzz_recv_errors[len % ARRAY_SIZE(fuzz_recv_errors)];
	if (len > feed.size - feed.pos)
		len = feed.size - feed.pos;
	if (!len)
		return 0;
	/* A buffer of its own, exactly as long: ASan sees any over-read. */
	*buf = malloc(len);
	if (!*buf)
		return -NLE_NOMEM;
	memcpy(*buf, feed.data + feed.pos, len);
	feed.pos += len;
	if (!(flags & FUZZ_CHUNK_KEEP_SEQ))
		patch_seq(*buf, len);
	return len;
}

/* A machine whose OS side is ready, so the advice depends on the module. */
static void fuzz_os(struct vtdiag_os *os)
{
	os->kvm_core = VTDIAG_KVM_LOADED;
	os->kvm_intel = VTDIAG_KVM_LOADED;
	os->kvm_amd = VTDIAG_KVM_ABSENT;
	os->dev_kvm_exists = true;
	os->dev_kvm_gid = 107;
	os->dev_kvm_mode = S_IFCHR | 0660;
	snprintf(os->dev_kvm_owner, sizeof(os->dev_kvm_owner), "root");
	snprintf(os->dev_kvm_group, sizeof(os->dev_kvm_group), "kvm");
	os->uid = 1000;
	snprintf(os->user, sizeof(os->user), "fuzz");
	snprintf(os->kvm_group, sizeof(os->kvm_group), "kvm");
	os->kvm_group_exists = true;
}

static void judge_and_print(const struct vtdiag_report *report, bool color)
{
	struct vtdiag_advice_list advice = { NULL, 0 };

	(void)vtdiag_exit_status(report);
	if (vtdiag_advise(report, &advice))
		return;
	vtdiag_print_text(sink, report, &advice, color);
	vtdiag_print_json(sink, report, &advice);
	vtdiag_advice_free(&advice);
}

/* As vtdiag.c's query_module(), then the report. */
static void run_query(struct vtdiag_nl *nl, bool color)
{
	struct vtdiag_report report;

	vtdiag_report_init(&report);
	fuzz_os(&report.os);
	/* A request must end; one still waiting fails like a dead socket. */
	feed.at_end = -NLE_BAD_SOCK;
	if (vtdiag_nl_query(nl, &report)) {
		report.module = VTDIAG_MODULE_FAILED;
		snprintf(report.module_error, sizeof(report.module_error), "%s",
			 nl->error_text);
	}
	judge_and_print(&report, color);
	vtdiag_report_free(&report);
}

static void print_event(const struct vtdiag_event_info *ev, void *arg)
{
	static const struct timespec when = { 1764083045, 123456789 };

	(void)arg;
	vtdiag_print_event_text(sink, ev, &when);
	vtdiag_print_event_json(sink, ev, &when);
}

/* As watch.c's loop after vtdiag_nl_subscribe(), without the poll. */
static void run_events(struct vtdiag_nl *nl)
{
	struct nl_cb *cb = nl_socket_get_cb(nl->sock);
	int rounds, err;

	nl_cb_overwrite_recv(cb, fake_recv);
	nl_cb_put(cb);
	nl_socket_disable_seq_check(nl->sock);
	feed.at_end = -NLE_AGAIN;
	for (rounds = 0; feed.pos < feed.size && rounds < 256; rounds++) {
		err = vtdiag_nl_read_events(nl, print_event, NULL);
		if (err && err != -ENOBUFS && err != -EPROTO)
			break;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* VTDIAG_FUZZ_PRINT=1: show what an input makes of the report. */
	sink = getenv("VTDIAG_FUZZ_PRINT") ? stdout : fopen("/dev/null", "w");
	return sink ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vtdiag_nl nl;
	struct nl_cb *cb;
	__u8 run;

	if (!size)
		return 0;
	run = data[0] & (FUZZ_RUN_QUERY | FUZZ_RUN_EVENTS) ?:
	      FUZZ_RUN_QUERY | FUZZ_RUN_EVENTS;
	feed.data = data;
	feed.size = size;
	feed.pos = 1;
	feed.seq = 0;

	memset(&nl, 0, sizeof(nl));
	nl.sock = nl_socket_alloc();
	if (!nl.sock)
		return 0;
	nl.family = FUZZ_FAMILY;
	nl.recv = fake_recv;
	cb = nl_socket_get_cb(nl.sock);
	nl_cb_overwrite_send(cb, fake_send);
	nl_cb_put(cb);

	if (run & FUZZ_RUN_QUERY)
		run_query(&nl, data[0] & FUZZ_RUN_COLOR);
	if (run & FUZZ_RUN_EVENTS)
		run_events(&nl);
	vtdiag_nl_close(&nl);
	return 0;
}
