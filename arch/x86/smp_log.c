/* Verbose lines about the APs: what was allocated for each, and when it arrived. */
#include "arch/x86/smp_log.h"
#include "arch/x86/console.h"
#include "arch/x86/tsc.h"

void smp_log_cpu(const struct cpu *cpu)
{
	if (cpu->offline_reason) {
		kverbose("smp: cpu %u apic=%u not started: %s\n", cpu->index, cpu->apic_id,
			 cpu->offline_reason);
		return;
	}
	kverbose("smp: cpu %u apic=%u tables=0x%lx stack-top=0x%lx guard-page=0x%lx\n", cpu->index,
		 cpu->apic_id, (unsigned long)(uintptr_t)cpu->tables, (unsigned long)cpu->stack_top,
		 (unsigned long)cpu->guard_page);
}

void smp_log_arrival(const struct cpu *cpu, uint64_t first_init_tsc)
{
	uint64_t us = 0;

	if (tsc_hz && cpu->online_tsc > first_init_tsc)
		us = (cpu->online_tsc - first_init_tsc) * 1000000 / tsc_hz;
	kverbose("smp: cpu %u apic=%u arrived %lu us after the first INIT\n", cpu->index,
		 cpu->apic_id, (unsigned long)us);
}
