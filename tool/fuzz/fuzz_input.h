/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The input format of the netlink fuzzer (netlink_fuzz.c), shared with
 * the seed generator and the capture (corpus.c):
 *
 *   byte 0            what to run: bit 0 the report query (GET_HOST do,
 *                     GET_CPU dump, GET_HOST do), bit 1 then the event
 *                     reader (--watch); 0 counts as both. Bit 2 prints
 *                     the text report in colour.
 *   then chunks       one per datagram the socket returns, in order:
 *     u8  flags       FUZZ_CHUNK_KEEP_SEQ: leave the sequence numbers as
 *                     they are (else every message in the datagram gets
 *                     the one of the request in flight, as the kernel's
 *                     replies have); FUZZ_CHUNK_ERROR: no datagram, the
 *                     read fails with fuzz_recv_errors[len % N]
 *     u16 len         little endian; cut to what is left
 *     len bytes       the datagram: netlink messages, or anything
 *
 * The vtdiag family is FUZZ_FAMILY; the controller is GENL_ID_CTRL.
 */
#ifndef VTDIAG_FUZZ_INPUT_H
#define VTDIAG_FUZZ_INPUT_H

#include <netlink/errno.h>

#define FUZZ_FAMILY		0x1d

#define FUZZ_RUN_QUERY		0x01
#define FUZZ_RUN_EVENTS		0x02
#define FUZZ_RUN_COLOR		0x04

#define FUZZ_CHUNK_KEEP_SEQ	0x01
#define FUZZ_CHUNK_ERROR	0x02

#define FUZZ_CHUNK_HEADER	3

/* What a failing read may return: libnl's own codes, as nl_recv() does. */
static const int fuzz_recv_errors[] = {
	-NLE_AGAIN,		/* timeout, or nothing waiting (non-blocking) */
	-NLE_NOMEM,		/* ENOBUFS: the kernel dropped messages */
	-NLE_MSG_TRUNC,
	-NLE_BAD_SOCK,
	0,			/* nothing read */
};

#endif /* VTDIAG_FUZZ_INPUT_H */
