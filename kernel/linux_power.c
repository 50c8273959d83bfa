#include "kernel/linux_power.h"

/* Until the ACPI decoding lands: nothing intercepted. */
void linux_power_config(struct vmx_linux_config *config)
{
	config->io_port_count = 0;
	config->io_decide = NULL;
}
