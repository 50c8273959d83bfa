/*
 * Unit tests for lib/gdb/commands.c, lib/gdb/regs.c and lib/gdb/tdesc.c
 * against the fake two-thread target (tests/support/gdb_fake.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/gdb/commands.h"
#include "lib/gdb/stub.h"
#include "tests/support/gdb_fake.h"

static struct fake_machine m;
static struct gdb_session s;
static char reply[GDB_REPLY_MAX + 1];
static enum gdb_outcome outcome;

static const char *cmd_len(const char *packet, size_t len)
{
	size_t n;

	outcome = gdb_command(&s, (const uint8_t *)packet, len, (uint8_t *)reply, &n);
	reply[n] = '\0';
	return reply;
}

static const char *cmd(const char *packet)
{
	return cmd_len(packet, strlen(packet));
}

static int setup(void **state)
{
	(void)state;
	fake_machine_init(&m);
	gdb_session_init(&s, &m.target);
	return 0;
}

/* The sum of the description's bitsize attributes, in bytes. */
static size_t tdesc_bytes(void)
{
	size_t bits = 0;

	for (const char *p = s.tdesc; (p = strstr(p, "bitsize=\"")); p++)
		bits += strtoul(p + 9, NULL, 10);
	return bits / 8;
}

static void test_g_matches_description(void **state)
{
	(void)state;
	assert_true(s.tdesc_len > 0);
	assert_non_null(strstr(s.tdesc, "<architecture>i386:x86-64</architecture>"));
	assert_int_equal(strlen(cmd("g")), 2 * tdesc_bytes());
	assert_int_equal(gdb_regs_bytes(), tdesc_bytes());
	/* rax first, little-endian; rip is register 16 at byte 128. */
	assert_memory_equal(reply, "1111111111111111", 16);
	assert_memory_equal(reply + 16 * 16, "0011000000000000", 16);
	/* The names in GDB's order. */
	const char *order[] = { "rax",	 "rbx", "rcx",	   "rdx",     "rsi", "rdi", "rbp", "rsp",
				"r8",	 "r15", "rip",	   "eflags",  "cs",  "gs",  "st0", "st7",
				"fctrl", "fop", "fs_base", "gs_base", "cr0", "cr3", "cr8", "efer" };
	const char *at = s.tdesc;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		char name[32];

		snprintf(name, sizeof(name), "name=\"%s\"", order[i]);
		at = strstr(at, name);
		assert_non_null(at);
	}
}

static void test_register_round_trip(void **state)
{
	struct gdb_regs before = m.regs[0];
	char g[GDB_REPLY_MAX + 2];

	(void)state;
	strcpy(g, "G");
	strcat(g, cmd("g"));
	m.regs[0].rax = 0;
	m.regs[0].st[7][9] = 0x55;
	assert_string_equal(cmd(g), "OK");
	assert_memory_equal(&m.regs[0], &before, sizeof(before));
	g[1] = 'x';
	assert_string_equal(cmd(g), "E01");
	assert_string_equal(cmd("Gab"), "E01");
	/* p/P: rip is 0x10, cr3 0x2c. */
	assert_string_equal(cmd("p10"), "0011000000000000");
	assert_string_equal(cmd("P10=efbeadde00000000"), "OK");
	assert_int_equal(m.regs[0].rip, 0xdeadbeef);
	assert_string_equal(cmd("P2c=0010"), "E01");
	assert_string_equal(cmd("p99"), "E01");
	assert_string_equal(cmd("p2c"), "0010000000000000");
	char last[8];
	snprintf(last, sizeof(last), "p%x", gdb_reg_count);
	assert_string_equal(cmd(last), "E01");
}

static void test_threads(void **state)
{
	(void)state;
	assert_string_equal(cmd("qfThreadInfo"), "m1,2");
	assert_string_equal(cmd("qsThreadInfo"), "l");
	assert_string_equal(cmd("qC"), "QC1");
	assert_string_equal(cmd("T1"), "OK");
	assert_string_equal(cmd("T2"), "OK");
	assert_string_equal(cmd("T3"), "E01");
	assert_string_equal(cmd("T0"), "E01");
	assert_string_equal(cmd("Hg2"), "OK");
	assert_string_equal(cmd("qC"), "QC2");
	assert_memory_equal(cmd("g"), "2222222222222222", 16);
	assert_string_equal(cmd("Hg3"), "E01");
	assert_string_equal(cmd("Hg-1"), "OK");
	assert_string_equal(cmd("Hc0"), "OK");
	assert_string_equal(cmd("Hx1"), "E01");
}

static void test_memory(void **state)
{
	(void)state;
	assert_string_equal(cmd("m1000,4"), "030a1118");
	assert_string_equal(cmd("m0,4"), "E14");
	/* A read running off the end is cut short, not refused. */
	assert_string_equal(cmd("m10ffe,8"), "f5fc");
	assert_string_equal(cmd("m1000,0"), "");
	assert_string_equal(cmd("m1000"), "E01");
	assert_string_equal(cmd("M1000,2:abcd"), "OK");
	assert_int_equal(m.mem[0], 0xab);
	assert_int_equal(m.mem[1], 0xcd);
	assert_string_equal(cmd("M1000,2:abc"), "E01");
	assert_string_equal(cmd_len("X1002,3:#\0}", 11), "OK");
	assert_memory_equal(m.mem + 2, "#\0}", 3);
	assert_string_equal(cmd("X1000,0:"), "OK");
	assert_string_equal(cmd("X1000,2:a"), "E01");
	assert_string_equal(cmd("M0,1:00"), "E14");
	/* The largest read fills the reply. */
	assert_int_equal(strlen(cmd("m1000,ffff")), GDB_REPLY_MAX);
}

static void test_resume(void **state)
{
	(void)state;
	assert_string_equal(cmd("c"), "");
	assert_int_equal(outcome, GDB_RESUMED);
	assert_int_equal(m.last_actions[0], GDB_RUN_CONTINUE);
	assert_int_equal(m.last_actions[1], GDB_RUN_CONTINUE);
	assert_string_equal(cmd("Hc2"), "OK");
	cmd("s");
	assert_int_equal(outcome, GDB_RESUMED);
	assert_int_equal(m.last_actions[0], GDB_RUN_STAY);
	assert_int_equal(m.last_actions[1], GDB_RUN_STEP);
	cmd("c2000");
	assert_int_equal(m.regs[1].rip, 0x2000);
	assert_string_equal(cmd("vCont?"), "vCont;c;C;s;S");
	cmd("vCont;s:1;c");
	assert_int_equal(outcome, GDB_RESUMED);
	assert_int_equal(m.last_actions[0], GDB_RUN_STEP);
	assert_int_equal(m.last_actions[1], GDB_RUN_CONTINUE);
	cmd("vCont;s:2");
	assert_int_equal(m.last_actions[0], GDB_RUN_STAY);
	assert_int_equal(m.last_actions[1], GDB_RUN_STEP);
	cmd("vCont;C05:2;c:-1");
	assert_int_equal(m.last_actions[0], GDB_RUN_CONTINUE);
	assert_int_equal(m.last_actions[1], GDB_RUN_CONTINUE);
	int resumes = m.resumes;
	assert_string_equal(cmd("vCont;s:3"), "E01");
	assert_string_equal(cmd("vCont;t"), "E01");
	assert_string_equal(cmd("vCont;c:1x"), "E01");
	assert_int_equal(m.resumes, resumes);
	assert_string_equal(cmd("vMustReplyEmpty"), "");
	assert_int_equal(outcome, GDB_REPLY);
}

static void test_stop_replies(void **state)
{
	struct gdb_stop stop = { .kind = GDB_STOP_SWBREAK, .thread = 2 };
	uint8_t out[64];
	size_t n;

	(void)state;
	assert_string_equal(cmd("?"), "T05thread:1;");
	n = gdb_stop_reply(&s, &stop, out, sizeof(out));
	assert_int_equal(n, strlen("T05thread:2;swbreak:;"));
	assert_memory_equal(out, "T05thread:2;swbreak:;", n);
	assert_string_equal(cmd("qC"), "QC2");
	stop = (struct gdb_stop){ .kind = GDB_STOP_HWBREAK, .thread = 1 };
	n = gdb_stop_reply(&s, &stop, out, sizeof(out));
	assert_memory_equal(out, "T05thread:1;hwbreak:;", n);
	stop = (struct gdb_stop){ .kind = GDB_STOP_WATCH, .thread = 1, .addr = 0xabc0 };
	n = gdb_stop_reply(&s, &stop, out, sizeof(out));
	assert_memory_equal(out, "T05thread:1;watch:abc0;", n);
	stop = (struct gdb_stop){ .kind = GDB_STOP_AWATCH, .thread = 1, .addr = 0x10 };
	n = gdb_stop_reply(&s, &stop, out, sizeof(out));
	assert_memory_equal(out, "T05thread:1;awatch:10;", n);
	stop = (struct gdb_stop){ .kind = GDB_STOP_SIGNAL, .thread = 0, .code = GDB_SIGINT };
	n = gdb_stop_reply(&s, &stop, out, sizeof(out));
	assert_memory_equal(out, "S02", n);
	stop = (struct gdb_stop){ .kind = GDB_STOP_EXITED, .code = 3 };
	n = gdb_stop_reply(&s, &stop, out, sizeof(out));
	assert_memory_equal(out, "W03", n);
	stop = (struct gdb_stop){ .kind = GDB_STOP_KILLED, .code = 9 };
	n = gdb_stop_reply(&s, &stop, out, sizeof(out));
	assert_memory_equal(out, "X09", n);
	assert_int_equal(gdb_stop_reply(&s, &stop, out, 2), 0);
}

static void test_queries(void **state)
{
	(void)state;
	const char *sup = cmd("qSupported:multiprocess+;swbreak+;hwbreak+");
	assert_non_null(strstr(sup, "PacketSize=1000"));
	assert_non_null(strstr(sup, "qXfer:features:read+"));
	assert_non_null(strstr(sup, "QStartNoAckMode+"));
	assert_non_null(strstr(sup, "vContSupported+"));
	assert_non_null(strstr(sup, "swbreak+"));
	assert_non_null(strstr(sup, "hwbreak+"));
	assert_string_equal(cmd("qAttached"), "1");
	assert_string_equal(cmd("qOffsets"), "");
	assert_string_equal(cmd("qTStatus"), "");
	assert_string_equal(cmd("!"), "");
	assert_string_equal(cmd(""), "");
	assert_false(s.no_ack);
	assert_string_equal(cmd("QStartNoAckMode"), "OK");
	assert_true(s.no_ack);
}

static void test_qxfer_paging(void **state)
{
	char whole[GDB_TDESC_MAX] = "";
	char request[64];

	(void)state;
	/* Read in 100-byte pieces: m until the last, l with the rest. */
	for (size_t off = 0;; off += 100) {
		snprintf(request, sizeof(request), "qXfer:features:read:target.xml:%zx,64", off);
		cmd(request);
		strcat(whole, reply + 1);
		if (reply[0] == 'l')
			break;
		assert_int_equal(reply[0], 'm');
		assert_int_equal(strlen(reply), 101);
	}
	assert_string_equal(whole, s.tdesc);
	snprintf(request, sizeof(request), "qXfer:features:read:target.xml:%zx,10", s.tdesc_len);
	assert_string_equal(cmd(request), "l");
	snprintf(request, sizeof(request), "qXfer:features:read:target.xml:%zx,10",
		 s.tdesc_len - 3);
	assert_string_equal(cmd(request), "lt>\n");
	snprintf(request, sizeof(request), "qXfer:features:read:target.xml:%zx,3", s.tdesc_len - 3);
	assert_string_equal(cmd(request), "lt>\n");
	assert_string_equal(cmd("qXfer:features:read:other.xml:0,10"), "E00");
	assert_string_equal(cmd("qXfer:features:read:target.xml:0"), "E00");
}

static void test_breakpoints_detach_kill(void **state)
{
	(void)state;
	assert_string_equal(cmd("Z0,1800,1"), "OK");
	assert_true(m.bps[0].used);
	assert_int_equal(m.bps[0].addr, 0x1800);
	assert_string_equal(cmd("Z1,1900,1"), "OK");
	assert_int_equal(m.bps[1].type, GDB_BP_HARDWARE);
	assert_string_equal(cmd("Z2,1000,4"), ""); /* the fake has no watchpoints */
	assert_string_equal(cmd("Z5,1000,4"), "");
	assert_string_equal(cmd("Z0,1800"), "E01");
	assert_string_equal(cmd("z0,1800,1"), "OK");
	assert_false(m.bps[0].used);
	assert_string_equal(cmd("z0,1800,1"), "E01");
	assert_string_equal(cmd("D"), "OK");
	assert_int_equal(outcome, GDB_DETACHED);
	assert_int_equal(m.detached, 1);
	assert_string_equal(cmd("k"), "");
	assert_int_equal(outcome, GDB_KILLED);
	assert_int_equal(m.killed, 1);
}

/* The byte loop: acks, a NAK's resend, no acks after QStartNoAckMode, 0x03 only while running. */
static char sent[8192];
static size_t sent_len;

static void capture(void *io, const uint8_t *bytes, size_t len)
{
	(void)io;
	memcpy(sent + sent_len, bytes, len);
	sent_len += len;
	sent[sent_len] = '\0';
}

static enum gdb_stub_event feed(struct gdb_stub *stub, const char *text)
{
	enum gdb_stub_event last = GDB_STUB_IDLE;

	sent_len = 0;
	sent[0] = '\0';
	for (; *text; text++) {
		enum gdb_stub_event e = gdb_stub_feed(stub, (uint8_t)*text);

		if (e != GDB_STUB_IDLE)
			last = e;
	}
	return last;
}

static void test_stub_loop(void **state)
{
	static struct gdb_stub stub;

	(void)state;
	gdb_stub_init(&stub, &m.target, capture, NULL);
	feed(&stub, "$qAttached#8f");
	assert_string_equal(sent, "+$1#31");
	feed(&stub, "-");
	assert_string_equal(sent, "$1#31");
	feed(&stub, "$qAttached#00");
	assert_string_equal(sent, "-");
	assert_int_equal(feed(&stub, "\x03"), GDB_STUB_IDLE);
	assert_int_equal(feed(&stub, "$c#63"), GDB_STUB_RESUMED);
	assert_string_equal(sent, "+");
	assert_int_equal(feed(&stub, "\x03"), GDB_STUB_INTERRUPT);
	assert_int_equal(feed(&stub, "$g#67"), GDB_STUB_IDLE); /* ignored while running */
	sent_len = 0;
	gdb_stub_stopped(&stub);
	assert_string_equal(sent, "$W00#b7"); /* the fake exits with no breakpoint */
	feed(&stub, "$QStartNoAckMode#b0");
	assert_string_equal(sent, "+$OK#9a");
	feed(&stub, "$qAttached#8f");
	assert_string_equal(sent, "$1#31");
	feed(&stub, "-");
	assert_string_equal(sent, "");
	assert_int_equal(feed(&stub, "$D#44"), GDB_STUB_DETACHED);
	assert_string_equal(sent, "$OK#9a");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_g_matches_description, setup),
		cmocka_unit_test_setup(test_register_round_trip, setup),
		cmocka_unit_test_setup(test_threads, setup),
		cmocka_unit_test_setup(test_memory, setup),
		cmocka_unit_test_setup(test_resume, setup),
		cmocka_unit_test_setup(test_stop_replies, setup),
		cmocka_unit_test_setup(test_queries, setup),
		cmocka_unit_test_setup(test_qxfer_paging, setup),
		cmocka_unit_test_setup(test_breakpoints_detach_kill, setup),
		cmocka_unit_test_setup(test_stub_loop, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
