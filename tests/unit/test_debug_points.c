/* Unit tests for lib/debug_points.c and lib/loglevel.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/debug_points.h"
#include "lib/loglevel.h"

struct rejects {
	unsigned count;
	char last[32];
};

static void record_reject(void *ctx, const char *item, size_t len)
{
	struct rejects *r = ctx;

	r->count++;
	if (len >= sizeof(r->last))
		len = sizeof(r->last) - 1;
	memcpy(r->last, item, len);
	r->last[len] = '\0';
}

static void test_every_point_by_name(void **state)
{
	static const char *const names[] = { "ap-start", "vmx-check", "vmxon",
					     "vmxoff",	 "report",    "exception" };
	(void)state;
	assert_int_equal(sizeof(names) / sizeof(names[0]), DEBUG_POINT_COUNT);
	for (unsigned i = 0; i < DEBUG_POINT_COUNT; i++) {
		struct debug_points p = { 0 };

		assert_string_equal(debug_point_name((enum debug_point)i), names[i]);
		assert_int_equal(debug_points_parse(&p, names[i], NULL, NULL), 0);
		for (unsigned j = 0; j < DEBUG_POINT_COUNT; j++)
			assert_int_equal(debug_points_match(&p, (enum debug_point)j, 5), i == j);
	}
	assert_string_equal(debug_point_name(DEBUG_POINT_COUNT), "?");
}

static void test_list_arms_each_on_every_core(void **state)
{
	struct debug_points p = { 0 };

	(void)state;
	assert_false(debug_points_any(&p));
	assert_int_equal(debug_points_parse(&p, "vmxon,report", NULL, NULL), 0);
	assert_true(debug_points_any(&p));
	assert_true(debug_points_match(&p, DEBUG_POINT_VMXON, 0));
	assert_true(debug_points_match(&p, DEBUG_POINT_VMXON, 1000));
	assert_true(debug_points_match(&p, DEBUG_POINT_REPORT, 3));
	assert_false(debug_points_match(&p, DEBUG_POINT_VMXOFF, 0));
	assert_false(debug_points_match(&p, DEBUG_POINT_COUNT, 0));
}

static void test_one_core(void **state)
{
	struct debug_points p = { 0 };

	(void)state;
	assert_int_equal(debug_points_parse(&p, "vmxon@1,vmxoff@63", NULL, NULL), 0);
	assert_false(debug_points_match(&p, DEBUG_POINT_VMXON, 0));
	assert_true(debug_points_match(&p, DEBUG_POINT_VMXON, 1));
	assert_false(debug_points_match(&p, DEBUG_POINT_VMXON, 2));
	assert_false(debug_points_match(&p, DEBUG_POINT_VMXON, 65)); /* no wrap */
	assert_true(debug_points_match(&p, DEBUG_POINT_VMXOFF, 63));
}

static void test_unknown_names_are_reported(void **state)
{
	struct debug_points p = { 0 };
	struct rejects r = { 0 };

	(void)state;
	assert_int_equal(debug_points_parse(&p, "vmxon,vmenter,report", record_reject, &r), 1);
	assert_int_equal(r.count, 1);
	assert_string_equal(r.last, "vmenter");
	assert_true(debug_points_match(&p, DEBUG_POINT_VMXON, 0));
	assert_true(debug_points_match(&p, DEBUG_POINT_REPORT, 0));

	/* Prefixes, case and bad cores are no match either. */
	r.count = 0;
	assert_int_equal(debug_points_parse(&p, "vmx,VMXON,vmxoff@64,vmxoff@x,vmxoff@,ap-start@",
					    record_reject, &r),
			 6);
	assert_int_equal(r.count, 6);
	assert_false(debug_points_match(&p, DEBUG_POINT_VMXOFF, 0));
	assert_false(debug_points_match(&p, DEBUG_POINT_AP_START, 0));
}

static void test_empty_items(void **state)
{
	struct debug_points p = { 0 };
	struct rejects r = { 0 };

	(void)state;
	assert_int_equal(debug_points_parse(&p, "", record_reject, &r), 0);
	assert_int_equal(debug_points_parse(&p, NULL, record_reject, &r), 0);
	assert_int_equal(debug_points_parse(&p, "vmxon,,report,", record_reject, &r), 1);
	assert_string_equal(r.last, "");
	assert_true(debug_points_match(&p, DEBUG_POINT_REPORT, 0));
}

static void test_loglevel_names(void **state)
{
	enum loglevel level = LOGLEVEL_NORMAL;

	(void)state;
	assert_true(loglevel_parse("quiet", &level));
	assert_int_equal(level, LOGLEVEL_QUIET);
	assert_true(loglevel_parse("verbose", &level));
	assert_int_equal(level, LOGLEVEL_VERBOSE);
	assert_true(loglevel_parse("normal", &level));
	assert_int_equal(level, LOGLEVEL_NORMAL);
	assert_false(loglevel_parse("2", &level));
	assert_false(loglevel_parse("Quiet", &level));
	assert_false(loglevel_parse("", &level));
	assert_int_equal(level, LOGLEVEL_NORMAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_point_by_name),
		cmocka_unit_test(test_list_arms_each_on_every_core),
		cmocka_unit_test(test_one_core),
		cmocka_unit_test(test_unknown_names_are_reported),
		cmocka_unit_test(test_empty_items),
		cmocka_unit_test(test_loglevel_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
