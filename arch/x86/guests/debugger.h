/*
 * GDB attached to an OS guest from outside (docs/gdb.md): the remote stub
 * of lib/gdb/ on a serial port the guest never sees (gdb=com2 on the
 * hypervisor's command line), the guest's cores as GDB's threads, all
 * stopped together.  A core stops at a breakpoint (#BP and #DB through the
 * exception bitmap), after a step (the monitor trap flag), on GDB's Ctrl-C
 * (the port polled at its exits and by the VMX-preemption timer) or when
 * the guest triple-faults; it brings the others to a stop with an NMI,
 * which exits ("NMI exiting", Intel SDM Vol. 3C 25.6.1), and runs the stub
 * until GDB resumes the guest.  Everything here is off, and no exit is
 * added, unless the stub is on.
 *
 * Files: debugger.c (stopping and resuming the cores, the exits),
 * debugger_target.c (lib/gdb/target.h over the stopped cores: registers,
 * memory, breakpoints).
 */
#ifndef ARCH_X86_GUESTS_DEBUGGER_H
#define ARCH_X86_GUESTS_DEBUGGER_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/guests/os.h"

/* The UART's eight ports from its base (a 16550's registers). */
#define DEBUGGER_PORT_COUNT 8

/*
 * Boot processor, after os_prepare and before the run: the stub on the
 * UART at port for the kind's guest (its exit table gains the debugger's
 * handlers).  False, nothing changed, if no UART answers there.
 */
bool debugger_start(struct vmx_guest_kind *kind, uint16_t port);
bool debugger_on(void);
/* The guest's access to port is the stub's: dropped. */
bool debugger_hides_port(uint16_t port);

/*
 * Just before a core's VMLAUNCH (its VMCS current): the debugger's
 * controls; the boot processor then waits for GDB, stopped before the
 * guest's first instruction.  regs: what VMLAUNCH loads (NULL: none to show).
 */
void debugger_launching(struct vmx_core *core, struct vmx_gprs *regs, bool bsp);

/*
 * The guest cannot go on (triple fault, an exit nobody handles): GDB, if
 * attached, sees it stopped by SIGSEGV and may look before the run ends.
 * regs: NULL if not at hand.
 */
void debugger_fatal(struct vmx_core *core, struct vmx_gprs *regs);
/* The guest is over: GDB, if it waits for a stop, learns it exited. */
void debugger_ended(enum os_end how, uint32_t status);

#endif
