/*
 * The exit profile's arithmetic (exit-stats, arch/x86/vmx/exit_stats.c):
 * per exit reason the count and the handler's TSC ticks (minimum, maximum,
 * and the median of the last EXIT_PROFILE_SAMPLES), and a timeline of exits
 * per reason in fixed-width buckets.  Pure: fixed buffers, no allocation.
 */
#ifndef LIB_VMX_EXIT_PROFILE_H
#define LIB_VMX_EXIT_PROFILE_H

#include <stdint.h>

#define EXIT_PROFILE_SAMPLES 64

struct exit_profile_reason {
	uint64_t count;
	uint32_t min, max;
	uint32_t samples[EXIT_PROFILE_SAMPLES]; /* ring: the last ones, sample i at i % N */
};

/* One exit that took ticks (clamped to 32 bits). */
void exit_profile_record(struct exit_profile_reason *p, uint64_t ticks);
/* The median of the samples kept (the lower of the middle two); 0 with none. */
uint32_t exit_profile_median(const struct exit_profile_reason *p);
/* part of whole in tenths of a percent, rounded down; 0 when whole is 0. */
uint32_t exit_profile_permille(uint64_t part, uint64_t whole);

/* The bucket of a timeline starting at start with buckets width wide; the last takes the rest. */
uint32_t exit_timeline_bucket(uint64_t start, uint64_t width, uint32_t buckets, uint64_t now);

#endif
