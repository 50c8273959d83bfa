/* The exit profile's arithmetic (exit_profile.h). */
#include "lib/vmx/exit_profile.h"

void exit_profile_record(struct exit_profile_reason *p, uint64_t ticks)
{
	uint32_t t = ticks > UINT32_MAX ? UINT32_MAX : (uint32_t)ticks;

	if (!p->count || t < p->min)
		p->min = t;
	if (t > p->max)
		p->max = t;
	p->samples[p->count % EXIT_PROFILE_SAMPLES] = t;
	p->count++;
}

uint32_t exit_profile_median(const struct exit_profile_reason *p)
{
	uint32_t sorted[EXIT_PROFILE_SAMPLES];
	uint32_t n = p->count < EXIT_PROFILE_SAMPLES ? (uint32_t)p->count : EXIT_PROFILE_SAMPLES;

	if (!n)
		return 0;
	/* Insertion sort: at most 64 values, once per reason at report time. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = p->samples[i], j = i;
		for (; j > 0 && sorted[j - 1] > v; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = v;
	}
	return sorted[(n - 1) / 2];
}

uint32_t exit_profile_permille(uint64_t part, uint64_t whole)
{
	if (!whole)
		return 0;
	/* Both scaled down alike until part * 1000 fits: no 128-bit division in the kernel. */
	while (part > UINT64_MAX / 1000) {
		part >>= 1;
		whole >>= 1;
	}
	return (uint32_t)(part * 1000 / whole);
}

uint32_t exit_timeline_bucket(uint64_t start, uint64_t width, uint32_t buckets, uint64_t now)
{
	uint64_t b;

	if (!buckets)
		return 0;
	if (now <= start || !width)
		return 0;
	b = (now - start) / width;
	return b >= buckets ? buckets - 1 : (uint32_t)b;
}
