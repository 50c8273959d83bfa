/*
 * Unit tests for lib/acpi.c: the RSDP and the root tables (RSDT, XSDT) the parser refuses.
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

/* ---- the RSDP ---- */

static void test_bad_rsdp_signature(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	f->rsdp[3] = 'X';
	acpi_fix_checksum(f->rsdp, 20, 8);
	assert_failed(f, ACPI_ERR_RSDP_SIGNATURE, "RSDP", 0);
}

static void test_bad_rsdp_checksum(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	f->rsdp[8]++;
	assert_failed(f, ACPI_ERR_RSDP_CHECKSUM, "RSDP", 0);
}

static void test_rsdp_too_short(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	f->rsdp_len = 19;
	assert_failed(f, ACPI_ERR_RSDP_TOO_SHORT, "RSDP", 0);
	assert_int_equal(acpi_read_madt(NULL, 36, fake_map, &f->mem, &f->info),
			 ACPI_ERR_RSDP_TOO_SHORT);
}

static void test_bad_extended_checksum(void **state)
{
	struct acpi_fixture *f = *state;

	build_v2(f, true);
	f->rsdp[33] ^= 1; /* reserved byte */
	assert_failed(f, ACPI_ERR_RSDP_EXT_CHECKSUM, "RSDP", 0);
	assert_int_equal(f->info.acpi_revision, 2);
}

static void test_bad_rsdp_length(void **state)
{
	struct acpi_fixture *f = *state;

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
	struct acpi_fixture *f = *state;

	build_v2(f, true);
	mem_at(&f->mem, f->xsdt)[20]++; /* OEM table id */
	assert_failed(f, ACPI_ERR_ROOT_CHECKSUM, "XSDT", f->xsdt);
	assert_true(f->info.used_xsdt);
}

static void test_bad_rsdt_signature(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	memcpy(mem_at(&f->mem, f->rsdt), "XSDT", 4);
	refix_table(&f->mem, f->rsdt);
	assert_failed(f, ACPI_ERR_ROOT_SIGNATURE, "RSDT", f->rsdt);
}

static void test_root_shorter_than_header(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	acpi_put32(mem_at(&f->mem, f->rsdt) + 4, 35);
	refix_table(&f->mem, f->rsdt);
	assert_failed(f, ACPI_ERR_ROOT_LENGTH, "RSDT", f->rsdt);
}

static void test_root_unreadable(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	set_rsdp(f, 0, 0x1000, 0);
	assert_failed(f, ACPI_ERR_ROOT_UNREADABLE, "RSDT", 0x1000);
}

/* An address 20 bytes below 2^64 must not wrap around to low memory. */
static void test_root_address_wraps(void **state)
{
	struct acpi_fixture *f = *state;
	uint64_t wraps = UINT64_MAX - 19;

	build_v2(f, true);
	set_rsdp(f, 2, f->rsdt, wraps);
	assert_failed(f, ACPI_ERR_ROOT_UNREADABLE, "XSDT", wraps);
}

static void test_root_missing(void **state)
{
	struct acpi_fixture *f = *state;

	build_v1(f);
	set_rsdp(f, 0, 0, 0);
	assert_failed(f, ACPI_ERR_ROOT_MISSING, "RSDT", 0);
	assert_int_equal(f->mem.map_calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		ACPI_TEST(test_bad_rsdp_signature), ACPI_TEST(test_bad_rsdp_checksum),
		ACPI_TEST(test_rsdp_too_short),	    ACPI_TEST(test_bad_extended_checksum),
		ACPI_TEST(test_bad_rsdp_length),    ACPI_TEST(test_bad_xsdt_checksum),
		ACPI_TEST(test_bad_rsdt_signature), ACPI_TEST(test_root_shorter_than_header),
		ACPI_TEST(test_root_unreadable),    ACPI_TEST(test_root_address_wraps),
		ACPI_TEST(test_root_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
