/*
 * Unit tests for the MTRR resolver (lib/vmx/mtrr.c) on MTRR layouts as
 * firmware leaves them: a desktop with a WB default and a PCI hole, a
 * server with a UC default and WB RAM ranges, Bochs' BIOS and SeaBIOS.
 * mtrr_range_uniform() is also checked against a page-by-page scan.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/vmx/mtrr.h"

#define KIB 0x400ull
#define MIB 0x100000ull
#define GIB 0x40000000ull

#define UC MEMTYPE_UC
#define WC MEMTYPE_WC
#define WT MEMTYPE_WT
#define WP MEMTYPE_WP
#define WB MEMTYPE_WB

static struct mtrr_state s;

static uint64_t eight(uint8_t type)
{
	return 0x0101010101010101ull * type;
}

/* A variable pair as firmware writes it for a power-of-two range. */
static void set_var(unsigned int n, uint64_t base, uint64_t size, uint8_t type)
{
	uint64_t width = (1ull << s.phys_addr_bits) - 1;

	s.var[n].base = base | type;
	s.var[n].mask = (~(size - 1) & width) | MTRR_PHYSMASK_VALID;
}

static void fixed_all(uint8_t type)
{
	unsigned int i;

	for (i = 0; i < MTRR_FIXED_MSRS; i++)
		s.fixed[i] = eight(type);
}

/*
 * A desktop: 39-bit addresses, 10 variable pairs, WB by default.  Fixed:
 * RAM WB below 640 KiB, the legacy VGA window UC, the video BIOS C0000-
 * CFFFF WP, option-ROM space D0000-DFFFF UC, the system BIOS E0000-FFFFF WP.
 * Variable: the PCI hole 3-4 GiB UC, a WC framebuffer inside it, and an
 * invalid (disabled) WC pair above 4 GiB.
 */
static void desktop(void)
{
	memset(&s, 0, sizeof(s));
	s.phys_addr_bits = 39;
	s.cap = 10 | MTRRCAP_FIX | MTRRCAP_WC | MTRRCAP_SMRR;
	s.def_type = MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | WB;
	s.fixed[0] = eight(WB);
	s.fixed[1] = eight(WB);
	s.fixed[2] = eight(UC);
	s.fixed[3] = s.fixed[4] = eight(WP);
	s.fixed[5] = s.fixed[6] = eight(UC);
	s.fixed[7] = s.fixed[8] = s.fixed[9] = s.fixed[10] = eight(WP);
	set_var(0, 3 * GIB, GIB, UC);
	set_var(1, 0xd0000000, 256 * MIB, WC);
	set_var(2, 4 * GIB, 4 * GIB, WC);
	s.var[2].mask &= ~MTRR_PHYSMASK_VALID;
}

/*
 * A server: 46-bit addresses, UC by default, RAM covered by WB ranges
 * (0-64 GiB, 64-96 GiB), the PCI hole 2-4 GiB carved out with UC, a WT
 * range inside WB RAM and a WP range overlapping WB (undefined by the SDM).
 */
static void server(void)
{
	memset(&s, 0, sizeof(s));
	s.phys_addr_bits = 46;
	s.cap = 8 | MTRRCAP_FIX | MTRRCAP_WC;
	s.def_type = MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | UC;
	fixed_all(WB);
	s.fixed[2] = eight(UC);
	set_var(0, 0, 64 * GIB, WB);
	set_var(1, 64 * GIB, 32 * GIB, WB);
	set_var(2, 2 * GIB, 2 * GIB, UC);
	set_var(3, GIB, 256 * MIB, WT);
	set_var(4, 512 * MIB, 16 * MIB, WP);
}

/*
 * Bochs' BIOS (BIOS-bochs-latest, rombios32 setup_mtrr) with 32 MiB of
 * RAM: fixed WB up to 640 KiB, UC from A0000; one UC pair for 3.5-4 GiB
 * whose mask has every bit above 28 set, beyond MAXPHYADDR too; WB default.
 */
static void bochs_bios(void)
{
	memset(&s, 0, sizeof(s));
	s.phys_addr_bits = 40;
	s.cap = 8 | MTRRCAP_FIX | MTRRCAP_WC;
	s.def_type = 0xc06;
	s.fixed[0] = eight(WB);
	s.fixed[1] = eight(WB);
	s.var[0].base = 0xe0000000;
	s.var[0].mask = ~(0x20000000ull - 1) | MTRR_PHYSMASK_VALID;
}

/*
 * SeaBIOS (QEMU) with 2 GiB of RAM: fixed WB up to 640 KiB, UC VGA window,
 * WP ROM area; one UC pair from the PCI window start (here 0xc0000000) to
 * 4 GiB; WB default.
 */
static void seabios(void)
{
	memset(&s, 0, sizeof(s));
	s.phys_addr_bits = 40;
	s.cap = 8 | MTRRCAP_FIX | MTRRCAP_WC;
	s.def_type = MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | WB;
	fixed_all(WP);
	s.fixed[0] = eight(WB);
	s.fixed[1] = eight(WB);
	s.fixed[2] = eight(UC);
	set_var(0, 0xc0000000, GIB, UC);
}

/* The answer mtrr_range_uniform() must give, found page by page. */
static bool scan_uniform(uint64_t base, uint64_t size, uint8_t *type)
{
	uint64_t page = base & ~(4 * KIB - 1), end = base + size;
	uint8_t first = mtrr_type_at(&s, page);

	for (; page < end; page += 4 * KIB)
		if (mtrr_type_at(&s, page) != first)
			return false;
	*type = first;
	return true;
}

static void check_against_scan(uint64_t base, uint64_t size)
{
	uint8_t want = 0xff, got = 0xee;
	bool uniform = scan_uniform(base, size, &want);

	assert_int_equal(mtrr_range_uniform(&s, base, size, &got), uniform);
	if (uniform)
		assert_int_equal(got, want);
}

/* Ranges of many sizes and alignments around every edge in the layout. */
static void check_edges_against_scan(const uint64_t *edges, unsigned int count)
{
	static const uint64_t sizes[] = { 4 * KIB, 8 * KIB, 64 * KIB, 1 * MIB, 2 * MIB, 6 * MIB };
	static const uint64_t offsets[] = { 0, 4 * KIB, 16 * KIB, 1 * MIB, 2 * MIB };
	unsigned int e, i, j;

	for (e = 0; e < count; e++) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			for (j = 0; j < sizeof(offsets) / sizeof(offsets[0]); j++) {
				if (edges[e] >= offsets[j])
					check_against_scan(edges[e] - offsets[j], sizes[i]);
				check_against_scan(edges[e] + offsets[j], sizes[i]);
			}
		}
	}
}

static void test_fixed_msr_numbers(void **state)
{
	(void)state;
	assert_int_equal(mtrr_fixed_msr(0), 0x250);
	assert_int_equal(mtrr_fixed_msr(1), 0x258);
	assert_int_equal(mtrr_fixed_msr(2), 0x259);
	assert_int_equal(mtrr_fixed_msr(3), 0x268);
	assert_int_equal(mtrr_fixed_msr(10), 0x26f);
	assert_int_equal(mtrr_fixed_msr(11), 0);
	assert_int_equal(MSR_IA32_MTRR_PHYSBASE(3), 0x206);
	assert_int_equal(MSR_IA32_MTRR_PHYSMASK(3), 0x207);
}

static void test_desktop_types(void **state)
{
	(void)state;
	desktop();
	assert_int_equal(mtrr_type_at(&s, 0), WB);
	assert_int_equal(mtrr_type_at(&s, 0x9ffff), WB);
	assert_int_equal(mtrr_type_at(&s, 0xa0000), UC);
	assert_int_equal(mtrr_type_at(&s, 0xbffff), UC);
	assert_int_equal(mtrr_type_at(&s, 0xc0000), WP);
	assert_int_equal(mtrr_type_at(&s, 0xcffff), WP);
	assert_int_equal(mtrr_type_at(&s, 0xd0000), UC);
	assert_int_equal(mtrr_type_at(&s, 0xe0000), WP);
	assert_int_equal(mtrr_type_at(&s, 0xfffff), WP);
	assert_int_equal(mtrr_type_at(&s, 0x100000), WB);
	assert_int_equal(mtrr_type_at(&s, 3 * GIB - 1), WB);
	assert_int_equal(mtrr_type_at(&s, 3 * GIB), UC);
	/* The WC framebuffer lies in the UC hole: UC wins. */
	assert_int_equal(mtrr_type_at(&s, 0xd0000000), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB - 1), UC);
	/* The WC pair above 4 GiB is not valid. */
	assert_int_equal(mtrr_type_at(&s, 4 * GIB), WB);
	assert_int_equal(mtrr_type_at(&s, (1ull << 39) - 1), WB);
}

static void test_desktop_uniform(void **state)
{
	static const uint64_t edges[] = { 0,	      0x80000,	  0xa0000,  0xc0000,
					  0xd0000,    0xe0000,	  0x100000, 3 * GIB,
					  0xd0000000, 0xe0000000, 4 * GIB };
	uint8_t type = 0xff;

	(void)state;
	desktop();
	assert_false(mtrr_range_uniform(&s, 0, 2 * MIB, &type));
	assert_true(mtrr_range_uniform(&s, 0xa0000, 0x20000, &type));
	assert_int_equal(type, UC);
	assert_false(mtrr_range_uniform(&s, 0xa0000, 0x21000, &type));
	assert_true(mtrr_range_uniform(&s, 0x100000, 3 * GIB - 0x100000, &type));
	assert_int_equal(type, WB);
	assert_true(mtrr_range_uniform(&s, 3 * GIB, GIB, &type));
	assert_int_equal(type, UC);
	assert_false(mtrr_range_uniform(&s, 2 * GIB, 2 * GIB, &type));
	assert_false(mtrr_range_uniform(&s, 3 * GIB - 4 * KIB, 8 * KIB, &type));
	assert_true(mtrr_range_uniform(&s, 4 * GIB, (1ull << 39) - 4 * GIB, &type));
	assert_int_equal(type, WB);
	/* Bytes, not pages: the pages they touch count. */
	assert_true(mtrr_range_uniform(&s, 0xa0005, 10, &type));
	assert_int_equal(type, UC);
	assert_false(mtrr_range_uniform(&s, 0xbffff, 2, &type));
	check_edges_against_scan(edges, sizeof(edges) / sizeof(edges[0]));
	check_against_scan(2 * GIB, GIB + 64 * MIB);
}

static void test_empty_and_wrapping_ranges(void **state)
{
	uint8_t type;

	(void)state;
	desktop();
	assert_false(mtrr_range_uniform(&s, 4 * GIB, 0, &type));
	assert_false(mtrr_range_uniform(&s, UINT64_MAX - 4 * KIB, 8 * KIB, &type));
	assert_true(mtrr_range_uniform(&s, 4 * GIB, 4 * KIB, NULL));
}

static void test_server_overlaps(void **state)
{
	static const uint64_t edges[] = { 0xa0000,	   0x100000, 512 * MIB, GIB,
					  GIB + 256 * MIB, 2 * GIB,  4 * GIB,	64 * GIB };
	uint8_t type;

	(void)state;
	server();
	assert_int_equal(mtrr_type_at(&s, 0xa0000), UC);
	assert_int_equal(mtrr_type_at(&s, 256 * MIB), WB);
	/* WT and WB overlapping: WT. */
	assert_int_equal(mtrr_type_at(&s, GIB), WT);
	assert_int_equal(mtrr_type_at(&s, GIB + 256 * MIB - 1), WT);
	assert_int_equal(mtrr_type_at(&s, GIB + 256 * MIB), WB);
	/* WP and WB overlapping is undefined: UC. */
	assert_int_equal(mtrr_type_at(&s, 512 * MIB), UC);
	assert_int_equal(mtrr_type_at(&s, 528 * MIB), WB);
	/* UC and WB overlapping: UC. */
	assert_int_equal(mtrr_type_at(&s, 2 * GIB), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB - 1), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB), WB);
	assert_int_equal(mtrr_type_at(&s, 64 * GIB), WB);
	assert_int_equal(mtrr_type_at(&s, 96 * GIB - 1), WB);
	/* Beyond RAM: the UC default. */
	assert_int_equal(mtrr_type_at(&s, 96 * GIB), UC);
	assert_true(mtrr_range_uniform(&s, GIB, 256 * MIB, &type));
	assert_int_equal(type, WT);
	assert_false(mtrr_range_uniform(&s, GIB, GIB, &type));
	assert_true(mtrr_range_uniform(&s, 4 * GIB, 92 * GIB, &type));
	assert_int_equal(type, WB);
	assert_false(mtrr_range_uniform(&s, 64 * GIB, 64 * GIB, &type));
	check_edges_against_scan(edges, sizeof(edges) / sizeof(edges[0]));
	check_against_scan(GIB, GIB);
}

static void test_same_type_overlap(void **state)
{
	(void)state;
	server();
	set_var(5, 8 * GIB, 8 * GIB, WB); /* inside 0-64 GiB WB */
	set_var(6, 96 * GIB, GIB, WC);
	set_var(7, 96 * GIB, 512 * MIB, WC);
	assert_int_equal(mtrr_type_at(&s, 9 * GIB), WB);
	assert_int_equal(mtrr_type_at(&s, 96 * GIB), WC);
	assert_int_equal(mtrr_type_at(&s, 97 * GIB - 1), WC);
	/* WC and WT together: undefined, UC. */
	set_var(7, 96 * GIB, 512 * MIB, WT);
	assert_int_equal(mtrr_type_at(&s, 96 * GIB), UC);
	assert_int_equal(mtrr_type_at(&s, 96 * GIB + 512 * MIB), WC);
}

/*
 * UC default with a WB range and an explicit UC range side by side in one
 * block: all of them together, or none, give UC, but the WB part is WB.
 */
static void test_uc_default_beside_uc_and_wb(void **state)
{
	(void)state;
	server();
	set_var(5, 96 * GIB, GIB, UC);
	assert_false(mtrr_range_uniform(&s, 64 * GIB, 64 * GIB, NULL));
	assert_false(mtrr_range_uniform(&s, 95 * GIB, 2 * GIB, NULL));
	check_against_scan(96 * GIB - 8 * MIB, 16 * MIB);
}

static void test_disabled_is_uc(void **state)
{
	uint8_t type;

	(void)state;
	desktop();
	s.def_type &= ~MTRR_DEF_TYPE_E;
	assert_int_equal(mtrr_type_at(&s, 0), UC);
	assert_int_equal(mtrr_type_at(&s, 0xc0000), UC);
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), UC);
	assert_true(mtrr_range_uniform(&s, 0, 1ull << 39, &type));
	assert_int_equal(type, UC);
	/* A zeroed state is the same. */
	memset(&s, 0, sizeof(s));
	assert_int_equal(mtrr_type_at(&s, 4 * GIB), UC);
}

static void test_fixed_ranges_off(void **state)
{
	(void)state;
	desktop();
	s.def_type &= ~MTRR_DEF_TYPE_FE;
	assert_int_equal(mtrr_type_at(&s, 0xa0000), WB);
	assert_int_equal(mtrr_type_at(&s, 0xc0000), WB);
	assert_true(mtrr_range_uniform(&s, 0, 2 * MIB, NULL));
	/* FE without MTRRCAP.FIX does not enable them either. */
	desktop();
	s.cap &= ~MTRRCAP_FIX;
	assert_int_equal(mtrr_type_at(&s, 0xa0000), WB);
	/* Variable ranges apply below 1 MiB when the fixed ones are off. */
	set_var(3, 0, MIB, WT);
	assert_int_equal(mtrr_type_at(&s, 0xa0000), WT);
	assert_int_equal(mtrr_type_at(&s, MIB), WB);
}

static void test_fixed_ranges_win_over_variable(void **state)
{
	(void)state;
	desktop();
	set_var(3, 0, MIB, UC);
	assert_int_equal(mtrr_type_at(&s, 0), WB);
	assert_int_equal(mtrr_type_at(&s, 0xe0000), WP);
	assert_int_equal(mtrr_type_at(&s, MIB - 1), WP);
}

static void test_fixed_slot_granularity(void **state)
{
	unsigned int i;

	(void)state;
	desktop();
	/* One distinct type per slot edge: byte i of each MSR. */
	s.fixed[0] = 0x0600000000000000ull;  /* 70000-7FFFF WB, rest UC */
	s.fixed[1] = 0x0000000000000004ull;  /* 80000-83FFF WT */
	s.fixed[10] = 0x0500000000000000ull; /* FF000-FFFFF WP */
	assert_int_equal(mtrr_type_at(&s, 0x6ffff), UC);
	assert_int_equal(mtrr_type_at(&s, 0x70000), WB);
	assert_int_equal(mtrr_type_at(&s, 0x80000), WT);
	assert_int_equal(mtrr_type_at(&s, 0x84000), UC);
	assert_int_equal(mtrr_type_at(&s, 0xfefff), UC);
	assert_int_equal(mtrr_type_at(&s, 0xff000), WP);
	for (i = 0; i < 8; i++) {
		s.fixed[4] = (uint64_t)WT << (8 * i); /* C8000 + i * 4 KiB */
		assert_int_equal(mtrr_type_at(&s, 0xc8000 + i * 4 * KIB), WT);
		assert_true(mtrr_range_uniform(&s, 0xc8000 + i * 4 * KIB, 4 * KIB, NULL));
		assert_false(mtrr_range_uniform(&s, 0xc8000, 32 * KIB, NULL));
	}
	check_against_scan(0, MIB);
	check_against_scan(0x60000, 0x30000);
}

static void test_only_vcnt_pairs(void **state)
{
	(void)state;
	desktop();
	set_var(12, 8 * GIB, 8 * GIB, UC); /* pair 12 of 10 */
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), WB);
	assert_true(mtrr_range_uniform(&s, 4 * GIB, 16 * GIB, NULL));
	s.cap = (s.cap & ~MTRRCAP_VCNT_MASK) | 13;
	assert_int_equal(mtrr_var_count(&s), 13);
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), UC);
	assert_false(mtrr_range_uniform(&s, 4 * GIB, 16 * GIB, NULL));
	/* More pairs than the state holds: nothing can be trusted, UC. */
	s.cap = (s.cap & ~MTRRCAP_VCNT_MASK) | (MTRR_VAR_MAX + 1);
	assert_int_equal(mtrr_var_count(&s), MTRR_VAR_MAX);
	assert_int_equal(mtrr_type_at(&s, 0), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB), UC);
}

static void test_reserved_types_are_uc(void **state)
{
	(void)state;
	desktop();
	s.def_type = (s.def_type & ~MTRR_DEF_TYPE_MASK) | 2;
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), UC);
	desktop();
	set_var(3, 8 * GIB, GIB, 7);
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), UC);
	s.fixed[0] = eight(3);
	assert_int_equal(mtrr_type_at(&s, 0), UC);
	assert_string_equal(mtrr_type_name(3), "reserved");
	assert_string_equal(mtrr_type_name(WB), "WB");
	assert_string_equal(mtrr_type_name(WC), "WC");
}

static void test_bochs_bios(void **state)
{
	static const uint64_t edges[] = { 0xa0000, 0x100000, 0xe0000000, 4 * GIB };
	uint8_t type;

	(void)state;
	bochs_bios();
	assert_int_equal(mtrr_type_at(&s, 0x9f000), WB);
	assert_int_equal(mtrr_type_at(&s, 0xa0000), UC);
	assert_int_equal(mtrr_type_at(&s, 0xf0000), UC);
	assert_int_equal(mtrr_type_at(&s, 0x100000), WB);
	assert_int_equal(mtrr_type_at(&s, 0xdfffffff), WB);
	assert_int_equal(mtrr_type_at(&s, 0xe0000000), UC);
	assert_int_equal(mtrr_type_at(&s, 0xffffffff), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB), WB);
	assert_true(mtrr_range_uniform(&s, 0xe0000000, 512 * MIB, &type));
	assert_int_equal(type, UC);
	assert_false(mtrr_range_uniform(&s, 3 * GIB, GIB, &type));
	check_edges_against_scan(edges, sizeof(edges) / sizeof(edges[0]));
}

static void test_seabios(void **state)
{
	(void)state;
	seabios();
	assert_int_equal(mtrr_type_at(&s, 0xa0000), UC);
	assert_int_equal(mtrr_type_at(&s, 0xc0000), WP);
	assert_int_equal(mtrr_type_at(&s, 0xbfffffff), WB);
	assert_int_equal(mtrr_type_at(&s, 0xc0000000), UC);
	assert_int_equal(mtrr_type_at(&s, 4 * GIB), WB);
	check_against_scan(0, 2 * MIB);
}

/* Register bits above MAXPHYADDR take no part in the match. */
static void test_phys_width(void **state)
{
	(void)state;
	desktop();
	s.var[3].base = (1ull << 39) | 8 * GIB | UC;
	s.var[3].mask = ~(GIB - 1) | MTRR_PHYSMASK_VALID;
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), UC);
	/* A width of 0 is taken as 36 bits: bit 38 of the mask is ignored. */
	desktop();
	s.phys_addr_bits = 0;
	s.var[3].base = 8 * GIB | UC;
	s.var[3].mask = ((1ull << 38) | ~(GIB - 1)) | MTRR_PHYSMASK_VALID;
	s.var[3].base |= 1ull << 38;
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), UC);
}

/* A mask that is not one run of ones: every other 2 MiB of 0-1 GiB. */
static void test_noncontiguous_mask(void **state)
{
	uint8_t type;

	(void)state;
	desktop();
	s.var[3].mask = ((~(GIB - 1) | 2 * MIB) & ((1ull << 39) - 1)) | MTRR_PHYSMASK_VALID;
	s.var[3].base = 8 * GIB | 2 * MIB | UC;
	assert_int_equal(mtrr_type_at(&s, 8 * GIB), WB);
	assert_int_equal(mtrr_type_at(&s, 8 * GIB + 2 * MIB), UC);
	assert_int_equal(mtrr_type_at(&s, 8 * GIB + 6 * MIB), UC);
	assert_int_equal(mtrr_type_at(&s, 8 * GIB + 8 * MIB), WB);
	assert_true(mtrr_range_uniform(&s, 8 * GIB + 2 * MIB, 2 * MIB, &type));
	assert_int_equal(type, UC);
	assert_false(mtrr_range_uniform(&s, 8 * GIB, 4 * MIB, &type));
	assert_false(mtrr_range_uniform(&s, 8 * GIB, GIB, &type));
	check_against_scan(8 * GIB, 64 * MIB);
	check_against_scan(8 * GIB + 2 * MIB, 2 * MIB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_msr_numbers),
		cmocka_unit_test(test_desktop_types),
		cmocka_unit_test(test_desktop_uniform),
		cmocka_unit_test(test_empty_and_wrapping_ranges),
		cmocka_unit_test(test_server_overlaps),
		cmocka_unit_test(test_same_type_overlap),
		cmocka_unit_test(test_uc_default_beside_uc_and_wb),
		cmocka_unit_test(test_disabled_is_uc),
		cmocka_unit_test(test_fixed_ranges_off),
		cmocka_unit_test(test_fixed_ranges_win_over_variable),
		cmocka_unit_test(test_fixed_slot_granularity),
		cmocka_unit_test(test_only_vcnt_pairs),
		cmocka_unit_test(test_reserved_types_are_uc),
		cmocka_unit_test(test_bochs_bios),
		cmocka_unit_test(test_seabios),
		cmocka_unit_test(test_phys_width),
		cmocka_unit_test(test_noncontiguous_mask),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
