/* The ACPI power-management timer: a free-running 3.579545 MHz counter in I/O space. */
#ifndef ARCH_X86_PMTIMER_H
#define ARCH_X86_PMTIMER_H

#include <stdint.h>
#include "lib/acpi_timers.h"

/* Read it through ctx, a const struct acpi_timers *. */
uint64_t pmtimer_read(const void *ctx);
/* Its counter width as a mask: 24 or 32 bits (the FADT's TMR_VAL_EXT). */
uint64_t pmtimer_mask(const struct acpi_timers *t);

#endif
