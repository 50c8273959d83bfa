#include <stddef.h>
#include "lib/vmx/snapshot.h"
#include "lib/vmx/compare.h"
#include "include/x86/cpu_regs.h"

/*
 * Field 0 is CPUID.01H:ECX; fields 1.. are the snapshot's MSRs from
 * IA32_FEATURE_CONTROL to IA32_VMX_VMFUNC, named by lib/vmx/snapshot's table.
 */
_Static_assert(VMX_SNAP_VMFUNC - VMX_SNAP_FEATURE_CONTROL == VMX_COMPARED_FIELDS - 2,
	       "the compared MSRs are the snapshot's IA32_FEATURE_CONTROL..IA32_VMX_VMFUNC");

const char *vmx_compared_field_name(unsigned i)
{
	if (i >= VMX_COMPARED_FIELDS)
		return NULL;
	return i == 0 ? "CPUID.01H:ECX" : vmx_snap_name(VMX_SNAP_FEATURE_CONTROL + i - 1);
}

uint64_t vmx_compared_field_value(const struct vmx_msr_snapshot *s, unsigned i)
{
	/* OSXSAVE mirrors each core's own CR4.OSXSAVE, not a capability. */
	if (i == 0)
		return s->cpuid_01h_ecx & ~X86_CPUID_01H_ECX_OSXSAVE;
	return vmx_snap_get(s, VMX_SNAP_FEATURE_CONTROL + i - 1);
}

uint32_t vmx_caps_differences(const struct vmx_msr_snapshot *core,
			      const struct vmx_msr_snapshot *reference)
{
	uint32_t differ = 0;

	for (unsigned i = 0; i < VMX_COMPARED_FIELDS; i++)
		if (vmx_compared_field_value(core, i) != vmx_compared_field_value(reference, i))
			differ |= 1u << i;
	return differ;
}
