#include "lib/vmx/msr_rules.h"
#include "include/x86/msr.h"
#include "include/x86/mtrr.h"

/* Ten variable-range pairs at most (Vol. 4 Table 2-2, 200H-213H). */
#define MSR_IA32_MTRR_VAR_LAST	MSR_IA32_MTRR_PHYSMASK(9)
#define MSR_IA32_LSTAR		0xc0000082u
#define MSR_IA32_CSTAR		0xc0000083u
#define MSR_IA32_KERNEL_GS_BASE 0xc0000102u

/* IA32_EFER (Vol. 4 Table 2-2): SCE, LME, LMA, NXE; the rest is reserved on Intel. */
#define EFER_DEFINED	   ((1ull << 0) | (1ull << 8) | (1ull << 10) | (1ull << 11))
/* IA32_APIC_BASE (Vol. 3A 11.4.4, figure 11-5): BSP (8), EXTD (10), EN (11), the base. */
#define APIC_BASE_BSP	   (1ull << 8)
#define APIC_BASE_EXTD	   (1ull << 10)
#define APIC_BASE_EN	   (1ull << 11)
#define APIC_BASE_RESERVED 0x2ffull /* bits 0-7 and 9 */
/* IA32_MTRR_DEF_TYPE (Vol. 3A 12.11.2.1): type, FE (10), E (11). */
#define MTRR_DEF_DEFINED   (MTRR_DEF_TYPE_MASK | MTRR_DEF_TYPE_FE | MTRR_DEF_TYPE_E)
/* IA32_MTRR_PHYSBASEn bits 11:8 and PHYSMASKn bits 10:0 are reserved (12.11.2.3). */
#define MTRR_BASE_RESERVED 0xf00ull
#define MTRR_MASK_RESERVED 0x7ffull
#define PAT_TYPE_UC_MINUS  7u

static uint64_t bits_from(unsigned first)
{
	return first >= 64 ? 0 : ~0ull << first;
}

/* 48-bit linear addresses: bits 63:47 all equal (Vol. 1 3.3.7.1). */
static bool canonical(uint64_t v)
{
	uint64_t top = v >> 47;
	return top == 0 || top == 0x1ffff;
}

/* MTRR types (Vol. 3A 12.11.1, table 12-8); PAT adds UC- 7 (13.12.2). */
static bool mtrr_type(uint64_t t)
{
	return t == MEMTYPE_UC || t == MEMTYPE_WC || (t >= MEMTYPE_WT && t <= MEMTYPE_WB);
}

static bool every_byte(uint64_t v, bool (*ok)(uint64_t))
{
	for (unsigned i = 0; i < 8; i++)
		if (!ok((v >> (8 * i)) & 0xff))
			return false;
	return true;
}

static bool pat_type(uint64_t t)
{
	return mtrr_type(t) || t == PAT_TYPE_UC_MINUS;
}

static bool fixed_mtrr(uint32_t msr)
{
	return msr == MSR_IA32_MTRR_FIX64K_00000 || msr == MSR_IA32_MTRR_FIX16K_80000 ||
	       msr == MSR_IA32_MTRR_FIX16K_A0000 ||
	       (msr >= MSR_IA32_MTRR_FIX4K_C0000 && msr <= MSR_IA32_MTRR_FIX4K_F8000);
}

static bool address_msr(uint32_t msr)
{
	return msr == MSR_IA32_SYSENTER_ESP || msr == MSR_IA32_SYSENTER_EIP ||
	       msr == MSR_IA32_LSTAR || msr == MSR_IA32_CSTAR || msr == MSR_IA32_FS_BASE ||
	       msr == MSR_IA32_GS_BASE || msr == MSR_IA32_KERNEL_GS_BASE;
}

/*
 * IA32_APIC_BASE (Vol. 3A 11.12.5, figure 11-27): no reserved bit, no base
 * beyond MAXPHYADDR, and only the transitions the state diagram allows:
 * EXTD without EN is invalid, x2APIC goes back to xAPIC only through
 * disabled, and disabled goes to x2APIC only through xAPIC.
 */
static bool apic_base_refused(uint64_t v, uint64_t old, unsigned maxphyaddr)
{
	bool en = v & APIC_BASE_EN, extd = v & APIC_BASE_EXTD;
	bool was_en = old & APIC_BASE_EN, was_extd = old & APIC_BASE_EXTD;

	if ((v & APIC_BASE_RESERVED) || (v & bits_from(maxphyaddr)))
		return true;
	if (extd && !en)
		return true;
	if (was_en && was_extd && en && !extd)
		return true;
	return !was_en && en && extd;
}

bool vmx_msr_absent(uint32_t msr)
{
	return (msr >= MSR_VMX_CAPABILITY_FIRST && msr <= MSR_VMX_CAPABILITY_LAST) ||
	       (msr >= MSR_HYPERVISOR_FIRST && msr <= MSR_HYPERVISOR_LAST);
}

bool vmx_wrmsr_refused(uint32_t msr, uint64_t value, uint64_t old, unsigned maxphyaddr)
{
	if (vmx_msr_absent(msr) || msr == MSR_IA32_FEATURE_CONTROL)
		return true;
	if (msr == MSR_IA32_APIC_BASE)
		return apic_base_refused(value, old, maxphyaddr);
	if (msr == MSR_IA32_EFER)
		return value & ~EFER_DEFINED;
	if (msr == MSR_IA32_PAT)
		return !every_byte(value, pat_type);
	if (msr == MSR_IA32_MTRR_DEF_TYPE)
		return (value & ~MTRR_DEF_DEFINED) || !mtrr_type(value & MTRR_DEF_TYPE_MASK);
	if (fixed_mtrr(msr))
		return !every_byte(value, mtrr_type);
	if (msr >= MSR_IA32_MTRR_PHYSBASE(0) && msr <= MSR_IA32_MTRR_VAR_LAST) {
		uint64_t reserved = ((msr & 1) ? MTRR_MASK_RESERVED : MTRR_BASE_RESERVED) |
				    bits_from(maxphyaddr);
		return (value & reserved) ||
		       (!(msr & 1) && !mtrr_type(value & MTRR_PHYSBASE_TYPE_MASK));
	}
	if (address_msr(msr))
		return !canonical(value);
	return false;
}
