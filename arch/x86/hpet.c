#include "arch/x86/hpet.h"
#include "arch/x86/memory.h"

/* Register offsets and fields, HPET spec section 2.3.1, table 2. */
#define HPET_CAPABILITIES  0x000
#define HPET_CONFIG	   0x010
#define HPET_COUNTER	   0x0F0
#define HPET_CONFIG_ENABLE 1ull
#define HPET_BLOCK_SIZE	   1024
/* COUNTER_CLK_PERIOD is in femtoseconds, nonzero and at most 100 ns. */
#define HPET_MAX_PERIOD_FS 100000000ull
#define FS_PER_SECOND	   1000000000000000ull

static volatile uint64_t *hpet_regs;

uint64_t hpet_start(uint64_t base)
{
	uint64_t period;

	if (!base || !memory_map_mmio(base, HPET_BLOCK_SIZE))
		return 0;
	hpet_regs = (volatile uint64_t *)(uintptr_t)base;
	period = hpet_regs[HPET_CAPABILITIES / 8] >> 32;
	if (!period || period > HPET_MAX_PERIOD_FS)
		return 0;
	if (!(hpet_regs[HPET_CONFIG / 8] & HPET_CONFIG_ENABLE))
		hpet_regs[HPET_CONFIG / 8] |= HPET_CONFIG_ENABLE;
	return FS_PER_SECOND / period;
}

uint64_t hpet_read(const void *ctx)
{
	(void)ctx;
	return *(volatile uint32_t *)(hpet_regs + HPET_COUNTER / 8);
}
