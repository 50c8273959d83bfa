/* A guest's memory on one core: struct vmx_guest, and the hypervisor's part behind it. */
#ifndef ARCH_X86_VMX_GUEST_ALLOC_H
#define ARCH_X86_VMX_GUEST_ALLOC_H

#include "arch/x86/vmx/guest.h"

/*
 * A new guest of the kind, NULL without memory.  Its struct vmx_host gets
 * its own host stack, IST stacks, host GDT/IDT/TSS and MSR bitmap, or, with
 * share, the ones share has (one core's guests run one at a time).
 */
struct vmx_guest *vmx_guest_new(const struct vmx_guest_kind *kind, const struct vmx_host *share);

/* WRMSR to msr exits from now on for every guest sharing the bitmap (an MSR in 0-1FFFH or C0000000H-C0001FFFH). */
void vmx_msr_bitmap_intercept_write(uint64_t bitmap_phys, uint32_t msr);

#endif
