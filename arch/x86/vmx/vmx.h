/*
 * Entering VMX operation on every core (Intel SDM Vol. 3C section 24.7,
 * "Enabling and Entering VMX Operation", and 24.11 "VMXON Region"): the
 * support check, VMXON and VMXOFF, with nothing about guests; the guest
 * kinds (arch/x86/guests/) build on it.
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

/* The check and VMXON on the calling core. */
void vmx_core_enter(struct vmx_core *core);
/* VMXOFF and CR4.VMXE clear again, unless the core stays a guest; sets `left`. */
void vmx_core_leave(struct vmx_core *core, bool stays_guest);
/*
 * After the first round (VMXON, guest, VMXOFF): into VMX root operation
 * again with the same region, and out again.  False if the first round
 * did not get that far or the instruction failed.
 */
bool vmx_core_reenter(struct vmx_core *core);
bool vmx_core_reexit(struct vmx_core *core);

/* Online cores that reached VMX root operation. */
uint32_t vmm_count_vmxon(void);
/* Every checked core's capabilities against cpu 0's, and IA32_FEATURE_CONTROL writes, reported. */
void vmx_compare_cores(void);
/* The core runs (it did not fault or time out). */
bool vmx_core_running(const struct cpu *cpu);
/* True once *flag is set; false on time-out or if the core stopped (faulted). */
bool vmx_wait_flag(const struct cpu *cpu, volatile bool *flag, uint64_t start, uint64_t timeout_us);

const char *vmx_outcome_name(enum vmx_outcome o);
/* Try VMXON / VMXOFF, telling every outcome apart, faults included. */
enum vmx_outcome vmx_try_vmxon(uint64_t region_phys);
enum vmx_outcome vmx_try_vmxoff(void);
/* Collect this core's capability snapshot (safe RDMSR). */
void vmx_read_caps(struct vmx_msr_snapshot *s);

#endif
