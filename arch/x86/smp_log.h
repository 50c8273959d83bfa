/* The start-up's detail for loglevel=verbose: each core's allocations and arrival. */
#ifndef ARCH_X86_SMP_LOG_H
#define ARCH_X86_SMP_LOG_H

#include <stdint.h>
#include "arch/x86/percpu.h"

void smp_log_cpu(const struct cpu *cpu);
void smp_log_arrival(const struct cpu *cpu, uint64_t first_init_tsc);

#endif
