/*
 * The High Precision Event Timer's main counter (IA-PC HPET Specification
 * 1.0a, section 2.3): only read, to calibrate the TSC.
 */
#ifndef ARCH_X86_HPET_H
#define ARCH_X86_HPET_H

#include <stdint.h>

/*
 * Map the register block at base, check its period and start its counter
 * if firmware left it stopped.  Returns the counter's frequency in Hz, or
 * 0 if there is no usable HPET there.
 */
uint64_t hpet_start(uint64_t base);
/* The low 32 bits of the main counter (ctx unused). */
uint64_t hpet_read(const void *ctx);

#endif
