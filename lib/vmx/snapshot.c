/*
 * The capability snapshot: where each field lives and its SDM name (its
 * collection through the probe callbacks: collect.c).
 */
#include "lib/vmx/snapshot.h"

#include <string.h>

#include "include/x86/msr.h"

struct snap_desc {
	const char *name;
	uint32_t msr;
	uint16_t offset;
	uint8_t size; /* bytes; 0 for the vendor string */
};

#define SNAP(field, name, msr, member)                                    \
	[field] = { name, msr, offsetof(struct vmx_msr_snapshot, member), \
		    sizeof(((struct vmx_msr_snapshot *)0)->member) }

static const struct snap_desc snap_descs[VMX_SNAP_NR_FIELDS] = {
	[VMX_SNAP_CPUID_VENDOR] = { "CPUID_VENDOR", 0,
				    offsetof(struct vmx_msr_snapshot, cpuid_vendor), 0 },
	SNAP(VMX_SNAP_CPUID_01H_ECX, "CPUID_01H_ECX", 0, cpuid_01h_ecx),
	SNAP(VMX_SNAP_CPUID_MAX_EXT_LEAF, "CPUID_80000000H_EAX", 0, cpuid_max_ext_leaf),
	SNAP(VMX_SNAP_CPUID_80000008H_EAX, "CPUID_80000008H_EAX", 0, cpuid_80000008h_eax),
	SNAP(VMX_SNAP_FEATURE_CONTROL, "IA32_FEATURE_CONTROL", MSR_IA32_FEATURE_CONTROL,
	     feature_control),
	SNAP(VMX_SNAP_BASIC, "IA32_VMX_BASIC", MSR_IA32_VMX_BASIC, basic),
	SNAP(VMX_SNAP_PINBASED, "IA32_VMX_PINBASED_CTLS", MSR_IA32_VMX_PINBASED_CTLS, pinbased),
	SNAP(VMX_SNAP_PROCBASED, "IA32_VMX_PROCBASED_CTLS", MSR_IA32_VMX_PROCBASED_CTLS, procbased),
	SNAP(VMX_SNAP_EXIT, "IA32_VMX_EXIT_CTLS", MSR_IA32_VMX_EXIT_CTLS, exit),
	SNAP(VMX_SNAP_ENTRY, "IA32_VMX_ENTRY_CTLS", MSR_IA32_VMX_ENTRY_CTLS, entry),
	SNAP(VMX_SNAP_MISC, "IA32_VMX_MISC", MSR_IA32_VMX_MISC, misc),
	SNAP(VMX_SNAP_CR0_FIXED0, "IA32_VMX_CR0_FIXED0", MSR_IA32_VMX_CR0_FIXED0, cr0_fixed0),
	SNAP(VMX_SNAP_CR0_FIXED1, "IA32_VMX_CR0_FIXED1", MSR_IA32_VMX_CR0_FIXED1, cr0_fixed1),
	SNAP(VMX_SNAP_CR4_FIXED0, "IA32_VMX_CR4_FIXED0", MSR_IA32_VMX_CR4_FIXED0, cr4_fixed0),
	SNAP(VMX_SNAP_CR4_FIXED1, "IA32_VMX_CR4_FIXED1", MSR_IA32_VMX_CR4_FIXED1, cr4_fixed1),
	SNAP(VMX_SNAP_VMCS_ENUM, "IA32_VMX_VMCS_ENUM", MSR_IA32_VMX_VMCS_ENUM, vmcs_enum),
	SNAP(VMX_SNAP_PROCBASED2, "IA32_VMX_PROCBASED_CTLS2", MSR_IA32_VMX_PROCBASED_CTLS2,
	     procbased2),
	SNAP(VMX_SNAP_EPT_VPID_CAP, "IA32_VMX_EPT_VPID_CAP", MSR_IA32_VMX_EPT_VPID_CAP,
	     ept_vpid_cap),
	SNAP(VMX_SNAP_TRUE_PINBASED, "IA32_VMX_TRUE_PINBASED_CTLS", MSR_IA32_VMX_TRUE_PINBASED_CTLS,
	     true_pinbased),
	SNAP(VMX_SNAP_TRUE_PROCBASED, "IA32_VMX_TRUE_PROCBASED_CTLS",
	     MSR_IA32_VMX_TRUE_PROCBASED_CTLS, true_procbased),
	SNAP(VMX_SNAP_TRUE_EXIT, "IA32_VMX_TRUE_EXIT_CTLS", MSR_IA32_VMX_TRUE_EXIT_CTLS, true_exit),
	SNAP(VMX_SNAP_TRUE_ENTRY, "IA32_VMX_TRUE_ENTRY_CTLS", MSR_IA32_VMX_TRUE_ENTRY_CTLS,
	     true_entry),
	SNAP(VMX_SNAP_VMFUNC, "IA32_VMX_VMFUNC", MSR_IA32_VMX_VMFUNC, vmfunc),
};

_Static_assert(VMX_SNAP_NR_FIELDS <= 32, "`have` is a 32-bit mask");

void vmx_snapshot_init(struct vmx_msr_snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

bool vmx_snapshot_has(const struct vmx_msr_snapshot *s, enum vmx_snap_field f)
{
	return (unsigned)f < VMX_SNAP_NR_FIELDS && (s->have & VMX_HAVE(f));
}

const char *vmx_snap_name(enum vmx_snap_field f)
{
	return snap_descs[f].name;
}

uint32_t vmx_snap_msr(enum vmx_snap_field f)
{
	return snap_descs[f].msr;
}

unsigned vmx_snap_size(enum vmx_snap_field f)
{
	return snap_descs[f].size;
}

uint64_t vmx_snap_get(const struct vmx_msr_snapshot *s, enum vmx_snap_field f)
{
	const struct snap_desc *d = &snap_descs[f];
	const char *at = (const char *)s + d->offset;
	uint32_t v32;
	uint64_t v64;

	if (d->size == sizeof(v32)) {
		memcpy(&v32, at, sizeof(v32));
		return v32;
	}
	memcpy(&v64, at, sizeof(v64));
	return v64;
}

void vmx_snap_set(struct vmx_msr_snapshot *s, enum vmx_snap_field f, uint64_t value)
{
	const struct snap_desc *d = &snap_descs[f];
	char *at = (char *)s + d->offset;
	uint32_t v32 = (uint32_t)value;

	if (d->size == sizeof(v32))
		memcpy(at, &v32, sizeof(v32));
	else
		memcpy(at, &value, sizeof(value));
	s->have |= VMX_HAVE(f);
}

void vmx_snap_set_vendor(struct vmx_msr_snapshot *s, const char *vendor, size_t len)
{
	memset(s->cpuid_vendor, 0, sizeof(s->cpuid_vendor));
	memcpy(s->cpuid_vendor, vendor, len);
	s->have |= VMX_HAVE(VMX_SNAP_CPUID_VENDOR);
}
