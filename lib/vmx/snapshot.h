/*
 * The raw CPUID and MSR values VMX capability decoding works on, and how
 * they are collected: the kernel passes its own CPUID/RDMSR callbacks, the
 * host tool /dev/cpu/N/msr ones (or it reads a dump file, lib/host/).
 * Nothing here touches the hardware.
 */
#ifndef LIB_VMX_SNAPSHOT_H
#define LIB_VMX_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The fields of a snapshot, for its `have` mask.  The order is the order
 * the existence rules need (lib/vmx/presence.c): BASIC before the TRUE_
 * MSRs, PROCBASED before PROCBASED2, PROCBASED2 before EPT_VPID_CAP and
 * VMFUNC.  It is also the printer's order.
 */
enum vmx_snap_field {
	VMX_SNAP_CPUID_VENDOR,
	VMX_SNAP_CPUID_01H_ECX,
	VMX_SNAP_CPUID_MAX_EXT_LEAF,
	VMX_SNAP_CPUID_80000008H_EAX,
	VMX_SNAP_FEATURE_CONTROL,
	VMX_SNAP_BASIC,
	VMX_SNAP_PINBASED,
	VMX_SNAP_PROCBASED,
	VMX_SNAP_EXIT,
	VMX_SNAP_ENTRY,
	VMX_SNAP_MISC,
	VMX_SNAP_CR0_FIXED0,
	VMX_SNAP_CR0_FIXED1,
	VMX_SNAP_CR4_FIXED0,
	VMX_SNAP_CR4_FIXED1,
	VMX_SNAP_VMCS_ENUM,
	VMX_SNAP_PROCBASED2,
	VMX_SNAP_EPT_VPID_CAP,
	VMX_SNAP_TRUE_PINBASED,
	VMX_SNAP_TRUE_PROCBASED,
	VMX_SNAP_TRUE_EXIT,
	VMX_SNAP_TRUE_ENTRY,
	VMX_SNAP_VMFUNC,
	VMX_SNAP_NR_FIELDS
};

#define VMX_HAVE(field) (1u << (field))

/*
 * Raw CPUID and MSR values of one logical processor.  A value counts only
 * if its bit is set in `have`: the kernel reads only the MSRs that exist,
 * and a dump file may lack some.
 */
struct vmx_msr_snapshot {
	char cpuid_vendor[13]; /* CPUID.0:EBX,EDX,ECX and a NUL */
	uint32_t cpuid_01h_ecx;
	uint32_t cpuid_max_ext_leaf;  /* CPUID.80000000H:EAX */
	uint32_t cpuid_80000008h_eax; /* bits 7:0 = physical-address width */
	uint64_t feature_control;
	uint64_t basic;
	uint64_t pinbased;
	uint64_t procbased;
	uint64_t exit;
	uint64_t entry;
	uint64_t misc;
	uint64_t cr0_fixed0;
	uint64_t cr0_fixed1;
	uint64_t cr4_fixed0;
	uint64_t cr4_fixed1;
	uint64_t vmcs_enum;
	uint64_t procbased2;
	uint64_t ept_vpid_cap;
	uint64_t true_pinbased;
	uint64_t true_procbased;
	uint64_t true_exit;
	uint64_t true_entry;
	uint64_t vmfunc;
	uint32_t have; /* VMX_HAVE() bits of known fields */
};

void vmx_snapshot_init(struct vmx_msr_snapshot *s);
bool vmx_snapshot_has(const struct vmx_msr_snapshot *s, enum vmx_snap_field f);

/*
 * Each field's SDM name (also its dump-file key), the MSR it comes from
 * (0 for CPUID values) and its size in bytes (4 or 8; 0 for the vendor
 * string, which vmx_snap_get() does not read).
 */
const char *vmx_snap_name(enum vmx_snap_field f);
uint32_t vmx_snap_msr(enum vmx_snap_field f);
unsigned vmx_snap_size(enum vmx_snap_field f);

/* A numeric field's value, whether known or not; setting marks it known. */
uint64_t vmx_snap_get(const struct vmx_msr_snapshot *s, enum vmx_snap_field f);
void vmx_snap_set(struct vmx_msr_snapshot *s, enum vmx_snap_field f, uint64_t value);
/* `len` bytes, at most 12; the rest of the string is NUL. */
void vmx_snap_set_vendor(struct vmx_msr_snapshot *s, const char *vendor, size_t len);

/* How the snapshot collector reaches the hardware (or a fake of it). */
struct vmx_probe_ops {
	void (*cpuid)(void *ctx, uint32_t leaf, uint32_t subleaf,
		      uint32_t regs[4]); /* EAX, EBX, ECX, EDX */
	bool (*rdmsr)(void *ctx, uint32_t msr, uint64_t *value);
};

/*
 * Fills `s` from CPUID and from every MSR vmx_msr_exists() allows, in the
 * order the existence rules need.  A failed rdmsr leaves that field unknown
 * (lib/vmx/collect.c).
 */
void vmx_snapshot_collect(struct vmx_msr_snapshot *s, const struct vmx_probe_ops *ops, void *ctx);

#endif
