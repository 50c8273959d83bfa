/*
 * Unit tests for the DMAR parser (lib/acpi_dmar.c): tables shaped like real
 * firmware's (two DRHDs, the last with INCLUDE_PCI_ALL, the first scoping
 * the graphics device and a device behind bridges; RMRRs for USB and
 * graphics; an ATSR; an RHSA skipped), and tables that lie: cut short,
 * Lengths beyond the table or under a type's minimum, scopes running past
 * their structure, ranges that end before they start.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "lib/acpi_dmar.h"
#include "tests/support/acpi_build.h"
#include "tests/support/dmar_build.h"

static struct dmar_build b;
static struct dmar_info info;

static const uint8_t gfx[][2] = { { 2, 0 } };
static const uint8_t behind_bridges[][2] = { { 0x1c, 4 }, { 0, 0 }, { 3, 1 } };

/* Like a laptop's: a graphics unit, the catch-all unit, two RMRRs, an ATSR, an RHSA. */
static size_t build_real_shaped(void)
{
	dmar_begin(&b, 39, DMAR_FLAG_INTR_REMAP | DMAR_FLAG_X2APIC_OPT_OUT);
	dmar_add_drhd(&b, 0, 0, 0xfed90000);
	dmar_add_scope(&b, DMAR_SCOPE_PCI_ENDPOINT, 0, 0, gfx, 1);
	dmar_add_scope(&b, DMAR_SCOPE_PCI_SUB_HIERARCHY, 0, 0, behind_bridges, 3);
	dmar_add_drhd(&b, DRHD_FLAG_INCLUDE_PCI_ALL, 0, 0xfed91000);
	dmar_add_scope(&b, DMAR_SCOPE_IOAPIC, 2, 0xf0, (const uint8_t[][2]){ { 0x1f, 0 } }, 1);
	dmar_add_scope(&b, DMAR_SCOPE_HPET, 0, 0, (const uint8_t[][2]){ { 0x1f, 0 } }, 1);
	dmar_add_rmrr(&b, 0, 0x7c000000, 0x7c7fffff);
	dmar_add_scope(&b, DMAR_SCOPE_PCI_ENDPOINT, 0, 0, (const uint8_t[][2]){ { 0x14, 0 } }, 1);
	dmar_add_rmrr(&b, 0, 0x7d800000, 0x7fffffff);
	dmar_add_scope(&b, DMAR_SCOPE_PCI_ENDPOINT, 0, 0, gfx, 1);
	dmar_add_atsr(&b, 0, 0);
	dmar_add_scope(&b, DMAR_SCOPE_PCI_SUB_HIERARCHY, 0, 0, (const uint8_t[][2]){ { 1, 0 } }, 1);
	dmar_add_rhsa(&b, 0xfed91000, 0);
	return dmar_finish(&b);
}

static void real_shaped_table(void **state)
{
	size_t len = build_real_shaped();
	const struct dmar_scope *s;
	(void)state;

	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_OK);
	assert_int_equal(info.host_width, 39);
	assert_int_equal(info.flags, DMAR_FLAG_INTR_REMAP | DMAR_FLAG_X2APIC_OPT_OUT);
	assert_int_equal(info.unit_count, 2);
	assert_int_equal(info.units[0].reg_base, 0xfed90000);
	assert_int_equal(info.units[0].flags, 0);
	assert_int_equal(info.units[1].reg_base, 0xfed91000);
	assert_int_equal(info.units[1].flags, DRHD_FLAG_INCLUDE_PCI_ALL);
	assert_int_equal(info.units[0].scopes.count, 2);
	s = &info.units[0].scopes.kept[1];
	assert_int_equal(s->type, DMAR_SCOPE_PCI_SUB_HIERARCHY);
	assert_int_equal(s->start_bus, 0);
	assert_int_equal(s->path_len, 3);
	assert_int_equal(s->path[0].device, 0x1c);
	assert_int_equal(s->path[0].function, 4);
	assert_int_equal(s->path[2].device, 3);
	assert_int_equal(s->path[2].function, 1);
	assert_int_equal(info.units[1].scopes.kept[0].type, DMAR_SCOPE_IOAPIC);
	assert_int_equal(info.units[1].scopes.kept[0].enum_id, 2);
	assert_int_equal(info.units[1].scopes.kept[0].start_bus, 0xf0);
	assert_int_equal(info.rmrr_count, 2);
	assert_int_equal(info.rmrrs[0].base, 0x7c000000);
	assert_int_equal(info.rmrrs[0].limit, 0x7c7fffff);
	assert_int_equal(info.rmrrs[1].scopes.kept[0].path[0].device, 2);
	assert_int_equal(info.atsr_count, 1);
	assert_int_equal(info.atsrs[0].scopes.count, 1);
	assert_int_equal(info.skipped, 1);
}

/* Every cut of a good table is refused, and no cut is read beyond (ASan). */
static void every_truncation_refused(void **state)
{
	size_t len = build_real_shaped();
	(void)state;

	for (size_t cut = 0; cut < len; cut++)
		assert_int_not_equal(acpi_dmar_parse(b.bytes, cut, &info), DMAR_OK);
}

/* The header's Length says less than the bytes: the structures after it are not read. */
static void header_length_shorter(void **state)
{
	size_t len = build_real_shaped();
	(void)state;

	acpi_put32(b.bytes + 4, 60); /* cuts the first DRHD's scopes */
	acpi_fix_checksum(b.bytes, 60, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_STRUCT_PAST_END);
	assert_int_equal(info.fault_offset, 48);
}

static void header_length_beyond(void **state)
{
	size_t len = build_real_shaped();
	(void)state;

	assert_int_equal(acpi_dmar_parse(b.bytes, len - 1, &info), DMAR_ERR_LENGTH);
	assert_int_equal(acpi_dmar_parse(b.bytes, 47, &info), DMAR_ERR_TOO_SHORT);
}

static void bad_checksum_and_signature(void **state)
{
	size_t len = build_real_shaped();
	(void)state;

	b.bytes[60] ^= 1;
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_CHECKSUM);
	b.bytes[60] ^= 1;
	b.bytes[0] = 'X';
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_SIGNATURE);
	assert_int_equal(acpi_dmar_parse(NULL, len, &info), DMAR_ERR_TOO_SHORT);
}

/* A structure's Length lying: beyond the table, under its minimum, zero (no endless loop). */
static void structure_length_lies(void **state)
{
	size_t len, drhd;
	(void)state;

	dmar_begin(&b, 48, 0);
	drhd = dmar_add_drhd(&b, DRHD_FLAG_INCLUDE_PCI_ALL, 0, 0xfed90000);
	len = dmar_finish(&b);
	acpi_put16(b.bytes + drhd + 2, 17);
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_STRUCT_PAST_END);
	acpi_put16(b.bytes + drhd + 2, 15);
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_STRUCT_LENGTH);
	acpi_put16(b.bytes + drhd + 2, 0);
	acpi_put16(b.bytes + drhd, 7); /* an unknown type with Length 0 */
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_STRUCT_LENGTH);
	assert_int_equal(info.fault_offset, drhd);
}

/* A scope's Length: past its structure, odd, under 6. */
static void scope_length_lies(void **state)
{
	size_t len, scope;
	(void)state;

	dmar_begin(&b, 39, 0);
	dmar_add_drhd(&b, 0, 0, 0xfed90000);
	scope = b.len;
	dmar_add_scope(&b, DMAR_SCOPE_PCI_ENDPOINT, 0, 0, gfx, 1);
	dmar_add_drhd(&b, DRHD_FLAG_INCLUDE_PCI_ALL, 0, 0xfed91000);
	len = dmar_finish(&b);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_OK);
	for (uint8_t bad = 0; bad < 12; bad++) {
		if (bad == 8)
			continue;
		b.bytes[scope + 1] = bad;
		acpi_fix_checksum(b.bytes, len, 9);
		assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_SCOPE_LENGTH);
		assert_int_equal(info.fault_offset, scope);
	}
}

static void rmrr_and_base_checks(void **state)
{
	size_t len, rmrr;
	(void)state;

	dmar_begin(&b, 39, 0);
	dmar_add_drhd(&b, DRHD_FLAG_INCLUDE_PCI_ALL, 0, 0xfed90000);
	rmrr = dmar_add_rmrr(&b, 0, 0x100000, 0xfffff);
	len = dmar_finish(&b);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_RMRR_RANGE);
	acpi_put64(b.bytes + rmrr + 16, 0x100ffe);
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_RMRR_RANGE);
	acpi_put64(b.bytes + rmrr + 16, 0x100fff);
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_OK);
	acpi_put64(b.bytes + 48 + 8, 0xfed90800);
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_REGISTER_BASE);
}

static void no_units_and_widths(void **state)
{
	size_t len;
	(void)state;

	dmar_begin(&b, 39, 0);
	dmar_add_rmrr(&b, 0, 0x100000, 0x100fff);
	len = dmar_finish(&b);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_NO_UNITS);
	dmar_begin(&b, 11, 0);
	dmar_add_drhd(&b, DRHD_FLAG_INCLUDE_PCI_ALL, 0, 0xfed90000);
	len = dmar_finish(&b);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_HOST_WIDTH);
	b.bytes[36] = 64;
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_HOST_WIDTH);
	b.bytes[36] = 63;
	acpi_fix_checksum(b.bytes, len, 9);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_OK);
	assert_int_equal(info.host_width, 64);
}

/* More units than kept is refused (a unit left out would leave its devices unprotected). */
static void too_many_units_and_long_paths(void **state)
{
	uint8_t path[DMAR_MAX_PATH + 2][2] = { { 0 } };
	size_t len;
	(void)state;

	dmar_begin(&b, 39, 0);
	dmar_add_drhd(&b, 0, 0, 0x1000);
	dmar_add_scope(&b, DMAR_SCOPE_PCI_ENDPOINT, 0, 5, (const uint8_t(*)[2])path,
		       DMAR_MAX_PATH + 2);
	for (unsigned int i = 0; i < DMAR_MAX_SCOPES + 1; i++)
		dmar_add_scope(&b, DMAR_SCOPE_PCI_ENDPOINT, 0, 0, gfx, 1);
	len = dmar_finish(&b);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_OK);
	assert_true(info.units[0].scopes.kept[0].path_cut);
	assert_int_equal(info.units[0].scopes.kept[0].path_len, DMAR_MAX_PATH);
	assert_int_equal(info.units[0].scopes.count, DMAR_MAX_SCOPES + 2);
	dmar_begin(&b, 39, 0);
	for (unsigned int i = 0; i <= DMAR_MAX_UNITS; i++)
		dmar_add_drhd(&b, 0, 0, 0x1000 * (i + 1));
	len = dmar_finish(&b);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_TOO_MANY_UNITS);
	for (int s = 0; s < DMAR_STATUS_COUNT; s++)
		assert_non_null(acpi_dmar_status_message((enum dmar_status)s));
}

/* Hidden from a guest: named XMAR, still summing to 0, and no DMAR a parser would take. */
static void hidden_from_the_guest(void **state)
{
	size_t len = build_real_shaped();
	uint8_t sum = 0;
	(void)state;

	assert_true(acpi_dmar_hide(b.bytes, len));
	assert_memory_equal(b.bytes, "XMAR", 4);
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + b.bytes[i]);
	assert_int_equal(sum, 0);
	assert_int_equal(acpi_dmar_parse(b.bytes, len, &info), DMAR_ERR_SIGNATURE);
	/* Not twice, not with a length the header does not say, not something else. */
	assert_false(acpi_dmar_hide(b.bytes, len));
	len = build_real_shaped();
	assert_false(acpi_dmar_hide(b.bytes, len - 1));
	assert_false(acpi_dmar_hide(b.bytes, 20));
	assert_memory_equal(b.bytes, "DMAR", 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_shaped_table),
		cmocka_unit_test(every_truncation_refused),
		cmocka_unit_test(header_length_shorter),
		cmocka_unit_test(header_length_beyond),
		cmocka_unit_test(bad_checksum_and_signature),
		cmocka_unit_test(structure_length_lies),
		cmocka_unit_test(scope_length_lies),
		cmocka_unit_test(rmrr_and_base_checks),
		cmocka_unit_test(no_units_and_widths),
		cmocka_unit_test(too_many_units_and_long_paths),
		cmocka_unit_test(hidden_from_the_guest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
