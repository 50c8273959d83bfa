/*
 * Tests for lib/vmx/assess.c: the verdict and its reason.
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
#include "tests/support/vmx_fixture.h"

static void test_assess_skylake(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	struct vmx_assessment a = fixture_assess(&s);

	(void)state;
	assert_int_equal(a.verdict, VMX_OK);
	assert_string_equal(vmx_cause_name(a.reason), "vmx-usable");
	assert_int_equal(a.revision, 4);
	assert_int_equal(a.region_size, 4096);
	assert_false(a.addr32);
	assert_true(a.true_ctls);
	assert_int_equal(a.phys_addr_bits, 39);
}

/* Bit 55 clear: 005A1000_00000004H, still usable, no TRUE controls. */
static void test_assess_without_true_ctls(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	struct vmx_assessment a;

	(void)state;
	s.basic = 0x005a100000000004ull;
	a = fixture_assess(&s);
	assert_int_equal(a.verdict, VMX_OK);
	assert_false(a.true_ctls);
	assert_int_equal(a.region_size, 4096);
}

/* Bit 48 (high dword bit 16): 00DB1000_00000004H. */
static void test_assess_addr32(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	struct vmx_assessment a;

	(void)state;
	s.basic = 0x00db100000000004ull;
	a = fixture_assess(&s);
	assert_int_equal(a.verdict, VMX_OK);
	assert_true(a.addr32);
}

static void test_assess_region_2048(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	struct vmx_assessment a;

	(void)state;
	s.basic = 0x00da080000000004ull;
	a = fixture_assess(&s);
	assert_int_equal(a.verdict, VMX_OK);
	assert_int_equal(a.region_size, 2048);
}

static void expect_unusable(uint64_t basic, const char *reason)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	struct vmx_assessment a;

	s.basic = basic;
	a = fixture_assess(&s);
	assert_int_equal(a.verdict, VMX_UNUSABLE);
	assert_string_equal(vmx_cause_name(a.reason), reason);
}

static void test_assess_region_size_bounds(void **state)
{
	(void)state;
	/* Bits 44:32 = 0, 4097 and 8191 (the widest the field holds). */
	expect_unusable(0x00da000000000004ull, "region-size-invalid");
	expect_unusable(0x00da100100000004ull, "region-size-invalid");
	expect_unusable(0x00da1fff00000004ull, "region-size-invalid");
}

static void test_assess_memory_type(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	/* Bits 53:50 = 0 (UC): high dword 00C21000H. */
	expect_unusable(0x00c2100000000004ull, "memtype-not-wb");
	/* A reserved type, 5: bits 21:18 of the high dword = 0101b. */
	expect_unusable(0x00d6100000000004ull, "memtype-not-wb");
	s.basic = 0x00c2100000000004ull;
	assert_int_equal(fixture_assess(&s).region_size, 4096);
}

static void test_assess_bit31(void **state)
{
	(void)state;
	expect_unusable(0x00da100080000004ull, "basic-bit31-set");
}

static void expect_fc(uint64_t fc, enum vmx_verdict verdict, const char *reason)
{
	struct vmx_msr_snapshot s = fixture_skylake();
	struct vmx_assessment a;

	s.feature_control = fc;
	a = fixture_assess(&s);
	assert_int_equal(a.verdict, verdict);
	assert_string_equal(vmx_cause_name(a.reason), reason);
}

static void test_assess_feature_control(void **state)
{
	(void)state;
	expect_fc(0x0, VMX_OK, "vmx-usable"); /* unlocked */
	expect_fc(0x6, VMX_OK, "vmx-usable"); /* unlocked, set */
	expect_fc(0x5, VMX_OK, "vmx-usable"); /* locked on */
	expect_fc(0x7, VMX_OK, "vmx-usable");
	expect_fc(0x100005, VMX_OK, "vmx-usable"); /* and LMCE */
	expect_fc(0x1, VMX_DISABLED_BY_FIRMWARE, "feature-control-locked-off");
	expect_fc(0x100001, VMX_DISABLED_BY_FIRMWARE, "feature-control-locked-off");
	expect_fc(0x3, VMX_DISABLED_BY_FIRMWARE, "feature-control-smx-only");
}

static void test_assess_amd(void **state)
{
	struct vmx_msr_snapshot s;
	struct vmx_assessment a;

	(void)state;
	vmx_snapshot_init(&s);
	memcpy(s.cpuid_vendor, "AuthenticAMD", 12);
	s.cpuid_01h_ecx = 0x7ed8320bu; /* an EPYC: no VMX bit */
	s.have = VMX_HAVE(VMX_SNAP_CPUID_VENDOR) | VMX_HAVE(VMX_SNAP_CPUID_01H_ECX);
	a = fixture_assess(&s);
	assert_int_equal(a.verdict, VMX_UNSUPPORTED);
	assert_string_equal(vmx_cause_name(a.reason), "amd-svm-not-supported");
	/* An AMD guest is still AMD: nested VT-x will not appear. */
	s.cpuid_01h_ecx |= X86_CPUID_01H_ECX_HYPERVISOR;
	assert_string_equal(vmx_cause_name(fixture_assess(&s).reason), "amd-svm-not-supported");
}

static void test_assess_intel_without_vmx(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	s.cpuid_01h_ecx &= ~X86_CPUID_01H_ECX_VMX;
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNSUPPORTED);
	assert_string_equal(vmx_cause_name(fixture_assess(&s).reason), "no-vmx-cpuid");
	s.cpuid_01h_ecx |= X86_CPUID_01H_ECX_HYPERVISOR;
	assert_string_equal(vmx_cause_name(fixture_assess(&s).reason), "no-vmx-cpuid-hypervisor");
	/* Without a vendor string, the CPUID bit alone decides. */
	fixture_drop(&s, VMX_SNAP_CPUID_VENDOR);
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNSUPPORTED);
}

static void test_assess_missing_data(void **state)
{
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(fixture_assess(&s).reason), "no-cpuid-data");

	s = fixture_skylake();
	fixture_drop(&s, VMX_SNAP_FEATURE_CONTROL);
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(fixture_assess(&s).reason), "no-feature-control-data");
	assert_int_equal(fixture_assess(&s).revision, 4); /* still decoded */

	s = fixture_skylake();
	fixture_drop(&s, VMX_SNAP_BASIC);
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(fixture_assess(&s).reason), "no-vmx-basic-data");
	assert_int_equal(fixture_assess(&s).revision, 0);
	assert_int_equal(fixture_assess(&s).region_size, 0);
}

/* A conclusive finding beats a missing value. */
static void test_assess_precedence(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	s.feature_control = 0x1;
	s.basic = 0x00da000000000004ull; /* region size 0 */
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNUSABLE);
	fixture_drop(&s, VMX_SNAP_BASIC);
	assert_int_equal(fixture_assess(&s).verdict, VMX_DISABLED_BY_FIRMWARE);
	s = fixture_skylake();
	s.basic = 0x00da000000000004ull;
	fixture_drop(&s, VMX_SNAP_FEATURE_CONTROL);
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNUSABLE);
}

static void test_assess_phys_addr_bits(void **state)
{
	struct vmx_msr_snapshot s = fixture_skylake();

	(void)state;
	s.cpuid_max_ext_leaf = 0x80000004u; /* 80000008H not valid */
	assert_int_equal(fixture_assess(&s).phys_addr_bits, 0);
	fixture_drop(&s, VMX_SNAP_CPUID_MAX_EXT_LEAF); /* a dump may omit it */
	assert_int_equal(fixture_assess(&s).phys_addr_bits, 39);
	fixture_drop(&s, VMX_SNAP_CPUID_80000008H_EAX);
	assert_int_equal(fixture_assess(&s).phys_addr_bits, 0);
}

static void test_verdict_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_verdict_name(VMX_OK), "ok");
	assert_string_equal(vmx_verdict_name(VMX_UNSUPPORTED), "unsupported");
	assert_string_equal(vmx_verdict_name(VMX_DISABLED_BY_FIRMWARE), "disabled-by-firmware");
	assert_string_equal(vmx_verdict_name(VMX_UNUSABLE), "unusable");
	assert_string_equal(vmx_verdict_name(VMX_UNKNOWN), "unknown");
	assert_string_equal(vmx_verdict_name((enum vmx_verdict)42), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assess_skylake),
		cmocka_unit_test(test_assess_without_true_ctls),
		cmocka_unit_test(test_assess_addr32),
		cmocka_unit_test(test_assess_region_2048),
		cmocka_unit_test(test_assess_region_size_bounds),
		cmocka_unit_test(test_assess_memory_type),
		cmocka_unit_test(test_assess_bit31),
		cmocka_unit_test(test_assess_feature_control),
		cmocka_unit_test(test_assess_amd),
		cmocka_unit_test(test_assess_intel_without_vmx),
		cmocka_unit_test(test_assess_missing_data),
		cmocka_unit_test(test_assess_precedence),
		cmocka_unit_test(test_assess_phys_addr_bits),
		cmocka_unit_test(test_verdict_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
