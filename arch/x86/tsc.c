#include "arch/x86/tsc.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"

/* 8254 programmable interval timer, channel 2 (gated by port 0x61). */
#define PIT_HZ		   1193182ull
#define PIT_CH2_DATA	   0x42
#define PIT_COMMAND	   0x43
#define PIT_CH2_MODE0_LOHI 0xB0
#define PORT_B		   0x61
#define PORT_B_GATE2	   0x01
#define PORT_B_SPEAKER	   0x02
#define PORT_B_OUT2	   0x20

#define CALIBRATE_MS	   10
/*
 * Some machines have no PIT (or gate it off): give up after this many TSC
 * cycles, 0.1 s at 5 GHz, rather than after a count of slow port reads.
 */
#define PIT_TIMEOUT_CYCLES 500000000ull
#define GUESSED_HZ	   2000000000ull

uint64_t tsc_hz = GUESSED_HZ;

static uint64_t pit_measure_hz(void)
{
	uint32_t count = PIT_HZ * CALIBRATE_MS / 1000;
	uint64_t start, end;

	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_COMMAND, PIT_CH2_MODE0_LOHI);
	outb(PIT_CH2_DATA, count & 0xFF);
	outb(PIT_CH2_DATA, count >> 8);
	start = rdtsc();
	while (!(inb(PORT_B) & PORT_B_OUT2))
		if (rdtsc() - start > PIT_TIMEOUT_CYCLES)
			return 0;
	end = rdtsc();
	return (end - start) * 1000 / CALIBRATE_MS;
}

/* CPUID.16H:EAX: processor base frequency in MHz (Intel SDM Vol. 2A, CPUID). */
static uint64_t cpuid_base_hz(void)
{
	if (cpuid(0, 0).eax < 0x16)
		return 0;
	return (uint64_t)(cpuid(0x16, 0).eax & 0xFFFF) * 1000000;
}

const char *tsc_calibrate(void)
{
	uint64_t hz = pit_measure_hz();

	if (hz) {
		tsc_hz = hz;
		return "pit";
	}
	hz = cpuid_base_hz();
	if (hz) {
		tsc_hz = hz;
		return "cpuid";
	}
	return "guess";
}

uint64_t tsc_us_since(uint64_t start_tsc)
{
	return (rdtsc() - start_tsc) * 1000000 / tsc_hz;
}

void udelay(uint64_t us)
{
	uint64_t start = rdtsc();
	uint64_t cycles = us * tsc_hz / 1000000;

	while (rdtsc() - start < cycles)
		cpu_relax();
}
