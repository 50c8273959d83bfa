/*
 * Starting the application processors (Intel SDM Vol. 3A section 9.4,
 * "Multiple-Processor (MP) Initialization").
 */
#ifndef ARCH_X86_SMP_H
#define ARCH_X86_SMP_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/acpi.h"
#include "lib/ipi_sequence.h"
#include "arch/x86/percpu.h"

struct smp_bringup {
	uint32_t started; /* APs sent INIT-SIPI-SIPI */
	uint32_t arrived; /* of those, reached ap_main */
	uint64_t first_init_tsc;
	uint64_t last_online_tsc;
	uint64_t bringup_us; /* first INIT to last AP online */
};

/* Interrupt stacks with guard pages; false if memory ran out. */
bool smp_alloc_ist_stacks(uint64_t ist_tops[IST_COUNT]);

/*
 * Make a struct cpu for every processor the MADT lists, with stack and
 * tables for those that will be started while memory lasts; the others are
 * offline with reason out-of-memory.  Returns how many ran out of memory.
 */
uint32_t smp_add_cpus(const struct acpi_madt_info *madt, uint32_t bsp_apic_id);

/* INIT-SIPI-SIPI every listed AP in parallel; wait for each up to timeout_us. */
void smp_start_aps(uint64_t trampoline_phys, const struct ipi_timing *timing, uint64_t timeout_us,
		   struct smp_bringup *out);

/* Every online AP runs work(its struct cpu) from now on, then halts. */
void smp_run_on_aps(void (*work)(struct cpu *cpu));

#endif
