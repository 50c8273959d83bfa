/*
 * An OS guest's way out: the ports the I/O bitmap intercepts and what a
 * write to them means (lib/power_ports.h), from the FADT and the DSDT's \_S5
 * (kernel/topology.c).  Without an FADT only the reset ports are known.
 */
#include "kernel/linux_power.h"

#include "kernel/topology.h"
#include "lib/acpi_power.h"
#include "lib/power_ports.h"

static struct acpi_power power;

struct os_io_verdict linux_power_decide(uint16_t port, unsigned size, bool in, uint32_t value)
{
	struct power_io io = { port, (uint8_t)size, !in, value };

	switch (power_port_decide(&power, &io)) {
	case POWER_POWEROFF: return (struct os_io_verdict){ OS_IO_END, OS_POWEROFF, 0 };
	case POWER_SLEEP: return (struct os_io_verdict){ OS_IO_END, OS_SLEEP, 0 };
	case POWER_REBOOT: return (struct os_io_verdict){ OS_IO_END, OS_REBOOT, 0 };
	case POWER_REFUSE: return (struct os_io_verdict){ OS_IO_IGNORE, OS_RUNNING, 0 };
	case POWER_PASS: break;
	}
	return (struct os_io_verdict){ OS_IO_PASS, OS_RUNNING, 0 };
}

void linux_power_config(struct os_config *config)
{
	topology_find_power(&power);
	config->io_port_count = power_port_list(&power, config->io_ports, OS_IO_PORTS_MAX);
}
