/*
 * The capability snapshot's collection through the probe callbacks: CPUID
 * first, then every MSR the existence rules (presence.c) allow, which read
 * the fields already collected.  Apart from snapshot.c and presence.c, so
 * that neither of those calls the other back.
 */
#include "lib/vmx/snapshot.h"

#include <string.h>

#include "lib/vmx/presence.h"

/* CPUID.0 returns the vendor string in EBX, EDX, ECX, in that order. */
static void collect_vendor(struct vmx_msr_snapshot *s, const uint32_t r[4])
{
	char vendor[12];

	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vmx_snap_set_vendor(s, vendor, sizeof(vendor));
}

/*
 * Extended leaves beyond the maximum return other leaves' data on Intel,
 * so 80000008H is read only when 80000000H:EAX says it exists.
 */
static void collect_cpuid(struct vmx_msr_snapshot *s, const struct vmx_probe_ops *ops, void *ctx)
{
	uint32_t r[4];

	ops->cpuid(ctx, 0, 0, r);
	collect_vendor(s, r);
	if (r[0] >= 1) {
		ops->cpuid(ctx, 1, 0, r);
		vmx_snap_set(s, VMX_SNAP_CPUID_01H_ECX, r[2]);
	}
	ops->cpuid(ctx, 0x80000000u, 0, r);
	if ((r[0] & 0xffff0000u) != 0x80000000u)
		return;
	vmx_snap_set(s, VMX_SNAP_CPUID_MAX_EXT_LEAF, r[0]);
	if (r[0] >= 0x80000008u) {
		ops->cpuid(ctx, 0x80000008u, 0, r);
		vmx_snap_set(s, VMX_SNAP_CPUID_80000008H_EAX, r[0]);
	}
}

void vmx_snapshot_collect(struct vmx_msr_snapshot *s, const struct vmx_probe_ops *ops, void *ctx)
{
	unsigned f;
	uint64_t value;

	vmx_snapshot_init(s);
	collect_cpuid(s, ops, ctx);
	for (f = 0; f < VMX_SNAP_NR_FIELDS; f++) {
		uint32_t msr = vmx_snap_msr(f);

		if (msr && vmx_msr_exists(s, msr) && ops->rdmsr(ctx, msr, &value))
			vmx_snap_set(s, f, value);
	}
}
