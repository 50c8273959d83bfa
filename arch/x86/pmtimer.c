#include "arch/x86/pmtimer.h"
#include "arch/x86/io.h"

uint64_t pmtimer_mask(const struct acpi_timers *t)
{
	return t->pm_timer_32bit ? 0xFFFFFFFFull : 0xFFFFFFull;
}

uint64_t pmtimer_read(const void *ctx)
{
	const struct acpi_timers *t = ctx;
	return inl(t->pm_timer_port) & pmtimer_mask(t);
}
