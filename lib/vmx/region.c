#include "lib/vmx/region.h"

#define LIMIT_32BIT (1ull << 32)

uint64_t vmx_region_limit(const struct vmx_assessment *a)
{
	uint64_t limit = a->addr32 ? LIMIT_32BIT : UINT64_MAX;

	if (a->phys_addr_bits && a->phys_addr_bits < 64 && (1ull << a->phys_addr_bits) < limit)
		limit = 1ull << a->phys_addr_bits;
	return limit;
}
