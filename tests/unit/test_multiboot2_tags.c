/*
 * Unit tests for lib/multiboot2.c: strings, RSDP and framebuffer tags of the wrong size, and oversized tags.
 * Blobs are built by tests/support/mb2_build.c and parsed from a heap copy
 * of exactly their size (tests/support/mb2_expect.c), so that
 * AddressSanitizer catches any read past the end.
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

#include "tests/support/mb2_build.h"
#include "tests/support/mb2_expect.h"

/* Parse results are large; one per test is plenty. */
static struct mb2_result res;
static struct blob blob;

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unterminated_strings),
		cmocka_unit_test(test_oversized_strings_truncated),
		cmocka_unit_test(test_short_rsdp),
		cmocka_unit_test(test_short_framebuffer),
		cmocka_unit_test(test_oversized_tags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
