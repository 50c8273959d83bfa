/*
 * Entering VMX operation on every core (Intel SDM Vol. 3C section 24.7,
 * "Enabling and Entering VMX Operation", and 24.11 "VMXON Region").
 *
 * Each core's VMX state is part of its struct cpu (arch/x86/vmx/core.h);
 * struct vmm holds what the cores share.
 */
#ifndef ARCH_X86_VMX_VMX_H
#define ARCH_X86_VMX_VMX_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/percpu.h"
#include "lib/vmx/caps.h"

struct vmm {
	volatile bool leave; /* every core: time to VMXOFF */
};

extern struct vmm vmm;

/* The check and VMXON on the calling core (the APs' work). */
void vmx_core_enter(struct cpu *cpu);
/* Boot processor: wait for every core's result, compare, then all leave. */
void vmm_finish(uint64_t timeout_us);
/* Leave VMX operation (unless the core stays a guest) and say so. */
void vmx_core_leave(struct vmx_core *core);
/*
 * After the first round (VMXON, guest, VMXOFF): into VMX root operation
 * again with the same region, and out again.  False if the first round
 * did not get that far or the instruction failed.
 */
bool vmx_core_reenter(struct vmx_core *core);
bool vmx_core_reexit(struct vmx_core *core);

/* Online cores that reached VMX root operation. */
uint32_t vmm_count_vmxon(void);

const char *vmx_outcome_name(enum vmx_outcome o);
/* Try VMXON / VMXOFF, telling every outcome apart, faults included. */
enum vmx_outcome vmx_try_vmxon(uint64_t region_phys);
enum vmx_outcome vmx_try_vmxoff(void);
/* Collect this core's capability snapshot (safe RDMSR). */
void vmx_read_caps(struct vmx_msr_snapshot *s);

#endif
