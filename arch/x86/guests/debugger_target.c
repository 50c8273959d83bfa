/*
 * The GDB stub's target (lib/gdb/target.h) over the guest's stopped cores
 * (debugger.h): each core left its registers in struct debugger_core when
 * it stopped, and takes back what GDB wrote when it resumes; memory is the
 * guest's, through its own paging (lib/guest_walk.h) and then the EPT,
 * which says what is the guest's: the hypervisor's memory is refused.
 */
#include <string.h>

#include "arch/x86/guests/debugger_internal.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/trap.h"
#include "include/x86/ept.h"
#include "lib/guest_walk.h"

#define INT3		0xcc
/* DR7 (Vol. 3B 18.2.4): L0-L3 at bit 2n, R/W and LEN at 16 + 4n; GE as Linux sets it. */
#define DR7_L(n)	(1ull << (2 * (n)))
#define DR7_RW(n, rw)	((uint64_t)(rw) << (16 + 4 * (n)))
#define DR7_LEN(n, len) ((uint64_t)(len) << (18 + 4 * (n)))
#define DR7_RW_EXECUTE	0u
#define DR7_RW_WRITE	1u
#define DR7_RW_ACCESS	3u /* reads or writes: x86 has no read-only breakpoint */
#define DR7_FIXED	0x400ull

struct debugger debugger = { .stopper = -1 };

static struct debugger_core *core_of(uint32_t thread)
{
	return thread >= 1 && thread <= debugger.threads ? &debugger.core[thread - 1] : NULL;
}

static uint32_t thread_count(void *ctx)
{
	(void)ctx;
	return debugger.threads;
}

/* ---- Registers ----------------------------------------------------------- */

static uint64_t gpr(const struct debugger_core *c, unsigned n)
{
	return c->gprs ? ((const uint64_t *)c->gprs)[n] : 0;
}

static int read_regs(void *ctx, uint32_t thread, struct gdb_regs *regs)
{
	const struct debugger_core *c = core_of(thread);
	const struct vcpu_debug_state *s;

	(void)ctx;
	if (!c)
		return -1;
	s = &c->state;
	memset(regs, 0, sizeof(*regs));
	/* struct vmx_gprs numbers them as the SDM does: RAX, RCX, RDX, RBX, -, RBP, RSI, RDI. */
	*regs = (struct gdb_regs){ .rax = gpr(c, 0),
				   .rbx = gpr(c, 3),
				   .rcx = gpr(c, 1),
				   .rdx = gpr(c, 2),
				   .rsi = gpr(c, 6),
				   .rdi = gpr(c, 7),
				   .rbp = gpr(c, 5),
				   .rsp = s->rsp,
				   .r8 = gpr(c, 8),
				   .r9 = gpr(c, 9),
				   .r10 = gpr(c, 10),
				   .r11 = gpr(c, 11),
				   .r12 = gpr(c, 12),
				   .r13 = gpr(c, 13),
				   .r14 = gpr(c, 14),
				   .r15 = gpr(c, 15),
				   .rip = s->rip,
				   .eflags = (uint32_t)s->rflags,
				   .es = s->selector[0],
				   .cs = s->selector[1],
				   .ss = s->selector[2],
				   .ds = s->selector[3],
				   .fs = s->selector[4],
				   .gs = s->selector[5],
				   .fs_base = s->fs_base,
				   .gs_base = s->gs_base,
				   .cr0 = s->cr0,
				   .cr2 = s->cr2,
				   .cr3 = s->cr3,
				   .cr4 = s->cr4,
				   .efer = s->efer };
	regs->fctrl = 0x37f; /* x87 state is the guest's own, not read: the reset value shown */
	return 0;
}

/* Only a parked core takes writes; selectors, bases and CRs stay (VM entry checks them). */
static int write_regs(void *ctx, uint32_t thread, const struct gdb_regs *regs)
{
	struct debugger_core *c = core_of(thread);
	const uint64_t values[16] = { regs->rax, regs->rcx, regs->rdx, regs->rbx,
				      0,	 regs->rbp, regs->rsi, regs->rdi,
				      regs->r8,	 regs->r9,  regs->r10, regs->r11,
				      regs->r12, regs->r13, regs->r14, regs->r15 };

	(void)ctx;
	if (!c || !c->parked || !c->gprs)
		return -1;
	for (unsigned n = 0; n < 16; n++)
		if (n != 4)
			((uint64_t *)c->gprs)[n] = values[n];
	c->state.rsp = regs->rsp;
	c->state.rip = regs->rip;
	c->state.rflags = (c->state.rflags & ~0xffffffffull) | regs->eflags;
	c->dirty = true;
	return 0;
}

/* ---- Memory --------------------------------------------------------------- */

struct phys_copy {
	void *dst;
	const void *src;
	size_t len;
};

static void copy(void *arg)
{
	struct phys_copy *p = arg;

	memcpy(p->dst, p->src, p->len);
}

/* Guest memory is identity-mapped for the hypervisor; a fault is caught, never fatal. */
static bool copy_caught(void *dst, const void *src, size_t len)
{
	struct phys_copy p = { dst, src, len };
	uint64_t error;

	return trap_catch(copy, &p, &error) == TRAP_NONE;
}

/*
 * Only what the EPT gives the guest, where the EPT puts it (a window may
 * back a guest page elsewhere); len stays within one page.
 */
static bool guest_bytes(uint64_t gpa, size_t len, uint8_t access, uint64_t *hpa)
{
	uint64_t last;

	return vmx_ept_translate(gpa, access, hpa) &&
	       vmx_ept_translate(gpa + len - 1, access, &last) && last == *hpa + len - 1;
}

static bool read_phys(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	uint64_t hpa;

	(void)ctx;
	return len == 0 || (guest_bytes(gpa, len, EPT_READ, &hpa) &&
			    copy_caught(buf, (const void *)(uintptr_t)hpa, len));
}

static bool write_phys(uint64_t gpa, const void *buf, size_t len)
{
	uint64_t hpa;

	return guest_bytes(gpa, len, EPT_READ | EPT_WRITE, &hpa) &&
	       copy_caught((void *)(uintptr_t)hpa, buf, len);
}

/* The paging of the thread's core, or of the core that stopped first if it has none yet. */
static const struct debugger_core *paging_of(uint32_t thread)
{
	const struct debugger_core *c = core_of(thread);

	if (c && c->seen)
		return c;
	return debugger.stopper >= 0 ? &debugger.core[debugger.stopper] : NULL;
}

/* Each piece within one guest page; bytes done, or -1 if none. */
static int access_memory(uint32_t thread, uint64_t gva, uint8_t *buf, const uint8_t *src,
			 size_t len)
{
	const struct debugger_core *c = paging_of(thread);
	struct guest_walk_cpu cpu;
	size_t done = 0;

	if (!c)
		return -1;
	cpu = (struct guest_walk_cpu){ c->state.cr0, c->state.cr3, c->state.cr4, c->state.efer, 0 };
	while (done < len) {
		struct guest_walk_result w;
		if (guest_walk(&cpu, gva + done, read_phys, NULL, &w) != 0)
			break;
		size_t chunk = len - done < w.page_left ? len - done : w.page_left;
		bool ok = src ? write_phys(w.gpa, src + done, chunk)
			      : read_phys(NULL, w.gpa, buf + done, chunk);
		if (!ok)
			break;
		done += chunk;
	}
	return done ? (int)done : -1;
}

static int read_memory(void *ctx, uint32_t thread, uint64_t gva, uint8_t *buf, size_t len)
{
	(void)ctx;
	return access_memory(thread, gva, buf, NULL, len);
}

static int write_memory(void *ctx, uint32_t thread, uint64_t gva, const uint8_t *buf, size_t len)
{
	(void)ctx;
	return access_memory(thread, gva, NULL, buf, len) == (int)len ? (int)len : -1;
}

/* ---- Breakpoints ------------------------------------------------------- */

bool debugger_sw_breakpoint_at(uint64_t linear)
{
	for (unsigned i = 0; i < DEBUGGER_SW_BREAKPOINTS; i++)
		if (debugger.sw[i].used && debugger.sw[i].addr == linear)
			return true;
	return false;
}

unsigned debugger_sw_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < DEBUGGER_SW_BREAKPOINTS; i++)
		n += debugger.sw[i].used;
	return n;
}

unsigned debugger_hw_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < DEBUGGER_HW_SLOTS; i++)
		n += debugger.hw[i].used;
	return n;
}

static int set_sw(uint64_t addr)
{
	static const uint8_t int3 = INT3;
	struct debugger_sw_breakpoint *free_slot = NULL;
	uint8_t saved;

	for (unsigned i = 0; i < DEBUGGER_SW_BREAKPOINTS; i++) {
		if (debugger.sw[i].used && debugger.sw[i].addr == addr)
			return 0;
		if (!debugger.sw[i].used && !free_slot)
			free_slot = &debugger.sw[i];
	}
	if (!free_slot || read_memory(NULL, 0, addr, &saved, 1) != 1 ||
	    write_memory(NULL, 0, addr, &int3, 1) != 1)
		return -1;
	*free_slot = (struct debugger_sw_breakpoint){ true, addr, saved };
	return 0;
}

static int clear_sw(uint64_t addr)
{
	for (unsigned i = 0; i < DEBUGGER_SW_BREAKPOINTS; i++) {
		struct debugger_sw_breakpoint *b = &debugger.sw[i];
		if (!b->used || b->addr != addr)
			continue;
		b->used = false;
		return write_memory(NULL, 0, addr, &b->saved, 1) == 1 ? 0 : -1;
	}
	return 0;
}

/* DR7's LEN encoding: 1, 2, 4 or 8 bytes, aligned (Vol. 3B 18.2.5). */
static int dr7_len(uint64_t len)
{
	switch (len) {
	case 1: return 0;
	case 2: return 1;
	case 8: return 2;
	case 4: return 3;
	default: return -1;
	}
}

static int set_hw(enum gdb_bp type, uint64_t addr, uint64_t len)
{
	if (type == GDB_BP_HARDWARE)
		len = 1;
	if (dr7_len(len) < 0 || (addr & (len - 1)))
		return -1;
	for (unsigned i = 0; i < DEBUGGER_HW_SLOTS; i++) {
		if (!debugger.hw[i].used) {
			debugger.hw[i] = (struct debugger_hw_slot){ true, type, addr, len };
			return 0;
		}
	}
	return -1;
}

static int clear_hw(enum gdb_bp type, uint64_t addr)
{
	for (unsigned i = 0; i < DEBUGGER_HW_SLOTS; i++)
		if (debugger.hw[i].used && debugger.hw[i].type == type &&
		    debugger.hw[i].addr == addr)
			debugger.hw[i].used = false;
	return 0;
}

uint64_t debugger_hw_dr7(void)
{
	uint64_t dr7 = DR7_FIXED;

	for (unsigned i = 0; i < DEBUGGER_HW_SLOTS; i++) {
		const struct debugger_hw_slot *s = &debugger.hw[i];
		if (!s->used)
			continue;
		unsigned rw = s->type == GDB_BP_HARDWARE ? DR7_RW_EXECUTE
			      : s->type == GDB_BP_WRITE	 ? DR7_RW_WRITE
							 : DR7_RW_ACCESS;
		dr7 |= DR7_L(i) | DR7_RW(i, rw) |
		       DR7_LEN(i, s->type == GDB_BP_HARDWARE ? 0 : (unsigned)dr7_len(s->len));
	}
	return dr7;
}

static int set_breakpoint(void *ctx, enum gdb_bp type, uint64_t addr, uint64_t kind)
{
	(void)ctx;
	return type == GDB_BP_SOFTWARE ? set_sw(addr) : set_hw(type, addr, kind);
}

static int clear_breakpoint(void *ctx, enum gdb_bp type, uint64_t addr, uint64_t kind)
{
	(void)ctx;
	(void)kind;
	return type == GDB_BP_SOFTWARE ? clear_sw(addr) : clear_hw(type, addr);
}

void debugger_clear_breakpoints(void)
{
	for (unsigned i = 0; i < DEBUGGER_SW_BREAKPOINTS; i++)
		if (debugger.sw[i].used)
			clear_sw(debugger.sw[i].addr);
	memset(debugger.hw, 0, sizeof(debugger.hw));
}

/* ---- Running ----------------------------------------------------------- */

static void resume(void *ctx, const enum gdb_run *actions, uint32_t threads)
{
	(void)ctx;
	for (uint32_t i = 0; i < threads && i < debugger.threads; i++)
		debugger.core[i].action = actions[i];
	debugger.resumed = true;
}

static void stop_reason(void *ctx, struct gdb_stop *stop)
{
	(void)ctx;
	*stop = debugger.stop;
}

static void detach(void *ctx)
{
	(void)ctx;
	debugger_clear_breakpoints();
	for (uint32_t i = 0; i < debugger.threads; i++)
		debugger.core[i].action = GDB_RUN_CONTINUE;
	debugger.detached = true;
	debugger.resumed = true;
}

static void kill(void *ctx)
{
	detach(ctx);
	debugger.killed = true;
}

const struct gdb_target debugger_target = {
	.thread_count = thread_count,
	.read_regs = read_regs,
	.write_regs = write_regs,
	.read_memory = read_memory,
	.write_memory = write_memory,
	.set_breakpoint = set_breakpoint,
	.clear_breakpoint = clear_breakpoint,
	.resume = resume,
	.stop_reason = stop_reason,
	.detach = detach,
	.kill = kill,
};
