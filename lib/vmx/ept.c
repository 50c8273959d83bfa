/*
 * EPT builder.  Levels are numbered as in lib/paging.c: 3 is the PML4, 2
 * the PDPT, 1 the page directory, 0 the page table; an entry at level n
 * covers 2^(12 + 9n) bytes.  Every entry is decided by one function,
 * fill_entry(), from what the configuration says about the range it covers.
 */
#include <stddef.h>
#include <string.h>

#include "lib/vmx/ept.h"

#define LEVEL_PML4  3
#define LEVEL_PT    0
#define PAGE_4K	    4096ull
#define EPT_ENTRIES 512
#define PAGE_BYTES  4096ull
#define PAGE_MASK   (PAGE_BYTES - 1)

/* The holes one fill or unmap call keeps unmapped, widened to pages. */
struct holes {
	const struct phys_range *ranges;
	unsigned int count;
};

static uint64_t level_size(int level)
{
	return 1ull << (12 + 9 * level);
}

static unsigned int level_index(uint64_t gpa, int level)
{
	return (gpa >> (12 + 9 * level)) & (EPT_ENTRIES - 1);
}

static uint64_t *table_at(const struct ept *ept, uint64_t phys)
{
	return ept->ops.phys_to_virt(ept->ops.ctx, phys);
}

static bool present(uint64_t entry)
{
	return entry & EPT_RWX;
}

static bool is_table(uint64_t entry, int level)
{
	return present(entry) && level > LEVEL_PT &&
	       (level == LEVEL_PML4 || !(entry & EPT_PAGE_SIZE));
}

static bool leaf_allowed(const struct ept *ept, int level)
{
	switch (level) {
	case EPT_LEVEL_4K: return true;
	case EPT_LEVEL_2M: return ept->ept_vpid_cap & EPT_CAP_PAGE_2M;
	case EPT_LEVEL_1G: return ept->ept_vpid_cap & EPT_CAP_PAGE_1G;
	default: return false;
	}
}

static void hole_bounds(const struct phys_range *r, uint64_t *base, uint64_t *end)
{
	*base = r->base & ~PAGE_MASK;
	*end = r->end > UINT64_MAX - PAGE_MASK ? UINT64_MAX & ~PAGE_MASK
					       : (r->end + PAGE_MASK) & ~PAGE_MASK;
}

static bool touches_hole(const struct holes *h, uint64_t start, uint64_t end)
{
	uint64_t base, limit;
	unsigned int i;

	for (i = 0; i < h->count; i++) {
		hole_bounds(&h->ranges[i], &base, &limit);
		if (base < limit && base < end && start < limit)
			return true;
	}
	return false;
}

static bool inside_hole(const struct holes *h, uint64_t start, uint64_t end)
{
	uint64_t base, limit;
	unsigned int i;

	for (i = 0; i < h->count; i++) {
		hole_bounds(&h->ranges[i], &base, &limit);
		if (base <= start && end <= limit)
			return true;
	}
	return false;
}

static bool new_table(struct ept *ept, uint64_t *phys)
{
	uint64_t page = ept->ops.alloc_table(ept->ops.ctx);

	if (page == 0)
		return false;
	if (page & ~EPT_ADDR_MASK) {
		if (ept->ops.free_table)
			ept->ops.free_table(ept->ops.ctx, page);
		return false;
	}
	memset(table_at(ept, page), 0, PAGE_BYTES);
	ept->tables++;
	*phys = page;
	return true;
}

/* Drops an entry's subtree or leaf from the counts, freeing its tables. */
static void release_entry(struct ept *ept, uint64_t entry, int level)
{
	uint64_t table = entry & EPT_ADDR_MASK, *children;
	unsigned int i;

	if (!present(entry))
		return;
	if (!is_table(entry, level)) {
		ept->leaves[level]--;
		return;
	}
	children = table_at(ept, table);
	for (i = 0; i < EPT_ENTRIES; i++)
		release_entry(ept, children[i], level - 1);
	ept->tables--;
	if (ept->ops.free_table)
		ept->ops.free_table(ept->ops.ctx, table);
}

/* What fill_entry() may take as known about its range from the table above. */
#define TYPE_UNKNOWN (-1)
struct known {
	int type;   /* the range is below top and of this one memory type, or TYPE_UNKNOWN */
	bool clear; /* the range touches no hole */
};

static const struct known nothing_known = { TYPE_UNKNOWN, false };

/* A table at level whose range, from start, is below top, clear of holes and all of type. */
static void fill_leaves(struct ept *ept, uint64_t *entries, int level, uint64_t start, uint8_t type)
{
	uint64_t size = level_size(level), flags = EPT_RWX | (uint64_t)type << EPT_MEMTYPE_SHIFT;
	unsigned int i;

	if (level > LEVEL_PT)
		flags |= EPT_PAGE_SIZE;
	for (i = 0; i < EPT_ENTRIES; i++)
		entries[i] = (start + i * size) | flags;
	ept->leaves[level] += EPT_ENTRIES;
}

/*
 * Sets *entry (at level, covering [start, start + level_size)) to map its
 * range: nothing beyond top or inside a hole, a leaf where the level allows
 * one, the range is clear of holes and of one memory type, else a table
 * filled the same way.  The table is linked before it is filled, so on
 * failure release_entry(*entry) finds every page taken.
 *
 * What holds for a range holds for its parts: a table's entries are told
 * what was found for the table's range (k) and do not ask again.  So a
 * uniform range too large for a leaf (512 GiB, or 1 GiB without 1 GiB
 * pages) fills its table with leaves at the cost of the stores alone, and
 * the 4 KiB pages around a hole take their type from the 2 MiB range, with
 * no MTRR resolution each.
 */
static bool fill_entry(struct ept *ept, uint64_t *entry, int level, uint64_t start,
		       const struct holes *h, struct known k)
{
	uint64_t end = start + level_size(level), table, *children;
	unsigned int i;
	uint8_t type = 0;

	*entry = 0;
	if (k.type == TYPE_UNKNOWN && start >= ept->top)
		return true;
	if (!k.clear && inside_hole(h, start, end))
		return true;
	k.clear = k.clear || !touches_hole(h, start, end);
	if (k.type == TYPE_UNKNOWN && end <= ept->top &&
	    mtrr_range_uniform(ept->mtrr, start, end - start, &type))
		k.type = type;
	if (k.type != TYPE_UNKNOWN && k.clear && leaf_allowed(ept, level)) {
		*entry = start | EPT_RWX | ((uint64_t)k.type << EPT_MEMTYPE_SHIFT) |
			 (level > LEVEL_PT ? EPT_PAGE_SIZE : 0);
		ept->leaves[level]++;
		return true;
	}
	/* A 4 KiB page is always one type and wholly in or out of a hole. */
	if (level == LEVEL_PT || !new_table(ept, &table))
		return false;
	*entry = table | EPT_RWX;
	children = table_at(ept, table);
	if (k.type != TYPE_UNKNOWN && k.clear && leaf_allowed(ept, level - 1)) {
		fill_leaves(ept, children, level - 1, start, (uint8_t)k.type);
		return true;
	}
	for (i = 0; i < EPT_ENTRIES; i++)
		if (!fill_entry(ept, &children[i], level - 1, start + i * level_size(level - 1), h,
				k))
			return false;
	return true;
}

static bool config_valid(const struct ept_ops *ops, const struct ept_config *cfg, uint64_t *top)
{
	unsigned int bits;
	uint64_t limit;

	if (!ops || !ops->alloc_table || !ops->phys_to_virt || !cfg || !cfg->mtrr ||
	    (cfg->hole_count && !cfg->holes))
		return false;
	bits = mtrr_phys_addr_bits(cfg->mtrr);
	limit = bits >= 48 ? EPT_GPA_LIMIT : 1ull << bits;
	*top = cfg->top ? cfg->top : limit;
	return (*top & PAGE_MASK) == 0 && *top <= limit;
}

bool ept_build(struct ept *ept, const struct ept_ops *ops, const struct ept_config *cfg)
{
	const struct holes h = { cfg ? cfg->holes : NULL, cfg ? cfg->hole_count : 0 };
	uint64_t top, *entries;
	unsigned int i;

	memset(ept, 0, sizeof(*ept));
	if (!config_valid(ops, cfg, &top))
		return false;
	ept->ops = *ops;
	ept->mtrr = cfg->mtrr;
	ept->ept_vpid_cap = cfg->ept_vpid_cap;
	ept->top = top;
	if (!new_table(ept, &ept->root))
		return false;
	entries = table_at(ept, ept->root);
	for (i = 0; i < EPT_ENTRIES; i++) {
		if (!fill_entry(ept, &entries[i], LEVEL_PML4, i * level_size(LEVEL_PML4), &h,
				nothing_known)) {
			ept_destroy(ept);
			return false;
		}
	}
	return true;
}

/* Unmaps the hole within one table at level, whose range starts at start. */
static bool unmap_in_table(struct ept *ept, uint64_t table, int level, uint64_t start,
			   const struct holes *h)
{
	uint64_t *entries = table_at(ept, table), size = level_size(level), from, fresh;
	unsigned int i;

	for (i = 0; i < EPT_ENTRIES; i++) {
		from = start + i * size;
		if (!present(entries[i]) || !touches_hole(h, from, from + size))
			continue;
		if (inside_hole(h, from, from + size)) {
			release_entry(ept, entries[i], level);
			entries[i] = 0;
		} else if (is_table(entries[i], level)) {
			if (!unmap_in_table(ept, entries[i] & EPT_ADDR_MASK, level - 1, from, h))
				return false;
		} else {
			/* A large page partly in the hole: rebuild it beside. */
			if (!fill_entry(ept, &fresh, level, from, h, nothing_known)) {
				release_entry(ept, fresh, level);
				return false;
			}
			release_entry(ept, entries[i], level);
			entries[i] = fresh;
		}
	}
	return true;
}

bool ept_unmap(struct ept *ept, uint64_t base, uint64_t size)
{
	const struct phys_range range = { base, base + size };
	const struct holes h = { &range, 1 };

	if (!ept->root || base + size < base)
		return false;
	if (size == 0)
		return true;
	return unmap_in_table(ept, ept->root, LEVEL_PML4, 0, &h);
}

bool ept_set_page_access(struct ept *ept, uint64_t gpa, uint8_t access)
{
	struct ept_mapping m;
	uint64_t table, *entry = NULL, page = gpa & ~(uint64_t)(PAGE_4K - 1);
	int level;

	if (!ept_lookup(ept, page, &m) || (access & ~EPT_RWX))
		return false;
	/* Split down to this one page: unmapped for a moment, then mapped again below. */
	if (m.page_size != PAGE_4K && !ept_unmap(ept, page, PAGE_4K))
		return false;
	table = ept->root;
	for (level = LEVEL_PML4; level >= LEVEL_PT; level--) {
		entry = &table_at(ept, table)[level_index(page, level)];
		if (level == LEVEL_PT)
			break;
		if (!is_table(*entry, level))
			return false;
		table = *entry & EPT_ADDR_MASK;
	}
	*entry = m.phys | access | (uint64_t)m.memtype << EPT_MEMTYPE_SHIFT |
		 (m.ignore_pat ? EPT_IGNORE_PAT : 0);
	return true;
}

bool ept_map_page(struct ept *ept, uint64_t gpa, uint64_t hpa)
{
	uint64_t table = ept->root, *entry;
	uint8_t type;

	if (!ept->root || (gpa | hpa) & (PAGE_4K - 1) || gpa >= ept->top || (hpa & ~EPT_ADDR_MASK))
		return false;
	for (int level = LEVEL_PML4; level > LEVEL_PT; level--) {
		entry = &table_at(ept, table)[level_index(gpa, level)];
		if (!present(*entry)) {
			uint64_t fresh;
			if (!new_table(ept, &fresh))
				return false;
			*entry = fresh | EPT_RWX;
		} else if (!is_table(*entry, level)) {
			return false; /* a large page: mapped already */
		}
		table = *entry & EPT_ADDR_MASK;
	}
	entry = &table_at(ept, table)[level_index(gpa, LEVEL_PT)];
	if (present(*entry))
		return false;
	type = mtrr_type_at(ept->mtrr, gpa);
	*entry = hpa | EPT_RWX | (uint64_t)type << EPT_MEMTYPE_SHIFT;
	ept->leaves[EPT_LEVEL_4K]++;
	return true;
}

void ept_destroy(struct ept *ept)
{
	/* The root as the one entry of a table above the PML4. */
	if (ept->root)
		release_entry(ept, ept->root | EPT_RWX, LEVEL_PML4 + 1);
	ept->root = 0;
}

uint64_t ept_pointer(uint64_t root_phys, uint64_t ept_vpid_cap)
{
	uint64_t type = (ept_vpid_cap & EPT_CAP_MEMTYPE_WB) ? MEMTYPE_WB : MEMTYPE_UC;

	return (root_phys & EPTP_ADDR_MASK) | EPTP_WALK_LENGTH_4 | type;
}

bool ept_lookup(const struct ept *ept, uint64_t gpa, struct ept_mapping *m)
{
	uint64_t table = ept->root, entry = 0, access = EPT_RWX, size;
	int level;

	if (!ept->root || gpa >= EPT_GPA_LIMIT)
		return false;
	for (level = LEVEL_PML4; level >= LEVEL_PT; level--) {
		entry = table_at(ept, table)[level_index(gpa, level)];
		if (!present(entry))
			return false;
		access &= entry;
		if (!is_table(entry, level))
			break;
		table = entry & EPT_ADDR_MASK;
	}
	size = level_size(level);
	if (m) {
		m->phys = (entry & EPT_ADDR_MASK & ~(size - 1)) | (gpa & (size - 1));
		m->page_size = size;
		m->access = access;
		m->memtype = (entry & EPT_MEMTYPE_MASK) >> EPT_MEMTYPE_SHIFT;
		m->ignore_pat = entry & EPT_IGNORE_PAT;
	}
	return true;
}

/*
 * The span from gpa to the end of the entry that keeps it from reaching
 * itself: not present, or a leaf that backs it with other host pages (a
 * window over hidden memory); 0 when gpa is mapped to itself.
 */
static uint64_t unmapped_span(const struct ept *ept, uint64_t gpa)
{
	uint64_t table = ept->root, entry, size;
	int level;

	for (level = LEVEL_PML4; level >= LEVEL_PT; level--) {
		entry = table_at(ept, table)[level_index(gpa, level)];
		size = level_size(level);
		if (!present(entry))
			return size - (gpa & (size - 1));
		if (!is_table(entry, level)) {
			if ((entry & EPT_ADDR_MASK & ~(size - 1)) == (gpa & ~(size - 1)))
				return 0;
			return size - (gpa & (size - 1));
		}
		table = entry & EPT_ADDR_MASK;
	}
	return 0;
}

bool ept_find_mapped(const struct ept *ept, uint64_t base, uint64_t end, uint64_t *mapped)
{
	uint64_t gpa = base, span;

	if (!ept->root)
		return false;
	if (end > EPT_GPA_LIMIT)
		end = EPT_GPA_LIMIT;
	while (gpa < end) {
		span = unmapped_span(ept, gpa);
		if (!span) {
			if (mapped)
				*mapped = gpa;
			return true;
		}
		if (span > end - gpa)
			break;
		gpa += span;
	}
	return false;
}
