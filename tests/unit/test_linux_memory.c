/*
 * lib/linux_memory.c: the hypervisor keeps exactly the RAM its allocator
 * does not have free, page aligned, in address order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/linux_memory.h"

#define MIB (1ull << 20)

static const struct mb2_mmap_entry bochs_map[] = {
	{ 0, 0x9f000, MB2_MMAP_AVAILABLE },
	{ 0x9f000, 0x1000, MB2_MMAP_RESERVED },
	{ 0xe8000, 0x18000, MB2_MMAP_RESERVED },
	{ 0x100000, 0x7ef0000, MB2_MMAP_AVAILABLE },
	{ 0x7ff0000, 0x10000, MB2_MMAP_ACPI_RECLAIMABLE },
	{ 0xfffc0000, 0x40000, MB2_MMAP_RESERVED },
};

static void expect_range(const struct linux_range *r, uint64_t base, uint64_t end)
{
	assert_int_equal(r->base, base);
	assert_int_equal(r->base + r->size, end);
}

static void test_kept_is_ram_minus_free(void **state)
{
	/* Free: low memory but page 0 and one trampoline page, and RAM from 2 MiB up to the
	 * hypervisor's block at the top. */
	const struct phys_range free[] = {
		{ 0x1000, 0x9e000 },
		{ 0x200000, 0x7a00000 },
		{ 0x7b00000, 0x7c00000 },
	};
	struct linux_range kept[8];
	bool overflow;
	uint32_t n = linux_kept_ranges(bochs_map, 6, free, 3, kept, 8, &overflow);

	(void)state;
	assert_false(overflow);
	assert_int_equal(n, 5);
	expect_range(&kept[0], 0, 0x1000);
	expect_range(&kept[1], 0x9e000, 0x9f000);
	expect_range(&kept[2], 0x100000, 0x200000);
	expect_range(&kept[3], 0x7a00000, 0x7b00000);
	expect_range(&kept[4], 0x7c00000, 0x7ff0000);
}

static void test_nothing_free_keeps_all_ram(void **state)
{
	struct linux_range kept[4];
	bool overflow;
	uint32_t n = linux_kept_ranges(bochs_map, 6, NULL, 0, kept, 4, &overflow);

	(void)state;
	assert_false(overflow);
	assert_int_equal(n, 2);
	expect_range(&kept[0], 0, 0x9f000);
	expect_range(&kept[1], 0x100000, 0x7ff0000);
}

static void test_all_free_keeps_nothing(void **state)
{
	const struct phys_range free[] = { { 0, 0x9f000 }, { 0x100000, 0x7ff0000 } };
	struct linux_range kept[4];
	bool overflow;

	(void)state;
	assert_int_equal(linux_kept_ranges(bochs_map, 6, free, 2, kept, 4, &overflow), 0);
	assert_false(overflow);
}

/* Unsorted maps and ranges that are not page aligned: rounded out, in order, merged. */
static void test_unsorted_and_unaligned(void **state)
{
	const struct mb2_mmap_entry map[] = {
		{ 0x100000, 16 * MIB, MB2_MMAP_AVAILABLE },
		{ 0, 0x9fc00, MB2_MMAP_AVAILABLE },
	};
	const struct phys_range free[] = { { 0x1000, 0x9f000 }, { 0x100800, 0x1000000 } };
	struct linux_range kept[4];
	bool overflow;
	uint32_t n = linux_kept_ranges(map, 2, free, 2, kept, 4, &overflow);

	(void)state;
	assert_int_equal(n, 4);
	expect_range(&kept[0], 0, 0x1000);
	expect_range(&kept[1], 0x9f000, 0xa0000);
	expect_range(&kept[2], 0x100000, 0x101000);
	expect_range(&kept[3], 0x1000000, 0x1100000);
}

/* More kept ranges than room: said, so the caller refuses rather than give them to Linux. */
static void test_overflow_is_reported(void **state)
{
	const struct phys_range free[] = { { 0x1000, 0x2000 },
					   { 0x3000, 0x4000 },
					   { 0x5000, 0x6000 } };
	struct linux_range kept[2];
	bool overflow;

	(void)state;
	assert_int_equal(linux_kept_ranges(bochs_map, 6, free, 3, kept, 2, &overflow), 2);
	assert_true(overflow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kept_is_ram_minus_free),
		cmocka_unit_test(test_nothing_free_keeps_all_ram),
		cmocka_unit_test(test_all_free_keeps_nothing),
		cmocka_unit_test(test_unsorted_and_unaligned),
		cmocka_unit_test(test_overflow_is_reported),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
