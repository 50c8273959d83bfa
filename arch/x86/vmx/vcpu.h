/*
 * The guest's processor during a VM exit, as exit handlers and guest kinds
 * see it: registers by number, the instruction pointer, events to inject,
 * the privilege level, the exit's information, the processor's activity.
 * Guest kinds (arch/x86/guests/) reach the virtualization hardware only
 * through these, kind.h and vmcs_build.h, never through VMCS field names
 * (tools/check-layers.sh checks it), so a second backend (AMD-V: a VMCB)
 * would implement this header rather than change the kinds.
 */
#ifndef ARCH_X86_VMX_VCPU_H
#define ARCH_X86_VMX_VCPU_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/guest_walk.h"

struct vmx_core;
struct vmx_guest;
struct vmx_gprs;

/* A general-purpose register by its number (Table 28-3); RSP lives in the VMCS. */
uint64_t vcpu_read_gpr(struct vmx_gprs *r, unsigned index);
void vcpu_write_gpr(struct vmx_gprs *r, unsigned index, uint64_t value);

/*
 * Past the instruction that exited, by the length the processor reported.
 * Only exits caused by an instruction have one (SDM Vol. 3C 28.2.5); for
 * any other (an EPT violation, INIT, SIPI...) the field is undefined, so
 * this refuses: false, RIP unchanged.
 */
bool vcpu_skip_instruction(const struct vmx_core *core);
/* Past an instruction the hypervisor decoded itself, length bytes long. */
void vcpu_advance_rip(uint64_t length);
uint64_t vcpu_rip(void);
uint64_t vcpu_rsp(void);

/* A hardware exception at the instruction that exited (a fault: RIP unchanged). */
void vcpu_inject_exception(uint32_t vector, bool error_code);
/* The guest's privilege level: SS.DPL (25.4.1). */
unsigned vcpu_cpl(void);

/* The exit's qualification; the guest-physical address of an EPT violation. */
uint64_t vcpu_exit_qualification(void);
uint64_t vcpu_guest_physical(void);

/* What the guest's paging is now: CR0, CR3, CR4, EFER (for lib/guest_walk.h). */
void vcpu_paging(struct guest_walk_cpu *cpu);
/* The linear address of the instruction the guest is at: CS.base + RIP (RIP alone in 64-bit code). */
uint64_t vcpu_instruction_address(void);
/* The guest runs 64-bit code (IA-32e mode, CS.L). */
bool vcpu_in_64bit_code(void);

/* Drops translations tagged with the guest's VPID (after its CR3 or CR4 changed, or it ended). */
void vcpu_flush_tlb(const struct vmx_guest *g);

/* The processor waits for a SIPI, as after INIT (26.2 / 27.7). */
void vcpu_wait_for_sipi(void);
/* It is in that state now. */
bool vcpu_waits_for_sipi(void);
/* The processor starts in real mode at the SIPI vector's page (Vol. 3A 9.4.4.1). */
void vcpu_start_at_sipi(const struct vmx_guest *g, uint8_t vector);
/* The guest's registers' blocking by SMI is cleared (see vcpu.c). */
void vcpu_clear_smi_blocking(void);

/* ---- For a debugger of the guest (arch/x86/guests/debugger.c) ---------- */

/* What a debugger shows of the guest's processor beyond its GPRs. */
struct vcpu_debug_state {
	uint64_t rip, rsp, rflags;
	uint16_t selector[6]; /* ES, CS, SS, DS, FS, GS */
	uint64_t fs_base, gs_base;
	uint64_t cr0, cr2, cr3, cr4, efer; /* CR0 and CR4 as the guest reads them */
};

void vcpu_read_debug_state(struct vcpu_debug_state *s);
/*
 * Writes back what a debugger may change without breaking VM entry: RIP,
 * RSP, RFLAGS; a halted core whose RIP changed is made active.
 */
void vcpu_write_debug_state(const struct vcpu_debug_state *s);

/* After an exit caused by a debugger's stop NMI: the host's and guest's NMIs unblocked (see vcpu.c). */
void vcpu_unblock_nmi_after_nmi_exit(void);
/* The exception or NMI an exit reports (28.2.2), if any. */
enum vcpu_event_kind {
	VCPU_EVENT_NONE,
	VCPU_EVENT_NMI,
	VCPU_EVENT_EXCEPTION,	       /* a hardware exception: a fault or a trap */
	VCPU_EVENT_SOFTWARE_EXCEPTION, /* INT3 or INTO */
};

struct vcpu_event {
	enum vcpu_event_kind kind;
	uint8_t vector;
};

void vcpu_exit_event(struct vcpu_event *e);
/* The exit's exception or NMI delivered to the guest after all, as it would have been. */
void vcpu_reflect_event(void);
/* The exit qualification of a #DB exit into the guest's DR6, as delivery would have (28.2.1). */
void vcpu_set_guest_dr6(uint64_t qualification);

/* The exceptions that exit (the exception bitmap, 25.6.3). */
void vcpu_intercept_exceptions(uint32_t bitmap);
/* These return false, nothing changed, where the core's capability MSRs refuse the control. */
bool vcpu_nmi_exiting(const struct vmx_core *core, bool on);
bool vcpu_monitor_trap(const struct vmx_core *core, bool on);
/* The VMX-preemption timer (26.5.1): an exit after about tsc_ticks; 0 turns it off. */
bool vcpu_preemption_timer(const struct vmx_core *core, uint64_t tsc_ticks);
/* No interrupt before the next instruction completes: blocking by STI where RFLAGS.IF is set. */
void vcpu_hold_interrupts_once(void);
/* The guest's DR7 (VMX switches it; DR0-DR3 and DR6 it leaves to the hypervisor, 27.3.2.1). */
uint64_t vcpu_dr7(void);
void vcpu_set_dr7(uint64_t dr7);

#endif
