/*
 * Four-level page-table builder.  Levels are numbered as the walk meets
 * them: 3 is the PML4, 2 the PDPT, 1 the page directory, 0 the page table.
 * An entry at level n covers 2^(12 + 9n) bytes.
 */
#include <string.h>

#include "lib/paging.h"
#include "include/config.h"

#define LEVEL_PML4 3
#define LEVEL_PDPT 2
#define LEVEL_PD   1
#define LEVEL_PT   0
#define PT_ENTRIES 512

/* 4-level paging translates 48-bit linear addresses. */
#define VA_BITS	 48
/* The architectural ceiling on MAXPHYADDR. */
#define PA_LIMIT (1ull << 52)

/*
 * PAT selects the memory type with PWT and PCD.  Bit 7 means PAT only in a
 * 4 KiB PTE; in a large-page entry bit 7 is PS and PAT moves to bit 12.
 */
#define PTE_PAT_4K    (1ull << 7)
#define PTE_PAT_LARGE (1ull << 12)

/* The description of one pt_map() or pt_unmap() call, shared by the walk. */
struct pt_request {
	uint64_t va;
	uint64_t pa;
	uint64_t flags;
	bool unmap;
};

static unsigned int level_shift(int level)
{
	return 12 + 9 * level;
}

static uint64_t level_size(int level)
{
	return 1ull << level_shift(level);
}

static unsigned int level_index(uint64_t va, int level)
{
	return (va >> level_shift(level)) & (PT_ENTRIES - 1);
}

static uint64_t *table_at(const struct page_table *pt, uint64_t phys)
{
	return pt->ops.phys_to_virt(pt->ops.ctx, phys);
}

static bool entry_is_table(uint64_t entry, int level)
{
	return (entry & PTE_P) && level > LEVEL_PT && !(entry & PTE_PS);
}

/* A large page's frame starts above bit 12, where its PAT bit lives. */
static uint64_t leaf_frame(uint64_t entry, int level)
{
	return entry & PTE_ADDR_MASK & ~(level_size(level) - 1);
}

static bool canonical(uint64_t va)
{
	uint64_t upper = va >> (VA_BITS - 1);

	return upper == 0 || upper == (UINT64_MAX >> (VA_BITS - 1));
}

/* Page aligned, canonical, and not crossing the non-canonical hole. */
static bool va_range_valid(uint64_t va, uint64_t size)
{
	uint64_t last = va + size - 1;

	if ((va | size) & (PAGE_SIZE - 1))
		return false;
	if (size == 0)
		return canonical(va);
	return last > va && canonical(va) && canonical(last) &&
	       (va >> (VA_BITS - 1)) == (last >> (VA_BITS - 1));
}

static bool pa_range_valid(uint64_t pa, uint64_t size)
{
	return (pa & (PAGE_SIZE - 1)) == 0 && pa <= PA_LIMIT && size <= PA_LIMIT - pa;
}

static int new_table(struct page_table *pt, uint64_t *phys)
{
	uint64_t page = pt->ops.alloc_table(pt->ops.ctx);

	if (page == 0)
		return PT_ENOMEM;
	if (page & ~PTE_ADDR_MASK)
		return PT_EINVAL;
	memset(table_at(pt, page), 0, PAGE_SIZE);
	*phys = page;
	return 0;
}

/*
 * Child i of a large page split one level down: same attributes, with PS
 * kept only where it still means page size and PAT moved to where the
 * child's format keeps it.
 */
static uint64_t split_child(uint64_t parent, int level, unsigned int i)
{
	uint64_t attrs = parent & ~PTE_ADDR_MASK & ~PTE_PS;
	uint64_t frame = leaf_frame(parent, level) + i * level_size(level - 1);
	bool pat = parent & PTE_PAT_LARGE;

	if (level - 1 == LEVEL_PT)
		return frame | attrs | (pat ? PTE_PAT_4K : 0);
	return frame | attrs | PTE_PS | (pat ? PTE_PAT_LARGE : 0);
}

/*
 * The table under *entry, made when the entry is empty and by splitting
 * when it is a large page.  A split table is filled before it is linked in,
 * so a processor walking live tables never sees a half-built one.
 */
static int next_table(struct page_table *pt, uint64_t *entry, int level, uint64_t user,
		      uint64_t *table)
{
	uint64_t old = *entry, *children;
	unsigned int i;
	int err;

	if (entry_is_table(old, level)) {
		*entry = old | user;
		*table = old & PTE_ADDR_MASK;
		return 0;
	}
	err = new_table(pt, table);
	if (err)
		return err;
	if (old & PTE_P) {
		children = table_at(pt, *table);
		for (i = 0; i < PT_ENTRIES; i++)
			children[i] = split_child(old, level, i);
		user |= old & PTE_U;
	}
	*entry = *table | PTE_P | PTE_W | user;
	return 0;
}

/* A whole aligned entry's worth, at a level and size the caller allows. */
static bool fits_large_page(const struct page_table *pt, uint64_t entry, int level, uint64_t va,
			    uint64_t pa, uint64_t chunk)
{
	if (level == LEVEL_PDPT && !pt->ops.use_1g_pages)
		return false;
	if (level != LEVEL_PDPT && level != LEVEL_PD)
		return false;
	return chunk == level_size(level) && ((va | pa) & (level_size(level) - 1)) == 0 &&
	       !entry_is_table(entry, level);
}

static int walk_range(struct page_table *pt, uint64_t table, int level,
		      const struct pt_request *req, uint64_t va, uint64_t size);

static int map_entry(struct page_table *pt, uint64_t *entry, int level,
		     const struct pt_request *req, uint64_t va, uint64_t chunk)
{
	uint64_t pa = req->pa + (va - req->va);
	uint64_t table;
	int err;

	if (level == LEVEL_PT) {
		*entry = pa | req->flags | PTE_P;
		return 0;
	}
	if (fits_large_page(pt, *entry, level, va, pa, chunk)) {
		*entry = pa | req->flags | PTE_P | PTE_PS;
		return 0;
	}
	err = next_table(pt, entry, level, req->flags & PTE_U, &table);
	if (err)
		return err;
	return walk_range(pt, table, level - 1, req, va, chunk);
}

static int unmap_entry(struct page_table *pt, uint64_t *entry, int level,
		       const struct pt_request *req, uint64_t va, uint64_t chunk)
{
	uint64_t table;
	int err;

	if (!(*entry & PTE_P))
		return 0;
	if (!entry_is_table(*entry, level) && chunk == level_size(level)) {
		*entry = 0;
		return 0;
	}
	err = next_table(pt, entry, level, 0, &table);
	if (err)
		return err;
	return walk_range(pt, table, level - 1, req, va, chunk);
}

/* Applies the request to [va, va + size) within one table at level. */
static int walk_range(struct page_table *pt, uint64_t table, int level,
		      const struct pt_request *req, uint64_t va, uint64_t size)
{
	uint64_t *entries = table_at(pt, table);
	uint64_t span, chunk;
	int err;

	while (size > 0) {
		span = level_size(level) - (va & (level_size(level) - 1));
		chunk = size < span ? size : span;
		if (req->unmap)
			err = unmap_entry(pt, &entries[level_index(va, level)], level, req, va,
					  chunk);
		else
			err = map_entry(pt, &entries[level_index(va, level)], level, req, va,
					chunk);
		if (err)
			return err;
		va += chunk;
		size -= chunk;
	}
	return 0;
}

int pt_init(struct page_table *pt, const struct pt_ops *ops)
{
	if (!pt || !ops || !ops->alloc_table || !ops->phys_to_virt)
		return PT_EINVAL;
	pt->ops = *ops;
	pt->root = 0;
	return new_table(pt, &pt->root);
}

int pt_map(struct page_table *pt, uint64_t va, uint64_t pa, uint64_t size, uint64_t flags)
{
	const struct pt_request req = { va, pa, flags, false };

	if (!va_range_valid(va, size) || !pa_range_valid(pa, size) || (flags & ~PT_LEAF_FLAGS))
		return PT_EINVAL;
	return walk_range(pt, pt->root, LEVEL_PML4, &req, va, size);
}

int pt_unmap(struct page_table *pt, uint64_t va, uint64_t size)
{
	const struct pt_request req = { va, 0, 0, true };

	if (!va_range_valid(va, size))
		return PT_EINVAL;
	return walk_range(pt, pt->root, LEVEL_PML4, &req, va, size);
}

bool pt_lookup(const struct page_table *pt, uint64_t va, uint64_t *pa, uint64_t *flags)
{
	const uint64_t leaf_only = PTE_PWT | PTE_PCD | PTE_A | PTE_D | PTE_G;
	uint64_t table = pt->root, entry = 0, allowed = PTE_W | PTE_U;
	uint64_t nx = 0;
	int level;

	if (!canonical(va))
		return false;
	for (level = LEVEL_PML4; level >= LEVEL_PT; level--) {
		entry = table_at(pt, table)[level_index(va, level)];
		if (!(entry & PTE_P))
			return false;
		allowed &= entry;
		nx |= entry & PTE_NX;
		if (!entry_is_table(entry, level))
			break;
		table = entry & PTE_ADDR_MASK;
	}
	/* PS in a PML4 entry is reserved: the processor would fault. */
	if (level == LEVEL_PML4)
		return false;
	if (pa)
		*pa = leaf_frame(entry, level) | (va & (level_size(level) - 1));
	if (flags)
		*flags = PTE_P | allowed | nx | (entry & leaf_only) |
			 (level > LEVEL_PT ? PTE_PS : 0);
	return true;
}
