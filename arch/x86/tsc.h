/* Time from the time-stamp counter, calibrated once on the boot processor. */
#ifndef ARCH_X86_TSC_H
#define ARCH_X86_TSC_H

#include <stdint.h>
#include "lib/acpi_timers.h"

extern uint64_t tsc_hz;
/*
 * CPUID leaves 15H/16H claim a TSC rate a measurement refuted (Bochs: its
 * TSC counts emulated instructions): guests are not told that rate.
 */
extern bool tsc_cpuid_wrong;

/*
 * Calibrate once on the boot processor with the timers ACPI lists (acpi may
 * be NULL); returns the source's name (lib/tsc_calibrate.h).
 */
const char *tsc_calibrate(const struct acpi_timers *acpi);
uint64_t tsc_us_since(uint64_t start_tsc);
void udelay(uint64_t us);

#endif
