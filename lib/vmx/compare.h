/*
 * Comparing one core's VMX capabilities with the boot processor's: cores
 * that differ cannot share one VMM configuration (SDM Vol. 3C 24.6 says
 * software should check every logical processor).
 */
#ifndef LIB_VMX_COMPARE_H
#define LIB_VMX_COMPARE_H

#include <stdint.h>
#include "lib/vmx/caps.h"

/* The compared fields: CPUID.01H:ECX, then the MSRs feature_control .. vmfunc. */
#define VMX_COMPARED_FIELDS 20

/* Bit i set if field i differs (OSXSAVE, which mirrors each core's CR4, ignored). */
uint32_t vmx_caps_differences(const struct vmx_msr_snapshot *core,
			      const struct vmx_msr_snapshot *reference);

/* "CPUID.01H:ECX", "IA32_FEATURE_CONTROL", ... for field i; NULL past the end. */
const char *vmx_compared_field_name(unsigned i);
/* Field i's value in s. */
uint64_t vmx_compared_field_value(const struct vmx_msr_snapshot *s, unsigned i);

#endif
