/*
 * Carving the hypervisor's ranges out of the guest's memory map, without
 * scratch memory: the map is rebuilt one elementary interval at a time,
 * between consecutive boundaries of all the inputs, found by a scan (the
 * inputs are a few hundred entries at most, so quadratic time is fine).
 */
#include "lib/multiboot_mmap.h"

#define LOW_MEMORY_END	 0xa0000ull /* 640 KiB */
#define HIGH_MEMORY_BASE 0x100000ull
#define FOUR_GIB	 (1ull << 32)

static uint64_t entry_end(const struct mb2_mmap_entry *e)
{
	uint64_t end = e->base + e->length;

	return end < e->base ? UINT64_MAX : end;
}

static void consider(uint64_t point, uint64_t after, uint64_t *next)
{
	if (point > after && point < *next)
		*next = point;
}

/* The smallest boundary above after; UINT64_MAX if none. */
static uint64_t next_boundary(const struct mb2_mmap_entry *ram, uint32_t n,
			      const struct mb_range *forbidden, uint32_t nf, uint64_t after)
{
	uint64_t next = UINT64_MAX;
	uint32_t i;

	for (i = 0; i < n; i++) {
		consider(ram[i].base, after, &next);
		consider(entry_end(&ram[i]), after, &next);
	}
	for (i = 0; i < nf; i++) {
		consider(forbidden[i].base, after, &next);
		consider(forbidden[i].end, after, &next);
	}
	return next;
}

/* The type of the byte at point: 0 if no entry covers it. */
static uint32_t type_at(const struct mb2_mmap_entry *ram, uint32_t n,
			const struct mb_range *forbidden, uint32_t nf, uint64_t point)
{
	uint32_t i, type = 0;

	for (i = 0; i < n; i++) {
		if (point < ram[i].base || point >= entry_end(&ram[i]))
			continue;
		if (type == 0 || type == MB2_MMAP_AVAILABLE ||
		    (ram[i].type != MB2_MMAP_AVAILABLE && ram[i].type > type))
			type = ram[i].type;
	}
	if (type == 0)
		return 0;
	for (i = 0; i < nf; i++)
		if (forbidden[i].base <= point && point < forbidden[i].end)
			return MB2_MMAP_RESERVED;
	return type;
}

static bool append(struct mb2_mmap_entry *out, uint32_t max, uint32_t *count, uint64_t base,
		   uint64_t end, uint32_t type)
{
	struct mb2_mmap_entry *last = *count ? &out[*count - 1] : 0;

	if (last && last->type == type && last->base + last->length == base) {
		last->length = end - last->base;
		return true;
	}
	if (*count == max)
		return false;
	out[(*count)++] = (struct mb2_mmap_entry){ base, end - base, type };
	return true;
}

bool mb_mmap_carve(const struct mb2_mmap_entry *ram, uint32_t ram_count,
		   const struct mb_range *forbidden, uint32_t forbidden_count,
		   struct mb2_mmap_entry *out, uint32_t max, uint32_t *count, const char **reason)
{
	uint64_t at = 0, next;
	uint32_t type;

	*count = 0;
	for (;;) {
		next = next_boundary(ram, ram_count, forbidden, forbidden_count, at);
		type = type_at(ram, ram_count, forbidden, forbidden_count, at);
		if (type && !append(out, max, count, at, next, type)) {
			*reason = "mmap-full";
			return false;
		}
		if (next == UINT64_MAX)
			return true;
		at = next;
	}
}

/* The end of the available run that holds from, or from if none does. */
static uint64_t available_run_end(const struct mb2_mmap_entry *map, uint32_t count, uint64_t from)
{
	uint64_t reach = from, prev;
	uint32_t i;

	do {
		prev = reach;
		for (i = 0; i < count; i++)
			if (map[i].type == MB2_MMAP_AVAILABLE && map[i].base <= reach &&
			    reach < entry_end(&map[i]))
				reach = entry_end(&map[i]);
	} while (reach != prev);
	return reach;
}

uint32_t mb_mem_lower_kib(const struct mb2_mmap_entry *map, uint32_t count)
{
	uint64_t end = available_run_end(map, count, 0);

	return (uint32_t)((end < LOW_MEMORY_END ? end : LOW_MEMORY_END) >> 10);
}

uint32_t mb_mem_upper_kib(const struct mb2_mmap_entry *map, uint32_t count)
{
	uint64_t end = available_run_end(map, count, HIGH_MEMORY_BASE);

	if (end > FOUR_GIB)
		end = FOUR_GIB;
	return (uint32_t)((end - HIGH_MEMORY_BASE) >> 10);
}
