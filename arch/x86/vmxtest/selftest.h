/* The kernel's own VMX self-tests, run on the boot processor by `vmx-selftest`. */
#ifndef ARCH_X86_VMXTEST_SELFTEST_H
#define ARCH_X86_VMXTEST_SELFTEST_H

#include <stdbool.h>
#include "arch/x86/percpu.h"

/* Prints PASS/FAIL/SKIP lines and a SUMMARY line; returns the failure count. */
unsigned vmx_selftest_run(struct cpu *cpu);

/* Counts shared by the self-test files; each call prints one line (selftest_report.c). */
struct vmx_selftest_counts {
	unsigned run, failed, skipped;
};

/* PASS when ok; otherwise FAIL with `got` (printf format) after the name. */
void selftest_check(struct vmx_selftest_counts *t, const char *name, bool ok, const char *got, ...)
	__attribute__((format(printf, 4, 5)));
void selftest_skip(struct vmx_selftest_counts *t, const char *name, const char *why);

/*
 * The VMCS self-tests on a small test guest (selftest_vmcs.c): VM-instruction
 * errors, failed VM entries, and what a guest gets back from the handlers.
 * Called in VMX root operation; leaves no VMCS current.
 */
void vmx_selftest_vmcs(struct vmx_core *core, struct vmx_selftest_counts *t);

#endif
