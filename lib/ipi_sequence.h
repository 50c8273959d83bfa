/*
 * The INIT-SIPI-SIPI sequence that starts the application processors
 * (Intel SDM Vol. 3A section 9.4.4.1, "Typical BSP Initialization
 * Sequence"), as a plan driven by callbacks so that the host tests can check
 * it: the kernel's callbacks send the IPIs and wait, the tests' record them.
 *
 * Every AP is sent each IPI before the kernel waits, so the delays are paid
 * once for all of them.
 */
#ifndef LIB_IPI_SEQUENCE_H
#define LIB_IPI_SEQUENCE_H

#include <stdbool.h>
#include <stdint.h>

enum ipi_kind {
	IPI_INIT,
	IPI_STARTUP,
};

struct ipi_sequence_ops {
	/* Send kind to every AP that is still starting (has not arrived). */
	void (*send)(void *ctx, enum ipi_kind kind);
	/* Busy-wait us microseconds. */
	void (*delay_us)(void *ctx, uint32_t us);
	/* Number of APs still starting. */
	uint32_t (*starting)(void *ctx);
};

struct ipi_timing {
	uint32_t init_delay_us; /* after INIT: 10 ms, or 0 where not needed */
	uint32_t sipi_delay_us; /* after each SIPI */
};

/* The SDM's delays. */
#define IPI_INIT_DELAY_US	  10000
#define IPI_SIPI_DELAY_US	  200
/* Without the INIT delay Linux also shortens the SIPI wait (smpboot.c). */
#define IPI_SIPI_DELAY_US_NO_INIT 10

/* CPUID vendors the timing rule tells apart. */
enum cpu_vendor {
	CPU_VENDOR_OTHER,
	CPU_VENDOR_INTEL,
	CPU_VENDOR_AMD,
	CPU_VENDOR_HYGON,
};

/* The vendor from CPUID.0's EBX, EDX, ECX ("GenuineIntel", ...). */
enum cpu_vendor cpu_vendor_from_cpuid(uint32_t ebx, uint32_t ecx, uint32_t edx);

/* The display family from CPUID.01H:EAX (base family, plus extended if 0xF). */
uint32_t cpu_family_from_cpuid(uint32_t eax);

/*
 * The delays for this processor.  The 10 ms INIT delay is for processors
 * before the P6 family: Linux (smp_quirk_init_udelay) omits it on Intel
 * family 6, AMD family 0Fh and later, Hygon family 18h and later, and so do
 * we unless force_init_delay.
 */
struct ipi_timing ipi_timing_for(enum cpu_vendor vendor, uint32_t family, bool force_init_delay);

/* Microseconds the sequence takes at most, delays only. */
uint32_t ipi_sequence_duration_us(const struct ipi_timing *t);

/*
 * INIT to all, wait, SIPI to all, wait, and a second SIPI to those that have
 * not arrived yet (the SDM sends two: a core may miss the first).
 */
void ipi_sequence_run(const struct ipi_timing *t, const struct ipi_sequence_ops *ops, void *ctx);

#endif
