/*
 * Unit tests for lib/acpi.c.
 *
 * Each test lays out ACPI tables in a fake physical memory and hands the
 * parser a map callback over it.  The callback returns a fresh heap copy of
 * exactly the bytes asked for and frees the previous copy, so AddressSanitizer
 * catches any read outside a mapped range and any use of a mapping after the
 * next map call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/acpi.h"
#include "tests/support/acpi_build.h"
#include "tests/support/rng.h"

/* Two windows of "physical memory": below 4 GiB, and above it (XSDT only). */
#define LOW_BASE    0x7fe00000ull
#define HIGH_BASE   0x400000000ull
#define REGION_SIZE (64 * 1024)
enum {
	LOW,
	HIGH,
	REGIONS
};

struct region {
	uint64_t base;
	uint8_t bytes[REGION_SIZE];
	size_t used;	 /* bump allocator for the builder */
	size_t readable; /* bytes from base the map callback serves */
};

struct fake_mem {
	struct region region[REGIONS];
	void *mapping; /* the last copy handed out */
	unsigned long map_calls;
	unsigned long bad_requests; /* empty or wrapping ranges */
};

struct fixture {
	struct fake_mem mem;
	struct acpi_madt madt;
	struct acpi_madt_info info;
	uint8_t rsdp[64];
	size_t rsdp_len;
	uint64_t rsdt, xsdt, madt_phys, facp;
};

/* ---- fake physical memory ---- */

static void release_mapping(struct fake_mem *m)
{
	free(m->mapping);
	m->mapping = NULL;
}

static const uint8_t *readable_bytes(struct fake_mem *m, uint64_t phys, size_t len)
{
	int i;

	for (i = 0; i < REGIONS; i++) {
		struct region *r = &m->region[i];
		uint64_t off = phys - r->base;

		if (phys >= r->base && off <= r->readable && len <= r->readable - off)
			return r->bytes + off;
	}
	return NULL;
}

static const void *fake_map(void *ctx, uint64_t phys, size_t len)
{
	struct fake_mem *m = ctx;
	const uint8_t *src;

	m->map_calls++;
	release_mapping(m);
	if (len == 0 || phys + (len - 1) < phys) {
		m->bad_requests++;
		return NULL;
	}
	src = readable_bytes(m, phys, len);
	if (!src)
		return NULL;
	m->mapping = malloc(len);
	assert_non_null(m->mapping);
	memcpy(m->mapping, src, len);
	return m->mapping;
}

static void reset_mem(struct fake_mem *m)
{
	int i;

	for (i = 0; i < REGIONS; i++) {
		memset(m->region[i].bytes, 0, m->region[i].used);
		m->region[i].used = 0;
		m->region[i].readable = REGION_SIZE;
	}
	m->region[LOW].base = LOW_BASE;
	m->region[HIGH].base = HIGH_BASE;
	m->map_calls = 0;
	m->bad_requests = 0;
}

/* Builder access: any byte of either window, readable or not. */
static uint8_t *at(struct fake_mem *m, uint64_t phys)
{
	int i;

	for (i = 0; i < REGIONS; i++)
		if (phys >= m->region[i].base && phys - m->region[i].base < REGION_SIZE)
			return m->region[i].bytes + (phys - m->region[i].base);
	fail_msg("builder address %#llx outside fake memory", (unsigned long long)phys);
	return NULL;
}

static uint64_t mem_alloc(struct fake_mem *m, int which, size_t len)
{
	struct region *r = &m->region[which];
	uint64_t phys = r->base + r->used;

	assert_true(len <= REGION_SIZE - r->used);
	r->used = (r->used + len + 15) & ~(size_t)15;
	if (r->used > REGION_SIZE)
		r->used = REGION_SIZE;
	return phys;
}

/* ---- table builder ---- */

static const struct acpi_oem test_oem = { "TESTOE", "TESTTABL", 0, NULL, 0 };

static uint64_t put_table(struct fake_mem *m, int which, const char *sig, const void *body,
			  size_t body_len)
{
	uint64_t phys = mem_alloc(m, which, ACPI_SDT_HEADER_LEN + body_len);

	acpi_build_sdt(at(m, phys), sig, 1, &test_oem, body, body_len);
	return phys;
}

/* Bytes of fake memory from phys to the end of its window. */
static size_t room_after(struct fake_mem *m, uint64_t phys)
{
	int which = phys >= HIGH_BASE ? HIGH : LOW;

	at(m, phys); /* fails the test if phys is in neither window */
	return REGION_SIZE - (phys - m->region[which].base);
}

/* Recompute a table's checksum after a test changed it, if it fits. */
static void refix_table(struct fake_mem *m, uint64_t phys)
{
	uint8_t *t = at(m, phys);
	uint32_t len = acpi_get32(t + 4);

	if (len >= 10 && len <= room_after(m, phys))
		acpi_fix_checksum(t, len, 9);
}

static uint64_t put_facp(struct fake_mem *m, int which)
{
	uint8_t body[208];

	memset(body, 0xa5, sizeof(body));
	return put_table(m, which, "FACP", body, sizeof(body));
}

static uint64_t put_rsdt(struct fake_mem *m, const uint64_t *tables, size_t n)
{
	uint8_t body[64];
	size_t i;

	for (i = 0; i < n; i++)
		acpi_put32(body + 4 * i, tables[i]);
	return put_table(m, LOW, "RSDT", body, 4 * n);
}

static uint64_t put_xsdt(struct fake_mem *m, const uint64_t *tables, size_t n)
{
	uint8_t body[64];
	size_t i;

	for (i = 0; i < n; i++)
		acpi_put64(body + 8 * i, tables[i]);
	return put_table(m, LOW, "XSDT", body, 8 * n);
}

static void set_rsdp(struct fixture *f, uint8_t revision, uint64_t rsdt, uint64_t xsdt)
{
	memset(f->rsdp, 0, sizeof(f->rsdp));
	f->rsdp_len = acpi_build_rsdp(f->rsdp, &test_oem, revision, (uint32_t)rsdt, xsdt);
}

static uint64_t put_madt(struct fixture *f, int which)
{
	return put_table(&f->mem, which, "APIC", f->madt.body, f->madt.len);
}

/* ACPI 1.0: RSDP -> RSDT -> { FACP, MADT }. */
static void build_v1(struct fixture *f)
{
	uint64_t tables[2];

	tables[0] = f->facp = put_facp(&f->mem, LOW);
	tables[1] = f->madt_phys = put_madt(f, LOW);
	f->rsdt = put_rsdt(&f->mem, tables, 2);
	set_rsdp(f, 0, f->rsdt, 0);
}

/*
 * ACPI 2.0: RSDP -> XSDT -> { FACP, MADT above 4 GiB }.  The RSDT lists a
 * decoy MADT with the single processor 0x42, which shows the root used.
 */
static void build_v2(struct fixture *f, bool give_xsdt)
{
	static const uint8_t decoy_body[16] = {
		0x00, 0x00, 0xe0, 0xfe, 0,
		0,    0,    0, /* lapic, flags */
		0,    8,    7,	  0x42, ACPI_CPU_ENABLED,
		0,    0,    0, /* uid 7, id 0x42 */
	};
	uint64_t low_tables[2], high_tables[2];

	low_tables[0] = high_tables[0] = f->facp = put_facp(&f->mem, LOW);
	low_tables[1] = put_table(&f->mem, LOW, "APIC", decoy_body, sizeof(decoy_body));
	high_tables[1] = f->madt_phys = put_madt(f, HIGH);
	f->rsdt = put_rsdt(&f->mem, low_tables, 2);
	f->xsdt = put_xsdt(&f->mem, high_tables, 2);
	set_rsdp(f, 2, f->rsdt, give_xsdt ? f->xsdt : 0);
}

/* The four enabled processors most tests start from. */
static void madt_four_cpus(struct acpi_madt *b)
{
	int i;

	acpi_madt_init(b, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	for (i = 0; i < 4; i++)
		acpi_madt_lapic(b, i, 2 * i, ACPI_CPU_ENABLED);
}

/* The parser sees a heap copy of exactly rsdp_len bytes, as from the tag. */
static enum acpi_status run(struct fixture *f)
{
	uint8_t *copy = malloc(f->rsdp_len ? f->rsdp_len : 1);
	enum acpi_status st;

	assert_non_null(copy);
	memcpy(copy, f->rsdp, f->rsdp_len);
	st = acpi_read_madt(copy, f->rsdp_len, fake_map, &f->mem, &f->info);
	free(copy);
	release_mapping(&f->mem);
	assert_int_equal(f->mem.bad_requests, 0);
	return st;
}

/* A failure leaves no processors and names the table at fault. */
static void assert_failed(struct fixture *f, enum acpi_status want, const char *sig, uint64_t addr)
{
	assert_int_equal(run(f), want);
	assert_int_equal(f->info.listed_count, 0);
	assert_int_equal(f->info.listed_dropped, 0);
	assert_int_equal(f->info.lapic_addr, 0);
	assert_string_equal(f->info.fault_sig, sig);
	assert_int_equal(f->info.fault_addr, addr);
}

static void assert_cpu(const struct acpi_cpu *c, uint32_t apic_id, uint32_t uid, bool enabled,
		       bool online_capable, bool x2apic_entry)
{
	assert_int_equal(c->apic_id, apic_id);
	assert_int_equal(c->acpi_uid, uid);
	assert_int_equal(c->enabled, enabled);
	assert_int_equal(c->online_capable, online_capable);
	assert_int_equal(c->x2apic_entry, x2apic_entry);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	reset_mem(&f->mem);
	madt_four_cpus(&f->madt);
	*state = f;
	alarm(60); /* a parser that never stops fails instead of hanging */
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	alarm(0);
	release_mapping(&f->mem);
	free(f);
	return 0;
}

/* ---- well-formed tables ---- */

static void test_v1_rsdt_four_lapic_cpus(void **state)
{
	struct fixture *f = *state;
	uint32_t i;

	build_v1(f);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 4);
	for (i = 0; i < 4; i++)
		assert_cpu(&f->info.listed[i], 2 * i, i, true, false, false);
	assert_int_equal(f->info.listed_dropped, 0);
	assert_int_equal(f->info.lapic_addr, ACPI_LAPIC_DEFAULT);
	assert_int_equal(f->info.madt_flags, ACPI_MADT_PCAT_COMPAT);
	assert_int_equal(f->info.acpi_revision, 0);
	assert_false(f->info.used_xsdt);
	assert_string_equal(f->info.oem_id, "TESTOE");
	assert_string_equal(f->info.fault_sig, "");
	assert_int_equal(f->info.fault_addr, 0);
}

static void test_v2_xsdt_x2apic_high_ids(void **state)
{
	static const uint32_t ids[] = { 0, 256, 1000, 4096 };
	struct fixture *f = *state;
	uint32_t i;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	for (i = 0; i < 4; i++)
		acpi_madt_x2apic(&f->madt, ids[i], ACPI_CPU_ENABLED, 100 + i);
	build_v2(f, true);
	assert_int_equal(run(f), ACPI_OK);
	assert_true(f->info.used_xsdt);
	assert_int_equal(f->info.acpi_revision, 2);
	assert_int_equal(f->info.madt_flags, 0);
	assert_int_equal(f->info.listed_count, 4);
	for (i = 0; i < 4; i++)
		assert_cpu(&f->info.listed[i], ids[i], 100 + i, true, false, true);
}

static void test_v2_without_xsdt_uses_rsdt(void **state)
{
	struct fixture *f = *state;

	build_v2(f, false);
	assert_int_equal(run(f), ACPI_OK);
	assert_false(f->info.used_xsdt);
	assert_int_equal(f->info.listed_count, 1);
	assert_cpu(&f->info.listed[0], 0x42, 7, true, false, false);
}

/* The old-ACPI tag holds 20 bytes even when the Revision says 2. */
static void test_v2_rsdp_from_old_tag_uses_rsdt(void **state)
{
	struct fixture *f = *state;

	build_v2(f, true);
	f->rsdp_len = ACPI_RSDP_V1_LEN;
	assert_int_equal(run(f), ACPI_OK);
	assert_false(f->info.used_xsdt);
	assert_int_equal(f->info.listed_count, 1);
	assert_int_equal(f->info.listed[0].apic_id, 0x42);
}

static void test_mixed_entries_duplicates_kept_once(void **state)
{
	struct fixture *f = *state;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	acpi_madt_lapic(&f->madt, 0, 0, ACPI_CPU_ENABLED);
	acpi_madt_lapic(&f->madt, 1, 1, ACPI_CPU_ENABLED);
	acpi_madt_lapic(&f->madt, 2, 2, ACPI_CPU_ONLINE);
	acpi_madt_lapic(&f->madt, 9, 0xff, ACPI_CPU_ENABLED); /* "no processor" */
	acpi_madt_x2apic(&f->madt, 0, ACPI_CPU_ENABLED, 0);   /* duplicates */
	acpi_madt_x2apic(&f->madt, 1, ACPI_CPU_ENABLED, 1);
	acpi_madt_x2apic(&f->madt, 2, ACPI_CPU_ENABLED, 2); /* upgrades id 2 */
	acpi_madt_x2apic(&f->madt, 300, ACPI_CPU_ENABLED, 3);
	acpi_madt_x2apic(&f->madt, 0xffffffffu, ACPI_CPU_ENABLED, 4);
	acpi_madt_lapic(&f->madt, 1, 1, ACPI_CPU_ENABLED); /* third listing */
	build_v1(f);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 4);
	assert_cpu(&f->info.listed[0], 0, 0, true, false, false);
	assert_cpu(&f->info.listed[1], 1, 1, true, false, false);
	assert_cpu(&f->info.listed[2], 2, 2, true, false, false);
	assert_cpu(&f->info.listed[3], 300, 3, true, false, true);
}

static void test_disabled_and_online_capable(void **state)
{
	struct fixture *f = *state;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	acpi_madt_lapic(&f->madt, 0, 0, ACPI_CPU_ENABLED);
	acpi_madt_lapic(&f->madt, 1, 1, 0);		  /* unusable */
	acpi_madt_lapic(&f->madt, 2, 2, ACPI_CPU_ONLINE); /* hot-plug slot */
	acpi_madt_lapic(&f->madt, 3, 3, ACPI_CPU_ENABLED | ACPI_CPU_ONLINE);
	acpi_madt_lapic(&f->madt, 4, 4, 0xfffffffcu); /* other bits only */
	acpi_madt_x2apic(&f->madt, 500, ACPI_CPU_ONLINE, 5);
	acpi_madt_x2apic(&f->madt, 501, 0, 6);
	build_v1(f);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 4);
	assert_cpu(&f->info.listed[0], 0, 0, true, false, false);
	assert_cpu(&f->info.listed[1], 2, 2, false, true, false);
	/* Online Capable is reserved once Enabled is set. */
	assert_cpu(&f->info.listed[2], 3, 3, true, false, false);
	assert_cpu(&f->info.listed[3], 500, 5, false, true, true);
}

/* Firmware normally lists the boot processor first; nothing relies on it. */
static void test_madt_order_kept(void **state)
{
	struct fixture *f = *state;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	acpi_madt_lapic(&f->madt, 0, 7, ACPI_CPU_ONLINE);
	acpi_madt_lapic(&f->madt, 1, 3, ACPI_CPU_ENABLED);
	acpi_madt_lapic(&f->madt, 2, 5, ACPI_CPU_ENABLED);
	build_v1(f);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 3);
	assert_int_equal(f->info.listed[0].apic_id, 7);
	assert_int_equal(f->info.listed[1].apic_id, 3);
	assert_int_equal(f->info.listed[2].apic_id, 5);
}

static void test_lapic_address_override(void **state)
{
	struct fixture *f = *state;

	acpi_madt_ioapic(&f->madt, 2, 0xfec00000, 0);
	acpi_madt_override(&f->madt, 0x123456789000ull);
	build_v1(f);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.lapic_addr, 0x123456789000ull);
	assert_int_equal(f->info.listed_count, 4);
}

static void test_unknown_entries_skipped(void **state)
{
	struct fixture *f = *state;
	uint8_t *e;

	acpi_madt_ioapic(&f->madt, 2, 0xfec00000, 0);
	e = acpi_madt_add(&f->madt, 2, 10); /* interrupt override */
	e[3] = 9;
	acpi_madt_add(&f->madt, 0x7f, 3); /* unknown type */
	acpi_madt_add(&f->madt, 0x80, 2); /* OEM, header only */
	acpi_madt_lapic(&f->madt, 4, 8, ACPI_CPU_ENABLED);
	e = acpi_madt_add(&f->madt, 0, 12); /* a longer type 0 */
	e[2] = 5;
	e[3] = 10;
	e[4] = ACPI_CPU_ENABLED;
	build_v1(f);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 6);
	assert_cpu(&f->info.listed[4], 8, 4, true, false, false);
	assert_cpu(&f->info.listed[5], 10, 5, true, false, false);
}

/* Unreadable and null root entries are passed over on the way to the MADT. */
static void test_unreadable_root_entries_skipped(void **state)
{
	struct fixture *f = *state;
	uint64_t tables[4];

	tables[0] = 0;
	tables[1] = 0x1000; /* not in memory */
	tables[2] = put_facp(&f->mem, LOW);
	tables[3] = f->madt_phys = put_madt(f, HIGH);
	f->xsdt = put_xsdt(&f->mem, tables, 4);
	set_rsdp(f, 2, 0, f->xsdt);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 4);
}

static void test_more_than_max_cpus(void **state)
{
	struct fixture *f = *state;
	uint32_t extra = 76, i;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	for (i = 0; i < CONFIG_MAX_CPUS + extra; i++)
		acpi_madt_x2apic(&f->madt, i, ACPI_CPU_ENABLED, i);
	acpi_madt_x2apic(&f->madt, 5, ACPI_CPU_ENABLED, 5); /* kept already */
	build_v2(f, true);
	assert_int_equal(run(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, CONFIG_MAX_CPUS);
	assert_int_equal(f->info.listed_dropped, extra);
	for (i = 0; i < CONFIG_MAX_CPUS; i++)
		assert_int_equal(f->info.listed[i].apic_id, i);
}

/* ---- the RSDP ---- */

static void test_bad_rsdp_signature(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	f->rsdp[3] = 'X';
	acpi_fix_checksum(f->rsdp, 20, 8);
	assert_failed(f, ACPI_ERR_RSDP_SIGNATURE, "RSDP", 0);
}

static void test_bad_rsdp_checksum(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	f->rsdp[8]++;
	assert_failed(f, ACPI_ERR_RSDP_CHECKSUM, "RSDP", 0);
}

static void test_rsdp_too_short(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	f->rsdp_len = 19;
	assert_failed(f, ACPI_ERR_RSDP_TOO_SHORT, "RSDP", 0);
	assert_int_equal(acpi_read_madt(NULL, 36, fake_map, &f->mem, &f->info),
			 ACPI_ERR_RSDP_TOO_SHORT);
}

static void test_bad_extended_checksum(void **state)
{
	struct fixture *f = *state;

	build_v2(f, true);
	f->rsdp[33] ^= 1; /* reserved byte */
	assert_failed(f, ACPI_ERR_RSDP_EXT_CHECKSUM, "RSDP", 0);
	assert_int_equal(f->info.acpi_revision, 2);
}

static void test_bad_rsdp_length(void **state)
{
	struct fixture *f = *state;

	build_v2(f, true);
	acpi_put32(f->rsdp + 20, 40); /* more than copied */
	acpi_fix_checksum(f->rsdp, 36, 32);
	assert_failed(f, ACPI_ERR_RSDP_LENGTH, "RSDP", 0);
	acpi_put32(f->rsdp + 20, 20);
	acpi_fix_checksum(f->rsdp, 36, 32);
	assert_failed(f, ACPI_ERR_RSDP_LENGTH, "RSDP", 0);
}

/* ---- the RSDT and XSDT ---- */

static void test_bad_xsdt_checksum(void **state)
{
	struct fixture *f = *state;

	build_v2(f, true);
	at(&f->mem, f->xsdt)[20]++; /* OEM table id */
	assert_failed(f, ACPI_ERR_ROOT_CHECKSUM, "XSDT", f->xsdt);
	assert_true(f->info.used_xsdt);
}

static void test_bad_rsdt_signature(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	memcpy(at(&f->mem, f->rsdt), "XSDT", 4);
	refix_table(&f->mem, f->rsdt);
	assert_failed(f, ACPI_ERR_ROOT_SIGNATURE, "RSDT", f->rsdt);
}

static void test_root_shorter_than_header(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	acpi_put32(at(&f->mem, f->rsdt) + 4, 35);
	refix_table(&f->mem, f->rsdt);
	assert_failed(f, ACPI_ERR_ROOT_LENGTH, "RSDT", f->rsdt);
}

static void test_root_unreadable(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	set_rsdp(f, 0, 0x1000, 0);
	assert_failed(f, ACPI_ERR_ROOT_UNREADABLE, "RSDT", 0x1000);
}

/* An address 20 bytes below 2^64 must not wrap around to low memory. */
static void test_root_address_wraps(void **state)
{
	struct fixture *f = *state;
	uint64_t wraps = UINT64_MAX - 19;

	build_v2(f, true);
	set_rsdp(f, 2, f->rsdt, wraps);
	assert_failed(f, ACPI_ERR_ROOT_UNREADABLE, "XSDT", wraps);
}

static void test_root_missing(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	set_rsdp(f, 0, 0, 0);
	assert_failed(f, ACPI_ERR_ROOT_MISSING, "RSDT", 0);
	assert_int_equal(f->mem.map_calls, 0);
}

/* ---- the MADT ---- */

static void test_madt_missing(void **state)
{
	struct fixture *f = *state;
	uint64_t tables[2];

	tables[0] = put_facp(&f->mem, LOW);
	tables[1] = put_table(&f->mem, LOW, "SSDT", "\0\0\0\0", 4);
	f->rsdt = put_rsdt(&f->mem, tables, 2);
	set_rsdp(f, 0, f->rsdt, 0);
	assert_failed(f, ACPI_ERR_MADT_NOT_FOUND, "APIC", 0);
}

static void test_madt_bad_checksum(void **state)
{
	struct fixture *f = *state;

	build_v2(f, true);
	at(&f->mem, f->madt_phys)[44 + 3] = 1; /* first APIC id */
	assert_failed(f, ACPI_ERR_MADT_CHECKSUM, "APIC", f->madt_phys);
	assert_non_null(
		strstr(acpi_status_message(ACPI_ERR_MADT_CHECKSUM), "only the boot processor"));
}

static void test_madt_beyond_mapped_memory(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	acpi_put32(at(&f->mem, f->madt_phys) + 4, 2 * REGION_SIZE);
	assert_failed(f, ACPI_ERR_MADT_UNREADABLE, "APIC", f->madt_phys);
	/* Or the table is intact but its tail is not readable memory. */
	reset_mem(&f->mem);
	build_v2(f, true);
	f->mem.region[HIGH].readable = f->madt_phys - HIGH_BASE + 50;
	assert_failed(f, ACPI_ERR_MADT_UNREADABLE, "APIC", f->madt_phys);
}

static void test_madt_shorter_than_fixed_part(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	acpi_put32(at(&f->mem, f->madt_phys) + 4, 43);
	refix_table(&f->mem, f->madt_phys);
	assert_failed(f, ACPI_ERR_MADT_LENGTH, "APIC", f->madt_phys);
}

static void test_entry_length_zero(void **state)
{
	struct fixture *f = *state;

	acpi_madt_add(&f->madt, 0x7f, 0);
	acpi_madt_lapic(&f->madt, 9, 9, ACPI_CPU_ENABLED);
	build_v1(f);
	assert_failed(f, ACPI_ERR_MADT_ENTRY_TOO_SHORT, "APIC", f->madt_phys);
}

static void test_entry_too_short_for_type(void **state)
{
	static const uint8_t types[] = { 0, 5, 9, 0x42 };
	static const uint8_t lens[] = { 7, 11, 15, 1 };
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(types); i++) {
		reset_mem(&f->mem);
		madt_four_cpus(&f->madt);
		acpi_madt_add(&f->madt, types[i], lens[i]);
		acpi_madt_lapic(&f->madt, 9, 9, ACPI_CPU_ENABLED);
		build_v1(f);
		assert_failed(f, ACPI_ERR_MADT_ENTRY_TOO_SHORT, "APIC", f->madt_phys);
	}
}

static void test_entry_past_end(void **state)
{
	struct fixture *f = *state;

	acpi_madt_lapic(&f->madt, 4, 4, ACPI_CPU_ENABLED);
	f->madt.body[f->madt.len - 8 + 1] = 9; /* 1 byte too long */
	build_v1(f);
	assert_failed(f, ACPI_ERR_MADT_ENTRY_PAST_END, "APIC", f->madt_phys);

	/* A single byte left over cannot even hold an entry header. */
	reset_mem(&f->mem);
	madt_four_cpus(&f->madt);
	f->madt.body[f->madt.len++] = 0;
	build_v1(f);
	assert_failed(f, ACPI_ERR_MADT_ENTRY_PAST_END, "APIC", f->madt_phys);
}

static void test_no_enabled_cpus(void **state)
{
	struct fixture *f = *state;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	acpi_madt_lapic(&f->madt, 0, 0, 0);
	acpi_madt_lapic(&f->madt, 1, 1, ACPI_CPU_ONLINE);
	acpi_madt_lapic(&f->madt, 2, 0xff, ACPI_CPU_ENABLED);
	build_v1(f);
	assert_failed(f, ACPI_ERR_NO_CPUS, "APIC", f->madt_phys);

	reset_mem(&f->mem);
	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	acpi_madt_ioapic(&f->madt, 2, 0xfec00000, 0);
	build_v1(f);
	assert_failed(f, ACPI_ERR_NO_CPUS, "APIC", f->madt_phys);
}

static void test_bad_arguments(void **state)
{
	struct fixture *f = *state;

	build_v1(f);
	assert_int_equal(acpi_read_madt(f->rsdp, f->rsdp_len, NULL, &f->mem, &f->info),
			 ACPI_ERR_BAD_ARGUMENT);
	assert_int_equal(acpi_read_madt(f->rsdp, f->rsdp_len, fake_map, &f->mem, NULL),
			 ACPI_ERR_BAD_ARGUMENT);
	assert_int_equal(f->mem.map_calls, 0);
}

static void test_status_messages(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < ACPI_STATUS_COUNT; i++) {
		const char *msg = acpi_status_message(i);

		assert_non_null(msg);
		assert_true(strlen(msg) > 20);
		assert_int_equal(strstr(msg, "only the boot processor") != NULL, i != ACPI_OK);
		for (j = 0; j < i; j++)
			assert_string_not_equal(msg, acpi_status_message(j));
	}
	assert_non_null(strstr(acpi_status_message(ACPI_STATUS_COUNT), "unknown"));
	assert_non_null(strstr(acpi_status_message((enum acpi_status) - 1), "unknown"));
}

/* ---- random mutation ---- */

/* Mostly small APIC ids so that duplicates happen. */
static void random_entry(struct acpi_madt *b, uint64_t *s)
{
	uint32_t flags = test_rng_below(s, 4);
	uint8_t *e;

	switch (test_rng_below(s, 7)) {
	case 0:
	case 1:
		acpi_madt_lapic(b, test_rng_below(s, 256),
				test_rng_below(s, 8) ? test_rng_below(s, 16) : 0xff, flags);
		break;
	case 2:
	case 3:
		acpi_madt_x2apic(b, test_rng_below(s, 8) ? test_rng_below(s, 400) : 0xffffffffu,
				 flags, test_rng_next(s));
		break;
	case 4: acpi_madt_override(b, test_rng_next(s)); break;
	case 5: acpi_madt_ioapic(b, 2, 0xfec00000, 0); break;
	default:
		e = acpi_madt_add(b, 10 + test_rng_below(s, 240), 2 + test_rng_below(s, 20));
		e[2] = test_rng_next(s);
		break;
	}
}

static void random_image(struct fixture *f, uint64_t *s)
{
	uint32_t n = test_rng_below(s, 24), i;

	reset_mem(&f->mem);
	f->xsdt = 0;
	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, test_rng_below(s, 2));
	acpi_madt_lapic(&f->madt, 0, 0, ACPI_CPU_ENABLED);
	for (i = 0; i < n; i++)
		random_entry(&f->madt, s);
	if (test_rng_below(s, 2))
		build_v1(f);
	else
		build_v2(f, test_rng_below(s, 4) != 0);
}

static void refix_rsdp(struct fixture *f)
{
	uint32_t len = acpi_get32(f->rsdp + 20);

	acpi_fix_checksum(f->rsdp, 20, 8);
	if (f->rsdp[15] >= 2)
		acpi_fix_checksum(f->rsdp, len < 33 ? 36 : len > 64 ? 64 : len, 32);
}

static uint64_t random_table(struct fixture *f, uint64_t *s)
{
	switch (test_rng_below(s, 4)) {
	case 0: return f->rsdt;
	case 1: return f->xsdt ? f->xsdt : f->rsdt;
	default: return f->madt_phys;
	}
}

/* Most mutations keep checksums right so the parser looks further in. */
static void mutate(struct fixture *f, uint64_t *s)
{
	uint64_t table = random_table(f, s);
	uint8_t *t = at(&f->mem, table);
	size_t room = room_after(&f->mem, table);
	uint32_t len = acpi_get32(t + 4);
	/* Bytes worth changing: the table and a little beyond, in memory. */
	size_t span = len < 64 ? 64 : len;

	if (span > room)
		span = room;

	switch (test_rng_below(s, 8)) {
	case 0:
		f->rsdp[test_rng_below(s, 36)] = test_rng_next(s);
		if (test_rng_below(s, 2))
			refix_rsdp(f);
		break;
	case 1: f->rsdp_len = test_rng_below(s, sizeof(f->rsdp) + 1); break;
	case 2:
		acpi_put32(t + 4, test_rng_below(s, 3) ? test_rng_below(s, len + 64)
						       : (uint32_t)test_rng_next(s));
		break;
	case 3: /* an entry length, or anything else, in the body */
		t[44 + test_rng_below(s, span - 44)] = test_rng_below(s, 24);
		break;
	case 4: t[test_rng_below(s, span)] = test_rng_next(s); break;
	case 5:
		f->mem.region[test_rng_below(s, REGIONS)].readable = test_rng_below(s, REGION_SIZE);
		return;
	case 6: /* a root entry pointing anywhere */
		acpi_put64(t + 36 + test_rng_below(s, 2) * 8,
			   test_rng_below(s, 2) ? test_rng_next(s)
						: table + test_rng_below(s, 512));
		break;
	default: t[test_rng_below(s, 36)] ^= 1u << test_rng_below(s, 8); return;
	}
	if (test_rng_below(s, 8))
		refix_table(&f->mem, table);
}

static void check_cpu_list(const struct acpi_madt_info *info)
{
	bool any_enabled = false;
	uint32_t i, j;

	assert_true(info->listed_count >= 1);
	assert_true(info->listed_count <= CONFIG_MAX_CPUS);
	for (i = 0; i < info->listed_count; i++) {
		const struct acpi_cpu *c = &info->listed[i];

		assert_true(c->enabled != c->online_capable);
		if (c->x2apic_entry)
			assert_true(c->apic_id != 0xffffffffu);
		else
			assert_true(c->apic_id < 0xff);
		any_enabled |= c->enabled;
		for (j = 0; j < i; j++)
			assert_true(info->listed[j].apic_id != c->apic_id);
	}
	assert_true(any_enabled);
	assert_string_equal(info->fault_sig, "");
}

static void check_failure(const struct acpi_madt_info *info)
{
	static const char *const sigs[] = { "RSDP", "RSDT", "XSDT", "APIC" };
	bool known_sig = false;
	size_t i;

	assert_int_equal(info->listed_count, 0);
	assert_int_equal(info->listed_dropped, 0);
	for (i = 0; i < 4; i++)
		known_sig |= strcmp(info->fault_sig, sigs[i]) == 0;
	assert_true(known_sig);
}

static void test_random_mutations(void **state)
{
	struct fixture *f = *state;
	unsigned int seen[ACPI_STATUS_COUNT] = { 0 };
	uint64_t seed = 0x2545f4914f6cdd1dull;
	int iter, i;

	for (iter = 0; iter < 20000; iter++) {
		enum acpi_status st;
		int mutations = 1 + test_rng_below(&seed, 4);

		random_image(f, &seed);
		for (i = 0; i < mutations; i++)
			mutate(f, &seed);
		f->mem.map_calls = 0;
		st = run(f);
		assert_true((unsigned int)st < ACPI_STATUS_COUNT);
		assert_non_null(acpi_status_message(st));
		/* Root header and body, two per root entry, MADT twice. */
		assert_true(f->mem.map_calls <= 4 + 2 * (REGION_SIZE / 4));
		if (st == ACPI_OK)
			check_cpu_list(&f->info);
		else
			check_failure(&f->info);
		seen[st]++;
	}
	for (i = 0; i < ACPI_STATUS_COUNT; i++)
		print_message("%-3d %u\n", i, seen[i]);
	/* The mutations must reach deep into the MADT, not stop at the RSDP. */
	assert_true(seen[ACPI_OK] > 1000);
	assert_true(seen[ACPI_ERR_RSDP_CHECKSUM] > 0);
	assert_true(seen[ACPI_ERR_ROOT_CHECKSUM] > 0);
	assert_true(seen[ACPI_ERR_MADT_CHECKSUM] > 0);
	assert_true(seen[ACPI_ERR_MADT_UNREADABLE] > 0);
	assert_true(seen[ACPI_ERR_MADT_ENTRY_TOO_SHORT] > 0);
	assert_true(seen[ACPI_ERR_MADT_ENTRY_PAST_END] > 0);
}

#define TEST(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_v1_rsdt_four_lapic_cpus),
		TEST(test_v2_xsdt_x2apic_high_ids),
		TEST(test_v2_without_xsdt_uses_rsdt),
		TEST(test_v2_rsdp_from_old_tag_uses_rsdt),
		TEST(test_mixed_entries_duplicates_kept_once),
		TEST(test_disabled_and_online_capable),
		TEST(test_madt_order_kept),
		TEST(test_lapic_address_override),
		TEST(test_unknown_entries_skipped),
		TEST(test_unreadable_root_entries_skipped),
		TEST(test_more_than_max_cpus),
		TEST(test_bad_rsdp_signature),
		TEST(test_bad_rsdp_checksum),
		TEST(test_rsdp_too_short),
		TEST(test_bad_extended_checksum),
		TEST(test_bad_rsdp_length),
		TEST(test_bad_xsdt_checksum),
		TEST(test_bad_rsdt_signature),
		TEST(test_root_shorter_than_header),
		TEST(test_root_unreadable),
		TEST(test_root_address_wraps),
		TEST(test_root_missing),
		TEST(test_madt_missing),
		TEST(test_madt_bad_checksum),
		TEST(test_madt_beyond_mapped_memory),
		TEST(test_madt_shorter_than_fixed_part),
		TEST(test_entry_length_zero),
		TEST(test_entry_too_short_for_type),
		TEST(test_entry_past_end),
		TEST(test_no_enabled_cpus),
		TEST(test_bad_arguments),
		TEST(test_status_messages),
		TEST(test_random_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
