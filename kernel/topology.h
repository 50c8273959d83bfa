/* Which processors the machine has, from the ACPI MADT. */
#ifndef KERNEL_TOPOLOGY_H
#define KERNEL_TOPOLOGY_H

#include <stdbool.h>
#include "lib/acpi.h"
#include "lib/acpi_timers.h"

extern struct acpi_madt_info madt;

/* Read the MADT through the boot loader's RSDP; false (having said why) if unusable. */
bool topology_discover(void);

/* The PM timer and HPET that the FADT and HPET tables describe (zeroes if none). */
void topology_find_timers(struct acpi_timers *timers);

#endif
