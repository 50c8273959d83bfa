/*
 * Choosing the TSC's frequency from what the machine offers (pure; the
 * kernel measures, this decides).  A measurement against a timer of known
 * frequency is the truth for the running machine; CPUID leaves 15H and 16H
 * are claims, used when a measurement confirms them (they are then exact)
 * or when nothing could be measured.
 */
#ifndef LIB_TSC_CALIBRATE_H
#define LIB_TSC_CALIBRATE_H

#include <stdbool.h>
#include <stdint.h>

enum tsc_source {
	TSC_SOURCE_CPUID_15H,
	TSC_SOURCE_CPUID_16H,
	TSC_SOURCE_PM_TIMER,
	TSC_SOURCE_HPET,
	TSC_SOURCE_PIT,
	TSC_SOURCE_GUESS,
};

/* Below 1 MHz or above 20 GHz no TSC runs: the measurement was wrong. */
#define TSC_MIN_PLAUSIBLE_HZ 1000000ull
#define TSC_MAX_PLAUSIBLE_HZ 20000000000ull
#define TSC_GUESSED_HZ	     2000000000ull

/* "cpuid-15h", "cpuid-16h", "acpi-pm-timer", "hpet", "pit", "guess". */
const char *tsc_source_name(enum tsc_source s);

bool tsc_hz_plausible(uint64_t hz);

/*
 * CPUID.15H: TSC = crystal (ECX Hz) * EBX / EAX (SDM Vol. 3B 18.7.3); 0 when
 * the leaf does not give all three.
 */
uint64_t tsc_hz_from_cpuid_15h(uint32_t eax, uint32_t ebx, uint32_t ecx);
/* CPUID.16H:EAX[15:0], the base frequency in MHz; 0 when not given. */
uint64_t tsc_hz_from_cpuid_16h(uint32_t eax);

/* tsc_cycles counted while a timer of timer_hz advanced by ticks; 0 on bad input. */
uint64_t tsc_hz_from_ticks(uint64_t tsc_cycles, uint64_t ticks, uint64_t timer_hz);

struct tsc_choice {
	uint64_t hz;
	enum tsc_source source;
	bool cpuid_disagreed; /* a CPUID claim was refused: a measurement differed */
};

/*
 * cpuid_15h_hz, cpuid_16h_hz: claims (0: none).  measured_hz from
 * measured_source (0: nothing could be measured).  The CPUID claims are
 * taken only when within 2 % of the measurement, or when there is none.
 */
struct tsc_choice tsc_choose(uint64_t cpuid_15h_hz, uint64_t cpuid_16h_hz, uint64_t measured_hz,
			     enum tsc_source measured_source);

#endif
