/*
 * The TSC's frequency, from the best source the machine has: CPUID leaves
 * 15H/16H where a measurement confirms them, else a measurement against the
 * ACPI PM timer, the HPET or the 8254 PIT, in that order (lib/tsc_calibrate.c
 * decides).  Every measurement loop is bounded by a count of reads, never by
 * the TSC whose rate is still unknown, and a timer that does not move is
 * taken as absent.
 */
#include <stddef.h>
#include "arch/x86/tsc.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"
#include "arch/x86/console.h"
#include "arch/x86/hpet.h"
#include "arch/x86/pmtimer.h"
#include "lib/tsc_calibrate.h"

/* 8254 programmable interval timer, channel 2 (gated by port 0x61). */
#define PIT_HZ		   1193182ull
#define PIT_CH2_DATA	   0x42
#define PIT_COMMAND	   0x43
#define PIT_CH2_MODE2_LOHI 0xB4 /* rate generator: counts down, reloads */
#define PIT_CH2_LATCH	   0x80
#define PORT_B		   0x61
#define PORT_B_GATE2	   0x01
#define PORT_B_SPEAKER	   0x02

#define CALIBRATE_MS		 10
/* Bounds on a measurement, in timer reads (each takes 0.1-2 us). */
#define MAX_READS_WITHOUT_CHANGE 100000u
#define MAX_READS		 20000000u

uint64_t tsc_hz = TSC_GUESSED_HZ;
bool tsc_cpuid_wrong;

/* A counter that counts up at hz and wraps at mask; read by read(ctx). */
struct ref_timer {
	enum tsc_source source;
	uint64_t (*read)(const void *ctx);
	const void *ctx;
	uint64_t mask;
	uint64_t hz;
};

/* Read until the counter moves; false if it never does. */
static bool wait_for_tick(const struct ref_timer *t, uint64_t *value)
{
	uint64_t first = t->read(t->ctx);

	for (uint32_t reads = 0; reads < MAX_READS_WITHOUT_CHANGE; reads++) {
		*value = t->read(t->ctx);
		if (*value != first)
			return true;
	}
	return false;
}

/* TSC cycles per second against t, or 0 if t does not count. */
static uint64_t measure(const struct ref_timer *t)
{
	uint64_t want = t->hz * CALIBRATE_MS / 1000, ticks = 0, last, now, start_tsc;
	uint32_t still = 0;

	if (!wait_for_tick(t, &last))
		return 0;
	start_tsc = rdtsc();
	for (uint32_t reads = 0; ticks < want; reads++) {
		if (reads == MAX_READS || still == MAX_READS_WITHOUT_CHANGE)
			return 0;
		now = t->read(t->ctx);
		still = now == last ? still + 1 : 0;
		ticks += (now - last) & t->mask;
		last = now;
	}
	return tsc_hz_from_ticks(rdtsc() - start_tsc, ticks, t->hz);
}

/* Channel 2 latched and read back, turned into an up-counter. */
static uint64_t pit_read(const void *ctx)
{
	uint32_t lo, hi;

	(void)ctx;
	outb(PIT_COMMAND, PIT_CH2_LATCH);
	lo = inb(PIT_CH2_DATA);
	hi = inb(PIT_CH2_DATA);
	return 0xFFFF - ((hi << 8) | lo);
}

static void pit_start(void)
{
	outb(PORT_B, (inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE2);
	outb(PIT_COMMAND, PIT_CH2_MODE2_LOHI);
	outb(PIT_CH2_DATA, 0xFF); /* reload value 0xFFFF: 55 ms per period */
	outb(PIT_CH2_DATA, 0xFF);
}

/* The first timer, in order of preference, that gives a plausible rate. */
static uint64_t measure_best(const struct acpi_timers *acpi, enum tsc_source *source)
{
	struct ref_timer timers[3];
	unsigned n = 0;
	uint64_t hpet_hz;

	if (acpi && acpi->pm_timer_port)
		timers[n++] = (struct ref_timer){ TSC_SOURCE_PM_TIMER, pmtimer_read, acpi,
						  pmtimer_mask(acpi), ACPI_PM_TIMER_HZ };
	hpet_hz = acpi ? hpet_start(acpi->hpet_base) : 0;
	if (hpet_hz)
		timers[n++] = (struct ref_timer){ TSC_SOURCE_HPET, hpet_read, NULL, 0xFFFFFFFFull,
						  hpet_hz };
	pit_start();
	timers[n++] = (struct ref_timer){ TSC_SOURCE_PIT, pit_read, NULL, 0xFFFF, PIT_HZ };

	for (unsigned i = 0; i < n; i++) {
		uint64_t hz = measure(&timers[i]);
		if (tsc_hz_plausible(hz)) {
			*source = timers[i].source;
			return hz;
		}
		kprintf("tsc: the %s %s; trying the next source\n",
			tsc_source_name(timers[i].source),
			hz ? "gave an implausible rate" : "does not count");
	}
	return 0;
}

static uint32_t max_leaf(void)
{
	return cpuid(0, 0).eax;
}

const char *tsc_calibrate(const struct acpi_timers *acpi)
{
	enum tsc_source measured_source = TSC_SOURCE_GUESS;
	uint64_t measured = measure_best(acpi, &measured_source);
	uint64_t claim_15h = 0, claim_16h = 0;
	struct tsc_choice choice;

	if (max_leaf() >= 0x15) {
		struct cpuid_regs r = cpuid(0x15, 0);
		claim_15h = tsc_hz_from_cpuid_15h(r.eax, r.ebx, r.ecx);
	}
	if (max_leaf() >= 0x16)
		claim_16h = tsc_hz_from_cpuid_16h(cpuid(0x16, 0).eax);
	choice = tsc_choose(claim_15h, claim_16h, measured, measured_source);
	if (choice.cpuid_disagreed)
		kprintf("tsc: CPUID claims %lu/%lu MHz (leaves 15H/16H), but the %s measured "
			"%lu MHz; using the measurement\n",
			(unsigned long)(claim_15h / 1000000), (unsigned long)(claim_16h / 1000000),
			tsc_source_name(measured_source), (unsigned long)(measured / 1000000));
	tsc_hz = choice.hz;
	tsc_cpuid_wrong = choice.cpuid_disagreed;
	return tsc_source_name(choice.source);
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
