/*
 * VMCS access: VMCLEAR, VMPTRLD, VMREAD, VMWRITE, INVVPID (Intel SDM Vol.
 * 3C chapter 31, the instruction reference; results as vmx_insn.h
 * describes).  Field encodings are in include/x86/vmcs.h.
 */
#ifndef ARCH_X86_VMX_VMCS_ACCESS_H
#define ARCH_X86_VMX_VMCS_ACCESS_H

#include <stdint.h>
#include "include/x86/vmcs.h"
#include "arch/x86/vmx/vmx_insn.h"

static inline enum vmx_outcome vmclear(uint64_t vmcs_phys)
{
	bool cf, zf;
	__asm__ volatile("vmclear %[pa]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [pa] "m"(vmcs_phys)
			 : "memory");
	return vmx_result(cf, zf);
}

static inline enum vmx_outcome vmptrld(uint64_t vmcs_phys)
{
	bool cf, zf;
	__asm__ volatile("vmptrld %[pa]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [pa] "m"(vmcs_phys)
			 : "memory");
	return vmx_result(cf, zf);
}

static inline enum vmx_outcome vmwrite_checked(uint32_t field, uint64_t value)
{
	bool cf, zf;
	__asm__ volatile("vmwrite %[value], %[field]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [field] "r"((uint64_t)field), [value] "rm"(value)
			 : "memory");
	return vmx_result(cf, zf);
}

/* A run of VMWRITEs that remembers the first field refused, so a fill reports one error. */
struct vmcs_writer {
	uint32_t failed_field; /* the first VMWRITE that failed, or ~0 */
};

static inline void vmcs_put(struct vmcs_writer *w, uint32_t field, uint64_t value)
{
	if (vmwrite_checked(field, value) != VMX_OUTCOME_SUCCESS && w->failed_field == ~0u)
		w->failed_field = field;
}

/* One guest segment register: selector, base, limit, access rights (25.4.1). */
static inline void vmcs_put_segment(struct vmcs_writer *w, unsigned seg, uint16_t selector,
				    uint64_t base, uint32_t limit, uint32_t ar)
{
	vmcs_put(w, VMCS_GUEST_ES_SELECTOR + 2 * seg, selector);
	vmcs_put(w, VMCS_GUEST_ES_BASE + 2 * seg, base);
	vmcs_put(w, VMCS_GUEST_ES_LIMIT + 2 * seg, limit);
	vmcs_put(w, VMCS_GUEST_ES_AR + 2 * seg, ar);
}

/*
 * The controls every guest here starts from: no exception intercepted, no
 * CR3-target values, no MSR lists, no event to inject, no TSC offset.
 */
static inline void vmcs_put_zero_controls(struct vmcs_writer *w)
{
	vmcs_put(w, VMCS_EXCEPTION_BITMAP, 0);
	vmcs_put(w, VMCS_PF_ERROR_CODE_MASK, 0);
	vmcs_put(w, VMCS_PF_ERROR_CODE_MATCH, 0);
	vmcs_put(w, VMCS_CR3_TARGET_COUNT, 0);
	vmcs_put(w, VMCS_EXIT_MSR_STORE_COUNT, 0);
	vmcs_put(w, VMCS_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_put(w, VMCS_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_put(w, VMCS_ENTRY_INTR_INFO, 0);
	vmcs_put(w, VMCS_TSC_OFFSET, 0);
}

static inline enum vmx_outcome vmread_checked(uint32_t field, uint64_t *value)
{
	bool cf, zf;
	uint64_t v = 0;
	__asm__ volatile("vmread %[field], %[value]"
			 : "=@ccc"(cf), "=@ccz"(zf), [value] "=rm"(v)
			 : [field] "r"((uint64_t)field)
			 : "memory");
	*value = v;
	return vmx_result(cf, zf);
}

/* For fields the VMCS is known to have; 0 if the read fails. */
static inline uint64_t vmread(uint32_t field)
{
	uint64_t v;
	return vmread_checked(field, &v) == VMX_OUTCOME_SUCCESS ? v : 0;
}

/* INVVPID and INVEPT types (Vol. 3C 29.4.3.1 and 29.4.3.2). */
#define INVVPID_SINGLE_CONTEXT 1ull
#define INVVPID_ALL_CONTEXT    2ull
#define INVEPT_SINGLE_CONTEXT  1ull
#define INVEPT_ALL_CONTEXT     2ull

static inline enum vmx_outcome invvpid(uint64_t type, uint16_t vpid)
{
	struct {
		uint64_t vpid, linear;
	} desc = { vpid, 0 };
	bool cf, zf;
	__asm__ volatile("invvpid %[desc], %[type]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [desc] "m"(desc), [type] "r"(type)
			 : "memory");
	return vmx_result(cf, zf);
}

#endif
