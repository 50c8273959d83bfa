/*
 * The verdict on a snapshot: CPUID, then IA32_VMX_BASIC and
 * IA32_FEATURE_CONTROL, each giving a reason when it rules VMX out.
 */
#include "lib/vmx/assess.h"

#include <string.h>

#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"

const char *vmx_verdict_name(enum vmx_verdict verdict)
{
	switch (verdict) {
	case VMX_OK: return "ok";
	case VMX_UNSUPPORTED: return "unsupported";
	case VMX_DISABLED_BY_FIRMWARE: return "disabled-by-firmware";
	case VMX_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}

static bool vendor_is(const struct vmx_msr_snapshot *s, const char *vendor)
{
	return vmx_snapshot_has(s, VMX_SNAP_CPUID_VENDOR) && strcmp(s->cpuid_vendor, vendor) == 0;
}

static enum vmx_verdict judge_cpuid(const struct vmx_msr_snapshot *s, enum vmx_cause *reason)
{
	if (!vmx_snapshot_has(s, VMX_SNAP_CPUID_01H_ECX)) {
		*reason = VMX_CAUSE_NO_CPUID_DATA;
		return VMX_UNKNOWN;
	}
	if (s->cpuid_01h_ecx & X86_CPUID_01H_ECX_VMX)
		return VMX_OK;
	if (vendor_is(s, "AuthenticAMD"))
		*reason = VMX_CAUSE_AMD_SVM_NOT_SUPPORTED;
	else if (s->cpuid_01h_ecx & X86_CPUID_01H_ECX_HYPERVISOR)
		*reason = VMX_CAUSE_NO_VMX_CPUID_HYPERVISOR;
	else
		*reason = VMX_CAUSE_NO_VMX_CPUID;
	return VMX_UNSUPPORTED;
}

/* Unlocked is fine: the kernel enables VMX and locks it (vmx_feature_control_plan()). */
static enum vmx_verdict judge_feature_control(const struct vmx_msr_snapshot *s,
					      enum vmx_cause *reason)
{
	union ia32_feature_control fc = { .raw = s->feature_control };

	if (!vmx_snapshot_has(s, VMX_SNAP_FEATURE_CONTROL)) {
		*reason = VMX_CAUSE_NO_FEATURE_CONTROL_DATA;
		return VMX_UNKNOWN;
	}
	if (!fc.lock || fc.vmx_outside_smx)
		return VMX_OK;
	*reason = fc.vmx_inside_smx ? VMX_CAUSE_FEATURE_CONTROL_SMX_ONLY
				    : VMX_CAUSE_FEATURE_CONTROL_LOCKED_OFF;
	return VMX_DISABLED_BY_FIRMWARE;
}

/* Vol. 3D A.1: bit 31 is 0, 0 < size <= 4096, and the type is WB. */
static enum vmx_verdict judge_basic(const struct vmx_msr_snapshot *s, enum vmx_cause *reason)
{
	union ia32_vmx_basic b = { .raw = s->basic };

	if (!vmx_snapshot_has(s, VMX_SNAP_BASIC)) {
		*reason = VMX_CAUSE_NO_VMX_BASIC_DATA;
		return VMX_UNKNOWN;
	}
	if (b.bit31_zero)
		*reason = VMX_CAUSE_BASIC_BIT31_SET;
	else if (b.region_size == 0 || b.region_size > VMX_REGION_SIZE_MAX)
		*reason = VMX_CAUSE_REGION_SIZE_INVALID;
	else if (b.memory_type != VMX_MEMTYPE_WB)
		*reason = VMX_CAUSE_MEMTYPE_NOT_WB;
	else
		return VMX_OK;
	return VMX_UNUSABLE;
}

/*
 * A conclusive answer wins over a missing value: an unusable BASIC stays
 * unusable whatever IA32_FEATURE_CONTROL says, and a firmware lock stays
 * a lock whatever BASIC would say.
 */
static enum vmx_verdict judge(const struct vmx_msr_snapshot *s, enum vmx_cause *reason)
{
	enum vmx_cause basic_reason = VMX_CAUSE_NONE, fc_reason = VMX_CAUSE_NONE;
	enum vmx_verdict basic, fc, v = judge_cpuid(s, reason);

	if (v != VMX_OK)
		return v;
	basic = judge_basic(s, &basic_reason);
	fc = judge_feature_control(s, &fc_reason);
	if (basic == VMX_UNUSABLE || (basic != VMX_OK && fc == VMX_OK)) {
		*reason = basic_reason;
		return basic;
	}
	if (fc != VMX_OK) {
		*reason = fc_reason;
		return fc;
	}
	*reason = VMX_CAUSE_VMX_USABLE;
	return VMX_OK;
}

uint8_t vmx_phys_addr_bits(const struct vmx_msr_snapshot *s)
{
	if (!vmx_snapshot_has(s, VMX_SNAP_CPUID_80000008H_EAX))
		return 0;
	if (vmx_snapshot_has(s, VMX_SNAP_CPUID_MAX_EXT_LEAF) && s->cpuid_max_ext_leaf < 0x80000008u)
		return 0;
	return (uint8_t)(s->cpuid_80000008h_eax & 0xff);
}

void vmx_assess(const struct vmx_msr_snapshot *s, struct vmx_assessment *out)
{
	union ia32_vmx_basic b = { .raw = s->basic };

	memset(out, 0, sizeof(*out));
	out->verdict = judge(s, &out->reason);
	out->phys_addr_bits = vmx_phys_addr_bits(s);
	if (!vmx_snapshot_has(s, VMX_SNAP_BASIC))
		return;
	out->revision = b.revision;
	out->region_size = b.region_size;
	out->addr32 = b.addr32;
	out->true_ctls = b.true_ctls;
}
