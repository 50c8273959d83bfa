/*
 * Guest segment state from a GDT: the kernel's own descriptors (as
 * arch/x86/desc.c builds them, and as the processor marks them once loaded)
 * give the VMCS values VM entry checks (Intel SDM Vol. 3C 27.3.1.2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "include/x86/vmcs.h"
#include "lib/vmx/segment.h"

#define CODE64	    0x00AF9A000000FFFFull /* present, DPL 0, exec/read, L = 1, G = 1 */
#define CODE64_USED 0x00AF9B000000FFFFull /* the same after a load: accessed */
#define DATA	    0x00CF92000000FFFFull /* present, DPL 0, read/write, D/B = 1, G = 1 */
#define TSS_BASE    0xffff800012345678ull

/* The kernel's GDT: null, code, data, a 16-byte busy TSS at 0x18, then a not-present entry. */
static uint64_t gdt[6];
static const uint16_t gdt_limit = sizeof(gdt) - 1;

static int setup(void **state)
{
	uint64_t limit = 0x67;

	(void)state;
	gdt[0] = 0;
	gdt[1] = CODE64;
	gdt[2] = DATA;
	gdt[3] = (limit & 0xffff) | ((TSS_BASE & 0xffffff) << 16) | (0x8bull << 40) |
		 (((TSS_BASE >> 24) & 0xff) << 56);
	gdt[4] = TSS_BASE >> 32;
	gdt[5] = DATA & ~(1ull << 47); /* P = 0 */
	return 0;
}

static struct vmx_segment capture(uint16_t selector)
{
	struct vmx_segment s = { 0xffff, 1, 1, 1 };

	assert_true(vmx_segment_from_gdt(gdt, gdt_limit, selector, &s));
	return s;
}

static void test_code64(void **state)
{
	struct vmx_segment s = capture(0x08);

	(void)state;
	assert_int_equal(s.selector, 0x08);
	assert_int_equal(s.base, 0);
	assert_int_equal(s.limit, 0xffffffffu); /* 20-bit limit, 4 KiB granularity */
	assert_int_equal(s.ar, 0xa09a);		/* type A, S, P; L and G */
	assert_true(s.ar & VMX_AR_L);
	assert_false(s.ar & VMX_AR_DB);
	gdt[1] = CODE64_USED;
	assert_int_equal(capture(0x08).ar, 0xa09b);
}

static void test_data(void **state)
{
	struct vmx_segment s = capture(0x10);

	(void)state;
	assert_int_equal(s.ar, 0xc092);
	assert_int_equal(s.limit, 0xffffffffu);
	assert_int_equal(VMX_AR_DPL(s.ar), 0);
	/* The RPL is the selector's, the descriptor the same. */
	s = capture(0x13);
	assert_int_equal(s.selector, 0x13);
	assert_int_equal(s.ar, 0xc092);
}

static void test_tss_takes_upper_base(void **state)
{
	struct vmx_segment s = capture(0x18);

	(void)state;
	assert_int_equal(s.base, TSS_BASE);
	assert_int_equal(s.limit, 0x67); /* byte granularity */
	assert_int_equal(VMX_AR_TYPE(s.ar), VMX_AR_TYPE_TSS64_BUSY);
	assert_false(s.ar & VMX_AR_S);
	assert_true(s.ar & VMX_AR_P);
	assert_false(s.ar & VMX_AR_UNUSABLE);
}

static void test_null_and_not_present_unusable(void **state)
{
	struct vmx_segment s = capture(0);

	(void)state;
	assert_int_equal(s.ar, VMX_AR_UNUSABLE);
	assert_int_equal(s.base, 0);
	assert_int_equal(s.limit, 0);
	s = capture(0x28);
	assert_true(s.ar & VMX_AR_UNUSABLE);
	assert_int_equal(s.selector, 0x28);
}

static void test_rejected_selectors(void **state)
{
	struct vmx_segment s;

	(void)state;
	assert_false(vmx_segment_from_gdt(gdt, gdt_limit, 0x30, &s)); /* past the limit */
	assert_false(vmx_segment_from_gdt(gdt, gdt_limit, 0x0c, &s)); /* TI = 1: the LDT */
	/* A system descriptor whose upper half lies past the limit. */
	assert_false(vmx_segment_from_gdt(gdt, 0x1f, 0x18, &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_code64, setup),
		cmocka_unit_test_setup(test_data, setup),
		cmocka_unit_test_setup(test_tss_takes_upper_base, setup),
		cmocka_unit_test_setup(test_null_and_not_present_unusable, setup),
		cmocka_unit_test_setup(test_rejected_selectors, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
