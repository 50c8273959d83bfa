/*
 * Which I/O accesses of the Linux guest end it (power-off, reset), from the
 * ACPI tables: the ports the hypervisor intercepts and the decision.
 */
#ifndef KERNEL_LINUX_POWER_H
#define KERNEL_LINUX_POWER_H

#include "arch/x86/vmx/linux.h"

/* Fills config's io_ports and io_decide. */
void linux_power_config(struct vmx_linux_config *config);

#endif
