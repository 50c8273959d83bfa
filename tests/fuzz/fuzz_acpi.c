/*
 * libFuzzer target for acpi_read_madt() (lib/acpi.c).
 *
 * Input layout:
 *   byte 0       flags (FLAG_*)
 *   byte 1       n, the length of the RSDP copy (clipped to what follows)
 *   n bytes      the RSDP copy, as the Multiboot2 ACPI tag would hold it
 *   the rest     a physical memory image starting at IMAGE_BASE (or at
 *                IMAGE_BASE_HIGH with FLAG_HIGH_BASE); nothing else exists
 *
 * Random mutations almost never keep an ACPI checksum right, which would
 * leave the MADT walk unexplored, so on request the harness repairs every
 * checksum it can see before the parse; without the flags the checksum
 * failure paths are fuzzed too.
 *
 * The map callback hands out a fresh heap copy of exactly the requested
 * range and frees the previous one, so AddressSanitizer catches reads past
 * a mapping and uses of a mapping after the next map call.  The RSDP copy
 * is likewise a heap block of exactly n bytes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/acpi.h"

#define FLAG_FIX_RSDP	0x01 /* repair both RSDP checksums */
#define FLAG_FIX_TABLES 0x02 /* repair RSDT, XSDT and APIC checksums */
#define FLAG_HIGH_BASE	0x04 /* put the image just below 2^64 */

/* Where QEMU puts its tables, so seeds look like the real thing. */
#define IMAGE_BASE	0x7fe0000ull
/* Near the top, to drive address arithmetic towards wrapping. */
#define IMAGE_BASE_HIGH 0xffffffffffff0000ull
#define IMAGE_MAX_HIGH	0x10000ull

/* Offsets into ACPI structures (ACPI 6.5 sections 5.2.5.3 and 5.2.6). */
#define RSDP_CHECKSUM	  8
#define RSDP_REVISION	  15
#define RSDP_LENGTH	  20
#define RSDP_EXT_CHECKSUM 32
#define SDT_LENGTH	  4
#define SDT_CHECKSUM	  9
#define SDT_HEADER_LEN	  36

#define CHECK(cond)                       \
	do {                              \
		if (!(cond))              \
			__builtin_trap(); \
	} while (0)

struct fake_mem {
	uint64_t base;
	const uint8_t *image;
	size_t len;
	void *window; /* the copy most recently handed out */
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Sets p[at] so that p[0..len) sums to zero modulo 256. */
static void fix_sum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;
	size_t i;

	p[at] = 0;
	for (i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

static void fix_rsdp(uint8_t *rsdp, size_t len)
{
	uint32_t ext_len;

	if (len < 20)
		return;
	fix_sum(rsdp, 20, RSDP_CHECKSUM);
	if (len < SDT_HEADER_LEN || rsdp[RSDP_REVISION] < 2)
		return;
	ext_len = le32(rsdp + RSDP_LENGTH);
	if (ext_len >= SDT_HEADER_LEN && ext_len <= len)
		fix_sum(rsdp, ext_len, RSDP_EXT_CHECKSUM);
}

static bool is_table_sig(const uint8_t *p)
{
	return !memcmp(p, "RSDT", 4) || !memcmp(p, "XSDT", 4) || !memcmp(p, "APIC", 4);
}

/*
 * Repairs every table header found anywhere in the image whose length
 * fits.  This knows nothing of how the parser finds tables, so it neither
 * helps nor hides a bug in that search.
 */
static void fix_tables(uint8_t *image, size_t len)
{
	size_t off;
	uint32_t tlen;

	for (off = 0; off + SDT_HEADER_LEN <= len; off++) {
		if (!is_table_sig(image + off))
			continue;
		tlen = le32(image + off + SDT_LENGTH);
		if (tlen >= SDT_HEADER_LEN && tlen <= len - off)
			fix_sum(image + off, tlen, SDT_CHECKSUM);
	}
}

static const void *map(void *ctx, uint64_t phys, size_t len)
{
	struct fake_mem *m = ctx;
	uint64_t off = phys - m->base;

	/* The parser promises never to ask for empty or wrapping ranges. */
	CHECK(len != 0 && phys + (len - 1) >= phys);

	free(m->window);
	m->window = NULL;
	if (phys < m->base || off > m->len || len > m->len - off)
		return NULL;
	m->window = malloc(len);
	CHECK(m->window != NULL);
	memcpy(m->window, m->image + off, len);
	return m->window;
}

static bool known_fault_sig(const char *sig)
{
	return !strcmp(sig, "RSDP") || !strcmp(sig, "RSDT") || !strcmp(sig, "XSDT") ||
	       !strcmp(sig, "APIC");
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* Sorted, so that the check stays cheap next to the parse itself. */
static void check_unique_ids(const struct acpi_madt_info *info)
{
	static uint32_t ids[CONFIG_MAX_CPUS];
	uint32_t i;

	for (i = 0; i < info->cpu_count; i++)
		ids[i] = info->cpus[i].apic_id;
	qsort(ids, info->cpu_count, sizeof(ids[0]), cmp_u32);
	for (i = 1; i < info->cpu_count; i++)
		CHECK(ids[i] != ids[i - 1]);
}

/* Each listed processor appears once and is usable now or later. */
static void check_cpus(const struct acpi_madt_info *info)
{
	bool any_enabled = false;
	uint32_t i;

	CHECK(info->cpu_count >= 1 && info->cpu_count <= CONFIG_MAX_CPUS);
	if (info->cpus_dropped)
		CHECK(info->cpu_count == CONFIG_MAX_CPUS);
	for (i = 0; i < info->cpu_count; i++) {
		const struct acpi_cpu *c = &info->cpus[i];

		CHECK(c->enabled != c->online_capable);
		CHECK(c->apic_id != (c->x2apic_entry ? 0xffffffffu : 0xffu));
		any_enabled |= c->enabled;
	}
	CHECK(any_enabled);
	check_unique_ids(info);
}

static void check_success(const struct acpi_madt_info *info, const uint8_t *rsdp, size_t rsdp_len)
{
	uint8_t sum = 0;
	size_t i;

	/* Success means the RSDP's own checksum was honoured. */
	CHECK(rsdp_len >= 20);
	for (i = 0; i < 20; i++)
		sum += rsdp[i];
	CHECK(sum == 0);
	CHECK(info->acpi_revision == rsdp[RSDP_REVISION]);
	CHECK(info->oem_id[6] == '\0');
	/* The XSDT is only reachable through a whole ACPI 2.0 RSDP. */
	if (info->used_xsdt)
		CHECK(rsdp_len >= SDT_HEADER_LEN && info->acpi_revision >= 2);
	check_cpus(info);
}

static void check_failure(enum acpi_status st, const struct acpi_madt_info *info)
{
	CHECK(st > ACPI_OK && st < ACPI_STATUS_COUNT);
	CHECK(st != ACPI_ERR_BAD_ARGUMENT);
	/* The caller falls back to the boot processor on these zeros. */
	CHECK(info->lapic_addr == 0 && info->madt_flags == 0);
	CHECK(info->cpu_count == 0 && info->cpus_dropped == 0);
	CHECK(info->fault_sig[4] == '\0' && known_fault_sig(info->fault_sig));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* static: struct acpi_madt_info is tens of KiB. */
	static struct acpi_madt_info info;
	struct fake_mem mem = { .base = IMAGE_BASE };
	uint8_t *rsdp, *image;
	size_t rsdp_len;
	enum acpi_status st;
	uint8_t flags;

	if (size < 2)
		return 0;
	flags = data[0];
	rsdp_len = data[1] < size - 2 ? data[1] : size - 2;
	mem.len = size - 2 - rsdp_len;
	if (flags & FLAG_HIGH_BASE) {
		mem.base = IMAGE_BASE_HIGH;
		if (mem.len > IMAGE_MAX_HIGH)
			mem.len = IMAGE_MAX_HIGH;
	}

	rsdp = malloc(rsdp_len ? rsdp_len : 1);
	image = malloc(mem.len ? mem.len : 1);
	CHECK(rsdp != NULL && image != NULL);
	memcpy(rsdp, data + 2, rsdp_len);
	memcpy(image, data + 2 + rsdp_len, mem.len);
	if (flags & FLAG_FIX_RSDP)
		fix_rsdp(rsdp, rsdp_len);
	if (flags & FLAG_FIX_TABLES)
		fix_tables(image, mem.len);
	mem.image = image;

	st = acpi_read_madt(rsdp, rsdp_len, map, &mem, &info);
	if (st == ACPI_OK)
		check_success(&info, rsdp, rsdp_len);
	else
		check_failure(st, &info);
	CHECK(acpi_status_message(st) != NULL);

	free(mem.window);
	free(image);
	free(rsdp);
	return 0;
}
