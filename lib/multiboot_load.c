/*
 * The Multiboot load plan (lib/multiboot_load.h): segments from the a.out
 * kludge or the ELF program headers, then the checks every segment must
 * pass before the caller writes a byte of guest memory.
 */
#include "lib/multiboot_load.h"

#include <string.h>

#include "include/multiboot2_header.h"
#include "lib/elf_segments.h"

#define FOUR_GIB (1ull << 32)

static bool refuse(const char **reason, const char *token)
{
	*reason = token;
	return false;
}

/*
 * Multiboot 3.1.3 / Multiboot2 3.1.5: the file is loaded from the offset
 * where the header was found minus (header_addr - load_addr), to
 * load_end_addr (0: the file's end), and zeroed to bss_end_addr (0: no
 * bss).  Multiboot2's load_addr -1 loads from the file's start, placed so
 * that the header lands at header_addr.
 */
static bool aout_segment(size_t len, const struct guest_image *hdr, struct mb_segment *seg,
			 const char **reason)
{
	const struct mb_aout_addresses *a = &hdr->aout;
	uint64_t load = a->load_addr, before;

	if (hdr->kind == GUEST_IMAGE_MULTIBOOT2 && a->load_addr == MB2_LOAD_FROM_START)
		load = (uint64_t)a->header_addr - hdr->header_offset;
	before = (uint64_t)a->header_addr - load;
	if (load > a->header_addr || before > hdr->header_offset)
		return refuse(reason, "bad-aout");
	seg->dest = load;
	seg->file_offset = hdr->header_offset - before;
	if (a->load_end_addr == 0)
		seg->file_bytes = len - seg->file_offset;
	else if (a->load_end_addr < load)
		return refuse(reason, "bad-aout");
	else
		seg->file_bytes = a->load_end_addr - load;
	if (seg->file_bytes > len - seg->file_offset)
		return refuse(reason, "past-image");
	seg->mem_bytes = seg->file_bytes;
	if (a->bss_end_addr == 0)
		return true;
	if (a->bss_end_addr < load + seg->file_bytes)
		return refuse(reason, "bad-aout");
	seg->mem_bytes = a->bss_end_addr - load;
	return true;
}

static bool plan_aout(size_t len, const struct guest_image *hdr, struct mb_load_plan *plan,
		      const char **reason)
{
	if (!hdr->has_entry)
		return refuse(reason, "no-entry");
	if (!aout_segment(len, hdr, &plan->seg[0], reason))
		return false;
	plan->count = plan->seg[0].mem_bytes ? 1 : 0;
	plan->from_aout = true;
	plan->entry = hdr->entry_addr;
	return true;
}

/* e_entry through the segment whose virtual range holds it (as GRUB does). */
static uint64_t entry_physical(const struct mb_load_plan *plan, const uint64_t *vaddr,
			       uint64_t entry)
{
	uint32_t i;

	for (i = 0; i < plan->count; i++)
		if (entry >= vaddr[i] && entry - vaddr[i] < plan->seg[i].mem_bytes)
			return entry - vaddr[i] + plan->seg[i].dest;
	return entry;
}

static bool plan_elf(const uint8_t *image, size_t len, const struct guest_image *hdr,
		     struct mb_load_plan *plan, const char **reason)
{
	uint64_t vaddr[MB_LOAD_MAX_SEGMENTS], entry;

	if (!elf_is_elf(image, len))
		return refuse(reason, "not-elf");
	if (!elf_read_segments(image, len, plan, vaddr, &entry, reason))
		return false;
	if (hdr->has_entry) {
		plan->entry = hdr->entry_addr;
		return true;
	}
	entry = entry_physical(plan, vaddr, entry);
	if (entry >= FOUR_GIB)
		return refuse(reason, "above-4g");
	plan->entry = (uint32_t)entry;
	return true;
}

static bool overlaps(const struct mb_segment *a, const struct mb_segment *b)
{
	return a->dest < b->dest + b->mem_bytes && b->dest < a->dest + a->mem_bytes;
}

static bool segments_sane(const struct mb_load_plan *plan, const char **reason)
{
	uint32_t i, j;

	if (plan->count == 0)
		return refuse(reason, "no-segments");
	for (i = 0; i < plan->count; i++) {
		if (plan->seg[i].dest + plan->seg[i].mem_bytes < plan->seg[i].dest)
			return refuse(reason, "overflow");
		if (plan->seg[i].dest + plan->seg[i].mem_bytes > FOUR_GIB)
			return refuse(reason, "above-4g");
		for (j = 0; j < i; j++)
			if (overlaps(&plan->seg[i], &plan->seg[j]))
				return refuse(reason, "overlap");
	}
	return true;
}

static bool entry_inside(const struct mb_load_plan *plan)
{
	uint32_t i;

	for (i = 0; i < plan->count; i++)
		if (plan->entry >= plan->seg[i].dest &&
		    plan->entry - plan->seg[i].dest < plan->seg[i].mem_bytes)
			return true;
	return false;
}

/* [base, end) lies inside the union of the ranges, in whatever order they come. */
static bool covered(uint64_t base, uint64_t end, const struct mb_range *r, uint32_t n)
{
	uint64_t reach;
	uint32_t i;

	while (base < end) {
		reach = base;
		for (i = 0; i < n; i++)
			if (r[i].base <= base && base < r[i].end && r[i].end > reach)
				reach = r[i].end;
		if (reach == base)
			return false;
		base = reach;
	}
	return true;
}

static bool touches(uint64_t base, uint64_t end, const struct mb_range *r, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (r[i].base < r[i].end && r[i].base < end && base < r[i].end)
			return true;
	return false;
}

static bool placement_allowed(const struct mb_load_plan *plan, const struct mb_range *ram,
			      uint32_t ram_count, const struct mb_range *forbidden,
			      uint32_t forbidden_count, const char **reason)
{
	const struct mb_segment *s;
	uint32_t i;

	for (i = 0; i < plan->count; i++) {
		s = &plan->seg[i];
		if (!covered(s->dest, s->dest + s->mem_bytes, ram, ram_count))
			return refuse(reason, "past-ram");
		if (touches(s->dest, s->dest + s->mem_bytes, forbidden, forbidden_count))
			return refuse(reason, "forbidden");
	}
	return true;
}

bool mb_load_plan(const void *image, size_t len, const struct guest_image *hdr,
		  const struct mb_range *ram, uint32_t ram_count, const struct mb_range *forbidden,
		  uint32_t forbidden_count, struct mb_load_plan *plan, const char **reason)
{
	bool ok;

	memset(plan, 0, sizeof(*plan));
	if (hdr->kind != GUEST_IMAGE_MULTIBOOT1 && hdr->kind != GUEST_IMAGE_MULTIBOOT2)
		return refuse(reason, "not-multiboot");
	if (hdr->has_aout)
		ok = plan_aout(len, hdr, plan, reason);
	else
		ok = plan_elf(image, len, hdr, plan, reason);
	ok = ok && segments_sane(plan, reason);
	if (ok && !entry_inside(plan))
		ok = refuse(reason, "entry-outside");
	ok = ok && placement_allowed(plan, ram, ram_count, forbidden, forbidden_count, reason);
	if (!ok)
		memset(plan, 0, sizeof(*plan));
	return ok;
}
