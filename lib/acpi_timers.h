/*
 * The timers ACPI describes, for calibrating the TSC: the power-management
 * timer from the FADT (ACPI 6.5 section 5.2.9, PM_TMR_BLK, X_PM_TMR_BLK and
 * the TMR_VAL_EXT flag; section 4.8.3.3, 3.579545 MHz) and the HPET from
 * its own table (IA-PC HPET Specification 1.0a, section 3.2.4).
 */
#ifndef LIB_ACPI_TIMERS_H
#define LIB_ACPI_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

#define ACPI_PM_TIMER_HZ 3579545ull

struct acpi_timers {
	uint16_t pm_timer_port; /* 0: none (or not in I/O space) */
	bool pm_timer_32bit;	/* else the counter is 24 bits wide */
	uint64_t hpet_base;	/* 0: none (or not in memory space) */
};

/* From the FADT's bytes (len of them, header included), into *t. */
void acpi_timers_from_fadt(const uint8_t *fadt, uint32_t len, struct acpi_timers *t);
/* From the HPET table's bytes, into *t. */
void acpi_timers_from_hpet(const uint8_t *hpet, uint32_t len, struct acpi_timers *t);

#endif
