/*
 * Per-core state.  Each core's GS base points at its struct cpu, whose first
 * member points at itself, so this_cpu() is one load.
 */
#ifndef ARCH_X86_PERCPU_H
#define ARCH_X86_PERCPU_H

#include <stdint.h>
#include "arch/x86/desc.h"
#include "include/x86/msr.h"
#include "arch/x86/vmx/core.h"

enum cpu_state {
	CPU_ABSENT = 0, /* listed by ACPI, not started */
	CPU_STARTING,	/* INIT-SIPI-SIPI sent */
	CPU_ONLINE,	/* running kernel code */
	CPU_FAULTED,	/* took an exception and stopped */
	CPU_TIMED_OUT,	/* never answered */
};

struct trap_catch {
	uint64_t resume_rsp;
	uint64_t resume_rip;
	uint64_t vector;
	uint64_t error_code;
};

struct cpu {
	struct cpu *self;
	uint32_t index; /* position in the kernel's cpu table */
	uint32_t apic_id;
	volatile uint32_t state; /* enum cpu_state */
	const char *offline_reason;
	struct trap_catch *catch; /* set while a fault is expected */
	uint64_t stack_top;
	uint64_t guard_page; /* unmapped page under the stack, 0 if none */
	struct cpu_tables *tables;
	uint64_t online_tsc;	 /* when it reached ap_main */
	struct vmx_core vmx;	 /* this core's VMX state */
	uint32_t fatal_depth;	 /* fatal exceptions being reported */
	bool x2apic;		 /* its local APIC is in x2APIC mode (arch/x86/apic.c) */
	volatile bool in_os_run; /* in an OS guest's run: an NMI is the guest's (arch/x86/trap.c) */
};

static inline struct cpu *this_cpu(void)
{
	struct cpu *cpu;
	__asm__ volatile("movq %%gs:0, %0" : "=r"(cpu));
	return cpu;
}

void percpu_install(struct cpu *cpu);

/* Every processor the kernel knows about, the boot processor first. */
extern struct cpu *cpu_table[];
extern uint32_t cpu_count;

#endif
