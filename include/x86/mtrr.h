/*
 * Memory type range registers: MSR numbers, register layouts and the
 * memory-type encodings, as in the Intel SDM (Order Number 325462-080US,
 * June 2023) Vol. 3A section 12.11 "Memory Type Range Registers (MTRRs)";
 * the memory types are those of section 12.3 "Methods of Caching Available".
 * EPT entries (Vol. 3C 29.3.7) and the EPTP use the same type encodings.
 */
#ifndef INCLUDE_X86_MTRR_H
#define INCLUDE_X86_MTRR_H

/* Memory types.  2, 3 and 7 and above are reserved in MTRRs. */
#define MEMTYPE_UC 0u /* uncacheable */
#define MEMTYPE_WC 1u /* write combining */
#define MEMTYPE_WT 4u /* write-through */
#define MEMTYPE_WP 5u /* write-protected */
#define MEMTYPE_WB 6u /* write-back */

/* IA32_MTRRCAP (read-only): what the MTRRs of this processor offer. */
#define MSR_IA32_MTRRCAP  0x000000feu
#define MTRRCAP_VCNT_MASK 0xffull      /* bits 7:0: variable ranges */
#define MTRRCAP_FIX	  (1ull << 8)  /* fixed ranges supported */
#define MTRRCAP_WC	  (1ull << 10) /* WC type supported */
#define MTRRCAP_SMRR	  (1ull << 11) /* SMRR interface supported */

/* IA32_MTRR_DEF_TYPE: the enables and the type of unmatched memory. */
#define MSR_IA32_MTRR_DEF_TYPE 0x000002ffu
#define MTRR_DEF_TYPE_MASK     0xffull	    /* bits 7:0: default type */
#define MTRR_DEF_TYPE_FE       (1ull << 10) /* fixed ranges enabled */
#define MTRR_DEF_TYPE_E	       (1ull << 11) /* MTRRs enabled */

/*
 * Variable ranges: pair n is IA32_MTRR_PHYSBASEn, IA32_MTRR_PHYSMASKn.  An
 * address A is in the range when (A & PhysMask) == (PhysBase & PhysMask),
 * both fields being bits MAXPHYADDR-1:12.
 */
#define MSR_IA32_MTRR_PHYSBASE(n) (0x00000200u + 2u * (n))
#define MSR_IA32_MTRR_PHYSMASK(n) (0x00000201u + 2u * (n))
#define MTRR_PHYSBASE_TYPE_MASK	  0xffull      /* bits 7:0 */
#define MTRR_PHYSMASK_VALID	  (1ull << 11) /* the pair is in use */
#define MTRR_PHYS_ADDR_SHIFT	  12

/*
 * Fixed ranges (the first MiB): each MSR holds eight one-byte types, the
 * lowest-addressed sub-range in bits 7:0.
 */
#define MSR_IA32_MTRR_FIX64K_00000 0x00000250u /* 00000-7FFFF, 64 KiB each */
#define MSR_IA32_MTRR_FIX16K_80000 0x00000258u /* 80000-9FFFF, 16 KiB each */
#define MSR_IA32_MTRR_FIX16K_A0000 0x00000259u /* A0000-BFFFF, 16 KiB each */
#define MSR_IA32_MTRR_FIX4K_C0000  0x00000268u /* C0000-C7FFF, 4 KiB each */
#define MSR_IA32_MTRR_FIX4K_C8000  0x00000269u
#define MSR_IA32_MTRR_FIX4K_D0000  0x0000026au
#define MSR_IA32_MTRR_FIX4K_D8000  0x0000026bu
#define MSR_IA32_MTRR_FIX4K_E0000  0x0000026cu
#define MSR_IA32_MTRR_FIX4K_E8000  0x0000026du
#define MSR_IA32_MTRR_FIX4K_F0000  0x0000026eu
#define MSR_IA32_MTRR_FIX4K_F8000  0x0000026fu /* F8000-FFFFF */
#define MTRR_FIXED_MSRS		   11
#define MTRR_FIXED_END		   0x100000ull /* the fixed ranges cover [0, 1 MiB) */

#endif
