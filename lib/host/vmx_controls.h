/*
 * Choosing VMCS control and CR values from a snapshot's capability MSRs
 * (Vol. 3D A.2-A.5, A.7, A.8).  Host-only (lib/host/): the kernel programs
 * no VMCS yet, so only the tests and fuzzers use these; move the file to
 * lib/vmx/ when the kernel does.
 */
#ifndef LIB_HOST_VMX_CONTROLS_H
#define LIB_HOST_VMX_CONTROLS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/vmx/snapshot.h"

/* The capability MSR that governs a VMCS control field. */
enum vmx_ctl_field {
	VMX_CTL_PINBASED,
	VMX_CTL_PROCBASED,
	VMX_CTL_PROCBASED2,
	VMX_CTL_EXIT,
	VMX_CTL_ENTRY,
};

/*
 * The allowed settings of control field `f`: the TRUE_ MSR when the
 * processor has one (Vol. 3D A.2), else the original.  False when the
 * snapshot does not hold it; secondary controls that cannot be activated
 * read as "all must be 0".
 */
bool vmx_snapshot_ctl(const struct vmx_msr_snapshot *s, enum vmx_ctl_field f, uint64_t *ctl_msr);

/* `wanted` with the must-be-1 bits set and the cannot-be-1 bits cleared. */
uint32_t vmx_ctl_adjust(uint64_t ctl_msr, uint32_t wanted);
/* The bits of `required` that the processor does not allow to be 1. */
uint32_t vmx_ctl_missing(uint64_t ctl_msr, uint32_t required);

/* Whether CR0 or CR4 `value` obeys the VMX-fixed bits. */
bool vmx_cr_allowed(uint64_t value, uint64_t fixed0, uint64_t fixed1);

#endif
