/*
 * Unit tests for lib/acpi.c: well-formed tables: the processors the MADT lists, through either root.
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

/* ---- well-formed tables ---- */

static void test_v1_rsdt_four_lapic_cpus(void **state)
{
	struct acpi_fixture *f = *state;
	uint32_t i;

	build_v1(f);
	assert_int_equal(read_madt(f), ACPI_OK);
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
	struct acpi_fixture *f = *state;
	uint32_t i;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	for (i = 0; i < 4; i++)
		acpi_madt_x2apic(&f->madt, ids[i], ACPI_CPU_ENABLED, 100 + i);
	build_v2(f, true);
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_true(f->info.used_xsdt);
	assert_int_equal(f->info.acpi_revision, 2);
	assert_int_equal(f->info.madt_flags, 0);
	assert_int_equal(f->info.listed_count, 4);
	for (i = 0; i < 4; i++)
		assert_cpu(&f->info.listed[i], ids[i], 100 + i, true, false, true);
}

static void test_v2_without_xsdt_uses_rsdt(void **state)
{
	struct acpi_fixture *f = *state;

	build_v2(f, false);
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_false(f->info.used_xsdt);
	assert_int_equal(f->info.listed_count, 1);
	assert_cpu(&f->info.listed[0], 0x42, 7, true, false, false);
}

/* The old-ACPI tag holds 20 bytes even when the Revision says 2. */
static void test_v2_rsdp_from_old_tag_uses_rsdt(void **state)
{
	struct acpi_fixture *f = *state;

	build_v2(f, true);
	f->rsdp_len = ACPI_RSDP_V1_LEN;
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_false(f->info.used_xsdt);
	assert_int_equal(f->info.listed_count, 1);
	assert_int_equal(f->info.listed[0].apic_id, 0x42);
}

static void test_mixed_entries_duplicates_kept_once(void **state)
{
	struct acpi_fixture *f = *state;

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
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 4);
	assert_cpu(&f->info.listed[0], 0, 0, true, false, false);
	assert_cpu(&f->info.listed[1], 1, 1, true, false, false);
	assert_cpu(&f->info.listed[2], 2, 2, true, false, false);
	assert_cpu(&f->info.listed[3], 300, 3, true, false, true);
}

static void test_disabled_and_online_capable(void **state)
{
	struct acpi_fixture *f = *state;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, ACPI_MADT_PCAT_COMPAT);
	acpi_madt_lapic(&f->madt, 0, 0, ACPI_CPU_ENABLED);
	acpi_madt_lapic(&f->madt, 1, 1, 0);		  /* unusable */
	acpi_madt_lapic(&f->madt, 2, 2, ACPI_CPU_ONLINE); /* hot-plug slot */
	acpi_madt_lapic(&f->madt, 3, 3, ACPI_CPU_ENABLED | ACPI_CPU_ONLINE);
	acpi_madt_lapic(&f->madt, 4, 4, 0xfffffffcu); /* other bits only */
	acpi_madt_x2apic(&f->madt, 500, ACPI_CPU_ONLINE, 5);
	acpi_madt_x2apic(&f->madt, 501, 0, 6);
	build_v1(f);
	assert_int_equal(read_madt(f), ACPI_OK);
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
	struct acpi_fixture *f = *state;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	acpi_madt_lapic(&f->madt, 0, 7, ACPI_CPU_ONLINE);
	acpi_madt_lapic(&f->madt, 1, 3, ACPI_CPU_ENABLED);
	acpi_madt_lapic(&f->madt, 2, 5, ACPI_CPU_ENABLED);
	build_v1(f);
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 3);
	assert_int_equal(f->info.listed[0].apic_id, 7);
	assert_int_equal(f->info.listed[1].apic_id, 3);
	assert_int_equal(f->info.listed[2].apic_id, 5);
}

static void test_lapic_address_override(void **state)
{
	struct acpi_fixture *f = *state;

	acpi_madt_ioapic(&f->madt, 2, 0xfec00000, 0);
	acpi_madt_override(&f->madt, 0x123456789000ull);
	build_v1(f);
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_int_equal(f->info.lapic_addr, 0x123456789000ull);
	assert_int_equal(f->info.listed_count, 4);
}

static void test_unknown_entries_skipped(void **state)
{
	struct acpi_fixture *f = *state;
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
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 6);
	assert_cpu(&f->info.listed[4], 8, 4, true, false, false);
	assert_cpu(&f->info.listed[5], 10, 5, true, false, false);
}

/* Unreadable and null root entries are passed over on the way to the MADT. */
static void test_unreadable_root_entries_skipped(void **state)
{
	struct acpi_fixture *f = *state;
	uint64_t tables[4];

	tables[0] = 0;
	tables[1] = 0x1000; /* not in memory */
	tables[2] = put_facp(&f->mem, LOW);
	tables[3] = f->madt_phys = put_madt(f, HIGH);
	f->xsdt = put_xsdt(&f->mem, tables, 4);
	set_rsdp(f, 2, 0, f->xsdt);
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, 4);
}

static void test_more_than_max_cpus(void **state)
{
	struct acpi_fixture *f = *state;
	uint32_t extra = 76, i;

	acpi_madt_init(&f->madt, ACPI_LAPIC_DEFAULT, 0);
	for (i = 0; i < CONFIG_MAX_CPUS + extra; i++)
		acpi_madt_x2apic(&f->madt, i, ACPI_CPU_ENABLED, i);
	acpi_madt_x2apic(&f->madt, 5, ACPI_CPU_ENABLED, 5); /* kept already */
	build_v2(f, true);
	assert_int_equal(read_madt(f), ACPI_OK);
	assert_int_equal(f->info.listed_count, CONFIG_MAX_CPUS);
	assert_int_equal(f->info.listed_dropped, extra);
	for (i = 0; i < CONFIG_MAX_CPUS; i++)
		assert_int_equal(f->info.listed[i].apic_id, i);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ACPI_TEST(test_v1_rsdt_four_lapic_cpus),
		ACPI_TEST(test_v2_xsdt_x2apic_high_ids),
		ACPI_TEST(test_v2_without_xsdt_uses_rsdt),
		ACPI_TEST(test_v2_rsdp_from_old_tag_uses_rsdt),
		ACPI_TEST(test_mixed_entries_duplicates_kept_once),
		ACPI_TEST(test_disabled_and_online_capable),
		ACPI_TEST(test_madt_order_kept),
		ACPI_TEST(test_lapic_address_override),
		ACPI_TEST(test_unknown_entries_skipped),
		ACPI_TEST(test_unreadable_root_entries_skipped),
		ACPI_TEST(test_more_than_max_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
