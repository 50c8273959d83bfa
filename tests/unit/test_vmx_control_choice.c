/*
 * vmx_controls_choose(): must-be-1 bits always, wanted bits where allowed,
 * required bits that cannot be set named; the TRUE_ MSRs where IA32_VMX_BASIC
 * bit 55 says they exist.  Values from Bochs' Skylake-X and Core 2 models.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/x86/vmx_defs.h"
#include "lib/vmx/vmcs_controls.h"

#define BASIC_TRUE_CTLS (1ull << 55)

static struct vmx_msr_snapshot snapshot(void)
{
	struct vmx_msr_snapshot s;

	vmx_snapshot_init(&s);
	memcpy(s.cpuid_vendor, "GenuineIntel", 12);
	s.cpuid_01h_ecx = 1u << 5;
	s.basic = 0x00da040000000004ull; /* bit 55: TRUE_ MSRs */
	s.pinbased = 0x0000007f00000016ull;
	s.procbased = 0xfff9fffe0401e172ull;
	s.exit = 0x01ffffff00036dffull;
	s.entry = 0x0003ffff000011ffull;
	s.procbased2 = 0x0053bdff00000000ull;
	s.true_pinbased = 0x0000007f00000016ull;
	s.true_procbased = 0xfff9fffe04006172ull; /* CR3 exits optional */
	s.true_exit = 0x01ffffff00036dfbull;
	s.true_entry = 0x0003ffff000011fbull;
	s.have = VMX_HAVE(VMX_SNAP_CPUID_VENDOR) | VMX_HAVE(VMX_SNAP_CPUID_01H_ECX) |
		 VMX_HAVE(VMX_SNAP_BASIC) | VMX_HAVE(VMX_SNAP_PINBASED) |
		 VMX_HAVE(VMX_SNAP_PROCBASED) | VMX_HAVE(VMX_SNAP_EXIT) | VMX_HAVE(VMX_SNAP_ENTRY) |
		 VMX_HAVE(VMX_SNAP_PROCBASED2) | VMX_HAVE(VMX_SNAP_TRUE_PINBASED) |
		 VMX_HAVE(VMX_SNAP_TRUE_PROCBASED) | VMX_HAVE(VMX_SNAP_TRUE_EXIT) |
		 VMX_HAVE(VMX_SNAP_TRUE_ENTRY);
	return s;
}

static void test_must_be_1_and_wanted(void **state)
{
	struct vmx_msr_snapshot s = snapshot();
	uint32_t wanted = VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			  VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS);
	struct vmx_control_choice c = vmx_controls_choose(&s, VMX_CTL_PROCBASED, 0, wanted);

	(void)state;
	assert_true(c.known);
	assert_int_equal(c.missing, 0);
	/* TRUE_PROCBASED's must-be-1 bits (no CR3 exiting), plus what was wanted. */
	assert_int_equal(c.value, 0x04006172u | wanted);
}

static void test_legacy_msr_without_bit_55(void **state)
{
	struct vmx_msr_snapshot s = snapshot();
	struct vmx_control_choice c;

	(void)state;
	s.basic &= ~BASIC_TRUE_CTLS;
	c = vmx_controls_choose(&s, VMX_CTL_PROCBASED, 0, 0);
	/* The original MSR forces CR3-load and CR3-store exiting (bits 15, 16). */
	assert_int_equal(c.value, 0x0401e172u);
}

static void test_required_bit_missing(void **state)
{
	struct vmx_msr_snapshot s = snapshot();
	struct vmx_control_choice c;

	(void)state;
	s.true_exit &= ~((uint64_t)VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE) << 32);
	c = vmx_controls_choose(&s, VMX_CTL_EXIT, VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE),
				VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER));
	assert_true(c.known);
	assert_int_equal(c.missing, VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE));
	assert_false(c.value & VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE));
	assert_true(c.value & VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER));
	assert_string_equal(vmx_control_name(VMX_CTL_EXIT, VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE),
			    "host_address_space_size");
}

static void test_optional_bit_not_offered(void **state)
{
	struct vmx_msr_snapshot s = snapshot();
	struct vmx_control_choice c;

	(void)state;
	/* Core 2: no EPT, no VPID in the secondary controls. */
	s.procbased2 &=
		~(((uint64_t)VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT) | VMX_CTL_BIT(VMX_PROC2_ENABLE_VPID))
		  << 32);
	c = vmx_controls_choose(&s, VMX_CTL_PROCBASED2, 0,
				VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT) |
					VMX_CTL_BIT(VMX_PROC2_ENABLE_VPID) |
					VMX_CTL_BIT(VMX_PROC2_ENABLE_RDTSCP));
	assert_int_equal(c.missing, 0);
	assert_int_equal(c.value, VMX_CTL_BIT(VMX_PROC2_ENABLE_RDTSCP));
}

static void test_no_secondary_controls(void **state)
{
	struct vmx_msr_snapshot s = snapshot();
	struct vmx_control_choice c;

	(void)state;
	s.procbased &= ~((uint64_t)VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS) << 32);
	s.true_procbased &= ~((uint64_t)VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS) << 32);
	c = vmx_controls_choose(&s, VMX_CTL_PROCBASED2, VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT),
				VMX_CTL_BIT(VMX_PROC2_ENABLE_VPID));
	assert_true(c.known);
	assert_int_equal(c.value, 0);
	assert_int_equal(c.missing, VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT));
}

static void test_unknown_msr(void **state)
{
	struct vmx_msr_snapshot s = snapshot();
	struct vmx_control_choice c;

	(void)state;
	s.have &= ~(VMX_HAVE(VMX_SNAP_ENTRY) | VMX_HAVE(VMX_SNAP_TRUE_ENTRY));
	c = vmx_controls_choose(&s, VMX_CTL_ENTRY, VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST), 0);
	assert_false(c.known);
	assert_int_equal(c.missing, VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_control_name(VMX_CTL_PROCBASED2, VMX_PROC2_ENABLE_EPT),
			    "enable_ept");
	assert_string_equal(vmx_control_name(VMX_CTL_ENTRY, VMX_ENTRY_CTL_IA32E_MODE_GUEST),
			    "ia32e_mode_guest");
	assert_null(vmx_control_name(VMX_CTL_PINBASED, 1));
	assert_null(vmx_control_name(VMX_CTL_PINBASED, 32));
	assert_string_equal(vmx_control_field_name(VMX_CTL_PROCBASED2),
			    "secondary processor-based");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_must_be_1_and_wanted),
		cmocka_unit_test(test_legacy_msr_without_bit_55),
		cmocka_unit_test(test_required_bit_missing),
		cmocka_unit_test(test_optional_bit_not_offered),
		cmocka_unit_test(test_no_secondary_controls),
		cmocka_unit_test(test_unknown_msr),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
