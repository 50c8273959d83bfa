/* lib/boot_options.c: the command line read once, into the table's fields. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "lib/boot_options.h"
#include "lib/options.h"

static void nothing_given(void **state)
{
	struct boot_options o;

	(void)state;
	memset(&o, 0xa5, sizeof(o));
	boot_options_parse("", &o);
	assert_false(o.no_guest || o.stay_in_guest || o.vmx_bench || o.vmx_dump || o.vmx_selftest ||
		     o.no_linux || o.ap_init_delay);
	assert_string_equal(o.loglevel, "");
	assert_string_equal(o.break_points, "");
	assert_string_equal(o.linux_ap, "");
	assert_null(o.ap_timeout_ms.text);
}

static void every_kind(void **state)
{
	const char *cmdline =
		"no-linux loglevel=verbose vmx-selftest ap-timeout-ms=12345678901234567890123 "
		"break=vmxon@1,report linux-ap=watch-icr gdb=com2 iommu=off";
	struct boot_options o;
	uint64_t value;

	(void)state;
	boot_options_parse(cmdline, &o);
	assert_true(o.no_linux);
	assert_true(o.vmx_selftest);
	assert_false(o.no_guest);
	assert_string_equal(o.loglevel, "verbose");
	assert_string_equal(o.break_points, "vmxon@1,report");
	assert_string_equal(o.linux_ap, "watch-icr");
	assert_string_equal(o.gdb, "com2");
	assert_string_equal(o.iommu, "off");
	/* A number's text is kept whole, inside the command line, for its warning. */
	assert_int_equal(o.ap_timeout_ms.len, 23);
	assert_ptr_equal(o.ap_timeout_ms.text, strstr(cmdline, "1234"));
	assert_int_equal(option_text_u64(o.ap_timeout_ms.text, o.ap_timeout_ms.len,
					 &(struct option_range){ 5000, 1, 3600000 }, &value),
			 OPTION_OVERFLOW);
	assert_int_equal(value, 3600000);
}

/* A longer name is not the flag (a flag given a value still is: lib/cmdline.h); the last value wins. */
static void words_exactly(void **state)
{
	struct boot_options o;

	(void)state;
	boot_options_parse("no-guests stay-in-guest=1 loglevel=quiet loglevel=normal", &o);
	assert_false(o.no_guest);
	assert_true(o.stay_in_guest);
	assert_string_equal(o.loglevel, "normal");
}

/* Every row names a field of the struct: no two rows share one. */
static void table_rows_distinct(void **state)
{
	(void)state;
	for (size_t i = 0; i < boot_option_count; i++)
		for (size_t j = i + 1; j < boot_option_count; j++) {
			assert_string_not_equal(boot_option_table[i].name,
						boot_option_table[j].name);
			assert_int_not_equal(boot_option_table[i].offset,
					     boot_option_table[j].offset);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nothing_given),
		cmocka_unit_test(every_kind),
		cmocka_unit_test(words_exactly),
		cmocka_unit_test(table_rows_distinct),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
