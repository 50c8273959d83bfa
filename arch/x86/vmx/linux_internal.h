/* Shared by the files that run the Linux guest (arch/x86/vmx/linux.h). */
#ifndef ARCH_X86_VMX_LINUX_INTERNAL_H
#define ARCH_X86_VMX_LINUX_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/linux.h"

extern struct vmx_linux_config vmx_linux_config;

/* The I/O bitmaps A and B, two pages (25.6.4). */
uint64_t vmx_linux_io_bitmap_phys(void);

/* The processor can be an AP of Linux: unrestricted guest and wait-for-SIPI. */
bool vmx_linux_ap_capable(const struct vmx_core *core);

/* VMCLEAR, VMPTRLD and fill the current core's VMCS: the 64-bit entry, or an AP (entry NULL). */
bool vmx_linux_load_vmcs(struct vmx_core *core, const struct linux_entry_state *entry);

/* The current VMCS's guest: a processor just started by a SIPI with this vector. */
void vmx_linux_put_real_mode_state(uint8_t vector);

/* The exits only a Linux guest has; true if handled (resume), false for the common ones. */
bool vmx_linux_exit(struct vmx_core *core, struct vmx_gprs *r, uint32_t basic);

/* The guest is over (first cause wins); the core leaves, the boot processor stops the rest. */
__attribute__((noreturn)) void vmx_linux_end(struct vmx_core *core, enum vmx_linux_end how);

/* An exit or a failed VM entry nobody handles: reported by name, then the end. */
__attribute__((noreturn)) void vmx_linux_unexpected(struct vmx_core *core, uint32_t reason);

/* A SIPI started one more processor for Linux. */
void vmx_linux_count_start(void);

/*
 * A second INIT exit before the started processor ran an instruction: the
 * INIT stays pending after its exit (Bochs 2.7 does not clear it, unlike
 * the SDM's 26.2), so every entry would exit again.  The core leaves
 * Linux's guest and waits in VMX root operation, where INIT is blocked.
 */
__attribute__((noreturn)) void vmx_linux_init_stuck(struct vmx_core *core);

/* ICR watch (linux_sipi.c): the APIC page read-only in the EPT. */
bool vmx_linux_watch_icr(uint64_t apic_base);
/* An EPT violation that is a write to the APIC page: emulated; false if it is not one. */
bool vmx_linux_apic_write(struct vmx_core *core, struct vmx_gprs *r);

/* Wakes an AP halted in VMX root operation while it waits (a fixed IPI). */
void vmx_linux_wake(uint32_t apic_id);

/* True once the run is ending: INIT and SIPI exits then mean "leave". */
bool vmx_linux_ending(void);

/* linux_launch.asm: VMLAUNCH with RSI = rsi; 1 VMfailInvalid, 2 VMfailValid, 0 after the end. */
int vmx_linux_launch(uint64_t *return_rsp, uint64_t rsi);
__attribute__((noreturn)) void vmx_linux_return(uint64_t return_rsp);

/* exit.c: one line naming an exit and its qualification, and the VMCS dump. */
void vmx_report_exit(uint32_t cpu, uint32_t reason, uint64_t rip);
void vmx_dump_vmcs(uint32_t cpu);

#endif
