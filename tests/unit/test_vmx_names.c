/*
 * Every basic exit reason of the SDM's Appendix C and every VM-instruction
 * error of section 31.4 has a distinct name; numbers the SDM does not use
 * read as unknown; the dump's fields are named once each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/x86/vmcs.h"
#include "lib/vmx/names.h"

static void expect_distinct(const char *const *names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		for (size_t j = i + 1; j < count; j++)
			if (strcmp(names[i], names[j]) == 0)
				fail_msg("'%s' names two numbers", names[i]);
}

static void test_exit_reasons(void **state)
{
	const char *names[VMX_EXIT_REASON_COUNT];
	size_t n = 0;

	(void)state;
	for (uint32_t r = 0; r < VMX_EXIT_REASON_COUNT; r++) {
		const char *name = vmx_exit_reason_name(r);
		bool unused = r == 35 || r == 38 || r == 42 || r == 71;
		if (unused) {
			assert_string_equal(name, "unknown-exit-reason");
			continue;
		}
		assert_string_not_equal(name, "unknown-exit-reason");
		names[n++] = name;
	}
	assert_int_equal(n, VMX_EXIT_REASON_COUNT - 4);
	expect_distinct(names, n);
	assert_string_equal(vmx_exit_reason_name(VMX_EXIT_TRIPLE_FAULT), "triple-fault");
	assert_string_equal(vmx_exit_reason_name(VMX_EXIT_INVALID_GUEST_STATE),
			    "entry-failed-invalid-guest-state");
	assert_string_equal(vmx_exit_reason_name(VMX_EXIT_EPT_VIOLATION), "ept-violation");
	assert_string_equal(vmx_exit_reason_name(VMX_EXIT_XSETBV), "xsetbv");
	assert_string_equal(vmx_exit_reason_name(VMX_EXIT_INSTRUCTION_TIMEOUT),
			    "instruction-timeout");
	assert_string_equal(vmx_exit_reason_name(VMX_EXIT_REASON_COUNT), "unknown-exit-reason");
	assert_string_equal(vmx_exit_reason_name(0xffffffffu), "unknown-exit-reason");
}

static void test_insn_errors(void **state)
{
	const char *names[VMX_ERR_COUNT];
	size_t n = 0;

	(void)state;
	assert_string_equal(vmx_insn_error_name(0), "unknown-vm-instruction-error");
	for (uint32_t e = 1; e < VMX_ERR_COUNT; e++) {
		const char *name = vmx_insn_error_name(e);
		if (e == 14 || e == 21 || e == 27) {
			assert_string_equal(name, "unknown-vm-instruction-error");
			continue;
		}
		assert_string_not_equal(name, "unknown-vm-instruction-error");
		names[n++] = name;
	}
	assert_int_equal(n, 25);
	expect_distinct(names, n);
	assert_string_equal(vmx_insn_error_name(7), "entry-invalid-control-fields");
	assert_string_equal(vmx_insn_error_name(8), "entry-invalid-host-state");
	assert_string_equal(vmx_insn_error_name(28), "invalid-invept-invvpid-operand");
	assert_string_equal(vmx_insn_error_name(29), "unknown-vm-instruction-error");
}

static void test_dump_fields(void **state)
{
	const char *names[64];

	(void)state;
	assert_true(vmx_dump_field_count > 10 && vmx_dump_field_count <= 64);
	for (size_t i = 0; i < vmx_dump_field_count; i++) {
		names[i] = vmx_dump_fields[i].name;
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(vmx_dump_fields[i].encoding,
					     vmx_dump_fields[j].encoding);
	}
	expect_distinct(names, vmx_dump_field_count);
	assert_string_equal(vmx_field_name(VMCS_GUEST_RIP), "GUEST_RIP");
	assert_string_equal(vmx_field_name(VMCS_EXIT_QUALIFICATION), "EXIT_QUALIFICATION");
	assert_null(vmx_field_name(VMCS_HOST_RIP));
}

/* A few encodings pinned against Appendix B's tables. */
static void test_encodings(void **state)
{
	(void)state;
	assert_int_equal(VMCS_GUEST_RIP, 0x681e);
	assert_int_equal(VMCS_HOST_RIP, 0x6c16);
	assert_int_equal(VMCS_LINK_POINTER, 0x2800);
	assert_int_equal(VMCS_EXIT_REASON, 0x4402);
	assert_int_equal(VMCS_PROC_BASED_CTLS2, 0x401e);
	assert_int_equal(VMCS_GUEST_TR_AR, 0x4822);
	/* ES..TR are two encodings apart in each group. */
	assert_int_equal(VMCS_GUEST_TR_SELECTOR - VMCS_GUEST_ES_SELECTOR, 14);
	assert_int_equal(VMCS_GUEST_TR_BASE - VMCS_GUEST_ES_BASE, 14);
	assert_int_equal(VMCS_GUEST_TR_LIMIT - VMCS_GUEST_ES_LIMIT, 14);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_reasons),
		cmocka_unit_test(test_insn_errors),
		cmocka_unit_test(test_dump_fields),
		cmocka_unit_test(test_encodings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
