/*
 * Physical page-frame allocator: a sorted table of free ranges.
 *
 * pmm_init() computes (union of usable) minus (union of reserved) without
 * scratch memory by sweeping upwards through the address space: the lowest
 * free address at or above a point is that point, the base of a usable range
 * or the end of a reserved one, so only those boundaries need testing.  Both
 * inputs are walked once per boundary, which is quadratic in the number of
 * memory-map entries but needs no sorting and no copy of the inputs.
 */
#include <string.h>

#include "include/config.h"
#include "lib/pmm.h"

static uint64_t align_down(uint64_t x, uint64_t align)
{
	return x & ~(align - 1);
}

/* Saturates rather than wrapping to 0, so a range near 2^64 stays large. */
static uint64_t align_up(uint64_t x, uint64_t align)
{
	uint64_t top = align_down(UINT64_MAX, align);

	return x > top ? top : align_down(x + align - 1, align);
}

static uint64_t range_pages(struct phys_range r)
{
	return (r.end - r.base) / PAGE_SIZE;
}

static bool range_empty(struct phys_range r)
{
	return r.end <= r.base;
}

static bool range_contains(struct phys_range r, uint64_t addr)
{
	return r.base <= addr && addr < r.end;
}

struct range_sources {
	const struct phys_range *usable;
	size_t n_usable;
	const struct phys_range *reserved;
	size_t n_reserved;
};

/* Usable memory counts only in whole pages. */
static struct phys_range usable_at(const struct range_sources *s, size_t i)
{
	struct phys_range r = {
		.base = align_up(s->usable[i].base, PAGE_SIZE),
		.end = align_down(s->usable[i].end, PAGE_SIZE),
	};
	return r;
}

/* A page that is even partly reserved is reserved. */
static struct phys_range reserved_at(const struct range_sources *s, size_t i)
{
	struct phys_range r = {
		.base = align_down(s->reserved[i].base, PAGE_SIZE),
		.end = align_up(s->reserved[i].end, PAGE_SIZE),
	};
	if (s->reserved[i].end <= s->reserved[i].base)
		r.end = r.base;
	return r;
}

static bool is_free(const struct range_sources *s, uint64_t addr)
{
	bool usable = false;
	size_t i;

	for (i = 0; i < s->n_usable && !usable; i++)
		usable = range_contains(usable_at(s, i), addr);
	for (i = 0; i < s->n_reserved && usable; i++)
		usable = !range_contains(reserved_at(s, i), addr);
	return usable;
}

/* The lowest boundary above `after` where a free range could start. */
static uint64_t next_boundary(const struct range_sources *s, uint64_t after)
{
	uint64_t best = PMM_NONE;
	struct phys_range r;
	size_t i;

	for (i = 0; i < s->n_usable; i++) {
		r = usable_at(s, i);
		if (!range_empty(r) && r.base > after && r.base < best)
			best = r.base;
	}
	for (i = 0; i < s->n_reserved; i++) {
		r = reserved_at(s, i);
		if (!range_empty(r) && r.end > after && r.end < best)
			best = r.end;
	}
	return best;
}

/* End of the run of touching or overlapping usable ranges holding start. */
static uint64_t usable_run_end(const struct range_sources *s, uint64_t start)
{
	uint64_t end = start;
	bool grew = true;
	struct phys_range r;
	size_t i;

	while (grew) {
		grew = false;
		for (i = 0; i < s->n_usable; i++) {
			r = usable_at(s, i);
			if (r.base <= end && end < r.end) {
				end = r.end;
				grew = true;
			}
		}
	}
	return end;
}

/* A free range starting at `start` runs until usable memory stops or a
 * reserved range begins. */
static uint64_t free_run_end(const struct range_sources *s, uint64_t start)
{
	uint64_t end = usable_run_end(s, start);
	struct phys_range r;
	size_t i;

	for (i = 0; i < s->n_reserved; i++) {
		r = reserved_at(s, i);
		if (!range_empty(r) && r.base > start && r.base < end)
			end = r.base;
	}
	return end;
}

/* The first maximal free range at or above pos; false if there is none. */
static bool next_free_range(const struct range_sources *s, uint64_t pos, struct phys_range *out)
{
	uint64_t start = pos;

	while (start != PMM_NONE && !is_free(s, start))
		start = next_boundary(s, start);
	if (start == PMM_NONE)
		return false;
	out->base = start;
	out->end = free_run_end(s, start);
	return true;
}

static uint64_t count_free_pages(const struct range_sources *s)
{
	struct phys_range r;
	uint64_t pos = 0, pages = 0;

	while (next_free_range(s, pos, &r)) {
		pages += range_pages(r);
		pos = r.end;
	}
	return pages;
}

static void table_remove(struct pmm *p, uint32_t i)
{
	p->free_pages -= range_pages(p->free[i]);
	memmove(&p->free[i], &p->free[i + 1], (p->count - i - 1) * sizeof(p->free[0]));
	p->count--;
}

/* The first of the smallest ranges, so ties keep the lower ones. */
static uint32_t table_smallest(const struct pmm *p)
{
	uint32_t i, smallest = 0;

	for (i = 1; i < p->count; i++)
		if (range_pages(p->free[i]) < range_pages(p->free[smallest]))
			smallest = i;
	return smallest;
}

/*
 * Inserts r at index i, which keeps the table sorted.  When the table is
 * full, losing a sliver beats losing a large range: the smallest range,
 * r included, is dropped.
 */
static void table_insert(struct pmm *p, uint32_t i, struct phys_range r)
{
	if (p->count == PMM_MAX_RANGES) {
		uint32_t smallest = table_smallest(p);

		p->overflowed = true;
		if (range_pages(r) <= range_pages(p->free[smallest]))
			return;
		table_remove(p, smallest);
		if (smallest < i)
			i--;
	}
	memmove(&p->free[i + 1], &p->free[i], (p->count - i) * sizeof(p->free[0]));
	p->free[i] = r;
	p->count++;
	p->free_pages += range_pages(r);
}

/* Number of ranges whose base is at or below addr: where addr would go. */
static uint32_t table_position(const struct pmm *p, uint64_t addr)
{
	uint32_t lo = 0, hi = p->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (p->free[mid].base <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void pmm_init(struct pmm *p, const struct phys_range *usable, size_t n_usable,
	      const struct phys_range *reserved, size_t n_reserved)
{
	const struct range_sources ram = { usable, n_usable, NULL, 0 };
	const struct range_sources avail = { usable, n_usable, reserved, n_reserved };
	struct phys_range r;
	uint64_t pos = 0;

	memset(p, 0, sizeof(*p));
	p->usable_pages = count_free_pages(&ram);
	while (next_free_range(&avail, pos, &r)) {
		table_insert(p, p->count, r);
		pos = r.end;
	}
}

/* Base of the highest aligned block of size bytes in r ending by limit. */
static uint64_t highest_fit(struct phys_range r, uint64_t size, uint64_t align, uint64_t limit)
{
	uint64_t top = r.end < limit ? r.end : limit;
	uint64_t base;

	if (top < r.base || top - r.base < size)
		return PMM_NONE;
	base = align_down(top - size, align);
	return base >= r.base ? base : PMM_NONE;
}

/* Takes [base, end) out of range i, leaving what is below and above it. */
static void table_carve(struct pmm *p, uint32_t i, uint64_t base, uint64_t end)
{
	struct phys_range below = { p->free[i].base, base };
	struct phys_range above = { end, p->free[i].end };

	table_remove(p, i);
	if (!range_empty(above))
		table_insert(p, i, above);
	if (!range_empty(below))
		table_insert(p, i, below);
}

uint64_t pmm_alloc(struct pmm *p, uint64_t pages, uint64_t align, uint64_t limit)
{
	uint64_t size, base;
	uint32_t i;

	if (pages == 0 || pages > UINT64_MAX / PAGE_SIZE)
		return PMM_NONE;
	if (align < PAGE_SIZE || (align & (align - 1)) != 0)
		return PMM_NONE;
	size = pages * PAGE_SIZE;

	/* Ranges are sorted and disjoint: the first fit from the top is the
	 * highest. */
	for (i = p->count; i-- > 0;) {
		base = highest_fit(p->free[i], size, align, limit);
		if (base != PMM_NONE) {
			table_carve(p, i, base, base + size);
			return base;
		}
	}
	return PMM_NONE;
}

bool pmm_free(struct pmm *p, uint64_t base, uint64_t pages)
{
	const uint64_t top = align_down(UINT64_MAX, PAGE_SIZE);
	struct phys_range r;
	uint32_t i;

	if (pages == 0 || base % PAGE_SIZE != 0 || pages > (top - base) / PAGE_SIZE)
		return false;
	r.base = base;
	r.end = base + pages * PAGE_SIZE;

	i = table_position(p, base);
	if (i > 0 && p->free[i - 1].end > r.base)
		return false;
	if (i < p->count && p->free[i].base < r.end)
		return false;

	if (i > 0 && p->free[i - 1].end == r.base) {
		r.base = p->free[--i].base;
		table_remove(p, i);
	}
	if (i < p->count && p->free[i].base == r.end) {
		r.end = p->free[i].end;
		table_remove(p, i);
	}
	table_insert(p, i, r);
	return true;
}
