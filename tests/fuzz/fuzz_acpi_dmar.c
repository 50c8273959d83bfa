/*
 * libFuzzer target for the DMAR parser (lib/acpi_dmar.c).
 *
 * Input layout:
 *   byte 0     bit 0: make the header's Length the input's length (else it
 *              stays as the input says, which may lie)
 *   the rest   the table, from an exact-size heap copy so that ASan sees
 *              any overread; its signature is forced to "DMAR" and its
 *              checksum fixed, so the fuzzer spends its time in the
 *              structures, not on the checks that guard them
 *
 * Promises checked, beyond the sanitizers:
 *   - a table accepted lists 1 to DMAR_MAX_UNITS units, each with a
 *     nonzero page-aligned register base, RMRRs whose limit ends a page at
 *     or after their base, scopes whose kept paths fit their arrays;
 *   - a refusal names an offset inside the table;
 *   - parsing is deterministic: the same bytes give the same answer.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/acpi_dmar.h"
#include "tests/fuzz/check.h"

#define HEADER_LEN 48
#define CHECKSUM   9

static struct dmar_info info, again;

static void check_scopes(const struct dmar_scopes *s)
{
	unsigned int kept = s->count < DMAR_MAX_SCOPES ? s->count : DMAR_MAX_SCOPES;

	for (unsigned int i = 0; i < kept; i++)
		CHECK(s->kept[i].path_len >= 1 && s->kept[i].path_len <= DMAR_MAX_PATH);
}

static void check_accepted(void)
{
	CHECK(info.unit_count >= 1 && info.unit_count <= DMAR_MAX_UNITS);
	CHECK(info.rmrr_count <= DMAR_MAX_RMRRS && info.atsr_count <= DMAR_MAX_ATSRS);
	CHECK(info.host_width >= 12 && info.host_width <= 64);
	for (uint32_t i = 0; i < info.unit_count; i++) {
		CHECK(info.units[i].reg_base && !(info.units[i].reg_base & 0xfff));
		check_scopes(&info.units[i].scopes);
	}
	for (uint32_t i = 0; i < info.rmrr_count; i++) {
		CHECK(info.rmrrs[i].base <= info.rmrrs[i].limit);
		CHECK((info.rmrrs[i].limit & 0xfff) == 0xfff && !(info.rmrrs[i].base & 0xfff));
		check_scopes(&info.rmrrs[i].scopes);
	}
	for (uint32_t i = 0; i < info.atsr_count; i++)
		check_scopes(&info.atsrs[i].scopes);
}

static void shape(uint8_t *table, size_t len, bool fix_length)
{
	uint8_t sum = 0;

	if (len < HEADER_LEN)
		return;
	memcpy(table, "DMAR", 4);
	if (fix_length)
		for (int i = 0; i < 4; i++)
			table[4 + i] = (uint8_t)(len >> (8 * i));
	table[CHECKSUM] = 0;
	for (size_t i = 0; i < len; i++)
		sum += table[i];
	table[CHECKSUM] = (uint8_t)-sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum dmar_status st;
	uint8_t *table;
	size_t len;

	if (size < 1)
		return 0;
	len = size - 1;
	table = malloc(len ? len : 1);
	memcpy(table, data + 1, len);
	shape(table, len, data[0] & 1);
	st = acpi_dmar_parse(table, len, &info);
	CHECK(acpi_dmar_status_message(st) != NULL);
	if (st == DMAR_OK)
		check_accepted();
	else
		CHECK(info.fault_offset <= len);
	CHECK(acpi_dmar_parse(table, len, &again) == st);
	CHECK(memcmp(&info, &again, sizeof(info)) == 0);
	free(table);
	return 0;
}
