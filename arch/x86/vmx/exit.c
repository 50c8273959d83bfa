/*
 * The C side of a VM exit (Intel SDM Vol. 3C 28 "VM Exits"): count it,
 * dispatch on the basic exit reason, resume the guest; an exit nobody
 * expects is reported by name with the guest's RIP, the decoded
 * qualification and a VMCS dump, and the core leaves its guest.
 */
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/linux_internal.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"
#include "include/x86/vmcs.h"
#include "lib/vmx/names.h"
#include "lib/vmx/ept_qual.h"

static struct vmx_core *this_core(void)
{
	return &this_cpu()->vmx;
}

uint64_t *vmx_gpr(struct vmx_gprs *gprs, unsigned index)
{
	return &((uint64_t *)gprs)[index & 15];
}

void vmx_skip_instruction(void)
{
	vmx_advance_rip(vmread(VMCS_EXIT_INSTRUCTION_LEN));
}

void vmx_advance_rip(uint64_t length)
{
	uint64_t interruptibility = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	vmwrite_checked(VMCS_GUEST_RIP, vmread(VMCS_GUEST_RIP) + length);
	/* An emulated instruction ends blocking by STI and by MOV SS (25.4.2). */
	if (interruptibility & 3)
		vmwrite_checked(VMCS_GUEST_INTERRUPTIBILITY, interruptibility & ~3ull);
}

/* A hardware exception at the instruction that exited (fault: RIP unchanged). */
void vmx_inject_exception(uint32_t vector, bool error_code)
{
	uint32_t info = vector | VMX_INTR_TYPE_HW_EXCEPTION << 8 | VMX_INTR_VALID;

	if (error_code) {
		info |= VMX_INTR_DELIVER_ERROR;
		vmwrite_checked(VMCS_ENTRY_EXCEPTION_ERROR, 0);
	}
	vmwrite_checked(VMCS_ENTRY_INTR_INFO, info);
}

void vmx_dump_vmcs(uint32_t cpu)
{
	for (size_t i = 0; i < vmx_dump_field_count; i++) {
		uint64_t v;
		if (vmread_checked(vmx_dump_fields[i].encoding, &v) == VMX_OUTCOME_SUCCESS)
			kprintf("vmx: cpu %u   %s=0x%lx\n", cpu, vmx_dump_fields[i].name,
				(unsigned long)v);
		else
			kprintf("vmx: cpu %u   %s unreadable\n", cpu, vmx_dump_fields[i].name);
	}
}

static const char *task_switch_source(uint64_t q)
{
	static const char *const sources[4] = { "CALL", "IRET", "JMP", "task gate in IDT" };
	return sources[VMX_TASK_SWITCH_SOURCE(q)];
}

static const char *entry_failure_detail(uint64_t q)
{
	switch (q) {
	case VMX_ENTRY_QUAL_DEFAULT: return "a guest-state check failed (SDM 27.3)";
	case VMX_ENTRY_QUAL_PDPTE: return "loading the PDPTEs failed";
	case VMX_ENTRY_QUAL_NMI_BLOCKED: return "NMI injection was blocked";
	case VMX_ENTRY_QUAL_LINK_POINTER: return "the VMCS link pointer is invalid";
	default: return "an unlisted qualification";
	}
}

/* One line: the reason by name and what its qualification says. */
void vmx_report_exit(uint32_t cpu, uint32_t reason, uint64_t rip)
{
	uint32_t basic = VMX_EXIT_REASON_BASIC(reason);
	uint64_t q = vmread(VMCS_EXIT_QUALIFICATION);
	char what[160];

	switch (basic) {
	case VMX_EXIT_TASK_SWITCH:
		kprintf("vmx: cpu %u guest exit %s at rip=0x%lx qualification=0x%lx "
			"(to selector 0x%x by %s)\n",
			cpu, vmx_exit_reason_name(basic), (unsigned long)rip, (unsigned long)q,
			(unsigned)VMX_TASK_SWITCH_SELECTOR(q), task_switch_source(q));
		break;
	case VMX_EXIT_EPT_VIOLATION:
		ept_qual_describe(q, what, sizeof(what));
		kprintf("vmx: cpu %u guest exit %s at rip=0x%lx qualification=0x%lx (%s) "
			"guest-physical=0x%lx guest-linear=0x%lx\n",
			cpu, vmx_exit_reason_name(basic), (unsigned long)rip, (unsigned long)q,
			what, (unsigned long)vmread(VMCS_GUEST_PHYSICAL_ADDRESS),
			(unsigned long)vmread(VMCS_GUEST_LINEAR_ADDRESS));
		break;
	case VMX_EXIT_INVALID_GUEST_STATE:
	case VMX_EXIT_MACHINE_CHECK_IN_ENTRY:
		kprintf("vmx: cpu %u VM entry failed: %s (reason 0x%x) qualification=%lu: %s\n",
			cpu, vmx_exit_reason_name(basic), reason, (unsigned long)q,
			basic == VMX_EXIT_INVALID_GUEST_STATE ? entry_failure_detail(q)
							      : "machine check during VM entry");
		break;
	case VMX_EXIT_MSR_LOADING:
		kprintf("vmx: cpu %u VM entry failed: %s (reason 0x%x): entry %lu of the "
			"VM-entry MSR-load list\n",
			cpu, vmx_exit_reason_name(basic), reason, (unsigned long)q);
		break;
	default:
		kprintf("vmx: cpu %u guest exit %s (reason %u) at rip=0x%lx "
			"qualification=0x%lx\n",
			cpu, vmx_exit_reason_name(basic), basic, (unsigned long)rip,
			(unsigned long)q);
	}
}

static void mark_failed(struct vmx_core *core, enum vmx_cause cause, const char *error)
{
	core->guest->state = VMX_GUEST_FAILED;
	core->guest->cause = cause;
	core->guest->error = error;
	if (core->cause == VMX_CAUSE_NONE)
		core->cause = cause;
}

void vmx_entry_failed(struct vmx_core *core, uint32_t reason)
{
	uint32_t basic = VMX_EXIT_REASON_BASIC(reason);
	struct vmx_kernel_context ctx = { 0 };
	extern char vmx_guest_enter_failed[];

	vmx_report_exit(vmx_core_cpu(core)->index, reason, vmread(VMCS_GUEST_RIP));
	vmx_dump_vmcs(vmx_core_cpu(core)->index);
	mark_failed(core, VMX_CAUSE_GUEST_ENTRY_FAILED, vmx_exit_reason_name(basic));
	/* Back into vmx_guest_enter(), still in VMX root operation. */
	ctx.rip = (uint64_t)(uintptr_t)vmx_guest_enter_failed;
	ctx.rsp = vmread(VMCS_GUEST_RSP);
	ctx.rflags = vmread(VMCS_GUEST_RFLAGS);
	ctx.cs = vmread(VMCS_GUEST_CS_SELECTOR);
	ctx.ss = vmread(VMCS_GUEST_SS_SELECTOR);
	vmx_restore_kernel_tables(core);
	vmx_resume_kernel(&ctx);
}

void vmx_abandon_guest(struct vmx_core *core, struct vmx_gprs *r, uint32_t reason)
{
	uint32_t basic = VMX_EXIT_REASON_BASIC(reason);

	(void)r;
	vmx_report_exit(vmx_core_cpu(core)->index, reason, vmread(VMCS_GUEST_RIP));
	vmx_dump_vmcs(vmx_core_cpu(core)->index);
	mark_failed(core, VMX_CAUSE_GUEST_UNEXPECTED_EXIT, vmx_exit_reason_name(basic));
	vmx_leave_guest_for_good(core);
}

void vmx_vmresume_failed(uint64_t rflags)
{
	struct vmx_core *core = this_core();
	const char *error =
		(rflags & 1) ? "VMfailInvalid"
			     : vmx_insn_error_name((uint32_t)vmread(VMCS_VM_INSTRUCTION_ERROR));

	kprintf("vmx: cpu %u VMRESUME failed: %s\n", vmx_core_cpu(core)->index, error);
	vmx_dump_vmcs(vmx_core_cpu(core)->index);
	mark_failed(core, VMX_CAUSE_GUEST_RESUME_FAILED, error);
	vmx_leave_guest_for_good(core);
}

static bool dispatch(struct vmx_core *core, struct vmx_gprs *r, uint32_t basic)
{
	struct vmx_guest *g = core->guest;

	if (g->linux_guest && vmx_linux_exit(core, r, basic))
		return true;
	switch (basic) {
	case VMX_EXIT_CPUID: return vmx_handle_cpuid(g, r);
	case VMX_EXIT_VMCALL: return vmx_handle_vmcall(core, r);
	case VMX_EXIT_RDMSR: return vmx_handle_rdmsr(g, r);
	case VMX_EXIT_WRMSR: return vmx_handle_wrmsr(g, r);
	case VMX_EXIT_CR_ACCESS: return vmx_handle_cr_access(g, r);
	case VMX_EXIT_XSETBV: return vmx_handle_xsetbv(g, r);
	case VMX_EXIT_INVD: return vmx_handle_invd(g, r);
	case VMX_EXIT_GETSEC:
	case VMX_EXIT_VMCLEAR:
	case VMX_EXIT_VMLAUNCH:
	case VMX_EXIT_VMPTRLD:
	case VMX_EXIT_VMPTRST:
	case VMX_EXIT_VMREAD:
	case VMX_EXIT_VMRESUME:
	case VMX_EXIT_VMWRITE:
	case VMX_EXIT_VMXOFF:
	case VMX_EXIT_VMXON:
	case VMX_EXIT_INVEPT:
	case VMX_EXIT_INVVPID:
	case VMX_EXIT_VMFUNC: return vmx_handle_vmx_instruction(g, r);
	default: return false;
	}
}

uint64_t vmx_exit_dispatch(struct vmx_gprs *r)
{
	struct cpu *cpu = this_cpu();
	struct vmx_core *core = &cpu->vmx;
	struct vmx_guest *g = core->guest;
	/* A fault the guest expects is the guest's: the host's own faults are fatal. */
	struct trap_catch *guest_catch = cpu->catch;
	uint32_t reason = (uint32_t)vmread(VMCS_EXIT_REASON);
	uint32_t basic = VMX_EXIT_REASON_BASIC(reason);

	cpu->catch = NULL;
	g->exits++;
	if (basic < VMX_EXIT_REASON_COUNT)
		g->host->exit_counts[basic]++;
	if (g->linux_guest) {
		if ((reason & VMX_EXIT_REASON_ENTRY_FAIL) || !dispatch(core, r, basic))
			vmx_linux_unexpected(core, reason);
	} else {
		if (reason & VMX_EXIT_REASON_ENTRY_FAIL)
			vmx_entry_failed(core, reason);
		if (!dispatch(core, r, basic))
			vmx_abandon_guest(core, r, reason);
	}
	cpu->catch = guest_catch;
	return 0;
}
