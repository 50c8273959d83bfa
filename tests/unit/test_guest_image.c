/*
 * lib/guest_image.c and lib/mb2_header.c: what a guest image is, and every
 * refusal by its token.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/multiboot1.h"
#include "include/multiboot2_header.h"
#include "lib/guest_image.h"
#include "lib/linux_boot.h"
#include "tests/support/mb_image.h"

static struct mb_image img;
static struct guest_image gi;
static const char *reason;

static void expect_refused(const char *token)
{
	reason = NULL;
	assert_false(guest_image_detect(img.bytes, img.len, &gi, &reason));
	assert_non_null(reason);
	assert_string_equal(reason, token);
	assert_int_equal(gi.kind, GUEST_IMAGE_NONE);
}

static void expect_kind(enum guest_image_kind kind, uint32_t at)
{
	reason = "unset";
	assert_true(guest_image_detect(img.bytes, img.len, &gi, &reason));
	assert_int_equal(gi.kind, kind);
	assert_int_equal(gi.header_offset, at);
}

static void mb2_plain(size_t at)
{
	img_mb2_begin(&img, at, MB2_ARCH_I386);
	img_mb2_end(&img);
}

static void test_too_short(void **state)
{
	(void)state;
	img_reset(&img, 0);
	expect_refused("too-short");
	img_reset(&img, MB1_HEADER_SIZE - 1);
	img_u32(&img, 0, MB1_HEADER_MAGIC);
	expect_refused("too-short");
	/* A magic in the last word with no room for the rest of the header. */
	img_reset(&img, 64);
	img_u32(&img, 60, MB1_HEADER_MAGIC);
	expect_refused("too-short");
	img_reset(&img, 64);
	img_u32(&img, 56, MB2_HEADER_MAGIC);
	expect_refused("too-short");
	/* The a.out fields (flag 16) cut off by the image's end. */
	img_reset(&img, 64);
	img_mb1(&img, 32, MB1_FLAG_AOUT_KLUDGE, NULL);
	img.len = 32 + MB1_HEADER_AOUT - 1;
	expect_refused("too-short");
}

static void test_no_header(void **state)
{
	(void)state;
	img_reset(&img, 4096);
	memset(img.bytes, 0x5a, img.len);
	expect_refused("no-header");
	/* Magic numbers off their alignment do not count. */
	img_mb1(&img, 2, 0, NULL);
	img_u32(&img, 100, MB2_HEADER_MAGIC);
	expect_refused("no-header");
}

static void test_mb1_found_within_8192(void **state)
{
	(void)state;
	img_reset(&img, 16384);
	img_mb1(&img, MB1_SEARCH_LIMIT - MB1_HEADER_SIZE, MB1_FLAG_MEMORY_INFO, NULL);
	expect_kind(GUEST_IMAGE_MULTIBOOT1, MB1_SEARCH_LIMIT - MB1_HEADER_SIZE);
	assert_int_equal(gi.mb1_flags, MB1_FLAG_MEMORY_INFO);
	assert_false(gi.has_aout);
	img_reset(&img, 16384);
	img_mb1(&img, MB1_SEARCH_LIMIT, 0, NULL);
	expect_refused("no-header");
}

static void test_mb1_bad_checksum(void **state)
{
	(void)state;
	img_reset(&img, 256);
	img_mb1(&img, 0, 0, NULL);
	img_u32(&img, 8, 0);
	expect_refused("bad-checksum");
}

static void test_mb1_flags(void **state)
{
	uint32_t bit;

	(void)state;
	for (bit = 2; bit < 16; bit++) {
		img_reset(&img, 256);
		img_mb1(&img, 0, 1u << bit, NULL);
		expect_refused("unsupported-flags");
	}
	/* Bits 0 and 1 are honoured; an unknown optional bit is ignored. */
	img_reset(&img, 256);
	img_mb1(&img, 0, MB1_FLAG_PAGE_ALIGN_MODULES | MB1_FLAG_MEMORY_INFO | (1u << 20), NULL);
	expect_kind(GUEST_IMAGE_MULTIBOOT1, 0);
	assert_true(gi.page_align_modules);
}

static void test_mb1_aout_fields(void **state)
{
	const uint32_t aout[] = { 0x100010, 0x100000, 0x100400, 0x102000, 0x100020 };

	(void)state;
	img_reset(&img, 1024);
	img_mb1(&img, 16, MB1_FLAG_AOUT_KLUDGE, aout);
	expect_kind(GUEST_IMAGE_MULTIBOOT1, 16);
	assert_true(gi.has_aout && gi.has_entry);
	assert_int_equal(gi.aout.header_addr, 0x100010);
	assert_int_equal(gi.aout.load_addr, 0x100000);
	assert_int_equal(gi.aout.load_end_addr, 0x100400);
	assert_int_equal(gi.aout.bss_end_addr, 0x102000);
	assert_int_equal(gi.entry_addr, 0x100020);
	assert_int_equal(gi.header_length, MB1_HEADER_AOUT);
}

static void test_mb2_found_within_32768(void **state)
{
	(void)state;
	img_reset(&img, 40000);
	mb2_plain(MB2_SEARCH_LIMIT - 24);
	expect_kind(GUEST_IMAGE_MULTIBOOT2, MB2_SEARCH_LIMIT - 24);
	assert_int_equal(gi.header_length, 24);
	img_reset(&img, 40000);
	mb2_plain(MB2_SEARCH_LIMIT);
	expect_refused("no-header");
	/* 4-byte but not 8-byte aligned. */
	img_reset(&img, 256);
	mb2_plain(12);
	expect_refused("no-header");
}

static void test_mb2_refusals(void **state)
{
	(void)state;
	img_reset(&img, 256);
	mb2_plain(8);
	img_u32(&img, 8 + 12, 0);
	expect_refused("bad-checksum");

	img_reset(&img, 256);
	img_mb2_begin(&img, 8, 4); /* MIPS */
	img_mb2_end(&img);
	expect_refused("unsupported-arch");

	/* header_length past the image's end, and too small to hold the end tag. */
	img_reset(&img, 32);
	mb2_plain(16);
	img.len = 16 + 23;
	expect_refused("bad-header-length");
	img_reset(&img, 256);
	img_u32(&img, 0, MB2_HEADER_MAGIC);
	img_u32(&img, 8, 16);
	img_u32(&img, 12, (uint32_t) - (MB2_HEADER_MAGIC + 16));
	expect_refused("bad-header-length");
}

static void expect_tag_refused(uint16_t type, uint16_t flags, const uint32_t *w, size_t n,
			       const char *token)
{
	img_reset(&img, 256);
	img_mb2_begin(&img, 0, MB2_ARCH_I386);
	img_mb2_tag(&img, type, flags, w, n);
	img_mb2_end(&img);
	expect_refused(token);
}

static void expect_tag_accepted(uint16_t type, uint16_t flags, const uint32_t *w, size_t n)
{
	img_reset(&img, 256);
	img_mb2_begin(&img, 0, MB2_ARCH_I386);
	img_mb2_tag(&img, type, flags, w, n);
	img_mb2_end(&img);
	expect_kind(GUEST_IMAGE_MULTIBOOT2, 0);
}

static void test_mb2_tags(void **state)
{
	const uint32_t known[] = { 1, 2, 3, 4, 6, 8, 14, 15 };
	const uint32_t elf_sections[] = { 6, 9 };
	const uint32_t console_required[] = { MB2_CONSOLE_REQUIRED };
	const uint32_t fb[] = { 1024, 768, 32 };
	const uint32_t addr[] = { 0x100000, 0x100000, 0, 0 };

	(void)state;
	expect_tag_refused(42, 0, NULL, 0, "unsupported-tag");
	expect_tag_accepted(42, MB2_HEADER_TAG_OPTIONAL, NULL, 0);
	expect_tag_accepted(MB2_HTAG_INFO_REQUEST, 0, known, 8);
	assert_int_equal(gi.mb2.info_requested, 0xc15e);
	expect_tag_refused(MB2_HTAG_INFO_REQUEST, 0, elf_sections, 2, "unsupported-tag");
	expect_tag_accepted(MB2_HTAG_INFO_REQUEST, MB2_HEADER_TAG_OPTIONAL, elf_sections, 2);
	expect_tag_refused(MB2_HTAG_CONSOLE_FLAGS, 0, console_required, 1, "console-required");
	expect_tag_accepted(MB2_HTAG_CONSOLE_FLAGS, MB2_HEADER_TAG_OPTIONAL, console_required, 1);
	expect_tag_refused(MB2_HTAG_FRAMEBUFFER, 0, fb, 3, "unsupported-tag");
	expect_tag_accepted(MB2_HTAG_FRAMEBUFFER, MB2_HEADER_TAG_OPTIONAL, fb, 3);
	assert_true(gi.mb2.wants_framebuffer);
	assert_int_equal(gi.mb2.fb_width, 1024);
	expect_tag_accepted(MB2_HTAG_MODULE_ALIGN, 0, NULL, 0);
	assert_true(gi.page_align_modules);
	expect_tag_accepted(MB2_HTAG_RELOCATABLE, 0, fb, 3);
	expect_tag_accepted(MB2_HTAG_EFI_BS, 0, NULL, 0);
	/* The address tag has one size; a wrong one is malformed. */
	expect_tag_refused(MB2_HTAG_ADDRESS, 0, addr, 3, "bad-header-tag");
	expect_tag_accepted(MB2_HTAG_ADDRESS, 0, addr, 4);
	assert_true(gi.has_aout);
}

static void test_mb2_malformed_tag_list(void **state)
{
	(void)state;
	/* A tag claiming more bytes than header_length leaves. */
	img_reset(&img, 256);
	img_mb2_begin(&img, 0, MB2_ARCH_I386);
	img_mb2_tag(&img, MB2_HTAG_MODULE_ALIGN, 0, NULL, 0);
	img_mb2_end(&img);
	img_u32(&img, 16 + 4, 17);
	img_u32(&img, 12, (uint32_t) - (MB2_HEADER_MAGIC + 32));
	expect_refused("bad-header-tag");
	/* No end tag before header_length runs out. */
	img_reset(&img, 256);
	img_mb2_begin(&img, 0, MB2_ARCH_I386);
	img_mb2_tag(&img, MB2_HTAG_MODULE_ALIGN, 0, NULL, 0);
	img_u32(&img, 8, 24);
	img_u32(&img, 12, (uint32_t) - (MB2_HEADER_MAGIC + 24));
	expect_refused("bad-header-tag");
	/* A tag of size < 8. */
	img_reset(&img, 256);
	img_mb2_begin(&img, 0, MB2_ARCH_I386);
	img_mb2_end(&img);
	img_u32(&img, 16 + 4, 4);
	expect_refused("bad-header-tag");
}

static void test_precedence(void **state)
{
	(void)state;
	/* Both Multiboot headers: Multiboot2 wins. */
	img_reset(&img, 1024);
	img_mb1(&img, 0, 0, NULL);
	mb2_plain(64);
	expect_kind(GUEST_IMAGE_MULTIBOOT2, 64);
	/* A Multiboot2 magic with a bad checksum does not hide a good Multiboot header. */
	img_u32(&img, 64 + 12, 1);
	expect_kind(GUEST_IMAGE_MULTIBOOT1, 0);
	/* A Linux setup header. */
	img_reset(&img, 4096);
	img_u32(&img, 0x202, LINUX_HEADER_MAGIC);
	expect_kind(GUEST_IMAGE_LINUX, LINUX_SETUP_HEADER_OFFSET);
	/* A stray magic with a bad checksum in a bzImage is no reason to refuse it. */
	img_u32(&img, 1024, MB2_HEADER_MAGIC);
	expect_kind(GUEST_IMAGE_LINUX, LINUX_SETUP_HEADER_OFFSET);
	/* A bzImage built with a Multiboot header is Multiboot. */
	img_mb1(&img, 2048, 0, NULL);
	expect_kind(GUEST_IMAGE_MULTIBOOT1, 2048);
	/* Linux's magic cut by the image's end. */
	img_reset(&img, 0x205);
	img_u32(&img, 0x201, LINUX_HEADER_MAGIC);
	expect_refused("no-header");
	assert_string_equal(guest_image_kind_name(GUEST_IMAGE_MULTIBOOT2), "multiboot2");
	assert_string_equal(guest_image_kind_name(GUEST_IMAGE_NONE), "none");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_too_short),
		cmocka_unit_test(test_no_header),
		cmocka_unit_test(test_mb1_found_within_8192),
		cmocka_unit_test(test_mb1_bad_checksum),
		cmocka_unit_test(test_mb1_flags),
		cmocka_unit_test(test_mb1_aout_fields),
		cmocka_unit_test(test_mb2_found_within_32768),
		cmocka_unit_test(test_mb2_refusals),
		cmocka_unit_test(test_mb2_tags),
		cmocka_unit_test(test_mb2_malformed_tag_list),
		cmocka_unit_test(test_precedence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
