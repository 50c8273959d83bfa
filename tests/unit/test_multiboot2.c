/*
 * Unit tests for lib/multiboot2.c.  Boot information blobs are built
 * here tag by tag, then copied into a heap buffer of exactly their size so
 * that AddressSanitizer catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/multiboot2.h"
#include "tests/support/rng.h"

#define BLOB_CAP 16384
#define ERR_LEN	 200

/* ---- A builder for boot information blobs ---- */

struct blob {
	uint64_t words[BLOB_CAP / 8]; /* 8-byte aligned, like the real one */
	size_t len;
};

static uint8_t *blob_bytes(struct blob *b)
{
	return (uint8_t *)b->words;
}

static void put(struct blob *b, const void *src, size_t n)
{
	assert_true(b->len + n <= BLOB_CAP);
	memcpy(blob_bytes(b) + b->len, src, n);
	b->len += n;
}

static void put_u8(struct blob *b, uint8_t v)
{
	put(b, &v, sizeof(v));
}

static void put_u16(struct blob *b, uint16_t v)
{
	put(b, &v, sizeof(v));
}

static void put_u32(struct blob *b, uint32_t v)
{
	put(b, &v, sizeof(v));
}

static void put_u64(struct blob *b, uint64_t v)
{
	put(b, &v, sizeof(v));
}

static void set_u32(struct blob *b, size_t offset, uint32_t v)
{
	memcpy(blob_bytes(b) + offset, &v, sizeof(v));
}

static uint32_t get_u32(struct blob *b, size_t offset)
{
	uint32_t v;

	memcpy(&v, blob_bytes(b) + offset, sizeof(v));
	return v;
}

static void pad_to_8(struct blob *b)
{
	while (b->len % 8)
		put_u8(b, 0);
}

static void blob_begin(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	put_u32(b, 0); /* total_size, set by blob_finish() */
	put_u32(b, 0); /* reserved */
}

/* Starts a tag; returns its offset for tag_end(). */
static size_t tag_begin(struct blob *b, uint32_t type)
{
	size_t at;

	pad_to_8(b);
	at = b->len;
	put_u32(b, type);
	put_u32(b, 0);
	return at;
}

/* Sets the tag's size to what was written since tag_begin(). */
static void tag_end(struct blob *b, size_t at)
{
	set_u32(b, at + 4, (uint32_t)(b->len - at));
}

/* Appends the end tag and sets total_size. */
static void blob_finish(struct blob *b)
{
	tag_end(b, tag_begin(b, MB2_TAG_END));
	set_u32(b, 0, (uint32_t)b->len);
}

static size_t add_string_tag(struct blob *b, uint32_t type, const char *s)
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
static size_t add_mmap(struct blob *b, uint32_t entry_size, const struct mb2_mmap_entry *entries,
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

static void add_module(struct blob *b, uint32_t start, uint32_t end, const char *name)
{
	size_t at = tag_begin(b, MB2_TAG_MODULE);

	put_u32(b, start);
	put_u32(b, end);
	put(b, name, strlen(name) + 1);
	tag_end(b, at);
}

/* A tag with payload_len bytes of pattern, for RSDPs and unknown tags. */
static size_t add_raw_tag(struct blob *b, uint32_t type, uint8_t pattern, size_t payload_len)
{
	size_t at = tag_begin(b, type);

	for (size_t i = 0; i < payload_len; i++)
		put_u8(b, (uint8_t)(pattern + i));
	tag_end(b, at);
	return at;
}

static void add_fb_common(struct blob *b, uint64_t addr, uint32_t pitch, uint32_t width,
			  uint32_t height, uint8_t bpp, uint8_t type)
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

static const struct mb2_mmap_entry bios_mmap[] = {
	{ 0x0, 0x9fc00, MB2_MMAP_AVAILABLE },
	{ 0x9fc00, 0x400, MB2_MMAP_RESERVED },
	{ 0xf0000, 0x10000, MB2_MMAP_RESERVED },
	{ 0x100000, 0x7ee0000, MB2_MMAP_AVAILABLE },
	{ 0x7fe0000, 0x20000, MB2_MMAP_ACPI_RECLAIMABLE },
	{ 0xfffc0000, 0x40000, MB2_MMAP_RESERVED },
	{ 0x100000000ull, 0x80000000ull, MB2_MMAP_AVAILABLE },
};
#define BIOS_MMAP_COUNT (sizeof(bios_mmap) / sizeof(bios_mmap[0]))

/* What GRUB hands over on a BIOS machine, plus tags to be skipped. */
static void build_bios_info(struct blob *b)
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

static void build_uefi_info(struct blob *b)
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

/* ---- Running the parser ---- */

struct result {
	int rc;
	char err[ERR_LEN];
	struct mb2_info info;
};

/* Parses bytes [0, len) of b from a heap copy of exactly len bytes. */
static void parse_len(struct blob *b, size_t len, size_t max_len, struct result *r)
{
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, blob_bytes(b), len);
	memset(r, 0x5a, sizeof(*r)); /* the parser must clear all of it */
	r->rc = mb2_parse(copy, max_len, &r->info, r->err, sizeof(r->err));
	free(copy);
}

static void parse(struct blob *b, struct result *r)
{
	parse_len(b, b->len, b->len, r);
}

static bool info_is_zero(const struct mb2_info *info)
{
	static const struct mb2_info zero;

	return memcmp(info, &zero, sizeof(zero)) == 0;
}

/* Checks a failure: its code, a message naming the problem, a zeroed out. */
static void expect_failure(struct result *r, int rc, const char *needle)
{
	if (r->rc != rc || !strstr(r->err, needle))
		fail_msg("expected %d with \"%s\", got %d: \"%s\"", rc, needle, r->rc, r->err);
	assert_true(strncmp(r->err, "multiboot2: ", 12) == 0);
	assert_true(info_is_zero(&r->info));
}

static void expect_success(struct result *r)
{
	if (r->rc != MB2_OK)
		fail_msg("expected success, got %d: \"%s\"", r->rc, r->err);
	assert_string_equal(r->err, "");
}

/* Parse results are large; one per test is plenty. */
static struct result res;
static struct blob blob;

/* ---- Well-formed information ---- */

static void test_bios_like_info(void **state)
{
	struct mb2_info *info = &res.info;

	(void)state;
	build_bios_info(&blob);
	parse(&blob, &res);
	expect_success(&res);

	assert_int_equal(info->total_size, blob.len);
	assert_string_equal(info->cmdline, "console=com1 vmxdump");
	assert_false(info->cmdline_truncated);
	assert_string_equal(info->loader_name, "GRUB 2.06");
	assert_true(info->has_meminfo);
	assert_int_equal(info->mem_lower, 639);
	assert_int_equal(info->mem_upper, 130048);

	assert_int_equal(info->mmap_count, BIOS_MMAP_COUNT);
	assert_false(info->mmap_dropped);
	for (size_t i = 0; i < BIOS_MMAP_COUNT; i++) {
		assert_int_equal(info->mmap[i].base, bios_mmap[i].base);
		assert_int_equal(info->mmap[i].length, bios_mmap[i].length);
		assert_int_equal(info->mmap[i].type, bios_mmap[i].type);
	}

	assert_true(info->has_rsdp);
	assert_int_equal(info->rsdp_version, 1);
	assert_int_equal(info->rsdp_len, 20);
	assert_int_equal(info->rsdp[0], 0x10);
	assert_int_equal(info->rsdp[19], 0x10 + 19);
	assert_int_equal(info->rsdp[20], 0);

	assert_true(info->has_framebuffer);
	assert_int_equal(info->fb.addr, 0xb8000);
	assert_int_equal(info->fb.pitch, 160);
	assert_int_equal(info->fb.width, 80);
	assert_int_equal(info->fb.height, 25);
	assert_int_equal(info->fb.bpp, 16);
	assert_int_equal(info->fb.type, MB2_FB_TYPE_EGA_TEXT);

	assert_int_equal(info->module_count, 0);
	assert_false(info->has_efi32_systab);
	assert_false(info->has_efi64_systab);
	assert_false(info->has_efi_mmap);
	assert_false(info->efi_boot_services_active);
	assert_false(info->has_load_base);
}

static void test_uefi_like_info(void **state)
{
	struct mb2_info *info = &res.info;

	(void)state;
	build_uefi_info(&blob);
	parse(&blob, &res);
	expect_success(&res);

	assert_string_equal(info->cmdline, "smp=4");
	assert_string_equal(info->loader_name, "GRUB 2.12");
	assert_false(info->has_meminfo);
	assert_int_equal(info->mmap_count, 4);
	assert_int_equal(info->mmap[3].base, 0x100000);

	assert_int_equal(info->module_count, 1);
	assert_int_equal(info->modules[0].start, 0x200000);
	assert_int_equal(info->modules[0].end, 0x201000);

	assert_true(info->has_rsdp);
	assert_int_equal(info->rsdp_version, 2);
	assert_int_equal(info->rsdp_len, 36);
	assert_int_equal(info->rsdp[35], 0x20 + 35);

	assert_true(info->has_framebuffer);
	assert_int_equal(info->fb.type, MB2_FB_TYPE_RGB);
	assert_int_equal(info->fb.addr, 0xfd000000);
	assert_int_equal(info->fb.pitch, 4096);
	assert_int_equal(info->fb.width, 1024);
	assert_int_equal(info->fb.height, 768);
	assert_int_equal(info->fb.bpp, 32);
	assert_int_equal(info->fb.red_position, 16);
	assert_int_equal(info->fb.red_mask_size, 8);
	assert_int_equal(info->fb.green_position, 8);
	assert_int_equal(info->fb.green_mask_size, 8);
	assert_int_equal(info->fb.blue_position, 0);
	assert_int_equal(info->fb.blue_mask_size, 8);

	assert_false(info->has_efi32_systab);
	assert_true(info->has_efi64_systab);
	assert_true(info->has_efi_mmap);
	assert_true(info->efi_boot_services_active);
	assert_true(info->has_load_base);
	assert_int_equal(info->load_base, 0x100000);
}

static void test_new_rsdp_preferred_in_either_order(void **state)
{
	(void)state;
	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_ACPI_OLD_RSDP, 0x10, 20);
	add_raw_tag(&blob, MB2_TAG_ACPI_NEW_RSDP, 0x40, 36);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.rsdp_version, 2);
	assert_int_equal(res.info.rsdp_len, 36);
	assert_int_equal(res.info.rsdp[0], 0x40);

	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_ACPI_NEW_RSDP, 0x40, 36);
	add_raw_tag(&blob, MB2_TAG_ACPI_OLD_RSDP, 0x10, 20);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.rsdp_version, 2);
	assert_int_equal(res.info.rsdp_len, 36);
	assert_int_equal(res.info.rsdp[0], 0x40);
	assert_int_equal(res.info.rsdp[35], 0x40 + 35);
}

static void test_minimal_info(void **state)
{
	(void)state;
	blob_begin(&blob);
	blob_finish(&blob);
	assert_int_equal(blob.len, 16);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.total_size, 16);
	assert_string_equal(res.info.cmdline, "");
	assert_int_equal(res.info.mmap_count, 0);
	assert_false(res.info.has_rsdp);
	assert_false(res.info.has_framebuffer);
}

static void test_modules_and_overflow(void **state)
{
	char name[16];

	(void)state;
	blob_begin(&blob);
	for (uint32_t i = 0; i < MB2_MAX_MODULES + 2; i++) {
		snprintf(name, sizeof(name), "mod%u", i);
		add_module(&blob, 0x1000000 + i * 0x1000, 0x1000800 + i * 0x1000, name);
	}
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.module_count, MB2_MAX_MODULES);
	assert_true(res.info.modules_dropped);
	assert_int_equal(res.info.modules[15].start, 0x1000000 + 15 * 0x1000);
	assert_int_equal(res.info.modules[15].end, 0x1000800 + 15 * 0x1000);

	/* A module string must be terminated inside its tag. */
	blob_begin(&blob);
	tag_end(&blob, tag_begin(&blob, MB2_TAG_MODULE));
	put_u32(&blob, 0x1000);
	put_u32(&blob, 0x2000);
	put(&blob, "abc", 3);
	tag_end(&blob, 8);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "tag 3 (module) at offset 0x8 holds "
		       "a string with no NUL terminator within its 19 bytes");
}

/* ---- Malformed headers and pointers ---- */

static void test_truncated_info(void **state)
{
	(void)state;
	build_bios_info(&blob);
	/* Only part of the information may be read: refuse it. */
	parse_len(&blob, blob.len - 8, blob.len - 8, &res);
	expect_failure(&res, MB2_ERR_TOTAL_SIZE, "exceeds the");
	parse_len(&blob, 8, 8, &res);
	expect_failure(&res, MB2_ERR_TOTAL_SIZE, "exceeds the 8 bytes");
	/* Too little even for the header: total_size must not be read. */
	parse_len(&blob, 4, 4, &res);
	expect_failure(&res, MB2_ERR_TOTAL_SIZE,
		       "only 4 bytes may be read, less than the 8-byte header");
	parse_len(&blob, 0, 0, &res);
	expect_failure(&res, MB2_ERR_TOTAL_SIZE, "only 0 bytes");
}

static void test_total_size_too_small(void **state)
{
	static const uint32_t sizes[] = { 0, 8, 15 };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		blob_begin(&blob);
		blob_finish(&blob);
		set_u32(&blob, 0, sizes[i]);
		parse(&blob, &res);
		expect_failure(&res, MB2_ERR_TOTAL_SIZE, "is less than 16");
	}
}

static void test_bad_arguments(void **state)
{
	uint64_t words[4];
	char err[ERR_LEN];

	(void)state;
	build_bios_info(&blob);
	memcpy(words, blob_bytes(&blob), sizeof(words));

	assert_int_equal(mb2_parse(NULL, 64, &res.info, err, sizeof(err)), MB2_ERR_ARGUMENT);
	assert_non_null(strstr(err, "NULL"));
	assert_int_equal(mb2_parse((uint8_t *)words + 4, 16, &res.info, err, sizeof(err)),
			 MB2_ERR_ARGUMENT);
	assert_non_null(strstr(err, "not 8-byte aligned"));
	assert_true(info_is_zero(&res.info));
	assert_int_equal(mb2_parse(blob_bytes(&blob), blob.len, NULL, err, sizeof(err)),
			 MB2_ERR_ARGUMENT);
	/* No error buffer at all is allowed. */
	assert_int_equal(mb2_parse(NULL, 64, &res.info, NULL, 0), MB2_ERR_ARGUMENT);
	assert_int_equal(mb2_parse(blob_bytes(&blob), blob.len, &res.info, NULL, 0), MB2_OK);
}

static void test_error_message_truncated_safely(void **state)
{
	char err[12];

	(void)state;
	memset(err, '#', sizeof(err));
	assert_int_equal(mb2_parse(NULL, 64, &res.info, err, 8), MB2_ERR_ARGUMENT);
	assert_string_equal(err, "multibo");
	assert_int_equal(err[8], '#');

	memset(err, '#', sizeof(err));
	assert_int_equal(mb2_parse(NULL, 64, &res.info, err, 0), MB2_ERR_ARGUMENT);
	assert_int_equal(err[0], '#');
}

/* ---- Malformed tags ---- */

static void test_tag_size_below_header(void **state)
{
	(void)state;
	blob_begin(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "x");
	add_raw_tag(&blob, 77, 0, 0);
	blob_finish(&blob);
	set_u32(&blob, 0x18 + 4, 4); /* tag 77 at offset 0x18 */
	parse(&blob, &res);
	assert_int_equal(res.rc, MB2_ERR_TAG);
	assert_string_equal(res.err, "multiboot2: tag 77 (unknown) at offset "
				     "0x18 has size 4, less than its 8-byte header");
	assert_true(info_is_zero(&res.info));
}

static void test_tag_below_its_minimum(void **state)
{
	(void)state;
	/* A memory map tag too short for entry_size and entry_version. */
	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_MMAP, 0, 4);
	blob_finish(&blob);
	parse(&blob, &res);
	assert_int_equal(res.rc, MB2_ERR_TAG);
	assert_string_equal(res.err, "multiboot2: tag 6 (memory map) at offset "
				     "0x8 has size 12, less than its minimum of 16");

	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_BASIC_MEMINFO, 0, 7);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "(basic memory info) at offset 0x8 "
		       "has size 15, less than its minimum of 16");

	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_LOAD_BASE_ADDR, 0, 3);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG, "has size 11");
}

/* Tags whose presence is all the kernel keeps: each sets its own flag only. */
static void test_presence_tags(void **state)
{
	static const struct {
		uint32_t type;
		size_t payload; /* the least the tag may carry */
		size_t flag;	/* offsetof the bool in struct mb2_info */
	} tags[] = {
		{ MB2_TAG_EFI32_SYSTAB, 4, offsetof(struct mb2_info, has_efi32_systab) },
		{ MB2_TAG_EFI64_SYSTAB, 8, offsetof(struct mb2_info, has_efi64_systab) },
		{ MB2_TAG_EFI_MMAP, 8, offsetof(struct mb2_info, has_efi_mmap) },
		{ MB2_TAG_EFI_BS_ACTIVE, 0, offsetof(struct mb2_info, efi_boot_services_active) },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		blob_begin(&blob);
		add_raw_tag(&blob, tags[i].type, 0xee, tags[i].payload);
		blob_finish(&blob);
		parse(&blob, &res);
		assert_int_equal(res.rc, MB2_OK);
		for (j = 0; j < sizeof(tags) / sizeof(tags[0]); j++)
			assert_int_equal(*((const bool *)((const char *)&res.info + tags[j].flag)),
					 i == j);
		if (tags[i].payload == 0)
			continue;
		blob_begin(&blob);
		add_raw_tag(&blob, tags[i].type, 0xee, tags[i].payload - 1);
		blob_finish(&blob);
		parse(&blob, &res);
		expect_failure(&res, MB2_ERR_TAG, "less than its minimum");
	}
}

static void test_tag_overruns_total_size(void **state)
{
	(void)state;
	build_bios_info(&blob);
	set_u32(&blob, 8 + 4, (uint32_t)blob.len); /* the cmdline tag */
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "tag 1 (command line) at offset 0x8 "
		       "has size");
	expect_failure(&res, MB2_ERR_TAG, "running past total_size");

	/* The largest size must not wrap any offset arithmetic. */
	set_u32(&blob, 8 + 4, UINT32_MAX);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG, "has size 4294967295, running past");
}

static void test_missing_end_tag(void **state)
{
	(void)state;
	/* The tags run right up to total_size with no end tag. */
	blob_begin(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "quiet");
	pad_to_8(&blob);
	set_u32(&blob, 0, (uint32_t)blob.len);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_NO_END_TAG,
		       "no end tag before "
		       "total_size 24");

	/* total_size cuts through where the end tag's header would be. */
	build_bios_info(&blob);
	set_u32(&blob, 0, (uint32_t)blob.len - 4);
	parse_len(&blob, blob.len - 4, blob.len - 4, &res);
	expect_failure(&res, MB2_ERR_NO_END_TAG, "too few for a tag header");

	/* The last tag fits, but its padding would pass total_size. */
	blob_begin(&blob);
	add_raw_tag(&blob, 99, 0, 5);
	set_u32(&blob, 0, (uint32_t)blob.len); /* 8 + 13 */
	parse_len(&blob, blob.len, blob.len, &res);
	expect_failure(&res, MB2_ERR_NO_END_TAG,
		       "no end tag before "
		       "total_size 21");
}

static void test_end_tag_with_wrong_size(void **state)
{
	(void)state;
	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_END, 0, 8);
	set_u32(&blob, 0, (uint32_t)blob.len);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "tag 0 (end) at offset 0x8 has size "
		       "16; an end tag is 8 bytes");
}

static void test_tags_after_end_are_ignored(void **state)
{
	(void)state;
	blob_begin(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, "first");
	tag_end(&blob, tag_begin(&blob, MB2_TAG_END));
	add_string_tag(&blob, MB2_TAG_CMDLINE, "after the end");
	set_u32(&blob, 0, (uint32_t)blob.len);
	parse(&blob, &res);
	expect_success(&res);
	assert_string_equal(res.info.cmdline, "first");
}

/* ---- Memory map ---- */

static void test_mmap_bad_entry_sizes(void **state)
{
	static const uint32_t bad_sizes[] = { 0, 8, 20, 23, 28, 36 };

	(void)state;
	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		char needle[40];

		blob_begin(&blob);
		add_mmap(&blob, bad_sizes[i] < 24 ? 24 : bad_sizes[i], bios_mmap, 2);
		set_u32(&blob, 16, bad_sizes[i]);
		blob_finish(&blob);
		parse(&blob, &res);
		snprintf(needle, sizeof(needle), "has entry_size %u;", bad_sizes[i]);
		expect_failure(&res, MB2_ERR_TAG, needle);
	}
}

static void test_mmap_larger_entries(void **state)
{
	(void)state;
	/* A later specification may grow entries: step by entry_size. */
	blob_begin(&blob);
	add_mmap(&blob, 40, bios_mmap, BIOS_MMAP_COUNT);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.mmap_count, BIOS_MMAP_COUNT);
	for (size_t i = 0; i < BIOS_MMAP_COUNT; i++) {
		assert_int_equal(res.info.mmap[i].base, bios_mmap[i].base);
		assert_int_equal(res.info.mmap[i].type, bios_mmap[i].type);
	}
}

static void test_mmap_partial_entry(void **state)
{
	size_t at;

	(void)state;
	blob_begin(&blob);
	at = add_mmap(&blob, 24, bios_mmap, 2);
	put_u64(&blob, 0x12345678); /* a third of an entry */
	tag_end(&blob, at);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "holds 56 bytes of entries, not a "
		       "whole number of 24-byte entries");
}

static void test_mmap_empty(void **state)
{
	(void)state;
	blob_begin(&blob);
	add_mmap(&blob, 24, NULL, 0);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.mmap_count, 0);
	assert_false(res.info.mmap_dropped);
}

static void test_mmap_more_than_max(void **state)
{
	enum {
		COUNT = CONFIG_MAX_MMAP + 10
	};
	static struct mb2_mmap_entry many[COUNT];

	(void)state;
	for (size_t i = 0; i < COUNT; i++) {
		many[i].base = i * 0x10000;
		many[i].length = 0x8000;
		many[i].type = 1 + i % 5;
	}
	blob_begin(&blob);
	add_mmap(&blob, 24, many, COUNT);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.mmap_count, CONFIG_MAX_MMAP);
	assert_true(res.info.mmap_dropped);
	assert_int_equal(res.info.mmap[CONFIG_MAX_MMAP - 1].base, (CONFIG_MAX_MMAP - 1) * 0x10000);
	assert_int_equal(res.info.mmap[CONFIG_MAX_MMAP - 1].type, 1 + (CONFIG_MAX_MMAP - 1) % 5);

	/* Exactly the maximum is not a drop. */
	blob_begin(&blob);
	add_mmap(&blob, 24, many, CONFIG_MAX_MMAP);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.mmap_count, CONFIG_MAX_MMAP);
	assert_false(res.info.mmap_dropped);
}

/* ---- Strings ---- */

static void test_unterminated_strings(void **state)
{
	size_t at;

	(void)state;
	/*
	 * "abc" without its NUL: the padding after the tag holds zeros,
	 * which a parser must not take for the terminator.
	 */
	blob_begin(&blob);
	at = tag_begin(&blob, MB2_TAG_CMDLINE);
	put(&blob, "abc", 3);
	tag_end(&blob, at);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "tag 1 (command line) at offset 0x8 "
		       "holds a string with no NUL terminator within its 11 "
		       "bytes");

	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_LOADER_NAME, 'a', 0); /* no payload */
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG, "tag 2 (boot loader name)");
}

static void test_oversized_strings_truncated(void **state)
{
	char long_line[MB2_CMDLINE_MAX + 1000]; /* longer than a command line may be */
	char expected[MB2_CMDLINE_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof(long_line) - 1; i++)
		long_line[i] = (char)('a' + i % 26);
	long_line[sizeof(long_line) - 1] = '\0';

	blob_begin(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, long_line);
	add_string_tag(&blob, MB2_TAG_LOADER_NAME, long_line);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_true(res.info.cmdline_truncated);
	memcpy(expected, long_line, MB2_CMDLINE_MAX - 1);
	expected[MB2_CMDLINE_MAX - 1] = '\0';
	assert_string_equal(res.info.cmdline, expected);
	assert_int_equal(strlen(res.info.loader_name), MB2_LOADER_NAME_MAX - 1);
	assert_memory_equal(res.info.loader_name, long_line, MB2_LOADER_NAME_MAX - 1);

	/* MB2_CMDLINE_MAX - 1 characters fit exactly. */
	long_line[MB2_CMDLINE_MAX - 1] = '\0';
	blob_begin(&blob);
	add_string_tag(&blob, MB2_TAG_CMDLINE, long_line);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_false(res.info.cmdline_truncated);
	assert_string_equal(res.info.cmdline, long_line);
}

/* ---- RSDP and framebuffer sizes ---- */

static void test_short_rsdp(void **state)
{
	(void)state;
	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_ACPI_OLD_RSDP, 0, 19);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "tag 14 (ACPI old RSDP) at offset "
		       "0x8 has size 27, less than its minimum of 28");

	/* An ACPI 1.0-sized copy in the 2.0 tag. */
	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_ACPI_NEW_RSDP, 0, 20);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "tag 15 (ACPI new RSDP) at offset "
		       "0x8 has size 28, less than its minimum of 44");
}

static void test_short_framebuffer(void **state)
{
	size_t at;

	(void)state;
	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_FRAMEBUFFER, 0, 23);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "(framebuffer) at offset 0x8 has "
		       "size 31, less than its minimum of 32");

	/* RGB needs its six color field bytes too. */
	blob_begin(&blob);
	at = tag_begin(&blob, MB2_TAG_FRAMEBUFFER);
	add_fb_common(&blob, 0xe0000000, 3200, 800, 600, 32, MB2_FB_TYPE_RGB);
	put_u32(&blob, 0x08100810);
	tag_end(&blob, at);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG, "is an RGB framebuffer of size 36");

	/* Indexed color: the palette is not kept, but the tag is fine. */
	blob_begin(&blob);
	at = tag_begin(&blob, MB2_TAG_FRAMEBUFFER);
	add_fb_common(&blob, 0xa0000, 320, 320, 200, 8, MB2_FB_TYPE_INDEXED);
	put_u16(&blob, 2);
	put(&blob, "\x00\x00\x00\xff\xff\xff", 6);
	tag_end(&blob, at);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.fb.type, MB2_FB_TYPE_INDEXED);
	assert_int_equal(res.info.fb.bpp, 8);
	assert_int_equal(res.info.fb.red_mask_size, 0);
}

static void test_oversized_tags(void **state)
{
	size_t at;

	(void)state;
	blob_begin(&blob);
	/* Trailing bytes after a string's NUL are allowed. */
	at = tag_begin(&blob, MB2_TAG_CMDLINE);
	put(&blob, "quiet\0garbage", 13);
	tag_end(&blob, at);
	/* An RSDP copy larger than rsdp[] keeps the first 64 bytes. */
	add_raw_tag(&blob, MB2_TAG_ACPI_NEW_RSDP, 0x30, 100);
	/* A big unknown tag is stepped over whole. */
	add_raw_tag(&blob, 4242, 0xcc, 4000);
	at = tag_begin(&blob, MB2_TAG_BASIC_MEMINFO);
	put_u32(&blob, 600);
	put_u32(&blob, 2048);
	for (int i = 0; i < 10; i++)
		put_u32(&blob, 0xdddddddd);
	tag_end(&blob, at);
	at = tag_begin(&blob, MB2_TAG_FRAMEBUFFER);
	add_fb_common(&blob, 0xb8000, 160, 80, 25, 16, MB2_FB_TYPE_EGA_TEXT);
	put_u64(&blob, UINT64_MAX);
	tag_end(&blob, at);
	add_string_tag(&blob, MB2_TAG_LOADER_NAME, "after");
	blob_finish(&blob);

	parse(&blob, &res);
	expect_success(&res);
	assert_string_equal(res.info.cmdline, "quiet");
	assert_int_equal(res.info.rsdp_len, MB2_RSDP_MAX);
	assert_int_equal(res.info.rsdp[MB2_RSDP_MAX - 1], (uint8_t)(0x30 + MB2_RSDP_MAX - 1));
	assert_int_equal(res.info.mem_lower, 600);
	assert_int_equal(res.info.mem_upper, 2048);
	assert_int_equal(res.info.fb.width, 80);
	assert_string_equal(res.info.loader_name, "after");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_AVAILABLE), "available");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_RESERVED), "reserved");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_ACPI_RECLAIMABLE), "acpi-reclaimable");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_ACPI_NVS), "acpi-nvs");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_BAD), "bad");
	assert_string_equal(mb2_mmap_type_name(0), "unknown");
	assert_string_equal(mb2_mmap_type_name(6), "unknown");
	assert_string_equal(mb2_mmap_type_name(UINT32_MAX), "unknown");
	assert_string_equal(mb2_tag_name(MB2_TAG_MMAP), "memory map");
	assert_string_equal(mb2_tag_name(MB2_TAG_LOAD_BASE_ADDR), "load base address");
	assert_string_equal(mb2_tag_name(22), "unknown");
	assert_string_equal(mb2_tag_name(UINT32_MAX), "unknown");
}

/* ---- Fuzzing ---- */

static uint64_t rng_state = TEST_RNG_SEED;

static uint32_t rng(void)
{
	return (uint32_t)(test_rng_next(&rng_state) >> 32);
}

static uint32_t interesting_u32(uint32_t len)
{
	static const uint32_t values[] = {
		0,  1,	4,  7,	8,  9,	12, 15, 16,	    20,		23,	    24,
		27, 28, 31, 32, 36, 38, 43, 44, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff,
	};
	uint32_t pick = rng() % (sizeof(values) / sizeof(values[0]) + 4);

	switch (pick) {
	case 0: return len;
	case 1: return len - 8;
	case 2: return len + 8;
	case 3: return rng();
	default: return values[pick - 4];
	}
}

/* Offsets of the tag headers in a well-formed blob. */
static size_t list_tags(struct blob *b, size_t *offsets, size_t max)
{
	size_t n = 0;

	for (size_t at = 8; at < b->len && n < max;) {
		offsets[n++] = at;
		at += (get_u32(b, at + 4) + 7) & ~7u;
	}
	return n;
}

static void mutate(struct blob *b, const size_t *tags, size_t ntags)
{
	uint32_t len = (uint32_t)b->len;
	uint32_t rounds = 1 + rng() % 4;

	for (uint32_t i = 0; i < rounds; i++) {
		size_t tag = tags[rng() % ntags];
		size_t field = tag + 8 + 4 * (rng() % 4);

		switch (rng() % 6) {
		case 0: /* any byte */ blob_bytes(b)[rng() % len] = (uint8_t)rng(); break;
		case 1: /* any aligned word */
			set_u32(b, (rng() % (len / 4)) * 4, interesting_u32(len));
			break;
		case 2: /* a tag's size */ set_u32(b, tag + 4, interesting_u32(len)); break;
		case 3: /* a tag's type */ set_u32(b, tag, rng() % 24); break;
		case 4: /* a field inside a tag */
			if (field + 4 <= len)
				set_u32(b, field, interesting_u32(len));
			break;
		default:
			set_u32(b, 0, interesting_u32(len)); /* total_size */
			break;
		}
	}
}

/* Whatever the input, a success must leave sane, terminated copies. */
static void check_result_invariants(const struct result *r)
{
	if (r->rc != MB2_OK) {
		assert_true(r->rc >= MB2_ERR_NO_END_TAG && r->rc < 0);
		assert_true(strncmp(r->err, "multiboot2: ", 12) == 0);
		assert_true(info_is_zero(&r->info));
		return;
	}
	assert_true(r->info.mmap_count <= CONFIG_MAX_MMAP);
	assert_true(r->info.module_count <= MB2_MAX_MODULES);
	assert_true(r->info.rsdp_len <= MB2_RSDP_MAX);
	assert_true(strnlen(r->info.cmdline, MB2_CMDLINE_MAX) < MB2_CMDLINE_MAX);
	assert_true(strnlen(r->info.loader_name, MB2_LOADER_NAME_MAX) < MB2_LOADER_NAME_MAX);
	assert_true(r->info.total_size >= 16);
}

/*
 * The mutated blob is copied into a buffer that ends exactly at the
 * declared total_size when that is smaller, so ASan flags any read past
 * total_size as well as past max_len.
 */
static void fuzz_one(struct blob *b, int *successes)
{
	uint32_t declared = get_u32(b, 0);
	size_t len = declared >= 8 && declared < b->len ? declared : b->len;
	size_t max_len = rng() % 8 ? b->len : rng() % (b->len + 1);

	if (max_len > len && declared >= b->len)
		max_len = len;
	parse_len(b, len, max_len, &res);
	check_result_invariants(&res);
	if (res.rc == MB2_OK)
		(*successes)++;
}

static void test_fuzz_mutations(void **state)
{
	static struct blob original;
	size_t tags[64], ntags;
	int successes = 0, iterations = 5000;

	(void)state;
	for (int i = 0; i < iterations; i++) {
		if (i % 2)
			build_bios_info(&original);
		else
			build_uefi_info(&original);
		ntags = list_tags(&original, tags, 64);
		assert_true(ntags >= 8);
		mutate(&original, tags, ntags);
		fuzz_one(&original, &successes);
	}
	/* The mutations must exercise both outcomes to mean anything. */
	assert_true(successes > iterations / 20);
	assert_true(successes < iterations - iterations / 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bios_like_info),
		cmocka_unit_test(test_uefi_like_info),
		cmocka_unit_test(test_new_rsdp_preferred_in_either_order),
		cmocka_unit_test(test_minimal_info),
		cmocka_unit_test(test_modules_and_overflow),
		cmocka_unit_test(test_truncated_info),
		cmocka_unit_test(test_total_size_too_small),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_error_message_truncated_safely),
		cmocka_unit_test(test_tag_size_below_header),
		cmocka_unit_test(test_tag_below_its_minimum),
		cmocka_unit_test(test_presence_tags),
		cmocka_unit_test(test_tag_overruns_total_size),
		cmocka_unit_test(test_missing_end_tag),
		cmocka_unit_test(test_end_tag_with_wrong_size),
		cmocka_unit_test(test_tags_after_end_are_ignored),
		cmocka_unit_test(test_mmap_bad_entry_sizes),
		cmocka_unit_test(test_mmap_larger_entries),
		cmocka_unit_test(test_mmap_partial_entry),
		cmocka_unit_test(test_mmap_empty),
		cmocka_unit_test(test_mmap_more_than_max),
		cmocka_unit_test(test_unterminated_strings),
		cmocka_unit_test(test_oversized_strings_truncated),
		cmocka_unit_test(test_short_rsdp),
		cmocka_unit_test(test_short_framebuffer),
		cmocka_unit_test(test_oversized_tags),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_fuzz_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
