/* Unit tests for the physical page-frame allocator (lib/pmm.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/config.h"
#include "lib/pmm.h"
#include "tests/support/rng.h"

#define KIB	     0x400ull
#define MIB	     0x100000ull
#define GIB	     0x40000000ull
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static struct pmm pmm;

/* Sorted, disjoint, never touching, page aligned, and free_pages agrees. */
static void assert_table_consistent(const struct pmm *p)
{
	uint64_t pages = 0;
	uint32_t i;

	assert_true(p->count <= PMM_MAX_RANGES);
	for (i = 0; i < p->count; i++) {
		assert_true(p->free[i].base < p->free[i].end);
		assert_int_equal(p->free[i].base % PAGE_SIZE, 0);
		assert_int_equal(p->free[i].end % PAGE_SIZE, 0);
		if (i > 0)
			assert_true(p->free[i - 1].end < p->free[i].base);
		pages += (p->free[i].end - p->free[i].base) / PAGE_SIZE;
	}
	assert_int_equal(pages, p->free_pages);
}

static void assert_ranges(const struct pmm *p, const struct phys_range *want, uint32_t n)
{
	uint32_t i;

	assert_table_consistent(p);
	assert_int_equal(p->count, n);
	for (i = 0; i < n; i++) {
		assert_int_equal(p->free[i].base, want[i].base);
		assert_int_equal(p->free[i].end, want[i].end);
	}
}

static void test_init_empty(void **state)
{
	(void)state;
	pmm_init(&pmm, NULL, 0, NULL, 0);
	assert_int_equal(pmm.count, 0);
	assert_int_equal(pmm.free_pages, 0);
	assert_int_equal(pmm.usable_pages, 0);
	assert_false(pmm.overflowed);
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, UINT64_MAX), PMM_NONE);
}

static void test_init_normalises_usable(void **state)
{
	const struct phys_range usable[] = {
		{ 8 * MIB, 16 * MIB },
		{ 0x1234, 0x9fc00 },		 /* unaligned both ends */
		{ 12 * MIB, 20 * MIB },		 /* overlaps the first */
		{ 8 * MIB, 16 * MIB },		 /* duplicate */
		{ 20 * MIB, 24 * MIB },		 /* touches: merges */
		{ 5 * MIB, 5 * MIB },		 /* zero length */
		{ 6 * MIB + 1, 6 * MIB + 4095 }, /* no whole page */
		{ 7 * MIB, 6 * MIB },		 /* inverted */
		{ 4 * GIB, 6 * GIB },
		{ 1 * MIB, 2 * MIB },
	};
	const struct phys_range want[] = {
		{ 0x2000, 0x9f000 },
		{ 1 * MIB, 2 * MIB },
		{ 8 * MIB, 24 * MIB },
		{ 4 * GIB, 6 * GIB },
	};
	uint64_t pages = (0x9f000 - 0x2000 + 1 * MIB + 16 * MIB + 2 * GIB) / PAGE_SIZE;

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	assert_ranges(&pmm, want, ARRAY_LEN(want));
	assert_int_equal(pmm.free_pages, pages);
	assert_int_equal(pmm.usable_pages, pages);
	assert_false(pmm.overflowed);
}

static void test_init_carves_reserved(void **state)
{
	const struct phys_range usable[] = {
		{ 0, 0x9fc00 },		  { 1 * MIB, 64 * MIB },    { 100 * MIB, 101 * MIB },
		{ 102 * MIB, 103 * MIB }, { 104 * MIB, 110 * MIB }, { 4 * GIB, 5 * GIB },
	};
	const struct phys_range reserved[] = {
		{ 0, 1 },			  /* page 0 */
		{ 0x8000, 0x9000 },		  /* trampoline */
		{ 2 * MIB + 100, 3 * MIB - 100 }, /* kernel: grows out */
		{ 63 * MIB + 1, 65 * MIB },	  /* straddles an end */
		{ 99 * MIB, 103 * MIB },	  /* covers two ranges */
		{ 103 * MIB, 104 * MIB + 5 },	  /* straddles a base */
		{ 5 * GIB - 1, 5 * GIB },	  /* last page */
		{ 7 * MIB, 7 * MIB },		  /* empty: no effect */
		{ 0x3010, 0x3010 },		  /* empty, unaligned */
		{ 0x5010, 0x5008 },		  /* inverted */
	};
	const struct phys_range want[] = {
		{ 0x1000, 0x8000 },
		{ 0x9000, 0x9f000 },
		{ 1 * MIB, 2 * MIB },
		{ 3 * MIB, 63 * MIB },
		{ 104 * MIB + PAGE_SIZE, 110 * MIB },
		{ 4 * GIB, 5 * GIB - PAGE_SIZE },
	};
	uint64_t usable_pages = (0x9f000 + 63 * MIB + 2 * MIB + 6 * MIB + 1 * GIB) / PAGE_SIZE;

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), reserved, ARRAY_LEN(reserved));
	assert_ranges(&pmm, want, ARRAY_LEN(want));
	assert_int_equal(pmm.usable_pages, usable_pages);
	assert_true(pmm.free_pages < pmm.usable_pages);
}

/* A map may list an available range over a reserved one: reserved wins. */
static void test_init_reserved_wins_over_available(void **state)
{
	const struct phys_range usable[] = {
		{ 0, 32 * MIB }, { 16 * MIB, 17 * MIB }, /* also listed reserved */
	};
	const struct phys_range reserved[] = {
		{ 16 * MIB, 17 * MIB },
		{ 16 * MIB, 17 * MIB }, /* duplicate */
		{ 0, 64 * MIB },	/* second pass only */
	};
	const struct phys_range want[] = {
		{ 0, 16 * MIB },
		{ 17 * MIB, 32 * MIB },
	};

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), reserved, 2);
	assert_ranges(&pmm, want, ARRAY_LEN(want));

	pmm_init(&pmm, usable, ARRAY_LEN(usable), reserved, ARRAY_LEN(reserved));
	assert_int_equal(pmm.count, 0);
	assert_int_equal(pmm.free_pages, 0);
	assert_int_equal(pmm.usable_pages, 32 * MIB / PAGE_SIZE);
}

/* Reserved ranges at the very top of the address space must not wrap. */
static void test_init_top_of_address_space(void **state)
{
	const struct phys_range usable[] = {
		{ UINT64_MAX - 64 * KIB, UINT64_MAX },
		{ UINT64_MAX - 2, UINT64_MAX },
	};
	const struct phys_range reserved[] = {
		{ UINT64_MAX - 8 * KIB, UINT64_MAX },
	};
	const struct phys_range want[] = {
		{ UINT64_MAX - 64 * KIB + 1, UINT64_MAX - 8 * KIB - 4095 },
	};

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), reserved, ARRAY_LEN(reserved));
	assert_ranges(&pmm, want, ARRAY_LEN(want));
	assert_int_equal(pmm.usable_pages, 15);
}

static void test_alloc_takes_highest(void **state)
{
	const struct phys_range usable[] = {
		{ 1 * MIB, 2 * MIB },
		{ 8 * MIB, 9 * MIB },
	};
	const struct phys_range want[] = {
		{ 1 * MIB, 2 * MIB },
		{ 8 * MIB, 9 * MIB - 3 * PAGE_SIZE },
	};

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, UINT64_MAX), 9 * MIB - PAGE_SIZE);
	assert_int_equal(pmm_alloc(&pmm, 2, PAGE_SIZE, UINT64_MAX), 9 * MIB - 3 * PAGE_SIZE);
	assert_ranges(&pmm, want, ARRAY_LEN(want));
	/* Too big for the top range: falls back to a lower one. */
	assert_int_equal(pmm_alloc(&pmm, 256, PAGE_SIZE, UINT64_MAX), 1 * MIB);
	assert_int_equal(pmm.free_pages, 256 - 3);
}

/* The AP trampoline needs a page below 1 MiB, other memory notwithstanding. */
static void test_alloc_below_1mib(void **state)
{
	const struct phys_range usable[] = {
		{ 0, 0x9fc00 },
		{ 1 * MIB, 1 * GIB },
	};
	const struct phys_range reserved[] = { { 0, PAGE_SIZE } };
	uint64_t page;

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), reserved, ARRAY_LEN(reserved));
	page = pmm_alloc(&pmm, 1, PAGE_SIZE, 1 * MIB);
	assert_int_equal(page, 0x9e000);
	assert_int_equal(pmm.free[0].end, 0x9e000);

	/* A limit that is not page aligned still bounds the block's end. */
	page = pmm_alloc(&pmm, 2, PAGE_SIZE, 0x50fff);
	assert_int_equal(page, 0x4e000);
	assert_true(page + 2 * PAGE_SIZE <= 0x50fff);
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, PAGE_SIZE), PMM_NONE);
	/* A limit under every range and below the block size: no wrap. */
	assert_int_equal(pmm_alloc(&pmm, 2, PAGE_SIZE, PAGE_SIZE), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, 2 * PAGE_SIZE), 0x1000);
	assert_table_consistent(&pmm);
}

static void test_alloc_2mib_aligned(void **state)
{
	const struct phys_range usable[] = { { 1 * MIB, 9 * MIB + 0x5000 } };
	const struct phys_range want[] = {
		{ 1 * MIB, 2 * MIB },
		{ 8 * MIB, 9 * MIB + 0x5000 },
	};

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB, UINT64_MAX), 6 * MIB);
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB, UINT64_MAX), 4 * MIB);
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB, UINT64_MAX), 2 * MIB);
	assert_ranges(&pmm, want, ARRAY_LEN(want));
	/* 3 MiB are free, but no 2 MiB-aligned 2 MiB block. */
	assert_int_equal(pmm_alloc(&pmm, 512, 2 * MIB, UINT64_MAX), PMM_NONE);
	/* One page on a 2 MiB boundary: only 8 MiB qualifies. */
	assert_int_equal(pmm_alloc(&pmm, 1, 2 * MIB, UINT64_MAX), 8 * MIB);
	assert_int_equal(pmm_alloc(&pmm, 1, 2 * MIB, UINT64_MAX), PMM_NONE);
	/* 4 KiB alignment still finds the pages around the holes. */
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, 8 * MIB), 2 * MIB - PAGE_SIZE);
	assert_table_consistent(&pmm);
}

static void test_alloc_rejects_bad_arguments(void **state)
{
	const struct phys_range usable[] = { { 0, 64 * MIB } };

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	assert_int_equal(pmm_alloc(&pmm, 0, PAGE_SIZE, UINT64_MAX), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, 1, 0, UINT64_MAX), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, 1, 512, UINT64_MAX), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, 1, 3 * PAGE_SIZE, UINT64_MAX), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, UINT64_MAX, PAGE_SIZE, UINT64_MAX), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, UINT64_MAX / PAGE_SIZE, PAGE_SIZE, UINT64_MAX), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, 0), PMM_NONE);
	assert_int_equal(pmm.free_pages, 64 * MIB / PAGE_SIZE);
}

static void test_alloc_until_exhausted(void **state)
{
	const struct phys_range usable[] = {
		{ 0, 1 * MIB },
		{ 3 * MIB, 3 * MIB + 40 * PAGE_SIZE },
	};
	uint64_t total, n, prev = UINT64_MAX, page;

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	total = pmm.free_pages;
	assert_int_equal(total, 256 + 40);
	for (n = 0; n < total; n++) {
		page = pmm_alloc(&pmm, 1, PAGE_SIZE, UINT64_MAX);
		assert_true(page < prev); /* highest first */
		prev = page;
	}
	assert_int_equal(prev, 0);
	assert_int_equal(pmm.free_pages, 0);
	assert_int_equal(pmm.count, 0);
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, UINT64_MAX), PMM_NONE);

	/* What comes back can be taken again. */
	assert_true(pmm_free(&pmm, 3 * MIB, 1));
	assert_int_equal(pmm_alloc(&pmm, 2, PAGE_SIZE, UINT64_MAX), PMM_NONE);
	assert_int_equal(pmm_alloc(&pmm, 1, PAGE_SIZE, UINT64_MAX), 3 * MIB);
}

static void test_free_merges_neighbours(void **state)
{
	const struct phys_range usable[] = { { 16 * MIB, 16 * MIB + 0x10000 } };
	uint64_t a, b, c;

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	a = pmm_alloc(&pmm, 4, PAGE_SIZE, UINT64_MAX);
	b = pmm_alloc(&pmm, 4, PAGE_SIZE, UINT64_MAX);
	c = pmm_alloc(&pmm, 4, PAGE_SIZE, UINT64_MAX);
	assert_int_equal(a, b + 4 * PAGE_SIZE);
	assert_int_equal(b, c + 4 * PAGE_SIZE);
	assert_int_equal(pmm.count, 1); /* 4 pages left below c */

	assert_true(pmm_free(&pmm, b, 4)); /* isolated */
	assert_int_equal(pmm.count, 2);
	assert_true(pmm_free(&pmm, a, 4)); /* merges below, reaches end */
	assert_int_equal(pmm.count, 2);
	assert_int_equal(pmm.free[1].base, b);
	assert_true(pmm_free(&pmm, c, 4)); /* joins both sides */
	assert_int_equal(pmm.count, 1);
	assert_int_equal(pmm.free[0].base, usable[0].base);
	assert_int_equal(pmm.free[0].end, usable[0].end);
	assert_int_equal(pmm.free_pages, 16);
}

static void test_free_detects_double_free(void **state)
{
	const struct phys_range usable[] = { { 1 * MIB, 2 * MIB } };
	uint64_t a;

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	a = pmm_alloc(&pmm, 8, PAGE_SIZE, 1 * MIB + 64 * PAGE_SIZE);
	assert_int_equal(a, 1 * MIB + 56 * PAGE_SIZE);
	assert_int_equal(pmm.free_pages, 256 - 8);

	assert_false(pmm_free(&pmm, 1 * MIB, 1));	    /* not taken */
	assert_false(pmm_free(&pmm, a - PAGE_SIZE, 2));	    /* over below */
	assert_false(pmm_free(&pmm, a + 7 * PAGE_SIZE, 2)); /* over above */
	assert_false(pmm_free(&pmm, a - PAGE_SIZE, 10));    /* covers it */
	assert_false(pmm_free(&pmm, a + 1, 1));		    /* unaligned */
	assert_false(pmm_free(&pmm, a, 0));
	assert_false(pmm_free(&pmm, a, UINT64_MAX / PAGE_SIZE));
	assert_int_equal(pmm.free_pages, 256 - 8);
	assert_int_equal(pmm.count, 2);

	assert_true(pmm_free(&pmm, a, 8));
	assert_false(pmm_free(&pmm, a, 8)); /* twice */
	assert_false(pmm_free(&pmm, a + 2 * PAGE_SIZE, 1));
	assert_int_equal(pmm.free_pages, 256);
	assert_int_equal(pmm.count, 1);
}

/* Ranges of 1..N pages with one-page gaps, in a shuffled order. */
static void make_fragmented_map(struct phys_range *usable, size_t n)
{
	uint64_t base = 1 * MIB;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t slot = (i * 7) % n; /* 7 is coprime with n */
		uint64_t pages = 1 + (i * 37) % 50;

		usable[slot].base = base;
		usable[slot].end = base + pages * PAGE_SIZE;
		base = usable[slot].end + PAGE_SIZE;
	}
}

static void test_init_overflow_keeps_largest(void **state)
{
	struct phys_range usable[300];
	uint64_t smallest_kept = UINT64_MAX, largest_dropped = 0, pages;
	size_t i;
	uint32_t j;
	bool kept;

	(void)state;
	make_fragmented_map(usable, ARRAY_LEN(usable));
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	assert_true(pmm.overflowed);
	assert_int_equal(pmm.count, PMM_MAX_RANGES);
	assert_table_consistent(&pmm);
	assert_true(pmm.free_pages < pmm.usable_pages);

	for (i = 0; i < ARRAY_LEN(usable); i++) {
		pages = (usable[i].end - usable[i].base) / PAGE_SIZE;
		kept = false;
		for (j = 0; j < pmm.count; j++)
			kept |= pmm.free[j].base == usable[i].base &&
				pmm.free[j].end == usable[i].end;
		if (kept && pages < smallest_kept)
			smallest_kept = pages;
		if (!kept && pages > largest_dropped)
			largest_dropped = pages;
	}
	assert_true(largest_dropped <= smallest_kept);
}

/* Equal sizes: the first ranges (lowest addresses) are the ones kept. */
static void test_init_overflow_ties_keep_first(void **state)
{
	struct phys_range usable[PMM_MAX_RANGES + 3];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(usable); i++) {
		usable[i].base = 1 * MIB + i * 2 * PAGE_SIZE;
		usable[i].end = usable[i].base + PAGE_SIZE;
	}
	pmm_init(&pmm, usable, ARRAY_LEN(usable), NULL, 0);
	assert_true(pmm.overflowed);
	assert_ranges(&pmm, usable, PMM_MAX_RANGES);
	assert_int_equal(pmm.usable_pages, ARRAY_LEN(usable));
}

static void test_overflow_on_split_and_free(void **state)
{
	struct phys_range usable[PMM_MAX_RANGES];
	uint64_t base, before;
	size_t i;

	(void)state;
	/* Exactly full: 256 ranges of 4 pages with one-page gaps. */
	for (i = 0; i < PMM_MAX_RANGES; i++) {
		usable[i].base = 1 * MIB + i * 5 * PAGE_SIZE;
		usable[i].end = usable[i].base + 4 * PAGE_SIZE;
	}
	pmm_init(&pmm, usable, PMM_MAX_RANGES, NULL, 0);
	assert_false(pmm.overflowed);
	assert_int_equal(pmm.count, PMM_MAX_RANGES);

	/* Filling a gap merges three ranges into one: no overflow. */
	assert_true(pmm_free(&pmm, usable[0].end, 1));
	assert_int_equal(pmm.count, PMM_MAX_RANGES - 1);
	assert_false(pmm.overflowed);

	/* Refill the table, then split a range: a sliver must go. */
	assert_true(pmm_free(&pmm, 512 * MIB, 1));
	assert_int_equal(pmm.count, PMM_MAX_RANGES);
	before = pmm.free_pages;
	base = pmm_alloc(&pmm, 1, 2 * PAGE_SIZE, usable[9].end - PAGE_SIZE);
	assert_int_equal(base, usable[9].base + PAGE_SIZE);
	assert_true(pmm.overflowed);
	assert_int_equal(pmm.count, PMM_MAX_RANGES);
	/* One page taken, one dropped. */
	assert_int_equal(pmm.free_pages, before - 1 - 1);
	assert_table_consistent(&pmm);

	/* A freed block larger than every range displaces the smallest. */
	before = pmm.free_pages;
	assert_true(pmm_free(&pmm, 1 * GIB, 64));
	assert_int_equal(pmm.count, PMM_MAX_RANGES);
	assert_int_equal(pmm.free[PMM_MAX_RANGES - 1].base, 1 * GIB);
	assert_int_equal(pmm.free_pages, before + 64 - 1);
	assert_table_consistent(&pmm);
}

/* Fixed seed: the same sequence on every run. */
static uint64_t rng_state = TEST_RNG_SEED;

static uint64_t rng_next(void)
{
	return test_rng_next(&rng_state);
}

struct live_block {
	uint64_t base;
	uint64_t pages;
};

static bool blocks_overlap(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

static void assert_block_valid(const struct live_block *live, size_t n_live, uint64_t base,
			       uint64_t pages, const struct phys_range *reserved, size_t n_res)
{
	uint64_t end = base + pages * PAGE_SIZE;
	size_t i;

	for (i = 0; i < n_live; i++)
		assert_false(blocks_overlap(base, end, live[i].base,
					    live[i].base + live[i].pages * PAGE_SIZE));
	for (i = 0; i < n_res; i++)
		assert_false(blocks_overlap(base, end, reserved[i].base & ~(PAGE_SIZE - 1),
					    reserved[i].end));
}

static void test_random_alloc_free(void **state)
{
	const struct phys_range usable[] = {
		{ 0, 0x9fc00 },
		{ 1 * MIB, 20 * MIB },
		{ 19 * MIB, 30 * MIB + 0x800 },
		{ 256 * MIB, 260 * MIB },
	};
	const struct phys_range reserved[] = {
		{ 0, PAGE_SIZE },
		{ 2 * MIB, 5 * MIB + 0x123 },
		{ 24 * MIB, 24 * MIB + 1 },
	};
	/*
	 * Each live block adds at most one free range, so with this many the
	 * table cannot overflow and no page may go missing.
	 */
	static struct live_block live[PMM_MAX_RANGES - 16];
	size_t n_live = 0, i, step, n_failed = 0, n_done = 0;
	uint64_t initial_free, live_pages = 0;
	struct phys_range initial[8];
	uint32_t initial_count;

	(void)state;
	pmm_init(&pmm, usable, ARRAY_LEN(usable), reserved, ARRAY_LEN(reserved));
	initial_free = pmm.free_pages;
	initial_count = pmm.count;
	assert_true(initial_count <= ARRAY_LEN(initial));
	memcpy(initial, pmm.free, initial_count * sizeof(initial[0]));

	for (step = 0; step < 20000; step++) {
		uint64_t r = rng_next();
		bool do_alloc = n_live == 0 || (n_live < ARRAY_LEN(live) && r % 100 < 55);

		if (do_alloc) {
			uint64_t pages = 1 + (r >> 8) % 64;
			uint64_t align = PAGE_SIZE << ((r >> 16) % 10);
			uint64_t limit =
				(r >> 24) % 4 == 0 ? ((r >> 32) % (300 * MIB)) : UINT64_MAX;
			uint64_t base = pmm_alloc(&pmm, pages, align, limit);

			if (base == PMM_NONE) {
				n_failed++;
				continue;
			}
			n_done++;
			assert_int_equal(base % align, 0);
			assert_true(base + pages * PAGE_SIZE <= limit);
			assert_block_valid(live, n_live, base, pages, reserved,
					   ARRAY_LEN(reserved));
			live[n_live].base = base;
			live[n_live++].pages = pages;
			live_pages += pages;
		} else {
			i = (r >> 8) % n_live;
			assert_true(pmm_free(&pmm, live[i].base, live[i].pages));
			assert_false(pmm_free(&pmm, live[i].base, 1));
			live_pages -= live[i].pages;
			live[i] = live[--n_live];
		}
		assert_int_equal(pmm.free_pages + live_pages, initial_free);
		if (step % 256 == 0)
			assert_table_consistent(&pmm);
	}
	assert_false(pmm.overflowed);
	/* Both outcomes must have been exercised. */
	assert_true(n_done > 1000);
	assert_true(n_failed > 100);

	while (n_live > 0) {
		n_live--;
		assert_true(pmm_free(&pmm, live[n_live].base, live[n_live].pages));
	}
	assert_int_equal(pmm.free_pages, initial_free);
	assert_ranges(&pmm, initial, initial_count);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_init_normalises_usable),
		cmocka_unit_test(test_init_carves_reserved),
		cmocka_unit_test(test_init_reserved_wins_over_available),
		cmocka_unit_test(test_init_top_of_address_space),
		cmocka_unit_test(test_init_overflow_keeps_largest),
		cmocka_unit_test(test_init_overflow_ties_keep_first),
		cmocka_unit_test(test_alloc_takes_highest),
		cmocka_unit_test(test_alloc_below_1mib),
		cmocka_unit_test(test_alloc_2mib_aligned),
		cmocka_unit_test(test_alloc_rejects_bad_arguments),
		cmocka_unit_test(test_alloc_until_exhausted),
		cmocka_unit_test(test_free_merges_neighbours),
		cmocka_unit_test(test_free_detects_double_free),
		cmocka_unit_test(test_overflow_on_split_and_free),
		cmocka_unit_test(test_random_alloc_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
