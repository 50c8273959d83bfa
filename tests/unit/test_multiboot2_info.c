/*
 * Unit tests for lib/multiboot2.c: well-formed boot information as GRUB hands it over on BIOS and UEFI machines, and the names of tags and memory types.
 * Blobs are built by tests/support/mb2_build.c and parsed from a heap copy
 * of exactly their size (tests/support/mb2_expect.c), so that
 * AddressSanitizer catches any read past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/support/mb2_build.h"
#include "tests/support/mb2_expect.h"

/* Parse results are large; one per test is plenty. */
static struct mb2_result res;
static struct blob blob;

/* ---- Well-formed information ---- */

static void test_bios_like_info(void **state)
{
	struct mb2_info *info = &res.info;

	(void)state;
	build_bios_info(&blob);
	parse(&blob, &res);
	expect_success(&res);

	assert_int_equal(info->total_size, blob.len);
	assert_string_equal(info->cmdline, "console=com1 vmxdump");
	assert_false(info->cmdline_truncated);
	assert_string_equal(info->loader_name, "GRUB 2.06");
	assert_true(info->has_meminfo);
	assert_int_equal(info->mem_lower, 639);
	assert_int_equal(info->mem_upper, 130048);

	assert_int_equal(info->mmap_count, BIOS_MMAP_COUNT);
	assert_false(info->mmap_dropped);
	for (size_t i = 0; i < BIOS_MMAP_COUNT; i++) {
		assert_int_equal(info->mmap[i].base, bios_mmap[i].base);
		assert_int_equal(info->mmap[i].length, bios_mmap[i].length);
		assert_int_equal(info->mmap[i].type, bios_mmap[i].type);
	}

	assert_true(info->has_rsdp);
	assert_int_equal(info->rsdp_version, 1);
	assert_int_equal(info->rsdp_len, 20);
	assert_int_equal(info->rsdp[0], 0x10);
	assert_int_equal(info->rsdp[19], 0x10 + 19);
	assert_int_equal(info->rsdp[20], 0);

	assert_true(info->has_framebuffer);
	assert_int_equal(info->fb.addr, 0xb8000);
	assert_int_equal(info->fb.pitch, 160);
	assert_int_equal(info->fb.width, 80);
	assert_int_equal(info->fb.height, 25);
	assert_int_equal(info->fb.bpp, 16);
	assert_int_equal(info->fb.type, MB2_FB_TYPE_EGA_TEXT);

	assert_int_equal(info->module_count, 0);
	assert_false(info->has_efi32_systab);
	assert_false(info->has_efi64_systab);
	assert_false(info->has_efi_mmap);
	assert_false(info->efi_boot_services_active);
	assert_false(info->has_load_base);
}

static void test_uefi_like_info(void **state)
{
	struct mb2_info *info = &res.info;

	(void)state;
	build_uefi_info(&blob);
	parse(&blob, &res);
	expect_success(&res);

	assert_string_equal(info->cmdline, "smp=4");
	assert_string_equal(info->loader_name, "GRUB 2.12");
	assert_false(info->has_meminfo);
	assert_int_equal(info->mmap_count, 4);
	assert_int_equal(info->mmap[3].base, 0x100000);

	assert_int_equal(info->module_count, 1);
	assert_int_equal(info->modules[0].start, 0x200000);
	assert_int_equal(info->modules[0].end, 0x201000);

	assert_true(info->has_rsdp);
	assert_int_equal(info->rsdp_version, 2);
	assert_int_equal(info->rsdp_len, 36);
	assert_int_equal(info->rsdp[35], 0x20 + 35);

	assert_true(info->has_framebuffer);
	assert_int_equal(info->fb.type, MB2_FB_TYPE_RGB);
	assert_int_equal(info->fb.addr, 0xfd000000);
	assert_int_equal(info->fb.pitch, 4096);
	assert_int_equal(info->fb.width, 1024);
	assert_int_equal(info->fb.height, 768);
	assert_int_equal(info->fb.bpp, 32);
	assert_int_equal(info->fb.red_position, 16);
	assert_int_equal(info->fb.red_mask_size, 8);
	assert_int_equal(info->fb.green_position, 8);
	assert_int_equal(info->fb.green_mask_size, 8);
	assert_int_equal(info->fb.blue_position, 0);
	assert_int_equal(info->fb.blue_mask_size, 8);

	assert_false(info->has_efi32_systab);
	assert_true(info->has_efi64_systab);
	assert_true(info->has_efi_mmap);
	assert_true(info->efi_boot_services_active);
	assert_true(info->has_load_base);
	assert_int_equal(info->load_base, 0x100000);
}

static void test_new_rsdp_preferred_in_either_order(void **state)
{
	(void)state;
	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_ACPI_OLD_RSDP, 0x10, 20);
	add_raw_tag(&blob, MB2_TAG_ACPI_NEW_RSDP, 0x40, 36);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.rsdp_version, 2);
	assert_int_equal(res.info.rsdp_len, 36);
	assert_int_equal(res.info.rsdp[0], 0x40);

	blob_begin(&blob);
	add_raw_tag(&blob, MB2_TAG_ACPI_NEW_RSDP, 0x40, 36);
	add_raw_tag(&blob, MB2_TAG_ACPI_OLD_RSDP, 0x10, 20);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.rsdp_version, 2);
	assert_int_equal(res.info.rsdp_len, 36);
	assert_int_equal(res.info.rsdp[0], 0x40);
	assert_int_equal(res.info.rsdp[35], 0x40 + 35);
}

static void test_minimal_info(void **state)
{
	(void)state;
	blob_begin(&blob);
	blob_finish(&blob);
	assert_int_equal(blob.len, 16);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.total_size, 16);
	assert_string_equal(res.info.cmdline, "");
	assert_int_equal(res.info.mmap_count, 0);
	assert_false(res.info.has_rsdp);
	assert_false(res.info.has_framebuffer);
}

static void test_modules_and_overflow(void **state)
{
	char name[16];

	(void)state;
	blob_begin(&blob);
	for (uint32_t i = 0; i < MB2_MAX_MODULES + 2; i++) {
		snprintf(name, sizeof(name), "mod%u", i);
		add_module(&blob, 0x1000000 + i * 0x1000, 0x1000800 + i * 0x1000, name);
	}
	blob_finish(&blob);
	parse(&blob, &res);
	expect_success(&res);
	assert_int_equal(res.info.module_count, MB2_MAX_MODULES);
	assert_true(res.info.modules_dropped);
	assert_int_equal(res.info.modules[15].start, 0x1000000 + 15 * 0x1000);
	assert_int_equal(res.info.modules[15].end, 0x1000800 + 15 * 0x1000);

	/* A module string must be terminated inside its tag. */
	blob_begin(&blob);
	tag_end(&blob, tag_begin(&blob, MB2_TAG_MODULE));
	put_u32(&blob, 0x1000);
	put_u32(&blob, 0x2000);
	put(&blob, "abc", 3);
	tag_end(&blob, 8);
	blob_finish(&blob);
	parse(&blob, &res);
	expect_failure(&res, MB2_ERR_TAG,
		       "tag 3 (module) at offset 0x8 holds "
		       "a string with no NUL terminator within its 19 bytes");
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_AVAILABLE), "available");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_RESERVED), "reserved");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_ACPI_RECLAIMABLE), "acpi-reclaimable");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_ACPI_NVS), "acpi-nvs");
	assert_string_equal(mb2_mmap_type_name(MB2_MMAP_BAD), "bad");
	assert_string_equal(mb2_mmap_type_name(0), "unknown");
	assert_string_equal(mb2_mmap_type_name(6), "unknown");
	assert_string_equal(mb2_mmap_type_name(UINT32_MAX), "unknown");
	assert_string_equal(mb2_tag_name(MB2_TAG_MMAP), "memory map");
	assert_string_equal(mb2_tag_name(MB2_TAG_LOAD_BASE_ADDR), "load base address");
	assert_string_equal(mb2_tag_name(22), "unknown");
	assert_string_equal(mb2_tag_name(UINT32_MAX), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bios_like_info),
		cmocka_unit_test(test_uefi_like_info),
		cmocka_unit_test(test_new_rsdp_preferred_in_either_order),
		cmocka_unit_test(test_minimal_info),
		cmocka_unit_test(test_modules_and_overflow),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
