/*
 * The hyperjack as a guest kind (hyperjack.h): its table, and the
 * per-core flow: the VMX check and VMXON, the launch
 * (hyperjack_launch.c), the wait, the unload (hyperjack_unload.c).
 */
#include "arch/x86/guests/hyperjack_internal.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/exit.h"
#include "arch/x86/vmx/guest_alloc.h"
#include "arch/x86/vmx/vmcs_build.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hook_point.h"
#include "arch/x86/memory.h"
#include "arch/x86/trap.h"
#include "arch/x86/tsc.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/names.h"

static enum hyperjack_mode mode;

struct vmx_guest_kind hyperjack_kind = {
	.name = "hyperjack",
	.profile = &hyperjack_profile,
	.exits = { [VMX_EXIT_VMCALL] = hyperjack_vmcall },
	.unexpected = hyperjack_unexpected,
};

enum hyperjack_mode hyperjack_mode(void)
{
	return mode;
}

static bool alloc(struct vmx_core *core)
{
	if (!core->hyperjack)
		core->hyperjack = vmx_guest_new(&hyperjack_kind, NULL);
	return core->hyperjack != NULL;
}

void hyperjack_prepare(enum hyperjack_mode m, void (*lost)(void))
{
	struct vmx_msr_snapshot caps;
	struct vmx_assessment a;

	mode = m;
	hyperjack_set_lost(lost);
	vmx_kind_complete(&hyperjack_kind);
	if (mode == HYPERJACK_OFF)
		return;
	/* No memory for guests where the boot processor has no usable VMX. */
	vmx_read_caps(&caps);
	vmx_assess(&caps, &a);
	if (a.verdict != VMX_OK)
		return;
	for (uint32_t i = 0; i < cpu_count; i++)
		if (cpu_table[i]->tables && !cpu_table[i]->offline_reason &&
		    !alloc(&cpu_table[i]->vmx))
			return; /* each core tries again, and reports, at launch */
	vmx_ept_build(&caps);
}

/* ---- The per-core flow --------------------------------------------------- */

/* A core in VMX root operation becomes its own guest, given the memory. */
static void launch(struct vmx_core *core)
{
	if (!alloc(core)) {
		kprintf("vmx: cpu %u: no memory for its hypervisor's state\n",
			vmx_core_cpu(core)->index);
		if (core->cause == VMX_CAUSE_NONE)
			core->cause = VMX_CAUSE_NO_MEMORY_FOR_VMX_REGIONS;
		return;
	}
	hyperjack_launch(core);
}

static void leave(struct vmx_core *core)
{
	bool stays = core->vmxon == VMX_OUTCOME_SUCCESS && !hyperjack_unload(core, mode);

	vmx_core_leave(core, stays);
}

void hyperjack_core_run(struct cpu *cpu)
{
	struct vmx_core *core = &cpu->vmx;

	vmx_core_enter(core);
	if (mode != HYPERJACK_OFF && core->vmxon == VMX_OUTCOME_SUCCESS)
		launch(core); /* from here on, a guest of its own hypervisor */
	__atomic_store_n(&core->checked, true, __ATOMIC_RELEASE);
	if (cpu->index == 0)
		return; /* the boot processor leaves in hyperjack_finish() */
	/* Only a core in VMX root operation has to wait; the rest halt now. */
	while (core->vmxon == VMX_OUTCOME_SUCCESS && !__atomic_load_n(&vmm.leave, __ATOMIC_ACQUIRE))
		cpu_relax();
	leave(core);
}

void hyperjack_finish(uint64_t timeout_us)
{
	uint64_t start = rdtsc();

	for (uint32_t i = 1; i < cpu_count; i++) {
		struct cpu *cpu = cpu_table[i];
		if (vmx_core_running(cpu) &&
		    !vmx_wait_flag(cpu, &cpu->vmx.checked, start, timeout_us) &&
		    vmx_core_running(cpu))
			cpu->vmx.cause = VMX_CAUSE_VMX_CHECK_TIMED_OUT;
	}
	vmx_compare_cores();

	__atomic_store_n(&vmm.leave, true, __ATOMIC_RELEASE);
	leave(&cpu_table[0]->vmx);
	start = rdtsc();
	for (uint32_t i = 1; i < cpu_count; i++) {
		struct cpu *cpu = cpu_table[i];
		if (cpu->vmx.checked && vmx_core_running(cpu) &&
		    !vmx_wait_flag(cpu, &cpu->vmx.left, start, timeout_us) && vmx_core_running(cpu))
			cpu->vmx.cause = VMX_CAUSE_VMXOFF_TIMED_OUT;
	}
}
