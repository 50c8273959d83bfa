/* Whether VMX is usable, judged from a snapshot (Vol. 3C 24.6-24.7, Vol. 3D A.1). */
#ifndef LIB_VMX_ASSESS_H
#define LIB_VMX_ASSESS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/vmx/cause.h"
#include "lib/vmx/snapshot.h"

enum vmx_verdict {
	VMX_OK,
	VMX_UNSUPPORTED,
	VMX_DISABLED_BY_FIRMWARE,
	VMX_UNUSABLE,
	VMX_UNKNOWN,
};

const char *vmx_verdict_name(enum vmx_verdict verdict);

struct vmx_assessment {
	enum vmx_verdict verdict;
	/* Why: VMX_CAUSE_VMX_USABLE, or one of the check's reasons in enum vmx_cause. */
	enum vmx_cause reason;
	uint32_t revision;	/* VMCS revision identifier */
	uint32_t region_size;	/* bytes per VMXON region and VMCS */
	bool addr32;		/* VMX structures must be below 4 GiB */
	bool true_ctls;		/* the TRUE_ control MSRs exist */
	uint8_t phys_addr_bits; /* 0 if unknown */
};

void vmx_assess(const struct vmx_msr_snapshot *s, struct vmx_assessment *out);

/* CPUID.80000008H:EAX[7:0] where the snapshot shows the leaf exists; else 0. */
uint8_t vmx_phys_addr_bits(const struct vmx_msr_snapshot *s);

#endif
