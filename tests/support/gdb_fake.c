#include <string.h>

#include "tests/support/gdb_fake.h"

static uint32_t fake_thread_count(void *ctx)
{
	(void)ctx;
	return FAKE_THREADS;
}

static bool bad_thread(uint32_t thread)
{
	return thread < 1 || thread > FAKE_THREADS;
}

static int fake_read_regs(void *ctx, uint32_t thread, struct gdb_regs *regs)
{
	struct fake_machine *m = ctx;

	if (bad_thread(thread))
		return -1;
	*regs = m->regs[thread - 1];
	return 0;
}

static int fake_write_regs(void *ctx, uint32_t thread, const struct gdb_regs *regs)
{
	struct fake_machine *m = ctx;

	if (bad_thread(thread))
		return -1;
	m->regs[thread - 1] = *regs;
	return 0;
}

/* Bytes of [gva, gva + len) inside the fake memory, from gva on. */
static size_t fake_span(uint64_t gva, size_t len)
{
	if (gva < FAKE_MEM_BASE || gva >= FAKE_MEM_BASE + FAKE_MEM_SIZE)
		return 0;
	size_t left = FAKE_MEM_BASE + FAKE_MEM_SIZE - gva;

	return len < left ? len : left;
}

static int fake_read_memory(void *ctx, uint32_t thread, uint64_t gva, uint8_t *buf, size_t len)
{
	struct fake_machine *m = ctx;
	size_t n = fake_span(gva, len);

	if (bad_thread(thread))
		return -1;
	memcpy(buf, m->mem + (gva - FAKE_MEM_BASE) * (n > 0), n);
	return (int)n;
}

static int fake_write_memory(void *ctx, uint32_t thread, uint64_t gva, const uint8_t *buf,
			     size_t len)
{
	struct fake_machine *m = ctx;
	size_t n = fake_span(gva, len);

	if (bad_thread(thread))
		return -1;
	memcpy(m->mem + (gva - FAKE_MEM_BASE) * (n > 0), buf, n);
	return (int)n;
}

static int fake_set_breakpoint(void *ctx, enum gdb_bp type, uint64_t addr, uint64_t kind)
{
	struct fake_machine *m = ctx;

	if (type > GDB_BP_HARDWARE)
		return GDB_UNSUPPORTED;
	for (int i = 0; i < FAKE_BREAKPOINTS; i++) {
		if (!m->bps[i].used) {
			m->bps[i] = (struct fake_breakpoint){ true, type, addr, kind };
			return 0;
		}
	}
	return -1;
}

static int fake_clear_breakpoint(void *ctx, enum gdb_bp type, uint64_t addr, uint64_t kind)
{
	struct fake_machine *m = ctx;

	(void)kind;
	for (int i = 0; i < FAKE_BREAKPOINTS; i++) {
		if (m->bps[i].used && m->bps[i].type == type && m->bps[i].addr == addr) {
			m->bps[i].used = false;
			return 0;
		}
	}
	return -1;
}

/* A step stops the stepped thread with SIGTRAP; a continue stops thread 2 at the first breakpoint. */
static void fake_resume(void *ctx, const enum gdb_run *actions, uint32_t threads)
{
	struct fake_machine *m = ctx;

	m->resumes++;
	memcpy(m->last_actions, actions, threads * sizeof(*actions));
	for (uint32_t t = 0; t < threads; t++) {
		if (actions[t] == GDB_RUN_STEP) {
			m->regs[t].rip++;
			m->stop = (struct gdb_stop){ .kind = GDB_STOP_SIGNAL,
						     .thread = t + 1,
						     .code = GDB_SIGTRAP };
			return;
		}
	}
	for (int i = 0; i < FAKE_BREAKPOINTS; i++) {
		if (m->bps[i].used) {
			m->regs[1].rip = m->bps[i].addr;
			m->stop = (struct gdb_stop){
				.kind = m->bps[i].type == GDB_BP_SOFTWARE ? GDB_STOP_SWBREAK
									  : GDB_STOP_HWBREAK,
				.thread = 2,
			};
			return;
		}
	}
	m->stop = (struct gdb_stop){ .kind = GDB_STOP_EXITED, .code = 0 };
}

static void fake_stop_reason(void *ctx, struct gdb_stop *stop)
{
	*stop = ((struct fake_machine *)ctx)->stop;
}

static void fake_detach(void *ctx)
{
	((struct fake_machine *)ctx)->detached++;
}

static void fake_kill(void *ctx)
{
	((struct fake_machine *)ctx)->killed++;
}

void fake_machine_init(struct fake_machine *m)
{
	memset(m, 0, sizeof(*m));
	for (uint32_t t = 0; t < FAKE_THREADS; t++) {
		struct gdb_regs *r = &m->regs[t];
		uint64_t k = t + 1;

		r->rax = 0x1111111111111111ull * k;
		r->rbx = 0x2222222222222222ull * k;
		r->rsp = FAKE_MEM_BASE + FAKE_MEM_SIZE - 0x100 * k;
		r->rip = FAKE_MEM_BASE + 0x100 * k;
		r->eflags = 0x202;
		r->cs = 0x10;
		r->ss = r->ds = r->es = 0x18;
		r->cr0 = 0x80050033;
		r->cr3 = 0x1000 * k;
		r->cr4 = 0x20;
		r->efer = 0x500;
		r->fs_base = 0xfeed0000 + k;
	}
	for (uint32_t i = 0; i < FAKE_MEM_SIZE; i++)
		m->mem[i] = (uint8_t)(i * 7 + 3);
	m->stop = (struct gdb_stop){ .kind = GDB_STOP_SIGNAL, .thread = 1, .code = GDB_SIGTRAP };
	m->target = (struct gdb_target){
		.ctx = m,
		.thread_count = fake_thread_count,
		.read_regs = fake_read_regs,
		.write_regs = fake_write_regs,
		.read_memory = fake_read_memory,
		.write_memory = fake_write_memory,
		.set_breakpoint = fake_set_breakpoint,
		.clear_breakpoint = fake_clear_breakpoint,
		.resume = fake_resume,
		.stop_reason = fake_stop_reason,
		.detach = fake_detach,
		.kill = fake_kill,
	};
}
