/* Shared by debugger.c and debugger_target.c (debugger.h). */
#ifndef ARCH_X86_GUESTS_DEBUGGER_INTERNAL_H
#define ARCH_X86_GUESTS_DEBUGGER_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/vmx/vcpu.h"
#include "lib/gdb/target.h"

#define DEBUGGER_SW_BREAKPOINTS 32
#define DEBUGGER_HW_SLOTS	4 /* DR0-DR3 */

/* One core as GDB's thread (cpu index + 1). */
struct debugger_core {
	volatile bool parked;  /* waits in its exit handler; state below is current */
	bool seen;	       /* state below was taken at least once */
	struct vmx_gprs *gprs; /* the exit path's saved registers; NULL: none */
	struct vcpu_debug_state state;
	bool dirty; /* GDB wrote registers: written back on resume */
	volatile enum gdb_run action;
	volatile bool nmi_owed; /* an NMI sent to stop it may still arrive */
	bool resume_flag;	/* RFLAGS.RF on resume: past a debug-register breakpoint */
	uint64_t guest_dr7;	/* the guest's own DR7 while GDB's replace it */
	bool dr7_replaced;
	bool trap_flag_step; /* a step by RFLAGS.TF, where there is no monitor trap flag */
};

struct debugger_sw_breakpoint {
	bool used;
	uint64_t addr; /* linear */
	uint8_t saved; /* the byte INT3 replaced */
};

struct debugger_hw_slot {
	bool used;
	enum gdb_bp type;
	uint64_t addr, len;
};

struct debugger {
	uint32_t threads;
	struct debugger_core core[GDB_MAX_THREADS];
	struct debugger_sw_breakpoint sw[DEBUGGER_SW_BREAKPOINTS];
	struct debugger_hw_slot hw[DEBUGGER_HW_SLOTS];
	volatile int stopper;	/* the core running the stub, or -1 */
	struct gdb_stop stop;	/* why the guest stopped last */
	volatile bool resumed;	/* GDB resumed: the stub loop ends */
	volatile bool detached; /* GDB left: breakpoints gone, the guest runs on */
	volatile bool killed;	/* `k` */
};

extern struct debugger debugger;

/* lib/gdb/target.h over struct debugger (debugger_target.c). */
extern const struct gdb_target debugger_target;
/* Any breakpoint of the kind: the exception bitmap wants #BP or #DB. */
bool debugger_sw_breakpoint_at(uint64_t linear);
unsigned debugger_sw_count(void);
unsigned debugger_hw_count(void);
/* DR7 for the slots in use (Vol. 3B 18.2.4), and which slot's address a DR6 bit names. */
uint64_t debugger_hw_dr7(void);
/* Removes every breakpoint (GDB left). */
void debugger_clear_breakpoints(void);

#endif
