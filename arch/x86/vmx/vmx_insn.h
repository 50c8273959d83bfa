/*
 * VMX instructions and how they report (Intel SDM Vol. 3C section 31.2,
 * "Conventions"): VMsucceed clears CF and ZF, VMfailInvalid sets CF (no
 * current VMCS to hold an error number), VMfailValid sets ZF (the error
 * number is in the current VMCS's VM-instruction error field).
 */
#ifndef ARCH_X86_VMX_VMX_INSN_H
#define ARCH_X86_VMX_VMX_INSN_H

#include <stdbool.h>
#include <stdint.h>

enum vmx_insn_result {
	VMX_SUCCEED,
	VMX_FAIL_INVALID,
	VMX_FAIL_VALID,
};

static inline enum vmx_insn_result vmx_result(bool cf, bool zf)
{
	return cf ? VMX_FAIL_INVALID : zf ? VMX_FAIL_VALID : VMX_SUCCEED;
}

/* VMXON's operand is the memory holding the region's physical address. */
static inline enum vmx_insn_result vmxon(uint64_t region_phys)
{
	bool cf, zf;
	__asm__ volatile("vmxon %[pa]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [pa] "m"(region_phys)
			 : "memory");
	return vmx_result(cf, zf);
}

static inline enum vmx_insn_result vmxoff(void)
{
	bool cf, zf;
	__asm__ volatile("vmxoff" : "=@ccc"(cf), "=@ccz"(zf) : : "memory");
	return vmx_result(cf, zf);
}

#endif
