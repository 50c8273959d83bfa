/* Unit tests for lib/test_hooks.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "lib/test_hooks.h"

static void test_none_without_words(void **state)
{
	(void)state;
	assert_int_equal(test_hooks_parse("vmx-dump ap-timeout-ms=100"), 0);
	for (unsigned h = 0; h < TEST_HOOK_COUNT; h++)
		assert_false(test_hook(h));
}

static void test_each_hook_by_its_name(void **state)
{
	char line[128];

	(void)state;
	for (unsigned h = 0; h < TEST_HOOK_COUNT; h++) {
		snprintf(line, sizeof(line), "quiet test=%s other", test_hook_name(h));
		assert_int_equal(test_hooks_parse(line), 1);
		for (unsigned k = 0; k < TEST_HOOK_COUNT; k++)
			assert_int_equal(test_hook(k), k == h);
	}
}

static void test_several_hooks(void **state)
{
	(void)state;
	assert_int_equal(test_hooks_parse("test=phantom-cpu test=exception"), 2);
	assert_true(test_hook(TEST_PHANTOM_CPU));
	assert_true(test_hook(TEST_EXCEPTION));
	assert_false(test_hook(TEST_VMX_LOCKED_OFF));
}

static void test_prefix_is_not_a_hook(void **state)
{
	(void)state;
	assert_int_equal(test_hooks_parse("test=phantom test=exceptional xtest=exception"), 0);
	assert_false(test_hook(TEST_EXCEPTION));
}

static void test_names_unique_and_set(void **state)
{
	(void)state;
	for (unsigned h = 0; h < TEST_HOOK_COUNT; h++) {
		assert_non_null(test_hook_name(h));
		for (unsigned k = h + 1; k < TEST_HOOK_COUNT; k++)
			assert_string_not_equal(test_hook_name(h), test_hook_name(k));
	}
	assert_string_equal(test_hook_name(TEST_HOOK_COUNT), "unknown");
	assert_false(test_hook(TEST_HOOK_COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none_without_words),
		cmocka_unit_test(test_each_hook_by_its_name),
		cmocka_unit_test(test_several_hooks),
		cmocka_unit_test(test_prefix_is_not_a_hook),
		cmocka_unit_test(test_names_unique_and_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
