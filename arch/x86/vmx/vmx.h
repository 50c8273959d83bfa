/*
 * Entering VMX operation on every core (Intel SDM Vol. 3C section 24.7,
 * "Enabling and Entering VMX Operation", and 24.11 "VMXON Region").
 *
 * One struct vmm holds the processor count and a table of per-core
 * contexts; each struct vmx_core holds that core's stack, VMXON region,
 * VMCS region (allocated now, used once guests are launched) and results.
 */
#ifndef ARCH_X86_VMX_VMX_H
#define ARCH_X86_VMX_VMX_H

#include <stdbool.h>
#include <stdint.h>
#include "include/config.h"
#include "arch/x86/percpu.h"
#include "lib/vmx/caps.h"

/* How an attempt at a VMX instruction ended. */
enum vmx_outcome {
	VMX_OUTCOME_NOT_TRIED,
	VMX_OUTCOME_SUCCESS,
	VMX_OUTCOME_FAIL_INVALID, /* CF=1 */
	VMX_OUTCOME_FAIL_VALID,	  /* ZF=1 */
	VMX_OUTCOME_UD,
	VMX_OUTCOME_GP,
	VMX_OUTCOME_OTHER_FAULT,
};

struct vmx_core {
	struct cpu *cpu;
	uint64_t stack_top;
	struct vmx_msr_snapshot caps;
	struct vmx_assessment assessment;
	bool feature_control_written; /* we enabled and locked it */
	uint64_t vmxon_phys;	      /* 0 until allocated */
	uint64_t vmcs_phys;
	uint64_t cr0_before, cr4_before;
	enum vmx_outcome vmxon;
	enum vmx_outcome vmxoff;
	bool vmxe_cleared;     /* CR4.VMXE clear again after VMXOFF */
	const char *cause;     /* token for a failure after the check */
	bool caps_differ;      /* capability MSRs differ from cpu 0's */
	volatile bool checked; /* results final up to VMXON */
	volatile bool left;    /* VMXOFF done (or not needed) */
};

struct vmm {
	uint32_t cpu_count;
	struct vmx_core *cores[CONFIG_MAX_CPUS];
	volatile bool leave; /* every core: time to VMXOFF */
};

extern struct vmm vmm;

/* Set up the VMM context for the cores in the cpu table. */
bool vmm_init(void);
/* The check and VMXON on the calling core (the APs' work). */
void vmx_core_enter(struct cpu *cpu);
/* Boot processor: wait for every core's result, compare, then all leave. */
void vmm_finish(uint64_t timeout_us);
/* Online cores that reached VMX root operation (0 before vmm_init). */
uint32_t vmm_count_vmxon(void);
/* What a person can do about a cause token, the kernel's own ones included. */
const char *vmx_problem_advice(const char *cause);

/*
 * Test-only: every core reads IA32_FEATURE_CONTROL as locked with VMX off,
 * as firmware that disables VT-x leaves it, to exercise that path end to end.
 */
extern bool vmx_test_locked_off;

const char *vmx_outcome_name(enum vmx_outcome o);
/* Try VMXON / VMXOFF, telling every outcome apart, faults included. */
enum vmx_outcome vmx_try_vmxon(uint64_t region_phys);
enum vmx_outcome vmx_try_vmxoff(void);
/* Collect this core's capability snapshot (safe RDMSR). */
void vmx_read_caps(struct vmx_msr_snapshot *s);

#endif
