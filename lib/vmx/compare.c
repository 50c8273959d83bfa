#include <stddef.h>
#include "lib/vmx/compare.h"
#include "include/x86/cpu_regs.h"

static const char *const field_names[VMX_COMPARED_FIELDS] = {
	"CPUID.01H:ECX",
	"IA32_FEATURE_CONTROL",
	"IA32_VMX_BASIC",
	"IA32_VMX_PINBASED_CTLS",
	"IA32_VMX_PROCBASED_CTLS",
	"IA32_VMX_EXIT_CTLS",
	"IA32_VMX_ENTRY_CTLS",
	"IA32_VMX_MISC",
	"IA32_VMX_CR0_FIXED0",
	"IA32_VMX_CR0_FIXED1",
	"IA32_VMX_CR4_FIXED0",
	"IA32_VMX_CR4_FIXED1",
	"IA32_VMX_VMCS_ENUM",
	"IA32_VMX_PROCBASED_CTLS2",
	"IA32_VMX_EPT_VPID_CAP",
	"IA32_VMX_TRUE_PINBASED_CTLS",
	"IA32_VMX_TRUE_PROCBASED_CTLS",
	"IA32_VMX_TRUE_EXIT_CTLS",
	"IA32_VMX_TRUE_ENTRY_CTLS",
	"IA32_VMX_VMFUNC",
};

_Static_assert(offsetof(struct vmx_msr_snapshot, vmfunc) -
			       offsetof(struct vmx_msr_snapshot, feature_control) ==
		       (VMX_COMPARED_FIELDS - 2) * sizeof(uint64_t),
	       "field_names follows struct vmx_msr_snapshot");

const char *vmx_compared_field_name(unsigned i)
{
	return i < VMX_COMPARED_FIELDS ? field_names[i] : NULL;
}

uint64_t vmx_compared_field_value(const struct vmx_msr_snapshot *s, unsigned i)
{
	/* OSXSAVE mirrors each core's own CR4.OSXSAVE, not a capability. */
	if (i == 0)
		return s->cpuid_01h_ecx & ~X86_CPUID_01H_ECX_OSXSAVE;
	return (&s->feature_control)[i - 1]; /* feature_control .. vmfunc are consecutive */
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
