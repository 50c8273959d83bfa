/* Which processors the machine has, from the ACPI MADT. */
#ifndef KERNEL_TOPOLOGY_H
#define KERNEL_TOPOLOGY_H

#include <stdbool.h>
#include "lib/acpi.h"
#include "lib/acpi_timers.h"
#include "lib/acpi_power.h"
#include "lib/acpi_dmar.h"

extern struct acpi_madt_info madt;

/* Read the MADT through the boot loader's RSDP; false (having said why) if unusable. */
bool topology_discover(void);

/* The PM timer and HPET that the FADT and HPET tables describe (zeroes if none). */
void topology_find_timers(struct acpi_timers *timers);

/*
 * How the machine powers off and resets, from the FADT and the DSDT's \_S5
 * (zeroes and s5_found false if none), for the VMM's power-port decisions
 * (lib/power_ports.h); prints one "acpi: power-off ..." line saying what it
 * found.  False if there is no FADT.
 */
bool topology_find_power(struct acpi_power *power);

/*
 * The DMAR table (lib/acpi_dmar.h) into *dmar: true if there is one and it
 * is well formed; false with *refused NULL if there is none, or with
 * *refused saying why it was refused.
 */
bool topology_find_dmar(struct dmar_info *dmar, const char **refused);
/* The DMAR topology_find_dmar() accepted (dmar must outlive it), where it is; false if none. */
bool topology_dmar(const struct dmar_info **info, uint64_t *phys, uint32_t *len);

#endif
