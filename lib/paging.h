/*
 * Four-level page-table builder (Intel SDM Vol. 3A section 4.5, "4-Level
 * Paging"; entry formats in tables 4-15 to 4-20).
 *
 * Pure logic: the builder reaches table pages only through the callbacks in
 * struct pt_ops, so it runs the same in the kernel and in host tests.  It
 * never flushes TLBs: after changing tables in use, the caller does (INVLPG
 * or a CR3 reload).  PTE_NX needs IA32_EFER.NXE set before the tables are
 * used, or the bit is reserved; use_1g_pages needs CPUID.80000001H:EDX[26].
 */
#ifndef LIB_PAGING_H
#define LIB_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_P	      (1ull << 0)	    /* present */
#define PTE_W	      (1ull << 1)	    /* writable */
#define PTE_U	      (1ull << 2)	    /* user accessible */
#define PTE_PWT	      (1ull << 3)	    /* write-through */
#define PTE_PCD	      (1ull << 4)	    /* cache disabled */
#define PTE_A	      (1ull << 5)	    /* accessed */
#define PTE_D	      (1ull << 6)	    /* dirty (leaves only) */
#define PTE_PS	      (1ull << 7)	    /* large page (PDPTE, PDE); PAT in a PTE */
#define PTE_G	      (1ull << 8)	    /* global (leaves only) */
#define PTE_NX	      (1ull << 63)	    /* execute disable */
#define PTE_ADDR_MASK 0x000ffffffffff000ull /* bits 51:12 */

/* The attributes pt_map() accepts for leaves; PTE_P is implied anyway. */
#define PT_LEAF_FLAGS (PTE_P | PTE_W | PTE_U | PTE_PWT | PTE_PCD | PTE_A | PTE_D | PTE_G | PTE_NX)

#define PT_SIZE_2M (1ull << 21)
#define PT_SIZE_1G (1ull << 30)

/* Errors, as negative return values; the numbers match Linux's errno. */
#define PT_ENOMEM (-12)
#define PT_EINVAL (-22)

struct pt_ops {
	/* Physical address of a fresh page, 0 on failure; the builder zeroes
	 * it. */
	uint64_t (*alloc_table)(void *ctx);
	void *(*phys_to_virt)(void *ctx, uint64_t phys);
	void *ctx;
	bool use_1g_pages;
};

struct page_table {
	uint64_t root; /* physical address of the PML4: CR3 */
	struct pt_ops ops;
};

/* Allocates an empty PML4.  0, PT_ENOMEM or PT_EINVAL. */
int pt_init(struct page_table *pt, const struct pt_ops *ops);

/*
 * Maps [va, va + size) to [pa, pa + size); all three 4 KiB aligned, the
 * virtual range canonical (48-bit) and in one half, the physical range below
 * 2^52.  Uses 1 GiB pages (if use_1g_pages), else 2 MiB pages wherever va, pa
 * and the remaining size allow, 4 KiB pages elsewhere.  flags (a subset of
 * PT_LEAF_FLAGS) go to the leaves; intermediate entries are P|W, plus U when
 * flags ask for it, and never NX, so the leaves decide.
 *
 * An existing mapping is replaced; a large page that is only partly
 * replaced is split, the rest keeping its attributes.  Tables are never
 * freed (the ops have no way to), so where a table already exists the range
 * is mapped inside it with smaller pages rather than discarding it.
 * 0 or a negative error; on PT_ENOMEM the range may be partly mapped.
 */
int pt_map(struct page_table *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags);

/*
 * Removes any mapping of [va, va + size) (4 KiB aligned, canonical),
 * splitting large pages that are only partly removed: guard pages under
 * stacks.  Unmapped parts are fine.  0 or a negative error; on PT_ENOMEM
 * (a split needed a table) the range may be partly unmapped.
 */
int pt_unmap(struct page_table *pt, uint64_t va, uint64_t size);

/*
 * Translates va as the processor would.  On success *pa is the physical
 * address and *flags the leaf's attributes with W and U the AND over all
 * levels and NX the OR; PTE_PS is set when the leaf is a large page.
 * Either pointer may be NULL.  False if va is not mapped or not canonical.
 */
bool pt_lookup(const struct page_table *pt, uint64_t va, uint64_t *pa, uint64_t *flags);

#endif
