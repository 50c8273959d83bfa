/*
 * Hyperjacking a core (hyperjack.h): its own current state captured as
 * data, a VMCS built from it by the shared pipeline (vmx/vmcs_build.h),
 * then VMLAUNCH.  The checks VM entry makes are in Intel SDM Vol. 3C 27.2
 * (controls and host state) and 27.3 (guest state).
 */
#include "arch/x86/guests/hyperjack_internal.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/exit.h"
#include "arch/x86/vmx/vmcs_build.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hook_point.h"
#include "arch/x86/iommu.h"
#include "arch/x86/trap.h"
#include "include/config.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/names.h"

/* The kernel keeps running as it is: MSR bitmaps hide VMX, the rest passes. */
const struct vmx_profile hyperjack_profile = {
	.proc = { 0, VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			     VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS) },
	.proc2 = { 0, VMX_CTL_BIT(VMX_PROC2_ENABLE_RDTSCP) | VMX_CTL_BIT(VMX_PROC2_ENABLE_INVPCID) |
			      VMX_CTL_BIT(VMX_PROC2_ENABLE_XSAVES_XRSTORS) |
			      VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT) },
	.exit = { VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE),
		  VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_EFER) | VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER) |
			  VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_PAT) | VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_PAT) },
	.entry = { 0, VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER) | VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT) },
};

/* ---- The kernel's own state, as data ------------------------------------ */

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define READ_SEGMENT(reg)                                            \
	({                                                           \
		uint16_t sel_;                                       \
		__asm__ volatile("mov %%" #reg ", %0" : "=r"(sel_)); \
		sel_;                                                \
	})

static uint64_t read_dr7(void)
{
	uint64_t v;
	__asm__ volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

static uint64_t rdmsr_or_zero(uint32_t msr)
{
	uint64_t v = 0;
	if (rdmsr_catch(msr, &v) != TRAP_NONE)
		return 0;
	return v;
}

/*
 * Everything VM entry loads, read off this core now (as SimpleVisor
 * captures the special registers first); RSP and RIP follow at the
 * launch, which resumes right here as the guest.
 */
static bool capture_guest_state(struct vmx_entry_state *s)
{
	struct table_pointer gdtr, idtr;
	uint16_t sel[SEG_COUNT], ldtr, tr;

	*s = (struct vmx_entry_state){ 0 };
	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("sldt %0" : "=r"(ldtr));
	__asm__ volatile("str %0" : "=r"(tr));
	sel[SEG_ES] = READ_SEGMENT(es);
	sel[SEG_CS] = READ_SEGMENT(cs);
	sel[SEG_SS] = READ_SEGMENT(ss);
	sel[SEG_DS] = READ_SEGMENT(ds);
	sel[SEG_FS] = READ_SEGMENT(fs);
	sel[SEG_GS] = READ_SEGMENT(gs);
	sel[SEG_LDTR] = ldtr;
	sel[SEG_TR] = tr;
	for (unsigned seg = 0; seg < SEG_COUNT; seg++)
		if (!vmx_segment_from_table(gdtr.base, gdtr.limit, sel[seg], &s->seg[seg]))
			return false;
	s->seg[SEG_FS].base = rdmsr(MSR_IA32_FS_BASE);
	s->seg[SEG_GS].base = rdmsr(MSR_IA32_GS_BASE);
	s->gdtr_base = gdtr.base;
	s->gdtr_limit = gdtr.limit;
	s->idtr_base = idtr.base;
	s->idtr_limit = idtr.limit;
	s->cr0 = read_cr0();
	s->cr3 = read_cr3();
	s->cr4 = read_cr4() & ~X86_CR4_VMXE; /* what the guest is told it has */
	s->dr7 = read_dr7();
	s->debugctl = rdmsr_or_zero(MSR_IA32_DEBUGCTL);
	s->rflags = read_rflags();
	s->sysenter_cs = rdmsr(MSR_IA32_SYSENTER_CS);
	s->sysenter_esp = rdmsr(MSR_IA32_SYSENTER_ESP);
	s->sysenter_eip = rdmsr(MSR_IA32_SYSENTER_EIP);
	s->efer = rdmsr(MSR_IA32_EFER);
	s->pat = rdmsr(MSR_IA32_PAT);
	s->activity = VMX_ACTIVITY_ACTIVE;
	s->long_mode = true;
	s->rsp_rip_later = true; /* vmx_guest_enter() writes them at its resume point */
	return true;
}

/* ---- Preparation and launch ---------------------------------------------- */

static void vmcs_filled(struct vmx_core *core, struct vmcs_writer *w)
{
	hook_point(HOOK_VMCS_FILLED, core, w);
}

static bool load_vmcs(struct vmx_core *core)
{
	struct vmx_guest *g = core->hyperjack;
	struct vmx_entry_state s;
	const char *error = "";

	if (!capture_guest_state(&s)) {
		vmx_guest_fail(core, g, VMX_CAUSE_GUEST_STATE_CAPTURE_FAILED,
			       "selector-outside-gdt");
		return false;
	}
	switch (vmx_load_vmcs(core, g, &hyperjack_profile, &s, 0, &error, vmcs_filled)) {
	case VMX_LOAD_OK: return true;
	case VMX_LOAD_CONTROL_UNAVAILABLE: vmx_guest_fail(core, g, g->cause, g->error); break;
	case VMX_LOAD_VMPTRLD_FAILED:
		vmx_guest_fail(core, g, VMX_CAUSE_GUEST_VMCS_LOAD_FAILED,
			       "vmclear-or-vmptrld-failed");
		break;
	case VMX_LOAD_VMWRITE_FAILED:
		vmx_guest_fail(core, g, VMX_CAUSE_GUEST_VMCS_WRITE_FAILED, error);
		break;
	}
	return false;
}

/* What VMLAUNCH answered when it did not enter the guest. */
static void launch_failed(struct vmx_core *core, int result)
{
	uint32_t index = vmx_core_cpu(core)->index;
	uint64_t error;

	if (result == 3)
		return; /* the exit path reported the failed VM entry */
	if (result == 1) {
		kprintf("vmx: cpu %u VMLAUNCH failed: VMfailInvalid\n", index);
		vmx_guest_fail(core, core->hyperjack, VMX_CAUSE_GUEST_LAUNCH_FAILED,
			       "VMfailInvalid");
		return;
	}
	error = vmx_vm_instruction_error();
	kprintf("vmx: cpu %u VMLAUNCH failed: VMfailValid, VM-instruction error %lu (%s)\n", index,
		(unsigned long)error, vmx_insn_error_name((uint32_t)error));
	vmx_guest_fail(core, core->hyperjack, VMX_CAUSE_GUEST_LAUNCH_FAILED,
		       vmx_insn_error_name((uint32_t)error));
}

void hyperjack_launch(struct vmx_core *core)
{
	struct vmx_guest *g;
	int result;

	g = core->hyperjack;
	if (!load_vmcs(core))
		return;
	/* This core's VMXON region and VMCS leave the guests' view, and their devices'. */
	iommu_hide(core->vmxon_phys, PAGE_SIZE);
	iommu_hide(core->vmcs_phys, PAGE_SIZE);
	if (g->ept && (!vmx_ept_hide(core->vmxon_phys, PAGE_SIZE) ||
		       !vmx_ept_hide(core->vmcs_phys, PAGE_SIZE)))
		kprintf("vmx: cpu %u: its VMXON region or VMCS stays visible to the guests "
			"(no EPT table left)\n",
			vmx_core_cpu(core)->index);
	hook_point(HOOK_BEFORE_LAUNCH, core, NULL);
	hyperjack_capture_cpu_state(&g->host->before);
	core->guest = g;
	g->state = VMX_GUEST_RUNNING;
	result = vmx_guest_enter();
	if (result != 0) {
		launch_failed(core, result);
		return;
	}
	/* From here on g->host, the hypervisor's, is out of reach. */
	hyperjack_checks(core);
	hook_point(HOOK_AS_GUEST, core, NULL);
}
