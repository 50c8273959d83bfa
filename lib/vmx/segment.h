/*
 * A segment register as the VMCS guest-state area holds it (Intel SDM Vol.
 * 3C 25.4.1 "Guest Register State"), computed from the descriptor the
 * selector names in a GDT (Vol. 3A 3.4.5 "Segment Descriptors" and 8.2.3
 * "TSS Descriptor in 64-bit mode").  Pure: the caller passes the table.
 */
#ifndef LIB_VMX_SEGMENT_H
#define LIB_VMX_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>

struct vmx_segment {
	uint16_t selector;
	uint64_t base;
	uint32_t limit; /* in bytes, granularity applied */
	uint32_t ar;	/* access rights in the VMCS format (VMX_AR_*) */
};

/*
 * The segment `selector` names in the GDT at `gdt` (gdt_limit as in
 * GDTR: size in bytes minus 1).  A null selector, or a descriptor that is
 * not present, gives an unusable segment (access rights bit 16).  System
 * descriptors (S = 0: TSS, LDT) take the upper 32 bits of their base from
 * the next 8 bytes.  False when the selector points into the LDT or beyond
 * the table.
 */
bool vmx_segment_from_gdt(const uint64_t *gdt, uint16_t gdt_limit, uint16_t selector,
			  struct vmx_segment *out);

#endif
