/*
 * The stub's command layer: one decoded packet in, the reply's data out
 * (unframed), against a struct gdb_target (Debugging with GDB, tenth edition
 * for GDB 13, appendix E.2 "Packets", E.3 "Stop Reply Packets", E.4 "General
 * Query Packets").  docs/gdb.md lists what is answered;
 * anything else gets the empty reply, which the protocol defines as "not
 * supported".
 */
#ifndef LIB_GDB_COMMANDS_H
#define LIB_GDB_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/gdb/packet.h"
#include "lib/gdb/target.h"
#include "lib/gdb/tdesc.h"

/* The thread-id values the protocol reserves (appendix E.1, thread-id). */
#define GDB_THREAD_ANY 0u
#define GDB_THREAD_ALL 0xffffffffu /* written -1 */

struct gdb_session {
	const struct gdb_target *target;
	uint32_t g_thread; /* Hg: registers and memory; ANY means the stopped one */
	uint32_t c_thread; /* Hc: the legacy `s`; ANY/ALL mean the stopped one */
	uint32_t stopped;  /* the thread of the last stop */
	bool no_ack;	   /* QStartNoAckMode accepted */
	size_t tdesc_len;
	char tdesc[GDB_TDESC_MAX];
};

/* What the caller does after a command. */
enum gdb_outcome {
	GDB_REPLY,    /* send the reply */
	GDB_RESUMED,  /* no reply now: the target runs; report its stop later */
	GDB_DETACHED, /* send the reply (OK), then GDB is gone */
	GDB_KILLED,   /* no reply; GDB is gone */
};

/* Largest reply data: hex of GDB_PACKET_MAX / 2 bytes, or a qXfer chunk. */
#define GDB_REPLY_MAX GDB_PACKET_MAX

void gdb_session_init(struct gdb_session *s, const struct gdb_target *target);

/*
 * Runs one packet (len bytes; packets are binary for `X`).  Writes the
 * reply's data into reply (GDB_REPLY_MAX bytes) and its length into
 * *reply_len (0: the empty reply).
 */
enum gdb_outcome gdb_command(struct gdb_session *s, const uint8_t *packet, size_t len,
			     uint8_t *reply, size_t *reply_len);

/* The stop reply for stop (T, S, W or X), remembering its thread as the current one. */
size_t gdb_stop_reply(struct gdb_session *s, const struct gdb_stop *stop, uint8_t *reply,
		      size_t cap);

#endif
