/*
 * Unit tests for the EPT builder (lib/vmx/ept.c): identity maps over real
 * MTRR layouts, with and without large-page capabilities, with holes, and
 * with table allocation failing.  Table pages are malloc'd, aligned pages
 * with made-up physical addresses.  Every map built is also walked entry by
 * entry: reserved bits clear, identity, one memory type per leaf (the MTRR
 * resolver's), no leaf touching a hole, counts as the builder reports them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/vmx/ept.h"

#define KIB 0x400ull
#define MIB 0x100000ull
#define GIB 0x40000000ull

#define CAP_ALL                                                                              \
	(EPT_CAP_WALK_LENGTH_4 | EPT_CAP_MEMTYPE_UC | EPT_CAP_MEMTYPE_WB | EPT_CAP_PAGE_2M | \
	 EPT_CAP_PAGE_1G)
#define CAP_2M (CAP_ALL & ~EPT_CAP_PAGE_1G)
#define CAP_4K (CAP_2M & ~EPT_CAP_PAGE_2M)

#define FAKE_PAGES 4096
/* Anywhere but 0 and page aligned: 16 TiB. */
#define FAKE_BASE  (1ull << 44)

struct fake_memory {
	void *pages[FAKE_PAGES];
	bool freed[FAKE_PAGES];
	unsigned int used;
	unsigned int limit;
	unsigned int live;
};

static struct fake_memory mem;
static struct mtrr_state mtrr;
static struct ept ept;

static uint64_t fake_alloc(void *ctx)
{
	struct fake_memory *m = ctx;

	if (m->used >= m->limit || m->used >= FAKE_PAGES)
		return 0;
	m->pages[m->used] = aligned_alloc(4096, 4096);
	assert_non_null(m->pages[m->used]);
	/* Garbage, so a builder that forgets to zero is caught. */
	memset(m->pages[m->used], 0xa5, 4096);
	m->live++;
	return FAKE_BASE + m->used++ * 4096;
}

static unsigned int page_index(const struct fake_memory *m, uint64_t phys)
{
	assert_int_equal(phys % 4096, 0);
	assert_true(phys >= FAKE_BASE);
	assert_true(phys < FAKE_BASE + m->used * 4096ull);
	return (phys - FAKE_BASE) / 4096;
}

static void *fake_phys_to_virt(void *ctx, uint64_t phys)
{
	struct fake_memory *m = ctx;
	unsigned int i = page_index(m, phys);

	assert_false(m->freed[i]);
	return m->pages[i];
}

static void fake_free(void *ctx, uint64_t phys)
{
	struct fake_memory *m = ctx;
	unsigned int i = page_index(m, phys);

	assert_false(m->freed[i]);
	m->freed[i] = true;
	m->live--;
}

static const struct ept_ops ops = {
	.alloc_table = fake_alloc,
	.phys_to_virt = fake_phys_to_virt,
	.free_table = fake_free,
	.ctx = &mem,
};

static int setup(void **state)
{
	(void)state;
	memset(&mem, 0, sizeof(mem));
	mem.limit = FAKE_PAGES;
	memset(&ept, 0, sizeof(ept));
	return 0;
}

static int teardown(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 0; i < mem.used; i++)
		free(mem.pages[i]);
	return 0;
}

static uint64_t eight(uint8_t type)
{
	return 0x0101010101010101ull * type;
}

static void set_var(unsigned int n, uint64_t base, uint64_t size, uint8_t type)
{
	mtrr.var[n].base = base | type;
	mtrr.var[n].mask =
		(~(size - 1) & ((1ull << mtrr.phys_addr_bits) - 1)) | MTRR_PHYSMASK_VALID;
}

/* The desktop of test_mtrr.c: WB default, UC PCI hole 3-4 GiB, ROMs WP. */
static void desktop_mtrrs(void)
{
	memset(&mtrr, 0, sizeof(mtrr));
	mtrr.phys_addr_bits = 39;
	mtrr.cap = 10 | MTRRCAP_FIX | MTRRCAP_WC;
	mtrr.def_type = MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | MEMTYPE_WB;
	mtrr.fixed[0] = mtrr.fixed[1] = eight(MEMTYPE_WB);
	mtrr.fixed[2] = eight(MEMTYPE_UC);
	for (unsigned int i = 3; i < MTRR_FIXED_MSRS; i++)
		mtrr.fixed[i] = eight(MEMTYPE_WP);
	set_var(0, 3 * GIB, GIB, MEMTYPE_UC);
	set_var(1, 0xd0000000, 256 * MIB, MEMTYPE_WC);
}

/* Server-like: UC default, WB RAM to 16 GiB less a UC hole, a WT range. */
static void server_mtrrs(void)
{
	memset(&mtrr, 0, sizeof(mtrr));
	mtrr.phys_addr_bits = 46;
	mtrr.cap = 8 | MTRRCAP_FIX;
	mtrr.def_type = MTRR_DEF_TYPE_E | MTRR_DEF_TYPE_FE | MEMTYPE_UC;
	for (unsigned int i = 0; i < MTRR_FIXED_MSRS; i++)
		mtrr.fixed[i] = eight(MEMTYPE_WB);
	mtrr.fixed[2] = eight(MEMTYPE_UC);
	set_var(0, 0, 16 * GIB, MEMTYPE_WB);
	set_var(1, 2 * GIB, 2 * GIB, MEMTYPE_UC);
	set_var(2, GIB + 6 * MIB, 2 * MIB, MEMTYPE_WT);
}

struct walk_totals {
	uint64_t tables;
	uint64_t leaves[3];
	const struct phys_range *holes;
	unsigned int hole_count;
};

static bool touches_hole(const struct walk_totals *w, uint64_t start, uint64_t end)
{
	for (unsigned int i = 0; i < w->hole_count; i++)
		if (w->holes[i].base < end && start < w->holes[i].end)
			return true;
	return false;
}

/* Checks every entry under a table at level covering from start. */
static void walk(uint64_t table, int level, uint64_t start, struct walk_totals *w)
{
	const uint64_t *entries = fake_phys_to_virt(&mem, table);
	uint64_t size = 1ull << (12 + 9 * level), from, e;
	bool leaf;
	uint8_t type;

	w->tables++;
	for (unsigned int i = 0; i < 512; i++) {
		e = entries[i];
		from = start + i * size;
		if (!(e & EPT_RWX)) {
			assert_int_equal(e, 0);
			continue;
		}
		assert_int_equal(e & EPT_RWX, EPT_RWX);
		leaf = level == 0 || (level < 3 && (e & EPT_PAGE_SIZE));
		if (!leaf) {
			/* Bits 7:3 of a non-leaf entry are reserved. */
			assert_int_equal(e & 0xf8, 0);
			walk(e & EPT_ADDR_MASK, level - 1, from, w);
			continue;
		}
		w->leaves[level]++;
		assert_int_equal(e & EPT_ADDR_MASK, from); /* identity, no stray low bits */
		assert_int_equal(e & ~(EPT_ADDR_MASK | 0xff), 0);
		assert_int_equal(e & EPT_IGNORE_PAT, 0);
		assert_int_equal(!!(e & EPT_PAGE_SIZE), level > 0);
		assert_true(mtrr_range_uniform(&mtrr, from, size, &type));
		assert_int_equal((e & EPT_MEMTYPE_MASK) >> EPT_MEMTYPE_SHIFT, type);
		assert_false(touches_hole(w, from, from + size));
		assert_true(from + size <= ept.top);
	}
}

static void check_map(const struct phys_range *holes, unsigned int hole_count)
{
	struct walk_totals w = { 0, { 0, 0, 0 }, holes, hole_count };

	walk(ept.root, 3, 0, &w);
	assert_int_equal(w.tables, ept.tables);
	assert_int_equal(w.tables, mem.live);
	assert_int_equal(w.leaves[0], ept.leaves[EPT_LEVEL_4K]);
	assert_int_equal(w.leaves[1], ept.leaves[EPT_LEVEL_2M]);
	assert_int_equal(w.leaves[2], ept.leaves[EPT_LEVEL_1G]);
}

static void build(uint64_t cap, uint64_t top, const struct phys_range *holes,
		  unsigned int hole_count)
{
	const struct ept_config cfg = { &mtrr, cap, top, holes, hole_count };

	assert_true(ept_build(&ept, &ops, &cfg));
	check_map(holes, hole_count);
}

static void expect(uint64_t gpa, uint64_t page_size, uint8_t type)
{
	struct ept_mapping m;

	assert_true(ept_lookup(&ept, gpa, &m));
	assert_int_equal(m.phys, gpa);
	assert_int_equal(m.page_size, page_size);
	assert_int_equal(m.memtype, type);
	assert_int_equal(m.access, EPT_RWX);
	assert_false(m.ignore_pat);
}

static void test_desktop_with_1g_pages(void **state)
{
	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, NULL, 0);
	assert_int_equal(ept.top, 1ull << 39);
	/* PML4, one PDPT, the first GiB's PD, the first 2 MiB's PT. */
	assert_int_equal(ept.tables, 4);
	assert_int_equal(ept.leaves[EPT_LEVEL_1G], 511);
	assert_int_equal(ept.leaves[EPT_LEVEL_2M], 511);
	assert_int_equal(ept.leaves[EPT_LEVEL_4K], 512);
	expect(0, 4 * KIB, MEMTYPE_WB);
	expect(0xa0000, 4 * KIB, MEMTYPE_UC);
	expect(0xc0123, 4 * KIB, MEMTYPE_WP);
	expect(0x100000, 4 * KIB, MEMTYPE_WB);
	expect(0x200000, 2 * MIB, MEMTYPE_WB);
	expect(GIB, GIB, MEMTYPE_WB);
	expect(3 * GIB, GIB, MEMTYPE_UC);
	expect(0xd0000000, GIB, MEMTYPE_UC);
	expect(4 * GIB, GIB, MEMTYPE_WB);
	expect((1ull << 39) - 1, GIB, MEMTYPE_WB);
	assert_false(ept_lookup(&ept, 1ull << 39, NULL));
	assert_false(ept_lookup(&ept, EPT_GPA_LIMIT, NULL));
	ept_destroy(&ept);
	assert_int_equal(ept.root, 0);
	assert_int_equal(mem.live, 0);
}

static void test_no_1g_pages_without_the_capability(void **state)
{
	(void)state;
	desktop_mtrrs();
	build(CAP_2M, 0, NULL, 0);
	assert_int_equal(ept.leaves[EPT_LEVEL_1G], 0);
	/* PML4, PDPT, 512 PDs, one PT. */
	assert_int_equal(ept.tables, 515);
	assert_int_equal(ept.leaves[EPT_LEVEL_2M], 512 * 512 - 1);
	expect(3 * GIB, 2 * MIB, MEMTYPE_UC);
	expect(3 * GIB - 1, 2 * MIB, MEMTYPE_WB);
	expect(8 * GIB, 2 * MIB, MEMTYPE_WB);
}

static void test_4k_pages_only(void **state)
{
	(void)state;
	desktop_mtrrs();
	build(CAP_4K, 64 * MIB, NULL, 0);
	assert_int_equal(ept.leaves[EPT_LEVEL_1G] + ept.leaves[EPT_LEVEL_2M], 0);
	assert_int_equal(ept.leaves[EPT_LEVEL_4K], 64 * MIB / (4 * KIB));
	assert_int_equal(ept.tables, 3 + 32);
	expect(32 * MIB, 4 * KIB, MEMTYPE_WB);
	assert_false(ept_lookup(&ept, 64 * MIB, NULL));
}

static void test_server_types_split_pages(void **state)
{
	(void)state;
	server_mtrrs();
	build(CAP_ALL, 32 * GIB, NULL, 0);
	expect(0x200000, 2 * MIB, MEMTYPE_WB);
	/* The 2 MiB WT range inside WB RAM: its own 2 MiB page, GiB split. */
	expect(GIB, 2 * MIB, MEMTYPE_WB);
	expect(GIB + 6 * MIB, 2 * MIB, MEMTYPE_WT);
	expect(GIB + 8 * MIB, 2 * MIB, MEMTYPE_WB);
	expect(2 * GIB, GIB, MEMTYPE_UC);
	expect(4 * GIB, GIB, MEMTYPE_WB);
	expect(16 * GIB, GIB, MEMTYPE_UC);
	expect(32 * GIB - 1, GIB, MEMTYPE_UC);
	assert_false(ept_lookup(&ept, 32 * GIB, NULL));
}

/*
 * The whole physical-address width (46 bits, 64 TiB) with 1 GiB pages, as
 * the hypervisor maps it: one PDPT per 512 GiB, devices' space above RAM
 * UC from the default type, and only the GiBs holding small ranges split.
 */
static void test_server_whole_width(void **state)
{
	const struct phys_range hole = { 20 * GIB + 4 * KIB, 20 * GIB + 8 * KIB };

	(void)state;
	server_mtrrs();
	build(CAP_ALL, 0, &hole, 1);
	assert_int_equal(ept.top, 1ull << 46);
	/* PML4, 128 PDPTs, PDs for GiB 0, 1 and 20, PTs for the first 2 MiB and the hole. */
	assert_int_equal(ept.tables, 1 + 128 + 3 + 2);
	assert_int_equal(ept.leaves[EPT_LEVEL_1G], 128 * 512 - 3);
	assert_int_equal(ept.leaves[EPT_LEVEL_2M], 511 + 512 + 511);
	assert_int_equal(ept.leaves[EPT_LEVEL_4K], 512 + 511);
	expect(16 * GIB, GIB, MEMTYPE_UC);
	expect(20 * GIB + 2 * MIB, 2 * MIB, MEMTYPE_UC);
	assert_false(ept_lookup(&ept, 20 * GIB + 4 * KIB, NULL));
	expect(20 * GIB + 8 * KIB, 4 * KIB, MEMTYPE_UC);
	expect(600 * GIB, GIB, MEMTYPE_UC);
	expect((1ull << 46) - 1, GIB, MEMTYPE_UC);
	assert_false(ept_lookup(&ept, 1ull << 46, NULL));
}

/* Without 1 GiB pages a uniform GiB becomes a PD of 2 MiB leaves of its type. */
static void test_server_2m_pages_to_64g(void **state)
{
	(void)state;
	server_mtrrs();
	build(CAP_2M, 64 * GIB, NULL, 0);
	/* PML4, PDPT, 64 PDs, the first 2 MiB's PT. */
	assert_int_equal(ept.tables, 1 + 1 + 64 + 1);
	assert_int_equal(ept.leaves[EPT_LEVEL_2M], 64 * 512 - 1);
	expect(GIB + 6 * MIB, 2 * MIB, MEMTYPE_WT);
	expect(3 * GIB, 2 * MIB, MEMTYPE_UC);
	expect(15 * GIB, 2 * MIB, MEMTYPE_WB);
	expect(63 * GIB, 2 * MIB, MEMTYPE_UC);
	assert_false(ept_lookup(&ept, 64 * GIB, NULL));
}

static void test_mtrrs_disabled(void **state)
{
	(void)state;
	desktop_mtrrs();
	mtrr.def_type = MTRR_DEF_TYPE_FE | MEMTYPE_WB; /* E clear: the rest means nothing */
	build(CAP_ALL, 0, NULL, 0);
	assert_int_equal(ept.tables, 2);
	assert_int_equal(ept.leaves[EPT_LEVEL_1G], 512);
	expect(0, GIB, MEMTYPE_UC);
	expect(0xa0000, GIB, MEMTYPE_UC);
}

static void test_holes_unmapped_neighbours_mapped(void **state)
{
	const struct phys_range holes[] = {
		{ 16 * MIB, 16 * MIB + 12 * KIB },	  /* 3 pages in a 2 MiB page */
		{ GIB + 0x1234, GIB + 0x5678 },		  /* widened to pages */
		{ 8 * GIB, 9 * GIB },			  /* a whole 1 GiB page */
		{ 3 * GIB + 2 * MIB, 3 * GIB + 4 * MIB }, /* one 2 MiB page in UC */
	};
	const struct phys_range widened[] = {
		holes[0],
		{ GIB + 0x1000, GIB + 0x6000 },
		holes[2],
		holes[3],
	};
	struct ept_mapping m;

	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, holes, 4);
	check_map(widened, 4);
	assert_false(ept_lookup(&ept, 16 * MIB, &m));
	assert_false(ept_lookup(&ept, 16 * MIB + 12 * KIB - 1, &m));
	expect(16 * MIB - 1, 2 * MIB, MEMTYPE_WB);
	expect(16 * MIB + 12 * KIB, 4 * KIB, MEMTYPE_WB);
	expect(16 * MIB + 2 * MIB, 2 * MIB, MEMTYPE_WB);
	assert_false(ept_lookup(&ept, GIB + 0x1000, &m));
	assert_false(ept_lookup(&ept, GIB + 0x5fff, &m));
	expect(GIB + 0xfff, 4 * KIB, MEMTYPE_WB);
	expect(GIB + 0x6000, 4 * KIB, MEMTYPE_WB);
	expect(GIB - 1, 2 * MIB, MEMTYPE_WB);
	assert_false(ept_lookup(&ept, 8 * GIB, &m));
	assert_false(ept_lookup(&ept, 9 * GIB - 1, &m));
	expect(8 * GIB - 1, GIB, MEMTYPE_WB);
	expect(9 * GIB, GIB, MEMTYPE_WB);
	assert_false(ept_lookup(&ept, 3 * GIB + 2 * MIB, &m));
	expect(3 * GIB + 2 * MIB - 1, 2 * MIB, MEMTYPE_UC);
	expect(3 * GIB + 4 * MIB, 2 * MIB, MEMTYPE_UC);
	/* The hole at 8 GiB costs no table; the others one PD (+PT) each. */
	assert_int_equal(ept.tables, 4 + 1 + 2 + 1);
}

static void test_unmap_after_build(void **state)
{
	uint64_t tables, gib_pages;

	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, NULL, 0);
	tables = ept.tables;
	gib_pages = ept.leaves[EPT_LEVEL_1G];
	/* One page inside a 1 GiB page: a PD and a PT are made. */
	assert_true(ept_unmap(&ept, 5 * GIB + 4 * KIB, 4 * KIB));
	assert_int_equal(ept.tables, tables + 2);
	assert_int_equal(ept.leaves[EPT_LEVEL_1G], gib_pages - 1);
	assert_false(ept_lookup(&ept, 5 * GIB + 4 * KIB, NULL));
	expect(5 * GIB, 4 * KIB, MEMTYPE_WB);
	expect(5 * GIB + 8 * KIB, 4 * KIB, MEMTYPE_WB);
	expect(5 * GIB + 2 * MIB, 2 * MIB, MEMTYPE_WB);
	expect(3 * GIB + 4 * KIB, GIB, MEMTYPE_UC);
	check_map(NULL, 0);
	/* The whole GiB: its PD and PT are freed. */
	assert_true(ept_unmap(&ept, 5 * GIB, GIB));
	assert_int_equal(ept.tables, tables);
	assert_false(ept_lookup(&ept, 5 * GIB + 2 * MIB, NULL));
	assert_int_equal(mem.live, ept.tables);
	/* Unmapping what is unmapped changes nothing. */
	assert_true(ept_unmap(&ept, 5 * GIB, GIB));
	assert_true(ept_unmap(&ept, 4 * GIB, 0));
	assert_false(ept_unmap(&ept, UINT64_MAX - 4 * KIB, 8 * KIB));
	check_map(NULL, 0);
}

/* The 4 KiB leaf entry for gpa, in a map split down to it. */
static uint64_t *pte_of(uint64_t gpa)
{
	uint64_t table = ept.root;

	for (int level = 3; level > 0; level--) {
		uint64_t *t = ops.phys_to_virt(ops.ctx, table);
		table = t[(gpa >> (12 + 9 * level)) & 511] & EPT_ADDR_MASK;
	}
	return (uint64_t *)ops.phys_to_virt(ops.ctx, table) + ((gpa >> 12) & 511);
}

/* A hidden range's page backed by another host page (a window) is not the range reached. */
static void test_find_mapped_window(void **state)
{
	const struct phys_range holes[] = { { 16 * MIB, 16 * MIB + 12 * KIB } };
	uint64_t *pte, at = 0;

	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, holes, 1);
	assert_true(
		ept_set_page_access(&ept, 16 * MIB - 4 * KIB, EPT_RWX)); /* its neighbour, split */
	pte = pte_of(16 * MIB + 4 * KIB);
	assert_int_equal(*pte, 0);
	*pte = (64 * MIB) | EPT_RWX | ((uint64_t)MEMTYPE_WB << EPT_MEMTYPE_SHIFT);
	assert_false(ept_find_mapped(&ept, holes[0].base, holes[0].end, &at));
	/* Mapped to itself, the same page is found. */
	*pte = (16 * MIB + 4 * KIB) | EPT_RWX | ((uint64_t)MEMTYPE_WB << EPT_MEMTYPE_SHIFT);
	assert_true(ept_find_mapped(&ept, holes[0].base, holes[0].end, &at));
	assert_int_equal(at, 16 * MIB + 4 * KIB);
	*pte = 0;
}

/* The break-out check: every page of a hidden range unmapped, found at its first and last byte. */
static void test_find_mapped(void **state)
{
	const struct phys_range holes[] = {
		{ 16 * MIB, 16 * MIB + 12 * KIB },
		{ 8 * GIB, 9 * GIB },
		{ 3 * GIB + 2 * MIB, 3 * GIB + 4 * MIB },
	};
	uint64_t at = 0;

	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, holes, 3);
	for (unsigned i = 0; i < 3; i++)
		assert_false(ept_find_mapped(&ept, holes[i].base, holes[i].end, &at));
	/* One byte either side of a hole is mapped, and named. */
	assert_true(ept_find_mapped(&ept, 16 * MIB - 1, 16 * MIB + 12 * KIB, &at));
	assert_int_equal(at, 16 * MIB - 1);
	assert_true(ept_find_mapped(&ept, 16 * MIB, 16 * MIB + 12 * KIB + 1, &at));
	assert_int_equal(at, 16 * MIB + 12 * KIB);
	assert_true(ept_find_mapped(&ept, 16 * MIB + 0x800, 16 * MIB + 12 * KIB + 1, &at));
	assert_int_equal(at, 16 * MIB + 12 * KIB); /* from inside a page: to its end, no further */
	assert_true(ept_find_mapped(&ept, 8 * GIB, 9 * GIB + 1, &at));
	assert_int_equal(at, 9 * GIB);
	/* Unmapped later, and a read-only page: the address of what a guest can reach. */
	assert_true(ept_unmap(&ept, 5 * GIB, 2 * MIB));
	assert_false(ept_find_mapped(&ept, 5 * GIB, 5 * GIB + 2 * MIB, NULL));
	assert_true(ept_set_page_access(&ept, 16 * MIB - 4 * KIB, EPT_READ)); /* read-only counts */
	assert_true(ept_find_mapped(&ept, 16 * MIB - 4 * KIB, 16 * MIB, &at));
	assert_int_equal(at, 16 * MIB - 4 * KIB);
	/* Empty, and beyond what a 4-level walk translates. */
	assert_false(ept_find_mapped(&ept, GIB, GIB, &at));
	assert_false(ept_find_mapped(&ept, EPT_GPA_LIMIT, UINT64_MAX, &at));
}

/* The local APIC's page made read-only inside a 1 GiB UC page: type and neighbours kept. */
static void test_set_page_access(void **state)
{
	struct ept_mapping m;

	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, NULL, 0);
	assert_true(ept_lookup(&ept, 0xfee00000, &m));
	assert_int_equal(m.page_size, GIB);
	assert_true(ept_set_page_access(&ept, 0xfee00300, EPT_READ));
	assert_true(ept_lookup(&ept, 0xfee00300, &m));
	assert_int_equal(m.page_size, 4 * KIB);
	assert_int_equal(m.access, EPT_READ);
	assert_int_equal(m.memtype, MEMTYPE_UC);
	assert_int_equal(m.phys, 0xfee00300);
	assert_true(ept_lookup(&ept, 0xfee01000, &m));
	assert_int_equal(m.access, EPT_RWX);
	assert_true(ept_lookup(&ept, 0xfedff000, &m));
	assert_int_equal(m.access, EPT_RWX);
	/* Back to full access, in place: no more tables. */
	uint64_t tables = ept.tables;
	assert_true(ept_set_page_access(&ept, 0xfee00000, EPT_RWX));
	assert_int_equal(ept.tables, tables);
	assert_true(ept_lookup(&ept, 0xfee00000, &m));
	assert_int_equal(m.access, EPT_RWX);
	assert_int_equal(m.memtype, MEMTYPE_UC);
	/* Not mapped, or bits that are not access bits: refused. */
	assert_true(ept_unmap(&ept, 0x10000000, 4 * KIB));
	assert_false(ept_set_page_access(&ept, 0x10000000, EPT_READ));
	assert_false(ept_set_page_access(&ept, 0xfee00000, 0x80));
}

/*
 * A guest window backed elsewhere: the hypervisor's image at 1 MiB hidden,
 * then each page of it mapped to other host pages, with the MTRRs' type.
 */
static void test_map_page_elsewhere(void **state)
{
	struct ept_mapping m;
	uint64_t tables;

	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, NULL, 0);
	assert_true(ept_unmap(&ept, 1 * MIB, 512 * KIB));
	tables = ept.tables;
	for (uint64_t off = 0; off < 512 * KIB; off += 4 * KIB)
		assert_true(ept_map_page(&ept, 1 * MIB + off, 6 * GIB + off));
	assert_int_equal(ept.tables, tables); /* the PT the unmap made serves */
	assert_true(ept_lookup(&ept, 1 * MIB + 0x1234, &m));
	assert_int_equal(m.phys, 6 * GIB + 0x1234);
	assert_int_equal(m.page_size, 4 * KIB);
	assert_int_equal(m.access, EPT_RWX);
	assert_int_equal(m.memtype, MEMTYPE_WB);
	/* The last page of the window, and its neighbours, still their own. */
	assert_true(ept_lookup(&ept, 1 * MIB + 512 * KIB - 1, &m));
	assert_int_equal(m.phys, 6 * GIB + 512 * KIB - 1);
	expect(1 * MIB + 512 * KIB, 4 * KIB, MEMTYPE_WB);
	assert_true(ept_lookup(&ept, 1 * MIB - 4 * KIB, &m));
	assert_int_equal(m.phys, 1 * MIB - 4 * KIB);
	/* Mapped already, misaligned, past the map: refused, nothing changed. */
	assert_false(ept_map_page(&ept, 1 * MIB, 7 * GIB));
	assert_false(ept_map_page(&ept, 2 * MIB, 7 * GIB)); /* a large page */
	assert_true(ept_unmap(&ept, 8 * GIB, 4 * KIB));
	assert_false(ept_map_page(&ept, 8 * GIB + 1, 7 * GIB));
	assert_false(ept_map_page(&ept, 8 * GIB, 7 * GIB + 8));
	assert_false(ept_map_page(&ept, ept.top, 7 * GIB));
	/* A whole unmapped GiB: the tables on the way are made. */
	assert_true(ept_unmap(&ept, 9 * GIB, GIB));
	tables = ept.tables;
	assert_true(ept_map_page(&ept, 9 * GIB + 4 * KIB, 3 * MIB));
	assert_int_equal(ept.tables, tables + 2);
	assert_true(ept_lookup(&ept, 9 * GIB + 4 * KIB, &m));
	assert_int_equal(m.phys, 3 * MIB);
	assert_false(ept_lookup(&ept, 9 * GIB, NULL));
	assert_int_equal(mem.live, ept.tables);
}

static void test_unmap_out_of_memory_keeps_map(void **state)
{
	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, NULL, 0);
	mem.limit = mem.used + 1; /* a PD but no PT */
	assert_false(ept_unmap(&ept, 5 * GIB + 4 * KIB, 4 * KIB));
	expect(5 * GIB + 4 * KIB, GIB, MEMTYPE_WB);
	check_map(NULL, 0);
}

static void test_bad_configurations(void **state)
{
	struct ept_config cfg = { &mtrr, CAP_ALL, 0, NULL, 0 };
	const struct ept_ops no_alloc = { NULL, fake_phys_to_virt, NULL, &mem };

	(void)state;
	desktop_mtrrs();
	cfg.top = 4 * GIB + 1;
	assert_false(ept_build(&ept, &ops, &cfg));
	cfg.top = (1ull << 39) + 4 * KIB; /* above MAXPHYADDR */
	assert_false(ept_build(&ept, &ops, &cfg));
	cfg.top = 0;
	cfg.hole_count = 1;
	assert_false(ept_build(&ept, &ops, &cfg));
	cfg.hole_count = 0;
	assert_false(ept_build(&ept, &no_alloc, &cfg));
	cfg.mtrr = NULL;
	assert_false(ept_build(&ept, &ops, &cfg));
	assert_false(ept_build(&ept, &ops, NULL));
	assert_int_equal(mem.used, 0);
	assert_int_equal(ept.root, 0);
	assert_false(ept_lookup(&ept, 0, NULL));
	/* A 52-bit machine: 4-level EPT stops at 2^48. */
	mtrr.phys_addr_bits = 52;
	cfg.mtrr = &mtrr;
	mtrr.def_type = 0;
	assert_true(ept_build(&ept, &ops, &cfg));
	assert_int_equal(ept.top, EPT_GPA_LIMIT);
	expect(EPT_GPA_LIMIT - 1, GIB, MEMTYPE_UC);
}

/* Every allocation failure point: false, nothing leaked, nothing mapped. */
static void test_out_of_table_pages(void **state)
{
	const struct phys_range holes[] = { { 16 * MIB, 16 * MIB + 4 * KIB } };
	const struct ept_config cfg = { &mtrr, CAP_ALL, 0, holes, 1 };
	unsigned int limit, needed;

	(void)state;
	desktop_mtrrs();
	build(CAP_ALL, 0, holes, 1);
	needed = ept.tables;
	ept_destroy(&ept);
	for (limit = 0; limit < needed; limit++) {
		teardown(NULL);
		setup(NULL);
		mem.limit = limit;
		assert_false(ept_build(&ept, &ops, &cfg));
		assert_int_equal(ept.root, 0);
		assert_int_equal(mem.used, limit);
		assert_int_equal(mem.live, 0);
	}
	teardown(NULL);
	setup(NULL);
	mem.limit = needed;
	assert_true(ept_build(&ept, &ops, &cfg));
}

static void test_ept_pointer(void **state)
{
	(void)state;
	/* WB (6), walk length 4 (bits 5:3 = 3), A/D (bit 6) off. */
	assert_int_equal(ept_pointer(0x123000, CAP_ALL), 0x123000 | 0x18 | 6);
	assert_int_equal(ept_pointer(0x123000, CAP_ALL & ~EPT_CAP_MEMTYPE_WB), 0x123000 | 0x18);
	assert_int_equal(ept_pointer(0x123000, CAP_ALL) & EPTP_ACCESSED_DIRTY, 0);
	/* Stray low bits of the root do not leak into the other fields. */
	assert_int_equal(ept_pointer(0xabc000 | 0xfff, CAP_ALL), 0xabc000 | 0x1e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_desktop_with_1g_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_1g_pages_without_the_capability, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_4k_pages_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_types_split_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_whole_width, setup, teardown),
		cmocka_unit_test_setup_teardown(test_server_2m_pages_to_64g, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mtrrs_disabled, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_mapped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_mapped_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_holes_unmapped_neighbours_mapped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unmap_after_build, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_page_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_map_page_elsewhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_out_of_memory_keeps_map, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bad_configurations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_table_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ept_pointer, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
