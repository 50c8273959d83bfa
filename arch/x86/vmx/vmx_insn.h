/* VMX instructions; how they report is decoded by lib/vmx/insn_result.c. */
#ifndef ARCH_X86_VMX_VMX_INSN_H
#define ARCH_X86_VMX_VMX_INSN_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/vmx/insn_result.h"

/* VMXON's operand is the memory holding the region's physical address. */
static inline enum vmx_outcome vmxon(uint64_t region_phys)
{
	bool cf, zf;
	__asm__ volatile("vmxon %[pa]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [pa] "m"(region_phys)
			 : "memory");
	return vmx_result(cf, zf);
}

static inline enum vmx_outcome vmxoff(void)
{
	bool cf, zf;
	__asm__ volatile("vmxoff" : "=@ccc"(cf), "=@ccz"(zf) : : "memory");
	return vmx_result(cf, zf);
}

#endif
