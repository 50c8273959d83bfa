/*
 * Which I/O accesses of an OS guest end it (power-off, reset), from the
 * ACPI tables: the ports the hypervisor intercepts and the decision.
 */
#ifndef KERNEL_LINUX_POWER_H
#define KERNEL_LINUX_POWER_H

#include "arch/x86/guests/os.h"

/* Fills config's io_ports (the kind's decide falls back to linux_power_decide). */
void linux_power_config(struct os_config *config);
/* What an access to one of those ports means. */
struct os_io_verdict linux_power_decide(uint16_t port, unsigned size, bool in, uint32_t value);

#endif
