/*
 * Unit tests for lib/multiboot2.c: the memory map tag.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mmap_bad_entry_sizes),
		cmocka_unit_test(test_mmap_larger_entries),
		cmocka_unit_test(test_mmap_partial_entry),
		cmocka_unit_test(test_mmap_empty),
		cmocka_unit_test(test_mmap_more_than_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
