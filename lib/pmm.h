/*
 * Physical page-frame allocator.
 *
 * Free memory is a sorted table of disjoint, non-adjacent, page-aligned
 * ranges rather than a bitmap, so its size is the same whether the machine
 * has 32 MiB or terabytes.  The allocator only does bookkeeping: it never
 * touches the memory it hands out, so pages come back unzeroed.
 */
#ifndef LIB_PMM_H
#define LIB_PMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Half-open: [base, end). */
struct phys_range {
	uint64_t base;
	uint64_t end;
};

#define PMM_MAX_RANGES 256

/* Returned by pmm_alloc() when nothing fits. */
#define PMM_NONE UINT64_MAX

struct pmm {
	struct phys_range free[PMM_MAX_RANGES]; /* sorted by base */
	uint32_t count;
	uint64_t free_pages;
	/* Whole pages in the usable ranges, counted once, reserved or not. */
	uint64_t usable_pages;
	/* Some free memory was dropped because the table was full. */
	bool overflowed;
};

/*
 * Usable ranges may come in any order, overlap, repeat, be empty or be
 * unaligned: each shrinks inward to whole pages.  Reserved ranges grow
 * outward to whole pages and always win over usable ones.  When more than
 * PMM_MAX_RANGES free ranges result, the largest are kept (the lowest on
 * ties) and overflowed is set.
 */
void pmm_init(struct pmm *p, const struct phys_range *usable, size_t n_usable,
	      const struct phys_range *reserved, size_t n_reserved);

/*
 * The base of the highest block of `pages` contiguous free pages that starts
 * on a multiple of `align` (a power of two, at least PAGE_SIZE) and ends at
 * or below `limit` (UINT64_MAX: anywhere), or PMM_NONE.  Taking the highest
 * block keeps low memory for the callers that need it (AP trampoline below
 * 1 MiB, 32-bit-addressed structures).
 */
uint64_t pmm_alloc(struct pmm *p, uint64_t pages, uint64_t align, uint64_t limit);

/*
 * Returns `pages` pages at page-aligned `base` to the free ranges, merging
 * neighbours.  False, with nothing changed, when the arguments are invalid
 * or any of the pages is already free (a double free).  If the table is full
 * and the range merges with no neighbour, the smallest range is dropped and
 * overflowed is set; the call still succeeds.
 */
bool pmm_free(struct pmm *p, uint64_t base, uint64_t pages);

#endif
