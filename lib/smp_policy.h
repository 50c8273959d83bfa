/*
 * Which processors the MADT lists that the kernel will start, and which it
 * reports offline without trying (pure, so the host tests can check it).
 */
#ifndef LIB_SMP_POLICY_H
#define LIB_SMP_POLICY_H

#include <stdbool.h>
#include "lib/acpi.h"

/*
 * The report's offline reason for an entry that must not be started, or
 * NULL if it may be: a processor the firmware did not enable (an
 * online-capable hot-plug slot), or an APIC id that xAPIC mode cannot
 * address (255 is the broadcast id).
 */
const char *smp_not_startable_reason(const struct acpi_cpu *entry, bool x2apic_mode);

#endif
