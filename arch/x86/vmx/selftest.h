/* The kernel's own VMX self-tests, run on the boot processor by `vmx-selftest`. */
#ifndef ARCH_X86_VMX_SELFTEST_H
#define ARCH_X86_VMX_SELFTEST_H

#include "arch/x86/vmx/vmx.h"

/* Prints PASS/FAIL/SKIP lines and a SUMMARY line; returns the failure count. */
unsigned vmx_selftest_run(struct cpu *cpu);

struct vmx_selftest_counts {
	unsigned run, failed, skipped;
};

/* The VMCS instructions' failures (selftest_vmcs.c), added to counts. */
void vmx_selftest_vmcs(struct vmx_core *core, struct vmx_selftest_counts *counts);

#endif
