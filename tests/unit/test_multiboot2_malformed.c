/*
 * Unit tests for lib/multiboot2.c: malformed headers, arguments and tag lists the parser must refuse, each with a message naming the problem.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
