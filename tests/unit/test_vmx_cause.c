/*
 * Tests for lib/vmx/cause.c: every cause has a token and advice, the
 * tokens are distinct machine words, and the tokens the README documents
 * for the report are the table's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/vmx/cause.h"

static const char *const unknown_advice = "No advice for this result: see the decode above.";

static bool is_token(const char *s)
{
	size_t i;

	if (!s[0] || s[0] == '-')
		return false;
	for (i = 0; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return s[i - 1] != '-';
}

static void test_every_cause_has_token_and_advice(void **state)
{
	(void)state;
	for (int c = 0; c < VMX_CAUSE_COUNT; c++) {
		const char *token = vmx_cause_name(c);
		const char *advice = vmx_cause_advice(c);

		assert_non_null(token);
		assert_true(is_token(token));
		assert_string_not_equal(token, "unknown-cause");
		assert_non_null(advice);
		assert_string_not_equal(advice, unknown_advice);
		/* A sentence: more than a word, ending in a full stop. */
		assert_true(strlen(advice) > 20);
		assert_int_equal(advice[strlen(advice) - 1], '.');
	}
}

static void test_tokens_unique(void **state)
{
	(void)state;
	for (int a = 0; a < VMX_CAUSE_COUNT; a++)
		for (int b = a + 1; b < VMX_CAUSE_COUNT; b++)
			assert_string_not_equal(vmx_cause_name(a), vmx_cause_name(b));
}

static void test_advice_unique(void **state)
{
	(void)state;
	for (int a = 0; a < VMX_CAUSE_COUNT; a++)
		for (int b = a + 1; b < VMX_CAUSE_COUNT; b++)
			assert_string_not_equal(vmx_cause_advice(a), vmx_cause_advice(b));
}

/* The report's tokens (README, "The report") are part of its interface. */
static void test_documented_tokens(void **state)
{
	static const struct {
		enum vmx_cause cause;
		const char *token;
	} documented[] = {
		{ VMX_CAUSE_VMX_USABLE, "vmx-usable" },
		{ VMX_CAUSE_NO_CPUID_DATA, "no-cpuid-data" },
		{ VMX_CAUSE_NO_VMX_CPUID, "no-vmx-cpuid" },
		{ VMX_CAUSE_NO_VMX_CPUID_HYPERVISOR, "no-vmx-cpuid-hypervisor" },
		{ VMX_CAUSE_AMD_SVM_NOT_SUPPORTED, "amd-svm-not-supported" },
		{ VMX_CAUSE_NO_FEATURE_CONTROL_DATA, "no-feature-control-data" },
		{ VMX_CAUSE_FEATURE_CONTROL_LOCKED_OFF, "feature-control-locked-off" },
		{ VMX_CAUSE_FEATURE_CONTROL_SMX_ONLY, "feature-control-smx-only" },
		{ VMX_CAUSE_NO_VMX_BASIC_DATA, "no-vmx-basic-data" },
		{ VMX_CAUSE_BASIC_BIT31_SET, "basic-bit31-set" },
		{ VMX_CAUSE_REGION_SIZE_INVALID, "region-size-invalid" },
		{ VMX_CAUSE_MEMTYPE_NOT_WB, "memtype-not-wb" },
		{ VMX_CAUSE_VMXON_FAILED, "vmxon-failed" },
		{ VMX_CAUSE_FEATURE_CONTROL_WRITE_FAILED, "feature-control-write-failed" },
		{ VMX_CAUSE_NO_MEMORY_FOR_VMX_REGIONS, "no-memory-for-vmx-regions" },
		{ VMX_CAUSE_VMX_CHECK_TIMED_OUT, "vmx-check-timed-out" },
		{ VMX_CAUSE_VMXOFF_TIMED_OUT, "vmxoff-timed-out" },
		{ VMX_CAUSE_VMX_CHECK_NOT_RUN, "vmx-check-not-run" },
		{ VMX_CAUSE_GUEST_CONTROL_UNAVAILABLE, "guest-control-unavailable" },
		{ VMX_CAUSE_GUEST_VMCS_LOAD_FAILED, "guest-vmcs-load-failed" },
		{ VMX_CAUSE_GUEST_VMCS_WRITE_FAILED, "guest-vmcs-write-failed" },
		{ VMX_CAUSE_GUEST_STATE_CAPTURE_FAILED, "guest-state-capture-failed" },
		{ VMX_CAUSE_GUEST_LAUNCH_FAILED, "guest-launch-failed" },
		{ VMX_CAUSE_GUEST_ENTRY_FAILED, "guest-entry-failed" },
		{ VMX_CAUSE_GUEST_UNEXPECTED_EXIT, "guest-unexpected-exit" },
		{ VMX_CAUSE_GUEST_RESUME_FAILED, "guest-resume-failed" },
		{ VMX_CAUSE_GUEST_CHECK_FAILED, "guest-check-failed" },
		{ VMX_CAUSE_GUEST_UNLOAD_FAILED, "guest-unload-failed" },
		{ VMX_CAUSE_GUEST_STATE_DIFFERS_AFTER_UNLOAD, "guest-state-differs-after-unload" },
	};

	(void)state;
	assert_int_equal(sizeof(documented) / sizeof(documented[0]), VMX_CAUSE_COUNT - 1);
	for (size_t i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		assert_string_equal(vmx_cause_name(documented[i].cause), documented[i].token);
}

/* The advice people act on names what to do. */
static void test_advice_says_what_to_do(void **state)
{
	(void)state;
	assert_non_null(strstr(vmx_cause_advice(VMX_CAUSE_FEATURE_CONTROL_LOCKED_OFF),
			       "Intel Virtualization Technology"));
	assert_non_null(
		strstr(vmx_cause_advice(VMX_CAUSE_FEATURE_CONTROL_LOCKED_OFF), "power-on reset"));
	assert_non_null(strstr(vmx_cause_advice(VMX_CAUSE_NO_VMX_CPUID_HYPERVISOR), "nested=1"));
	assert_non_null(strstr(vmx_cause_advice(VMX_CAUSE_NO_VMX_CPUID_HYPERVISOR), "Bochs"));
	assert_non_null(strstr(vmx_cause_advice(VMX_CAUSE_AMD_SVM_NOT_SUPPORTED), "SVM"));
	assert_non_null(strstr(vmx_cause_advice(VMX_CAUSE_VMX_CHECK_TIMED_OUT), "ap-timeout-ms="));
	assert_non_null(strstr(vmx_cause_advice(VMX_CAUSE_VMXON_FAILED), "vmx-dump"));
}

static void test_out_of_range(void **state)
{
	(void)state;
	assert_string_equal(vmx_cause_name(VMX_CAUSE_COUNT), "unknown-cause");
	assert_string_equal(vmx_cause_name((enum vmx_cause) - 1), "unknown-cause");
	assert_string_equal(vmx_cause_advice(VMX_CAUSE_COUNT), unknown_advice);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_cause_has_token_and_advice),
		cmocka_unit_test(test_tokens_unique),
		cmocka_unit_test(test_advice_unique),
		cmocka_unit_test(test_documented_tokens),
		cmocka_unit_test(test_advice_says_what_to_do),
		cmocka_unit_test(test_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
