/* The WRMSRs a processor without VMX refuses with #GP, as the hypervisor checks them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "include/x86/msr.h"
#include "include/x86/mtrr.h"
#include "lib/vmx/msr_rules.h"

#define MAXPHY	    39
#define APIC_XAPIC  0xfee00900ull /* EN, BSP, the default base */
#define APIC_X2APIC 0xfee00d00ull
#define PAT_DEFAULT 0x0007040600070406ull
#define LSTAR	    0xc0000082u

static bool refused(uint32_t msr, uint64_t v)
{
	return vmx_wrmsr_refused(msr, v, 0, MAXPHY);
}

static void test_absent_msrs(void **state)
{
	(void)state;
	assert_true(refused(MSR_IA32_FEATURE_CONTROL, 5));
	assert_true(refused(MSR_IA32_VMX_BASIC, 0));
	assert_true(refused(0x493, 0)); /* the last capability MSR */
	assert_false(vmx_msr_absent(0x494));
	assert_false(vmx_msr_absent(0x47f));
	assert_true(refused(0x40000000, 0));
	assert_true(refused(0x400000ff, 0));
	assert_false(vmx_msr_absent(0x40000100));
	assert_false(refused(0x3b, 0)); /* an MSR the rules do not know: the processor decides */
}

static void test_efer(void **state)
{
	(void)state;
	assert_false(refused(MSR_IA32_EFER, 0xd01)); /* SCE, LME, LMA, NXE */
	assert_true(refused(MSR_IA32_EFER, 0xd01 | (1ull << 2)));
	assert_true(refused(MSR_IA32_EFER, 1ull << 12));
	assert_true(refused(MSR_IA32_EFER, 1ull << 63));
}

static void test_pat(void **state)
{
	(void)state;
	assert_false(refused(MSR_IA32_PAT, PAT_DEFAULT));
	assert_false(refused(MSR_IA32_PAT, 0x0101010101010101ull));	  /* WC */
	assert_true(refused(MSR_IA32_PAT, (PAT_DEFAULT & ~0xffull) | 2)); /* type 2 */
	assert_true(refused(MSR_IA32_PAT, (PAT_DEFAULT & ~(0xffull << 56)) | (3ull << 56)));
	assert_true(refused(MSR_IA32_PAT, PAT_DEFAULT | (8ull << 8))); /* bit 3 of an entry */
}

static void test_mtrrs(void **state)
{
	(void)state;
	assert_false(refused(MSR_IA32_MTRR_DEF_TYPE, 0xc06));
	assert_true(refused(MSR_IA32_MTRR_DEF_TYPE, 0xc07)); /* UC- is PAT's only */
	assert_true(refused(MSR_IA32_MTRR_DEF_TYPE, 0xc02));
	assert_true(refused(MSR_IA32_MTRR_DEF_TYPE, 0x1006)); /* bit 12 */
	assert_false(refused(MSR_IA32_MTRR_FIX64K_00000, 0x0606060606060606ull));
	assert_true(refused(MSR_IA32_MTRR_FIX4K_F8000, 0x0606060606060603ull));
	assert_true(refused(MSR_IA32_MTRR_FIX16K_A0000, 0x0706060606060606ull));
	assert_false(refused(MSR_IA32_MTRR_PHYSBASE(0), 0x80000006ull));
	assert_true(refused(MSR_IA32_MTRR_PHYSBASE(0), 0x80000007ull));
	assert_true(refused(MSR_IA32_MTRR_PHYSBASE(9), 0x80000106ull)); /* bit 8 */
	assert_true(refused(MSR_IA32_MTRR_PHYSBASE(1), (1ull << MAXPHY) | 6));
	assert_false(refused(MSR_IA32_MTRR_PHYSMASK(0), ((1ull << MAXPHY) - 0x1000) | 0x800));
	assert_true(refused(MSR_IA32_MTRR_PHYSMASK(0), 0x801));
	assert_true(refused(MSR_IA32_MTRR_PHYSMASK(9), (1ull << MAXPHY) | 0x800));
	/* One past the last pair: not an MTRR. */
	assert_false(refused(MSR_IA32_MTRR_PHYSBASE(10), 7));
}

static void test_addresses(void **state)
{
	static const uint32_t msrs[] = {
		MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP, LSTAR,	  0xc0000083u,
		MSR_IA32_FS_BASE,      MSR_IA32_GS_BASE,      0xc0000102u
	};
	(void)state;
	for (unsigned i = 0; i < sizeof(msrs) / sizeof(msrs[0]); i++) {
		assert_false(refused(msrs[i], 0x00007fffffffffffull));
		assert_false(refused(msrs[i], 0xffff800000000000ull));
		assert_true(refused(msrs[i], 0x0000800000000000ull));
		assert_true(refused(msrs[i], 0x8000000000000000ull));
		assert_true(refused(msrs[i], 0xfffe800000000000ull));
	}
	assert_false(refused(MSR_IA32_SYSENTER_CS, 0x8000000000000000ull));
}

static void test_apic_base(void **state)
{
	(void)state;
	/* Bits, as figure 11-5 gives them. */
	assert_false(vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC, APIC_XAPIC, MAXPHY));
	assert_true(vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC | 1, APIC_XAPIC, MAXPHY));
	assert_true(vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC | 0x200, APIC_XAPIC, MAXPHY));
	assert_true(vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC | (1ull << MAXPHY), APIC_XAPIC,
				      MAXPHY));
	assert_false(vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC | (1ull << (MAXPHY - 1)),
				       APIC_XAPIC, MAXPHY));
	/* The state diagram, figure 11-27. */
	assert_false(vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_X2APIC, APIC_XAPIC, MAXPHY));
	assert_true(vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC, APIC_X2APIC, MAXPHY));
	assert_false(
		vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC & ~0x800ull, APIC_X2APIC, MAXPHY));
	assert_true(
		vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_X2APIC, APIC_XAPIC & ~0x800ull, MAXPHY));
	assert_true(
		vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_X2APIC & ~0x800ull, APIC_XAPIC, MAXPHY));
	assert_false(
		vmx_wrmsr_refused(MSR_IA32_APIC_BASE, APIC_XAPIC, APIC_XAPIC & ~0x800ull, MAXPHY));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_absent_msrs), cmocka_unit_test(test_efer),
		cmocka_unit_test(test_pat),	    cmocka_unit_test(test_mtrrs),
		cmocka_unit_test(test_addresses),   cmocka_unit_test(test_apic_base),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
