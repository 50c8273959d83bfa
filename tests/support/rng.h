/*
 * A pseudo-random generator for the host tests' randomised cases:
 * xorshift64 (Marsaglia, "Xorshift RNGs", 2003), so that a fixed seed
 * gives the same sequence with every C library and a failure replays.
 */
#ifndef TESTS_SUPPORT_RNG_H
#define TESTS_SUPPORT_RNG_H

#include <stdint.h>

/* The seed the tests start from; any non-zero state works. */
#define TEST_RNG_SEED 0x9e3779b97f4a7c15ull

/* Advances *state and returns it. */
uint64_t test_rng_next(uint64_t *state);
/* A value below n (0 when n is 0). */
uint32_t test_rng_below(uint64_t *state, uint32_t n);

#endif
