/* Which processors the machine has, from the ACPI MADT. */
#ifndef KERNEL_TOPOLOGY_H
#define KERNEL_TOPOLOGY_H

#include <stdbool.h>
#include "lib/acpi.h"

extern struct acpi_madt_info madt;

/* Read the MADT through the boot loader's RSDP; false (having said why) if unusable. */
bool topology_discover(void);

#endif
