/* The XCR0 values XSETBV refuses with #GP, as the hypervisor checks them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lib/vmx/xcr0.h"

/* Skylake-X: x87, SSE, AVX, MPX, AVX-512, PKRU (bit 9). */
#define SKYLAKE_X \
	(XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_BNDREGS | XCR0_BNDCSR | XCR0_AVX512 | (1ull << 9))

static void test_accepted(void **state)
{
	(void)state;
	assert_true(vmx_xcr0_valid(XCR0_X87, SKYLAKE_X));
	assert_true(vmx_xcr0_valid(XCR0_X87 | XCR0_SSE, SKYLAKE_X));
	assert_true(vmx_xcr0_valid(XCR0_X87 | XCR0_SSE | XCR0_AVX, SKYLAKE_X));
	assert_true(vmx_xcr0_valid(SKYLAKE_X, SKYLAKE_X));
	assert_true(vmx_xcr0_valid(XCR0_X87 | XCR0_BNDREGS | XCR0_BNDCSR, SKYLAKE_X));
}

static void test_refused(void **state)
{
	(void)state;
	assert_false(vmx_xcr0_valid(0, SKYLAKE_X));			  /* x87 must stay */
	assert_false(vmx_xcr0_valid(XCR0_SSE, SKYLAKE_X));		  /* x87 must stay */
	assert_false(vmx_xcr0_valid(XCR0_X87 | XCR0_AVX, SKYLAKE_X));	  /* AVX needs SSE */
	assert_false(vmx_xcr0_valid(XCR0_X87 | XCR0_BNDREGS, SKYLAKE_X)); /* MPX: both */
	assert_false(vmx_xcr0_valid(XCR0_X87 | XCR0_BNDCSR, SKYLAKE_X));
	/* AVX-512: all three states, and AVX with them. */
	assert_false(vmx_xcr0_valid(XCR0_X87 | XCR0_SSE | XCR0_AVX | (1ull << 5), SKYLAKE_X));
	assert_false(vmx_xcr0_valid(XCR0_X87 | XCR0_SSE | XCR0_AVX512, SKYLAKE_X));
	/* Bits the processor does not support, reserved bit 63 among them. */
	assert_false(vmx_xcr0_valid(XCR0_X87 | XCR0_TILECFG | XCR0_TILEDATA, SKYLAKE_X));
	assert_false(vmx_xcr0_valid(XCR0_X87 | (1ull << 63), SKYLAKE_X));
	assert_false(vmx_xcr0_valid(XCR0_X87 | XCR0_SSE | XCR0_AVX, XCR0_X87 | XCR0_SSE));
}

static void test_amx_pairs(void **state)
{
	uint64_t supported = XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_TILECFG | XCR0_TILEDATA;

	(void)state;
	assert_true(vmx_xcr0_valid(supported, supported));
	assert_false(vmx_xcr0_valid(supported & ~XCR0_TILEDATA, supported));
	assert_false(vmx_xcr0_valid(supported & ~XCR0_TILECFG, supported));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepted),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_amx_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
