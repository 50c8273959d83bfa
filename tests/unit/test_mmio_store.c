/*
 * lib/vmx/mmio_store.c: the stores a guest writes the local APIC with,
 * decoded from bytes as the assembler emits them (objdump of each form),
 * in 64-bit and in 32-bit code, and the guest page walk that finds the
 * instruction (lib/guest_walk.h) as the ICR watch uses it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/guest_walk.h"
#include "lib/vmx/mmio_store.h"

static struct mmio_store decode_ok(const uint8_t *b, size_t n)
{
	struct mmio_store s;

	memset(&s, 0xa5, sizeof(s));
	assert_true(mmio_decode_store(b, n, true, &s));
	/* One byte fewer is not enough. */
	struct mmio_store t;
	assert_false(mmio_decode_store(b, s.length - 1, true, &t));
	return s;
}

static void test_register_stores(void **state)
{
	static const uint8_t mov_esi_rdi[] = { 0x89, 0x37 }; /* mov %esi,(%rdi) */
	static const uint8_t mov_disp32[] = {
		0x89, 0xb7, 0x00, 0x03, 0x00, 0x00
	};							 /* mov %esi,0x300(%rdi) */
	static const uint8_t mov_disp8[] = { 0x89, 0x47, 0x10 }; /* mov %eax,0x10(%rdi) */
	static const uint8_t mov_r8d_abs[] = { 0x44, 0x89, 0x04, 0x25, 0x00, 0x03, 0x5f, 0xff };
	static const uint8_t mov_rip[] = {
		0x89, 0x15, 0x10, 0x20, 0x30, 0x40
	};					      /* mov %edx,x(%rip) */
	static const uint8_t xchg[] = { 0x87, 0x07 }; /* xchg %eax,(%rdi) */
	static const uint8_t seg_sib_disp8[] = { 0x65, 0x89, 0x4c, 0x24,
						 0x08 }; /* mov %ecx,%gs:8(%rsp) */
	struct mmio_store s;

	(void)state;
	s = decode_ok(mov_esi_rdi, sizeof(mov_esi_rdi));
	assert_int_equal(s.length, 2);
	assert_false(s.immediate);
	assert_int_equal(s.reg, 6);
	s = decode_ok(mov_disp32, sizeof(mov_disp32));
	assert_int_equal(s.length, 6);
	assert_int_equal(s.reg, 6);
	s = decode_ok(mov_disp8, sizeof(mov_disp8));
	assert_int_equal(s.length, 3);
	assert_int_equal(s.reg, 0);
	s = decode_ok(mov_r8d_abs, sizeof(mov_r8d_abs));
	assert_int_equal(s.length, 8);
	assert_int_equal(s.reg, 8);
	s = decode_ok(mov_rip, sizeof(mov_rip));
	assert_int_equal(s.length, 6);
	assert_int_equal(s.reg, 2);
	assert_false(s.exchange);
	s = decode_ok(xchg, sizeof(xchg));
	assert_true(s.exchange);
	assert_int_equal(s.length, 2);
	assert_int_equal(s.reg, 0);
	s = decode_ok(seg_sib_disp8, sizeof(seg_sib_disp8));
	assert_int_equal(s.length, 5);
	assert_int_equal(s.reg, 1);
}

static void test_immediate_store(void **state)
{
	/* movl $0x12345678,0xffffffffff5fc0b0 */
	static const uint8_t mov_imm[] = { 0xc7, 0x04, 0x25, 0xb0, 0xc0, 0x5f,
					   0xff, 0x78, 0x56, 0x34, 0x12 };
	struct mmio_store s = decode_ok(mov_imm, sizeof(mov_imm));

	(void)state;
	assert_int_equal(s.length, 11);
	assert_true(s.immediate);
	assert_int_equal(s.imm, 0x12345678);
}

static void test_refused(void **state)
{
	static const uint8_t rex_w[] = { 0x48, 0x89, 0x07 };		/* 64-bit store */
	static const uint8_t word[] = { 0x66, 0x89, 0x07 };		/* 16-bit store */
	static const uint8_t to_register[] = { 0x89, 0xc7 };		/* mov %eax,%edi */
	static const uint8_t load[] = { 0x8b, 0x07 };			/* mov (%rdi),%eax */
	static const uint8_t c7_not_mov[] = { 0xc7, 0x0f, 0, 0, 0, 0 }; /* C7 /1 */
	struct mmio_store s;

	(void)state;
	assert_false(mmio_decode_store(rex_w, sizeof(rex_w), true, &s));
	assert_false(mmio_decode_store(word, sizeof(word), true, &s));
	assert_false(mmio_decode_store(to_register, sizeof(to_register), true, &s));
	assert_false(mmio_decode_store(load, sizeof(load), true, &s));
	assert_false(mmio_decode_store(c7_not_mov, sizeof(c7_not_mov), true, &s));
	assert_false(mmio_decode_store(load, 0, true, &s));
}

/* Guest memory for the walk: a handful of 8-byte words. */
struct fake_guest {
	uint64_t addr[8], value[8];
	unsigned n;
};

static bool fake_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct fake_guest *g = ctx;
	uint64_t value = 0; /* not present */

	for (unsigned i = 0; i < g->n; i++)
		if (g->addr[i] == gpa)
			value = g->value[i];
	memcpy(buf, &value, len < 8 ? len : 8);
	return true;
}

static bool walk(struct fake_guest *g, uint64_t la, uint64_t *phys)
{
	/* Long mode: PG, PE; PAE; LME and LMA. */
	struct guest_walk_cpu cpu = { 0x80000001ull, 0x1000, 0x20, 0x500, 0 };
	struct guest_walk_result r;

	if (guest_walk(&cpu, la, fake_read, g, &r) != 0)
		return false;
	*phys = r.gpa;
	return true;
}

static void test_page_walk(void **state)
{
	/* la 0xffffffff81000123: PML4 511, PDPT 510, PD 8, PT 0. */
	uint64_t la = 0xffffffff81000123ull, phys;
	struct fake_guest g = { .n = 0 };

	(void)state;
	g.addr[g.n] = 0x1000 + 511 * 8, g.value[g.n++] = 0x2000 | 1;
	g.addr[g.n] = 0x2000 + 510 * 8, g.value[g.n++] = 0x3000 | 1;
	g.addr[g.n] = 0x3000 + 8 * 8, g.value[g.n++] = 0x4000 | 1;
	g.addr[g.n] = 0x4000 + 0 * 8, g.value[g.n++] = 0x7654000 | 1;
	assert_true(walk(&g, la, &phys));
	assert_int_equal(phys, 0x7654123);
	/* The same PD entry as a 2 MiB page (PAT bit 12 is not address). */
	g.value[2] = 0x1a00000 | 0x80 | 0x1000 | 1;
	assert_true(walk(&g, la, &phys));
	assert_int_equal(phys, 0x1a00123);
	/* A 1 GiB page at the PDPT. */
	g.value[1] = 0x40000000 | 0x80 | 1;
	assert_true(walk(&g, la, &phys));
	assert_int_equal(phys, 0x41000123);
	/* Not present at the top. */
	g.value[0] = 0x2000;
	assert_false(walk(&g, la, &phys));
}

/* 32-bit protected-mode code (a Multiboot kernel): no REX, no 16-bit addressing. */
static void test_32bit_code(void **state)
{
	static const uint8_t mov_edx_eax[] = { 0x89, 0x10 };		       /* mov %edx,(%eax) */
	static const uint8_t inc_then_mov[] = { 0x41, 0x89, 0x10 };	       /* inc %ecx; mov */
	static const uint8_t addr16[] = { 0x67, 0x89, 0x17 };		       /* mov %edx,(%bx) */
	static const uint8_t imm_abs[] = { 0xc7, 0x05, 0x00, 0x03, 0xe0, 0xfe, /* movl $0x4500, */
					   0x00, 0x45, 0x00, 0x00 };	       /* 0xfee00300 */
	struct mmio_store s;

	(void)state;
	assert_true(mmio_decode_store(mov_edx_eax, sizeof(mov_edx_eax), false, &s));
	assert_int_equal(s.length, 2);
	assert_int_equal(s.reg, 2);
	assert_false(mmio_decode_store(inc_then_mov, sizeof(inc_then_mov), false, &s));
	/* The same bytes in 64-bit code are REX.B and a store to (%r8). */
	assert_true(mmio_decode_store(inc_then_mov, sizeof(inc_then_mov), true, &s));
	assert_false(mmio_decode_store(addr16, sizeof(addr16), false, &s));
	assert_true(mmio_decode_store(imm_abs, sizeof(imm_abs), false, &s));
	assert_int_equal(s.length, 10);
	assert_true(s.immediate);
	assert_int_equal(s.imm, 0x4500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_stores), cmocka_unit_test(test_immediate_store),
		cmocka_unit_test(test_refused),		cmocka_unit_test(test_page_walk),
		cmocka_unit_test(test_32bit_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
