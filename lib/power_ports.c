#include "lib/power_ports.h"
#include "lib/acpi_fadt.h"

/* Pulse commands of the 8042: 0xF0-0xFF, bits 3-0 the lines to leave alone. */
#define KBC_PULSE_FIRST	     0xF0
#define KBC_PULSE_LINE_RESET (1u << 0)

/* Whether the write io puts a byte on port, and which (*byte). */
static bool byte_on_port(const struct power_io *io, uint16_t port, uint8_t *byte)
{
	uint32_t offset = (uint32_t)port - io->port;

	if (port < io->port || offset >= io->size)
		return false;
	*byte = (uint8_t)(io->value >> (8 * offset));
	return true;
}

/* A write to the PM1 control register at port; s5_typ is \_S5's type for it. */
static enum power_action pm1_write(const struct acpi_power *p, const struct power_io *io,
				   uint16_t port, uint8_t s5_typ)
{
	uint8_t high;
	uint32_t bits, typ;

	/* SLP_TYPx and SLP_EN (bits 10-13) are in the register's second byte. */
	if (!port || !byte_on_port(io, port + 1, &high))
		return POWER_PASS;
	bits = (uint32_t)high << 8;
	if (!(bits & PM1_CNT_SLP_EN))
		return POWER_PASS;
	typ = (bits & PM1_CNT_SLP_TYP_MASK) >> PM1_CNT_SLP_TYP_SHIFT;
	if (!p->s5_found || typ == s5_typ)
		return POWER_POWEROFF;
	return POWER_SLEEP;
}

static uint16_t io_reset_port(const struct acpi_power *p)
{
	if (p->reset_reg.space != GAS_SPACE_IO || p->reset_reg.address > 0xFFFF)
		return 0;
	return (uint16_t)p->reset_reg.address;
}

static bool resets(const struct acpi_power *p, const struct power_io *io)
{
	uint16_t reset_port = io_reset_port(p);
	uint8_t byte;

	if (reset_port && byte_on_port(io, reset_port, &byte) && byte == p->reset_value)
		return true;
	if (!(io->size == 4 && io->port == PCI_CONFIG_ADDRESS_PORT) &&
	    byte_on_port(io, RESET_CONTROL_PORT, &byte) && (byte & RESET_CONTROL_RST_CPU))
		return true;
	return byte_on_port(io, KBC_COMMAND_PORT, &byte) && byte >= KBC_PULSE_FIRST &&
	       !(byte & KBC_PULSE_LINE_RESET);
}

/* Port 0x92: a fast reset, or A20 off (refused). */
static enum power_action system_control_a(const struct power_io *io)
{
	uint8_t byte;

	if (!byte_on_port(io, SYSTEM_CONTROL_A_PORT, &byte))
		return POWER_PASS;
	if (byte & SCA_FAST_RESET)
		return POWER_REBOOT;
	return (byte & SCA_A20_GATE) ? POWER_PASS : POWER_REFUSE;
}

enum power_action power_port_decide(const struct acpi_power *p, const struct power_io *io)
{
	enum power_action a;

	if (!io->out || (io->size != 1 && io->size != 2 && io->size != 4))
		return POWER_PASS;
	if (resets(p, io))
		return POWER_REBOOT;
	a = system_control_a(io);
	if (a != POWER_PASS)
		return a;
	a = pm1_write(p, io, p->pm1a_cnt, p->s5_slp_typ_a);
	if (a != POWER_PASS)
		return a;
	return pm1_write(p, io, p->pm1b_cnt, p->s5_slp_typ_b);
}

const char *power_action_name(enum power_action a)
{
	switch (a) {
	case POWER_PASS: return "pass";
	case POWER_POWEROFF: return "poweroff";
	case POWER_SLEEP: return "sleep";
	case POWER_REBOOT: return "reboot";
	case POWER_REFUSE: return "refuse";
	}
	return "?";
}

static void add_port(uint16_t *ports, unsigned max, unsigned *n, uint16_t port)
{
	if (!port || *n >= max)
		return;
	for (unsigned i = 0; i < *n; i++)
		if (ports[i] == port)
			return;
	ports[(*n)++] = port;
}

unsigned power_port_list(const struct acpi_power *p, uint16_t *ports, unsigned max)
{
	unsigned n = 0;

	if (p->pm1a_cnt) {
		add_port(ports, max, &n, p->pm1a_cnt);
		add_port(ports, max, &n, p->pm1a_cnt + 1);
	}
	if (p->pm1b_cnt) {
		add_port(ports, max, &n, p->pm1b_cnt);
		add_port(ports, max, &n, p->pm1b_cnt + 1);
	}
	add_port(ports, max, &n, io_reset_port(p));
	add_port(ports, max, &n, RESET_CONTROL_PORT);
	add_port(ports, max, &n, KBC_COMMAND_PORT);
	add_port(ports, max, &n, SYSTEM_CONTROL_A_PORT);
	return n;
}
