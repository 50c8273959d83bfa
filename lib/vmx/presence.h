/*
 * Which VMX capability MSRs exist on the processor a snapshot describes,
 * by the SDM's enumeration rules (Vol. 4 Table 2-2 "IA-32 Architectural
 * MSRs", Vol. 3D Appendix A).
 */
#ifndef LIB_VMX_PRESENCE_H
#define LIB_VMX_PRESENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/vmx/snapshot.h"

/*
 * Three-valued, because a partial snapshot may not say: the printer tells
 * "not supported" from "unknown", vmx_msr_exists() wants certainty.
 */
enum vmx_presence {
	VMX_ABSENT,
	VMX_PRESENT,
	VMX_UNDECIDED
};

/* UNDECIDED also for an MSR these rules do not cover. */
enum vmx_presence vmx_msr_presence(const struct vmx_msr_snapshot *s, uint32_t msr);

/*
 * Whether `msr` exists: false also when the snapshot lacks what the rule
 * depends on, since the kernel must not RDMSR what it cannot prove exists,
 * or it takes a #GP.
 */
bool vmx_msr_exists(const struct vmx_msr_snapshot *s, uint32_t msr);

/* Bit `bit` (0-63) of field `f`: UNDECIDED when the field is unknown. */
enum vmx_presence vmx_snap_bit(const struct vmx_msr_snapshot *s, enum vmx_snap_field f,
			       unsigned bit);

/* Whether "activate secondary controls" may be 1 (IA32_VMX_PROCBASED_CTLS bit 63). */
enum vmx_presence vmx_secondary_ctls(const struct vmx_msr_snapshot *s);

#endif
