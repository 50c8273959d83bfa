/*
 * lib/vmx/mmio_store.c: the stores a guest writes the local APIC with,
 * decoded from bytes as the assembler emits them (objdump of each form),
 * and the guest page walk that finds the instruction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/vmx/mmio_store.h"

static struct mmio_store decode_ok(const uint8_t *b, size_t n)
{
	struct mmio_store s;

	memset(&s, 0xa5, sizeof(s));
	assert_true(mmio_decode_store(b, n, &s));
	/* One byte fewer is not enough. */
	struct mmio_store t;
	assert_false(mmio_decode_store(b, s.length - 1, &t));
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
	assert_false(mmio_decode_store(rex_w, sizeof(rex_w), &s));
	assert_false(mmio_decode_store(word, sizeof(word), &s));
	assert_false(mmio_decode_store(to_register, sizeof(to_register), &s));
	assert_false(mmio_decode_store(load, sizeof(load), &s));
	assert_false(mmio_decode_store(c7_not_mov, sizeof(c7_not_mov), &s));
	assert_false(mmio_decode_store(load, 0, &s));
}

/* Guest memory for the walk: a handful of 8-byte words. */
struct fake_guest {
	uint64_t addr[8], value[8];
	unsigned n;
};

static bool fake_read(void *ctx, uint64_t phys, uint64_t *value)
{
	struct fake_guest *g = ctx;

	for (unsigned i = 0; i < g->n; i++)
		if (g->addr[i] == phys) {
			*value = g->value[i];
			return true;
		}
	*value = 0; /* not present */
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
	assert_true(guest_linear_to_physical(0x1000, la, fake_read, &g, &phys));
	assert_int_equal(phys, 0x7654123);
	/* The same PD entry as a 2 MiB page (PAT bit 12 is not address). */
	g.value[2] = 0x1a00000 | 0x80 | 0x1000 | 1;
	assert_true(guest_linear_to_physical(0x1000, la, fake_read, &g, &phys));
	assert_int_equal(phys, 0x1a00123);
	/* A 1 GiB page at the PDPT. */
	g.value[1] = 0x40000000 | 0x80 | 1;
	assert_true(guest_linear_to_physical(0x1000, la, fake_read, &g, &phys));
	assert_int_equal(phys, 0x41000123);
	/* Not present at the top. */
	g.value[0] = 0x2000;
	assert_false(guest_linear_to_physical(0x1000, la, fake_read, &g, &phys));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_stores),
		cmocka_unit_test(test_immediate_store),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_page_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
