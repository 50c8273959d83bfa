#include "arch/x86/percpu.h"
#include "arch/x86/cpu.h"
#include "include/config.h"

struct cpu *cpu_table[CONFIG_MAX_CPUS];
uint32_t cpu_count;

void percpu_install(struct cpu *cpu)
{
	cpu->self = cpu;
	wrmsr(MSR_IA32_GS_BASE, (uint64_t)(uintptr_t)cpu);
}
