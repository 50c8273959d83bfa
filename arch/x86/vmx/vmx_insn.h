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

/* How an attempt at a VMX instruction ended: its flags, or the fault it took. */
enum vmx_outcome {
	VMX_OUTCOME_NOT_TRIED,
	VMX_OUTCOME_SUCCESS,
	VMX_OUTCOME_FAIL_INVALID, /* CF=1 */
	VMX_OUTCOME_FAIL_VALID,	  /* ZF=1 */
	VMX_OUTCOME_UD,
	VMX_OUTCOME_GP,
	VMX_OUTCOME_OTHER_FAULT,
};

static inline enum vmx_outcome vmx_result(bool cf, bool zf)
{
	return cf ? VMX_OUTCOME_FAIL_INVALID : zf ? VMX_OUTCOME_FAIL_VALID : VMX_OUTCOME_SUCCESS;
}

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
