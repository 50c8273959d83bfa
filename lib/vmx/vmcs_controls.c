/* Control and CR values from a snapshot. */
#include "lib/vmx/vmcs_controls.h"

#include "include/x86/vmx_defs.h"
#include "lib/vmx/controls.h"
#include "lib/vmx/presence.h"
#include "lib/vmx/decode.h"

uint32_t vmx_ctl_adjust(uint64_t ctl_msr, uint32_t wanted)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return (wanted | c.allowed0) & c.allowed1;
}

uint32_t vmx_ctl_missing(uint64_t ctl_msr, uint32_t required)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return required & ~c.allowed1;
}

bool vmx_cr_allowed(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(fixed0, fixed1);

	return (value & m.must_be_1) == m.must_be_1 && (value & m.must_be_0) == 0;
}

static const enum vmx_snap_field ctl_sources[][2] = {
	[VMX_CTL_PINBASED] = { VMX_SNAP_PINBASED, VMX_SNAP_TRUE_PINBASED },
	[VMX_CTL_PROCBASED] = { VMX_SNAP_PROCBASED, VMX_SNAP_TRUE_PROCBASED },
	[VMX_CTL_EXIT] = { VMX_SNAP_EXIT, VMX_SNAP_TRUE_EXIT },
	[VMX_CTL_ENTRY] = { VMX_SNAP_ENTRY, VMX_SNAP_TRUE_ENTRY },
};

/*
 * Without "activate secondary controls" the secondary controls act as 0
 * (Vol. 3C 25.6.2), so report an MSR that allows nothing else.
 */
static bool secondary_ctl_msr(const struct vmx_msr_snapshot *s, uint64_t *ctl_msr)
{
	switch (vmx_secondary_ctls(s)) {
	case VMX_ABSENT: *ctl_msr = 0; return true;
	case VMX_PRESENT:
		if (!vmx_snapshot_has(s, VMX_SNAP_PROCBASED2))
			return false;
		*ctl_msr = s->procbased2;
		return true;
	default: return false;
	}
}

/*
 * The TRUE_ MSR, where present, is the complete answer (Vol. 3D A.2); the
 * original MSR is a safe fallback, as it only adds must-be-1 bits.
 */
bool vmx_snapshot_ctl(const struct vmx_msr_snapshot *s, enum vmx_ctl_field f, uint64_t *ctl_msr)
{
	enum vmx_snap_field legacy, truef;

	if (f == VMX_CTL_PROCBASED2)
		return secondary_ctl_msr(s, ctl_msr);
	if ((unsigned)f >= sizeof(ctl_sources) / sizeof(ctl_sources[0]))
		return false;
	legacy = ctl_sources[f][0];
	truef = ctl_sources[f][1];
	if (vmx_snapshot_has(s, truef) && vmx_snap_bit(s, VMX_SNAP_BASIC, 55) == VMX_PRESENT) {
		*ctl_msr = vmx_snap_get(s, truef);
		return true;
	}
	if (!vmx_snapshot_has(s, legacy))
		return false;
	*ctl_msr = vmx_snap_get(s, legacy);
	return true;
}

struct vmx_control_choice vmx_controls_choose(const struct vmx_msr_snapshot *s,
					      enum vmx_ctl_field f, uint32_t required,
					      uint32_t optional)
{
	struct vmx_control_choice c = { 0, required, false };
	union ia32_vmx_ctls msr;

	if (!vmx_snapshot_ctl(s, f, &msr.raw))
		return c;
	c.known = true;
	/* allowed0 bits must be 1; only allowed1 bits may be 1 (A.3). */
	c.value = msr.allowed0 | ((required | optional) & msr.allowed1);
	c.missing = required & ~msr.allowed1;
	return c;
}

const char *vmx_control_field_name(enum vmx_ctl_field f)
{
	switch (f) {
	case VMX_CTL_PINBASED: return "pin-based";
	case VMX_CTL_PROCBASED: return "primary processor-based";
	case VMX_CTL_PROCBASED2: return "secondary processor-based";
	case VMX_CTL_EXIT: return "VM-exit";
	case VMX_CTL_ENTRY: return "VM-entry";
	default: return "unknown";
	}
}

const char *vmx_control_name(enum vmx_ctl_field f, unsigned bit)
{
	return vmx_decode_control_name((unsigned)f, bit);
}
