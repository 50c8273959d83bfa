/* Time from the time-stamp counter, calibrated against the 8254 PIT. */
#ifndef ARCH_X86_TSC_H
#define ARCH_X86_TSC_H

#include <stdint.h>

extern uint64_t tsc_hz;

/* Calibrate once on the boot processor; returns how ("pit", "cpuid", "guess"). */
const char *tsc_calibrate(void);
uint64_t tsc_us_since(uint64_t start_tsc);
void udelay(uint64_t us);

#endif
