#include "lib/gdb/stub.h"

void gdb_stub_init(struct gdb_stub *stub, const struct gdb_target *target,
		   void (*send)(void *io, const uint8_t *bytes, size_t len), void *io)
{
	stub->send = send;
	stub->io = io;
	stub->running = false;
	stub->last_len = 0;
	gdb_rx_init(&stub->rx);
	gdb_session_init(&stub->session, target);
}

static void send_reply(struct gdb_stub *stub, size_t len)
{
	stub->last_len = gdb_packet_encode(stub->reply, len, stub->last, sizeof(stub->last));
	stub->send(stub->io, stub->last, stub->last_len);
}

static void send_byte(struct gdb_stub *stub, uint8_t byte)
{
	stub->send(stub->io, &byte, 1);
}

static enum gdb_stub_event run_packet(struct gdb_stub *stub)
{
	size_t len;

	/* The QStartNoAckMode packet itself is still acknowledged (appendix E.11). */
	if (!stub->session.no_ack)
		send_byte(stub, GDB_ACK);
	switch (gdb_command(&stub->session, stub->rx.data, stub->rx.len, stub->reply, &len)) {
	case GDB_RESUMED: stub->running = true; return GDB_STUB_RESUMED;
	case GDB_KILLED: return GDB_STUB_DETACHED;
	case GDB_DETACHED: send_reply(stub, len); return GDB_STUB_DETACHED;
	case GDB_REPLY: send_reply(stub, len); return GDB_STUB_IDLE;
	}
	return GDB_STUB_IDLE;
}

enum gdb_stub_event gdb_stub_feed(struct gdb_stub *stub, uint8_t byte)
{
	switch (gdb_rx_feed(&stub->rx, byte)) {
	case GDB_RX_PACKET:
		/* While the guest runs GDB sends nothing but 0x03 (all-stop). */
		return stub->running ? GDB_STUB_IDLE : run_packet(stub);
	case GDB_RX_BAD:
		if (!stub->session.no_ack)
			send_byte(stub, GDB_NAK);
		return GDB_STUB_IDLE;
	case GDB_RX_NAK:
		if (!stub->session.no_ack && stub->last_len)
			stub->send(stub->io, stub->last, stub->last_len);
		return GDB_STUB_IDLE;
	case GDB_RX_INTERRUPT: return stub->running ? GDB_STUB_INTERRUPT : GDB_STUB_IDLE;
	default: return GDB_STUB_IDLE;
	}
}

void gdb_stub_stopped(struct gdb_stub *stub)
{
	struct gdb_stop stop;

	stub->running = false;
	stub->session.target->stop_reason(stub->session.target->ctx, &stop);
	send_reply(stub, gdb_stop_reply(&stub->session, &stop, stub->reply, sizeof(stub->reply)));
}
