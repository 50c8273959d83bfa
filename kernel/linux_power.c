/*
 * The Linux guest's way out: the ports the I/O bitmap intercepts and what a
 * write to them means (lib/power_ports.h), from the FADT and the DSDT's \_S5
 * (kernel/topology.c).  Without an FADT only the reset ports are known.
 */
#include "kernel/linux_power.h"

#include "kernel/topology.h"
#include "lib/acpi_power.h"
#include "lib/power_ports.h"

static struct acpi_power power;

static enum vmx_linux_io_action decide(uint16_t port, unsigned size, bool in, uint32_t value)
{
	struct power_io io = { port, (uint8_t)size, !in, value };

	switch (power_port_decide(&power, &io)) {
	case POWER_POWEROFF: return VMX_LINUX_IO_POWEROFF;
	case POWER_SLEEP: return VMX_LINUX_IO_SLEEP;
	case POWER_REBOOT: return VMX_LINUX_IO_REBOOT;
	case POWER_PASS: break;
	}
	return VMX_LINUX_IO_PASS;
}

void linux_power_config(struct vmx_linux_config *config)
{
	topology_find_power(&power);
	config->io_port_count = power_port_list(&power, config->io_ports, VMX_LINUX_IO_PORTS_MAX);
	config->io_decide = decide;
}
