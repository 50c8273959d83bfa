/* The allowed settings of VMX controls and control registers, and IA32_FEATURE_CONTROL. */
#include "lib/vmx/controls.h"

#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"

bool vmx_ctl_allowed1(uint64_t ctl_msr, unsigned bit)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return bit < 32 && (c.allowed1 >> bit) & 1;
}

bool vmx_ctl_must_be_1(uint64_t ctl_msr, unsigned bit)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return bit < 32 && (c.allowed0 >> bit) & 1;
}

struct vmx_cr_fixed vmx_cr_fixed_masks(uint64_t fixed0, uint64_t fixed1)
{
	struct vmx_cr_fixed m = { .must_be_1 = fixed0, .must_be_0 = ~fixed1 };

	return m;
}

uint64_t vmx_adjust_cr(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value | fixed0) & fixed1;
}

/*
 * An unlocked MSR keeps whatever firmware already set (SGX, LMCE, SENTER
 * enables): those bits were writable, and dropping them would undo the
 * platform's choices.  The inside-SMX enable is set only with SMX, since
 * setting it without SMX support raises #GP.
 */
enum fc_action vmx_feature_control_plan(uint64_t fc, bool cpu_has_smx, uint64_t *new_value)
{
	union ia32_feature_control cur = { .raw = fc };
	uint64_t next = fc;
	enum fc_action action;

	if (cur.lock) {
		action = cur.vmx_outside_smx ? FC_READY : FC_LOCKED_OFF;
	} else {
		next |= IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX;
		if (cpu_has_smx)
			next |= IA32_FEATURE_CONTROL_VMX_INSIDE_SMX;
		action = FC_WRITE;
	}
	if (new_value)
		*new_value = next;
	return action;
}
