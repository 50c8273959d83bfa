#include <string.h>

#include "lib/gdb/packet.h"
#include "lib/gdb/hex.h"

void gdb_rx_init(struct gdb_rx *rx)
{
	rx->state = GDB_RX_IDLE;
	rx->len = 0;
}

uint8_t gdb_checksum(const uint8_t *data, size_t len)
{
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + data[i]);
	return sum;
}

static void start_packet(struct gdb_rx *rx)
{
	rx->state = GDB_RX_DATA;
	rx->sum = 0;
	rx->len = 0;
	rx->broken = false;
}

static void store(struct gdb_rx *rx, uint8_t byte)
{
	if (rx->len == GDB_PACKET_MAX) {
		rx->broken = true;
		return;
	}
	rx->data[rx->len++] = byte;
}

/* A run repeats the last decoded byte; one with nothing before it, or a count below the bias, is malformed. */
static void expand_run(struct gdb_rx *rx, uint8_t count)
{
	if (rx->len == 0 || count < GDB_RUN_BIAS) {
		rx->broken = true;
		return;
	}
	uint8_t repeated = rx->data[rx->len - 1];

	for (int i = 0; i < count - GDB_RUN_BIAS && !rx->broken; i++)
		store(rx, repeated);
}

static enum gdb_rx_event between_packets(struct gdb_rx *rx, uint8_t byte)
{
	switch (byte) {
	case GDB_PACKET_START: start_packet(rx); return GDB_RX_NONE;
	case GDB_ACK: return GDB_RX_ACK;
	case GDB_NAK: return GDB_RX_NAK;
	case GDB_INTERRUPT: return GDB_RX_INTERRUPT;
	default: return GDB_RX_NONE; /* line noise */
	}
}

static void inside_packet(struct gdb_rx *rx, uint8_t byte)
{
	rx->sum = (uint8_t)(rx->sum + byte);
	switch (rx->state) {
	case GDB_RX_ESCAPED:
		store(rx, byte ^ GDB_ESCAPE_XOR);
		rx->state = GDB_RX_DATA;
		break;
	case GDB_RX_RUN:
		expand_run(rx, byte);
		rx->state = GDB_RX_DATA;
		break;
	default:
		if (byte == GDB_ESCAPE)
			rx->state = GDB_RX_ESCAPED;
		else if (byte == GDB_RUN_LENGTH)
			rx->state = GDB_RX_RUN;
		else
			store(rx, byte);
	}
}

static enum gdb_rx_event checksum_digit(struct gdb_rx *rx, uint8_t byte)
{
	int digit = gdb_hex_value((char)byte);

	if (rx->state == GDB_RX_SUM_HIGH) {
		rx->sum_high = (uint8_t)digit;
		rx->state = digit < 0 ? GDB_RX_IDLE : GDB_RX_SUM_LOW;
		return digit < 0 ? GDB_RX_BAD : GDB_RX_NONE;
	}
	rx->state = GDB_RX_IDLE;
	if (digit < 0 || rx->broken || (uint8_t)(rx->sum_high << 4 | digit) != rx->sum)
		return GDB_RX_BAD;
	rx->data[rx->len] = '\0';
	return GDB_RX_PACKET;
}

enum gdb_rx_event gdb_rx_feed(struct gdb_rx *rx, uint8_t byte)
{
	switch (rx->state) {
	case GDB_RX_IDLE: return between_packets(rx, byte);
	case GDB_RX_SUM_HIGH:
	case GDB_RX_SUM_LOW: return checksum_digit(rx, byte);
	default: break;
	}
	if (byte == GDB_PACKET_START) {
		start_packet(rx);
	} else if (byte == GDB_PACKET_END) {
		/* An escape or run cut short by the end marker is malformed. */
		if (rx->state != GDB_RX_DATA)
			rx->broken = true;
		rx->state = GDB_RX_SUM_HIGH;
	} else {
		inside_packet(rx, byte);
	}
	return GDB_RX_NONE;
}

static bool needs_escape(uint8_t byte)
{
	return byte == GDB_PACKET_START || byte == GDB_PACKET_END || byte == GDB_ESCAPE ||
	       byte == GDB_RUN_LENGTH;
}

size_t gdb_packet_encode(const uint8_t *data, size_t len, uint8_t *out, size_t cap)
{
	size_t used = 0;
	uint8_t sum = 0;

	if (cap < 4)
		return 0;
	out[used++] = GDB_PACKET_START;
	for (size_t i = 0; i < len; i++) {
		bool escape = needs_escape(data[i]);

		if (used + (escape ? 2 : 1) + 3 > cap)
			return 0;
		if (escape) {
			out[used++] = GDB_ESCAPE;
			sum = (uint8_t)(sum + GDB_ESCAPE);
		}
		uint8_t byte = escape ? data[i] ^ GDB_ESCAPE_XOR : data[i];

		out[used++] = byte;
		sum = (uint8_t)(sum + byte);
	}
	out[used++] = GDB_PACKET_END;
	gdb_hex_byte(sum, (char *)out + used);
	return used + 2;
}
