/*
 * Unit tests for lib/power_ports.c: what one guest I/O access means for the
 * machine's power, and the ports the VMM must intercept for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/acpi_fadt.h"
#include "lib/power_ports.h"

#define PM1A 0xb004
#define PM1B 0xb104

/* SLP_EN with sleep type typ, as the PM1x_CNT value an OS writes (SCI_EN kept). */
static uint32_t slp(uint32_t typ)
{
	return PM1_CNT_SLP_EN | typ << PM1_CNT_SLP_TYP_SHIFT | 1u;
}

/* Bochs/QEMU-like: PM1a only, \_S5 = {5, 6}, reset by writing 6 to 0xCF9. */
static struct acpi_power machine(void)
{
	return (struct acpi_power){
		.pm1a_cnt = PM1A,
		.pm1b_cnt = PM1B,
		.reset_reg = { .space = GAS_SPACE_IO, .bit_width = 8, .address = 0xcf9 },
		.reset_value = 6,
		.reset_reg_sup = true,
		.s5_found = true,
		.s5_slp_typ_a = 5,
		.s5_slp_typ_b = 6,
	};
}

static enum power_action out(const struct acpi_power *p, uint16_t port, uint8_t size, uint32_t v)
{
	const struct power_io io = { .port = port, .size = size, .out = true, .value = v };

	return power_port_decide(p, &io);
}

static enum power_action in(const struct acpi_power *p, uint16_t port, uint8_t size)
{
	const struct power_io io = {
		.port = port, .size = size, .out = false, .value = 0xffffffff
	};

	return power_port_decide(p, &io);
}

static void test_pm1_poweroff_and_sleep(void **state)
{
	struct acpi_power p = machine();

	(void)state;
	assert_int_equal(out(&p, PM1A, 2, slp(5)), POWER_POWEROFF);
	assert_int_equal(out(&p, PM1A, 2, slp(1)), POWER_SLEEP);
	assert_int_equal(out(&p, PM1A, 2, slp(6)), POWER_SLEEP); /* PM1b's type, on PM1a */
	assert_int_equal(out(&p, PM1B, 2, slp(6)), POWER_POWEROFF);
	assert_int_equal(out(&p, PM1B, 2, slp(5)), POWER_SLEEP);
	/* The type alone, or SCI_EN alone, is no transition: ACPI writes SLP_TYP first. */
	assert_int_equal(out(&p, PM1A, 2, slp(5) & ~PM1_CNT_SLP_EN), POWER_PASS);
	assert_int_equal(out(&p, PM1A, 2, 1), POWER_PASS);
	assert_int_equal(in(&p, PM1A, 2), POWER_PASS);
	assert_int_equal(in(&p, PM1A + 1, 1), POWER_PASS);
}

static void test_pm1_without_s5_is_poweroff(void **state)
{
	struct acpi_power p = machine();

	(void)state;
	p.s5_found = false;
	for (uint32_t typ = 0; typ <= 7; typ++) {
		assert_int_equal(out(&p, PM1A, 2, slp(typ)), POWER_POWEROFF);
		assert_int_equal(out(&p, PM1B, 2, slp(typ)), POWER_POWEROFF);
		assert_int_equal(out(&p, PM1A, 2, typ << PM1_CNT_SLP_TYP_SHIFT), POWER_PASS);
	}
}

/* Byte and dword writes that reach the register's high byte count; the low byte alone does not. */
static void test_pm1_access_sizes(void **state)
{
	struct acpi_power p = machine();

	(void)state;
	assert_int_equal(out(&p, PM1A + 1, 1, slp(5) >> 8), POWER_POWEROFF);
	assert_int_equal(out(&p, PM1A + 1, 1, slp(2) >> 8), POWER_SLEEP);
	assert_int_equal(out(&p, PM1A, 1, 0xff), POWER_PASS);
	assert_int_equal(out(&p, PM1A, 4, 0xffff0000 | slp(5)), POWER_POWEROFF);
	/* A dword from 2 below: the register's bytes are the value's bytes 2 and 3. */
	assert_int_equal(out(&p, PM1A - 2, 4, slp(5) << 16), POWER_POWEROFF);
	assert_int_equal(out(&p, PM1A - 2, 4, slp(5)), POWER_PASS);
	/* A word from 1 below covers the low byte and stops short of the high one. */
	assert_int_equal(out(&p, PM1A - 1, 2, 0xffff), POWER_PASS);
	/* A word from 1 above: its first byte is the high byte. */
	assert_int_equal(out(&p, PM1A + 1, 2, slp(5) >> 8), POWER_POWEROFF);
	/* Sizes the instruction set has not: pass. */
	assert_int_equal(out(&p, PM1A, 3, slp(5)), POWER_PASS);
	assert_int_equal(out(&p, PM1A, 0, slp(5)), POWER_PASS);
}

static void test_reset_control_cf9(void **state)
{
	struct acpi_power p = { 0 }; /* no ACPI at all: 0xCF9 and 0x64 still reset */

	(void)state;
	assert_int_equal(out(&p, 0xcf9, 1, 0x06), POWER_REBOOT);
	assert_int_equal(out(&p, 0xcf9, 1, 0x0e), POWER_REBOOT);
	assert_int_equal(out(&p, 0xcf9, 1, 0x04), POWER_REBOOT);
	assert_int_equal(out(&p, 0xcf9, 1, 0x02),
			 POWER_PASS); /* SYS_RST alone: chooses, not resets */
	assert_int_equal(out(&p, 0xcf9, 1, 0x00), POWER_PASS);
	assert_int_equal(in(&p, 0xcf9, 1), POWER_PASS);
	/* PCI CONFIG_ADDRESS: a dword at 0xCF8 whose second byte has bit 2 set. */
	assert_int_equal(out(&p, 0xcf8, 4, 0x80000400), POWER_PASS);
	assert_int_equal(out(&p, 0xcf8, 4, 0x8000fffc), POWER_PASS);
	/* Narrower accesses at 0xCF8 are not CONFIG_ADDRESS: the byte at 0xCF9 counts. */
	assert_int_equal(out(&p, 0xcf8, 2, 0x0600), POWER_REBOOT);
	assert_int_equal(out(&p, 0xcf8, 2, 0x0206), POWER_PASS);
	assert_int_equal(out(&p, 0xcf8, 1, 0x06), POWER_PASS);
	assert_int_equal(out(&p, 0xcf6, 4, 0x06000000), POWER_REBOOT);
	/* CONFIG_DATA: 0xCFC-0xCFF. */
	assert_int_equal(out(&p, 0xcfc, 4, 0xffffffff), POWER_PASS);
}

static void test_keyboard_controller(void **state)
{
	struct acpi_power p = { 0 };

	(void)state;
	assert_int_equal(out(&p, 0x64, 1, 0xfe), POWER_REBOOT);
	assert_int_equal(out(&p, 0x64, 1, 0xf0),
			 POWER_REBOOT); /* pulses lines 3-0, reset among them */
	assert_int_equal(out(&p, 0x64, 1, 0xfa), POWER_REBOOT);
	assert_int_equal(out(&p, 0x64, 1, 0xff), POWER_PASS); /* pulses nothing */
	assert_int_equal(out(&p, 0x64, 1, 0xf1), POWER_PASS);
	assert_int_equal(out(&p, 0x64, 1, 0xd1),
			 POWER_PASS); /* write output port: next byte to 0x60 */
	assert_int_equal(out(&p, 0x64, 1, 0xae), POWER_PASS);
	assert_int_equal(out(&p, 0x64, 1, 0xee), POWER_PASS);
	assert_int_equal(out(&p, 0x60, 1, 0xfe), POWER_PASS); /* the data port */
	assert_int_equal(out(&p, 0x63, 2, 0xfe00), POWER_REBOOT);
	assert_int_equal(in(&p, 0x64, 1), POWER_PASS);
}

/* Port 0x92: bit 0 resets; A20 off is refused, A20 on with no reset passes. */
static void test_system_control_a(void **state)
{
	struct acpi_power p = { 0 };

	(void)state;
	assert_int_equal(out(&p, 0x92, 1, 0x01), POWER_REBOOT);
	assert_int_equal(out(&p, 0x92, 1, 0x03), POWER_REBOOT);
	assert_int_equal(out(&p, 0x92, 1, 0x02), POWER_PASS); /* A20 on, as Linux's boot sets it */
	assert_int_equal(out(&p, 0x92, 1, 0x00), POWER_REFUSE);
	assert_int_equal(out(&p, 0x92, 1, 0xfc), POWER_REFUSE);	  /* every other bit, A20 off */
	assert_int_equal(out(&p, 0x91, 2, 0x0100), POWER_REBOOT); /* the byte at 0x92 */
	assert_int_equal(out(&p, 0x91, 2, 0x0201), POWER_PASS);
	assert_int_equal(out(&p, 0x90, 4, 0x00020000), POWER_PASS);
	assert_int_equal(out(&p, 0x90, 4, 0x00000000), POWER_REFUSE);
	assert_int_equal(out(&p, 0x93, 1, 0x00), POWER_PASS);
	assert_int_equal(in(&p, 0x92, 1), POWER_PASS);
}

static void test_fadt_reset_register(void **state)
{
	struct acpi_power p = machine();

	(void)state;
	p.reset_reg.address = 0x1004;
	p.reset_value = 0x0f;
	assert_int_equal(out(&p, 0x1004, 1, 0x0f), POWER_REBOOT);
	assert_int_equal(out(&p, 0x1004, 1, 0x0e), POWER_PASS);
	assert_int_equal(out(&p, 0x1003, 2, 0x0f00), POWER_REBOOT);
	assert_int_equal(in(&p, 0x1004, 1), POWER_PASS);
	p.reset_reg_sup =
		false; /* the flag tells the OS whether to use it, not whether it resets */
	assert_int_equal(out(&p, 0x1004, 1, 0x0f), POWER_REBOOT);
	/* In memory space (or PCI configuration space) it is not an I/O port. */
	p.reset_reg.space = GAS_SPACE_MEMORY;
	assert_int_equal(out(&p, 0x1004, 1, 0x0f), POWER_PASS);
	p.reset_reg.space = GAS_SPACE_IO;
	p.reset_reg.address = 0x10004; /* not an I/O port */
	assert_int_equal(out(&p, 0x0004, 1, 0x0f), POWER_PASS);
	p.reset_reg.address = 0;
	assert_int_equal(out(&p, 0, 1, 0x0f), POWER_PASS);
}

static void test_unrelated_ports(void **state)
{
	struct acpi_power p = machine();
	const uint16_t ports[] = {
		0x80, 0x3f8, 0x20, 0x21, 0x70, 0x71, 0x61, 0x93, 0xb000, 0xb008
	};
	const uint32_t values[] = { 0, 0xffffffff, 0xfefefefe, 0x06060606, slp(5) * 0x10001u };

	(void)state;
	for (size_t i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			assert_int_equal(out(&p, ports[i], 1, values[v]), POWER_PASS);
			assert_int_equal(out(&p, ports[i], 2, values[v]), POWER_PASS);
		}
	assert_int_equal(out(&p, 0xb000, 4, 0xffffffff), POWER_PASS); /* PM1a_EVT, stops short */
}

static void test_port_list(void **state)
{
	struct acpi_power p = machine();
	uint16_t ports[POWER_PORTS_MAX + 1];
	const uint16_t want[] = { PM1A, PM1A + 1, PM1B, PM1B + 1, 0xcf9, 0x64, 0x92 };
	unsigned n;

	(void)state;
	/* RESET_REG at 0xCF9 is listed once. */
	n = power_port_list(&p, ports, POWER_PORTS_MAX);
	assert_int_equal(n, 7);
	assert_memory_equal(ports, want, sizeof(want));

	p.reset_reg.address = 0x1004;
	n = power_port_list(&p, ports, POWER_PORTS_MAX);
	assert_int_equal(n, POWER_PORTS_MAX);
	assert_int_equal(ports[4], 0x1004);
	assert_int_equal(power_port_list(&p, ports, 3), 3);
	assert_int_equal(ports[2], PM1B);
	assert_int_equal(power_port_list(&p, ports, 0), 0);

	p = (struct acpi_power){ 0 };
	n = power_port_list(&p, ports, POWER_PORTS_MAX);
	assert_int_equal(n, 3);
	assert_int_equal(ports[0], 0xcf9);
	assert_int_equal(ports[1], 0x64);
	assert_int_equal(ports[2], 0x92);

	p.reset_reg = (struct acpi_gas){ .space = GAS_SPACE_MEMORY, .address = 0x64 };
	p.pm1a_cnt = 0x63; /* overlaps 0x64: listed once */
	n = power_port_list(&p, ports, POWER_PORTS_MAX);
	assert_int_equal(n, 4);
	assert_int_equal(ports[0], 0x63);
	assert_int_equal(ports[1], 0x64);
	assert_int_equal(ports[2], 0xcf9);
}

/* Whether the access touches any of the n ports: what the I/O bitmap makes exit. */
static bool exits(const uint16_t *ports, unsigned n, uint32_t port, unsigned size)
{
	for (unsigned i = 0; i < n; i++)
		if (ports[i] >= port && ports[i] < port + size)
			return true;
	return false;
}

/*
 * Every access at every port: one that would not exit through the listed
 * ports is always PASS, so the VMM misses no power transition.
 */
static void test_list_covers_every_decision(void **state)
{
	const uint32_t values[] = { 0xffffffff, 0xfefefefe, 0x06060606, 0x34343434, 0x0f0f0f0f };
	const uint8_t sizes[] = { 1, 2, 4 };
	struct acpi_power machines[3] = { machine(), machine(), { 0 } };
	uint16_t ports[POWER_PORTS_MAX];

	(void)state;
	machines[1].reset_reg.address = 0x1004;
	machines[1].reset_value = 0x0f;
	machines[1].s5_found = false;
	for (size_t m = 0; m < 3; m++) {
		unsigned n = power_port_list(&machines[m], ports, POWER_PORTS_MAX);

		for (uint32_t port = 0; port <= 0xffff; port++)
			for (size_t s = 0; s < sizeof(sizes); s++)
				for (size_t v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
					if (exits(ports, n, port, sizes[s]))
						continue;
					if (out(&machines[m], (uint16_t)port, sizes[s],
						values[v]) != POWER_PASS)
						fail_msg("port 0x%x size %u value 0x%x: not PASS, "
							 "yet not intercepted",
							 port, sizes[s], values[v]);
				}
	}
}

static void test_action_names(void **state)
{
	(void)state;
	assert_string_equal(power_action_name(POWER_PASS), "pass");
	assert_string_equal(power_action_name(POWER_POWEROFF), "poweroff");
	assert_string_equal(power_action_name(POWER_SLEEP), "sleep");
	assert_string_equal(power_action_name(POWER_REBOOT), "reboot");
	assert_string_equal(power_action_name(POWER_REFUSE), "refuse");
	assert_string_equal(power_action_name((enum power_action)99), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pm1_poweroff_and_sleep),
		cmocka_unit_test(test_pm1_without_s5_is_poweroff),
		cmocka_unit_test(test_pm1_access_sizes),
		cmocka_unit_test(test_reset_control_cf9),
		cmocka_unit_test(test_keyboard_controller),
		cmocka_unit_test(test_system_control_a),
		cmocka_unit_test(test_fadt_reset_register),
		cmocka_unit_test(test_unrelated_ports),
		cmocka_unit_test(test_port_list),
		cmocka_unit_test(test_list_covers_every_decision),
		cmocka_unit_test(test_action_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
