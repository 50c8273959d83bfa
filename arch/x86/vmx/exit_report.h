/* What the console says about a VM exit nobody expected: one line by name, then the VMCS. */
#ifndef ARCH_X86_VMX_EXIT_REPORT_H
#define ARCH_X86_VMX_EXIT_REPORT_H

#include <stdint.h>

/* The reason by name, the guest's RIP and what the qualification says. */
void vmx_report_exit(uint32_t cpu, uint32_t reason, uint64_t rip);
/* Every field of the current VMCS the dump lists (lib/vmx/names.c). */
void vmx_dump_vmcs(uint32_t cpu);
/* Both, for the exit being handled. */
void vmx_report_current_exit(uint32_t cpu, uint32_t reason);

#endif
