/*
 * Where a VMXON region or VMCS may be placed (Intel SDM Vol. 3D appendix
 * A.1: IA32_VMX_BASIC bit 48 limits the addresses of VMX structures to 32
 * bits; and no address may exceed the physical-address width).
 */
#ifndef LIB_VMX_REGION_H
#define LIB_VMX_REGION_H

#include <stdint.h>
#include "lib/vmx/caps.h"

/* The end (exclusive) of memory the regions must lie in; UINT64_MAX: anywhere. */
uint64_t vmx_region_limit(const struct vmx_assessment *a);

#endif
