/* xorshift64 with the shifts 13, 7, 17. */
#include "tests/support/rng.h"

uint64_t test_rng_next(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

uint32_t test_rng_below(uint64_t *state, uint32_t n)
{
	return n ? (uint32_t)(test_rng_next(state) % n) : 0;
}
