/*
 * Unit tests for the page-table builder (lib/paging.c), on a fake
 * physical memory: an array of pages handed out by alloc_table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/paging.h"
#include "include/config.h"

#define KIB 0x400ull
#define MIB 0x100000ull
#define GIB 0x40000000ull

#define FAKE_PAGES 64
/* Anywhere but 0, which alloc_table reserves for failure. */
#define FAKE_BASE  (3 * GIB)

struct fake_memory {
	uint64_t pages[FAKE_PAGES][512] __attribute__((aligned(4096)));
	unsigned int used;
	unsigned int limit;
};

static struct fake_memory mem;
static struct page_table pt;

static uint64_t fake_alloc(void *ctx)
{
	struct fake_memory *m = ctx;

	if (m->used >= m->limit)
		return 0;
	/* Garbage, so a builder that forgets to zero is caught. */
	memset(m->pages[m->used], 0xa5, PAGE_SIZE);
	return FAKE_BASE + m->used++ * PAGE_SIZE;
}

static void *fake_phys_to_virt(void *ctx, uint64_t phys)
{
	struct fake_memory *m = ctx;

	assert_int_equal(phys % PAGE_SIZE, 0);
	assert_true(phys >= FAKE_BASE);
	assert_true(phys < FAKE_BASE + m->used * PAGE_SIZE);
	return m->pages[(phys - FAKE_BASE) / PAGE_SIZE];
}

static void setup_tables(bool use_1g_pages, unsigned int limit)
{
	const struct pt_ops ops = {
		.alloc_table = fake_alloc,
		.phys_to_virt = fake_phys_to_virt,
		.ctx = &mem,
		.use_1g_pages = use_1g_pages,
	};

	mem.used = 0;
	mem.limit = limit;
	assert_int_equal(pt_init(&pt, &ops), 0);
	assert_int_equal(mem.used, 1);
}

/* Raw entry at `level` (3 = PML4 ... 0 = PT) on the walk to va. */
static uint64_t raw_entry(uint64_t va, int level)
{
	uint64_t table = pt.root, entry = 0;
	int l;

	for (l = 3; l >= level; l--) {
		entry = ((uint64_t *)fake_phys_to_virt(&mem, table))[(va >> (12 + 9 * l)) & 511];
		table = entry & PTE_ADDR_MASK;
	}
	return entry;
}

static void assert_maps(uint64_t va, uint64_t want_pa, uint64_t want_flags)
{
	uint64_t pa = 0, flags = 0;

	assert_true(pt_lookup(&pt, va, &pa, &flags));
	assert_int_equal(pa, want_pa);
	assert_int_equal(flags, want_flags | PTE_P);
}

static void assert_unmapped(uint64_t va)
{
	assert_false(pt_lookup(&pt, va, NULL, NULL));
}

static uint64_t misaligned_alloc(void *ctx)
{
	return fake_alloc(ctx) + 8;
}

static void test_init(void **state)
{
	const struct pt_ops no_alloc = { NULL, fake_phys_to_virt, &mem, false };
	const struct pt_ops bad_alloc = { misaligned_alloc, fake_phys_to_virt, &mem, false };
	const struct pt_ops ops = { fake_alloc, fake_phys_to_virt, &mem, false };
	unsigned int i;

	(void)state;
	setup_tables(false, FAKE_PAGES);
	assert_int_equal(pt.root, FAKE_BASE);
	for (i = 0; i < 512; i++)
		assert_int_equal(mem.pages[0][i], 0);
	assert_unmapped(0);
	assert_unmapped(0xffffffff80000000ull);

	assert_int_equal(pt_init(&pt, &no_alloc), PT_EINVAL);
	assert_int_equal(pt_init(&pt, NULL), PT_EINVAL);
	assert_int_equal(pt_init(&pt, &bad_alloc), PT_EINVAL);
	mem.used = 0;
	mem.limit = 0;
	assert_int_equal(pt_init(&pt, &ops), PT_ENOMEM);
}

static void test_identity_4g_with_1g_pages(void **state)
{
	uint64_t va;

	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 0, 0, 4 * GIB, PTE_W | PTE_NX), 0);
	assert_int_equal(mem.used, 2); /* PML4 + PDPT */
	for (va = 0; va < 4 * GIB; va += GIB)
		assert_int_equal(raw_entry(va, 2), va | PTE_P | PTE_W | PTE_PS | PTE_NX);
	assert_int_equal(raw_entry(0, 3), (FAKE_BASE + PAGE_SIZE) | PTE_P | PTE_W);
	assert_maps(0, 0, PTE_W | PTE_NX | PTE_PS);
	assert_maps(3 * GIB + 0x12345, 3 * GIB + 0x12345, PTE_W | PTE_NX | PTE_PS);
	assert_unmapped(4 * GIB);
}

static void test_identity_4g_with_2m_pages(void **state)
{
	(void)state;
	setup_tables(false, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 0, 0, 4 * GIB, PTE_W), 0);
	assert_int_equal(mem.used, 6); /* PML4, PDPT, 4 PDs */
	assert_int_equal(raw_entry(0, 2) & ~PTE_ADDR_MASK, PTE_P | PTE_W);
	assert_int_equal(raw_entry(2 * GIB + 6 * MIB, 1),
			 (2 * GIB + 6 * MIB) | PTE_P | PTE_W | PTE_PS);
	assert_maps(4 * GIB - 1, 4 * GIB - 1, PTE_W | PTE_PS);
	assert_maps(7 * MIB, 7 * MIB, PTE_W | PTE_PS);
	assert_unmapped(4 * GIB);
}

/* 4 KiB pages up to the first 2 MiB boundary, 2 MiB pages, 4 KiB again. */
static void test_unaligned_start_and_end(void **state)
{
	const uint64_t start = 2 * MIB - 16 * KIB, end = 6 * MIB + 8 * KIB;

	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, start, start, end - start, PTE_W), 0);
	assert_int_equal(mem.used, 5); /* PML4, PDPT, PD, 2 PTs */
	assert_unmapped(start - PAGE_SIZE);
	assert_maps(start, start, PTE_W);
	assert_maps(2 * MIB - 1, 2 * MIB - 1, PTE_W);
	assert_maps(2 * MIB, 2 * MIB, PTE_W | PTE_PS);
	assert_maps(6 * MIB - 1, 6 * MIB - 1, PTE_W | PTE_PS);
	assert_maps(6 * MIB, 6 * MIB, PTE_W);
	assert_maps(end - 1, end - 1, PTE_W);
	assert_unmapped(end);
}

/* Large pages need va and pa aligned alike: here only va is. */
static void test_misaligned_pa_uses_small_pages(void **state)
{
	const uint64_t va = 0xffff800000000000ull, pa = 2 * MIB + PAGE_SIZE;

	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, va, pa, 4 * MIB, PTE_W), 0);
	assert_int_equal(mem.used, 1 + 1 + 1 + 2); /* all 4 KiB pages */
	assert_maps(va, pa, PTE_W);
	assert_maps(va + 4 * MIB - 1, pa + 4 * MIB - 1, PTE_W);
	assert_unmapped(va + 4 * MIB);
}

/* Kernel sections in one 2 MiB page, mapped W+NX first, then tightened. */
static void test_wx_sections_split_large_page(void **state)
{
	const uint64_t region = 2 * MIB, text = region + 0x1000, rodata = region + 0x5000,
		       data = region + 0x8000, data_end = region + 0xa000;
	const uint64_t rw = PTE_W | PTE_NX | PTE_G;
	uint64_t va;

	(void)state;
	setup_tables(false, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 0, 0, 1 * GIB, rw), 0);
	assert_int_equal(mem.used, 3);
	assert_int_equal(pt_map(&pt, text, text, rodata - text, PTE_G), 0);
	assert_int_equal(pt_map(&pt, rodata, rodata, data - rodata, PTE_NX | PTE_G), 0);
	assert_int_equal(pt_map(&pt, data, data, data_end - data, rw), 0);
	assert_int_equal(mem.used, 4); /* one PT for the split */

	assert_maps(text + 0x123, text + 0x123, PTE_G);
	assert_maps(rodata - 1, rodata - 1, PTE_G);
	assert_maps(rodata, rodata, PTE_NX | PTE_G);
	assert_maps(data - 1, data - 1, PTE_NX | PTE_G);
	assert_maps(data, data, rw);
	/* The rest of the split page keeps its attributes and frames. */
	assert_maps(region, region, rw);
	for (va = data_end; va < region + 2 * MIB; va += PAGE_SIZE)
		assert_maps(va, va, rw);
	/* Neighbouring 2 MiB pages are untouched. */
	assert_maps(region - 1, region - 1, rw | PTE_PS);
	assert_maps(region + 2 * MIB, region + 2 * MIB, rw | PTE_PS);
	/* PS cleared in the PTEs: bit 7 there would select PAT. */
	assert_int_equal(raw_entry(region, 0), region | PTE_P | rw);
	assert_int_equal(raw_entry(region, 1) & ~PTE_ADDR_MASK, PTE_P | PTE_W);
}

static void test_mmio_uncached(void **state)
{
	const uint64_t lapic = 0xfee00000ull;
	const uint64_t mmio = PTE_W | PTE_NX | PTE_PCD | PTE_PWT;

	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, lapic, lapic, PAGE_SIZE, mmio), 0);
	assert_maps(lapic + 0x20, lapic + 0x20, mmio);
	assert_int_equal(raw_entry(lapic, 0), lapic | PTE_P | mmio);
	assert_unmapped(lapic + PAGE_SIZE);

	/* Remapping write-back RAM uncached inside a 1 GiB page. */
	assert_int_equal(pt_map(&pt, 0, 0, 1 * GIB, PTE_W), 0);
	assert_int_equal(pt_map(&pt, 0xa0000, 0xa0000, 0x20000, mmio), 0);
	assert_maps(0xa0000, 0xa0000, mmio);
	assert_maps(0xbf000, 0xbf000, mmio);
	assert_maps(0x9f000, 0x9f000, PTE_W);
	assert_maps(0xc0000, 0xc0000, PTE_W);
	assert_maps(2 * MIB, 2 * MIB, PTE_W | PTE_PS); /* 1 GiB split */
}

static void test_guard_page_in_2m_page(void **state)
{
	const uint64_t base = 4 * MIB, guard = base + 64 * KIB;
	const uint64_t rw = PTE_W | PTE_NX | PTE_G;
	unsigned int mapped = 0;
	uint64_t va;

	(void)state;
	setup_tables(false, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, base, base + 1 * GIB, 2 * MIB, rw), 0);
	assert_int_equal(pt_unmap(&pt, guard, PAGE_SIZE), 0);
	assert_unmapped(guard);
	assert_unmapped(guard + PAGE_SIZE - 1);
	assert_maps(guard - 1, guard - 1 + 1 * GIB, rw);
	assert_maps(guard + PAGE_SIZE, guard + PAGE_SIZE + 1 * GIB, rw);
	for (va = base; va < base + 2 * MIB; va += PAGE_SIZE)
		mapped += pt_lookup(&pt, va, NULL, NULL);
	assert_int_equal(mapped, 511);

	/* Unmapping what is unmapped is fine and builds nothing. */
	assert_int_equal(mem.used, 4);
	assert_int_equal(pt_unmap(&pt, guard, PAGE_SIZE), 0);
	assert_int_equal(pt_unmap(&pt, 1 * GIB + PAGE_SIZE, PAGE_SIZE), 0);
	assert_int_equal(pt_unmap(&pt, 600 * GIB, 3 * PAGE_SIZE), 0);
	assert_int_equal(mem.used, 4);

	/* A whole range goes, but the split table stays for reuse. */
	assert_int_equal(pt_unmap(&pt, 0, 8 * MIB), 0);
	assert_unmapped(base);
	assert_unmapped(base + 2 * MIB - 1);
	assert_int_equal(pt_map(&pt, guard, 0, PAGE_SIZE, PTE_W), 0);
	assert_int_equal(mem.used, 4);
	assert_maps(guard, 0, PTE_W);
}

/* A guard page inside a 1 GiB page splits it twice. */
static void test_guard_page_in_1g_page(void **state)
{
	const uint64_t guard = 1 * GIB + 6 * MIB;

	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 1 * GIB, 1 * GIB, 1 * GIB, PTE_W), 0);
	assert_int_equal(mem.used, 2);
	assert_int_equal(pt_unmap(&pt, guard, PAGE_SIZE), 0);
	assert_int_equal(mem.used, 4);
	assert_unmapped(guard);
	assert_maps(guard - 1, guard - 1, PTE_W | PTE_PS);
	assert_maps(guard + PAGE_SIZE, guard + PAGE_SIZE, PTE_W);
	assert_maps(guard + 2 * MIB, guard + 2 * MIB, PTE_W | PTE_PS);
	assert_maps(2 * GIB - 1, 2 * GIB - 1, PTE_W | PTE_PS);
	assert_int_equal(raw_entry(guard + 2 * MIB, 1), (guard + 2 * MIB) | PTE_P | PTE_W | PTE_PS);
}

static void test_rejects_bad_arguments(void **state)
{
	(void)state;
	setup_tables(true, FAKE_PAGES);
	/* Unaligned va, pa, size. */
	assert_int_equal(pt_map(&pt, 0x800, 0, PAGE_SIZE, 0), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0x800, PAGE_SIZE, 0), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0, 0x1800, 0), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x10, PAGE_SIZE), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0, 10), PT_EINVAL);
	/* Non-canonical, or running into the hole from either side. */
	assert_int_equal(pt_map(&pt, 0x0000800000000000ull, 0, PAGE_SIZE, 0), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0x00007ffffffff000ull, 0, 2 * PAGE_SIZE, 0), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0xffff7ffffffff000ull, 0, PAGE_SIZE, 0), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0xfffffffffffff000ull, 2 * PAGE_SIZE), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x2000, 0xfffffffffffff000ull), PT_EINVAL);
	assert_int_equal(pt_unmap(&pt, 0x1000, 0xffff800000000000ull), PT_EINVAL);
	assert_false(pt_lookup(&pt, 0x0000800000000000ull, NULL, NULL));
	/* Physical addresses past 2^52. */
	assert_int_equal(pt_map(&pt, 0, 1ull << 52, PAGE_SIZE, 0), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0, (1ull << 52) - PAGE_SIZE, 2 * PAGE_SIZE, 0), PT_EINVAL);
	/* Flags that are not leaf attributes. */
	assert_int_equal(pt_map(&pt, 0, 0, PAGE_SIZE, PTE_PS), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0, PAGE_SIZE, 0x1000), PT_EINVAL);
	assert_int_equal(pt_map(&pt, 0, 0, PAGE_SIZE, 1ull << 62), PT_EINVAL);
	/* Nothing was built on the way. */
	assert_int_equal(mem.used, 1);
	assert_unmapped(0);

	/* Empty ranges are no-ops; the highest page is a valid target. */
	assert_int_equal(pt_map(&pt, 0, 0, 0, PTE_W), 0);
	assert_int_equal(pt_map(&pt, 0xfffffffffffff000ull, (1ull << 52) - PAGE_SIZE, PAGE_SIZE, 0),
			 0);
	assert_maps(0xffffffffffffffffull, (1ull << 52) - 1, 0);
}

static void test_out_of_table_pages(void **state)
{
	uint64_t pa;

	(void)state;
	setup_tables(false, 3); /* PML4 + PDPT + one PD */
	assert_int_equal(pt_map(&pt, 0, 0, 2 * GIB, PTE_W), PT_ENOMEM);
	assert_int_equal(mem.used, 3);
	/* What was built before the failure works. */
	assert_maps(1 * GIB - 1, 1 * GIB - 1, PTE_W | PTE_PS);
	assert_unmapped(1 * GIB);

	/* A split that cannot get a table leaves the large page whole. */
	assert_int_equal(pt_unmap(&pt, 4 * MIB, PAGE_SIZE), PT_ENOMEM);
	assert_true(pt_lookup(&pt, 4 * MIB, &pa, NULL));
	assert_int_equal(pa, 4 * MIB);
	assert_int_equal(pt_map(&pt, 4 * MIB, 0, PAGE_SIZE, 0), PT_ENOMEM);
	assert_maps(4 * MIB, 4 * MIB, PTE_W | PTE_PS);

	/* Given a page, the same calls succeed. */
	mem.limit = 4;
	assert_int_equal(pt_unmap(&pt, 4 * MIB, PAGE_SIZE), 0);
	assert_unmapped(4 * MIB);
	assert_maps(4 * MIB + PAGE_SIZE, 4 * MIB + PAGE_SIZE, PTE_W);
}

static void test_second_pml4_entry_and_upper_half(void **state)
{
	const uint64_t above_512g = 512 * GIB + 2 * MIB;
	const uint64_t direct_map = 0xffff800000000000ull;
	const uint64_t kernel = 0xffffffff80000000ull;

	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, above_512g, 1 * MIB, 2 * MIB, PTE_W), 0);
	assert_int_equal(pt_map(&pt, direct_map, 0, 2 * GIB, PTE_W | PTE_NX), 0);
	assert_int_equal(pt_map(&pt, kernel, 16 * MIB, 4 * MIB, PTE_G), 0);

	assert_int_equal(raw_entry(0, 3), 0);
	assert_true(raw_entry(above_512g, 3) & PTE_P);
	assert_true(raw_entry(direct_map, 3) & PTE_P);
	assert_true(raw_entry(kernel, 3) & PTE_P);
	assert_int_equal((above_512g >> 39) & 511, 1);
	assert_int_equal((direct_map >> 39) & 511, 256);
	assert_int_equal((kernel >> 39) & 511, 511);

	assert_unmapped(2 * MIB);
	assert_maps(above_512g + 5, 1 * MIB + 5, PTE_W);
	assert_unmapped(above_512g + 2 * MIB);
	assert_maps(direct_map + 1 * GIB + 7, 1 * GIB + 7, PTE_W | PTE_NX | PTE_PS);
	assert_maps(kernel + 3 * MIB, 19 * MIB, PTE_G | PTE_PS);
	assert_unmapped(kernel - PAGE_SIZE);
	assert_unmapped(kernel + 4 * MIB);
}

/* A remap replaces frames and attributes, large page or not. */
static void test_remap_replaces(void **state)
{
	(void)state;
	setup_tables(false, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 0, 0, 4 * MIB, PTE_W), 0);
	assert_int_equal(pt_map(&pt, 0, 8 * MIB, 2 * MIB, PTE_NX), 0);
	assert_maps(0x1234, 8 * MIB + 0x1234, PTE_NX | PTE_PS);

	assert_int_equal(pt_map(&pt, 2 * MIB + PAGE_SIZE, 0, PAGE_SIZE, 0), 0);
	assert_int_equal(mem.used, 4);
	/* Over an existing table the new frames land inside it. */
	assert_int_equal(pt_map(&pt, 2 * MIB, 32 * MIB, 2 * MIB, PTE_W), 0);
	assert_int_equal(mem.used, 4);
	assert_maps(2 * MIB + PAGE_SIZE, 32 * MIB + PAGE_SIZE, PTE_W);
	assert_maps(4 * MIB - 1, 34 * MIB - 1, PTE_W);
}

/* Lookups combine the levels as the processor does. */
static void test_lookup_combines_levels(void **state)
{
	uint64_t *pd_entry, flags;

	(void)state;
	setup_tables(false, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 0, 0, 4 * MIB, PTE_W | PTE_U), 0);
	assert_int_equal(pt_map(&pt, 0, 0, PAGE_SIZE, PTE_W | PTE_U | PTE_A | PTE_D), 0);
	/* Intermediate entries carry U when asked, and never NX. */
	assert_int_equal(raw_entry(0, 3) & ~PTE_ADDR_MASK, PTE_P | PTE_W | PTE_U);
	assert_int_equal(raw_entry(0, 1) & ~PTE_ADDR_MASK, PTE_P | PTE_W | PTE_U);
	assert_maps(0, 0, PTE_W | PTE_U | PTE_A | PTE_D);

	/* Tighten an intermediate entry by hand: W ANDs, NX ORs. */
	pd_entry = &((uint64_t *)fake_phys_to_virt(&mem, raw_entry(0, 2) & PTE_ADDR_MASK))[0];
	*pd_entry = (*pd_entry & ~PTE_W) | PTE_NX;
	assert_true(pt_lookup(&pt, PAGE_SIZE, NULL, &flags));
	assert_int_equal(flags, PTE_P | PTE_U | PTE_NX);
	/* Its sibling, under an untouched entry, is unaffected. */
	assert_true(pt_lookup(&pt, 2 * MIB, NULL, &flags));
	assert_int_equal(flags, PTE_P | PTE_W | PTE_U | PTE_PS);

	/* A later mapping that is not user leaves U in place above. */
	assert_int_equal(pt_map(&pt, 4 * MIB, 4 * MIB, PAGE_SIZE, PTE_W), 0);
	assert_maps(4 * MIB, 4 * MIB, PTE_W);
	assert_true(raw_entry(4 * MIB, 3) & PTE_U);
	assert_false(raw_entry(4 * MIB, 1) & PTE_U);

	/* A user page beside it opens the table above it to user mode. */
	assert_int_equal(pt_map(&pt, 4 * MIB + PAGE_SIZE, 0, PAGE_SIZE, PTE_U), 0);
	assert_maps(4 * MIB + PAGE_SIZE, 0, PTE_U);
	assert_maps(4 * MIB, 4 * MIB, PTE_W);

	/* PS in a PML4 entry is reserved: not a translation. */
	*(uint64_t *)fake_phys_to_virt(&mem, pt.root) |= PTE_PS;
	assert_false(pt_lookup(&pt, 4 * MIB, NULL, NULL));
}

/* Splitting a user page for a kernel page keeps the rest user. */
static void test_split_keeps_user_access(void **state)
{
	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 1 * GIB, 0, 1 * GIB, PTE_U | PTE_W), 0);
	assert_int_equal(pt_map(&pt, 1 * GIB, 0, PAGE_SIZE, PTE_W), 0);
	assert_maps(1 * GIB, 0, PTE_W);
	assert_maps(1 * GIB + PAGE_SIZE, PAGE_SIZE, PTE_U | PTE_W);
	assert_maps(1 * GIB + 2 * MIB, 2 * MIB, PTE_U | PTE_W | PTE_PS);
}

/* PAT is bit 12 in a large page and bit 7 in a PTE; splits move it. */
static void test_split_moves_pat_bit(void **state)
{
	const uint64_t pat_large = 1ull << 12, pat_4k = 1ull << 7;
	uint64_t *pdpt_entry, pa;

	(void)state;
	setup_tables(true, FAKE_PAGES);
	assert_int_equal(pt_map(&pt, 0, 0, 1 * GIB, PTE_W), 0);
	pdpt_entry = &((uint64_t *)fake_phys_to_virt(&mem, raw_entry(0, 3) & PTE_ADDR_MASK))[0];
	*pdpt_entry |= pat_large;
	assert_true(pt_lookup(&pt, 5 * MIB, &pa, NULL));
	assert_int_equal(pa, 5 * MIB); /* bit 12 is not address */

	assert_int_equal(pt_unmap(&pt, 4 * MIB, PAGE_SIZE), 0);
	assert_int_equal(raw_entry(8 * MIB, 1), 8 * MIB | pat_large | PTE_P | PTE_W | PTE_PS);
	assert_int_equal(raw_entry(4 * MIB + PAGE_SIZE, 0),
			 (4 * MIB + PAGE_SIZE) | pat_4k | PTE_P | PTE_W);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init),
		cmocka_unit_test(test_identity_4g_with_1g_pages),
		cmocka_unit_test(test_identity_4g_with_2m_pages),
		cmocka_unit_test(test_unaligned_start_and_end),
		cmocka_unit_test(test_misaligned_pa_uses_small_pages),
		cmocka_unit_test(test_wx_sections_split_large_page),
		cmocka_unit_test(test_mmio_uncached),
		cmocka_unit_test(test_guard_page_in_2m_page),
		cmocka_unit_test(test_guard_page_in_1g_page),
		cmocka_unit_test(test_rejects_bad_arguments),
		cmocka_unit_test(test_out_of_table_pages),
		cmocka_unit_test(test_second_pml4_entry_and_upper_half),
		cmocka_unit_test(test_remap_replaces),
		cmocka_unit_test(test_lookup_combines_levels),
		cmocka_unit_test(test_split_keeps_user_access),
		cmocka_unit_test(test_split_moves_pat_bit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
