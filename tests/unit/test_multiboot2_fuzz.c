/*
 * Unit tests for lib/multiboot2.c: random mutations of well-formed boot information: whatever the bytes, the result is sane.
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
#include "tests/support/rng.h"

/* Parse results are large: one, static. */
static struct mb2_result res;

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
static void check_result_invariants(const struct mb2_result *r)
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
		cmocka_unit_test(test_fuzz_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
