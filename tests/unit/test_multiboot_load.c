/*
 * lib/multiboot_load.c and lib/elf_segments.c: the load plan, from ELF
 * program headers and from the a.out kludge, and every refusal by token.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/elf.h"
#include "include/multiboot1.h"
#include "include/multiboot2_header.h"
#include "lib/multiboot_load.h"
#include "tests/support/mb_image.h"

#define MIB 0x100000ull

static struct mb_image img;
static struct guest_image gi;
static struct mb_load_plan plan;
static const char *reason;

/* 1 MiB to 64 MiB usable, the hypervisor at 32 MiB to 33 MiB. */
static const struct mb_range ram[] = { { 0, 0x9f000 }, { MIB, 64 * MIB } };
static const struct mb_range forbidden[] = { { 32 * MIB, 33 * MIB } };

static void detect(void)
{
	assert_true(guest_image_detect(img.bytes, img.len, &gi, &reason));
}

static bool run_plan(void)
{
	reason = NULL;
	return mb_load_plan(img.bytes, img.len, &gi, ram, 2, forbidden, 1, &plan, &reason);
}

static void expect_refused(const char *token)
{
	assert_false(run_plan());
	assert_non_null(reason);
	assert_string_equal(reason, token);
	assert_int_equal(plan.count, 0);
}

static void expect_segment(uint32_t i, uint64_t dest, uint64_t off, uint64_t file, uint64_t mem)
{
	assert_int_equal(plan.seg[i].dest, dest);
	assert_int_equal(plan.seg[i].file_offset, off);
	assert_int_equal(plan.seg[i].file_bytes, file);
	assert_int_equal(plan.seg[i].mem_bytes, mem);
}

/* An ELF Multiboot kernel: header at 4096, PT_LOAD segments added by the test. */
static void elf_kernel(bool is64, uint64_t entry)
{
	img_reset(&img, 0x4000);
	img_elf(&img, is64, entry);
	img_mb1(&img, 0x1000, MB1_FLAG_MEMORY_INFO, NULL);
}

static void test_elf32_text_data_bss(void **state)
{
	(void)state;
	elf_kernel(false, 0x100010);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000);
	img_elf_load(&img, 4 /* PT_NOTE */, 0x1000, 0, 0, 0x10, 0x10);
	img_elf_load(&img, ELF_PT_LOAD, 0x2000, 0x101000, 0x101000, 0x800, 0x800);
	img_elf_load(&img, ELF_PT_LOAD, 0x2800, 0x102000, 0x102000, 0, 0x3000);
	detect();
	assert_true(run_plan());
	assert_int_equal(plan.count, 3);
	assert_false(plan.from_aout);
	assert_false(plan.elf64);
	expect_segment(0, 0x100000, 0x1000, 0x1000, 0x1000);
	expect_segment(1, 0x101000, 0x2000, 0x800, 0x800);
	expect_segment(2, 0x102000, 0x2800, 0, 0x3000);
	assert_int_equal(plan.entry, 0x100010);
}

static void test_elf64_higher_half_entry(void **state)
{
	const uint64_t high = 0xffffffff80000000ull;

	(void)state;
	elf_kernel(true, high + 0x200040);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, high + 0x200000, 0x200000, 0x2000, 0x4000);
	detect();
	assert_true(run_plan());
	assert_true(plan.elf64);
	expect_segment(0, 0x200000, 0x1000, 0x2000, 0x4000);
	assert_int_equal(plan.entry, 0x200040);
}

static void test_elf_refusals(void **state)
{
	(void)state;
	elf_kernel(true, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000000ull, 0x100000000ull, 0x10, 0x10);
	detect();
	expect_refused("above-4g");

	elf_kernel(true, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0xfffff000, 0xfffff000, 0x10, 0x1001);
	detect();
	expect_refused("above-4g");

	elf_kernel(true, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0, UINT64_MAX - 0x10, 0x10, 0x20);
	detect();
	expect_refused("overflow");

	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x20, 0x10);
	detect();
	expect_refused("bad-elf");

	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x10, 0x10);
	img_u16(&img, ELF32_E_MACHINE, 40 /* ARM */);
	detect();
	expect_refused("bad-elf");

	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x10, 0x10);
	img.bytes[ELF_EI_DATA] = 2; /* big-endian */
	detect();
	expect_refused("bad-elf");

	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x10, 0x10);
	img_u16(&img, ELF32_E_PHENTSIZE, 16);
	detect();
	expect_refused("bad-elf");

	/* The program header table past the image's end. */
	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x10, 0x10);
	img_u32(&img, ELF32_E_PHOFF, 0x4000 - 16);
	detect();
	expect_refused("past-image");

	/* No PT_LOAD at all, and not ELF at all. */
	elf_kernel(false, 0x100000);
	img_elf_load(&img, 4, 0x1000, 0x100000, 0x100000, 0x10, 0x10);
	detect();
	expect_refused("no-segments");
	elf_kernel(false, 0x100000);
	img_u32(&img, 0, 0);
	detect();
	expect_refused("not-elf");
}

static void test_segment_against_image_end(void **state)
{
	(void)state;
	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x3000, 0x100000, 0x100000, 0x1000, 0x1000);
	detect();
	assert_true(run_plan());
	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x3000, 0x100000, 0x100000, 0x1001, 0x1001);
	detect();
	expect_refused("past-image");
}

static void test_overlap_and_adjacent(void **state)
{
	(void)state;
	elf_kernel(false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000);
	img_elf_load(&img, ELF_PT_LOAD, 0x2000, 0x101000, 0x101000, 0x1000, 0x1000);
	detect();
	assert_true(run_plan());
	/* The first segment's bss reaches one byte into the second. */
	img_u32(&img, IMG_PHOFF + ELF32_P_MEMSZ, 0x1001);
	detect();
	expect_refused("overlap");
}

static void test_entry_outside(void **state)
{
	(void)state;
	elf_kernel(false, 0x101000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000);
	detect();
	expect_refused("entry-outside");
	elf_kernel(false, 0x100fff);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000);
	detect();
	assert_true(run_plan());
}

static void place(uint64_t paddr, uint64_t memsz)
{
	elf_kernel(false, paddr);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, paddr, paddr, 0x10, memsz);
	detect();
}

static void test_ram_and_forbidden_boundaries(void **state)
{
	(void)state;
	/* Ending exactly at RAM's end is fine; one byte more is not. */
	place(63 * MIB, MIB);
	assert_true(run_plan());
	place(63 * MIB, MIB + 1);
	expect_refused("past-ram");
	/* The hole between low memory and 1 MiB, and one byte of it. */
	place(0x9e000, 0x2000);
	expect_refused("past-ram");
	place(MIB - 1, 0x10);
	expect_refused("past-ram");
	place(MIB, 0x10);
	assert_true(run_plan());
	/* Touching the forbidden range by one byte, from below and above. */
	place(31 * MIB, MIB);
	assert_true(run_plan());
	place(31 * MIB, MIB + 1);
	expect_refused("forbidden");
	place(33 * MIB - 1, 0x10);
	expect_refused("forbidden");
	place(33 * MIB, 0x10);
	assert_true(run_plan());
}

static void test_ram_ranges_in_any_order(void **state)
{
	const struct mb_range split[] = { { 2 * MIB, 4 * MIB }, { MIB, 2 * MIB } };

	(void)state;
	place(MIB, 3 * MIB);
	assert_true(mb_load_plan(img.bytes, img.len, &gi, split, 2, NULL, 0, &plan, &reason));
	place(MIB, 3 * MIB + 1);
	assert_false(mb_load_plan(img.bytes, img.len, &gi, split, 2, NULL, 0, &plan, &reason));
	assert_string_equal(reason, "past-ram");
}

static void test_segment_count(void **state)
{
	uint32_t i;

	(void)state;
	elf_kernel(false, 0x100000);
	for (i = 0; i < MB_LOAD_MAX_SEGMENTS; i++)
		img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000 + i * 0x1000,
			     0x100000 + i * 0x1000, 0x10, 0x1000);
	detect();
	assert_true(run_plan());
	assert_int_equal(plan.count, MB_LOAD_MAX_SEGMENTS);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x200000, 0x200000, 0x10, 0x1000);
	detect();
	expect_refused("too-many-segments");
}

/* A flat binary loaded at 1 MiB with its header 32 bytes in. */
static void aout_kernel(uint32_t load_end, uint32_t bss_end, uint32_t entry)
{
	const uint32_t aout[] = { 0x100020, 0x100000, load_end, bss_end, entry };

	img_reset(&img, 0x3000);
	img_mb1(&img, 0x20, MB1_FLAG_AOUT_KLUDGE, aout);
	detect();
}

static void test_aout_kludge(void **state)
{
	(void)state;
	aout_kernel(0x102000, 0x105000, 0x100040);
	assert_true(run_plan());
	assert_true(plan.from_aout);
	assert_int_equal(plan.count, 1);
	expect_segment(0, 0x100000, 0, 0x2000, 0x5000);
	assert_int_equal(plan.entry, 0x100040);
	/* load_end_addr 0: the whole file; bss_end_addr 0: no bss. */
	aout_kernel(0, 0, 0x100040);
	assert_true(run_plan());
	expect_segment(0, 0x100000, 0, 0x3000, 0x3000);
	/* The header further into the file than header_addr says: the load starts later. */
	aout_kernel(0x101000, 0, 0x100040);
	img_mb1(&img, 0x820, MB1_FLAG_AOUT_KLUDGE,
		(const uint32_t[]){ 0x100020, 0x100000, 0x101000, 0, 0x100040 });
	img_u32(&img, 0x20, 0);
	detect();
	assert_true(run_plan());
	expect_segment(0, 0x100000, 0x800, 0x1000, 0x1000);
}

static void test_aout_refusals(void **state)
{
	const uint32_t above[] = { 0x100020, 0x100040, 0, 0, 0x100040 };
	const uint32_t far[] = { 0x100020, 0x0f0000, 0, 0, 0x100040 };

	(void)state;
	aout_kernel(0x103001, 0, 0x100040);
	expect_refused("past-image");
	aout_kernel(0x103000, 0, 0x100040);
	assert_true(run_plan());
	aout_kernel(0x0ff000, 0, 0x100040);
	expect_refused("bad-aout");
	aout_kernel(0x102000, 0x101fff, 0x100040);
	expect_refused("bad-aout");
	aout_kernel(0x102000, 0, 0x102000);
	expect_refused("entry-outside");
	img_reset(&img, 0x3000);
	img_mb1(&img, 0x20, MB1_FLAG_AOUT_KLUDGE, above);
	detect();
	expect_refused("bad-aout");
	/* header_addr - load_addr more than the header's offset in the file. */
	img_mb1(&img, 0x20, MB1_FLAG_AOUT_KLUDGE, far);
	detect();
	expect_refused("bad-aout");
}

static void mb2_aout_kernel(uint32_t load_addr, bool entry_tag)
{
	const uint32_t addr[] = { 0x100010, load_addr, 0x102000, 0x104000 };
	const uint32_t entry[] = { 0x100100 };

	img_reset(&img, 0x3000);
	img_mb2_begin(&img, 0x10, MB2_ARCH_I386);
	img_mb2_tag(&img, MB2_HTAG_ADDRESS, 0, addr, 4);
	if (entry_tag)
		img_mb2_tag(&img, MB2_HTAG_ENTRY_ADDRESS, 0, entry, 1);
	img_mb2_end(&img);
	detect();
}

static void test_mb2_address_and_entry_tags(void **state)
{
	const uint32_t entry[] = { 0x100200 };

	(void)state;
	mb2_aout_kernel(0x100000, true);
	assert_true(run_plan());
	expect_segment(0, 0x100000, 0, 0x2000, 0x4000);
	assert_int_equal(plan.entry, 0x100100);
	mb2_aout_kernel(MB2_LOAD_FROM_START, true);
	assert_true(run_plan());
	expect_segment(0, 0x100000, 0, 0x2000, 0x4000);
	mb2_aout_kernel(0x100000, false);
	expect_refused("no-entry");
	/* With an ELF image, the entry tag overrides e_entry. */
	img_reset(&img, 0x4000);
	img_elf(&img, false, 0x100000);
	img_elf_load(&img, ELF_PT_LOAD, 0x1000, 0x100000, 0x100000, 0x1000, 0x1000);
	img_mb2_begin(&img, 0x1000, MB2_ARCH_I386);
	img_mb2_tag(&img, MB2_HTAG_ENTRY_ADDRESS, 0, entry, 1);
	img_mb2_end(&img);
	detect();
	assert_true(run_plan());
	assert_int_equal(plan.entry, 0x100200);
}

static void test_not_multiboot(void **state)
{
	(void)state;
	memset(&gi, 0, sizeof(gi));
	gi.kind = GUEST_IMAGE_LINUX;
	expect_refused("not-multiboot");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf32_text_data_bss),
		cmocka_unit_test(test_elf64_higher_half_entry),
		cmocka_unit_test(test_elf_refusals),
		cmocka_unit_test(test_segment_against_image_end),
		cmocka_unit_test(test_overlap_and_adjacent),
		cmocka_unit_test(test_entry_outside),
		cmocka_unit_test(test_ram_and_forbidden_boundaries),
		cmocka_unit_test(test_ram_ranges_in_any_order),
		cmocka_unit_test(test_segment_count),
		cmocka_unit_test(test_aout_kludge),
		cmocka_unit_test(test_aout_refusals),
		cmocka_unit_test(test_mb2_address_and_entry_tags),
		cmocka_unit_test(test_not_multiboot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
