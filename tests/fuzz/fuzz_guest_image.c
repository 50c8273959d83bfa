/*
 * libFuzzer target for the Multiboot guest loader's pure half: detection
 * (lib/guest_image.c, lib/mb2_header.c), the load plan
 * (lib/multiboot_load.c, lib/elf_segments.c), the memory map carve
 * (lib/multiboot_mmap.c) and both boot-information builders.
 *
 * The input is the guest image, read from a heap block of exactly its
 * size so AddressSanitizer sees any read past it.  Beyond not crashing,
 * the promises of the headers are checked (a broken one traps): a refusal
 * names a reason and leaves nothing behind; an accepted plan has segments
 * inside the image, inside RAM, off the forbidden range, apart from each
 * other, below 4 GiB, with the entry in one of them; the information built
 * from the image's own bytes parses back with the kernel's Multiboot2
 * parser and fits the buffer it was given.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/guest_image.h"
#include "lib/multiboot2.h"
#include "lib/multiboot_info.h"
#include "lib/multiboot_load.h"
#include "lib/multiboot_mmap.h"
#include "tests/fuzz/check.h"

#define MIB	 0x100000ull
#define INFO_CAP 4096

static const struct mb_range ram[] = { { 0, 0x9f000 }, { MIB, 128 * MIB } };
static const struct mb_range forbidden[] = { { 64 * MIB, 80 * MIB } };

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

static bool inside(uint64_t base, uint64_t end, const struct mb_range *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (base >= r[i].base && end <= r[i].end)
			return true;
	return false;
}

static void check_plan(const struct mb_load_plan *p, size_t len)
{
	const struct mb_segment *s;
	bool entry_in = false;
	uint32_t i, j;

	CHECK(p->count >= 1 && p->count <= MB_LOAD_MAX_SEGMENTS);
	for (i = 0; i < p->count; i++) {
		s = &p->seg[i];
		CHECK(s->file_bytes <= s->mem_bytes && s->mem_bytes > 0);
		CHECK(s->file_offset <= len && s->file_bytes <= len - s->file_offset);
		CHECK(s->dest + s->mem_bytes <= (1ull << 32));
		CHECK(inside(s->dest, s->dest + s->mem_bytes, ram, 2));
		CHECK(s->dest + s->mem_bytes <= forbidden[0].base || s->dest >= forbidden[0].end);
		for (j = 0; j < i; j++)
			CHECK(s->dest + s->mem_bytes <= p->seg[j].dest ||
			      p->seg[j].dest + p->seg[j].mem_bytes <= s->dest);
		entry_in |= p->entry >= s->dest && p->entry - s->dest < s->mem_bytes;
	}
	CHECK(entry_in);
}

/* A string of up to 64 of the image's bytes, NUL-terminated. */
static void string_from(const uint8_t *data, size_t size, size_t at, char *out)
{
	size_t n = size > at ? size - at : 0;

	n = n < 64 ? n : 64;
	memcpy(out, data + at, n);
	out[n] = '\0';
}

/* Memory ranges taken from the image's first bytes, carved, then both builders. */
static void build_info(const uint8_t *data, size_t size)
{
	static struct mb2_info parsed;
	struct mb2_mmap_entry in[4], map[16];
	struct mb_range hyp[2];
	struct mb_module_desc mod;
	struct mb_info_desc d = { 0 };
	char cmdline[65], modstr[65];
	uint8_t *buf;
	size_t cap, i;
	uint32_t count, got, phys;
	const char *reason = NULL;
	uint8_t raw[96] = { 0 };

	memcpy(raw, data, size < sizeof(raw) ? size : sizeof(raw));
	for (i = 0; i < 4; i++) {
		memcpy(&in[i].base, raw + 16 * i, 4);
		memcpy(&in[i].length, raw + 16 * i + 4, 4);
		in[i].type = raw[16 * i + 8] % 6;
	}
	memcpy(&hyp[0].base, raw + 64, 4);
	hyp[0].end = hyp[0].base + raw[68] * 4096ull;
	hyp[1] = (struct mb_range){ 0x7000, 0x8000 };
	CHECK(mb_mmap_carve(in, 4, hyp, 2, map, 16, &count, &reason));
	for (i = 1; i < count; i++)
		CHECK(map[i - 1].base + map[i - 1].length <= map[i].base);
	string_from(data, size, 96, cmdline);
	string_from(data, size, 160, modstr);
	mod = (struct mb_module_desc){ 0x200000, 0x200000 + raw[70], modstr };
	cap = raw[71] * 16u;
	phys = ((uint32_t)raw[72] << 24) & ~7u;
	buf = malloc(cap ? cap : 1);
	CHECK(buf && (uintptr_t)buf % 8 == 0);
	d = (struct mb_info_desc){ map, count, cmdline, &mod, 1, "fuzz", NULL, 0, NULL };
	if (mb2_build_info(&d, buf, cap, phys, &got, &reason)) {
		CHECK(got <= cap && got % 8 == 0);
		CHECK(mb2_parse(buf, got, &parsed, NULL, 0) == MB2_OK);
		CHECK(strcmp(parsed.cmdline, cmdline) == 0 && parsed.mmap_count == count);
	} else {
		CHECK(reason && got == 0);
	}
	if (mb1_build_info(&d, buf, cap, phys, &got, &reason))
		CHECK(got <= cap);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *image = malloc(size ? size : 1);
	struct guest_image gi;
	struct mb_load_plan plan;
	const char *reason = NULL;

	CHECK(image != NULL);
	memcpy(image, data, size);
	if (!guest_image_detect(image, size, &gi, &reason)) {
		CHECK(reason != NULL && gi.kind == GUEST_IMAGE_NONE);
	} else if (gi.kind != GUEST_IMAGE_LINUX) {
		CHECK(gi.header_offset < size && gi.header_length <= size - gi.header_offset);
		reason = NULL;
		if (mb_load_plan(image, size, &gi, ram, 2, forbidden, 1, &plan, &reason))
			check_plan(&plan, size);
		else
			CHECK(reason != NULL && all_zero(&plan, sizeof(plan)));
	}
	free(image);
	build_info(data, size);
	return 0;
}
