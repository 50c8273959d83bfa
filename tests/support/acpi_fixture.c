/* The lib/acpi.c unit tests' fixture: see acpi_fixture.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/support/acpi_fixture.h"

/* ---- fake physical memory ---- */

static void mem_release(struct fake_mem *m)
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

const void *fake_map(void *ctx, uint64_t phys, size_t len)
{
	struct fake_mem *m = ctx;
	const uint8_t *src;

	m->map_calls++;
	mem_release(m);
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

void mem_reset(struct fake_mem *m)
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
uint8_t *mem_at(struct fake_mem *m, uint64_t phys)
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

uint64_t put_table(struct fake_mem *m, int which, const char *sig, const void *body,
		   size_t body_len)
{
	uint64_t phys = mem_alloc(m, which, ACPI_SDT_HEADER_LEN + body_len);

	acpi_build_sdt(mem_at(m, phys), sig, 1, &test_oem, body, body_len);
	return phys;
}

/* Bytes of fake memory from phys to the end of its window. */
size_t mem_room_after(struct fake_mem *m, uint64_t phys)
{
	int which = phys >= HIGH_BASE ? HIGH : LOW;

	mem_at(m, phys); /* fails the test if phys is in neither window */
	return REGION_SIZE - (phys - m->region[which].base);
}

/* Recompute a table's checksum after a test changed it, if it fits. */
void refix_table(struct fake_mem *m, uint64_t phys)
{
	uint8_t *t = mem_at(m, phys);
	uint32_t len = acpi_get32(t + 4);

	if (len >= 10 && len <= mem_room_after(m, phys))
		acpi_fix_checksum(t, len, 9);
}

uint64_t put_facp(struct fake_mem *m, int which)
{
	uint8_t body[208];

	memset(body, 0xa5, sizeof(body));
	return put_table(m, which, "FACP", body, sizeof(body));
}

uint64_t put_rsdt(struct fake_mem *m, const uint64_t *tables, size_t n)
{
	uint8_t body[64];
	size_t i;

	for (i = 0; i < n; i++)
		acpi_put32(body + 4 * i, tables[i]);
	return put_table(m, LOW, "RSDT", body, 4 * n);
}

uint64_t put_xsdt(struct fake_mem *m, const uint64_t *tables, size_t n)
{
	uint8_t body[64];
	size_t i;

	for (i = 0; i < n; i++)
		acpi_put64(body + 8 * i, tables[i]);
	return put_table(m, LOW, "XSDT", body, 8 * n);
}

void set_rsdp(struct acpi_fixture *f, uint8_t revision, uint64_t rsdt, uint64_t xsdt)
{
	memset(f->rsdp, 0, sizeof(f->rsdp));
	f->rsdp_len = acpi_build_rsdp(f->rsdp, &test_oem, revision, (uint32_t)rsdt, xsdt);
}

uint64_t put_madt(struct acpi_fixture *f, int which)
{
	return put_table(&f->mem, which, "APIC", f->madt.body, f->madt.len);
}

/* ACPI 1.0: RSDP -> RSDT -> { FACP, MADT }. */
void build_v1(struct acpi_fixture *f)
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
void build_v2(struct acpi_fixture *f, bool give_xsdt)
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
void madt_four_cpus(struct acpi_madt *b)
{
	int i;

	acpi_madt_init(b, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	for (i = 0; i < 4; i++)
		acpi_madt_lapic(b, i, 2 * i, ACPI_CPU_ENABLED);
}

/* The parser sees a heap copy of exactly rsdp_len bytes, as from the tag. */
enum acpi_status read_madt(struct acpi_fixture *f)
{
	uint8_t *copy = malloc(f->rsdp_len ? f->rsdp_len : 1);
	enum acpi_status st;

	assert_non_null(copy);
	memcpy(copy, f->rsdp, f->rsdp_len);
	st = acpi_read_madt(copy, f->rsdp_len, fake_map, &f->mem, &f->info);
	free(copy);
	mem_release(&f->mem);
	assert_int_equal(f->mem.bad_requests, 0);
	return st;
}

/* A failure leaves no processors and names the table at fault. */
void assert_failed(struct acpi_fixture *f, enum acpi_status want, const char *sig, uint64_t addr)
{
	assert_int_equal(read_madt(f), want);
	assert_int_equal(f->info.listed_count, 0);
	assert_int_equal(f->info.listed_dropped, 0);
	assert_int_equal(f->info.lapic_addr, 0);
	assert_string_equal(f->info.fault_sig, sig);
	assert_int_equal(f->info.fault_addr, addr);
}

void assert_cpu(const struct acpi_cpu *c, uint32_t apic_id, uint32_t uid, bool enabled,
		bool online_capable, bool x2apic_entry)
{
	assert_int_equal(c->apic_id, apic_id);
	assert_int_equal(c->acpi_uid, uid);
	assert_int_equal(c->enabled, enabled);
	assert_int_equal(c->online_capable, online_capable);
	assert_int_equal(c->x2apic_entry, x2apic_entry);
}

int acpi_fixture_setup(void **state)
{
	struct acpi_fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	mem_reset(&f->mem);
	madt_four_cpus(&f->madt);
	*state = f;
	alarm(60); /* a parser that never stops fails instead of hanging */
	return 0;
}

int acpi_fixture_teardown(void **state)
{
	struct acpi_fixture *f = *state;

	alarm(0);
	mem_release(&f->mem);
	free(f);
	return 0;
}
