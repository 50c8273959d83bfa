/*
 * Tests for lib/vmx/print.c, decode.c and columns.c: the text decode.
 * The Skylake-like processor the tests start from is in
 * tests/support/vmx_fixture.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/vmx/caps.h"
#include "tests/support/vmx_fixture.h"

struct capture {
	char buf[64 * 1024];
	size_t len;
};

static void capture_print(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void capture_print(void *ctx, const char *fmt, ...)
{
	struct capture *c = ctx;
	size_t room = sizeof(c->buf) - c->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(c->buf + c->len, room, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < room);
	c->len += (size_t)n;
}

/* Copies line `line` (up to its newline) into `copy`; returns the next. */
static const char *next_line(const char *line, char *copy, size_t size)
{
	const char *end = strchr(line, '\n');
	size_t len;

	assert_non_null(end);
	len = (size_t)(end - line);
	assert_true(len < size);
	memcpy(copy, line, len);
	copy[len] = '\0';
	return end + 1;
}

/*
 * Every line is "name<spaces>value" with a one-word value, and values
 * start in column 46 unless the name is longer.
 */
static void expect_two_columns(const struct capture *c)
{
	const char *line = c->buf;
	char copy[160], name[96], value[64], extra[8];
	int name_end, value_start;

	while (*line) {
		line = next_line(line, copy, sizeof(copy));
		assert_int_equal(sscanf(copy, " %95s%n %63s%n %7s", name, &name_end, value,
					&value_start, extra),
				 2);
		value_start -= (int)strlen(value);
		if (name_end < 45)
			assert_int_equal(value_start, 46);
		else
			assert_int_equal(value_start, name_end + 1);
	}
}

static void expect_line(const struct capture *c, const char *name, const char *expected)
{
	const char *line = c->buf;
	char copy[160], lname[96], value[64];

	while (*line) {
		line = next_line(line, copy, sizeof(copy));
		if (sscanf(copy, " %95s %63s", lname, value) == 2 && strcmp(lname, name) == 0) {
			assert_string_equal(value, expected);
			return;
		}
	}
	fail_msg("no line for %s", name);
}

static void test_print_skylake(void **state)
{
	static struct capture c;
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_two_columns(&c);
	expect_line(&c, "CPUID_VENDOR", "GenuineIntel");
	expect_line(&c, "cpuid.vmx", "1");
	expect_line(&c, "cpuid.phys_addr_bits", "39");
	expect_line(&c, "IA32_VMX_BASIC", "0x00da100000000004");
	expect_line(&c, "basic.revision", "0x4");
	expect_line(&c, "basic.region_size", "4096");
	expect_line(&c, "basic.memory_type_name", "wb");
	expect_line(&c, "basic.true_ctls", "1");
	expect_line(&c, "feature_control.lock", "1");
	expect_line(&c, "feature_control.vmx_outside_smx", "1");
	expect_line(&c, "pinbased.external_interrupt_exiting", "allowed=0/1");
	expect_line(&c, "pinbased.bit01", "allowed=1");
	expect_line(&c, "procbased.hlt_exiting", "allowed=0/1");
	expect_line(&c, "procbased.cr3_load_exiting", "allowed=1");
	expect_line(&c, "true_procbased.cr3_load_exiting", "allowed=0/1");
	expect_line(&c, "procbased.activate_tertiary_controls", "allowed=0");
	expect_line(&c, "procbased2.enable_ept", "allowed=0/1");
	expect_line(&c, "procbased2.virtual_interrupt_delivery", "allowed=0");
	expect_line(&c, "exit.host_address_space_size", "allowed=0/1");
	expect_line(&c, "exit.save_debug_controls", "allowed=1");
	expect_line(&c, "true_exit.save_debug_controls", "allowed=0/1");
	expect_line(&c, "entry.ia32e_mode_guest", "allowed=0/1");
	expect_line(&c, "misc.cr3_target_count", "4");
	expect_line(&c, "misc.max_msr_list_entries", "512");
	expect_line(&c, "cr0.must_be_1", "0x80000021");
	expect_line(&c, "cr0.pg", "fixed=1");
	expect_line(&c, "cr0.cd", "free");
	expect_line(&c, "cr4.vmxe", "fixed=1");
	expect_line(&c, "cr4.la57", "fixed=0");
	expect_line(&c, "vmcs_enum.max_index", "0x17");
	expect_line(&c, "ept.pdpte_1gb", "1");
	expect_line(&c, "ept.page_walk_5", "0");
	expect_line(&c, "vpid.invvpid_single_context_globals", "1");
	expect_line(&c, "vmfunc.eptp_switching", "1");
}

static void test_print_absent_and_unknown(void **state)
{
	static struct capture c;
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	s.basic &= ~(1ull << 55);
	s.procbased &= ~(1ull << 63);
	fixture_drop(&s, VMX_SNAP_MISC);
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_line(&c, "IA32_VMX_MISC", "unknown");
	expect_line(&c, "IA32_VMX_PROCBASED_CTLS2", "0x001ffcff00000000");
	fixture_drop(&s, VMX_SNAP_PROCBASED2);
	fixture_drop(&s, VMX_SNAP_TRUE_EXIT);
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_line(&c, "IA32_VMX_PROCBASED_CTLS2", "not-supported");
	expect_line(&c, "IA32_VMX_TRUE_EXIT_CTLS", "not-supported");
}

static void test_print_empty_snapshot(void **state)
{
	static struct capture c;
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_two_columns(&c);
	expect_line(&c, "CPUID_VENDOR", "unknown");
	expect_line(&c, "IA32_VMX_BASIC", "unknown");
	expect_line(&c, "IA32_VMX_VMFUNC", "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_print_skylake),
		cmocka_unit_test(test_print_absent_and_unknown),
		cmocka_unit_test(test_print_empty_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
