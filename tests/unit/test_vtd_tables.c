/*
 * Unit tests for the VT-d table builders and decoders (lib/vtd_tables.c):
 * domains of 3 and 4 levels (39- and 48-bit), with and without 2 MiB and
 * 1 GiB pages, ranges mapped and pages hidden inside large pages; every
 * built table is walked back page by page against what should be mapped.
 * Table pages are malloc'd with made-up physical addresses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "include/x86/vtd.h"
#include "lib/vtd_tables.h"

#define KIB	   0x400ull
#define MIB	   0x100000ull
#define GIB	   0x40000000ull
#define FAKE_PAGES 2048
#define FAKE_BASE  (1ull << 40)

struct fake_memory {
	void *pages[FAKE_PAGES];
	unsigned int used, limit;
};

static struct fake_memory mem;

static uint64_t fake_alloc(void *ctx)
{
	struct fake_memory *m = ctx;

	if (m->used == m->limit)
		return 0;
	m->pages[m->used] = aligned_alloc(4096, 4096);
	memset(m->pages[m->used], 0xee, 4096); /* the builder must clear or fill it */
	return FAKE_BASE + 4096ull * m->used++;
}

static void *fake_virt(void *ctx, uint64_t phys)
{
	struct fake_memory *m = ctx;

	assert_true(phys >= FAKE_BASE && phys < FAKE_BASE + 4096ull * m->used);
	return m->pages[(phys - FAKE_BASE) / 4096];
}

static const struct vtd_ops ops = { fake_alloc, fake_virt, &mem };

static int setup(void **state)
{
	(void)state;
	memset(&mem, 0, sizeof(mem));
	mem.limit = FAKE_PAGES;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (unsigned int i = 0; i < mem.used; i++)
		free(mem.pages[i]);
	return 0;
}

/* CAP_REG as QEMU's intel-iommu gives it, with the width and page sizes chosen. */
static struct vtd_cap cap_of(unsigned int width, bool pages)
{
	uint64_t raw = 2 | VTD_CAP_RWBF | (uint64_t)(width - 1) << VTD_CAP_MGAW_SHIFT |
		       (0x22ull << VTD_CAP_FRO_SHIFT);
	struct vtd_cap cap;

	raw |= (uint64_t)(width == 48 ? VTD_SAGAW_39 | VTD_SAGAW_48 : VTD_SAGAW_39)
	       << VTD_CAP_SAGAW_SHIFT;
	if (pages)
		raw |= VTD_CAP_SLLPS_2M | VTD_CAP_SLLPS_1G;
	vtd_cap_decode(raw, &cap);
	return cap;
}

/* Walk every page of [0, top) in steps of 4 KiB: mapped exactly where want says. */
static void check_pages(const struct vtd_domain *d, uint64_t top, bool (*want)(uint64_t))
{
	for (uint64_t a = 0; a < top; a += 4 * KIB) {
		struct vtd_mapping m;
		bool mapped = vtd_lookup(d, a + 0x123, &m);

		if (mapped != want(a))
			fail_msg("page 0x%llx: mapped=%d, expected %d", (unsigned long long)a,
				 mapped, want(a));
		if (mapped) {
			assert_int_equal(m.phys, a + 0x123);
			assert_true(m.read && m.write);
		}
	}
}

static bool below_3g_but_hole(uint64_t a)
{
	return a >= MIB && a < 3 * GIB && !(a >= 0x40201000 && a < 0x40203000);
}

static void map_and_hide(unsigned int width, bool pages)
{
	struct vtd_cap cap = cap_of(width, pages);
	struct vtd_domain d;

	assert_true(vtd_domain_init(&d, &ops, &cap));
	assert_int_equal(d.levels, width == 48 ? 4 : 3);
	assert_int_equal(d.width, width);
	assert_true(vtd_map(&d, MIB, 3 * GIB - MIB));
	if (pages) {
		assert_int_equal(d.leaves[VTD_LEVEL_1G], 2);
		assert_int_equal(d.leaves[VTD_LEVEL_2M], 511);
		assert_int_equal(d.leaves[VTD_LEVEL_4K], 256);
	} else {
		assert_int_equal(d.leaves[VTD_LEVEL_1G], 0);
		assert_int_equal(d.leaves[VTD_LEVEL_4K], (3 * GIB - MIB) / (4 * KIB));
	}
	/* Two pages inside the second GiB: splits the 1 GiB and a 2 MiB page. */
	assert_true(vtd_unmap(&d, 0x40201000, 0x2000));
	check_pages(&d, 3 * GIB + 4 * MIB, below_3g_but_hole);
	assert_false(vtd_lookup(&d, 1ull << width, NULL));
}

static void width_39_large_pages(void **state)
{
	(void)state;
	map_and_hide(39, true);
}

static void width_48_large_pages(void **state)
{
	(void)state;
	map_and_hide(48, true);
}

static void width_39_small_pages(void **state)
{
	(void)state;
	map_and_hide(39, false);
}

static bool odd_range(uint64_t a)
{
	return a >= 0x9f000 && a < 0x2401000;
}

/* A range that starts and ends off any large page, widened to whole pages. */
static void unaligned_range(void **state)
{
	struct vtd_cap cap = cap_of(48, true);
	struct vtd_domain d;
	(void)state;

	assert_true(vtd_domain_init(&d, &ops, &cap));
	assert_true(vtd_map(&d, 0x9fc00, 0x2400001 - 0x9fc00));
	check_pages(&d, 40 * MIB, odd_range);
	assert_int_equal(d.leaves[VTD_LEVEL_2M], 17);
	/* Mapping again changes nothing. */
	assert_true(vtd_map(&d, 0x9f000, MIB));
	check_pages(&d, 40 * MIB, odd_range);
}

static void beyond_width_refused(void **state)
{
	struct vtd_cap cap = cap_of(39, true);
	struct vtd_domain d;
	(void)state;

	assert_true(vtd_domain_init(&d, &ops, &cap));
	assert_false(vtd_map(&d, (1ull << 39) - 4096, 8192));
	assert_true(vtd_map(&d, (1ull << 39) - 4096, 4096));
	assert_false(vtd_map(&d, 0, 0));
	cap.sagaw = 0;
	assert_false(vtd_domain_init(&d, &ops, &cap));
}

static void pool_exhaustion(void **state)
{
	struct vtd_cap cap = cap_of(39, false);
	struct vtd_domain d;
	(void)state;

	mem.limit = 3;
	assert_true(vtd_domain_init(&d, &ops, &cap));
	assert_false(vtd_map(&d, 0, 4 * MIB)); /* needs two page tables */
}

/* The bound given for a pool is enough for the maps and splits it counts. */
static void pages_needed_is_enough(void **state)
{
	struct phys_range ranges[] = { { 0, 0x9f000 }, { MIB, 0x3fee0000 }, { 4 * GIB, 5 * GIB } };
	struct vtd_cap cap = cap_of(48, false);
	struct vtd_domain d;
	(void)state;

	mem.limit = (unsigned int)vtd_pages_needed(ranges, 3, 4, 4);
	assert_true(mem.limit <= FAKE_PAGES);
	cap.pages_2m = true;
	assert_true(vtd_domain_init(&d, &ops, &cap));
	for (int i = 0; i < 3; i++)
		assert_true(vtd_map(&d, ranges[i].base, ranges[i].end - ranges[i].base));
	for (int i = 0; i < 4; i++)
		assert_true(vtd_unmap(&d, 0x10001000 + i * 0x10000000ull, 4096));
	assert_true(vtd_context_build(&ops, &d, 1) != 0);
}

/* Small ranges across table edges need a table at every level: the bound counts them. */
static void pages_needed_small_ranges(void **state)
{
	struct phys_range ranges[] = { { 0x1000, 0x9f000 },
				       { 0x3ff000, 0x401000 },
				       { 5 * GIB - 4096, 5 * GIB + 8192 } };
	struct vtd_cap cap = cap_of(48, false);
	struct vtd_domain d;
	(void)state;

	mem.limit = (unsigned int)vtd_pages_needed(ranges, 3, 0, 4) - 2; /* no context tables */
	assert_true(vtd_domain_init(&d, &ops, &cap));
	for (int i = 0; i < 3; i++)
		assert_true(vtd_map(&d, ranges[i].base, ranges[i].end - ranges[i].base));
}

static void context_entries(void **state)
{
	struct vtd_cap cap = cap_of(48, true);
	struct vtd_domain d;
	uint64_t root, *r, *c;
	(void)state;

	assert_true(vtd_domain_init(&d, &ops, &cap));
	root = vtd_context_build(&ops, &d, 1);
	assert_true(root != 0);
	r = fake_virt(&mem, root);
	for (int bus = 0; bus < 256; bus++) {
		assert_true(r[2 * bus] & VTD_ROOT_PRESENT);
		assert_int_equal(r[2 * bus + 1], 0);
	}
	c = fake_virt(&mem, r[0] & VTD_ROOT_CTP_MASK);
	for (int devfn = 0; devfn < 256; devfn++) {
		assert_int_equal(c[2 * devfn], d.root | VTD_CTX_PRESENT); /* TT 00b */
		assert_int_equal(c[2 * devfn + 1], VTD_CTX_AW_48 | 1ull << 8);
	}
}

static void decoders(void **state)
{
	struct vtd_cap cap;
	struct vtd_ecap ecap;
	struct vtd_fault f;
	char bdf[8];
	(void)state;

	/* ND 2, SAGAW 39-bit, MGAW 39, FRO 0x220, SLLPS 2M and 1G, one record, DWD and DRD. */
	vtd_cap_decode(0x00c0000c22260202ull, &cap);
	assert_int_equal(cap.mgaw, 39);
	assert_int_equal(cap.sagaw, VTD_SAGAW_39);
	assert_int_equal(cap.fro, 0x220);
	assert_int_equal(cap.nfr, 1);
	assert_true(cap.pages_2m && cap.pages_1g);
	assert_true(cap.drain_read && cap.drain_write);
	assert_false(cap.caching_mode);
	vtd_ecap_decode(0xf00f5eull, &ecap);
	assert_int_equal(ecap.iro, 0xf0);
	assert_true(ecap.queued_invalidation && ecap.interrupt_remapping);
	assert_false(ecap.coherent);
	assert_false(vtd_fault_decode(0xfd57000, 0x0000000500000018ull, &f));
	assert_true(vtd_fault_decode(0xfd57123, 0x8000000500000018ull, &f));
	assert_int_equal(f.addr, 0xfd57000);
	assert_int_equal(f.source_id, 0x18);
	assert_int_equal(f.reason, 5);
	assert_false(f.read);
	assert_string_equal(vtd_fault_reason_name(f.reason), "no-write-permission");
	assert_string_equal(vtd_fault_reason_name(0x0e), "unknown-reason");
	assert_string_equal(vtd_fault_reason_name(0xff), "unknown-reason");
	vtd_format_bdf(f.source_id, bdf, sizeof(bdf));
	assert_string_equal(bdf, "00:03.0");
	vtd_format_bdf(0xfaf7, bdf, sizeof(bdf));
	assert_string_equal(bdf, "fa:1e.7");
	assert_true(vtd_fault_decode(0, 0xc000000600000100ull, &f));
	assert_true(f.read);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(width_39_large_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(width_48_large_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(width_39_small_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(unaligned_range, setup, teardown),
		cmocka_unit_test_setup_teardown(beyond_width_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(pool_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(pages_needed_is_enough, setup, teardown),
		cmocka_unit_test_setup_teardown(pages_needed_small_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(context_entries, setup, teardown),
		cmocka_unit_test(decoders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
