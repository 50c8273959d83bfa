/*
 * Unit tests for lib/acpi.c: MADTs the parser refuses, bad arguments, and the status messages.
 * The fake memory and table builders are in tests/support/acpi_fixture.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/support/acpi_fixture.h"

/* ---- the MADT ---- */

static void test_madt_missing(void **state)
{
	struct acpi_fixture *f = *state;
	uint64_t tables[2];

	tables[0] = put_facp(&f->mem, LOW);
	tables[1] = put_table(&f->mem, LOW, "SSDT", "\0\0\0\0", 4);
	f->rsdt = put_rsdt(&f->mem, tables, 2);
	set_rsdp(f, 0, f->rsdt, 0);
	assert_failed(f, ACPI_ERR_MADT_NOT_FOUND, "APIC", 0);
}

static void test_madt_bad_checksum(void **state)
{
	struct acpi_fixture *f = *state;

	build_v2(f, true);
	mem_at(&f->mem, f->madt_phys)[44 + 3] = 1; /* first APIC id */
	assert_failed(f, ACPI_ERR_MADT_CHECKSUM, "APIC", f->madt_phys);
	assert_non_null(
		strstr(acpi_status_message(ACPI_ERR_MADT_CHECKSUM), "only the boot processor"));
}

static void test_madt_beyond_mapped_memory(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	acpi_put32(mem_at(&f->mem, f->madt_phys) + 4, 2 * REGION_SIZE);
	assert_failed(f, ACPI_ERR_MADT_UNREADABLE, "APIC", f->madt_phys);
	/* Or the table is intact but its tail is not readable memory. */
	mem_reset(&f->mem);
	build_v2(f, true);
	f->mem.region[HIGH].readable = f->madt_phys - HIGH_BASE + 50;
	assert_failed(f, ACPI_ERR_MADT_UNREADABLE, "APIC", f->madt_phys);
}

static void test_madt_shorter_than_fixed_part(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	acpi_put32(mem_at(&f->mem, f->madt_phys) + 4, 43);
	refix_table(&f->mem, f->madt_phys);
	assert_failed(f, ACPI_ERR_MADT_LENGTH, "APIC", f->madt_phys);
}

static void test_entry_length_zero(void **state)
{
	struct acpi_fixture *f = *state;

	acpi_madt_add(&f->madt, 0x7f, 0);
	acpi_madt_lapic(&f->madt, 9, 9, ACPI_CPU_ENABLED);
	build_v1(f);
	assert_failed(f, ACPI_ERR_MADT_ENTRY_TOO_SHORT, "APIC", f->madt_phys);
}

static void test_entry_too_short_for_type(void **state)
{
	static const uint8_t types[] = { 0, 5, 9, 0x42 };
	static const uint8_t lens[] = { 7, 11, 15, 1 };
	struct acpi_fixture *f = *state;
	size_t i;

	for (i = 0; i < sizeof(types); i++) {
		mem_reset(&f->mem);
		madt_four_cpus(&f->madt);
		acpi_madt_add(&f->madt, types[i], lens[i]);
		acpi_madt_lapic(&f->madt, 9, 9, ACPI_CPU_ENABLED);
		build_v1(f);
		assert_failed(f, ACPI_ERR_MADT_ENTRY_TOO_SHORT, "APIC", f->madt_phys);
	}
}

static void test_entry_past_end(void **state)
{
	struct acpi_fixture *f = *state;

	acpi_madt_lapic(&f->madt, 4, 4, ACPI_CPU_ENABLED);
	f->madt.body[f->madt.len - 8 + 1] = 9; /* 1 byte too long */
	build_v1(f);
	assert_failed(f, ACPI_ERR_MADT_ENTRY_PAST_END, "APIC", f->madt_phys);

	/* A single byte left over cannot even hold an entry header. */
	mem_reset(&f->mem);
	madt_four_cpus(&f->madt);
	f->madt.body[f->madt.len++] = 0;
	build_v1(f);
	assert_failed(f, ACPI_ERR_MADT_ENTRY_PAST_END, "APIC", f->madt_phys);
}

static void test_no_enabled_cpus(void **state)
{
	struct acpi_fixture *f = *state;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	acpi_madt_lapic(&f->madt, 0, 0, 0);
	acpi_madt_lapic(&f->madt, 1, 1, ACPI_CPU_ONLINE);
	acpi_madt_lapic(&f->madt, 2, 0xff, ACPI_CPU_ENABLED);
	build_v1(f);
	assert_failed(f, ACPI_ERR_NO_CPUS, "APIC", f->madt_phys);

	mem_reset(&f->mem);
	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	acpi_madt_ioapic(&f->madt, 2, 0xfec00000, 0);
	build_v1(f);
	assert_failed(f, ACPI_ERR_NO_CPUS, "APIC", f->madt_phys);
}

static void test_bad_arguments(void **state)
{
	struct acpi_fixture *f = *state;

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		ACPI_TEST(test_madt_missing),
		ACPI_TEST(test_madt_bad_checksum),
		ACPI_TEST(test_madt_beyond_mapped_memory),
		ACPI_TEST(test_madt_shorter_than_fixed_part),
		ACPI_TEST(test_entry_length_zero),
		ACPI_TEST(test_entry_too_short_for_type),
		ACPI_TEST(test_entry_past_end),
		ACPI_TEST(test_no_enabled_cpus),
		ACPI_TEST(test_bad_arguments),
		ACPI_TEST(test_status_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
