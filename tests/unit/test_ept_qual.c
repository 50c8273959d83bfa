/*
 * Unit tests for the EPT-violation exit qualification decoder
 * (lib/vmx/ept_qual.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/x86/ept.h"
#include "lib/vmx/ept_qual.h"

static void expect_text(uint64_t qual, const char *want)
{
	char buf[256];

	assert_int_equal(ept_qual_describe(qual, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
}

static void test_guest_touches_unmapped_page(void **state)
{
	(void)state;
	/* A write through a linear address to a page EPT does not map. */
	expect_text(EPT_QUAL_WRITE | EPT_QUAL_GLA_VALID | EPT_QUAL_GLA_TRANSLATED,
		    "write to a not-present page, linear address valid (final access)");
	expect_text(EPT_QUAL_READ, "read to a not-present page, no linear address");
}

static void test_permissions_and_walks(void **state)
{
	(void)state;
	expect_text(EPT_QUAL_WRITE | EPT_QUAL_READABLE | EPT_QUAL_EXECUTABLE | EPT_QUAL_GLA_VALID |
			    EPT_QUAL_GLA_TRANSLATED,
		    "write to an r-x page, linear address valid (final access)");
	expect_text(EPT_QUAL_FETCH | EPT_QUAL_READABLE | EPT_QUAL_WRITABLE | EPT_QUAL_GLA_VALID,
		    "fetch to an rw- page, linear address valid (paging-structure walk)");
	expect_text(EPT_QUAL_READ | EPT_QUAL_WRITE | EPT_QUAL_EXECUTABLE,
		    "read+write to a --x page, no linear address");
	expect_text(EPT_QUAL_FETCH | EPT_QUAL_USER_EXECUTABLE,
		    "fetch to a --- page (user-executable), no linear address");
}

static void test_other_bits(void **state)
{
	(void)state;
	expect_text(EPT_QUAL_READ | EPT_QUAL_GLA_VALID | EPT_QUAL_GLA_TRANSLATED |
			    EPT_QUAL_GLA_SUPERVISOR | EPT_QUAL_GLA_READ_ONLY |
			    EPT_QUAL_GLA_EXEC_DISABLE | EPT_QUAL_NMI_UNBLOCKING |
			    EPT_QUAL_SHADOW_STACK,
		    "read to a not-present page, linear address valid (final access), "
		    "supervisor address, read-only address, execute-disable address, "
		    "NMI unblocking, shadow-stack access");
	expect_text(0, "no access to a not-present page, no linear address");
	expect_text((1ull << 16) | (1ull << 40) | EPT_QUAL_READ,
		    "read to a not-present page, no linear address, bits=0x10000010000");
}

static void test_truncates_like_snprintf(void **state)
{
	char buf[10];
	const char *full = "write to a not-present page, no linear address";

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(ept_qual_describe(EPT_QUAL_WRITE, buf, sizeof(buf)), strlen(full));
	assert_string_equal(buf, "write to ");
	assert_int_equal(ept_qual_describe(EPT_QUAL_WRITE, NULL, 0), strlen(full));
	buf[0] = 'x';
	assert_int_equal(ept_qual_describe(EPT_QUAL_WRITE, buf, 1), strlen(full));
	assert_int_equal(buf[0], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_touches_unmapped_page),
		cmocka_unit_test(test_permissions_and_walks),
		cmocka_unit_test(test_other_bits),
		cmocka_unit_test(test_truncates_like_snprintf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
