/*
 * libFuzzer target for acpi_read_madt() (lib/acpi.c).
 *
 * The input format is in fuzz_acpi.h.
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
#include "tests/fuzz/fuzz_acpi.h"
#include "tests/support/acpi_build.h"
#include "tests/fuzz/check.h"

struct fake_mem {
	uint64_t base;
	const uint8_t *image;
	size_t len;
	void *window; /* the copy most recently handed out */
};

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

	for (off = 0; off + ACPI_SDT_HEADER_LEN <= len; off++) {
		if (!is_table_sig(image + off))
			continue;
		tlen = acpi_get32(image + off + ACPI_SDT_LENGTH);
		if (tlen >= ACPI_SDT_HEADER_LEN && tlen <= len - off)
			acpi_fix_checksum(image + off, tlen, ACPI_SDT_CHECKSUM);
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

	for (i = 0; i < info->listed_count; i++)
		ids[i] = info->listed[i].apic_id;
	qsort(ids, info->listed_count, sizeof(ids[0]), cmp_u32);
	for (i = 1; i < info->listed_count; i++)
		CHECK(ids[i] != ids[i - 1]);
}

/* Each listed processor appears once and is usable now or later. */
static void check_cpus(const struct acpi_madt_info *info)
{
	bool any_enabled = false;
	uint32_t i;

	CHECK(info->listed_count >= 1 && info->listed_count <= CONFIG_MAX_CPUS);
	if (info->listed_dropped)
		CHECK(info->listed_count == CONFIG_MAX_CPUS);
	for (i = 0; i < info->listed_count; i++) {
		const struct acpi_cpu *c = &info->listed[i];

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
	CHECK(info->acpi_revision == rsdp[ACPI_RSDP_REVISION]);
	CHECK(info->oem_id[6] == '\0');
	/* The XSDT is only reachable through a whole ACPI 2.0 RSDP. */
	if (info->used_xsdt)
		CHECK(rsdp_len >= ACPI_SDT_HEADER_LEN && info->acpi_revision >= 2);
	check_cpus(info);
}

static void check_failure(enum acpi_status st, const struct acpi_madt_info *info)
{
	CHECK(st > ACPI_OK && st < ACPI_STATUS_COUNT);
	CHECK(st != ACPI_ERR_BAD_ARGUMENT);
	/* The caller falls back to the boot processor on these zeros. */
	CHECK(info->lapic_addr == 0 && info->madt_flags == 0);
	CHECK(info->listed_count == 0 && info->listed_dropped == 0);
	CHECK(info->fault_sig[4] == '\0' && known_fault_sig(info->fault_sig));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* static: struct acpi_madt_info is tens of KiB. */
	static struct acpi_madt_info info;
	struct fake_mem mem = { .base = FUZZ_ACPI_BASE };
	uint8_t *rsdp, *image;
	size_t rsdp_len;
	enum acpi_status st;
	uint8_t flags;

	if (size < 2)
		return 0;
	flags = data[0];
	rsdp_len = data[1] < size - 2 ? data[1] : size - 2;
	mem.len = size - 2 - rsdp_len;
	if (flags & FUZZ_ACPI_HIGH_BASE) {
		mem.base = FUZZ_ACPI_BASE_HIGH;
		if (mem.len > FUZZ_ACPI_IMAGE_MAX_HIGH)
			mem.len = FUZZ_ACPI_IMAGE_MAX_HIGH;
	}

	rsdp = malloc(rsdp_len ? rsdp_len : 1);
	image = malloc(mem.len ? mem.len : 1);
	CHECK(rsdp != NULL && image != NULL);
	memcpy(rsdp, data + 2, rsdp_len);
	memcpy(image, data + 2 + rsdp_len, mem.len);
	if (flags & FUZZ_ACPI_FIX_RSDP)
		acpi_fix_rsdp(rsdp, rsdp_len);
	if (flags & FUZZ_ACPI_FIX_TABLES)
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
