/*
 * The report (README, "The report"): one `cpu` line per processor, a plain
 * sentence per distinct VMX problem, then the closing `summary` line.
 */
#include "kernel/report.h"
#include "kernel/console.h"
#include "kernel/smp_table.h"
#include "arch/x86/emulator.h"
#include "arch/x86/serial.h"
#include "arch/x86/cpu.h"
#include "arch/x86/trap.h"
#include "arch/x86/vmx.h"

#define MAX_DISTINCT_PROBLEMS 16

static const char *vmxon_word(const struct vmx_core *core)
{
	switch (core->vmxon) {
	case VMX_OUTCOME_SUCCESS: return "ok";
	case VMX_OUTCOME_NOT_TRIED: return "skipped";
	default: return "failed";
	}
}

/* The failure's cause, or NULL: the check's reason first, then what came after. */
static const char *vmx_cause(const struct vmx_core *core)
{
	if (core->assessment.verdict != VMX_OK)
		return core->assessment.reason;
	return core->cause;
}

static void report_vmx(const struct vmx_core *core)
{
	const char *cause = vmx_cause(core);

	if (!core->checked) {
		kprintf(" vmx=unknown vmxon=skipped cause=%s", cause ? cause : "vmx-check-not-run");
		return;
	}
	kprintf(" vmx=%s vmxon=%s", vmx_verdict_name(core->assessment.verdict), vmxon_word(core));
	if (core->assessment.revision)
		kprintf(" revision=0x%x", core->assessment.revision);
	if (core->vmxon != VMX_OUTCOME_SUCCESS && core->vmxon != VMX_OUTCOME_NOT_TRIED)
		kprintf(" vmxon-error=%s", vmx_outcome_name(core->vmxon));
	if (core->vmxon == VMX_OUTCOME_SUCCESS)
		kprintf(" vmxoff=%s", core->vmxoff == VMX_OUTCOME_SUCCESS && core->vmxe_cleared ?
					     "ok" : "failed");
	if (cause)
		kprintf(" cause=%s", cause);
	kprintf(" caps=%s", core->caps_differ ? "differs" : "same");
}

static void report_cpu(const struct cpu *cpu)
{
	bool online = cpu->state == CPU_ONLINE;

	kprintf("cpu %u apic=%u %s", cpu->index, cpu->apic_id, online ? "online" : "offline");
	if (!online)
		kprintf(" reason=%s", cpu->offline_reason ? cpu->offline_reason : "not-started");
	if (online && cpu->vmx)
		report_vmx(cpu->vmx);
	kprintf("\n");
}

/* One sentence per distinct problem, naming the processors it concerns. */
static void report_advice(void)
{
	const char *seen[MAX_DISTINCT_PROBLEMS];
	unsigned nseen = 0;

	for (uint32_t i = 0; i < cpu_count; i++) {
		const struct vmx_core *core = cpu_table[i]->vmx;
		const char *cause = core && cpu_table[i]->state == CPU_ONLINE ? vmx_cause(core) : NULL;
		bool known = false;

		if (!cause)
			continue;
		for (unsigned k = 0; k < nseen; k++)
			known |= seen[k] == cause;
		if (known || nseen == MAX_DISTINCT_PROBLEMS)
			continue;
		seen[nseen++] = cause;
		kprintf("problem %s on", cause);
		for (uint32_t j = i; j < cpu_count; j++) {
			const struct vmx_core *other = cpu_table[j]->vmx;
			if (other && cpu_table[j]->state == CPU_ONLINE && vmx_cause(other) == cause)
				kprintf(" cpu%u", j);
		}
		kprintf(": %s\n", vmx_advice(cause));
	}
}

void report_and_exit(bool success)
{
	uint32_t online = 0;

	for (uint32_t i = 0; i < cpu_count; i++) {
		report_cpu(cpu_table[i]);
		online += cpu_table[i]->state == CPU_ONLINE;
	}
	report_advice();
	kprintf("summary cpus=%u online=%u vmxon=%u\n", cpu_count, online,
		vmm.cpu_count ? vmm_count_vmxon() : 0);
	serial_flush();
	emulator_exit(success && trap_fatal_count == 0);
	halt_forever();
}
