/*
 * MTRR resolver: the memory type the MTRRs give a physical address, by the
 * precedence rules of Vol. 3A 12.11.4.1 "MTRR Precedences" (register
 * layouts in include/x86/mtrr.h).
 *
 * Pure logic over raw MSR values: the hardware side fills a struct
 * mtrr_state with RDMSR (IA32_MTRRCAP, IA32_MTRR_DEF_TYPE, the fixed-range
 * MSRs when MTRRCAP.FIX, the first mtrr_var_count() variable pairs) and
 * MAXPHYADDR from CPUID.80000008H:EAX[7:0].  A zeroed state means "MTRRs
 * disabled": everything UC.
 *
 * The rules, as applied here:
 *  - IA32_MTRR_DEF_TYPE.E clear: UC everywhere.
 *  - Below 1 MiB, with MTRRCAP.FIX and DEF_TYPE.FE set: the fixed range's
 *    type, whatever the variable ranges say.
 *  - Else the variable ranges that are valid (PHYSMASK bit 11) among the
 *    first VCNT: one match gives its type; several with one type give that
 *    type; UC among them gives UC; only WT and WB gives WT.  Every other
 *    overlap is undefined in the SDM and resolves to UC here, the type that
 *    is never wrong for device memory.
 *  - No match: the default type.
 *  - A reserved type value (2, 3, 7 and up; hardware refuses to hold one)
 *    counts as UC wherever it appears.
 * SMRR (SMM memory) is not modelled: outside SMM that range is not usable
 * memory anyway.
 */
#ifndef LIB_VMX_MTRR_H
#define LIB_VMX_MTRR_H

#include <stdbool.h>
#include <stdint.h>

#include "include/x86/mtrr.h"

/*
 * Variable pairs start at MSR 200H and the fixed ranges at 250H, so a
 * processor can hold at most 40 pairs.  A state whose VCNT exceeds this
 * cannot be represented: the resolver then answers UC everywhere.
 */
#define MTRR_VAR_MAX 40

struct mtrr_var_range {
	uint64_t base; /* IA32_MTRR_PHYSBASEn */
	uint64_t mask; /* IA32_MTRR_PHYSMASKn */
};

struct mtrr_state {
	uint64_t cap;				 /* IA32_MTRRCAP */
	uint64_t def_type;			 /* IA32_MTRR_DEF_TYPE */
	uint64_t fixed[MTRR_FIXED_MSRS];	 /* MSR mtrr_fixed_msr(i) in fixed[i] */
	struct mtrr_var_range var[MTRR_VAR_MAX]; /* pair n in var[n] */
	/* MAXPHYADDR: the PhysBase/PhysMask fields are bits width-1:12.  0
	 * means 36, the width when CPUID leaf 80000008H is absent. */
	unsigned int phys_addr_bits;
};

/* The MSR whose value goes into fixed[i], for i < MTRR_FIXED_MSRS. */
uint32_t mtrr_fixed_msr(unsigned int i);

/* MAXPHYADDR as the resolver takes it: phys_addr_bits, 36 if 0, at most 52. */
unsigned int mtrr_phys_addr_bits(const struct mtrr_state *s);

/* How many variable pairs to read: VCNT, at most MTRR_VAR_MAX. */
unsigned int mtrr_var_count(const struct mtrr_state *s);

/* The memory type (MEMTYPE_*) of the byte at phys. */
uint8_t mtrr_type_at(const struct mtrr_state *s, uint64_t phys);

/*
 * True if every byte of [base, base + size) has the same memory type, then
 * stored in *type (may be NULL).  False for an empty range or one that
 * wraps past 2^64.  MTRR granularity is 4 KiB, so the range is taken as the
 * 4 KiB pages it touches.  Cost grows with the number of places where a
 * variable range's edge falls inside the range; masks that are not
 * contiguous runs of ones (legal, but discouraged by the SDM) can make it
 * split down to single pages.
 */
bool mtrr_range_uniform(const struct mtrr_state *s, uint64_t base, uint64_t size, uint8_t *type);

/* "UC", "WC", "WT", "WP", "WB", or "reserved". */
const char *mtrr_type_name(uint8_t type);

#endif
