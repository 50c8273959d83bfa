/*
 * GDB remote serial protocol framing (Debugging with GDB, tenth edition for
 * GDB 13, appendix E.1 "Overview"): a packet is `$data#xx`, xx the two-digit
 * hex sum of data's bytes modulo 256; the receiver answers `+` (good) or `-`
 * (resend) unless QStartNoAckMode turned acknowledgements off; `}` escapes
 * the next byte (XOR 0x20); `*` followed by a count character c repeats the
 * previous byte c - 29 more times ("0* " is "0000"); a lone 0x03 between
 * packets is an interrupt request (appendix E.8 "Interrupts").  The stub
 * never sends runs; it decodes them, as the protocol allows either side to.
 */
#ifndef LIB_GDB_PACKET_H
#define LIB_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Data bytes of one decoded packet; qSupported announces it as PacketSize. */
#define GDB_PACKET_MAX 4096

#define GDB_PACKET_START '$'
#define GDB_PACKET_END	 '#'
#define GDB_ESCAPE	 '}'
#define GDB_ESCAPE_XOR	 0x20
#define GDB_RUN_LENGTH	 '*'
#define GDB_RUN_BIAS	 29 /* a run's count character minus this: the repeats */
#define GDB_ACK		 '+'
#define GDB_NAK		 '-'
#define GDB_INTERRUPT	 0x03

/* What one received byte completed. */
enum gdb_rx_event {
	GDB_RX_NONE,	  /* nothing yet (inside a packet, or noise between packets) */
	GDB_RX_PACKET,	  /* a packet with a good checksum: gdb_rx.data, gdb_rx.len */
	GDB_RX_BAD,	  /* a packet with a bad checksum, bad run or too long: answer `-` */
	GDB_RX_ACK,	  /* `+` between packets */
	GDB_RX_NAK,	  /* `-` between packets: resend the last reply */
	GDB_RX_INTERRUPT, /* 0x03 between packets */
};

enum gdb_rx_state {
	GDB_RX_IDLE,
	GDB_RX_DATA,
	GDB_RX_ESCAPED,
	GDB_RX_RUN,
	GDB_RX_SUM_HIGH,
	GDB_RX_SUM_LOW,
};

struct gdb_rx {
	enum gdb_rx_state state;
	uint8_t sum;	  /* of the raw bytes between $ and # */
	uint8_t sum_high; /* the first checksum digit's value */
	bool broken;	  /* too long or a run with nothing to repeat: refused at # */
	size_t len;	  /* decoded bytes in data */
	uint8_t data[GDB_PACKET_MAX + 1]; /* + 1: a NUL after the data, for parsers */
};

void gdb_rx_init(struct gdb_rx *rx);

/*
 * Feeds one byte.  After GDB_RX_PACKET, data[0..len) holds the decoded
 * packet (NUL-terminated) until the next byte is fed.  A `$` inside a
 * packet starts a new one (the old is abandoned, as the sender resends).
 */
enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte);

/* Checksum of len bytes: their sum modulo 256. */
uint8_t gdb_checksum(const uint8_t *data, size_t len);

/*
 * Frames data as `$...#xx` into out, escaping `#`, `$`, `}` and `*`.
 * Returns the bytes written, 0 if out (cap bytes) is too small.
 */
size_t gdb_packet_encode(const uint8_t *data, size_t len, uint8_t *out, size_t cap);

/* Room gdb_packet_encode needs at most for len data bytes. */
#define GDB_ENCODED_MAX(len) (2 * (len) + 4)

#endif
