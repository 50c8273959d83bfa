/* Which VMX capability MSRs exist: the SDM's enumeration rules over a snapshot. */
#include "lib/vmx/presence.h"

#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"

static enum vmx_presence both(enum vmx_presence a, enum vmx_presence b)
{
	if (a == VMX_ABSENT || b == VMX_ABSENT)
		return VMX_ABSENT;
	return (a == VMX_PRESENT && b == VMX_PRESENT) ? VMX_PRESENT : VMX_UNDECIDED;
}

static enum vmx_presence either(enum vmx_presence a, enum vmx_presence b)
{
	if (a == VMX_PRESENT || b == VMX_PRESENT)
		return VMX_PRESENT;
	return (a == VMX_ABSENT && b == VMX_ABSENT) ? VMX_ABSENT : VMX_UNDECIDED;
}

enum vmx_presence vmx_snap_bit(const struct vmx_msr_snapshot *s, enum vmx_snap_field f,
			       unsigned bit)
{
	if (!vmx_snapshot_has(s, f))
		return VMX_UNDECIDED;
	return (vmx_snap_get(s, f) >> bit) & 1 ? VMX_PRESENT : VMX_ABSENT;
}

static enum vmx_presence cpuid_vmx(const struct vmx_msr_snapshot *s)
{
	return vmx_snap_bit(s, VMX_SNAP_CPUID_01H_ECX, 5);
}

/* Allowed-1 bits of a control MSR are its bits 63:32. */
static enum vmx_presence ctl_may_be_1(const struct vmx_msr_snapshot *s, enum vmx_snap_field f,
				      unsigned bit)
{
	return vmx_snap_bit(s, f, 32 + bit);
}

enum vmx_presence vmx_secondary_ctls(const struct vmx_msr_snapshot *s)
{
	return ctl_may_be_1(s, VMX_SNAP_PROCBASED, VMX_PROC_ACTIVATE_SECONDARY_CONTROLS);
}

static enum vmx_presence secondary_ctl(const struct vmx_msr_snapshot *s, unsigned bit)
{
	return both(vmx_secondary_ctls(s), ctl_may_be_1(s, VMX_SNAP_PROCBASED2, bit));
}

/* Vol. 4 Table 2-2 "IA-32 Architectural MSRs", column "Introduced as". */
enum vmx_presence vmx_msr_presence(const struct vmx_msr_snapshot *s, uint32_t msr)
{
	enum vmx_presence vmx = cpuid_vmx(s);

	switch (msr) {
	case MSR_IA32_FEATURE_CONTROL:
		/* Also exists for SGX and LMCE; VMX and SMX are what we ask. */
		return either(vmx, vmx_snap_bit(s, VMX_SNAP_CPUID_01H_ECX, 6));
	case MSR_IA32_VMX_BASIC ... MSR_IA32_VMX_VMCS_ENUM: return vmx;
	case MSR_IA32_VMX_PROCBASED_CTLS2: return both(vmx, vmx_secondary_ctls(s));
	case MSR_IA32_VMX_EPT_VPID_CAP:
		return both(vmx, either(secondary_ctl(s, VMX_PROC2_ENABLE_EPT),
					secondary_ctl(s, VMX_PROC2_ENABLE_VPID)));
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS ... MSR_IA32_VMX_TRUE_ENTRY_CTLS:
		return both(vmx, vmx_snap_bit(s, VMX_SNAP_BASIC, 55));
	case MSR_IA32_VMX_VMFUNC: return both(vmx, secondary_ctl(s, VMX_PROC2_ENABLE_VM_FUNCTIONS));
	case MSR_IA32_VMX_PROCBASED_CTLS3:
		return both(vmx, ctl_may_be_1(s, VMX_SNAP_PROCBASED,
					      VMX_PROC_ACTIVATE_TERTIARY_CONTROLS));
	default: return VMX_UNDECIDED; /* not an MSR this module knows */
	}
}

bool vmx_msr_exists(const struct vmx_msr_snapshot *s, uint32_t msr)
{
	return vmx_msr_presence(s, msr) == VMX_PRESENT;
}
