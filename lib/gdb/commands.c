#include <string.h>

#include "lib/gdb/commands.h"
#include "lib/gdb/hex.h"

/* What qSupported announces (appendix E.4, `qSupported`); PacketSize in hex. */
#define SUPPORTED                                                                         \
	"PacketSize=1000;qXfer:features:read+;QStartNoAckMode+;vContSupported+;swbreak+;" \
	"hwbreak+"
_Static_assert(GDB_PACKET_MAX == 0x1000, "PacketSize in SUPPORTED is GDB_PACKET_MAX");

/* The reply being built: data, and how much of GDB_REPLY_MAX is used. */
struct reply {
	uint8_t *data;
	size_t len, cap;
};

/* The command's text: [p, end), the packet's first byte already consumed. */
struct args {
	const char *p, *end;
};

static void put(struct reply *r, const char *s)
{
	size_t n = strlen(s);

	if (r->len + n <= r->cap) {
		memcpy(r->data + r->len, s, n);
		r->len += n;
	}
}

static void put_hex_number(struct reply *r, uint64_t value)
{
	char digits[16];
	int i = 16;

	do {
		digits[--i] = "0123456789abcdef"[value & 0xf];
		value >>= 4;
	} while (value);
	for (; i < 16 && r->len < r->cap; i++)
		r->data[r->len++] = (uint8_t)digits[i];
}

static void put_hex_bytes(struct reply *r, const uint8_t *bytes, size_t n)
{
	for (size_t i = 0; i < n && r->len + 2 <= r->cap; i++, r->len += 2)
		gdb_hex_byte(bytes[i], (char *)r->data + r->len);
}

static void put_error(struct reply *r)
{
	put(r, "E01");
}

static bool eat(struct args *a, char c)
{
	if (a->p < a->end && *a->p == c) {
		a->p++;
		return true;
	}
	return false;
}

static bool starts(struct args *a, const char *prefix)
{
	size_t n = strlen(prefix);

	if ((size_t)(a->end - a->p) < n || memcmp(a->p, prefix, n) != 0)
		return false;
	a->p += n;
	return true;
}

static bool number(struct args *a, uint64_t *value)
{
	return gdb_hex_number(&a->p, a->end, value);
}

static uint32_t thread_count(const struct gdb_session *s)
{
	uint32_t n = s->target->thread_count(s->target->ctx);

	return n > GDB_MAX_THREADS ? GDB_MAX_THREADS : n;
}

static bool thread_exists(const struct gdb_session *s, uint32_t thread)
{
	return thread >= 1 && thread <= thread_count(s);
}

/* A thread-id: hex, 0 (any) or -1 (all). */
static bool thread_id(struct args *a, uint32_t *thread)
{
	uint64_t value;

	if (starts(a, "-1")) {
		*thread = GDB_THREAD_ALL;
		return true;
	}
	if (!number(a, &value) || value > GDB_MAX_THREADS)
		return false;
	*thread = (uint32_t)value;
	return true;
}

/* The concrete thread a selection means: ANY and ALL mean the one that stopped. */
static uint32_t chosen(const struct gdb_session *s, uint32_t selected)
{
	if (selected == GDB_THREAD_ANY || selected == GDB_THREAD_ALL)
		return thread_exists(s, s->stopped) ? s->stopped : 1;
	return selected;
}

static void cmd_read_regs(struct gdb_session *s, struct reply *r)
{
	struct gdb_regs regs;

	if (s->target->read_regs(s->target->ctx, chosen(s, s->g_thread), &regs) < 0) {
		put_error(r);
		return;
	}
	r->len = gdb_regs_to_hex(&regs, (char *)r->data, r->cap);
}

static void cmd_write_regs(struct gdb_session *s, struct args *a, struct reply *r)
{
	struct gdb_regs regs;
	uint32_t thread = chosen(s, s->g_thread);

	memset(&regs, 0, sizeof(regs));
	if (!gdb_regs_from_hex(&regs, a->p, (size_t)(a->end - a->p)) ||
	    s->target->write_regs(s->target->ctx, thread, &regs) < 0) {
		put_error(r);
		return;
	}
	put(r, "OK");
}

static void cmd_read_reg(struct gdb_session *s, struct args *a, struct reply *r)
{
	struct gdb_regs regs;
	uint64_t n;

	if (!number(a, &n) || a->p != a->end || n >= gdb_reg_count ||
	    s->target->read_regs(s->target->ctx, chosen(s, s->g_thread), &regs) < 0) {
		put_error(r);
		return;
	}
	r->len = gdb_reg_to_hex(&regs, (unsigned)n, (char *)r->data, r->cap);
}

static void cmd_write_reg(struct gdb_session *s, struct args *a, struct reply *r)
{
	struct gdb_regs regs;
	uint32_t thread = chosen(s, s->g_thread);
	uint64_t n;

	if (!number(a, &n) || !eat(a, '=') || n >= gdb_reg_count ||
	    s->target->read_regs(s->target->ctx, thread, &regs) < 0 ||
	    !gdb_reg_from_hex(&regs, (unsigned)n, a->p, (size_t)(a->end - a->p)) ||
	    s->target->write_regs(s->target->ctx, thread, &regs) < 0) {
		put_error(r);
		return;
	}
	put(r, "OK");
}

/* "addr,length" of m, M and X. */
static bool address_range(struct args *a, uint64_t *addr, uint64_t *len)
{
	return number(a, addr) && eat(a, ',') && number(a, len);
}

static void cmd_read_memory(struct gdb_session *s, struct args *a, struct reply *r)
{
	uint8_t bytes[GDB_REPLY_MAX / 2];
	uint64_t addr, len;

	if (!address_range(a, &addr, &len) || a->p != a->end) {
		put_error(r);
		return;
	}
	if (len > sizeof(bytes))
		len = sizeof(bytes); /* GDB takes a short reply and asks for the rest */
	int done = len ? s->target->read_memory(s->target->ctx, chosen(s, s->g_thread), addr, bytes,
						(size_t)len)
		       : 0;

	if (done < 0 || (done == 0 && len)) {
		put(r, "E14"); /* EFAULT, as gdbserver answers */
		return;
	}
	put_hex_bytes(r, bytes, (size_t)done);
}

/* M (hex data) and X (binary data) differ only in the data's encoding. */
static void cmd_write_memory(struct gdb_session *s, struct args *a, struct reply *r, bool binary)
{
	uint8_t bytes[GDB_PACKET_MAX];
	uint64_t addr, len;

	if (!address_range(a, &addr, &len) || !eat(a, ':') || len > sizeof(bytes)) {
		put_error(r);
		return;
	}
	size_t have = (size_t)(a->end - a->p);

	if (binary ? have != len : (have != len * 2 || !gdb_hex_to_bytes(a->p, have, bytes))) {
		put_error(r);
		return;
	}
	if (binary)
		memcpy(bytes, a->p, have);
	int done = len ? s->target->write_memory(s->target->ctx, chosen(s, s->g_thread), addr,
						 bytes, (size_t)len)
		       : (int)len;

	if (done < 0 || (uint64_t)done != len) {
		put(r, "E14");
		return;
	}
	put(r, "OK");
}

static bool set_all(struct gdb_session *s, enum gdb_run *actions, enum gdb_run run)
{
	for (uint32_t i = 0; i < thread_count(s); i++)
		actions[i] = run;
	return true;
}

/* `c [addr]` and `s [addr]`: a given address becomes the thread's rip first. */
static bool resume_at(struct gdb_session *s, struct args *a, uint32_t thread)
{
	struct gdb_regs regs;
	uint64_t addr;

	if (a->p == a->end)
		return true;
	if (!number(a, &addr) || a->p != a->end ||
	    s->target->read_regs(s->target->ctx, thread, &regs) < 0)
		return false;
	regs.rip = addr;
	return s->target->write_regs(s->target->ctx, thread, &regs) >= 0;
}

static enum gdb_outcome cmd_resume(struct gdb_session *s, struct args *a, struct reply *r,
				   bool step)
{
	enum gdb_run actions[GDB_MAX_THREADS];
	uint32_t thread = chosen(s, s->c_thread);

	if (!resume_at(s, a, thread)) {
		put_error(r);
		return GDB_REPLY;
	}
	/* A step moves the one thread; the others stay, as in gdbserver's all-stop. */
	set_all(s, actions, step ? GDB_RUN_STAY : GDB_RUN_CONTINUE);
	if (step)
		actions[thread - 1] = GDB_RUN_STEP;
	s->target->resume(s->target->ctx, actions, thread_count(s));
	return GDB_RESUMED;
}

/* One vCont action: c, C sig, s or S sig (signals mean nothing to a guest core: ignored). */
static bool vcont_action(struct args *a, enum gdb_run *run)
{
	uint64_t signal;

	if (a->p == a->end)
		return false;
	char c = *a->p++;

	if (c == 'C' || c == 'S') {
		if (!number(a, &signal))
			return false;
		c = c == 'C' ? 'c' : 's';
	}
	if (c != 'c' && c != 's')
		return false;
	*run = c == 'c' ? GDB_RUN_CONTINUE : GDB_RUN_STEP;
	return true;
}

/* vCont;action[:thread]...: each thread takes the leftmost action that names it (appendix E.2, vCont). */
static bool vcont_actions(struct gdb_session *s, struct args *a, enum gdb_run *actions)
{
	bool decided[GDB_MAX_THREADS] = { false };
	uint32_t threads = thread_count(s);

	set_all(s, actions, GDB_RUN_STAY);
	while (eat(a, ';')) {
		enum gdb_run run;
		uint32_t thread = GDB_THREAD_ALL;

		if (!vcont_action(a, &run) || (eat(a, ':') && !thread_id(a, &thread)))
			return false;
		if (thread != GDB_THREAD_ALL && !thread_exists(s, thread))
			return false;
		for (uint32_t t = 1; t <= threads; t++) {
			if (decided[t - 1] || (thread != GDB_THREAD_ALL && thread != t))
				continue;
			actions[t - 1] = run;
			decided[t - 1] = true;
		}
	}
	return a->p == a->end;
}

static enum gdb_outcome cmd_vcont(struct gdb_session *s, struct args *a, struct reply *r)
{
	enum gdb_run actions[GDB_MAX_THREADS];

	if (starts(a, "?")) {
		put(r, "vCont;c;C;s;S");
		return GDB_REPLY;
	}
	if (!vcont_actions(s, a, actions)) {
		put_error(r);
		return GDB_REPLY;
	}
	s->target->resume(s->target->ctx, actions, thread_count(s));
	return GDB_RESUMED;
}

static void cmd_set_thread(struct gdb_session *s, struct args *a, struct reply *r)
{
	uint32_t thread;

	if (a->p == a->end) {
		put_error(r);
		return;
	}
	char which = *a->p++;

	if ((which != 'g' && which != 'c') || !thread_id(a, &thread) || a->p != a->end ||
	    (thread != GDB_THREAD_ANY && thread != GDB_THREAD_ALL && !thread_exists(s, thread))) {
		put_error(r);
		return;
	}
	*(which == 'g' ? &s->g_thread : &s->c_thread) = thread;
	put(r, "OK");
}

static void cmd_thread_alive(struct gdb_session *s, struct args *a, struct reply *r)
{
	uint32_t thread;

	if (thread_id(a, &thread) && a->p == a->end && thread_exists(s, thread))
		put(r, "OK");
	else
		put_error(r);
}

static void thread_list(struct gdb_session *s, struct reply *r)
{
	put(r, "m");
	for (uint32_t t = 1; t <= thread_count(s); t++) {
		if (t > 1)
			put(r, ",");
		put_hex_number(r, t);
	}
}

/* qXfer:features:read:target.xml:offset,length (appendix E.4, qXfer). */
static void cmd_read_features(struct gdb_session *s, struct args *a, struct reply *r)
{
	uint64_t offset, len;

	if (!starts(a, "target.xml:") || !address_range(a, &offset, &len) || a->p != a->end) {
		put(r, "E00");
		return;
	}
	if (offset >= s->tdesc_len) {
		put(r, "l");
		return;
	}
	size_t left = s->tdesc_len - (size_t)offset;
	size_t room = r->cap - 1;
	size_t n = len < left ? (size_t)len : left;

	if (n > room)
		n = room;
	put(r, n == left ? "l" : "m");
	memcpy(r->data + r->len, s->tdesc + offset, n);
	r->len += n;
}

static void cmd_query(struct gdb_session *s, struct args *a, struct reply *r)
{
	if (starts(a, "Supported"))
		put(r, SUPPORTED);
	else if (starts(a, "Xfer:features:read:"))
		cmd_read_features(s, a, r);
	else if (starts(a, "fThreadInfo"))
		thread_list(s, r);
	else if (starts(a, "sThreadInfo"))
		put(r, "l");
	else if (a->p + 1 == a->end && *a->p == 'C') {
		put(r, "QC");
		put_hex_number(r, chosen(s, s->g_thread));
	} else if (starts(a, "Attached"))
		put(r, "1"); /* attached to a running guest: quitting detaches, never kills */
}

/* Z and z: "type,addr,kind". */
static void cmd_breakpoint(struct gdb_session *s, struct args *a, struct reply *r, bool set)
{
	uint64_t type, addr, kind;

	if (!number(a, &type) || !eat(a, ',') || !address_range(a, &addr, &kind) ||
	    a->p != a->end) {
		put_error(r);
		return;
	}
	if (type > GDB_BP_ACCESS)
		return; /* an unknown type: the empty reply */
	int rc = (set ? s->target->set_breakpoint
		      : s->target->clear_breakpoint)(s->target->ctx, (enum gdb_bp)type, addr, kind);

	if (rc == GDB_UNSUPPORTED)
		return;
	if (rc < 0)
		put_error(r);
	else
		put(r, "OK");
}

void gdb_session_init(struct gdb_session *s, const struct gdb_target *target)
{
	s->target = target;
	s->g_thread = GDB_THREAD_ANY;
	s->c_thread = GDB_THREAD_ANY;
	s->stopped = 1;
	s->no_ack = false;
	s->tdesc_len = gdb_tdesc_xml(s->tdesc, sizeof(s->tdesc));
}

static enum gdb_outcome stop_query(struct gdb_session *s, struct reply *r)
{
	struct gdb_stop stop;

	s->target->stop_reason(s->target->ctx, &stop);
	r->len = gdb_stop_reply(s, &stop, r->data, r->cap);
	return GDB_REPLY;
}

static enum gdb_outcome dispatch(struct gdb_session *s, char command, struct args *a,
				 struct reply *r)
{
	switch (command) {
	case '?': return stop_query(s, r);
	case 'g': cmd_read_regs(s, r); break;
	case 'G': cmd_write_regs(s, a, r); break;
	case 'p': cmd_read_reg(s, a, r); break;
	case 'P': cmd_write_reg(s, a, r); break;
	case 'm': cmd_read_memory(s, a, r); break;
	case 'M': cmd_write_memory(s, a, r, false); break;
	case 'X': cmd_write_memory(s, a, r, true); break;
	case 'c': return cmd_resume(s, a, r, false);
	case 's': return cmd_resume(s, a, r, true);
	case 'H': cmd_set_thread(s, a, r); break;
	case 'T': cmd_thread_alive(s, a, r); break;
	case 'q': cmd_query(s, a, r); break;
	case 'Z': cmd_breakpoint(s, a, r, true); break;
	case 'z': cmd_breakpoint(s, a, r, false); break;
	case 'v':
		if (starts(a, "Cont") && (a->p == a->end || *a->p == '?' || *a->p == ';'))
			return cmd_vcont(s, a, r);
		break;
	case 'Q':
		if (starts(a, "StartNoAckMode") && a->p == a->end) {
			s->no_ack = true;
			put(r, "OK");
		}
		break;
	case 'D':
		s->target->detach(s->target->ctx);
		put(r, "OK");
		return GDB_DETACHED;
	case 'k': s->target->kill(s->target->ctx); return GDB_KILLED;
	default: break; /* the empty reply: not supported */
	}
	return GDB_REPLY;
}

enum gdb_outcome gdb_command(struct gdb_session *s, const uint8_t *packet, size_t len,
			     uint8_t *reply, size_t *reply_len)
{
	struct reply r = { .data = reply, .len = 0, .cap = GDB_REPLY_MAX };
	struct args a = { .p = (const char *)packet + 1, .end = (const char *)packet + len };
	enum gdb_outcome outcome = GDB_REPLY;

	if (len)
		outcome = dispatch(s, (char)packet[0], &a, &r);
	*reply_len = r.len;
	return outcome;
}

static const char *const stop_words[] = {
	[GDB_STOP_SWBREAK] = "swbreak:;", [GDB_STOP_HWBREAK] = "hwbreak:;",
	[GDB_STOP_WATCH] = "watch:",	  [GDB_STOP_RWATCH] = "rwatch:",
	[GDB_STOP_AWATCH] = "awatch:",
};

size_t gdb_stop_reply(struct gdb_session *s, const struct gdb_stop *stop, uint8_t *reply,
		      size_t cap)
{
	uint8_t text[64];
	struct reply r = { .data = text, .len = 0, .cap = sizeof(text) };
	char code[2];

	gdb_hex_byte(stop->kind == GDB_STOP_SIGNAL || stop->kind == GDB_STOP_EXITED ||
				     stop->kind == GDB_STOP_KILLED
			     ? stop->code
			     : GDB_SIGTRAP,
		     code);
	if (stop->kind == GDB_STOP_EXITED || stop->kind == GDB_STOP_KILLED) {
		put(&r, stop->kind == GDB_STOP_EXITED ? "W" : "X");
	} else if (stop->thread == 0) {
		put(&r, "S");
	} else {
		put(&r, "T");
	}
	memcpy(text + r.len, code, 2);
	r.len += 2;
	if (text[0] == 'T') {
		s->stopped = stop->thread;
		s->g_thread = GDB_THREAD_ANY;
		put(&r, "thread:");
		put_hex_number(&r, stop->thread);
		put(&r, ";");
		if (stop->kind != GDB_STOP_SIGNAL)
			put(&r, stop_words[stop->kind]);
		if (stop->kind >= GDB_STOP_WATCH && stop->kind <= GDB_STOP_AWATCH) {
			put_hex_number(&r, stop->addr);
			put(&r, ";");
		}
	}
	if (r.len > cap)
		return 0;
	memcpy(reply, text, r.len);
	return r.len;
}
