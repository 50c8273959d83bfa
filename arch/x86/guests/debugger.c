/*
 * Stopping and resuming an OS guest's cores for GDB (debugger.h).  The core
 * that stops (a breakpoint, a step, Ctrl-C, a fatal exit) becomes the
 * stopper: it sends every other core that runs the guest an NMI, which
 * exits with "NMI exiting" (25.6.1) or, in VMX root operation, is dropped
 * by the host (trap_nmi_hook) and seen at the end of the exit; each waits
 * in its exit handler (parked).  The stopper then owns the serial port and
 * runs the stub until GDB resumes; it keeps the port while the guest runs,
 * polling it for Ctrl-C at its exits and by the VMX-preemption timer
 * (26.5.1).
 */
#include "arch/x86/guests/debugger.h"
#include "arch/x86/guests/debugger_internal.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"
#include "arch/x86/tsc.h"
#include "arch/x86/uart.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/exceptions.h"
#include "lib/gdb/stub.h"

/* How often the port's owner looks for Ctrl-C while the guest runs without exiting. */
#define POLL_INTERVAL_US 10000
/* How long a stop waits for each core, and how often the NMI is sent again. */
#define STOP_TIMEOUT_US	 500000
#define STOP_RESEND_US	 20000
/* GDB's SIGSEGV (gdb/signals.def). */
#define GDB_SIGSEGV	 11
/* #DB's exit qualification: B0-B3 and BS (28.2.1, table 28-1). */
#define DB_QUAL_STEP	 (1ull << 14)
#define DB_QUAL_HITS	 0xfull

static uint16_t port;
static struct gdb_stub stub;
static bool attached; /* GDB has sent something */
static volatile bool stop_pending;
static volatile uint32_t resume_generation;
static volatile int owner; /* polls the port while the guest runs */
static uint64_t poll_ticks;
static bool in_guest[GDB_MAX_THREADS];
static vmx_exit_handler wrapped[VMX_EXIT_REASON_COUNT];

static uint32_t index_of(const struct vmx_core *core)
{
	return vmx_core_cpu(core)->index;
}

bool debugger_on(void)
{
	return port != 0;
}

bool debugger_hides_port(uint16_t p)
{
	return port && p >= port && p < port + DEBUGGER_PORT_COUNT;
}

static void send(void *io, const uint8_t *bytes, size_t len)
{
	(void)io;
	for (size_t i = 0; i < len; i++)
		uart_put(port, bytes[i]);
}

/* ---- Parking ------------------------------------------------------------ */

static void snapshot(uint32_t me, struct vmx_gprs *r)
{
	struct debugger_core *c = &debugger.core[me];

	c->gprs = r;
	vcpu_read_debug_state(&c->state);
	c->seen = true;
	c->dirty = false;
}

/* Waits, parked, until GDB resumes this core (a resume that leaves it stopped does not). */
static void park_wait(uint32_t me)
{
	struct debugger_core *c = &debugger.core[me];
	uint32_t gen = __atomic_load_n(&resume_generation, __ATOMIC_ACQUIRE);

	__atomic_store_n(&c->parked, true, __ATOMIC_RELEASE);
	for (;;) {
		while (__atomic_load_n(&resume_generation, __ATOMIC_ACQUIRE) == gen)
			cpu_relax();
		gen = __atomic_load_n(&resume_generation, __ATOMIC_ACQUIRE);
		if (c->action != GDB_RUN_STAY)
			break;
	}
	__atomic_store_n(&c->parked, false, __ATOMIC_RELEASE);
}

static void write_debug_registers(void)
{
	const struct debugger_hw_slot *s = debugger.hw;

	__asm__ volatile("mov %0, %%dr0" : : "r"(s[0].addr));
	__asm__ volatile("mov %0, %%dr1" : : "r"(s[1].addr));
	__asm__ volatile("mov %0, %%dr2" : : "r"(s[2].addr));
	__asm__ volatile("mov %0, %%dr3" : : "r"(s[3].addr));
}

/* GDB's debug registers in place of the guest's while it has any, the guest's DR7 after. */
static void apply_hw_breakpoints(struct debugger_core *c)
{
	if (debugger_hw_count()) {
		if (!c->dr7_replaced)
			c->guest_dr7 = vcpu_dr7();
		c->dr7_replaced = true;
		write_debug_registers();
		vcpu_set_dr7(debugger_hw_dr7());
	} else if (c->dr7_replaced) {
		vcpu_set_dr7(c->guest_dr7);
		c->dr7_replaced = false;
	}
}

/* The controls this core runs with now: only what GDB's breakpoints, step and port need. */
static void apply_controls(struct vmx_core *core, uint32_t me)
{
	struct debugger_core *c = &debugger.core[me];
	uint32_t bitmap = 0;

	if (debugger_sw_count())
		bitmap |= 1u << X86_VEC_BP;
	bool step = c->action == GDB_RUN_STEP;

	if (debugger_hw_count())
		bitmap |= 1u << X86_VEC_DB;
	apply_hw_breakpoints(c);
	vcpu_preemption_timer(core, (int)me == owner ? poll_ticks : 0);
	if (step && !vcpu_monitor_trap(core, true)) {
		/* No monitor trap flag: RFLAGS.TF, and the single-step #DB it raises (Vol. 3B 18.3.1.4). */
		c->trap_flag_step = true;
		c->state.rflags |= X86_RFLAGS_TF;
		vcpu_write_debug_state(&c->state);
		bitmap |= 1u << X86_VEC_DB;
	} else if (!step) {
		vcpu_monitor_trap(core, false);
	}
	if (step)
		vcpu_hold_interrupts_once();
	vcpu_intercept_exceptions(bitmap);
}

/* Back to the guest: what GDB wrote, then the controls. */
static void leave_park(struct vmx_core *core, uint32_t me)
{
	struct debugger_core *c = &debugger.core[me];

	if (c->resume_flag) {
		/* Past the instruction breakpoint it stopped at, once (Vol. 3B 18.3.1.1). */
		c->state.rflags |= X86_RFLAGS_RF;
		c->dirty = true;
		c->resume_flag = false;
	}
	if (c->dirty)
		vcpu_write_debug_state(&c->state);
	c->dirty = false;
	apply_controls(core, me);
}

static void park(struct vmx_core *core, struct vmx_gprs *r)
{
	uint32_t me = index_of(core);

	snapshot(me, r);
	park_wait(me);
	leave_park(core, me);
}

/* ---- Stopping ------------------------------------------------------------- */

static bool running_elsewhere(uint32_t i, uint32_t me)
{
	return i != me && in_guest[i] &&
	       !__atomic_load_n(&debugger.core[i].parked, __ATOMIC_ACQUIRE);
}

static void send_nmis(uint32_t me)
{
	apic_resync_mode();
	for (uint32_t i = 0; i < debugger.threads; i++) {
		if (!running_elsewhere(i, me))
			continue;
		debugger.core[i].nmi_owed = true;
		apic_send_ipi(cpu_table[i]->apic_id, APIC_ICR_NMI);
	}
}

/* Every other core that runs the guest parked (or given up on after STOP_TIMEOUT_US). */
static void stop_others(uint32_t me)
{
	uint64_t start = rdtsc(), sent = start;
	bool waiting = true;

	__atomic_store_n(&stop_pending, true, __ATOMIC_RELEASE);
	send_nmis(me);
	while (waiting && tsc_us_since(start) < STOP_TIMEOUT_US) {
		waiting = false;
		for (uint32_t i = 0; i < debugger.threads; i++)
			waiting |= running_elsewhere(i, me);
		if (waiting && tsc_us_since(sent) >= STOP_RESEND_US) {
			send_nmis(me);
			sent = rdtsc();
		}
		cpu_relax();
	}
	for (uint32_t i = 0; i < debugger.threads; i++)
		if (running_elsewhere(i, me))
			kprintf("gdb: cpu %u did not stop within %u ms\n", i,
				STOP_TIMEOUT_US / 1000);
}

static void feed(uint8_t byte)
{
	attached = true;
	gdb_stub_feed(&stub, byte);
}

/* The stub until GDB resumes (or leaves); first, the stop reply GDB waits for. */
static void run_stub(int pending)
{
	uint8_t byte;

	debugger.resumed = false;
	if (stub.running)
		gdb_stub_stopped(&stub);
	if (pending >= 0)
		feed((uint8_t)pending);
	while (!debugger.resumed) {
		if (uart_try_get(port, &byte))
			feed(byte);
		else
			cpu_relax();
	}
}

/* Every core GDB resumed has left its park before the next stop can happen. */
static void release(uint32_t me)
{
	uint64_t start = rdtsc();

	__atomic_store_n(&stop_pending, false, __ATOMIC_RELEASE);
	__atomic_store_n(&debugger.stopper, -1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&resume_generation, 1, __ATOMIC_ACQ_REL);
	for (uint32_t i = 0; i < debugger.threads; i++)
		while (i != me && debugger.core[i].action != GDB_RUN_STAY &&
		       __atomic_load_n(&debugger.core[i].parked, __ATOMIC_ACQUIRE) &&
		       tsc_us_since(start) < STOP_TIMEOUT_US)
			cpu_relax();
}

/*
 * This core stops the guest and serves GDB until it resumes (fatal: the
 * guest cannot go on; the caller ends it).  A core that finds another
 * stopping first is one of the stopped.
 */
static void stop_here(struct vmx_core *core, struct vmx_gprs *r, struct gdb_stop why, bool fatal,
		      int pending)
{
	uint32_t me = index_of(core);
	struct debugger_core *c = &debugger.core[me];
	int none = -1;

	snapshot(me, r);
	if (!__atomic_compare_exchange_n(&debugger.stopper, &none, (int)me, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		park_wait(me);
		leave_park(core, me);
		return;
	}
	why.thread = me + 1;
	debugger.stop = why;
	stop_others(me);
	c->parked = true;
	owner = (int)me;
	run_stub(pending);
	release(me);
	if (fatal)
		return;
	c->parked = false;
	if (c->action == GDB_RUN_STAY)
		park_wait(me);
	leave_park(core, me);
}

/* ---- Exits ---------------------------------------------------------------- */

/* Ctrl-C, or GDB coming back after it detached: either stops the guest. */
static void poll_port(struct vmx_core *core, struct vmx_gprs *r)
{
	uint8_t byte;

	while (uart_try_get(port, &byte)) {
		if (!stub.running) {
			stop_here(core, r, (struct gdb_stop){ GDB_STOP_SIGNAL, 0, GDB_SIGINT, 0 },
				  false, byte);
			return;
		}
		attached = true;
		if (gdb_stub_feed(&stub, byte) == GDB_STUB_INTERRUPT) {
			stop_here(core, r, (struct gdb_stop){ GDB_STOP_SIGNAL, 0, GDB_SIGINT, 0 },
				  false, -1);
			return;
		}
	}
}

/* At the end of every exit: another core's stop, or the port. */
static void after_exit(struct vmx_core *core, struct vmx_gprs *r)
{
	uint32_t me = index_of(core);

	if (__atomic_load_n(&stop_pending, __ATOMIC_ACQUIRE) && debugger.stopper != (int)me)
		park(core, r);
	else if ((int)me == owner)
		poll_port(core, r);
}

static bool wrapped_exit(struct vmx_core *core, struct vmx_gprs *r)
{
	if (!wrapped[core->exit_basic](core, r))
		return false;
	/* An AP in the wait-for-SIPI state takes no NMI: not stopped, not waited for. */
	in_guest[index_of(core)] = !vcpu_waits_for_sipi();
	after_exit(core, r);
	return true;
}

static bool debug_exception(struct vmx_core *core, struct vmx_gprs *r)
{
	uint64_t hits = vcpu_exit_qualification() & DB_QUAL_HITS;
	struct debugger_core *c = &debugger.core[index_of(core)];

	if (c->trap_flag_step && (vcpu_exit_qualification() & DB_QUAL_STEP)) {
		c->trap_flag_step = false;
		vcpu_read_debug_state(&c->state);
		c->state.rflags &= ~X86_RFLAGS_TF;
		vcpu_write_debug_state(&c->state);
		stop_here(core, r, (struct gdb_stop){ GDB_STOP_SIGNAL, 0, GDB_SIGTRAP, 0 }, false,
			  -1);
		return true;
	}
	for (unsigned i = 0; i < DEBUGGER_HW_SLOTS; i++) {
		const struct debugger_hw_slot *s = &debugger.hw[i];
		if (!(hits & (1ull << i)) || !s->used)
			continue;
		struct gdb_stop why = { GDB_STOP_HWBREAK, 0, GDB_SIGTRAP, s->addr };
		if (s->type == GDB_BP_WRITE)
			why.kind = GDB_STOP_WATCH;
		else if (s->type == GDB_BP_READ)
			why.kind = GDB_STOP_RWATCH;
		else if (s->type == GDB_BP_ACCESS)
			why.kind = GDB_STOP_AWATCH;
		else
			debugger.core[index_of(core)].resume_flag = true;
		stop_here(core, r, why, false, -1);
		return true;
	}
	vcpu_set_guest_dr6(vcpu_exit_qualification());
	vcpu_reflect_event();
	return true;
}

/* An exception in the bitmap or an NMI: GDB's, or the guest's own, delivered after all. */
static bool handle_event(struct vmx_core *core, struct vmx_gprs *r)
{
	struct debugger_core *c = &debugger.core[index_of(core)];
	struct vcpu_event e;

	vcpu_exit_event(&e);
	if (e.kind == VCPU_EVENT_NMI && __atomic_load_n(&stop_pending, __ATOMIC_ACQUIRE)) {
		vcpu_unblock_nmi_after_nmi_exit();
		park(core, r);
		return true;
	}
	if (e.kind == VCPU_EVENT_NMI && c->nmi_owed) {
		c->nmi_owed = false; /* a stop's NMI arriving late */
	} else if (e.kind == VCPU_EVENT_SOFTWARE_EXCEPTION && e.vector == X86_VEC_BP &&
		   debugger_sw_breakpoint_at(vcpu_instruction_address())) {
		/* RIP is at the INT3 (the exit came instead of its delivery), as GDB wants it. */
		stop_here(core, r, (struct gdb_stop){ GDB_STOP_SWBREAK, 0, GDB_SIGTRAP, 0 }, false,
			  -1);
		return true;
	} else if (e.kind == VCPU_EVENT_EXCEPTION && e.vector == X86_VEC_DB) {
		return debug_exception(core, r);
	} else {
		vcpu_reflect_event();
	}
	after_exit(core, r);
	return true;
}

/* The step's one instruction is done (26.5.2). */
static bool handle_step(struct vmx_core *core, struct vmx_gprs *r)
{
	vcpu_monitor_trap(core, false);
	stop_here(core, r, (struct gdb_stop){ GDB_STOP_SIGNAL, 0, GDB_SIGTRAP, 0 }, false, -1);
	return true;
}

/* The timer counts down again from the same value at the next entry (26.5.1). */
static bool handle_timer(struct vmx_core *core, struct vmx_gprs *r)
{
	after_exit(core, r);
	return true;
}

/* Host NMIs are the stops' (an NMI that met a core in VMX root operation): dropped. */
static bool nmi_in_host(void)
{
	return true;
}

/* Every handler the kind has ends with the debugger's look at the stop and the port. */
static void wrap_kind(struct vmx_guest_kind *kind)
{
	for (unsigned reason = 0; reason < VMX_EXIT_REASON_COUNT; reason++) {
		if (!kind->exits[reason])
			continue;
		wrapped[reason] = kind->exits[reason];
		kind->exits[reason] = wrapped_exit;
	}
	kind->exits[VMX_EXIT_EXCEPTION_OR_NMI] = handle_event;
	kind->exits[VMX_EXIT_MONITOR_TRAP_FLAG] = handle_step;
	kind->exits[VMX_EXIT_PREEMPTION_TIMER] = handle_timer;
}

bool debugger_start(struct vmx_guest_kind *kind, uint16_t p)
{
	if (!uart_init(p))
		return false;
	port = p;
	debugger.threads = cpu_count < GDB_MAX_THREADS ? cpu_count : GDB_MAX_THREADS;
	gdb_stub_init(&stub, &debugger_target, send, NULL);
	wrap_kind(kind);
	trap_nmi_hook = nmi_in_host;
	poll_ticks = tsc_hz / 1000000 * POLL_INTERVAL_US;
	return true;
}

void debugger_launching(struct vmx_core *core, struct vmx_gprs *regs, bool bsp)
{
	uint32_t me = index_of(core);

	if (!port || me >= debugger.threads)
		return;
	if (!vcpu_nmi_exiting(core, true))
		kprintf("gdb: cpu %u has no NMI exiting: it runs on when the others stop\n", me);
	in_guest[me] = !vcpu_waits_for_sipi();
	apply_controls(core, me);
	if (bsp)
		stop_here(core, regs, (struct gdb_stop){ GDB_STOP_SIGNAL, 0, GDB_SIGTRAP, 0 },
			  false, -1);
	else if (__atomic_load_n(&stop_pending, __ATOMIC_ACQUIRE))
		park(core, regs);
}

void debugger_fatal(struct vmx_core *core, struct vmx_gprs *regs)
{
	if (!port || !attached || index_of(core) >= debugger.threads)
		return;
	kprintf("gdb: cpu %u stopped the guest for GDB: signal %u\n", index_of(core), GDB_SIGSEGV);
	stop_here(core, regs, (struct gdb_stop){ GDB_STOP_SIGNAL, 0, GDB_SIGSEGV, 0 }, true, -1);
}

void debugger_ended(enum os_end how, uint32_t status)
{
	int none = -1;

	if (!port || !attached || !stub.running ||
	    !__atomic_compare_exchange_n(&debugger.stopper, &none, GDB_MAX_THREADS, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return;
	if (how == OS_TRIPLE_FAULT || how == OS_FAILED)
		debugger.stop = (struct gdb_stop){ GDB_STOP_KILLED, 0, GDB_SIGSEGV, 0 };
	else
		debugger.stop = (struct gdb_stop){ GDB_STOP_EXITED, 0,
						   how == OS_STATUS ? (uint8_t)status : 0, 0 };
	gdb_stub_stopped(&stub);
	uart_flush(port);
}
