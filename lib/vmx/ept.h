/*
 * EPT builder: a 4-level identity map of guest-physical [0, top) with
 * read/write/execute access and, per page, the memory type the MTRRs give
 * that memory (lib/vmx/mtrr.h), since with EPT the MTRRs no longer apply to
 * guest accesses: the EPT type does (Vol. 3C 29.3.7; formats in
 * include/x86/ept.h).  "Ignore PAT" stays clear, so the guest's PAT still
 * combines with the EPT type as it would with the MTRRs.
 *
 * Pages are as large as the capability MSR allows (1 GiB with
 * IA32_VMX_EPT_VPID_CAP bit 17, 2 MiB with bit 16) where the whole page has
 * one memory type and touches no hole; elsewhere smaller ones.  Holes are
 * physical ranges left unmapped (the hypervisor's own memory), so a guest
 * access to them is an EPT violation.
 *
 * Pure logic: table pages are reached only through struct ept_ops, as in
 * lib/paging.h.  The builder never executes INVEPT: after changing tables in
 * use, the caller does.  It sets no mode-based-execute (bit 10) or
 * accessed/dirty bits: the EPTP from ept_pointer() leaves A/D off.
 */
#ifndef LIB_VMX_EPT_H
#define LIB_VMX_EPT_H

#include <stdbool.h>
#include <stdint.h>

#include "include/x86/ept.h"
#include "lib/pmm.h"
#include "lib/vmx/mtrr.h"

/* Four levels translate 48-bit guest-physical addresses. */
#define EPT_GPA_LIMIT (1ull << 48)

/* Indices of struct ept's leaf counters: levels as the walk meets them. */
#define EPT_LEVEL_4K 0
#define EPT_LEVEL_2M 1
#define EPT_LEVEL_1G 2

struct ept_ops {
	/* Physical address of a fresh 4 KiB page, 0 on failure; the builder
	 * zeroes it. */
	uint64_t (*alloc_table)(void *ctx);
	void *(*phys_to_virt)(void *ctx, uint64_t phys);
	/* Takes back a page alloc_table gave; may be NULL (nothing freed). */
	void (*free_table)(void *ctx, uint64_t phys);
	void *ctx;
};

struct ept_config {
	const struct mtrr_state *mtrr; /* must outlive the struct ept */
	uint64_t ept_vpid_cap;	       /* IA32_VMX_EPT_VPID_CAP */
	/* Map [0, top): 4 KiB aligned, at most 2^MAXPHYADDR (mtrr's width) and
	 * EPT_GPA_LIMIT.  0 means the smaller of the two. */
	uint64_t top;
	/* Left unmapped, each [base, end) widened to whole 4 KiB pages.  Only
	 * read during ept_build(). */
	const struct phys_range *holes;
	unsigned int hole_count;
};

struct ept {
	uint64_t root; /* physical address of the EPT PML4, 0 if none */
	struct ept_ops ops;
	const struct mtrr_state *mtrr;
	uint64_t ept_vpid_cap;
	uint64_t top;
	uint64_t tables;    /* table pages in the structure, the PML4 included */
	uint64_t leaves[3]; /* leaf entries by EPT_LEVEL_* */
};

/*
 * Builds the map described by cfg.  False on an invalid configuration or
 * when alloc_table fails; then every page taken so far has been handed to
 * free_table (if set) and ept->root is 0.
 */
bool ept_build(struct ept *ept, const struct ept_ops *ops, const struct ept_config *cfg);

/*
 * Unmaps [base, base + size) (widened to whole pages) in a built map,
 * splitting large pages; the types of what stays mapped are kept.  A split
 * table is filled before it is linked, so a live map never shows a
 * half-built one.  False on an invalid range or when alloc_table fails
 * (the map is then unchanged where the split failed).  For memory allocated
 * after ept_build(), such as the EPT's own table pages, unless those come
 * from a pool given as a hole.
 */
bool ept_unmap(struct ept *ept, uint64_t base, uint64_t size);

/*
 * Gives the 4 KiB page holding gpa the access bits access (EPT_READ,
 * EPT_WRITE, EPT_EXECUTE; 0 leaves it mapped but unusable), splitting a
 * large page if needed; its address, memory type and "ignore PAT" stay.
 * False if gpa is not mapped or a split needed a table that failed.
 */
bool ept_set_page_access(struct ept *ept, uint64_t gpa, uint8_t access);

/*
 * Maps the 4 KiB page at gpa to host-physical hpa with all access and the
 * memory type the MTRRs give gpa, making the tables on the way (a guest
 * page backed elsewhere than at its own address).  The page must be
 * unmapped: false if it is mapped (split or unmap it first), if gpa or hpa
 * is not 4 KiB aligned or outside the map, or a table cannot be had.
 */
bool ept_map_page(struct ept *ept, uint64_t gpa, uint64_t hpa);

/* Hands every table page to free_table (if set); ept->root becomes 0. */
void ept_destroy(struct ept *ept);

/*
 * The EPTP for a map rooted at root_phys: walk length 4, accessed/dirty
 * flags off, tables read as WB if the capability MSR allows (bit 14), else
 * UC.  The caller checks that bit 6 (walk length 4) and bit 8 or 14 are
 * offered at all.
 */
uint64_t ept_pointer(uint64_t root_phys, uint64_t ept_vpid_cap);

/* One translation, as ept_lookup() finds it. */
struct ept_mapping {
	uint64_t phys;	    /* host-physical address of the byte */
	uint64_t page_size; /* 4 KiB, 2 MiB or 1 GiB */
	uint8_t access;	    /* EPT_READ | EPT_WRITE | EPT_EXECUTE, ANDed over the walk */
	uint8_t memtype;    /* MEMTYPE_* of the leaf */
	bool ignore_pat;
};

/*
 * Walks the map for gpa as the processor would.  False if gpa is not
 * mapped (an access would be an EPT violation) or at or above
 * EPT_GPA_LIMIT; m may be NULL.
 */
bool ept_lookup(const struct ept *ept, uint64_t gpa, struct ept_mapping *m);

/*
 * The check that would notice a break-out: is any page of the host range
 * [base, end) reachable at its own guest-physical address?  Walks the
 * tables over the whole range, skipping what a missing entry leaves out
 * at once; a page the map backs with other host pages (a window over
 * hidden memory) does not count.  True with the first such address in
 * *mapped (may be NULL); false when no guest access to the range reaches
 * it.  Beyond EPT_GPA_LIMIT nothing is mapped.
 */
bool ept_find_mapped(const struct ept *ept, uint64_t base, uint64_t end, uint64_t *mapped);

#endif
