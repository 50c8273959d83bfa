/*
 * Every constant and structure offset the assembly files use, taken from
 * the C definitions: the build compiles this file to assembly and turns
 * each marker into a NASM %define (build/gen/asm_consts.inc), so C and
 * assembly cannot disagree.  It is never linked.
 */
#include <stddef.h>
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/segment.h"
#include "lib/multiboot2.h"
#include "lib/paging.h"
#include "arch/x86/desc.h"
#include "arch/x86/emulator.h"
#include "arch/x86/percpu.h"
#include "arch/x86/serial.h"
#include "arch/x86/trampoline.h"
#include "arch/x86/vmx/exit.h"
#include "arch/x86/vmxtest/test_guest.h"
#include "include/x86/vmcs.h"

#define DEFINE(name, value) \
	__asm__ volatile("\n.ascii \"->" #name " %0\"" ::"i"((unsigned long long)(value)))

void asm_consts(void);

void asm_consts(void)
{
	DEFINE(MB2_BOOTLOADER_MAGIC, MB2_BOOTLOADER_MAGIC);

	DEFINE(X86_CR0_PE, X86_CR0_PE);
	DEFINE(X86_CR0_MP, X86_CR0_MP);
	DEFINE(X86_CR0_ET, X86_CR0_ET);
	DEFINE(X86_CR0_NE, X86_CR0_NE);
	DEFINE(X86_CR0_WP, X86_CR0_WP);
	DEFINE(X86_CR0_PG, X86_CR0_PG);
	DEFINE(X86_CR4_PAE, X86_CR4_PAE);
	DEFINE(MSR_IA32_EFER, MSR_IA32_EFER);
	DEFINE(X86_EFER_LME, X86_EFER_LME);
	DEFINE(X86_CPUID_80000001H_EDX_LM, X86_CPUID_80000001H_EDX_LM);

	DEFINE(PTE_P, PTE_P);
	DEFINE(PTE_W, PTE_W);
	DEFINE(PTE_PS, PTE_PS);

	DEFINE(X86_DESC_CODE64, X86_DESC_CODE64);
	DEFINE(X86_DESC_CODE32, X86_DESC_CODE32);
	DEFINE(X86_DESC_DATA, X86_DESC_DATA);
	DEFINE(GDT_KERNEL_CODE, GDT_KERNEL_CODE);
	DEFINE(GDT_KERNEL_DATA, GDT_KERNEL_DATA);

	DEFINE(COM1_PORT, COM1_PORT);

	DEFINE(X86_CPUID_01H_ECX_HYPERVISOR, X86_CPUID_01H_ECX_HYPERVISOR);
	DEFINE(CPUID_HYPERVISOR_LEAF, CPUID_HYPERVISOR_LEAF);
	DEFINE(QEMU_DEBUG_EXIT_PORT, QEMU_DEBUG_EXIT_PORT);
	DEFINE(QEMU_EXIT_FAILURE, QEMU_EXIT_FAILURE);
	DEFINE(BOCHS_E9_PORT, BOCHS_E9_PORT);
	DEFINE(BOCHS_SHUTDOWN_PORT, BOCHS_SHUTDOWN_PORT);

	DEFINE(IDT_EXCEPTIONS, IDT_EXCEPTIONS);
	DEFINE(IDT_ENTRIES, IDT_ENTRIES);

	DEFINE(CPU_APIC_ID, offsetof(struct cpu, apic_id));
	DEFINE(CPU_STACK_TOP, offsetof(struct cpu, stack_top));

	DEFINE(TRAMPOLINE_PARAMS_OFFSET, TRAMPOLINE_PARAMS_OFFSET);
	DEFINE(TRAMPOLINE_PARAMS_SIZE, sizeof(struct trampoline_params));
	DEFINE(TRAMPOLINE_CR3, offsetof(struct trampoline_params, cr3));
	DEFINE(TRAMPOLINE_EFER, offsetof(struct trampoline_params, efer));
	DEFINE(TRAMPOLINE_ENTRY64, offsetof(struct trampoline_params, entry64));

	DEFINE(VMCS_GUEST_RSP, VMCS_GUEST_RSP);
	DEFINE(VMCS_GUEST_RIP, VMCS_GUEST_RIP);
	DEFINE(VMX_CONTEXT_IRET_FRAME, offsetof(struct vmx_kernel_context, rip));
	DEFINE(VMX_CONTEXT_RDI, offsetof(struct vmx_kernel_context, gprs.rdi));

	/* The self-tests' test guest (arch/x86/vmx/test_guest_entry.asm). */
	DEFINE(VMCS_HOST_RSP, VMCS_HOST_RSP);
	DEFINE(VMCS_HOST_RIP, VMCS_HOST_RIP);
	DEFINE(VMX_GPRS_RAX, offsetof(struct vmx_gprs, rax));
	DEFINE(VMX_GPRS_RCX, offsetof(struct vmx_gprs, rcx));
	DEFINE(VMX_GPRS_RDX, offsetof(struct vmx_gprs, rdx));
	DEFINE(VMX_GPRS_RBX, offsetof(struct vmx_gprs, rbx));
	DEFINE(VMX_GPRS_RBP, offsetof(struct vmx_gprs, rbp));
	DEFINE(VMX_GPRS_RSI, offsetof(struct vmx_gprs, rsi));
	DEFINE(VMX_GPRS_RDI, offsetof(struct vmx_gprs, rdi));
	DEFINE(VMX_GPRS_R8, offsetof(struct vmx_gprs, r8));
	DEFINE(VMX_GPRS_R9, offsetof(struct vmx_gprs, r9));
	DEFINE(VMX_GPRS_R10, offsetof(struct vmx_gprs, r10));
	DEFINE(VMX_GPRS_R11, offsetof(struct vmx_gprs, r11));
	DEFINE(VMX_GPRS_R12, offsetof(struct vmx_gprs, r12));
	DEFINE(VMX_GPRS_R13, offsetof(struct vmx_gprs, r13));
	DEFINE(VMX_GPRS_R14, offsetof(struct vmx_gprs, r14));
	DEFINE(VMX_GPRS_R15, offsetof(struct vmx_gprs, r15));
	DEFINE(VMX_TG_HC_DONE, VMX_TG_HC_DONE);
	DEFINE(VMX_TG_HC_EXCEPTION, VMX_TG_HC_EXCEPTION);
}
