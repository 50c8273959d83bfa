/*
 * Unit tests for the 64-bit Linux entry (lib/linux_entry.c): the boot area
 * written into a buffer that stands for guest memory, read back as the
 * processor would at startup_64.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/config.h"
#include "include/x86/cpu_regs.h"
#include "lib/linux_entry.h"
#include "lib/paging.h"

#define MIB 0x100000ull
#define GIB 0x40000000ull

#define IMAGE_BYTES (5 * 512 + 64 * 1024)

static uint8_t image[IMAGE_BYTES];
static uint8_t area[64 * 4096];
static struct linux_boot_plan plan;
static struct linux_boot_request req;
static struct linux_entry_state st;

static const struct mb2_mmap_entry mmap[] = {
	{ 0x0, 0x9fc00, MB2_MMAP_AVAILABLE },
	{ 0x100000, 0x7f00000, MB2_MMAP_AVAILABLE },
};

static void make_request(uint64_t initrd_size)
{
	struct linux_setup_header *h = (struct linux_setup_header *)(image + 0x1f1);
	char err[128];

	memset(image, 0, sizeof(image));
	h->setup_sects = 4;
	h->syssize = 64 * 1024 / 16;
	h->boot_flag = LINUX_BOOT_FLAG;
	h->jump = 0x6aeb;
	h->header = LINUX_HEADER_MAGIC;
	h->version = 0x020f;
	h->loadflags = LINUX_LOADED_HIGH;
	h->initrd_addr_max = 0x7fffffff;
	h->kernel_alignment = 2 * MIB;
	h->relocatable_kernel = 1;
	h->xloadflags = LINUX_XLF_KERNEL_64;
	h->cmdline_size = 2047;
	h->pref_address = 16 * MIB;
	h->init_size = 8 * MIB;
	req = (struct linux_boot_request){
		.image = image,
		.image_len = sizeof(image),
		.initrd_size = initrd_size,
		.cmdline = "console=ttyS0,115200 quiet",
		.mmap = mmap,
		.mmap_count = 2,
	};
	assert_int_equal(linux_plan(&req, &plan, err, sizeof(err)), LINUX_OK);
	assert_true(plan.area_size <= sizeof(area));
}

/* The boot area's bytes at guest-physical addr. */
static void *at(uint64_t addr)
{
	assert_true(addr >= plan.area_addr && addr < plan.area_addr + plan.area_size);
	return area + (addr - plan.area_addr);
}

static void *area_to_virt(void *ctx, uint64_t phys)
{
	(void)ctx;
	return at(phys);
}

static uint64_t no_alloc(void *ctx)
{
	(void)ctx;
	fail_msg("a lookup allocated a table");
	return 0;
}

/* The guest's tables, as lib/paging.c walks them. */
static struct page_table guest_tables(void)
{
	return (struct page_table){
		.root = st.cr3,
		.ops = { .alloc_table = no_alloc, .phys_to_virt = area_to_virt },
	};
}

static void expect_identity(uint64_t va)
{
	struct page_table pt = guest_tables();
	uint64_t pa = 0, flags = 0;

	assert_true(pt_lookup(&pt, va, &pa, &flags));
	assert_int_equal(pa, va);
	assert_true(flags & PTE_W);
	assert_true(flags & PTE_PS); /* 2 MiB pages */
	assert_false(flags & PTE_NX);
	assert_false(flags & PTE_U);
}

static void test_entry_state(void **state)
{
	(void)state;

	make_request(3 * MIB);
	memset(area, 0xa5, sizeof(area));
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_OK);
	assert_int_equal(st.rip, 16 * MIB + 0x200);
	assert_int_equal(st.rsi, plan.boot_params_addr);
	assert_int_equal(st.rflags, 0x2); /* IF clear */
	assert_int_equal(st.cr0 & (X86_CR0_PE | X86_CR0_PG), X86_CR0_PE | X86_CR0_PG);
	assert_int_equal(st.cr4 & X86_CR4_PAE, X86_CR4_PAE);
	assert_int_equal(st.efer, X86_EFER_LME | X86_EFER_LMA);
	assert_int_equal(st.cr3, plan.tables_addr);
	assert_int_equal(st.cs, 0x10);
	assert_int_equal(st.ds, 0x18);
	assert_int_equal(st.cs_access, 0xa09b); /* G, L, P, S, code exec/read accessed */
	assert_int_equal(st.ds_access, 0xc093); /* G, D/B, P, S, data read/write accessed */
	assert_int_equal(st.gdt_base, plan.gdt_addr);
	assert_int_equal(st.gdt_limit, 4 * 8 - 1);
}

static void test_gdt(void **state)
{
	uint64_t gdt[4];
	(void)state;

	make_request(0);
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_OK);
	memcpy(gdt, at(st.gdt_base), sizeof(gdt));
	assert_int_equal(gdt[0], 0);
	/* __BOOT_CS: base 0, limit 4 GiB (G), 64-bit, execute/read. */
	assert_int_equal(gdt[0x10 / 8], 0x00af9b000000ffffull);
	/* __BOOT_DS: base 0, limit 4 GiB, read/write. */
	assert_int_equal(gdt[0x18 / 8], 0x00cf93000000ffffull);
}

static void test_zero_page_and_cmdline_in_area(void **state)
{
	const struct linux_boot_params *bp;
	(void)state;

	make_request(3 * MIB);
	memset(area, 0xa5, sizeof(area));
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_OK);
	bp = at(st.rsi);
	assert_int_equal(bp->hdr.header, LINUX_HEADER_MAGIC);
	assert_int_equal(bp->hdr.cmd_line_ptr, plan.cmdline_addr);
	assert_string_equal((const char *)at(bp->hdr.cmd_line_ptr), "console=ttyS0,115200 quiet");
	assert_int_equal(bp->hdr.ramdisk_image, plan.initrd_addr);
	assert_int_equal(bp->e820_entries, 2);
}

/* The RSDP that Multiboot2 handed over, copied beside the GDT and named in the zero page. */
static void test_rsdp_copy(void **state)
{
	static const uint8_t rsdp[36] = { 'R',	'S', 'D', ' ', 'P', 'T', 'R', ' ',
					  0x5a, 'B', 'O', 'C', 'H', 'S', ' ', 2 };
	const struct linux_boot_params *bp;
	(void)state;

	make_request(0);
	req.rsdp = rsdp;
	req.rsdp_len = sizeof(rsdp);
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_OK);
	bp = at(st.rsi);
	assert_int_equal(bp->acpi_rsdp_addr, plan.gdt_addr + 0x100);
	assert_int_equal(bp->acpi_rsdp_addr % 16, 0);
	assert_memory_equal(at(bp->acpi_rsdp_addr), rsdp, sizeof(rsdp));
	/* The GDT is untouched. */
	assert_int_equal(((const uint64_t *)at(st.gdt_base))[2], 0x00af9b000000ffffull);
	/* An address the caller gives wins; a copy too long is not made. */
	req.rsdp_addr = 0xf6a20;
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_OK);
	assert_int_equal(((const struct linux_boot_params *)at(st.rsi))->acpi_rsdp_addr, 0xf6a20);
	req.rsdp_addr = 0;
	req.rsdp_len = 65;
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_OK);
	assert_int_equal(((const struct linux_boot_params *)at(st.rsi))->acpi_rsdp_addr, 0);
}

static void test_identity_map_covers_what_linux_reads(void **state)
{
	struct page_table pt;
	(void)state;

	make_request(3 * MIB);
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_OK);
	/* The kernel through init_size, the zero page, command line, initrd. */
	expect_identity(plan.kernel_addr);
	expect_identity(plan.kernel_addr + 8 * MIB - 1);
	expect_identity(st.rsi);
	expect_identity(plan.cmdline_addr);
	expect_identity(plan.initrd_addr + 3 * MIB - 1);
	expect_identity(4 * GIB - 1);
	pt = guest_tables();
	assert_false(pt_lookup(&pt, 4 * GIB, NULL, NULL));
	/* Every table lies in the area's table pages. */
	assert_true(st.cr3 >= plan.tables_addr);
	assert_true(st.cr3 < plan.area_addr + plan.area_size);
}

static void test_bad_arguments(void **state)
{
	(void)state;

	make_request(0);
	assert_int_equal(linux_write_boot_area(&req, &plan, NULL, &st), LINUX_ERR_ARGUMENT);
	assert_int_equal(linux_write_boot_area(NULL, &plan, area, &st), LINUX_ERR_ARGUMENT);
	/* Too few table pages for the map. */
	plan.area_size -= 4096;
	assert_int_equal(linux_write_boot_area(&req, &plan, area, &st), LINUX_ERR_ARGUMENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_state),
		cmocka_unit_test(test_gdt),
		cmocka_unit_test(test_zero_page_and_cmdline_in_area),
		cmocka_unit_test(test_rsdp_copy),
		cmocka_unit_test(test_identity_map_covers_what_linux_reads),
		cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
