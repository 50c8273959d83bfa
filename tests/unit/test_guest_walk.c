/* Unit tests for lib/guest_walk.c: every paging mode, with tables in a fake guest memory. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/guest_walk.h"
#include "include/x86/cpu_regs.h"

#define MEM_SIZE 0x20000
static uint8_t mem[MEM_SIZE];

static bool read_phys(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa + len > MEM_SIZE)
		return false;
	memcpy(buf, mem + gpa, len);
	return true;
}

static void put64(uint64_t gpa, uint64_t v)
{
	memcpy(mem + gpa, &v, 8);
}

static void put32(uint64_t gpa, uint32_t v)
{
	memcpy(mem + gpa, &v, 4);
}

static int walk(const struct guest_walk_cpu *cpu, uint64_t gva, struct guest_walk_result *r)
{
	return guest_walk(cpu, gva, read_phys, NULL, r);
}

static int setup(void **state)
{
	(void)state;
	memset(mem, 0, sizeof(mem));
	return 0;
}

static void test_paging_off(void **state)
{
	struct guest_walk_cpu cpu = { 0 };
	struct guest_walk_result r;

	(void)state;
	assert_int_equal(walk(&cpu, 0x12345, &r), 0);
	assert_int_equal(r.gpa, 0x12345);
	assert_int_equal(r.page_left, 0x1000 - 0x345);
}

static void test_32bit(void **state)
{
	struct guest_walk_cpu cpu = { .cr0 = X86_CR0_PG, .cr3 = 0x1000, .cr4 = X86_CR4_PSE };
	struct guest_walk_result r;

	(void)state;
	/* 0x00401234 -> PDE 1 -> PT at 0x2000, PTE 1 -> 0x5000. */
	put32(0x1000 + 1 * 4, 0x2000 | 1);
	put32(0x2000 + 1 * 4, 0x5000 | 1);
	assert_int_equal(walk(&cpu, 0x00401234, &r), 0);
	assert_int_equal(r.gpa, 0x5234);
	assert_int_equal(r.page_left, 0x1000 - 0x234);
	/* A 4 MiB page at PDE 2 with physical bits 39:32 = 1. */
	put32(0x1000 + 2 * 4, 0xc00000 | 1 << 13 | 0x80 | 1);
	assert_int_equal(walk(&cpu, 0x00812345, &r), 0);
	assert_int_equal(r.gpa, 0x100c12345ull);
	assert_int_equal(r.page_size, 1 << 22);
	cpu.maxphyaddr = 32;
	assert_int_equal(walk(&cpu, 0x00812345, &r), GUEST_WALK_RESERVED);
	/* Without CR4.PSE the PS bit is ignored: PDE 2 points to a table. */
	cpu.cr4 = 0;
	put32(0xc00000 & (MEM_SIZE - 1), 0);
	assert_int_equal(walk(&cpu, 0x00812345, &r), GUEST_WALK_READ_FAILED);
	assert_int_equal(walk(&cpu, 0x00c00000, &r), GUEST_WALK_NOT_PRESENT);
	assert_int_equal(walk(&cpu, 0x100000000ull, &r), GUEST_WALK_NON_CANONICAL);
	/* Bit 21 of a 4 MiB PDE is reserved. */
	cpu.cr4 = X86_CR4_PSE;
	cpu.maxphyaddr = 0;
	put32(0x1000 + 3 * 4, 0xc00000 | 1 << 21 | 0x80 | 1);
	assert_int_equal(walk(&cpu, 0x00c00000, &r), GUEST_WALK_RESERVED);
}

static void test_pae(void **state)
{
	struct guest_walk_cpu cpu = { .cr0 = X86_CR0_PG, .cr3 = 0x1020, .cr4 = X86_CR4_PAE };
	struct guest_walk_result r;

	(void)state;
	/* 0xc0201234: PDPTE 3 -> PD 0x2000, PDE 1 -> PT 0x3000, PTE 1 -> 0x7000. */
	put64(0x1020 + 3 * 8, 0x2000 | 1);
	put64(0x2000 + 1 * 8, 0x3000 | 1);
	put64(0x3000 + 1 * 8, 0x7000 | 1);
	assert_int_equal(walk(&cpu, 0xc0201234, &r), 0);
	assert_int_equal(r.gpa, 0x7234);
	/* A 2 MiB page at PDE 2. */
	put64(0x2000 + 2 * 8, 0x40000000 | 0x80 | 1);
	assert_int_equal(walk(&cpu, 0xc0412345, &r), 0);
	assert_int_equal(r.gpa, 0x40012345);
	assert_int_equal(r.page_left, 0x200000 - 0x12345);
	/* NX without EFER.NXE is reserved; with it, fine. */
	put64(0x3000 + 1 * 8, 0x7000 | 1 | 1ull << 63);
	assert_int_equal(walk(&cpu, 0xc0201234, &r), GUEST_WALK_RESERVED);
	cpu.efer = X86_EFER_NXE;
	assert_int_equal(walk(&cpu, 0xc0201234, &r), 0);
	/* A PDPTE's reserved bits 2:1. */
	put64(0x1020 + 3 * 8, 0x2000 | 2 | 1);
	assert_int_equal(walk(&cpu, 0xc0201234, &r), GUEST_WALK_RESERVED);
	assert_int_equal(walk(&cpu, 0x00001234, &r), GUEST_WALK_NOT_PRESENT);
}

static void test_4level(void **state)
{
	struct guest_walk_cpu cpu = { .cr0 = X86_CR0_PG,
				      .cr3 = 0x1000,
				      .cr4 = X86_CR4_PAE,
				      .efer = X86_EFER_LME | X86_EFER_LMA };
	struct guest_walk_result r;
	uint64_t gva =
		0xffff800000000000ull | 1ull << 39 | 2ull << 30 | 3ull << 21 | 4ull << 12 | 0x567;

	(void)state;
	put64(0x1000 + 257 * 8, 0x2000 | 1);
	put64(0x2000 + 2 * 8, 0x3000 | 1);
	put64(0x3000 + 3 * 8, 0x4000 | 1);
	put64(0x4000 + 4 * 8, 0x9000 | 1);
	assert_int_equal(walk(&cpu, gva, &r), 0);
	assert_int_equal(r.gpa, 0x9567);
	assert_int_equal(r.page_left, 0x1000 - 0x567);
	/* A not-present PTE. */
	put64(0x4000 + 4 * 8, 0x9000);
	assert_int_equal(walk(&cpu, gva, &r), GUEST_WALK_NOT_PRESENT);
	/* A 1 GiB page at the PDPTE. */
	put64(0x2000 + 2 * 8, 0x80000000ull | 0x80 | 1);
	assert_int_equal(walk(&cpu, gva, &r), 0);
	assert_int_equal(r.gpa, 0x80000000ull + (3ull << 21 | 4ull << 12 | 0x567));
	assert_int_equal(r.page_size, 1ull << 30);
	/* Bits 29:13 of a 1 GiB page's entry are reserved. */
	put64(0x2000 + 2 * 8, 0x80000000ull | 1 << 13 | 0x80 | 1);
	assert_int_equal(walk(&cpu, gva, &r), GUEST_WALK_RESERVED);
	/* An address above MAXPHYADDR. */
	put64(0x2000 + 2 * 8, 0x3000 | 1ull << 40 | 1);
	cpu.maxphyaddr = 40;
	assert_int_equal(walk(&cpu, gva, &r), GUEST_WALK_RESERVED);
	/* PS in a PML4E is reserved. */
	put64(0x1000 + 257 * 8, 0x2000 | 0x80 | 1);
	assert_int_equal(walk(&cpu, gva, &r), GUEST_WALK_RESERVED);
	assert_int_equal(walk(&cpu, 0x0000800000000000ull, &r), GUEST_WALK_NON_CANONICAL);
}

static void test_5level(void **state)
{
	struct guest_walk_cpu cpu = { .cr0 = X86_CR0_PG,
				      .cr3 = 0x1000,
				      .cr4 = X86_CR4_PAE | X86_CR4_LA57,
				      .efer = X86_EFER_LME | X86_EFER_LMA };
	struct guest_walk_result r;
	/* Canonical only with LA57: bit 48 set, bits 63:57 clear. */
	uint64_t gva = 1ull << 48 | 1ull << 39 | 1ull << 30 | 5ull << 21 | 0x1234;

	(void)state;
	put64(0x1000 + 1 * 8, 0x2000 | 1);
	put64(0x2000 + 1 * 8, 0x3000 | 1);
	put64(0x3000 + 1 * 8, 0x4000 | 1);
	put64(0x4000 + 5 * 8, 0x600000 | 0x80 | 1);
	assert_int_equal(walk(&cpu, gva, &r), 0);
	assert_int_equal(r.gpa, 0x601234);
	assert_int_equal(r.page_size, 1ull << 21);
	/* The same address without LA57 is not canonical. */
	cpu.cr4 = X86_CR4_PAE;
	assert_int_equal(walk(&cpu, gva, &r), GUEST_WALK_NON_CANONICAL);
	/* PS in a PML5E is reserved. */
	cpu.cr4 |= X86_CR4_LA57;
	put64(0x1000 + 1 * 8, 0x2000 | 0x80 | 1);
	assert_int_equal(walk(&cpu, gva, &r), GUEST_WALK_RESERVED);
	assert_int_equal(walk(&cpu, 1ull << 57, &r), GUEST_WALK_NON_CANONICAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_paging_off, setup),
		cmocka_unit_test_setup(test_32bit, setup),
		cmocka_unit_test_setup(test_pae, setup),
		cmocka_unit_test_setup(test_4level, setup),
		cmocka_unit_test_setup(test_5level, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
