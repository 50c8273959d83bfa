#include "lib/tsc_calibrate.h"

const char *tsc_source_name(enum tsc_source s)
{
	switch (s) {
	case TSC_SOURCE_CPUID_15H: return "cpuid-15h";
	case TSC_SOURCE_CPUID_16H: return "cpuid-16h";
	case TSC_SOURCE_PM_TIMER: return "acpi-pm-timer";
	case TSC_SOURCE_HPET: return "hpet";
	case TSC_SOURCE_PIT: return "pit";
	default: return "guess";
	}
}

bool tsc_hz_plausible(uint64_t hz)
{
	return hz >= TSC_MIN_PLAUSIBLE_HZ && hz <= TSC_MAX_PLAUSIBLE_HZ;
}

uint64_t tsc_hz_from_cpuid_15h(uint32_t eax, uint32_t ebx, uint32_t ecx)
{
	if (!eax || !ebx || !ecx)
		return 0;
	return (uint64_t)ecx * ebx / eax;
}

uint64_t tsc_hz_from_cpuid_16h(uint32_t eax)
{
	return (uint64_t)(eax & 0xFFFF) * 1000000;
}

uint64_t tsc_hz_from_ticks(uint64_t tsc_cycles, uint64_t ticks, uint64_t timer_hz)
{
	if (!ticks || !timer_hz)
		return 0;
	/* tsc_cycles * timer_hz / ticks without overflow (unsigned __int128 is not freestanding-safe everywhere). */
	return tsc_cycles / ticks * timer_hz + tsc_cycles % ticks * timer_hz / ticks;
}

static bool close_to(uint64_t claim, uint64_t measured)
{
	uint64_t diff = claim > measured ? claim - measured : measured - claim;
	return diff <= measured / 50;
}

struct tsc_choice tsc_choose(uint64_t cpuid_15h_hz, uint64_t cpuid_16h_hz, uint64_t measured_hz,
			     enum tsc_source measured_source)
{
	struct tsc_choice c = { TSC_GUESSED_HZ, TSC_SOURCE_GUESS, false };
	const uint64_t claims[2] = { cpuid_15h_hz, cpuid_16h_hz };
	const enum tsc_source claim_sources[2] = { TSC_SOURCE_CPUID_15H, TSC_SOURCE_CPUID_16H };
	bool measured = tsc_hz_plausible(measured_hz);

	for (int i = 0; i < 2; i++) {
		if (!tsc_hz_plausible(claims[i]))
			continue;
		if (!measured || close_to(claims[i], measured_hz)) {
			c.hz = claims[i];
			c.source = claim_sources[i];
			return c;
		}
		c.cpuid_disagreed = true;
	}
	if (measured) {
		c.hz = measured_hz;
		c.source = measured_source;
	}
	return c;
}
