/*
 * Unit tests for lib/acpi.c: random mutations of well-formed tables: whatever the bytes, the result is sane.
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
#include "tests/support/rng.h"

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

static void random_image(struct acpi_fixture *f, uint64_t *s)
{
	uint32_t n = test_rng_below(s, 24), i;

	mem_reset(&f->mem);
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

static void refix_rsdp(struct acpi_fixture *f)
{
	uint32_t len = acpi_get32(f->rsdp + 20);

	acpi_fix_checksum(f->rsdp, 20, 8);
	if (f->rsdp[15] >= 2)
		acpi_fix_checksum(f->rsdp, len < 33 ? 36 : len > 64 ? 64 : len, 32);
}

static uint64_t random_table(struct acpi_fixture *f, uint64_t *s)
{
	switch (test_rng_below(s, 4)) {
	case 0: return f->rsdt;
	case 1: return f->xsdt ? f->xsdt : f->rsdt;
	default: return f->madt_phys;
	}
}

/* Most mutations keep checksums right so the parser looks further in. */
static void mutate(struct acpi_fixture *f, uint64_t *s)
{
	uint64_t table = random_table(f, s);
	uint8_t *t = mem_at(&f->mem, table);
	size_t room = mem_room_after(&f->mem, table);
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
	struct acpi_fixture *f = *state;
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
		st = read_madt(f);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		ACPI_TEST(test_random_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
