/* Unit tests for lib/gdb/packet.c: checksums, escapes, runs, the receiver byte by byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/gdb/packet.h"

static struct gdb_rx rx;

/* Feeds s; returns the last event that was not GDB_RX_NONE (or NONE). */
static enum gdb_rx_event feed(const char *s, size_t len)
{
	enum gdb_rx_event last = GDB_RX_NONE;

	for (size_t i = 0; i < len; i++) {
		enum gdb_rx_event e = gdb_rx_feed(&rx, (uint8_t)s[i]);

		if (e != GDB_RX_NONE)
			last = e;
	}
	return last;
}

#define FEED(s) feed(s, sizeof(s) - 1)

static void test_checksum(void **state)
{
	(void)state;
	/* The manual's example checksums: "OK" is 0x9a, "g" 0x67. */
	assert_int_equal(gdb_checksum((const uint8_t *)"OK", 2), 0x9a);
	assert_int_equal(gdb_checksum((const uint8_t *)"g", 1), 0x67);
	assert_int_equal(gdb_checksum((const uint8_t *)"\xff\x02", 2), 0x01);
}

static void test_encode_plain_and_escaped(void **state)
{
	uint8_t out[32];
	size_t n;

	(void)state;
	n = gdb_packet_encode((const uint8_t *)"OK", 2, out, sizeof(out));
	assert_int_equal(n, 6);
	assert_memory_equal(out, "$OK#9a", 6);
	n = gdb_packet_encode((const uint8_t *)"a#$}*", 5, out, sizeof(out));
	assert_memory_equal(out, "$a}\x03}\x04}]}\x0a#", n - 2);
	assert_int_equal(n, 13);
	/* The checksum covers the escaped bytes as sent. */
	gdb_rx_init(&rx);
	assert_int_equal(feed((const char *)out, n), GDB_RX_PACKET);
	assert_memory_equal(rx.data, "a#$}*", 5);
	/* Too small: nothing. */
	assert_int_equal(gdb_packet_encode((const uint8_t *)"OK", 2, out, 5), 0);
	assert_int_equal(gdb_packet_encode((const uint8_t *)"OK", 2, out, 6), 6);
	assert_int_equal(gdb_packet_encode((const uint8_t *)"#", 1, out, 5), 0);
	assert_int_equal(gdb_packet_encode((const uint8_t *)"#", 1, out, 6), 6);
}

static void test_round_trip_every_byte(void **state)
{
	uint8_t data[256], out[GDB_ENCODED_MAX(256)];

	(void)state;
	for (int i = 0; i < 256; i++)
		data[i] = (uint8_t)i;
	size_t n = gdb_packet_encode(data, sizeof(data), out, sizeof(out));

	gdb_rx_init(&rx);
	assert_int_equal(feed((const char *)out, n), GDB_RX_PACKET);
	assert_int_equal(rx.len, 256);
	assert_memory_equal(rx.data, data, 256);
}

static void test_receive_with_noise_and_acks(void **state)
{
	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(FEED("xyz\r\n"), GDB_RX_NONE);
	assert_int_equal(FEED("+"), GDB_RX_ACK);
	assert_int_equal(FEED("-"), GDB_RX_NAK);
	assert_int_equal(FEED("\x03"), GDB_RX_INTERRUPT);
	assert_int_equal(FEED("$g#67"), GDB_RX_PACKET);
	assert_string_equal((const char *)rx.data, "g");
	/* Upper-case checksum digits are fine. */
	assert_int_equal(FEED("$OK#9A"), GDB_RX_PACKET);
	/* Inside a packet 0x03, + and - are data. */
	assert_int_equal(FEED("$+-\x03#5b"), GDB_RX_PACKET);
	assert_memory_equal(rx.data, "+-\x03", 3);
}

static void test_bad_checksum_then_resend(void **state)
{
	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(FEED("$g#68"), GDB_RX_BAD);
	assert_int_equal(FEED("$g#6z"), GDB_RX_BAD);
	assert_int_equal(FEED("$g#z"), GDB_RX_BAD);
	assert_int_equal(FEED("$g#67"), GDB_RX_PACKET);
	/* A $ mid-packet restarts it. */
	assert_int_equal(FEED("$mangled$g#67"), GDB_RX_PACKET);
	assert_string_equal((const char *)rx.data, "g");
}

static void test_run_length(void **state)
{
	(void)state;
	gdb_rx_init(&rx);
	/* "0* " is "0000" (the manual's example): ' ' - 29 = 3 repeats. */
	assert_int_equal(FEED("$0* #"
			      "7a"),
			 GDB_RX_PACKET);
	assert_string_equal((const char *)rx.data, "0000");
	/* A run of an escaped byte repeats the decoded byte. */
	uint8_t raw[] = "$}\x03*!#xx";
	uint8_t sum = gdb_checksum(raw + 1, 4);
	raw[6] = "0123456789abcdef"[sum >> 4];
	raw[7] = "0123456789abcdef"[sum & 15];
	assert_int_equal(feed((const char *)raw, 8), GDB_RX_PACKET);
	assert_int_equal(rx.len, 5);
	assert_memory_equal(rx.data, "#####", 5);
	/* A run with nothing before it is refused. */
	assert_int_equal(FEED("$* #4a"), GDB_RX_BAD);
	/* A run cut by the end marker is refused. */
	assert_int_equal(FEED("$a*#8b"), GDB_RX_BAD);
}

static void test_oversize_refused(void **state)
{
	static char big[GDB_PACKET_MAX + 8];
	uint8_t sum = 0;

	(void)state;
	gdb_rx_init(&rx);
	assert_int_equal(gdb_rx_feed(&rx, '$'), GDB_RX_NONE);
	for (int i = 0; i < GDB_PACKET_MAX + 1; i++) {
		gdb_rx_feed(&rx, 'a');
		sum = (uint8_t)(sum + 'a');
	}
	gdb_rx_feed(&rx, '#');
	gdb_rx_feed(&rx, (uint8_t) "0123456789abcdef"[sum >> 4]);
	assert_int_equal(gdb_rx_feed(&rx, (uint8_t) "0123456789abcdef"[sum & 15]), GDB_RX_BAD);
	/* Exactly GDB_PACKET_MAX is fine, and so is the next packet. */
	memset(big, 'a', GDB_PACKET_MAX);
	uint8_t out[GDB_ENCODED_MAX(GDB_PACKET_MAX)];
	size_t n = gdb_packet_encode((uint8_t *)big, GDB_PACKET_MAX, out, sizeof(out));
	assert_int_equal(feed((const char *)out, n), GDB_RX_PACKET);
	assert_int_equal(rx.len, GDB_PACKET_MAX);
	/* A run that would overflow is refused. */
	n = gdb_packet_encode((uint8_t *)big, GDB_PACKET_MAX - 1, out, sizeof(out));
	memcpy(out + n - 3, "* #", 3);
	sum = gdb_checksum(out + 1, n - 2);
	out[n] = (uint8_t) "0123456789abcdef"[sum >> 4];
	out[n + 1] = (uint8_t) "0123456789abcdef"[sum & 15];
	assert_int_equal(feed((const char *)out, n + 2), GDB_RX_BAD);
	assert_int_equal(FEED("$g#67"), GDB_RX_PACKET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_encode_plain_and_escaped),
		cmocka_unit_test(test_round_trip_every_byte),
		cmocka_unit_test(test_receive_with_noise_and_acks),
		cmocka_unit_test(test_bad_checksum_then_resend),
		cmocka_unit_test(test_run_length),
		cmocka_unit_test(test_oversize_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
