/*
 * lib/multiboot_mmap.c, lib/multiboot1_info.c, lib/multiboot2_info.c: the
 * guest's memory map with the hypervisor carved out, and both boot
 * information formats; the Multiboot2 one read back by the kernel's own
 * parser (lib/multiboot2.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/multiboot1.h"
#include "lib/multiboot2.h"
#include "lib/multiboot_info.h"
#include "lib/multiboot_mmap.h"
#include "tests/support/mb2_build.h"

#define MIB	0x100000ull
#define PHYS	0x10000u /* where the guest finds the information */
#define BUF_CAP 8192

static const struct mb2_mmap_entry machine[] = {
	{ MIB, 127 * MIB, MB2_MMAP_AVAILABLE }, /* out of order on purpose */
	{ 0, 0x9f000, MB2_MMAP_AVAILABLE },	 { 0x9f000, 0x1000, MB2_MMAP_RESERVED },
	{ 0xf0000, 0x10000, MB2_MMAP_RESERVED }, { 0xfffc0000, 0x40000, MB2_MMAP_RESERVED },
};
static const struct mb_range hyp[] = { { 64 * MIB, 80 * MIB }, { 0x7000, 0x8000 } };

static struct mb2_mmap_entry map[16];
static uint32_t map_count;
static uint64_t buf[BUF_CAP / 8];
static const char *reason;

static void carve(void)
{
	assert_true(mb_mmap_carve(machine, 5, hyp, 2, map, 16, &map_count, &reason));
}

static void expect_entry(uint32_t i, uint64_t base, uint64_t end, uint32_t type)
{
	assert_int_equal(map[i].base, base);
	assert_int_equal(map[i].base + map[i].length, end);
	assert_int_equal(map[i].type, type);
}

static void test_carve(void **state)
{
	(void)state;
	carve();
	assert_int_equal(map_count, 9);
	expect_entry(0, 0, 0x7000, MB2_MMAP_AVAILABLE);
	expect_entry(1, 0x7000, 0x8000, MB2_MMAP_RESERVED);
	expect_entry(2, 0x8000, 0x9f000, MB2_MMAP_AVAILABLE);
	expect_entry(3, 0x9f000, 0xa0000, MB2_MMAP_RESERVED);
	expect_entry(4, 0xf0000, MIB, MB2_MMAP_RESERVED);
	expect_entry(5, MIB, 64 * MIB, MB2_MMAP_AVAILABLE);
	expect_entry(6, 64 * MIB, 80 * MIB, MB2_MMAP_RESERVED);
	expect_entry(7, 80 * MIB, 128 * MIB, MB2_MMAP_AVAILABLE);
	expect_entry(8, 0xfffc0000, 0x100000000ull, MB2_MMAP_RESERVED);
	/* The top reserved range is past the slot count given: refused by name. */
	assert_false(mb_mmap_carve(machine, 5, hyp, 2, map, 8, &map_count, &reason));
	assert_string_equal(reason, "mmap-full");
}

static void test_carve_merges_and_overlaps(void **state)
{
	const struct mb2_mmap_entry in[] = {
		{ 0, 0x1000, MB2_MMAP_AVAILABLE },
		{ 0x1000, 0x1000, MB2_MMAP_AVAILABLE },
		{ 0x1800, 0x1000, MB2_MMAP_ACPI_NVS }, /* overlaps: the non-available type wins */
	};
	const struct mb_range f[] = { { 0x1000, 0x1800 }, { 0x10000, 0x20000 } };

	(void)state;
	assert_true(mb_mmap_carve(in, 3, f, 2, map, 16, &map_count, &reason));
	assert_int_equal(map_count, 3);
	expect_entry(0, 0, 0x1000, MB2_MMAP_AVAILABLE);
	expect_entry(1, 0x1000, 0x1800, MB2_MMAP_RESERVED);
	expect_entry(2, 0x1800, 0x2800, MB2_MMAP_ACPI_NVS);
}

static void test_mem_lower_upper(void **state)
{
	(void)state;
	carve();
	assert_int_equal(mb_mem_lower_kib(map, map_count), 0x7000 >> 10);
	assert_int_equal(mb_mem_upper_kib(map, map_count), 63 * 1024);
	assert_int_equal(mb_mem_lower_kib(machine, 5), 0x9f000 >> 10);
	assert_int_equal(mb_mem_upper_kib(machine, 5), 127 * 1024);
}

static const struct mb_module_desc modules[] = {
	{ 0x200000, 0x200123, "/boot/mod0 alpha=1" },
	{ 0x201000, 0x201001, NULL },
};
static const struct mb2_framebuffer *const fb = &mb2_fb_rgb_1024x768;

static struct mb_info_desc desc(void)
{
	return (struct mb_info_desc){
		.mmap = map,
		.mmap_count = map_count,
		.cmdline = "/boot/kernel.elf console=com1 smp=mp",
		.modules = modules,
		.module_count = 2,
		.loader_name = "hypervisor",
	};
}

static uint32_t u32_at(const uint8_t *p, uint32_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static uint64_t u64_at(const uint8_t *p, uint32_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

/* The byte at guest-physical address a in the built information. */
static const uint8_t *at_phys(uint32_t a, uint32_t size)
{
	assert_true(a >= PHYS && a < PHYS + size);
	return (const uint8_t *)buf + (a - PHYS);
}

static void test_mb1_info(void **state)
{
	struct mb_info_desc d;
	const uint8_t *b = (const uint8_t *)buf, *m, *e;
	uint32_t size, i;

	(void)state;
	carve();
	d = desc();
	assert_true(mb1_build_info(&d, buf, sizeof(buf), PHYS, &size, &reason));
	assert_int_equal(u32_at(b, MB1_INFO_FLAGS), MB1_INFO_MEMORY | MB1_INFO_CMDLINE |
							    MB1_INFO_MODS | MB1_INFO_MEM_MAP |
							    MB1_INFO_LOADER_NAME);
	assert_int_equal(u32_at(b, MB1_INFO_MEM_LOWER), 28);
	assert_int_equal(u32_at(b, MB1_INFO_MEM_UPPER), 63 * 1024);
	assert_string_equal(at_phys(u32_at(b, MB1_INFO_CMDLINE_ADDR), size),
			    "/boot/kernel.elf console=com1 smp=mp");
	assert_string_equal(at_phys(u32_at(b, MB1_INFO_LOADER_NAME_ADDR), size), "hypervisor");
	assert_int_equal(u32_at(b, MB1_INFO_MODS_COUNT), 2);
	m = at_phys(u32_at(b, MB1_INFO_MODS_ADDR), size);
	assert_int_equal(u32_at(m, 0), 0x200000);
	assert_int_equal(u32_at(m, 4), 0x200123);
	assert_string_equal(at_phys(u32_at(m, 8), size), "/boot/mod0 alpha=1");
	assert_string_equal(at_phys(u32_at(m, 16 + 8), size), "");
	assert_int_equal(u32_at(b, MB1_INFO_MMAP_LENGTH), map_count * MB1_MMAP_ENTRY_SIZE);
	e = at_phys(u32_at(b, MB1_INFO_MMAP_ADDR), size);
	for (i = 0; i < map_count; i++, e += MB1_MMAP_ENTRY_SIZE) {
		assert_int_equal(u32_at(e, 0), 20);
		assert_int_equal(u64_at(e, 4), map[i].base);
		assert_int_equal(u64_at(e, 12), map[i].length);
		assert_int_equal(u32_at(e, 20), map[i].type);
	}
}

static void test_mb1_framebuffer(void **state)
{
	struct mb_info_desc d;
	const uint8_t *b = (const uint8_t *)buf;
	uint32_t size;

	(void)state;
	carve();
	d = desc();
	d.fb = fb;
	d.cmdline = NULL;
	assert_true(mb1_build_info(&d, buf, sizeof(buf), PHYS, &size, &reason));
	assert_int_equal(u32_at(b, MB1_INFO_FLAGS) & (MB1_INFO_FRAMEBUFFER | MB1_INFO_CMDLINE),
			 MB1_INFO_FRAMEBUFFER);
	assert_int_equal(u64_at(b, MB1_INFO_FB_ADDR), 0xfd000000);
	assert_int_equal(u32_at(b, MB1_INFO_FB_WIDTH), 1024);
	assert_int_equal(b[MB1_INFO_FB_BPP], 32);
	assert_int_equal(b[MB1_INFO_FB_COLOR_INFO], 16);
	assert_int_equal(b[MB1_INFO_FB_COLOR_INFO + 5], 8);
}

/* Every buffer shorter than what the information needs is refused by name. */
static void expect_exact_fit(bool (*build)(const struct mb_info_desc *, void *, size_t, uint32_t,
					   uint32_t *, const char **),
			     const struct mb_info_desc *d)
{
	uint32_t size, got, len;

	assert_true(build(d, buf, sizeof(buf), PHYS, &size, &reason));
	for (len = 0; len < size; len++) {
		reason = NULL;
		assert_false(build(d, buf, len, PHYS, &got, &reason));
		assert_string_equal(reason, "buffer-too-small");
	}
	assert_true(build(d, buf, size, PHYS, &got, &reason));
	assert_int_equal(got, size);
	assert_false(build(d, buf, sizeof(buf), PHYS + 4, &got, &reason));
	assert_string_equal(reason, "misaligned");
	assert_false(
		build(d, buf, sizeof(buf), (uint32_t)(0x100000000ull - size + 8), &got, &reason));
	assert_string_equal(reason, "above-4g");
	assert_true(build(d, buf, sizeof(buf), (uint32_t)(0x100000000ull - size), &got, &reason));
}

static void test_buffer_bounds(void **state)
{
	struct mb_info_desc d;

	(void)state;
	carve();
	d = desc();
	d.fb = fb;
	expect_exact_fit(mb1_build_info, &d);
	expect_exact_fit(mb2_build_info, &d);
}

static uint8_t rsdp_v1[20] = { 'R', 'S', 'D', ' ', 'P', 'T', 'R', ' ' };
static uint8_t rsdp_v2[36] = { 'R', 'S', 'D', ' ', 'P', 'T', 'R', ' ', [15] = 2 };

static void test_mb2_round_trip(void **state)
{
	static struct mb2_info info;
	struct mb_info_desc d;
	char err[128];
	uint32_t size, i;

	(void)state;
	carve();
	d = desc();
	d.fb = fb;
	d.rsdp = rsdp_v2;
	d.rsdp_len = sizeof(rsdp_v2);
	assert_true(mb2_build_info(&d, buf, sizeof(buf), PHYS, &size, &reason));
	assert_int_equal(size % 8, 0);
	assert_int_equal(mb2_parse(buf, size, &info, err, sizeof(err)), MB2_OK);
	assert_int_equal(info.total_size, size);
	assert_string_equal(info.cmdline, "/boot/kernel.elf console=com1 smp=mp");
	assert_string_equal(info.loader_name, "hypervisor");
	assert_true(info.has_meminfo);
	assert_int_equal(info.mem_lower, 28);
	assert_int_equal(info.mem_upper, 63 * 1024);
	assert_int_equal(info.mmap_count, map_count);
	for (i = 0; i < map_count; i++) {
		assert_int_equal(info.mmap[i].base, map[i].base);
		assert_int_equal(info.mmap[i].length, map[i].length);
		assert_int_equal(info.mmap[i].type, map[i].type);
	}
	assert_int_equal(info.module_count, 2);
	assert_int_equal(info.modules[0].start, 0x200000);
	assert_int_equal(info.modules[0].end, 0x200123);
	assert_string_equal(info.modules[0].string, "/boot/mod0 alpha=1");
	assert_string_equal(info.modules[1].string, "");
	assert_true(info.has_framebuffer);
	assert_memory_equal(&info.fb, fb, sizeof(*fb));
	assert_true(info.has_rsdp);
	assert_int_equal(info.rsdp_version, 2);
	assert_memory_equal(info.rsdp, rsdp_v2, sizeof(rsdp_v2));
}

static void test_mb2_rsdp_versions(void **state)
{
	static struct mb2_info info;
	struct mb_info_desc d;
	uint32_t size;

	(void)state;
	carve();
	d = desc();
	d.cmdline = NULL;
	d.loader_name = NULL;
	d.rsdp = rsdp_v1;
	d.rsdp_len = sizeof(rsdp_v1);
	assert_true(mb2_build_info(&d, buf, sizeof(buf), PHYS, &size, &reason));
	assert_int_equal(mb2_parse(buf, size, &info, NULL, 0), MB2_OK);
	assert_int_equal(info.rsdp_version, 1);
	assert_string_equal(info.cmdline, "");
	d.rsdp_len = 19;
	assert_false(mb2_build_info(&d, buf, sizeof(buf), PHYS, &size, &reason));
	assert_string_equal(reason, "bad-rsdp");
	d.rsdp = rsdp_v2;
	d.rsdp_len = 35;
	assert_false(mb2_build_info(&d, buf, sizeof(buf), PHYS, &size, &reason));
	assert_string_equal(reason, "bad-rsdp");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_carve),
		cmocka_unit_test(test_carve_merges_and_overlaps),
		cmocka_unit_test(test_mem_lower_upper),
		cmocka_unit_test(test_mb1_info),
		cmocka_unit_test(test_mb1_framebuffer),
		cmocka_unit_test(test_buffer_bounds),
		cmocka_unit_test(test_mb2_round_trip),
		cmocka_unit_test(test_mb2_rsdp_versions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
