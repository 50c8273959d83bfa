/*
 * Tests for lib/vmx/presence.c: which capability MSRs exist.
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
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"
#include "tests/support/vmx_fixture.h"

static void test_exists_skylake(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	uint32_t msr;

	(void)state;
	assert_true(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
	for (msr = MSR_IA32_VMX_BASIC; msr <= MSR_IA32_VMX_VMFUNC; msr++)
		assert_true(vmx_msr_exists(&s, msr));
	/* Tertiary controls: PROCBASED allowed-1 bit 17 is clear. */
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS3));
	/* Not a capability MSR: not this module's to vouch for. */
	assert_false(vmx_msr_exists(&s, MSR_IA32_EFER));
}

static void test_exists_without_cpuid(void **state)
{
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	assert_false(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_BASIC));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
}

static void test_exists_needs_cpuid_vmx(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	s.cpuid_01h_ecx &= ~X86_CPUID_01H_ECX_VMX;
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_BASIC));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_CR4_FIXED1));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_EXIT_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	/* SMX alone still makes IA32_FEATURE_CONTROL exist. */
	assert_true(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
	s.cpuid_01h_ecx &= ~X86_CPUID_01H_ECX_SMX;
	assert_false(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
}

static void test_exists_true_ctls_need_basic_bit55(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	s.basic &= ~(1ull << 55);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_PINBASED_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_PROCBASED_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_EXIT_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_ENTRY_CTLS));
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_PINBASED_CTLS));
	fixture_drop(&s, VMX_SNAP_BASIC);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_PINBASED_CTLS));
}

static void test_exists_secondary_chain(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	/* Without "activate secondary controls" (allowed-1 bit 31 = 63). */
	s.procbased &= ~(1ull << 63);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_VMFUNC));

	/* PROCBASED unread: nothing that depends on it may be read. */
	s = fixture_skylake();
	fixture_drop(&s, VMX_SNAP_PROCBASED);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_MISC));
}

static void test_exists_ept_vpid_cap_rules(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	/* VPID alone (bit 37 of PROCBASED_CTLS2) is enough. */
	s.procbased2 &= ~(1ull << (32 + VMX_PROC2_ENABLE_EPT));
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	s.procbased2 &= ~(1ull << (32 + VMX_PROC2_ENABLE_VPID));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	/* EPT alone (bit 33) too. */
	s.procbased2 |= 1ull << (32 + VMX_PROC2_ENABLE_EPT);
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	/* VMFUNC needs bit 45 ("enable VM functions"). */
	s.procbased2 &= ~(1ull << (32 + VMX_PROC2_ENABLE_VM_FUNCTIONS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_VMFUNC));
	fixture_drop(&s, VMX_SNAP_PROCBASED2);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
}

static void test_exists_tertiary(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	s.procbased |= 1ull << (32 + VMX_PROC_ACTIVATE_TERTIARY_CONTROLS);
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS3));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exists_skylake),
		cmocka_unit_test(test_exists_without_cpuid),
		cmocka_unit_test(test_exists_needs_cpuid_vmx),
		cmocka_unit_test(test_exists_true_ctls_need_basic_bit55),
		cmocka_unit_test(test_exists_secondary_chain),
		cmocka_unit_test(test_exists_ept_vpid_cap_rules),
		cmocka_unit_test(test_exists_tertiary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
