#include "lib/linux_memory.h"

#define PAGE_MASK_4K 0xfffull

static bool add(struct linux_range *out, uint32_t max, uint32_t *n, uint64_t base, uint64_t end,
		bool *overflow)
{
	base &= ~PAGE_MASK_4K;
	end = (end + PAGE_MASK_4K) & ~PAGE_MASK_4K;
	if (end <= base)
		return true;
	/* Touching or overlapping the previous piece (maps may overlap): one range. */
	if (*n && base <= out[*n - 1].base + out[*n - 1].size) {
		uint64_t prev_end = out[*n - 1].base + out[*n - 1].size;
		if (end > prev_end)
			out[*n - 1].size = end - out[*n - 1].base;
		return true;
	}
	if (*n == max) {
		*overflow = true;
		return false;
	}
	out[(*n)++] = (struct linux_range){ base, end - base };
	return true;
}

/* RAM [start, end) minus the free ranges, appended to out. */
static bool kept_of_ram(uint64_t start, uint64_t end, const struct phys_range *free,
			uint32_t free_count, struct linux_range *out, uint32_t max, uint32_t *n,
			bool *overflow)
{
	uint64_t at = start;

	for (uint32_t i = 0; i < free_count && at < end; i++) {
		if (free[i].end <= at)
			continue;
		if (free[i].base >= end)
			break;
		if (free[i].base > at && !add(out, max, n, at, free[i].base, overflow))
			return false;
		if (free[i].end > at)
			at = free[i].end;
	}
	return at >= end || add(out, max, n, at, end, overflow);
}

uint32_t linux_kept_ranges(const struct mb2_mmap_entry *mmap, uint32_t mmap_count,
			   const struct phys_range *free, uint32_t free_count,
			   struct linux_range *out, uint32_t max, bool *overflow)
{
	uint32_t n = 0;
	/* RAM ranges in address order, so that out comes out sorted. */
	uint64_t from = 0;

	*overflow = false;
	for (;;) {
		const struct mb2_mmap_entry *next = NULL;
		for (uint32_t i = 0; i < mmap_count; i++) {
			const struct mb2_mmap_entry *e = &mmap[i];
			if (e->type != MB2_MMAP_AVAILABLE || !e->length || e->base < from)
				continue;
			if (!next || e->base < next->base)
				next = e;
		}
		if (!next)
			return n;
		uint64_t end = next->base + next->length < next->base ? UINT64_MAX
								      : next->base + next->length;
		if (!kept_of_ram(next->base, end, free, free_count, out, max, &n, overflow))
			return n;
		if (next->base == UINT64_MAX)
			return n;
		from = next->base + 1;
	}
}
