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
#include "lib/vmx/exit_length.h"

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
