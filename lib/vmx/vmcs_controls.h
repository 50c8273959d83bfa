/*
 * Choosing VMCS control and CR values from a snapshot's capability MSRs
 * (Vol. 3D A.2-A.5, A.7, A.8): what the hypervisor wants, the bits it cannot
 * run without, and what the processor allows (the TRUE_ MSR where
 * IA32_VMX_BASIC bit 55 says the processor has one).  The kernel's VMCS
 * fill (arch/x86/vmx/launch.c) uses vmx_controls_choose().
 */
#ifndef LIB_VMX_VMCS_CONTROLS_H
#define LIB_VMX_VMCS_CONTROLS_H

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

struct vmx_control_choice {
	uint32_t value;	  /* what to write into the VMCS field */
	uint32_t missing; /* required bits the processor does not allow to be 1 */
	bool known;	  /* false: the snapshot lacks the capability MSR */
};

/*
 * The value of control field `f`: every must-be-1 bit, plus those of
 * `required` and `optional` that may be 1.  choice.missing names the
 * required bits that cannot be set (VM entry would fail or the hypervisor
 * would not work): when it is non-zero the field must not be used.
 */
struct vmx_control_choice vmx_controls_choose(const struct vmx_msr_snapshot *s,
					      enum vmx_ctl_field f, uint32_t required,
					      uint32_t optional);

/* A control's name ("enable_ept"), or NULL for a bit the SDM leaves unnamed. */
const char *vmx_control_name(enum vmx_ctl_field f, unsigned bit);

/* The field's name: "pin-based", "primary processor-based", ... */
const char *vmx_control_field_name(enum vmx_ctl_field f);

#endif
