/*
 * The guest's processor during a VM exit (vcpu.h), over the current VMCS:
 * VMREAD and VMWRITE of the guest-state and exit-information fields
 * (Intel SDM Vol. 3C 25.4, 25.9).
 */
#include "arch/x86/vmx/vcpu.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/vmx/vmcs_build.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "arch/x86/cpu.h"
#include "include/x86/cpu_regs.h"
#include "lib/vmx/exit_length.h"
#include "lib/vmx/vmcs_controls.h"

uint64_t vcpu_read_gpr(struct vmx_gprs *r, unsigned index)
{
	index &= 15;
	return index == 4 ? vmread(VMCS_GUEST_RSP) : ((uint64_t *)r)[index];
}

void vcpu_write_gpr(struct vmx_gprs *r, unsigned index, uint64_t value)
{
	index &= 15;
	if (index == 4)
		vmwrite_checked(VMCS_GUEST_RSP, value);
	else
		((uint64_t *)r)[index] = value;
}

void vcpu_advance_rip(uint64_t length)
{
	uint64_t interruptibility = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	vmwrite_checked(VMCS_GUEST_RIP, vmread(VMCS_GUEST_RIP) + length);
	/* An emulated instruction ends blocking by STI and by MOV SS (25.4.2). */
	if (interruptibility & 3)
		vmwrite_checked(VMCS_GUEST_INTERRUPTIBILITY, interruptibility & ~3ull);
}

bool vcpu_skip_instruction(const struct vmx_core *core)
{
	if (!vmx_exit_has_instruction_length(core->exit_basic))
		return false;
	vcpu_advance_rip(vmread(VMCS_EXIT_INSTRUCTION_LEN));
	return true;
}

uint64_t vcpu_rip(void)
{
	return vmread(VMCS_GUEST_RIP);
}

uint64_t vcpu_rsp(void)
{
	return vmread(VMCS_GUEST_RSP);
}

void vcpu_inject_exception(uint32_t vector, bool error_code)
{
	uint32_t info = vector | VMX_INTR_TYPE_HW_EXCEPTION << 8 | VMX_INTR_VALID;

	if (error_code) {
		info |= VMX_INTR_DELIVER_ERROR;
		vmwrite_checked(VMCS_ENTRY_EXCEPTION_ERROR, 0);
	}
	vmwrite_checked(VMCS_ENTRY_INTR_INFO, info);
}

unsigned vcpu_cpl(void)
{
	return VMX_AR_DPL((uint32_t)vmread(VMCS_GUEST_SS_AR));
}

uint64_t vcpu_exit_qualification(void)
{
	return vmread(VMCS_EXIT_QUALIFICATION);
}

uint64_t vcpu_guest_physical(void)
{
	return vmread(VMCS_GUEST_PHYSICAL_ADDRESS);
}

void vcpu_paging(struct guest_walk_cpu *cpu)
{
	*cpu = (struct guest_walk_cpu){ vmread(VMCS_GUEST_CR0), vmread(VMCS_GUEST_CR3),
					vmread(VMCS_GUEST_CR4), vmread(VMCS_GUEST_IA32_EFER), 0 };
}

bool vcpu_in_64bit_code(void)
{
	return (vmread(VMCS_ENTRY_CTLS) & VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST)) &&
	       (vmread(VMCS_GUEST_CS_AR) & VMX_AR_L);
}

uint64_t vcpu_instruction_address(void)
{
	uint64_t rip = vmread(VMCS_GUEST_RIP);

	/* In 64-bit mode CS's base is taken as 0 (Vol. 3A 3.4.4). */
	return vcpu_in_64bit_code() ? rip : vmread(VMCS_GUEST_CS_BASE) + rip;
}

/* Translations cached for the guest's VPID go with its old CR3 or CR4. */
void vcpu_flush_tlb(const struct vmx_guest *g)
{
	if (g->vpid && invvpid(INVVPID_SINGLE_CONTEXT, g->host->vpid_id) != VMX_OUTCOME_SUCCESS)
		invvpid(INVVPID_ALL_CONTEXT, 0);
}

void vcpu_wait_for_sipi(void)
{
	vmwrite_checked(VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_WAIT_FOR_SIPI);
}

bool vcpu_waits_for_sipi(void)
{
	return vmread(VMCS_GUEST_ACTIVITY_STATE) == VMX_ACTIVITY_WAIT_FOR_SIPI;
}

void vcpu_start_at_sipi(const struct vmx_guest *g, uint8_t vector)
{
	struct vmx_entry_state s;

	vmx_state_after_sipi(&s, vector);
	vmx_write_guest_state(g, &s);
}

/*
 * Blocking by SMI outside SMM fails the next VM entry (27.3.1.5).  A
 * processor never reports it there, but Bochs 2.7 does on every exit after
 * a SIPI exit (its wait-for-SIPI state masks SMIs, and the exit skips the
 * unmask): cleared, since this hypervisor never runs a guest in SMM.
 */
void vcpu_clear_smi_blocking(void)
{
	uint64_t interruptibility = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	if (interruptibility & VMX_INTERRUPTIBILITY_SMI)
		vmwrite_checked(VMCS_GUEST_INTERRUPTIBILITY,
				interruptibility & ~(uint64_t)VMX_INTERRUPTIBILITY_SMI);
}

/* ---- For a debugger ------------------------------------------------------ */

/* What the guest reads of CR0 or CR4: its shadow in the bits the host owns (25.6.6). */
static uint64_t guest_view(uint32_t field, uint32_t mask_field, uint32_t shadow_field)
{
	uint64_t mask = vmread(mask_field);

	return (vmread(field) & ~mask) | (vmread(shadow_field) & mask);
}

void vcpu_read_debug_state(struct vcpu_debug_state *s)
{
	s->rip = vmread(VMCS_GUEST_RIP);
	s->rsp = vmread(VMCS_GUEST_RSP);
	s->rflags = vmread(VMCS_GUEST_RFLAGS);
	for (unsigned seg = 0; seg < 6; seg++)
		s->selector[seg] = (uint16_t)vmread(VMCS_GUEST_ES_SELECTOR + 2 * seg);
	s->fs_base = vmread(VMCS_GUEST_FS_BASE);
	s->gs_base = vmread(VMCS_GUEST_GS_BASE);
	s->cr0 = guest_view(VMCS_GUEST_CR0, VMCS_CR0_GUEST_HOST_MASK, VMCS_CR0_READ_SHADOW);
	s->cr2 = read_cr2(); /* VMX does not switch CR2: the guest's until the host faults */
	s->cr3 = vmread(VMCS_GUEST_CR3);
	s->cr4 = guest_view(VMCS_GUEST_CR4, VMCS_CR4_GUEST_HOST_MASK, VMCS_CR4_READ_SHADOW);
	s->efer = vmread(VMCS_GUEST_IA32_EFER);
}

void vcpu_write_debug_state(const struct vcpu_debug_state *s)
{
	/* A halted core whose RIP the debugger moved runs from there, as after its wake-up (25.4.2). */
	if (vmread(VMCS_GUEST_RIP) != s->rip &&
	    vmread(VMCS_GUEST_ACTIVITY_STATE) == VMX_ACTIVITY_HLT)
		vmwrite_checked(VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_ACTIVE);
	vmwrite_checked(VMCS_GUEST_RIP, s->rip);
	vmwrite_checked(VMCS_GUEST_RSP, s->rsp);
	/* Bit 1 is always 1 and the reserved bits 0 (27.3.1.4). */
	vmwrite_checked(VMCS_GUEST_RFLAGS, (s->rflags & 0x3f7fd7ull) | X86_RFLAGS_FIXED);
}

/* An IRET to the next instruction: the one way to end blocking by NMI (Vol. 3A 6.7.1). */
static void iret_to_self(void)
{
	__asm__ volatile("mov %%ss, %%rax\n\t"
			 "pushq %%rax\n\t"
			 "leaq 8(%%rsp), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "pushfq\n\t"
			 "mov %%cs, %%rax\n\t"
			 "pushq %%rax\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "iretq\n"
			 "1:"
			 :
			 :
			 : "rax", "memory", "cc");
}

/*
 * An exit caused by an NMI leaves the host's NMIs blocked until an IRET,
 * as the NMI's delivery would have; and Bochs 2.7 saves the guest's
 * blocking by NMI set, though the guest never saw the NMI (28.3.4 saves it
 * as it was).  Either held back every later NMI, the next stop's.
 */
void vcpu_unblock_nmi_after_nmi_exit(void)
{
	uint64_t interruptibility = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	iret_to_self();
	if (interruptibility & VMX_INTERRUPTIBILITY_NMI)
		vmwrite_checked(VMCS_GUEST_INTERRUPTIBILITY,
				interruptibility & ~(uint64_t)VMX_INTERRUPTIBILITY_NMI);
}

void vcpu_exit_event(struct vcpu_event *e)
{
	uint32_t info = (uint32_t)vmread(VMCS_EXIT_INTR_INFO);

	e->vector = (uint8_t)VMX_INTR_VECTOR(info);
	if (!(info & VMX_INTR_VALID))
		e->kind = VCPU_EVENT_NONE;
	else if (VMX_INTR_TYPE(info) == VMX_INTR_TYPE_NMI)
		e->kind = VCPU_EVENT_NMI;
	else if (VMX_INTR_TYPE(info) == VMX_INTR_TYPE_SW_EXCEPTION)
		e->kind = VCPU_EVENT_SOFTWARE_EXCEPTION;
	else
		e->kind = VCPU_EVENT_EXCEPTION;
}

/* Bit 12 of the exit's information (NMI unblocking by IRET) is reserved on entry (25.8.3). */
#define EXIT_INTR_NMI_UNBLOCKING (1u << 12)

void vcpu_reflect_event(void)
{
	uint32_t info = (uint32_t)vmread(VMCS_EXIT_INTR_INFO) & ~EXIT_INTR_NMI_UNBLOCKING;

	if (!(info & VMX_INTR_VALID))
		return;
	if (info & VMX_INTR_DELIVER_ERROR)
		vmwrite_checked(VMCS_ENTRY_EXCEPTION_ERROR, vmread(VMCS_EXIT_INTR_ERROR));
	if (VMX_INTR_TYPE(info) == VMX_INTR_TYPE_SW_EXCEPTION)
		vmwrite_checked(VMCS_ENTRY_INSTRUCTION_LEN, vmread(VMCS_EXIT_INSTRUCTION_LEN));
	vmwrite_checked(VMCS_ENTRY_INTR_INFO, info);
}

void vcpu_set_guest_dr6(uint64_t qualification)
{
	/* DR6's reserved bits read as 1 (Vol. 3B 18.2.3); B0-B3, BD, BS from the qualification. */
	uint64_t dr6 = 0xffff0ff0ull | (qualification & 0x600full);

	__asm__ volatile("mov %0, %%dr6" : : "r"(dr6));
}

void vcpu_intercept_exceptions(uint32_t bitmap)
{
	vmwrite_checked(VMCS_EXCEPTION_BITMAP, bitmap);
}

static bool set_control(const struct vmx_core *core, enum vmx_ctl_field field, uint32_t encoding,
			unsigned bit, bool on)
{
	uint64_t allowed;
	uint64_t value = vmread(encoding);

	if (on &&
	    (!vmx_snapshot_ctl(&core->caps, field, &allowed) || !vmx_ctl_allowed1(allowed, bit)))
		return false;
	value = on ? value | VMX_CTL_BIT(bit) : value & ~(uint64_t)VMX_CTL_BIT(bit);
	vmwrite_checked(encoding, value);
	return true;
}

bool vcpu_nmi_exiting(const struct vmx_core *core, bool on)
{
	return set_control(core, VMX_CTL_PINBASED, VMCS_PIN_BASED_CTLS, VMX_PIN_NMI_EXITING, on);
}

bool vcpu_monitor_trap(const struct vmx_core *core, bool on)
{
	return set_control(core, VMX_CTL_PROCBASED, VMCS_PROC_BASED_CTLS,
			   VMX_PROC_MONITOR_TRAP_FLAG, on);
}

bool vcpu_preemption_timer(const struct vmx_core *core, uint64_t tsc_ticks)
{
	union ia32_vmx_misc misc = { .raw = core->caps.misc };
	uint64_t value = tsc_ticks >> misc.preemption_timer_rate;

	if (!set_control(core, VMX_CTL_PINBASED, VMCS_PIN_BASED_CTLS, VMX_PIN_PREEMPTION_TIMER,
			 tsc_ticks != 0))
		return false;
	if (tsc_ticks)
		vmwrite_checked(VMCS_PREEMPTION_TIMER_VALUE,
				value > 0xffffffffull ? 0xffffffffull : value);
	return true;
}

void vcpu_hold_interrupts_once(void)
{
	uint64_t interruptibility = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	/* Blocking by STI with IF clear fails VM entry (27.3.1.5); IF clear blocks anyway. */
	if ((vmread(VMCS_GUEST_RFLAGS) & X86_RFLAGS_IF) &&
	    !(interruptibility & VMX_INTERRUPTIBILITY_MOV_SS))
		vmwrite_checked(VMCS_GUEST_INTERRUPTIBILITY,
				interruptibility | VMX_INTERRUPTIBILITY_STI);
}

uint64_t vcpu_dr7(void)
{
	return vmread(VMCS_GUEST_DR7);
}

void vcpu_set_dr7(uint64_t dr7)
{
	vmwrite_checked(VMCS_GUEST_DR7, dr7);
}
