#include "kernel/report.h"
#include "kernel/console.h"
#include "kernel/smp_table.h"
#include "arch/x86/emulator.h"
#include "arch/x86/cpu.h"
#include "arch/x86/trap.h"

static const char *state_word(uint32_t state)
{
	return state == CPU_ONLINE ? "online" : "offline";
}

static void report_cpu(const struct cpu *cpu)
{
	kprintf("cpu %u apic=%u %s", cpu->index, cpu->apic_id, state_word(cpu->state));
	if (cpu->state != CPU_ONLINE && cpu->offline_reason)
		kprintf(" reason=%s", cpu->offline_reason);
	kprintf("\n");
}

void report_and_exit(bool success)
{
	uint32_t online = 0;

	for (uint32_t i = 0; i < cpu_count; i++) {
		report_cpu(cpu_table[i]);
		if (cpu_table[i]->state == CPU_ONLINE)
			online++;
	}
	kprintf("summary cpus=%u online=%u vmxon=%u\n", cpu_count, online, 0u);
	emulator_exit(success && trap_fatal_count == 0);
	halt_forever();
}
