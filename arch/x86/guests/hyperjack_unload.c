/*
 * Leaving the guest: the hypercall "unload" gives the guest's registers back
 * to the real processor and leaves VMX operation (Intel SDM Vol. 3C 24.8
 * "Restrictions on VMX Operation": CR4.VMXE may be cleared only outside
 * it).  A VM exit loaded the host's GDT, IDT and TR, with both table
 * limits set to FFFFH (28.5.2), and the host's segment registers: all of
 * them are put back from the guest-state area before VMXOFF.
 */
#include "arch/x86/guests/hyperjack_internal.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/exit.h"
#include "arch/x86/vmx/exit_report.h"
#include "arch/x86/vmx/handlers.h"
#include "arch/x86/vmx/vcpu.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmcs_build.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/trap.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "arch/x86/hook_point.h"
#include "lib/vmx/names.h"

/* The "busy" bit of a TSS descriptor's type (available 9, busy 11). */
#define TSS_DESC_BUSY (1ull << 41)

/* What the boot processor does once its guest is gone for good. */
static void (*lost_hook)(void);

void hyperjack_set_lost(void (*lost)(void))
{
	lost_hook = lost;
}

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void load_tables(uint64_t gdt_base, uint16_t gdt_limit, uint64_t idt_base,
			uint16_t idt_limit, uint16_t tr)
{
	struct table_pointer gdtr = { gdt_limit, gdt_base }, idtr = { idt_limit, idt_base };

	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
	/* LTR wants an available TSS; the kernel's has been busy since its own LTR. */
	((volatile uint64_t *)(uintptr_t)(gdt_base + (tr & ~7u)))[0] &= ~TSS_DESC_BUSY;
	__asm__ volatile("ltr %0" : : "r"(tr) : "memory");
}

/* Data segments, then the FS and GS bases that loading FS and GS overwrote. */
static void load_data_segments(uint16_t ds, uint16_t es, uint16_t ss, uint16_t fs, uint16_t gs,
			       uint64_t fs_base, uint64_t gs_base)
{
	__asm__ volatile("mov %0, %%ds" : : "r"(ds));
	__asm__ volatile("mov %0, %%es" : : "r"(es));
	__asm__ volatile("mov %0, %%ss" : : "r"(ss));
	__asm__ volatile("mov %0, %%fs" : : "r"(fs));
	__asm__ volatile("mov %0, %%gs" : : "r"(gs));
	wrmsr(MSR_IA32_FS_BASE, fs_base);
	wrmsr(MSR_IA32_GS_BASE, gs_base);
}

/* The kernel's own GDT, IDT, TR and segments again, as the guest left them. */
static void restore_kernel_tables(const struct vmx_entry_state *s)
{
	load_tables(s->gdtr_base, (uint16_t)s->gdtr_limit, s->idtr_base, (uint16_t)s->idtr_limit,
		    s->seg[SEG_TR].selector);
	load_data_segments(s->seg[SEG_DS].selector, s->seg[SEG_ES].selector,
			   s->seg[SEG_SS].selector, s->seg[SEG_FS].selector,
			   s->seg[SEG_GS].selector, s->seg[SEG_FS].base, s->seg[SEG_GS].base);
}

/* What the exit path does not restore by itself: the guest's CRs and MSRs. */
static void restore_kernel_registers(const struct vmx_entry_state *s)
{
	if (read_cr3() != s->cr3)
		write_cr3(s->cr3);
	if (read_cr0() != s->cr0)
		write_cr0(s->cr0);
	if (s->has_efer && rdmsr(MSR_IA32_EFER) != s->efer)
		wrmsr(MSR_IA32_EFER, s->efer);
	if (s->has_pat)
		wrmsr(MSR_IA32_PAT, s->pat);
	wrmsr_catch(MSR_IA32_DEBUGCTL, s->debugctl); /* a VM exit clears it */
	wrmsr(MSR_IA32_SYSENTER_CS, s->sysenter_cs);
	wrmsr(MSR_IA32_SYSENTER_ESP, s->sysenter_esp);
	wrmsr(MSR_IA32_SYSENTER_EIP, s->sysenter_eip);
}

/* The kernel carries on outside VMX with the guest's registers and the IRETQ frame of s. */
static void context_from(struct vmx_kernel_context *ctx, const struct vmx_entry_state *s,
			 uint64_t rip)
{
	ctx->rip = rip;
	ctx->rsp = s->rsp;
	ctx->rflags = s->rflags;
	ctx->cs = s->seg[SEG_CS].selector;
	ctx->ss = s->seg[SEG_SS].selector;
}

static bool leave_vmx(struct vmx_core *core, uint64_t cr4)
{
	vcpu_flush_tlb(core->hyperjack); /* no stale translations tagged with its VPID */
	if (core->hyperjack->ept)
		vmx_ept_flush();
	vmx_vmcs_clear(core->vmcs_phys); /* its data written back to memory before VMXOFF (24.11) */
	core->vmxoff = vmx_try_vmxoff();
	if (core->vmxoff != VMX_OUTCOME_SUCCESS)
		return false;
	write_cr4(cr4 & ~X86_CR4_VMXE);
	return true;
}

/* VMCALL unload: the kernel continues after it, outside VMX, with the guest's registers. */
static __attribute__((noreturn)) void unload_from_exit(struct vmx_core *core, struct vmx_gprs *r)
{
	struct vmx_kernel_context ctx;
	struct vmx_entry_state s;

	vcpu_skip_instruction(core);
	vmx_read_guest_state(&s);
	ctx.gprs = *r;
	ctx.gprs.rax = 0; /* the hypercall's result: done */
	context_from(&ctx, &s, s.rip);
	restore_kernel_tables(&s);
	hook_point(HOOK_UNLOAD, core, NULL);
	if (!leave_vmx(core, s.cr4))
		ctx.gprs.rax = 1; /* still in VMX root: the caller reports it */
	restore_kernel_registers(&s);
	vmx_resume_kernel(&ctx);
}

/* After an unexpected exit: VMXOFF, the kernel's tables, and on outside VMX. */
static __attribute__((noreturn)) void leave_guest_for_good(struct vmx_core *core)
{
	struct vmx_guest *g = core->hyperjack;

	/* The guest's own state may be what went wrong: take the kernel's from before launch. */
	load_tables(g->host->before.gdtr_base, g->host->before.gdtr_limit,
		    g->host->before.idtr_base, g->host->before.idtr_limit, g->host->before.tr);
	leave_vmx(core, read_cr4());
	vmx_core_leave(core, false);
	/* The check finished, though not as hoped: the boot processor need not wait. */
	__atomic_store_n(&core->checked, true, __ATOMIC_RELEASE);
	if (vmx_core_cpu(core)->index == 0 && lost_hook)
		lost_hook();
	halt_forever();
}

void hyperjack_capture_cpu_state(struct vmx_cpu_state *s)
{
	struct table_pointer gdtr, idtr;

	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("str %0" : "=r"(s->tr));
	s->cr0 = read_cr0();
	s->cr3 = read_cr3();
	s->cr4 = read_cr4();
	s->efer = rdmsr(MSR_IA32_EFER);
	s->gdtr_base = gdtr.base;
	s->gdtr_limit = gdtr.limit;
	s->idtr_base = idtr.base;
	s->idtr_limit = idtr.limit;
}

/* ---- The guest's side: the unload, and what it compares ------------------------------------------------------ */

static void compare(struct vmx_core *core)
{
	const struct vmx_cpu_state *b = &core->hyperjack->host->before,
				   *a = &core->hyperjack->host->after;
	const uint64_t before[] = { b->cr0,	  b->cr3,	 b->cr4 & ~X86_CR4_VMXE,
				    b->efer,	  b->gdtr_base,	 b->gdtr_limit,
				    b->idtr_base, b->idtr_limit, b->tr };
	const uint64_t after[] = { a->cr0,	 a->cr3,	a->cr4 & ~X86_CR4_VMXE,
				   a->efer,	 a->gdtr_base,	a->gdtr_limit,
				   a->idtr_base, a->idtr_limit, a->tr };
	static const char *const names[] = { "CR0",	  "CR3",	"CR4",
					     "EFER",	  "GDTR.base",	"GDTR.limit",
					     "IDTR.base", "IDTR.limit", "TR" };

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (before[i] == after[i])
			continue;
		kprintf("vmx: cpu %u after unload %s=0x%lx, before launch 0x%lx\n",
			vmx_core_cpu(core)->index, names[i], (unsigned long)after[i],
			(unsigned long)before[i]);
		if (core->hyperjack->cause != VMX_CAUSE_NONE)
			continue; /* the first failure names the guest's error */
		core->hyperjack->cause = VMX_CAUSE_GUEST_STATE_DIFFERS_AFTER_UNLOAD;
		core->hyperjack->error = names[i];
	}
}

bool hyperjack_unload(struct vmx_core *core, enum hyperjack_mode mode)
{
	struct vmx_guest *g = core->hyperjack;
	uint64_t rbx = 0, rflags, result;

	if (!g || g->state != VMX_GUEST_RUNNING)
		return true;
	if (mode == HYPERJACK_STAY)
		return false;
	rflags = read_rflags();
	irq_disable();
	result = vmx_hypercall(VMX_HC_UNLOAD, &rbx);
	hyperjack_capture_cpu_state(&g->host->after);
	if (rflags & X86_RFLAGS_IF)
		__asm__ volatile("sti" ::: "memory");
	if (result != 0) {
		g->cause = VMX_CAUSE_GUEST_UNLOAD_FAILED;
		g->error = vmx_outcome_name(core->vmxoff);
	} else {
		compare(core);
	}
	g->state = g->cause != VMX_CAUSE_NONE ? VMX_GUEST_FAILED : VMX_GUEST_BACK;
	if (g->cause != VMX_CAUSE_NONE && core->cause == VMX_CAUSE_NONE)
		core->cause = g->cause;
	return true;
}

/* ---- The hypervisor's side: what ends the hyperjack ---------------------- */

bool hyperjack_vmcall(struct vmx_core *core, struct vmx_gprs *r)
{
	if (r->rax == VMX_HC_UNLOAD && vcpu_cpl() == 0)
		unload_from_exit(core, r);
	return vmx_handle_vmcall(core, r);
}

/* VM entry failed at VMLAUNCH (exit reason bit 31): back into vmx_guest_enter(), in VMX root. */
static __attribute__((noreturn)) void entry_failed(struct vmx_core *core, uint32_t reason)
{
	struct vmx_kernel_context ctx = { 0 };
	struct vmx_entry_state s;

	vmx_report_current_exit(vmx_core_cpu(core)->index, reason);
	vmx_guest_fail(core, core->hyperjack, VMX_CAUSE_GUEST_ENTRY_FAILED,
		       vmx_exit_reason_name(VMX_EXIT_REASON_BASIC(reason)));
	vmx_read_guest_state(&s);
	context_from(&ctx, &s, (uint64_t)(uintptr_t)vmx_guest_enter_failed);
	restore_kernel_tables(&s);
	vmx_resume_kernel(&ctx);
}

void hyperjack_unexpected(struct vmx_core *core, uint32_t reason)
{
	if (reason == VMX_KIND_RESUME_FAILED)
		leave_guest_for_good(core); /* reported, with its cause, by the exit path */
	if (reason & VMX_EXIT_REASON_ENTRY_FAIL)
		entry_failed(core, reason);
	vmx_report_current_exit(vmx_core_cpu(core)->index, reason);
	vmx_guest_fail(core, core->hyperjack, VMX_CAUSE_GUEST_UNEXPECTED_EXIT,
		       vmx_exit_reason_name(VMX_EXIT_REASON_BASIC(reason)));
	leave_guest_for_good(core);
}
