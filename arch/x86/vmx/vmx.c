#include <string.h>
#include "arch/x86/percpu.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/cpu.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "arch/x86/trap.h"
#include "arch/x86/tsc.h"
#include "include/x86/vmx_defs.h"
#include "arch/x86/vmx/vmx_insn.h"
#include "arch/x86/console.h"
#include "arch/x86/debug.h"
#include "arch/x86/memory.h"
#include "arch/x86/hook_point.h"
#include "arch/x86/vmx/guest.h"
#include "lib/vmx/compare.h"
#include "lib/vmx/region.h"

struct vmm vmm;

const char *vmx_outcome_name(enum vmx_outcome o)
{
	switch (o) {
	case VMX_OUTCOME_NOT_TRIED: return "not-tried";
	case VMX_OUTCOME_SUCCESS: return "success";
	case VMX_OUTCOME_FAIL_INVALID: return "VMfailInvalid";
	case VMX_OUTCOME_FAIL_VALID: return "VMfailValid";
	case VMX_OUTCOME_UD: return "#UD";
	case VMX_OUTCOME_GP: return "#GP";
	default: return "fault";
	}
}

struct vmx_attempt {
	uint64_t region_phys;
	bool is_vmxoff;
	enum vmx_outcome result;
};

static void attempt(void *arg)
{
	struct vmx_attempt *a = arg;
	a->result = a->is_vmxoff ? vmxoff() : vmxon(a->region_phys);
}

static enum vmx_outcome run_attempt(struct vmx_attempt *a)
{
	uint64_t vector = trap_catch(attempt, a, NULL);

	if (vector == X86_VEC_UD)
		return VMX_OUTCOME_UD;
	if (vector == X86_VEC_GP)
		return VMX_OUTCOME_GP;
	if (vector != TRAP_NONE)
		return VMX_OUTCOME_OTHER_FAULT;
	return a->result;
}

enum vmx_outcome vmx_try_vmxon(uint64_t region_phys)
{
	struct vmx_attempt a = { .region_phys = region_phys };
	return run_attempt(&a);
}

enum vmx_outcome vmx_try_vmxoff(void)
{
	struct vmx_attempt a = { .is_vmxoff = true };
	return run_attempt(&a);
}

/* Probe callbacks: RDMSR through trap_catch so a missing MSR is not fatal. */
static void probe_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t regs[4])
{
	struct cpuid_regs r = cpuid(leaf, subleaf);
	(void)ctx;
	regs[0] = r.eax;
	regs[1] = r.ebx;
	regs[2] = r.ecx;
	regs[3] = r.edx;
}

static bool probe_rdmsr(void *ctx, uint32_t msr, uint64_t *value)
{
	(void)ctx;
	return rdmsr_catch(msr, value) == TRAP_NONE;
}

void vmx_read_caps(struct vmx_msr_snapshot *s)
{
	static const struct vmx_probe_ops ops = { probe_cpuid, probe_rdmsr };
	vmx_snapshot_collect(s, &ops, NULL);
}

/* IA32_FEATURE_CONTROL, enabling and locking it where firmware did not. */
static bool prepare_feature_control(struct vmx_core *core)
{
	uint64_t new_value, readback;
	bool smx = core->caps.cpuid_01h_ecx & X86_CPUID_01H_ECX_SMX;

	if (vmx_feature_control_plan(core->caps.feature_control, smx, &new_value) != FC_WRITE)
		return true;
	/*
	 * Where cores share the MSR, another core may lock it first and this
	 * write then takes #GP: what counts is what the MSR holds afterwards.
	 */
	core->feature_control_written =
		wrmsr_catch(MSR_IA32_FEATURE_CONTROL, new_value) == TRAP_NONE;
	if (!probe_rdmsr(NULL, MSR_IA32_FEATURE_CONTROL, &readback) ||
	    vmx_feature_control_plan(readback, smx, &new_value) != FC_READY) {
		core->cause = VMX_CAUSE_FEATURE_CONTROL_WRITE_FAILED;
		return false;
	}
	core->caps.feature_control = readback;
	return true;
}

/* A zeroed region within reach of VMXON, holding the revision id. */
static uint64_t alloc_vmx_region(const struct vmx_assessment *a)
{
	uint32_t *region = page_alloc(PAGE_SIZE, vmx_region_limit(a));

	if (!region)
		return 0;
	region[0] = a->revision & 0x7FFFFFFF; /* bit 31 must be clear */
	return (uint64_t)(uintptr_t)region;
}

/* CR0 and CR4 as VMX operation requires (SDM 3D A.7, A.8). */
static void adjust_control_registers(struct vmx_core *core)
{
	const struct vmx_msr_snapshot *c = &core->caps;

	core->cr0_before = read_cr0();
	core->cr4_before = read_cr4();
	write_cr0(vmx_adjust_cr(core->cr0_before, c->cr0_fixed0, c->cr0_fixed1));
	write_cr4(vmx_adjust_cr(core->cr4_before | X86_CR4_VMXE, c->cr4_fixed0, c->cr4_fixed1));
}

static bool assess(struct vmx_core *core)
{
	vmx_read_caps(&core->caps);
	hook_point(HOOK_CAPS_READ, core, NULL);
	vmx_assess(&core->caps, &core->assessment);
	if (core->assessment.verdict != VMX_OK)
		return false;
	if (!prepare_feature_control(core))
		return false;
	core->vmxon_phys = alloc_vmx_region(&core->assessment);
	core->vmcs_phys = alloc_vmx_region(&core->assessment);
	if (!core->vmxon_phys || !core->vmcs_phys) {
		core->cause = VMX_CAUSE_NO_MEMORY_FOR_VMX_REGIONS;
		return false;
	}
	return true;
}

void vmx_core_enter(struct vmx_core *core)
{
	debug_point(DEBUG_POINT_VMX_CHECK);
	if (!assess(core))
		return;
	kverbose("vmx: cpu %u vmxon-region=0x%lx vmcs=0x%lx\n", this_cpu()->index,
		 (unsigned long)core->vmxon_phys, (unsigned long)core->vmcs_phys);
	adjust_control_registers(core);
	debug_point(DEBUG_POINT_VMXON);
	core->vmxon = vmx_try_vmxon(core->vmxon_phys);
	if (core->vmxon != VMX_OUTCOME_SUCCESS) {
		core->cause = VMX_CAUSE_VMXON_FAILED;
		write_cr4(read_cr4() & ~X86_CR4_VMXE); /* not in VMX operation: allowed */
	}
}

bool vmx_core_reenter(struct vmx_core *core)
{
	if (core->vmxon != VMX_OUTCOME_SUCCESS || core->vmxoff != VMX_OUTCOME_SUCCESS)
		return false;
	adjust_control_registers(core);
	if (vmx_try_vmxon(core->vmxon_phys) == VMX_OUTCOME_SUCCESS)
		return true;
	write_cr4(read_cr4() & ~X86_CR4_VMXE);
	return false;
}

bool vmx_core_reexit(struct vmx_core *core)
{
	bool ok = vmx_try_vmxoff() == VMX_OUTCOME_SUCCESS;

	if (ok) {
		write_cr4(core->cr4_before & ~X86_CR4_VMXE);
		write_cr0(core->cr0_before);
	}
	return ok;
}

/* Leave VMX operation and clear CR4.VMXE, checking both; a core that stays a guest stays in. */
void vmx_core_leave(struct vmx_core *core, bool stays_guest)
{
	if (core->vmxon == VMX_OUTCOME_SUCCESS && !stays_guest) {
		debug_point(DEBUG_POINT_VMXOFF);
		if (core->vmxoff == VMX_OUTCOME_NOT_TRIED) /* the unload may have done it */
			core->vmxoff = vmx_try_vmxoff();
		/*
		 * Back to the control registers the core had before VMX; but
		 * clearing CR4.VMXE in VMX operation is #GP (SDM 3C 24.8).
		 */
		if (core->vmxoff == VMX_OUTCOME_SUCCESS) {
			write_cr4(core->cr4_before & ~X86_CR4_VMXE);
			write_cr0(core->cr0_before);
		}
		core->vmxe_cleared = !(read_cr4() & X86_CR4_VMXE);
	}
	__atomic_store_n(&core->left, true, __ATOMIC_RELEASE);
}

bool vmx_core_running(const struct cpu *cpu)
{
	return __atomic_load_n(&cpu->state, __ATOMIC_ACQUIRE) == CPU_ONLINE;
}

bool vmx_wait_flag(const struct cpu *cpu, volatile bool *flag, uint64_t start, uint64_t timeout_us)
{
	while (!__atomic_load_n(flag, __ATOMIC_ACQUIRE)) {
		if (!vmx_core_running(cpu) || tsc_us_since(start) > timeout_us)
			return false;
		cpu_relax();
	}
	return true;
}

/* Every core's capabilities against the boot processor's (lib/vmx/compare.c). */
static void compare_with_boot_cpu(struct cpu *cpu, const struct vmx_core *bsp)
{
	struct vmx_core *core = &cpu->vmx;
	uint32_t differ = vmx_caps_differences(&core->caps, &bsp->caps);

	core->caps_differ = differ != 0;
	for (unsigned i = 0; i < VMX_COMPARED_FIELDS; i++)
		if (differ & (1u << i))
			kalways("vmx: cpu %u %s=0x%lx differs from cpu 0's 0x%lx\n", cpu->index,
				vmx_compared_field_name(i),
				(unsigned long)vmx_compared_field_value(&core->caps, i),
				(unsigned long)vmx_compared_field_value(&bsp->caps, i));
}

/* Worth knowing: the firmware left VT-x unlocked, and now it is locked until power-off. */
static void report_feature_control_writes(void)
{
	uint32_t written = 0;

	for (uint32_t i = 0; i < cpu_count; i++)
		written += cpu_table[i]->vmx.feature_control_written;
	if (written)
		kalways("vmx: IA32_FEATURE_CONTROL was unlocked on %u of %u cores; the kernel "
			"enabled VMX and locked it (it stays locked until a power-on reset)\n",
			written, cpu_count);
}

void vmx_compare_cores(void)
{
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->vmx.checked)
			compare_with_boot_cpu(cpu_table[i], &cpu_table[0]->vmx);
	report_feature_control_writes();
}

uint32_t vmm_count_vmxon(void)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < cpu_count; i++) {
		const struct cpu *cpu = cpu_table[i];
		n += cpu->vmx.vmxon == VMX_OUTCOME_SUCCESS && cpu->vmx.checked &&
		     vmx_core_running(cpu);
	}
	return n;
}
