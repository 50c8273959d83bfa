/* Unit tests for lib/cmdline.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "lib/cmdline.h"

static void test_flag_exact_words(void **state)
{
	const char *line = "quiet vmxdump console=com1";

	(void)state;
	assert_true(cmdline_flag(line, "quiet"));
	assert_true(cmdline_flag(line, "vmxdump"));
	assert_true(cmdline_flag(line, "console")); /* name=value counts */
	assert_false(cmdline_flag(line, "com1"));   /* a value is no flag */
	assert_false(cmdline_flag(line, "loud"));
}

static void test_flag_prefixes_do_not_match(void **state)
{
	(void)state;
	assert_false(cmdline_flag("vmxdump", "vmx"));
	assert_false(cmdline_flag("vmx", "vmxdump"));
	assert_true(cmdline_flag("vmxdump vmx", "vmx"));
	assert_true(cmdline_flag("vmx vmxdump", "vmxdump"));
	assert_false(cmdline_flag("vmx=1", "vm"));
	assert_false(cmdline_flag("novmx", "vmx")); /* no suffix match */
	assert_false(cmdline_flag("console=vmx", "vmx"));
}

static void test_separators(void **state)
{
	const char *line = "  \tfirst\t\tsecond   third=3 \t";

	(void)state;
	assert_true(cmdline_flag(line, "first"));
	assert_true(cmdline_flag(line, "second"));
	assert_true(cmdline_flag(line, "third"));
	assert_false(cmdline_flag(line, "first\t\tsecond"));
	assert_false(cmdline_flag(line, " "));
	assert_false(cmdline_flag("   ", "x"));
	assert_false(cmdline_flag("", "x"));
}

static void test_null_and_empty_arguments(void **state)
{
	char out[8] = "junk";

	(void)state;
	assert_false(cmdline_flag(NULL, "x"));
	assert_false(cmdline_flag("x", NULL));
	assert_false(cmdline_flag("x", ""));
	assert_false(cmdline_flag("=x", ""));
	assert_false(cmdline_value(NULL, "x", out, sizeof(out)));
	assert_string_equal(out, "");
	strcpy(out, "junk");
	assert_false(cmdline_value("x=1", NULL, out, sizeof(out)));
	assert_string_equal(out, "");
	assert_false(cmdline_value("=1", "", out, sizeof(out)));
}

static void test_value_lookup(void **state)
{
	const char *line = "console=com1 loglevel=7 vmx smp=4";
	char out[16];

	(void)state;
	assert_true(cmdline_value(line, "console", out, sizeof(out)));
	assert_string_equal(out, "com1");
	assert_true(cmdline_value(line, "loglevel", out, sizeof(out)));
	assert_string_equal(out, "7");
	assert_true(cmdline_value(line, "smp", out, sizeof(out)));
	assert_string_equal(out, "4");
	assert_false(cmdline_value(line, "log", out, sizeof(out)));
	assert_string_equal(out, "");
	assert_false(cmdline_value(line, "absent", out, sizeof(out)));
}

static void test_bare_word_has_no_value(void **state)
{
	char out[8] = "junk";

	(void)state;
	assert_false(cmdline_value("vmx quiet", "vmx", out, sizeof(out)));
	assert_string_equal(out, "");
}

static void test_empty_value(void **state)
{
	char out[8] = "junk";

	(void)state;
	assert_true(cmdline_value("a=1 console= b=2", "console", out, sizeof(out)));
	assert_string_equal(out, "");
	assert_true(cmdline_value("console=", "console", out, sizeof(out)));
	assert_string_equal(out, "");
}

static void test_value_keeps_later_equals(void **state)
{
	char out[32];

	(void)state;
	assert_true(cmdline_value("opt=a=b,c=d", "opt", out, sizeof(out)));
	assert_string_equal(out, "a=b,c=d");
	assert_true(cmdline_value("opt==", "opt", out, sizeof(out)));
	assert_string_equal(out, "=");
}

static void test_value_prefix_names(void **state)
{
	char out[16];

	(void)state;
	assert_true(cmdline_value("vmxdump=full vmx=on", "vmx", out, sizeof(out)));
	assert_string_equal(out, "on");
	assert_true(cmdline_value("vmx=on vmxdump=full", "vmxdump", out, sizeof(out)));
	assert_string_equal(out, "full");
	assert_false(cmdline_value("vmxdump=full", "vmx", out, sizeof(out)));
}

static void test_last_value_wins(void **state)
{
	char out[16];

	(void)state;
	assert_true(cmdline_value("smp=4 quiet smp=2", "smp", out, sizeof(out)));
	assert_string_equal(out, "2");
	/* A later bare word does not erase an earlier value. */
	assert_true(cmdline_value("smp=4 smp", "smp", out, sizeof(out)));
	assert_string_equal(out, "4");
}

static void test_value_truncation(void **state)
{
	char out[8];

	(void)state;
	memset(out, '#', sizeof(out));
	assert_true(cmdline_value("path=/boot/very/long x=1", "path", out, 5));
	assert_string_equal(out, "/boo");
	assert_int_equal(out[5], '#'); /* nothing past outlen */

	assert_true(cmdline_value("k=abcdefg", "k", out, sizeof(out)));
	assert_string_equal(out, "abcdefg"); /* exact fit */

	assert_true(cmdline_value("k=abc", "k", out, 1));
	assert_string_equal(out, "");

	/* Presence only. */
	assert_true(cmdline_value("k=abc", "k", NULL, 0));
	assert_false(cmdline_value("k", "k", NULL, 0));
}

static void test_value_stops_at_tab(void **state)
{
	char out[16];

	(void)state;
	assert_true(cmdline_value("mode=fast\tquiet", "mode", out, sizeof(out)));
	assert_string_equal(out, "fast");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flag_exact_words),
		cmocka_unit_test(test_flag_prefixes_do_not_match),
		cmocka_unit_test(test_separators),
		cmocka_unit_test(test_null_and_empty_arguments),
		cmocka_unit_test(test_value_lookup),
		cmocka_unit_test(test_bare_word_has_no_value),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_value_keeps_later_equals),
		cmocka_unit_test(test_value_prefix_names),
		cmocka_unit_test(test_last_value_wins),
		cmocka_unit_test(test_value_truncation),
		cmocka_unit_test(test_value_stops_at_tab),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
