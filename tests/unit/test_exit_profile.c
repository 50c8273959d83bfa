/* The exit profile's arithmetic (lib/vmx/exit_profile.h): extremes, the median of the last samples, shares, buckets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/vmx/exit_profile.h"

static void test_min_max_median(void **state)
{
	struct exit_profile_reason p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(exit_profile_median(&p), 0);
	exit_profile_record(&p, 300);
	exit_profile_record(&p, 100);
	exit_profile_record(&p, 200);
	assert_int_equal(p.count, 3);
	assert_int_equal(p.min, 100);
	assert_int_equal(p.max, 300);
	assert_int_equal(exit_profile_median(&p), 200);
	exit_profile_record(&p, 400);
	assert_int_equal(exit_profile_median(&p), 200); /* the lower middle of four */
}

/* The median is of the last EXIT_PROFILE_SAMPLES; min and max of all. */
static void test_ring(void **state)
{
	struct exit_profile_reason p;

	(void)state;
	memset(&p, 0, sizeof(p));
	exit_profile_record(&p, 1);
	for (int i = 0; i < EXIT_PROFILE_SAMPLES; i++)
		exit_profile_record(&p, 1000);
	assert_int_equal(p.count, EXIT_PROFILE_SAMPLES + 1);
	assert_int_equal(p.min, 1);
	assert_int_equal(exit_profile_median(&p), 1000);
	exit_profile_record(&p, 1ull << 40);
	assert_int_equal(p.max, UINT32_MAX);
}

static void test_permille(void **state)
{
	(void)state;
	assert_int_equal(exit_profile_permille(0, 0), 0);
	assert_int_equal(exit_profile_permille(1, 3), 333);
	assert_int_equal(exit_profile_permille(7, 7), 1000);
	assert_int_equal(exit_profile_permille(UINT64_MAX / 2, UINT64_MAX), 499);
}

static void test_bucket(void **state)
{
	(void)state;
	assert_int_equal(exit_timeline_bucket(100, 10, 8, 50), 0);
	assert_int_equal(exit_timeline_bucket(100, 10, 8, 109), 0);
	assert_int_equal(exit_timeline_bucket(100, 10, 8, 110), 1);
	assert_int_equal(exit_timeline_bucket(100, 10, 8, 179), 7);
	assert_int_equal(exit_timeline_bucket(100, 10, 8, 10000), 7);
	assert_int_equal(exit_timeline_bucket(100, 0, 8, 10000), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_min_max_median),
		cmocka_unit_test(test_ring),
		cmocka_unit_test(test_permille),
		cmocka_unit_test(test_bucket),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
