/*
 * The stub's byte loop: the receiver (lib/gdb/packet.h) and the command
 * layer (lib/gdb/commands.h) joined, with the acknowledgements and the
 * resend of the last reply on `-` (Debugging with GDB, tenth edition for
 * GDB 13, appendix E.11 "Packet Acknowledgment").  The transport is a
 * callback that sends bytes: COM2's UART in the hypervisor, a socket or a
 * buffer on the host.
 */
#ifndef LIB_GDB_STUB_H
#define LIB_GDB_STUB_H

#include "lib/gdb/commands.h"
#include "lib/gdb/packet.h"

struct gdb_stub {
	void (*send)(void *io, const uint8_t *bytes, size_t len);
	void *io;
	struct gdb_rx rx;
	struct gdb_session session;
	bool running;	 /* resumed: only 0x03 or a stop report comes next */
	size_t last_len; /* the last framed reply, resent on `-` */
	uint8_t last[GDB_ENCODED_MAX(GDB_REPLY_MAX)];
	uint8_t reply[GDB_REPLY_MAX];
};

/* What the caller does after a byte. */
enum gdb_stub_event {
	GDB_STUB_IDLE,	    /* nothing */
	GDB_STUB_RESUMED,   /* the target was resumed: call gdb_stub_stopped when it stops */
	GDB_STUB_INTERRUPT, /* GDB asks to stop the running guest: stop it, then gdb_stub_stopped */
	GDB_STUB_DETACHED,  /* GDB left (D or k); the guest runs (or ends, after k) */
};

void gdb_stub_init(struct gdb_stub *stub, const struct gdb_target *target,
		   void (*send)(void *io, const uint8_t *bytes, size_t len), void *io);

enum gdb_stub_event gdb_stub_feed(struct gdb_stub *stub, uint8_t byte);

/* The target stopped (after GDB_STUB_RESUMED or _INTERRUPT): sends its stop reply. */
void gdb_stub_stopped(struct gdb_stub *stub);

#endif
