#include "lib/ipi_sequence.h"

/* "GenuineIntel" etc. as CPUID.0 returns them: EBX, EDX, ECX, 4 bytes each. */
static uint32_t le32(const char *s)
{
	return (uint32_t)(unsigned char)s[0] | (uint32_t)(unsigned char)s[1] << 8 |
	       (uint32_t)(unsigned char)s[2] << 16 | (uint32_t)(unsigned char)s[3] << 24;
}

static bool vendor_is(const char *name, uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	return ebx == le32(name) && edx == le32(name + 4) && ecx == le32(name + 8);
}

enum cpu_vendor cpu_vendor_from_cpuid(uint32_t ebx, uint32_t ecx, uint32_t edx)
{
	if (vendor_is("GenuineIntel", ebx, ecx, edx))
		return CPU_VENDOR_INTEL;
	if (vendor_is("AuthenticAMD", ebx, ecx, edx))
		return CPU_VENDOR_AMD;
	if (vendor_is("HygonGenuine", ebx, ecx, edx))
		return CPU_VENDOR_HYGON;
	return CPU_VENDOR_OTHER;
}

/* SDM Vol. 2A, CPUID leaf 01H: "Family ID" and "Extended Family ID". */
uint32_t cpu_family_from_cpuid(uint32_t eax)
{
	uint32_t family = (eax >> 8) & 0xF;

	if (family == 0xF)
		family += (eax >> 20) & 0xFF;
	return family;
}

struct ipi_timing ipi_timing_for(enum cpu_vendor vendor, uint32_t family, bool force_init_delay)
{
	bool modern = (vendor == CPU_VENDOR_INTEL && family == 6) ||
		      (vendor == CPU_VENDOR_AMD && family >= 0xF) ||
		      (vendor == CPU_VENDOR_HYGON && family >= 0x18);

	if (modern && !force_init_delay)
		return (struct ipi_timing){ 0, IPI_SIPI_DELAY_US_NO_INIT };
	return (struct ipi_timing){ IPI_INIT_DELAY_US, IPI_SIPI_DELAY_US };
}

uint32_t ipi_sequence_duration_us(const struct ipi_timing *t)
{
	return t->init_delay_us + 2 * t->sipi_delay_us;
}

void ipi_sequence_run(const struct ipi_timing *t, const struct ipi_sequence_ops *ops, void *ctx)
{
	if (!ops->starting(ctx))
		return;
	ops->send(ctx, IPI_INIT);
	if (t->init_delay_us)
		ops->delay_us(ctx, t->init_delay_us);
	ops->send(ctx, IPI_STARTUP);
	ops->delay_us(ctx, t->sipi_delay_us);
	if (ops->starting(ctx))
		ops->send(ctx, IPI_STARTUP);
}
