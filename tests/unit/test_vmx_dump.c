/*
 * Tests for lib/host/vmx_dump.c: the dump-file reader.
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

#include "include/x86/msr.h"
#include "lib/host/vmx_dump.h"
#include "lib/vmx/caps.h"
#include "tests/support/vmx_fixture.h"

static void test_parse_good_lines(void **state)
{
	struct vmx_msr_snapshot s;
	const char *unknown = NULL;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(
		vmx_snapshot_parse_line(&s, "IA32_VMX_BASIC=0x00DA100000000004\n", &unknown), 0);
	assert_true(s.basic == SKYLAKE_BASIC);
	assert_true(vmx_snapshot_has(&s, VMX_SNAP_BASIC));
	assert_int_equal(
		vmx_snapshot_parse_line(&s, "  CPUID_01H_ECX = 0x7ffafbff  # a note\r\n", NULL), 0);
	assert_true(s.cpuid_01h_ecx == 0x7ffafbffu);
	assert_int_equal(vmx_snapshot_parse_line(&s, "IA32_FEATURE_CONTROL=5", NULL), 0);
	assert_true(s.feature_control == 5);
	assert_int_equal(vmx_snapshot_parse_line(&s, "IA32_VMX_VMFUNC=0xffffffffffffffff", NULL),
			 0);
	assert_true(s.vmfunc == UINT64_MAX);
	assert_int_equal(vmx_snapshot_parse_line(&s, "IA32_VMX_MISC=18446744073709551615", NULL),
			 0);
	assert_true(s.misc == UINT64_MAX);
	assert_int_equal(vmx_snapshot_parse_line(&s, "CPUID_VENDOR=GenuineIntel", NULL), 0);
	assert_string_equal(s.cpuid_vendor, "GenuineIntel");
	assert_int_equal(vmx_snapshot_parse_line(&s, "CPUID_VENDOR=\"  Shanghai  \"\n", NULL), 0);
	assert_string_equal(s.cpuid_vendor, "  Shanghai  ");
	assert_null(unknown);
}

static void test_parse_every_name(void **state)
{
	static const char *const names[] = {
		"CPUID_01H_ECX",
		"CPUID_80000000H_EAX",
		"CPUID_80000008H_EAX",
		"IA32_FEATURE_CONTROL",
		"IA32_VMX_BASIC",
		"IA32_VMX_PINBASED_CTLS",
		"IA32_VMX_PROCBASED_CTLS",
		"IA32_VMX_EXIT_CTLS",
		"IA32_VMX_ENTRY_CTLS",
		"IA32_VMX_MISC",
		"IA32_VMX_CR0_FIXED0",
		"IA32_VMX_CR0_FIXED1",
		"IA32_VMX_CR4_FIXED0",
		"IA32_VMX_CR4_FIXED1",
		"IA32_VMX_VMCS_ENUM",
		"IA32_VMX_PROCBASED_CTLS2",
		"IA32_VMX_EPT_VPID_CAP",
		"IA32_VMX_TRUE_PINBASED_CTLS",
		"IA32_VMX_TRUE_PROCBASED_CTLS",
		"IA32_VMX_TRUE_EXIT_CTLS",
		"IA32_VMX_TRUE_ENTRY_CTLS",
		"IA32_VMX_VMFUNC",
	};
	struct vmx_msr_snapshot s;
	char line[80];
	size_t i;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(vmx_snapshot_parse_line(&s, "CPUID_VENDOR=X", NULL), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(line, sizeof(line), "%s=0x%zx", names[i], i + 1);
		assert_int_equal(vmx_snapshot_parse_line(&s, line, NULL), 0);
	}
	assert_true(s.have == VMX_ALL_FIELDS);
	assert_true(s.cpuid_01h_ecx == 1);
	assert_true(s.feature_control == 4);
	assert_true(s.procbased2 == 16);
	assert_true(s.vmfunc == 22);
}

static void test_parse_blank_and_comments(void **state)
{
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(vmx_snapshot_parse_line(&s, "", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, "\n", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, " \t\r\n", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, "# IA32_VMX_BASIC=1", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, "   # note", NULL), 0);
	assert_int_equal(s.have, 0);
}

static void test_parse_unknown_name(void **state)
{
	struct vmx_msr_snapshot s;
	const char *line = "  IA32_VMX_PROCBASED_CTLS3 = 0x1";
	const char *unknown = NULL;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(vmx_snapshot_parse_line(&s, line, &unknown), VMX_PARSE_UNKNOWN_NAME);
	assert_ptr_equal(unknown, line + 2);
	assert_int_equal(vmx_dump_name_len(unknown), 24);
	/* Case matters, and an unknown name's value is not inspected. */
	assert_int_equal(vmx_snapshot_parse_line(&s, "ia32_vmx_basic=1", NULL),
			 VMX_PARSE_UNKNOWN_NAME);
	assert_int_equal(vmx_snapshot_parse_line(&s, "FOO=not a number", NULL),
			 VMX_PARSE_UNKNOWN_NAME);
	assert_int_equal(s.have, 0);
}

static void expect_parse(const char *line, int result)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	struct vmx_msr_snapshot before = s;

	assert_int_equal(vmx_snapshot_parse_line(&s, line, NULL), result);
	/* A rejected line leaves the snapshot as it was. */
	assert_memory_equal(&s, &before, sizeof(s));
}

static void test_parse_malformed(void **state)
{
	(void)state;
	expect_parse("=0x1", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC 0x1", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=  # nothing", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=0x", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=0xZZ", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=12abc", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=0x12 junk", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=-1", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC==1", VMX_PARSE_MALFORMED);
	expect_parse("-IA32_VMX_BASIC=1", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=\"GenuineIntel", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=\"\"", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=Genuine Intel", VMX_PARSE_MALFORMED);
}

static void test_parse_out_of_range(void **state)
{
	(void)state;
	expect_parse("CPUID_01H_ECX=0x100000000", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("CPUID_01H_ECX=4294967296", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("IA32_VMX_BASIC=0x10000000000000000", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("IA32_VMX_BASIC=18446744073709551616", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("IA32_VMX_BASIC=99999999999999999999999999", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("CPUID_VENDOR=GenuineIntel1", VMX_PARSE_OUT_OF_RANGE);
}

/* A dump with CPUID and BASIC only cannot conclude. */
static void test_parse_partial_dump(void **state)
{
	static const char *const dump[] = {
		"# partial: the msr module was missing",
		"CPUID_VENDOR=GenuineIntel",
		"CPUID_01H_ECX=0x7ffafbff",
		"IA32_VMX_BASIC=0x00da100000000004",
	};
	struct vmx_msr_snapshot s;
	struct vmx_assessment a;
	size_t i;

	(void)state;
	vmx_snapshot_init(&s);
	for (i = 0; i < sizeof(dump) / sizeof(dump[0]); i++)
		assert_int_equal(vmx_snapshot_parse_line(&s, dump[i], NULL), 0);
	a = fixture_assess(&s);
	assert_int_equal(a.verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(a.reason), "no-feature-control-data");
	assert_int_equal(a.region_size, 4096);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
}

/*
 * Fixed-seed random lines built from the characters the parser cares
 * about: results stay in range and ASan/UBSan see every path.
 */
static void test_parse_random_lines(void **state)
{
	static const char alphabet[] = "IA32_VMXBSICPUD0123456789abcdefxX"
				       "= \t#\"\r\n-\xc3\x89";
	static const char *const prefixes[] = {
		"",
		"IA32_VMX_BASIC=",
		"CPUID_VENDOR=",
		"CPUID_01H_ECX=0x",
		"IA32_VMX_MISC=",
		"CPUID_VENDOR=\"",
	};
	uint32_t seed = 12345;
	char line[64];
	unsigned i, j, n;

	(void)state;
	for (i = 0; i < 20000; i++) {
		struct vmx_msr_snapshot s;
		const char *unknown = NULL;
		size_t len;
		int r;

		vmx_snapshot_init(&s);
		seed = seed * 1103515245u + 12345u;
		len = (size_t)snprintf(line, sizeof(line), "%s", prefixes[(seed >> 16) % 6]);
		n = (seed >> 8) % 40;
		for (j = 0; j < n && len + 1 < sizeof(line); j++) {
			seed = seed * 1103515245u + 12345u;
			line[len++] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		line[len] = '\0';
		r = vmx_snapshot_parse_line(&s, line, &unknown);
		assert_true(r >= VMX_PARSE_OUT_OF_RANGE && r <= VMX_PARSE_UNKNOWN_NAME);
		assert_true((s.have & ~VMX_ALL_FIELDS) == 0);
		assert_true(r == VMX_PARSE_OK || s.have == 0);
		if (r == VMX_PARSE_UNKNOWN_NAME)
			assert_true(unknown >= line && unknown < line + len);
		assert_true(s.cpuid_vendor[12] == '\0');
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good_lines),
		cmocka_unit_test(test_parse_every_name),
		cmocka_unit_test(test_parse_blank_and_comments),
		cmocka_unit_test(test_parse_unknown_name),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_out_of_range),
		cmocka_unit_test(test_parse_partial_dump),
		cmocka_unit_test(test_parse_random_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
