/*
 * Unit tests for lib/acpi_power.c: the FADT's power-off and reset fields,
 * the DSDT header check and the AML scan for \_S5.  Inputs are copied into
 * exact-size heap buffers so that ASan catches any read past their end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/acpi_fadt.h"
#include "lib/acpi_power.h"
#include "tests/support/acpi_build.h"

#define FADT_V6_LEN 276

/* AML bytes used below. */
#define NAME_OP	   0x08
#define PACKAGE_OP 0x12
#define S5	   '_', 'S', '5', '_'

/* A heap copy of exactly len bytes (at least one, so malloc never returns NULL for 0). */
static uint8_t *exact_copy(const uint8_t *bytes, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, bytes, len);
	return copy;
}

static void put_gas(uint8_t *fadt, uint32_t field, uint8_t space, uint8_t width, uint64_t addr)
{
	fadt[field + GAS_SPACE_ID] = space;
	fadt[field + GAS_BIT_WIDTH] = width;
	fadt[field + GAS_BIT_OFFSET] = 0;
	fadt[field + GAS_ACCESS_SIZE] = 1;
	acpi_put64(fadt + field + GAS_ADDRESS, addr);
}

/* A FADT like Bochs's and QEMU's PIIX4 one: 32-bit fields only, reset through 0xCF9. */
static void make_fadt(uint8_t *fadt)
{
	memset(fadt, 0, FADT_V6_LEN);
	memcpy(fadt, "FACP", 4);
	acpi_put32(fadt + ACPI_SDT_LENGTH, FADT_V6_LEN);
	acpi_put32(fadt + FADT_DSDT, 0x7fe0040);
	acpi_put32(fadt + FADT_PM1A_CNT_BLK, 0xb004);
	fadt[FADT_PM1_CNT_LEN] = 2;
	acpi_put32(fadt + FADT_FLAGS, FADT_RESET_REG_SUP);
	put_gas(fadt, FADT_RESET_REG, GAS_SPACE_IO, 8, 0xcf9);
	fadt[FADT_RESET_VALUE] = 6;
}

static struct acpi_power from_fadt(const uint8_t *fadt, uint32_t len)
{
	uint8_t *copy = exact_copy(fadt, len);
	struct acpi_power p;

	memset(&p, 0xA5, sizeof(p)); /* the parser must reset it */
	acpi_power_from_fadt(copy, len, &p);
	free(copy);
	return p;
}

static void test_fadt_32bit_fields(void **state)
{
	uint8_t fadt[FADT_V6_LEN];
	struct acpi_power p;

	(void)state;
	make_fadt(fadt);
	acpi_put32(fadt + FADT_PM1B_CNT_BLK, 0xb104);
	p = from_fadt(fadt, sizeof(fadt));
	assert_int_equal(p.pm1a_cnt, 0xb004);
	assert_int_equal(p.pm1b_cnt, 0xb104);
	assert_int_equal(p.reset_reg.space, GAS_SPACE_IO);
	assert_int_equal(p.reset_reg.bit_width, 8);
	assert_int_equal(p.reset_reg.address, 0xcf9);
	assert_int_equal(p.reset_value, 6);
	assert_true(p.reset_reg_sup);
	assert_int_equal(p.dsdt_phys, 0x7fe0040);
	assert_false(p.s5_found);
}

static void test_fadt_x_fields_win(void **state)
{
	uint8_t fadt[FADT_V6_LEN];
	struct acpi_power p;

	(void)state;
	make_fadt(fadt);
	put_gas(fadt, FADT_X_PM1A_CNT_BLK, GAS_SPACE_IO, 16, 0x1804);
	put_gas(fadt, FADT_X_PM1B_CNT_BLK, GAS_SPACE_IO, 16, 0x1904);
	acpi_put64(fadt + FADT_X_DSDT, 0x1234567000ull);
	p = from_fadt(fadt, sizeof(fadt));
	assert_int_equal(p.pm1a_cnt, 0x1804);
	assert_int_equal(p.pm1b_cnt, 0x1904); /* even with no 32-bit PM1b */
	assert_int_equal(p.dsdt_phys, 0x1234567000ull);

	/* An X_ field in memory space, or with address 0: the 32-bit field. */
	put_gas(fadt, FADT_X_PM1A_CNT_BLK, GAS_SPACE_MEMORY, 16, 0xfed01004);
	put_gas(fadt, FADT_X_PM1B_CNT_BLK, GAS_SPACE_IO, 16, 0);
	acpi_put64(fadt + FADT_X_DSDT, 0);
	p = from_fadt(fadt, sizeof(fadt));
	assert_int_equal(p.pm1a_cnt, 0xb004);
	assert_int_equal(p.pm1b_cnt, 0);
	assert_int_equal(p.dsdt_phys, 0x7fe0040);
}

static void test_fadt_absent_and_bad_fields(void **state)
{
	uint8_t fadt[FADT_V6_LEN];
	struct acpi_power p;

	(void)state;
	make_fadt(fadt);
	fadt[FADT_PM1_CNT_LEN] = 1; /* the register is at least 2 bytes */
	acpi_put32(fadt + FADT_FLAGS, 0);
	put_gas(fadt, FADT_RESET_REG, GAS_SPACE_MEMORY, 8, 0xfee00000);
	p = from_fadt(fadt, sizeof(fadt));
	assert_int_equal(p.pm1a_cnt, 0);
	assert_false(p.reset_reg_sup);
	assert_int_equal(p.reset_reg.space, GAS_SPACE_MEMORY);
	assert_int_equal(p.reset_reg.address, 0xfee00000);

	/* Ports past 0xFFFE cannot hold a 2-byte register. */
	make_fadt(fadt);
	acpi_put32(fadt + FADT_PM1A_CNT_BLK, 0xffff);
	put_gas(fadt, FADT_X_PM1B_CNT_BLK, GAS_SPACE_IO, 16, 0x10000);
	assert_int_equal(from_fadt(fadt, sizeof(fadt)).pm1a_cnt, 0);
	assert_int_equal(from_fadt(fadt, sizeof(fadt)).pm1b_cnt, 0);
	acpi_put32(fadt + FADT_PM1A_CNT_BLK, 0xfffe);
	assert_int_equal(from_fadt(fadt, sizeof(fadt)).pm1a_cnt, 0xfffe);

	acpi_power_from_fadt(NULL, 0, &p);
	assert_int_equal(p.pm1a_cnt, 0);
	assert_int_equal(p.dsdt_phys, 0);
}

/* Every length from 0 to a full FADT: only the fields it covers are read. */
static void test_fadt_short_tables(void **state)
{
	uint8_t fadt[FADT_V6_LEN];

	(void)state;
	make_fadt(fadt);
	acpi_put32(fadt + FADT_PM1B_CNT_BLK, 0xb104);
	acpi_put64(fadt + FADT_X_DSDT, 0x1234567000ull);
	for (uint32_t len = 0; len <= sizeof(fadt); len++) {
		struct acpi_power p = from_fadt(fadt, len);
		bool has_cnt_len = len > FADT_PM1_CNT_LEN;

		assert_int_equal(p.pm1a_cnt, has_cnt_len ? 0xb004 : 0);
		assert_int_equal(p.pm1b_cnt, has_cnt_len ? 0xb104 : 0);
		assert_int_equal(p.reset_reg_sup, len >= FADT_FLAGS + 4);
		assert_int_equal(p.reset_reg.address, len > FADT_RESET_VALUE ? 0xcf9 : 0);
		assert_int_equal(p.reset_value, len > FADT_RESET_VALUE ? 6 : 0);
		assert_int_equal(p.dsdt_phys, len >= FADT_X_DSDT + 8 ? 0x1234567000ull
					      : len >= FADT_DSDT + 4 ? 0x7fe0040
								     : 0);
		assert_false(p.s5_found);
	}
}

/* ---- the AML scan ---- */

static bool find_s5(const uint8_t *aml, size_t len, uint8_t *a, uint8_t *b)
{
	uint8_t *copy = exact_copy(aml, len);
	bool found = acpi_aml_find_s5(copy, (uint32_t)len, a, b);

	free(copy);
	return found;
}

static void assert_s5(const uint8_t *aml, size_t len, uint8_t want_a, uint8_t want_b)
{
	uint8_t a = 0xEE, b = 0xEE;

	assert_true(find_s5(aml, len, &a, &b));
	assert_int_equal(a, want_a);
	assert_int_equal(b, want_b);
}

static void assert_no_s5(const uint8_t *aml, size_t len)
{
	uint8_t a = 0xEE, b = 0xEE;

	assert_false(find_s5(aml, len, &a, &b));
}

/*
 * The Bochs BIOS's DSDT (/usr/share/bochs/BIOS-bochs-latest, Bochs 2.7, at
 * file offset 0x41b0): Name (\_S5, Package (4) { Zero, Zero, Zero, Zero }).
 */
static const uint8_t bochs_s5[] = { NAME_OP, S5, PACKAGE_OP, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00 };

static void test_s5_bochs(void **state)
{
	(void)state;
	assert_s5(bochs_s5, sizeof(bochs_s5), 0, 0);
}

static void test_s5_each_integer_encoding(void **state)
{
	const uint8_t zero_one[] = { NAME_OP, S5, PACKAGE_OP, 0x04, 0x02, 0x00, 0x01 };
	const uint8_t one_zero[] = { NAME_OP, S5, PACKAGE_OP, 0x04, 0x02, 0x01, 0x00 };
	const uint8_t bytes[] = {
		NAME_OP, S5, PACKAGE_OP, 0x08, 0x04, 0x0A, 0x07, 0x0A, 0x05, 0, 0
	};
	const uint8_t words[] = { NAME_OP, S5,	 PACKAGE_OP, 0x08, 0x02, 0x0B,
				  0x05,	   0x00, 0x0B,	     0x06, 0x00 };
	const uint8_t dwords[] = { NAME_OP, S5, PACKAGE_OP, 0x0C, 0x02, 0x0C, 0x03, 0,
				   0,	    0,	0x0C,	    0x04, 0,	0,    0 };
	const uint8_t qwords[] = { NAME_OP, S5, PACKAGE_OP, 0x14, 0x02, 0x0E, 0x02, 0, 0, 0, 0, 0,
				   0,	    0,	0x0E,	    0x07, 0,	0,    0,    0, 0, 0, 0 };
	const uint8_t mixed[] = {
		NAME_OP, S5, PACKAGE_OP, 0x07, 0x02, 0x0A, 0x05, 0x0B, 0x07, 0x00
	};

	(void)state;
	assert_s5(zero_one, sizeof(zero_one), 0, 1);
	assert_s5(one_zero, sizeof(one_zero), 1, 0);
	assert_s5(bytes, sizeof(bytes), 7, 5);
	assert_s5(words, sizeof(words), 5, 6);
	assert_s5(dwords, sizeof(dwords), 3, 4);
	assert_s5(qwords, sizeof(qwords), 2, 7);
	assert_s5(mixed, sizeof(mixed), 5, 7);
}

static void test_s5_name_prefixes(void **state)
{
	const uint8_t root[] = { NAME_OP, '\\', S5, PACKAGE_OP, 0x05, 0x02, 0x0A, 0x05, 0x01 };
	const uint8_t parent[] = { NAME_OP, '^', '^', S5, PACKAGE_OP, 0x04, 0x02, 0x01, 0x01 };
	/* Inside a Scope (\) { ... } with other objects before it. */
	const uint8_t in_scope[] = { 0x10,	 0x16, '\\', NAME_OP, '_',  'S',     '4',  '_',
				     PACKAGE_OP, 0x04, 0x02, 0x01,    0x01, NAME_OP, '\\', S5,
				     PACKAGE_OP, 0x05, 0x02, 0x0A,    0x06, 0x00 };
	/* PkgLength in two bytes, 0x49 0x02: 0x9 | 0x02 << 4 = 41 bytes after PackageOp. */
	const uint8_t long_head[] = { NAME_OP, S5, PACKAGE_OP, 0x49, 0x02, 0x03, 0x0A, 0x03, 0x01 };
	uint8_t long_pkg[6 + 41];

	(void)state;
	assert_s5(root, sizeof(root), 5, 1);
	assert_s5(parent, sizeof(parent), 1, 1);
	assert_s5(in_scope, sizeof(in_scope), 6, 0);

	memset(long_pkg, 0, sizeof(long_pkg));
	memcpy(long_pkg, long_head, sizeof(long_head));
	assert_s5(long_pkg, sizeof(long_pkg), 3, 1);
	long_pkg[6] |= 0x10; /* a reserved bit of a multi-byte PkgLength */
	assert_no_s5(long_pkg, sizeof(long_pkg));
}

static void test_s5_malformed(void **state)
{
	const uint8_t one_element[] = { NAME_OP, S5, PACKAGE_OP, 0x04, 0x01, 0x00, 0x00 };
	const uint8_t string_element[] = { NAME_OP, S5,	 PACKAGE_OP, 0x05, 0x02,
					   0x0D,    'a', 0x00,	     0x00 };
	const uint8_t too_big[] = { NAME_OP, S5, PACKAGE_OP, 0x05, 0x02, 0x0A, 0x08, 0x00 };
	const uint8_t b_too_big[] = { NAME_OP, S5, PACKAGE_OP, 0x05, 0x02, 0x00, 0x0A, 0x08 };
	/* The package ends inside its second element's data, which the bytes after it would complete. */
	const uint8_t cut_element[] = {
		NAME_OP, S5, PACKAGE_OP, 0x05, 0x02, 0x01, 0x0B, 0x05, 0x00
	};
	const uint8_t ones[] = { NAME_OP, S5, PACKAGE_OP, 0x04, 0x02, 0xFF, 0x00 };
	const uint8_t not_named[] = { 0x14, S5, PACKAGE_OP, 0x04, 0x02, 0x01, 0x01 };
	const uint8_t not_package[] = { NAME_OP, S5, 0x0A, 0x05 };
	/* The package's length stops before its second element. */
	const uint8_t short_pkg[] = { NAME_OP, S5, PACKAGE_OP, 0x03, 0x02, 0x01, 0x01 };
	/* A PkgLength too small to hold NumElements. */
	const uint8_t no_count[] = { NAME_OP, S5, PACKAGE_OP, 0x01, 0x02, 0x01, 0x01 };
	/* A bad occurrence first, then a good one: the good one counts. */
	const uint8_t second[] = { NAME_OP, S5,		PACKAGE_OP, 0x04, 0x01, 0x00, 0x00, NAME_OP,
				   S5,	    PACKAGE_OP, 0x05,	    0x02, 0x0A, 0x04, 0x01 };

	(void)state;
	assert_no_s5(one_element, sizeof(one_element));
	assert_no_s5(string_element, sizeof(string_element));
	assert_no_s5(too_big, sizeof(too_big));
	assert_no_s5(b_too_big, sizeof(b_too_big));
	assert_no_s5(cut_element, sizeof(cut_element));
	assert_no_s5(ones, sizeof(ones));
	assert_no_s5(not_named, sizeof(not_named));
	assert_no_s5(not_package, sizeof(not_package));
	assert_no_s5(short_pkg, sizeof(short_pkg));
	assert_no_s5(no_count, sizeof(no_count));
	assert_false(acpi_aml_find_s5(NULL, 0, &(uint8_t){ 0 }, &(uint8_t){ 0 }));
	assert_no_s5((const uint8_t *)"_S5_", 4);
	assert_s5(second, sizeof(second), 4, 1);
}

/* Cut at every length short of its end, a package is not found, and nothing is read past the cut. */
static void test_s5_truncated_everywhere(void **state)
{
	const uint8_t dwords[] = { NAME_OP, '\\', S5, PACKAGE_OP, 0x0C, 0x02, 0x0C, 0x03,
				   0,	    0,	  0,  0x0C,	  0x04, 0,    0,    0 };
	/* PkgLength 0x4A 0x03: 0xA | 0x03 << 4 = 58 bytes after PackageOp. */
	const uint8_t long_head[] = { NAME_OP, S5,   PACKAGE_OP, 0x4A, 0x03,
				      0x02,    0x0A, 0x05,	 0x0A, 0x05 };
	uint8_t long_pkg[6 + 58];
	const struct {
		const uint8_t *aml;
		size_t len;
	} samples[] = {
		{ bochs_s5, sizeof(bochs_s5) },
		{ dwords, sizeof(dwords) },
		{ long_pkg, sizeof(long_pkg) },
	};

	(void)state;
	memset(long_pkg, 0, sizeof(long_pkg));
	memcpy(long_pkg, long_head, sizeof(long_head));
	for (size_t s = 0; s < sizeof(samples) / sizeof(samples[0]); s++) {
		assert_true(
			find_s5(samples[s].aml, samples[s].len, &(uint8_t){ 0 }, &(uint8_t){ 0 }));
		for (size_t cut = 0; cut < samples[s].len; cut++)
			assert_no_s5(samples[s].aml, cut);
	}
}

/* ---- the DSDT ---- */

static uint8_t *make_dsdt(const uint8_t *aml, size_t aml_len, size_t *len)
{
	uint8_t *dsdt = calloc(1, ACPI_SDT_HEADER_LEN + aml_len);

	assert_non_null(dsdt);
	memcpy(dsdt, "DSDT", 4);
	acpi_put32(dsdt + ACPI_SDT_LENGTH, (uint32_t)(ACPI_SDT_HEADER_LEN + aml_len));
	memcpy(dsdt + ACPI_SDT_HEADER_LEN, aml, aml_len);
	*len = ACPI_SDT_HEADER_LEN + aml_len;
	return dsdt;
}

static void test_dsdt_header(void **state)
{
	const uint8_t aml[] = { NAME_OP, '\\', S5, PACKAGE_OP, 0x06, 0x04, 0x0A, 0x05, 0x0A, 0x05 };
	struct acpi_power p = { 0 };
	size_t len;
	uint8_t *dsdt = make_dsdt(aml, sizeof(aml), &len);

	(void)state;
	assert_true(acpi_power_from_dsdt(dsdt, (uint32_t)len, &p));
	assert_true(p.s5_found);
	assert_int_equal(p.s5_slp_typ_a, 5);
	assert_int_equal(p.s5_slp_typ_b, 5);

	/* A Length beyond the bytes given, too small, or a wrong signature. */
	assert_false(acpi_power_from_dsdt(dsdt, (uint32_t)len - 1, &p));
	assert_false(p.s5_found);
	acpi_put32(dsdt + ACPI_SDT_LENGTH, 35);
	assert_false(acpi_power_from_dsdt(dsdt, (uint32_t)len, &p));
	/* A Length that ends the table before the package ends. */
	acpi_put32(dsdt + ACPI_SDT_LENGTH, (uint32_t)len - 1);
	assert_false(acpi_power_from_dsdt(dsdt, (uint32_t)len, &p));
	acpi_put32(dsdt + ACPI_SDT_LENGTH, (uint32_t)len);
	dsdt[0] = 'S';
	assert_false(acpi_power_from_dsdt(dsdt, (uint32_t)len, &p));
	assert_false(acpi_power_from_dsdt(dsdt, 20, &p));
	assert_false(acpi_power_from_dsdt(NULL, 0, &p));
	free(dsdt);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fadt_32bit_fields),
		cmocka_unit_test(test_fadt_x_fields_win),
		cmocka_unit_test(test_fadt_absent_and_bad_fields),
		cmocka_unit_test(test_fadt_short_tables),
		cmocka_unit_test(test_s5_bochs),
		cmocka_unit_test(test_s5_each_integer_encoding),
		cmocka_unit_test(test_s5_name_prefixes),
		cmocka_unit_test(test_s5_malformed),
		cmocka_unit_test(test_s5_truncated_everywhere),
		cmocka_unit_test(test_dsdt_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
