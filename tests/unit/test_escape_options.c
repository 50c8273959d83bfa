/* Unit tests for lib/escape.c and lib/options.c (issue 11, defects 4, 5 and 7). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/escape.h"
#include "lib/options.h"

static void test_escape_control_characters(void **state)
{
	char out[128];
	const char *forged = "x\nsummary cpus=9 online=9 vmxon=9";

	(void)state;
	escape_string(out, sizeof(out), forged, strlen(forged));
	assert_null(strchr(out, '\n'));
	assert_string_equal(out, "x\\x0asummary cpus=9 online=9 vmxon=9");
	escape_string(out, sizeof(out), "a\rb\x1b[2Jc\x7f\xff\"\\", 12);
	assert_string_equal(out, "a\\x0db\\x1b[2Jc\\x7f\\xff\\x22\\x5c");
	escape_string(out, sizeof(out), "plain words", 100);
	assert_string_equal(out, "plain words");
}

static void test_escape_never_cuts_an_escape(void **state)
{
	char out[8];

	(void)state;
	escape_string(out, sizeof(out), "abcdefghij", 10);
	assert_string_equal(out, "abcd...");
	escape_string(out, sizeof(out), "\n\n\n", 3);
	assert_string_equal(out, "\\x0a...");
	escape_string(out, sizeof(out), "ab\n", 3);
	assert_string_equal(out, "ab\\x0a");
	escape_string(out, sizeof(out), "abcdefg", 7);
	assert_string_equal(out, "abcdefg");
	escape_string(out, 4, "abcdef", 6);
	assert_string_equal(out, "...");
}

static void test_escape_stops_at_nul_and_length(void **state)
{
	char out[32];

	(void)state;
	escape_string(out, sizeof(out), "BOCHS \0junk", 11);
	assert_string_equal(out, "BOCHS ");
	escape_string(out, sizeof(out), "ABCDEFGH", 6); /* an OEM id has no NUL */
	assert_string_equal(out, "ABCDEF");
	escape_string(out, sizeof(out), NULL, 5);
	assert_string_equal(out, "");
}

static const struct option_range timeout = { 5000, 11, 3600000 };

static void test_option_absent_and_ok(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(option_u64("vmx-dump", "ap-timeout-ms", &timeout, &v), OPTION_ABSENT);
	assert_int_equal(v, 5000);
	assert_int_equal(option_u64("ap-timeout-ms=20000", "ap-timeout-ms", &timeout, &v),
			 OPTION_OK);
	assert_int_equal(v, 20000);
	assert_int_equal(
		option_u64("ap-timeout-ms=1 ap-timeout-ms=12", "ap-timeout-ms", &timeout, &v),
		OPTION_OK); /* the last one wins */
	assert_int_equal(v, 12);
}

static void test_option_not_a_number(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(option_u64("ap-timeout-ms=abc", "ap-timeout-ms", &timeout, &v),
			 OPTION_NOT_A_NUMBER);
	assert_int_equal(v, 5000);
	assert_int_equal(option_u64("ap-timeout-ms=20s", "ap-timeout-ms", &timeout, &v),
			 OPTION_NOT_A_NUMBER);
	assert_int_equal(option_u64("ap-timeout-ms=-5", "ap-timeout-ms", &timeout, &v),
			 OPTION_NOT_A_NUMBER);
	assert_int_equal(option_u64("ap-timeout-ms=", "ap-timeout-ms", &timeout, &v),
			 OPTION_NOT_A_NUMBER); /* an empty value is warned about too */
	assert_int_equal(option_parse_u64("", 0, &v), OPTION_NOT_A_NUMBER);
}

static void test_option_overflow_and_range(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(
		option_u64("ap-timeout-ms=18446744073709551616", "ap-timeout-ms", &timeout, &v),
		OPTION_OVERFLOW);
	assert_int_equal(v, 3600000);
	assert_int_equal(option_parse_u64("18446744073709551615", 20, &v), OPTION_OK);
	assert_true(v == UINT64_MAX);
	assert_int_equal(option_u64("ap-timeout-ms=0", "ap-timeout-ms", &timeout, &v),
			 OPTION_BELOW_MIN);
	assert_int_equal(v, 11);
	assert_int_equal(option_u64("ap-timeout-ms=3600001", "ap-timeout-ms", &timeout, &v),
			 OPTION_ABOVE_MAX);
	assert_int_equal(v, 3600000);
	/* A long value is read whole, never cut to a shorter number. */
	assert_int_equal(option_u64("ap-timeout-ms=000000000000000000000020000", "ap-timeout-ms",
				    &timeout, &v),
			 OPTION_OK);
	assert_int_equal(v, 20000);
	assert_string_equal(option_status_text(OPTION_OK), "");
	assert_true(strlen(option_status_text(OPTION_OVERFLOW)) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_control_characters),
		cmocka_unit_test(test_escape_never_cuts_an_escape),
		cmocka_unit_test(test_escape_stops_at_nul_and_length),
		cmocka_unit_test(test_option_absent_and_ok),
		cmocka_unit_test(test_option_not_a_number),
		cmocka_unit_test(test_option_overflow_and_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
