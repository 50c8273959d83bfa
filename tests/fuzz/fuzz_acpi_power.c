/*
 * libFuzzer target for the power-off and reset readers (lib/acpi_power.c)
 * and the power-port decision (lib/power_ports.c).
 *
 * Input layout:
 *   byte 0       where to cut the prefix that the AML scan also reads
 *   the rest     read as a FADT, as a DSDT and as bare AML, each from an
 *                exact-size heap copy so that ASan sees any overread; its
 *                bytes, two at a time, are also the ports of accesses
 *
 * Promises checked, beyond the sanitizers:
 *   - ports from the FADT are 0 or leave room for the 2-byte register, and
 *     fields past the table's end stay 0;
 *   - a \_S5 found has sleep types of 0-7, and one found in a prefix is
 *     also found in the whole (a cut never creates one);
 *   - power_port_list gives unique nonzero ports, at most POWER_PORTS_MAX;
 *   - an access that the listed ports would not intercept is always PASS.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/acpi_fadt.h"
#include "lib/acpi_power.h"
#include "lib/power_ports.h"
#include "tests/fuzz/check.h"

static uint8_t *copy_of(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);

	if (len)
		memcpy(copy, data, len);
	return copy;
}

static void check_fadt(const uint8_t *data, uint32_t len, struct acpi_power *p)
{
	uint8_t *fadt = copy_of(data, len);

	acpi_power_from_fadt(fadt, len, p);
	free(fadt);
	CHECK(p->pm1a_cnt <= 0xFFFE && p->pm1b_cnt <= 0xFFFE);
	CHECK(!p->s5_found);
	if (len <= FADT_PM1_CNT_LEN)
		CHECK(p->pm1a_cnt == 0 && p->pm1b_cnt == 0);
	if (len <= FADT_RESET_VALUE)
		CHECK(p->reset_reg.address == 0 && p->reset_value == 0);
	if (len < FADT_DSDT + 4)
		CHECK(p->dsdt_phys == 0);
}

static bool find_s5(const uint8_t *data, uint32_t len, uint8_t *a, uint8_t *b)
{
	uint8_t *aml = copy_of(data, len);
	bool found = acpi_aml_find_s5(aml, len, a, b);

	free(aml);
	if (found)
		CHECK(*a <= 7 && *b <= 7);
	return found;
}

static void check_dsdt(const uint8_t *data, uint32_t len, struct acpi_power *p)
{
	uint8_t *dsdt = copy_of(data, len);
	bool found = acpi_power_from_dsdt(dsdt, len, p);

	free(dsdt);
	CHECK(found == p->s5_found);
	if (found)
		CHECK(p->s5_slp_typ_a <= 7 && p->s5_slp_typ_b <= 7);
}

static bool touches(const uint16_t *ports, unsigned n, const struct power_io *io)
{
	for (unsigned i = 0; i < n; i++)
		if (ports[i] >= io->port && ports[i] < (uint32_t)io->port + io->size)
			return true;
	return false;
}

static void check_decisions(const struct acpi_power *p, const uint8_t *data, size_t len)
{
	static const uint8_t sizes[] = { 1, 2, 4 };
	uint16_t ports[POWER_PORTS_MAX];
	unsigned n = power_port_list(p, ports, POWER_PORTS_MAX);

	CHECK(n <= POWER_PORTS_MAX);
	for (unsigned i = 0; i < n; i++) {
		CHECK(ports[i] != 0);
		for (unsigned j = 0; j < i; j++)
			CHECK(ports[i] != ports[j]);
	}
	/* Each pair of input bytes is a port; the next four, the value. */
	for (size_t at = 0; at + 6 <= len && at < 256; at += 2) {
		struct power_io io = {
			.port = (uint16_t)(data[at] | data[at + 1] << 8),
			.out = true,
			.value = acpi_le32(data + at + 2),
		};

		for (size_t s = 0; s < sizeof(sizes); s++) {
			io.size = sizes[s];
			if (power_port_decide(p, &io) != POWER_PASS)
				CHECK(touches(ports, n, &io));
		}
		io.out = false;
		CHECK(power_port_decide(p, &io) == POWER_PASS);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_power p;
	uint8_t a, b, whole_a, whole_b;
	uint32_t len, cut;

	if (size < 1 || size > (1u << 20))
		return 0;
	len = (uint32_t)size - 1;
	cut = len * data[0] / 255;
	data++;

	check_fadt(data, len, &p);
	if (find_s5(data, cut, &a, &b))
		CHECK(find_s5(data, len, &whole_a, &whole_b));
	check_dsdt(data, len, &p);
	check_decisions(&p, data, len);
	return 0;
}
