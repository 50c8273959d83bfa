/*
 * Unit tests for the Linux boot-protocol loader (lib/linux_boot.c): the
 * setup header of a real 6.1 bzImage and of synthetic ones, malformed
 * images, the e820 map, placement, and the zero page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/linux_boot.h"
#include "tests/support/mb2_build.h"
#include "tests/unit/linux_header_sample.h"

#define KIB 0x400ull
#define MIB 0x100000ull
#define GIB 0x40000000ull

/* A synthetic image: setup (5 sectors) + KERNEL_BYTES of protected mode. */
#define SETUP_SECTS  4
#define SETUP_BYTES  ((SETUP_SECTS + 1) * 512)
#define KERNEL_BYTES (64 * KIB)
#define IMAGE_BYTES  (SETUP_BYTES + KERNEL_BYTES)

static uint8_t image[IMAGE_BYTES + 4096];
static char err[160];

static struct linux_setup_header *hdr(void)
{
	return (struct linux_setup_header *)(image + LINUX_SETUP_HEADER_OFFSET);
}

/* A header as a relocatable 64-bit 6.1 kernel has it. */
static void make_image(void)
{
	struct linux_setup_header *h = hdr();

	memset(image, 0, sizeof(image));
	h->setup_sects = SETUP_SECTS;
	h->syssize = KERNEL_BYTES / 16;
	h->boot_flag = LINUX_BOOT_FLAG;
	h->jump = 0x6aeb; /* jmp to 0x26c: the header ends there */
	h->header = LINUX_HEADER_MAGIC;
	h->version = 0x020f;
	h->loadflags = LINUX_LOADED_HIGH;
	h->initrd_addr_max = 0x7fffffff;
	h->kernel_alignment = 2 * MIB;
	h->relocatable_kernel = 1;
	h->min_alignment = 21;
	h->xloadflags = LINUX_XLF_KERNEL_64 | LINUX_XLF_CAN_BE_LOADED_ABOVE_4G;
	h->cmdline_size = 2047;
	h->pref_address = 16 * MIB;
	h->init_size = 4 * MIB;
	image[0x1f0] = 0x5a; /* just before the header: must not be copied */
}

static int parse(size_t len, struct linux_kernel_info *k)
{
	err[0] = '\0';
	return linux_parse_header(image, len, k, err, sizeof(err));
}

static void expect_error(int code, const char *words)
{
	struct linux_kernel_info k;

	assert_int_equal(parse(IMAGE_BYTES, &k), code);
	assert_non_null(strstr(err, words));
	if (code != LINUX_OK)
		assert_int_equal(k.version, 0); /* nothing half-filled */
}

/* ---- the setup header ---- */

static void test_real_6_1_header(void **state)
{
	static uint8_t real[LINUX_SAMPLE_IMAGE_BYTES];
	struct linux_kernel_info k;
	(void)state;

	/* The header bytes of the test kernel, in an image of its length. */
	memcpy(real + LINUX_SETUP_HEADER_OFFSET, linux_sample_header, sizeof(linux_sample_header));
	assert_int_equal(linux_parse_header(real, sizeof(real), &k, err, sizeof(err)), LINUX_OK);
	assert_int_equal(k.version, LINUX_SAMPLE_VERSION);
	assert_int_equal(k.header_end, LINUX_SAMPLE_HEADER_END);
	assert_int_equal(k.setup_size, LINUX_SAMPLE_SETUP_BYTES);
	assert_int_equal(k.setup_size + k.kernel_size, sizeof(real));
	assert_true(k.relocatable);
	assert_int_equal(k.kernel_alignment, 2 * MIB);
	assert_int_equal(k.pref_address, 16 * MIB);
	assert_int_equal(k.kernel_span, LINUX_SAMPLE_INIT_SIZE);
	assert_true(k.xloadflags & LINUX_XLF_KERNEL_64);
	assert_int_equal(k.cmdline_size, 2047);
	assert_int_equal(k.initrd_addr_max, 0x7fffffff);

	/* One byte short of what syssize promises. */
	assert_int_equal(linux_parse_header(real, sizeof(real) - 1, &k, err, sizeof(err)),
			 LINUX_ERR_TRUNCATED);
	/* Only the first pages of it. */
	assert_int_equal(linux_parse_header(real, 8192, &k, err, sizeof(err)), LINUX_ERR_TRUNCATED);
}

static void test_parse_synthetic(void **state)
{
	struct linux_kernel_info k;
	(void)state;

	make_image();
	assert_int_equal(parse(IMAGE_BYTES, &k), LINUX_OK);
	assert_int_equal(k.version, 0x020f);
	assert_int_equal(k.header_end, 0x26c);
	assert_int_equal(k.setup_size, SETUP_BYTES);
	assert_int_equal(k.kernel_size, KERNEL_BYTES);
	assert_int_equal(k.kernel_span, 4 * MIB);
	assert_int_equal(k.min_alignment, 2 * MIB);
	/* Extra bytes after the kernel (signatures, padding) are fine. */
	assert_int_equal(parse(sizeof(image), &k), LINUX_OK);
}

static void test_setup_sects_zero_means_four(void **state)
{
	struct linux_kernel_info k;
	(void)state;

	make_image();
	hdr()->setup_sects = 0;
	assert_int_equal(parse(IMAGE_BYTES, &k), LINUX_OK);
	assert_int_equal(k.setup_size, 5 * 512);
}

static void test_init_size_below_kernel(void **state)
{
	struct linux_kernel_info k;
	(void)state;

	make_image();
	hdr()->init_size = 4096;
	assert_int_equal(parse(IMAGE_BYTES, &k), LINUX_OK);
	assert_int_equal(k.kernel_span, KERNEL_BYTES);
}

static void test_not_linux(void **state)
{
	struct linux_kernel_info k;
	(void)state;

	memset(image, 0, sizeof(image));
	assert_int_equal(parse(IMAGE_BYTES, &k), LINUX_ERR_NOT_LINUX);
	assert_non_null(strstr(err, "0xAA55"));
	assert_int_equal(parse(100, &k), LINUX_ERR_NOT_LINUX);
	assert_non_null(strstr(err, "100 bytes"));

	make_image();
	hdr()->header = 0x464c457f; /* an ELF file's first bytes */
	expect_error(LINUX_ERR_NOT_LINUX, "HdrS");
	assert_string_equal(linux_boot_error_name(LINUX_ERR_NOT_LINUX), "not-linux");
}

static void test_truncated(void **state)
{
	struct linux_kernel_info k;
	(void)state;

	make_image();
	assert_int_equal(parse(0x220, &k), LINUX_ERR_TRUNCATED);
	assert_non_null(strstr(err, "header ends at 0x26c"));
	assert_int_equal(parse(SETUP_BYTES - 1, &k), LINUX_ERR_TRUNCATED);
	assert_non_null(strstr(err, "setup code"));
	assert_int_equal(parse(IMAGE_BYTES - 16, &k), LINUX_ERR_TRUNCATED);
	assert_non_null(strstr(err, "syssize"));
	assert_string_equal(linux_boot_error_name(LINUX_ERR_TRUNCATED), "truncated");
	/* A 0-byte module, wherever it lies (GRUB may give it address 0). */
	assert_int_equal(parse(0, &k), LINUX_ERR_TRUNCATED);
	assert_non_null(strstr(err, "0 bytes"));
	assert_int_equal(linux_parse_header(NULL, 0, &k, err, sizeof(err)), LINUX_ERR_TRUNCATED);
}

static void test_protocol_too_old(void **state)
{
	(void)state;

	make_image();
	hdr()->version = 0x020b;
	expect_error(LINUX_ERR_PROTOCOL_TOO_OLD, "2.11 is too old");
	hdr()->version = 0x020c;
	expect_error(LINUX_OK, "");
}

static void test_no_64bit_entry(void **state)
{
	(void)state;

	make_image();
	hdr()->xloadflags = 0;
	expect_error(LINUX_ERR_NO_64BIT_ENTRY, "XLF_KERNEL_64");
	make_image();
	hdr()->loadflags = 0;
	expect_error(LINUX_ERR_NOT_BZIMAGE, "LOADED_HIGH");
}

static void test_bad_header(void **state)
{
	(void)state;

	make_image();
	hdr()->kernel_alignment = 3 * MIB;
	expect_error(LINUX_ERR_BAD_HEADER, "kernel_alignment");
	make_image();
	hdr()->min_alignment = 22; /* above kernel_alignment */
	expect_error(LINUX_ERR_BAD_HEADER, "min_alignment");
	make_image();
	hdr()->init_size = 0;
	expect_error(LINUX_ERR_BAD_HEADER, "init_size");
	make_image();
	hdr()->syssize = 0;
	expect_error(LINUX_ERR_BAD_HEADER, "syssize");
	make_image();
	hdr()->jump = 0x50eb; /* ends at 0x252, before init_size */
	expect_error(LINUX_ERR_BAD_HEADER, "before init_size");
}

/* ---- the e820 map ---- */

/* A PC with 128 MiB: low RAM, the BIOS area, RAM, ACPI tables, the BIOS ROM. */
static const struct mb2_mmap_entry pc_mmap[] = {
	{ 0x0, 0x9fc00, MB2_MMAP_AVAILABLE },
	{ 0x9fc00, 0x400, MB2_MMAP_RESERVED },
	{ 0xf0000, 0x10000, MB2_MMAP_RESERVED },
	{ 0x100000, 0x7ef0000, MB2_MMAP_AVAILABLE },
	{ 0x7ff0000, 0x10000, MB2_MMAP_ACPI_RECLAIMABLE },
	{ 0xfffc0000, 0x40000, MB2_MMAP_RESERVED },
};

/* The hypervisor: its image at 1-3 MiB, a trampoline page (unaligned). */
static const struct linux_range pc_kept[] = {
	{ 0x100000, 0x200000 },
	{ 0x8100, 0x100 },
};

static void expect_e820(const struct linux_e820_entry *e, uint64_t addr, uint64_t size,
			uint32_t type)
{
	assert_int_equal(e->addr, addr);
	assert_int_equal(e->size, size);
	assert_int_equal(e->type, type);
}

static void test_e820_hides_kept_ranges(void **state)
{
	struct linux_e820_entry e[LINUX_E820_MAX];
	(void)state;

	assert_int_equal(linux_build_e820(pc_mmap, 6, pc_kept, 2, e, LINUX_E820_MAX), 8);
	expect_e820(&e[0], 0x0, 0x8000, LINUX_E820_RAM);
	expect_e820(&e[1], 0x8000, 0x1000, LINUX_E820_RESERVED); /* rounded out */
	expect_e820(&e[2], 0x9000, 0x96c00, LINUX_E820_RAM);
	expect_e820(&e[3], 0x9fc00, 0x400, LINUX_E820_RESERVED);
	/* The BIOS area and the hypervisor at 1-3 MiB, merged. */
	expect_e820(&e[4], 0xf0000, 0x210000, LINUX_E820_RESERVED);
	expect_e820(&e[5], 0x300000, 0x7cf0000, LINUX_E820_RAM);
	expect_e820(&e[6], 0x7ff0000, 0x10000, LINUX_E820_ACPI);
	expect_e820(&e[7], 0xfffc0000, 0x40000, LINUX_E820_RESERVED);
}

static void test_e820_sorts_and_merges(void **state)
{
	const struct mb2_mmap_entry mmap[] = {
		{ 2 * MIB, 2 * MIB, MB2_MMAP_AVAILABLE },
		{ 0, 1 * MIB, MB2_MMAP_AVAILABLE },
		{ 1 * MIB, 1 * MIB, MB2_MMAP_AVAILABLE },
		{ 8 * MIB, 1 * MIB, MB2_MMAP_BAD },
		{ 9 * MIB, 1 * MIB, MB2_MMAP_ACPI_NVS },
		{ 10 * MIB, 1 * MIB, 77 }, /* unknown: reserved */
		{ 11 * MIB, 0, MB2_MMAP_AVAILABLE },
	};
	/* Spans the seam of two RAM entries; one kept range is empty. */
	const struct linux_range kept[] = { { 1 * MIB + 512 * KIB, 1 * MIB }, { 0, 0 } };
	struct linux_e820_entry e[LINUX_E820_MAX];
	(void)state;

	assert_int_equal(linux_build_e820(mmap, 7, kept, 2, e, LINUX_E820_MAX), 6);
	expect_e820(&e[0], 0, 1 * MIB + 512 * KIB, LINUX_E820_RAM);
	expect_e820(&e[1], 1 * MIB + 512 * KIB, 1 * MIB, LINUX_E820_RESERVED);
	expect_e820(&e[2], 2 * MIB + 512 * KIB, 1 * MIB + 512 * KIB, LINUX_E820_RAM);
	expect_e820(&e[3], 8 * MIB, 1 * MIB, LINUX_E820_UNUSABLE);
	expect_e820(&e[4], 9 * MIB, 1 * MIB, LINUX_E820_NVS);
	expect_e820(&e[5], 10 * MIB, 1 * MIB, LINUX_E820_RESERVED);
}

static void test_e820_full(void **state)
{
	struct mb2_mmap_entry mmap[LINUX_E820_MAX + 1];
	struct linux_e820_entry e[LINUX_E820_MAX];
	uint32_t i;
	(void)state;

	/* Alternating types, so nothing merges. */
	for (i = 0; i <= LINUX_E820_MAX; i++)
		mmap[i] = (struct mb2_mmap_entry){ i * MIB, MIB,
						   i % 2 ? MB2_MMAP_RESERVED : MB2_MMAP_AVAILABLE };
	assert_int_equal(linux_build_e820(mmap, LINUX_E820_MAX, NULL, 0, e, LINUX_E820_MAX),
			 LINUX_E820_MAX);
	assert_int_equal(linux_build_e820(mmap, LINUX_E820_MAX + 1, NULL, 0, e, LINUX_E820_MAX),
			 LINUX_ERR_E820_FULL);
}

/* ---- placement ---- */

static struct linux_boot_request request(const struct mb2_mmap_entry *mmap, uint32_t count)
{
	make_image();
	return (struct linux_boot_request){
		.image = image,
		.image_len = IMAGE_BYTES,
		.initrd_size = 3 * MIB,
		.cmdline = "console=ttyS0 quiet",
		.mmap = mmap,
		.mmap_count = count,
		.kept = pc_kept,
		.kept_count = 2,
	};
}

static bool inside_ram(const struct linux_boot_plan *p, uint64_t addr, uint64_t size)
{
	for (uint32_t i = 0; i < p->e820_count; i++)
		if (p->e820[i].type == LINUX_E820_RAM && p->e820[i].addr <= addr &&
		    addr + size <= p->e820[i].addr + p->e820[i].size)
			return true;
	return false;
}

static bool apart(uint64_t a, uint64_t a_size, uint64_t b, uint64_t b_size)
{
	return a + a_size <= b || b + b_size <= a;
}

static void test_plan_pc(void **state)
{
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	(void)state;

	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.kernel_addr, 16 * MIB); /* pref_address is free */
	assert_int_equal(p.kernel_align, 2 * MIB);
	/* The initrd at the top of RAM below the ACPI tables. */
	assert_int_equal(p.initrd_addr, 0x7ff0000 - 3 * MIB);
	assert_int_equal(p.initrd_size, 3 * MIB);
	/* The boot area: below the EBDA, clear of the hypervisor's page. */
	assert_true(p.area_addr + p.area_size <= 0x9fc00);
	assert_true(inside_ram(&p, p.area_addr, p.area_size));
	assert_int_equal(p.identity_end, 4 * GIB);
	/* zero page, one page of command line, GDT, PML4 + PDPT + 4 PDs */
	assert_int_equal(p.area_size, (1 + 1 + 1 + 6) * 4096);
	assert_int_equal(p.cmdline_addr, p.boot_params_addr + 4096);
	assert_int_equal(p.gdt_addr, p.cmdline_addr + 4096);
	assert_int_equal(p.tables_addr, p.gdt_addr + 4096);
}

static void test_plan_relocates_around_kept_and_busy(void **state)
{
	/* The hypervisor sits where the kernel prefers to go. */
	const struct linux_range kept[] = { { 15 * MIB, 3 * MIB } };
	/* The modules being copied from sit at 20-30 MiB. */
	const struct linux_range busy[] = { { 20 * MIB, 10 * MIB } };
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	(void)state;

	hdr()->pref_address = 1 * MIB; /* a kernel built to run from 1 MiB up */
	req.kept = kept;
	req.kept_count = 1;
	req.busy = busy;
	req.busy_count = 1;
	req.initrd_size = 90 * MIB; /* fits only between 30 MiB and the top */
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	/* The lowest 2 MiB boundary from 1 MiB with 4 MiB free: 2 MiB. */
	assert_int_equal(p.kernel_addr, 2 * MIB);
	assert_true(inside_ram(&p, p.kernel_addr, 4 * MIB));
	assert_true(inside_ram(&p, p.initrd_addr, req.initrd_size));
	assert_true(apart(p.initrd_addr, req.initrd_size, busy[0].base, busy[0].size));
	assert_true(apart(p.initrd_addr, req.initrd_size, p.kernel_addr, 4 * MIB));
	assert_int_equal(p.initrd_addr % 4096, 0);

	/* Fill 2-15 MiB as well: the kernel goes after the busy range. */
	req.initrd_size = 3 * MIB;
	const struct linux_range busy2[] = { { 1 * MIB, 14 * MIB }, { 20 * MIB, 10 * MIB } };
	req.busy = busy2;
	req.busy_count = 2;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.kernel_addr, 30 * MIB);
}

static void test_plan_lowers_alignment(void **state)
{
	/* RAM 1-4 MiB and 5-9 MiB only: no 2 MiB boundary has 4 MiB after it
	 * inside RAM, but the 1 MiB boundary at 5 MiB does. */
	const struct mb2_mmap_entry mmap[] = {
		{ 0, 0x9f000, MB2_MMAP_AVAILABLE },
		{ 1 * MIB, 3 * MIB, MB2_MMAP_AVAILABLE },
		{ 5 * MIB, 4 * MIB, MB2_MMAP_AVAILABLE },
	};
	struct linux_boot_request req = request(mmap, 3);
	struct linux_boot_plan p;
	struct linux_boot_params bp;
	(void)state;

	req.kept_count = 0;
	req.initrd_size = 0;
	hdr()->pref_address = 1 * MIB;
	hdr()->min_alignment = 20;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.kernel_addr, 5 * MIB);
	assert_int_equal(p.kernel_align, 1 * MIB);
	linux_fill_boot_params(&req, &p, &bp);
	assert_int_equal(bp.hdr.kernel_alignment, 1 * MIB);
	assert_int_equal(bp.hdr.ramdisk_image, 0);
	assert_int_equal(bp.hdr.ramdisk_size, 0);

	/* Without the lower alignment it does not fit. */
	hdr()->min_alignment = 21;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_ERR_NO_ROOM_KERNEL);
	assert_non_null(strstr(err, "4096 KiB"));
}

/*
 * Where Linux will run, not only where it is loaded: its 64-bit entry
 * moves it up to pref_address (LOAD_PHYSICAL_ADDR) and to the zero page's
 * kernel_alignment, so both are what must be free.
 */
static void test_plan_runs_where_loaded(void **state)
{
	/* The hypervisor over 15-18 MiB: not below 16 MiB, the next 2 MiB boundary after it. */
	const struct linux_range kept[] = { { 15 * MIB, 3 * MIB } };
	const struct mb2_mmap_entry small[] = {
		{ 0, 0x9f000, MB2_MMAP_AVAILABLE },
		{ 1 * MIB, 31 * MIB, MB2_MMAP_AVAILABLE },
	};
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	struct linux_boot_params bp;
	(void)state;

	req.kept = kept;
	req.kept_count = 1;
	req.initrd_size = 0;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.kernel_addr, 18 * MIB);

	/* 32 MiB of RAM, the top 15 MiB kept: no room from 16 MiB, refused rather than run over it. */
	const struct linux_range top[] = { { 17 * MIB, 15 * MIB } };
	req = request(small, 2);
	req.kept = top;
	req.kept_count = 1;
	req.initrd_size = 0;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_ERR_NO_ROOM_KERNEL);
	assert_non_null(strstr(err, "from 0x1000000"));
	assert_string_equal(linux_boot_error_name(LINUX_ERR_NO_ROOM_KERNEL), "no-room-for-kernel");

	/* kernel_alignment 1 GiB, loaded at pref_address 16 MiB: the zero page says 16 MiB. */
	req = request(pc_mmap, 6);
	hdr()->kernel_alignment = 1u << 30;
	hdr()->min_alignment = 21;
	req.kept_count = 0;
	req.initrd_size = 0;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.kernel_addr, 16 * MIB);
	assert_int_equal(p.kernel_align, 16 * MIB);
	linux_fill_boot_params(&req, &p, &bp);
	assert_int_equal(bp.hdr.kernel_alignment, 16 * MIB);
	/* pref_address below min_alignment's boundary: searched for, above it. */
	hdr()->pref_address = 17 * MIB;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_true(p.kernel_addr >= 17 * MIB);
	assert_int_equal(p.kernel_addr % p.kernel_align, 0);
}

static void test_plan_not_relocatable(void **state)
{
	const struct linux_range kept[] = { { 16 * MIB, 1 * MIB } };
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	(void)state;

	hdr()->relocatable_kernel = 0;
	req.kept = kept;
	req.kept_count = 1;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_ERR_NO_ROOM_KERNEL);
	assert_non_null(strstr(err, "not relocatable"));
	req.kept_count = 0;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.kernel_addr, 16 * MIB);
}

static void test_plan_initrd_does_not_fit(void **state)
{
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	(void)state;

	req.initrd_size = 200 * MIB; /* more than the machine has */
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_ERR_INITRD_NO_ROOM);
	assert_non_null(strstr(err, "204800 KiB"));
	assert_string_equal(linux_boot_error_name(LINUX_ERR_INITRD_NO_ROOM), "initrd-does-not-fit");
}

static void test_plan_initrd_below_initrd_addr_max(void **state)
{
	const struct mb2_mmap_entry mmap[] = {
		{ 0, 0x9f000, MB2_MMAP_AVAILABLE },
		{ 1 * MIB, 3 * GIB, MB2_MMAP_AVAILABLE },
	};
	struct linux_boot_request req = request(mmap, 2);
	struct linux_boot_plan p;
	(void)state;

	req.kept_count = 0;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	/* Its last byte at initrd_addr_max, not at the top of RAM. */
	assert_int_equal(p.initrd_addr, 0x80000000 - 3 * MIB);
}

static void test_plan_initrd_above_4g(void **state)
{
	/* 64 MiB below 4 GiB, 1 GiB above: a 100 MiB initrd goes high. */
	const struct mb2_mmap_entry mmap[] = {
		{ 0, 0x9f000, MB2_MMAP_AVAILABLE },
		{ 1 * MIB, 63 * MIB, MB2_MMAP_AVAILABLE },
		{ 4 * GIB, 1 * GIB, MB2_MMAP_AVAILABLE },
	};
	struct linux_boot_request req = request(mmap, 3);
	struct linux_boot_plan p;
	struct linux_boot_params bp;
	(void)state;

	req.kept_count = 0;
	req.initrd_size = 100 * MIB;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.initrd_addr, 5 * GIB - 100 * MIB);
	assert_int_equal(p.identity_end, 5 * GIB);
	linux_fill_boot_params(&req, &p, &bp);
	assert_int_equal(bp.hdr.ramdisk_image, (uint32_t)(5 * GIB - 100 * MIB));
	assert_int_equal(bp.ext_ramdisk_image, 1);
	assert_int_equal(bp.hdr.ramdisk_size, 100 * MIB);
	assert_int_equal(bp.ext_ramdisk_size, 0);

	/* A kernel that cannot take it above 4 GiB. */
	hdr()->xloadflags = LINUX_XLF_KERNEL_64;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_ERR_INITRD_NO_ROOM);
}

static void test_plan_cmdline_too_long(void **state)
{
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	char *line = malloc(2049);
	(void)state;

	memset(line, 'x', 2048);
	line[2048] = '\0';
	req.cmdline = line;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_ERR_CMDLINE_TOO_LONG);
	line[2047] = '\0'; /* exactly cmdline_size */
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	assert_int_equal(p.area_size, (1 + 1 + 1 + 6) * 4096);
	free(line);
}

static void test_plan_no_boot_area(void **state)
{
	const struct mb2_mmap_entry mmap[] = { { 1 * MIB, 127 * MIB, MB2_MMAP_AVAILABLE } };
	struct linux_boot_request req = request(mmap, 1);
	struct linux_boot_plan p;
	(void)state;

	req.kept_count = 0;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_ERR_NO_BOOT_AREA);
}

/* ---- the zero page ---- */

static void test_boot_params(void **state)
{
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	struct linux_boot_params bp;
	(void)state;

	req.rsdp_addr = 0xf6a30;
	req.fb = &mb2_fb_rgb_1024x768;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	memset(&bp, 0xcc, sizeof(bp));
	linux_fill_boot_params(&req, &p, &bp);

	/* The header as the image has it, with the loader's fields set. */
	assert_int_equal(bp.hdr.setup_sects, SETUP_SECTS);
	assert_int_equal(bp.hdr.header, LINUX_HEADER_MAGIC);
	assert_int_equal(bp.hdr.version, 0x020f);
	assert_int_equal(bp.hdr.init_size, 4 * MIB);
	assert_int_equal(bp.hdr.type_of_loader, 0xff);
	assert_int_equal(bp.hdr.vid_mode, 0xffff);
	assert_int_equal(bp.hdr.code32_start, 16 * MIB);
	assert_int_equal(bp.hdr.cmd_line_ptr, p.cmdline_addr);
	assert_int_equal(bp.ext_cmd_line_ptr, 0);
	assert_int_equal(bp.hdr.ramdisk_image, p.initrd_addr);
	assert_int_equal(bp.hdr.ramdisk_size, 3 * MIB);
	assert_int_equal(bp.ext_ramdisk_image, 0);
	assert_int_equal(bp.acpi_rsdp_addr, 0xf6a30);
	/* Zeroed elsewhere, the byte before the header and the sentinel too. */
	assert_int_equal(bp.pad_1f0, 0);
	assert_int_equal(bp.sentinel, 0);
	assert_int_equal(bp.pad_cd0[0], 0);

	assert_int_equal(bp.e820_entries, 8);
	assert_memory_equal(bp.e820_table, p.e820, 8 * sizeof(p.e820[0]));
	expect_e820(&bp.e820_table[4], 0xf0000, 0x210000, LINUX_E820_RESERVED);

	assert_int_equal(bp.screen_info.orig_video_isVGA, LINUX_VIDEO_TYPE_VLFB);
	assert_int_equal(bp.screen_info.lfb_width, 1024);
	assert_int_equal(bp.screen_info.lfb_height, 768);
	assert_int_equal(bp.screen_info.lfb_depth, 32);
	assert_int_equal(bp.screen_info.lfb_linelength, 4096);
	assert_int_equal(bp.screen_info.lfb_base, 0xfd000000);
	assert_int_equal(bp.screen_info.ext_lfb_base, 0);
	assert_int_equal(bp.screen_info.capabilities, 0);
	assert_int_equal(bp.screen_info.lfb_size, 48); /* 3 MiB in 64 KiB units */
	assert_int_equal(bp.screen_info.red_pos, 16);
	assert_int_equal(bp.screen_info.green_size, 8);
	/* The raw bytes where zero-page.rst puts them. */
	assert_int_equal(((uint8_t *)&bp)[0x0f], LINUX_VIDEO_TYPE_VLFB);
	assert_int_equal(((uint8_t *)&bp)[0x1e8], 8);
	assert_int_equal(((uint8_t *)&bp)[0x210], 0xff);
}

static void test_boot_params_old_protocol_and_high_fb(void **state)
{
	struct linux_boot_request req = request(pc_mmap, 6);
	struct linux_boot_plan p;
	struct linux_boot_params bp;
	const struct mb2_framebuffer fb = {
		.addr = 0x800000000,
		.pitch = 3200,
		.width = 800,
		.height = 600,
		.bpp = 32,
		.type = MB2_FB_TYPE_RGB,
	};
	const struct mb2_framebuffer text = {
		.addr = 0xb8000,
		.pitch = 160,
		.width = 80,
		.height = 25,
		.bpp = 16,
		.type = MB2_FB_TYPE_EGA_TEXT,
	};
	(void)state;

	hdr()->version = 0x020d; /* 2.13: before acpi_rsdp_addr */
	req.rsdp_addr = 0xf6a30;
	req.fb = &fb;
	assert_int_equal(linux_plan(&req, &p, err, sizeof(err)), LINUX_OK);
	linux_fill_boot_params(&req, &p, &bp);
	assert_int_equal(bp.acpi_rsdp_addr, 0);
	assert_int_equal(bp.screen_info.lfb_base, 0);
	assert_int_equal(bp.screen_info.ext_lfb_base, 8);
	assert_int_equal(bp.screen_info.capabilities, LINUX_VIDEO_CAPABILITY_64BIT_BASE);
	assert_int_equal(bp.screen_info.lfb_size, 30); /* 1875 KiB, rounded up */

	req.fb = &text;
	linux_fill_boot_params(&req, &p, &bp);
	assert_int_equal(bp.screen_info.orig_video_isVGA, LINUX_VIDEO_TYPE_VGAC);
	assert_int_equal(bp.screen_info.orig_video_cols, 80);
	assert_int_equal(bp.screen_info.orig_video_lines, 25);
	assert_int_equal(bp.screen_info.lfb_base, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_6_1_header),
		cmocka_unit_test(test_parse_synthetic),
		cmocka_unit_test(test_setup_sects_zero_means_four),
		cmocka_unit_test(test_init_size_below_kernel),
		cmocka_unit_test(test_not_linux),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_protocol_too_old),
		cmocka_unit_test(test_no_64bit_entry),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_e820_hides_kept_ranges),
		cmocka_unit_test(test_e820_sorts_and_merges),
		cmocka_unit_test(test_e820_full),
		cmocka_unit_test(test_plan_pc),
		cmocka_unit_test(test_plan_relocates_around_kept_and_busy),
		cmocka_unit_test(test_plan_lowers_alignment),
		cmocka_unit_test(test_plan_runs_where_loaded),
		cmocka_unit_test(test_plan_not_relocatable),
		cmocka_unit_test(test_plan_initrd_does_not_fit),
		cmocka_unit_test(test_plan_initrd_below_initrd_addr_max),
		cmocka_unit_test(test_plan_initrd_above_4g),
		cmocka_unit_test(test_plan_cmdline_too_long),
		cmocka_unit_test(test_plan_no_boot_area),
		cmocka_unit_test(test_boot_params),
		cmocka_unit_test(test_boot_params_old_protocol_and_high_fb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
