/* The table of every processor the kernel knows about. */
#ifndef KERNEL_SMP_TABLE_H
#define KERNEL_SMP_TABLE_H

#include <stdint.h>
#include "arch/x86/percpu.h"

extern struct cpu *cpu_table[];
extern uint32_t cpu_count;

#endif
