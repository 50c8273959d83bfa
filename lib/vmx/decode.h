/* The parts of each snapshot field, as lines under its raw value. */
#ifndef LIB_VMX_DECODE_H
#define LIB_VMX_DECODE_H

#include <stdint.h>

#include "lib/vmx/columns.h"
#include "lib/vmx/snapshot.h"

/* Prints nothing for a field without parts (the vendor, the CPUID maximum leaf, ...). */
void vmx_decode_field(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
		      enum vmx_snap_field f, uint64_t raw);

/*
 * The SDM's name of control `bit` of a control field ("enable_ept"), the
 * field numbered as enum vmx_ctl_field (lib/vmx/vmcs_controls.h); NULL for
 * an unnamed bit.
 */
const char *vmx_decode_control_name(unsigned field, unsigned bit);

#endif
