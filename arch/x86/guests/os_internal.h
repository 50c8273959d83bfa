/* Shared by the files that run an OS guest (os.h). */
#ifndef ARCH_X86_GUESTS_OS_INTERNAL_H
#define ARCH_X86_GUESTS_OS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/guests/os.h"

/* One core's part in the run. */
struct os_vcpu {
	bool started;		  /* out of wait-for-SIPI (or the boot processor) */
	bool just_started;	  /* a SIPI started it and it has not exited since */
	bool init_ignored;	  /* the INIT blocked during the wait came, and was ignored */
	uint64_t return_rsp;	  /* where vmx_launch() was called */
	volatile bool launched;	  /* VMLAUNCH succeeded */
	volatile bool left;	  /* out of VMX operation again */
	volatile bool leaving;	  /* out of its guest for good, printing why (os_note_leaving) */
	volatile int sipi_vector; /* a SIPI the OS sent it (ICR watch), or -1 */
	const char *lost;	  /* why the OS could not have this core, or NULL */
	volatile bool given_up; /* the OS cannot start it: no unrestricted guest or wait-for-SIPI */
	/* Its exits up to its first exit after the start phase (os_phase.c); steady once taken. */
	bool steady;
	uint64_t boot_exits;
	uint32_t boot_counts[VMX_EXIT_REASON_COUNT];
};

extern struct os_config os_config;
struct os_vcpu *os_vcpu(uint32_t cpu_index);

/* The guest is over (first cause wins); the core leaves, the boot processor stops the rest. */
__attribute__((noreturn)) void os_end(struct vmx_core *core, enum os_end how);
/*
 * This core will not enter its guest again and is about to print why: the
 * boot processor waits for it longer than for a core it must stop.
 */
void os_note_leaving(struct vmx_core *core);
/* True once the run is ending: INIT and SIPI exits then mean "leave". */
bool os_ending(void);
/* A SIPI started one more processor for the OS. */
void os_count_start(void);
/* Records the status the guest wrote (OS_STATUS). */
void os_set_status(uint32_t status);

/*
 * A second INIT exit before the started processor ran an instruction: the
 * INIT stays pending after its exit (Bochs 2.7 does not clear it, unlike
 * the SDM's 26.2), so every entry would exit again.  The core leaves the
 * guest and waits in VMX root operation, where INIT is blocked.
 */
__attribute__((noreturn)) void os_init_stuck(struct vmx_core *core);

/*
 * ICR watch (os_sipi.c): the APIC page read-only in the EPT, and in x2APIC
 * mode a write of the ICR's MSR intercepted through msr_bitmap (the OS
 * guests' own, os_run.c).  os_unwatch_icr() gives the page back (no
 * INVEPT: the caller flushes, the other cores at their next exit); the
 * ICR's MSR stays intercepted, for the cpu-0 filter alone (os_sipi.c).
 */
bool os_watch_icr(uint64_t apic_base, uint8_t *msr_bitmap);
void os_unwatch_icr(void);
bool os_icr_watched(void);
/* For the report: "none" (never watched), "on" (still) or "off" (ended). */
const char *os_icr_watch_word(void);
/* The x2APIC ICR's MSR (Vol. 3A 11.12.1.2, table 11-6). */
#define X2APIC_ICR_MSR 0x830u
/* An EPT violation that is a write to the APIC page: emulated; false if it is not one. */
bool os_apic_write(struct vmx_core *core, struct vmx_gprs *r);
/*
 * The start phase (os_phase.c): begun by the boot processor before its
 * launch; checked by every core at each exit and by an AP at its launch,
 * in VMX root operation.  It ends once no AP the OS may start is left
 * unstarted, or start_phase_ms after the launch: then the watch ends.
 */
void os_phase_begin(void);
void os_phase_check(struct vmx_core *core);
/* For the report: how it ended ("running", "all-started", "deadline") and when (ms after launch). */
const char *os_phase_end_word(void);
uint64_t os_phase_end_ms(void);

/* Wakes an AP halted in VMX root operation while it waits (a fixed IPI). */
void os_wake(uint32_t apic_id);

#endif
