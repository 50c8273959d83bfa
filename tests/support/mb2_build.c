/* The Multiboot2 boot information builder for the unit tests: see mb2_build.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/support/mb2_build.h"

const struct mb2_framebuffer mb2_fb_rgb_1024x768 = {
	.addr = 0xfd000000,
	.pitch = 4096,
	.width = 1024,
	.height = 768,
	.bpp = 32,
	.type = MB2_FB_TYPE_RGB,
	.red_position = 16,
	.red_mask_size = 8,
	.green_position = 8,
	.green_mask_size = 8,
	.blue_position = 0,
	.blue_mask_size = 8,
};

uint8_t *blob_bytes(struct blob *b)
{
	return (uint8_t *)b->words;
}

void put(struct blob *b, const void *src, size_t n)
{
	assert_true(b->len + n <= BLOB_CAP);
	memcpy(blob_bytes(b) + b->len, src, n);
	b->len += n;
}

static void put_u8(struct blob *b, uint8_t v)
{
	put(b, &v, sizeof(v));
}

void put_u16(struct blob *b, uint16_t v)
{
	put(b, &v, sizeof(v));
}

void put_u32(struct blob *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

void put_u64(struct blob *b, uint64_t v)
{
	put(b, &v, sizeof(v));
}

void set_u32(struct blob *b, size_t offset, uint32_t v)
{
	memcpy(blob_bytes(b) + offset, &v, sizeof(v));
}

uint32_t get_u32(struct blob *b, size_t offset)
{
	uint32_t v;

	memcpy(&v, blob_bytes(b) + offset, sizeof(v));
	return v;
}

void pad_to_8(struct blob *b)
{
	while (b->len % 8)
		put_u8(b, 0);
}

void blob_begin(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	put_u32(b, 0); /* total_size, set by blob_finish() */
	put_u32(b, 0); /* reserved */
}

/* Starts a tag; returns its offset for tag_end(). */
size_t tag_begin(struct blob *b, uint32_t type)
{
	size_t at;

	pad_to_8(b);
	at = b->len;
	put_u32(b, type);
	put_u32(b, 0);
	return at;
}

/* Sets the tag's size to what was written since tag_begin(). */
void tag_end(struct blob *b, size_t at)
{
	set_u32(b, at + 4, (uint32_t)(b->len - at));
}

/* Appends the end tag and sets total_size. */
void blob_finish(struct blob *b)
{
	tag_end(b, tag_begin(b, MB2_TAG_END));
	set_u32(b, 0, (uint32_t)b->len);
}

size_t add_string_tag(struct blob *b, uint32_t type, const char *s)
{
	size_t at = tag_begin(b, type);

	put(b, s, strlen(s) + 1);
	tag_end(b, at);
	return at;
}

static void add_meminfo(struct blob *b, uint32_t lower, uint32_t upper)
{
	size_t at = tag_begin(b, MB2_TAG_BASIC_MEMINFO);

	put_u32(b, lower);
	put_u32(b, upper);
	tag_end(b, at);
}

/* entry_size may exceed 24: the extra bytes are filled with 0xee. */
size_t add_mmap(struct blob *b, uint32_t entry_size, const struct mb2_mmap_entry *entries,
		size_t count)
{
	size_t at = tag_begin(b, MB2_TAG_MMAP);

	put_u32(b, entry_size);
	put_u32(b, 0); /* entry_version */
	for (size_t i = 0; i < count; i++) {
		put_u64(b, entries[i].base);
		put_u64(b, entries[i].length);
		put_u32(b, entries[i].type);
		put_u32(b, 0);
		for (uint32_t extra = 24; extra < entry_size; extra++)
			put_u8(b, 0xee);
	}
	tag_end(b, at);
	return at;
}

void add_module(struct blob *b, uint32_t start, uint32_t end, const char *name)
{
	size_t at = tag_begin(b, MB2_TAG_MODULE);

	put_u32(b, start);
	put_u32(b, end);
	put(b, name, strlen(name) + 1);
	tag_end(b, at);
}

/* A tag with payload_len bytes of pattern, for RSDPs and unknown tags. */
size_t add_raw_tag(struct blob *b, uint32_t type, uint8_t pattern, size_t payload_len)
{
	size_t at = tag_begin(b, type);

	for (size_t i = 0; i < payload_len; i++)
		put_u8(b, (uint8_t)(pattern + i));
	tag_end(b, at);
	return at;
}

void add_fb_common(struct blob *b, uint64_t addr, uint32_t pitch, uint32_t width, uint32_t height,
		   uint8_t bpp, uint8_t type)
{
	put_u64(b, addr);
	put_u32(b, pitch);
	put_u32(b, width);
	put_u32(b, height);
	put_u8(b, bpp);
	put_u8(b, type);
	put_u16(b, 0); /* reserved, u16 as GRUB writes it */
}

static void add_fb_ega(struct blob *b)
{
	size_t at = tag_begin(b, MB2_TAG_FRAMEBUFFER);

	add_fb_common(b, 0xb8000, 160, 80, 25, 16, MB2_FB_TYPE_EGA_TEXT);
	tag_end(b, at);
}

static void add_fb_rgb(struct blob *b)
{
	size_t at = tag_begin(b, MB2_TAG_FRAMEBUFFER);
	static const uint8_t fields[6] = { 16, 8, 8, 8, 0, 8 };

	add_fb_common(b, 0xfd000000, 4096, 1024, 768, 32, MB2_FB_TYPE_RGB);
	put(b, fields, sizeof(fields));
	tag_end(b, at);
}

static void add_u64_tag(struct blob *b, uint32_t type, uint64_t value)
{
	size_t at = tag_begin(b, type);

	put_u64(b, value);
	tag_end(b, at);
}

static void add_u32_tag(struct blob *b, uint32_t type, uint32_t value)
{
	size_t at = tag_begin(b, type);

	put_u32(b, value);
	tag_end(b, at);
}

const struct mb2_mmap_entry bios_mmap[] = {
	{ 0x0, 0x9fc00, MB2_MMAP_AVAILABLE },
	{ 0x9fc00, 0x400, MB2_MMAP_RESERVED },
	{ 0xf0000, 0x10000, MB2_MMAP_RESERVED },
	{ 0x100000, 0x7ee0000, MB2_MMAP_AVAILABLE },
	{ 0x7fe0000, 0x20000, MB2_MMAP_ACPI_RECLAIMABLE },
	{ 0xfffc0000, 0x40000, MB2_MMAP_RESERVED },
	{ 0x100000000ull, 0x80000000ull, MB2_MMAP_AVAILABLE },
};
_Static_assert(sizeof(bios_mmap) / sizeof(bios_mmap[0]) == BIOS_MMAP_COUNT, "BIOS_MMAP_COUNT");

/* What GRUB hands over on a BIOS machine, plus tags to be skipped. */
void build_bios_info(struct blob *b)
{
	blob_begin(b);
	add_string_tag(b, MB2_TAG_CMDLINE, "console=com1 vmxdump");
	add_string_tag(b, MB2_TAG_LOADER_NAME, "GRUB 2.06");
	add_meminfo(b, 639, 130048);
	add_raw_tag(b, MB2_TAG_BOOTDEV, 0x80, 12); /* skipped */
	add_mmap(b, 24, bios_mmap, BIOS_MMAP_COUNT);
	add_raw_tag(b, MB2_TAG_ACPI_OLD_RSDP, 0x10, 20);
	add_fb_ega(b);
	add_raw_tag(b, 99, 0x55, 13); /* unknown type, odd size */
	blob_finish(b);
}

void build_uefi_info(struct blob *b)
{
	blob_begin(b);
	add_string_tag(b, MB2_TAG_CMDLINE, "smp=4");
	add_string_tag(b, MB2_TAG_LOADER_NAME, "GRUB 2.12");
	add_module(b, 0x200000, 0x201000, "initrd");
	add_mmap(b, 24, bios_mmap, 4);
	add_u64_tag(b, MB2_TAG_EFI64_SYSTAB, 0x7f9e8018);
	add_raw_tag(b, MB2_TAG_EFI_MMAP, 0x01, 8 + 48);
	add_raw_tag(b, MB2_TAG_ACPI_NEW_RSDP, 0x20, 36);
	add_fb_rgb(b);
	add_u64_tag(b, MB2_TAG_EFI64_IMAGE_HANDLE, 0x7e000000); /* skipped */
	add_u32_tag(b, MB2_TAG_LOAD_BASE_ADDR, 0x100000);
	add_raw_tag(b, MB2_TAG_EFI_BS_ACTIVE, 0, 0);
	blob_finish(b);
}
