/*
 * Tests for lib/vmx/controls.c and lib/vmx/vmcs_controls.c: allowed control and
 * CR settings, and the IA32_FEATURE_CONTROL plan.
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

#include "lib/vmx/vmcs_controls.h"
#include "lib/vmx/caps.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"
#include "tests/support/vmx_fixture.h"

static void test_fc_plan(void **state)
{
	uint64_t next = 0xdead;

	(void)state;
	assert_int_equal(vmx_feature_control_plan(0x5, false, &next), FC_READY);
	assert_true(next == 0x5);
	assert_int_equal(vmx_feature_control_plan(0x7, true, &next), FC_READY);
	assert_int_equal(vmx_feature_control_plan(0x1, true, &next), FC_LOCKED_OFF);
	assert_true(next == 0x1);
	assert_int_equal(vmx_feature_control_plan(0x3, true, &next), FC_LOCKED_OFF);

	/* Unlocked: enable outside SMX, inside SMX only with SMX, lock. */
	assert_int_equal(vmx_feature_control_plan(0x0, false, &next), FC_WRITE);
	assert_true(next == 0x5);
	assert_int_equal(vmx_feature_control_plan(0x0, true, &next), FC_WRITE);
	assert_true(next == 0x7);
	/* Firmware's own unlocked choices (LMCE, bit 20) survive. */
	assert_int_equal(vmx_feature_control_plan(0x100000, false, &next), FC_WRITE);
	assert_true(next == 0x100005);
	assert_int_equal(vmx_feature_control_plan(0x0, true, NULL), FC_WRITE);
}

/* ---- CR fixed bits ------------------------------------------------------ */

static void test_cr0_fixed(void **state)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1);
	uint64_t cr0 = X86_CR0_PE | X86_CR0_ET;

	(void)state;
	assert_true(m.must_be_1 == (X86_CR0_PE | X86_CR0_NE | X86_CR0_PG));
	assert_true(m.must_be_0 == 0xffffffff00000000ull);
	assert_false(vmx_cr_allowed(cr0, SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1));
	cr0 = vmx_adjust_cr(cr0, SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1);
	assert_true(cr0 == 0x80000031ull);
	assert_true(vmx_cr_allowed(cr0, SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1));
	assert_false(vmx_cr_allowed(cr0 | (1ull << 32), SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1));
	assert_true(vmx_adjust_cr(cr0 | (1ull << 32), SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1) ==
		    cr0);
}

static void test_cr4_fixed(void **state)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1);
	uint64_t cr4 = X86_CR4_PAE | X86_CR4_PGE | X86_CR4_PKE;

	(void)state;
	assert_true(m.must_be_1 == X86_CR4_VMXE);
	/* 003767FFH: bits 11 (UMIP), 12 (LA57), 19 (KL), 22 (PKE) fixed 0. */
	assert_true(m.must_be_0 & X86_CR4_UMIP);
	assert_true(m.must_be_0 & X86_CR4_LA57);
	assert_true(m.must_be_0 & X86_CR4_PKE);
	assert_false(m.must_be_0 & X86_CR4_SMAP);
	assert_false(vmx_cr_allowed(cr4, SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1));
	cr4 = vmx_adjust_cr(cr4, SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1);
	assert_true(cr4 == (X86_CR4_PAE | X86_CR4_PGE | X86_CR4_VMXE));
	assert_true(vmx_cr_allowed(cr4, SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1));
}

/* ---- Control MSR helpers ------------------------------------------------ */

static void test_ctl_bits(void **state)
{
	const uint64_t pin = 0x0000007f00000016ull;

	(void)state;
	assert_true(vmx_ctl_allowed1(pin, VMX_PIN_EXTERNAL_INTERRUPT_EXITING));
	assert_false(vmx_ctl_must_be_1(pin, VMX_PIN_EXTERNAL_INTERRUPT_EXITING));
	assert_true(vmx_ctl_must_be_1(pin, 1)); /* default1 */
	assert_true(vmx_ctl_allowed1(pin, 1));
	assert_true(vmx_ctl_allowed1(pin, VMX_PIN_PREEMPTION_TIMER));
	/* 7FH: bit 7 (posted interrupts) clear, as on client parts. */
	assert_false(vmx_ctl_allowed1(pin, VMX_PIN_POSTED_INTERRUPTS));
	assert_false(vmx_ctl_allowed1(pin, 8));
	assert_false(vmx_ctl_allowed1(pin, 32)); /* not a control */
	assert_false(vmx_ctl_must_be_1(~0ull, 32));
	assert_false(vmx_ctl_allowed1(~0ull, 1000));
}

static void test_ctl_adjust(void **state)
{
	uint32_t want = VMX_CTL_BIT(VMX_PROC_HLT_EXITING) | VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS) |
			VMX_CTL_BIT(VMX_PROC_ACTIVATE_TERTIARY_CONTROLS);
	uint32_t got = vmx_ctl_adjust(SKYLAKE_PROCBASED, want);

	(void)state;
	/* Default1 bits forced on, tertiary (not allowed) dropped. */
	assert_true(got == (0x0401e172u | VMX_CTL_BIT(VMX_PROC_HLT_EXITING) |
			    VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			    VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS)));
	assert_true(vmx_ctl_missing(SKYLAKE_PROCBASED, want) ==
		    VMX_CTL_BIT(VMX_PROC_ACTIVATE_TERTIARY_CONTROLS));
	want = VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT) | VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST);
	assert_true(vmx_ctl_missing(SKYLAKE_PROCBASED2, want) == 0);
	assert_true(vmx_ctl_missing(SKYLAKE_PROCBASED2,
				    VMX_CTL_BIT(VMX_PROC2_VIRTUAL_INTERRUPT_DELIVERY)) ==
		    VMX_CTL_BIT(VMX_PROC2_VIRTUAL_INTERRUPT_DELIVERY));
}

static void test_snapshot_ctl_sources(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	uint64_t ctl = 0;

	(void)state;
	/* TRUE_ wins: CR3-load exiting may be 0 there only. */
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED, &ctl));
	assert_true(ctl == s.true_procbased);
	assert_false(vmx_ctl_must_be_1(ctl, VMX_PROC_CR3_LOAD_EXITING));
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_ENTRY, &ctl));
	assert_true(ctl == s.true_entry);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	assert_true(ctl == SKYLAKE_PROCBASED2);

	/* No TRUE_ value in the snapshot: the original MSR. */
	fixture_drop(&s, VMX_SNAP_TRUE_PROCBASED);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED, &ctl));
	assert_true(ctl == SKYLAKE_PROCBASED);
	/* A TRUE_ value BASIC says cannot exist is ignored. */
	s = fixture_skylake();
	s.basic &= ~(1ull << 55);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_EXIT, &ctl));
	assert_true(ctl == s.exit);
	fixture_drop(&s, VMX_SNAP_EXIT);
	assert_false(vmx_snapshot_ctl(&s, VMX_CTL_EXIT, &ctl));
}

static void test_snapshot_ctl_secondary(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	uint64_t ctl = 0xdead;

	(void)state;
	s.procbased &= ~(1ull << 63);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	assert_true(ctl == 0);
	s = fixture_skylake();
	fixture_drop(&s, VMX_SNAP_PROCBASED2);
	assert_false(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	fixture_drop(&s, VMX_SNAP_PROCBASED);
	assert_false(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	assert_false(vmx_snapshot_ctl(&s, (enum vmx_ctl_field)99, &ctl));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fc_plan),
		cmocka_unit_test(test_cr0_fixed),
		cmocka_unit_test(test_cr4_fixed),
		cmocka_unit_test(test_ctl_bits),
		cmocka_unit_test(test_ctl_adjust),
		cmocka_unit_test(test_snapshot_ctl_sources),
		cmocka_unit_test(test_snapshot_ctl_secondary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
