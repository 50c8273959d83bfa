/*
 * Leaving the guest: the hypercall "unload" gives the guest's registers back
 * to the real processor and leaves VMX operation (Intel SDM Vol. 3C 24.8
 * "Restrictions on VMX Operation": CR4.VMXE may be cleared only outside
 * it).  A VM exit loaded the host's GDT, IDT and TR, with both table
 * limits set to FFFFH (28.5.2), and the host's segment registers: all of
 * them are put back from the guest-state area before VMXOFF.
 */
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/trap.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/test_hooks.h"

/* The "busy" bit of a TSS descriptor's type (available 9, busy 11). */
#define TSS_DESC_BUSY (1ull << 41)

void (*vmx_guest_lost_hook)(void);

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

void vmx_restore_kernel_tables(struct vmx_core *core)
{
	(void)core;
	load_tables(vmread(VMCS_GUEST_GDTR_BASE), (uint16_t)vmread(VMCS_GUEST_GDTR_LIMIT),
		    vmread(VMCS_GUEST_IDTR_BASE), (uint16_t)vmread(VMCS_GUEST_IDTR_LIMIT),
		    (uint16_t)vmread(VMCS_GUEST_TR_SELECTOR));
	load_data_segments(
		(uint16_t)vmread(VMCS_GUEST_DS_SELECTOR), (uint16_t)vmread(VMCS_GUEST_ES_SELECTOR),
		(uint16_t)vmread(VMCS_GUEST_SS_SELECTOR), (uint16_t)vmread(VMCS_GUEST_FS_SELECTOR),
		(uint16_t)vmread(VMCS_GUEST_GS_SELECTOR), vmread(VMCS_GUEST_FS_BASE),
		vmread(VMCS_GUEST_GS_BASE));
}

/* What the exit path does not restore by itself: the guest's MSRs and CRs. */
struct guest_msrs {
	uint64_t cr0, cr3, cr4, efer, pat, debugctl, sysenter_cs, sysenter_esp, sysenter_eip;
	bool have_efer, have_pat;
};

static void read_guest_msrs(struct guest_msrs *m)
{
	uint32_t entry = (uint32_t)vmread(VMCS_ENTRY_CTLS);

	m->cr0 = vmread(VMCS_GUEST_CR0);
	m->cr3 = vmread(VMCS_GUEST_CR3);
	m->cr4 = vmread(VMCS_GUEST_CR4);
	/* The "save" exit controls go with the "load" entry controls chosen at launch. */
	m->have_efer = entry & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER);
	m->have_pat = entry & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT);
	m->efer = vmread(VMCS_GUEST_IA32_EFER);
	m->pat = vmread(VMCS_GUEST_IA32_PAT);
	m->debugctl = vmread(VMCS_GUEST_IA32_DEBUGCTL);
	m->sysenter_cs = vmread(VMCS_GUEST_SYSENTER_CS);
	m->sysenter_esp = vmread(VMCS_GUEST_SYSENTER_ESP);
	m->sysenter_eip = vmread(VMCS_GUEST_SYSENTER_EIP);
}

static void write_guest_msrs(const struct guest_msrs *m)
{
	if (read_cr3() != m->cr3)
		write_cr3(m->cr3);
	if (read_cr0() != m->cr0)
		write_cr0(m->cr0);
	if (m->have_efer && rdmsr(MSR_IA32_EFER) != m->efer)
		wrmsr(MSR_IA32_EFER, m->efer);
	if (m->have_pat)
		wrmsr(MSR_IA32_PAT, m->pat);
	wrmsr_catch(MSR_IA32_DEBUGCTL, m->debugctl); /* a VM exit clears it */
	wrmsr(MSR_IA32_SYSENTER_CS, m->sysenter_cs);
	wrmsr(MSR_IA32_SYSENTER_ESP, m->sysenter_esp);
	wrmsr(MSR_IA32_SYSENTER_EIP, m->sysenter_eip);
}

static bool leave_vmx(struct vmx_core *core, uint64_t cr4)
{
	vmx_flush_guest_tlb(core->guest); /* no stale translations tagged with its VPID */
	if (core->guest->ept)
		vmx_ept_flush();
	vmclear(core->vmcs_phys); /* its data written back to memory before VMXOFF (24.11) */
	core->vmxoff = vmx_try_vmxoff();
	if (core->vmxoff != VMX_OUTCOME_SUCCESS)
		return false;
	write_cr4(cr4 & ~X86_CR4_VMXE);
	return true;
}

/* Test-only: an unload that loses vector 255's gate, for the check to find. */
static void skew_idtr_for_test(void)
{
	struct table_pointer idtr;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	idtr.limit -= 16;
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

void vmx_unload_from_exit(struct vmx_core *core, struct vmx_gprs *r)
{
	struct vmx_kernel_context ctx;
	struct guest_msrs m;

	vmx_skip_instruction();
	ctx.gprs = *r;
	ctx.gprs.rax = 0; /* the hypercall's result: done */
	ctx.rip = vmread(VMCS_GUEST_RIP);
	ctx.rsp = vmread(VMCS_GUEST_RSP);
	ctx.rflags = vmread(VMCS_GUEST_RFLAGS);
	ctx.cs = vmread(VMCS_GUEST_CS_SELECTOR);
	ctx.ss = vmread(VMCS_GUEST_SS_SELECTOR);
	read_guest_msrs(&m);
	vmx_restore_kernel_tables(core);
	if (test_hook(TEST_GUEST_UNLOAD_SKEW) && vmx_core_cpu(core)->index == 1)
		skew_idtr_for_test();
	if (!leave_vmx(core, m.cr4))
		ctx.gprs.rax = 1; /* still in VMX root: the caller reports it */
	write_guest_msrs(&m);
	vmx_resume_kernel(&ctx);
}

void vmx_leave_guest_for_good(struct vmx_core *core)
{
	struct vmx_guest *g = core->guest;

	/* The guest's own state may be what went wrong: take the kernel's from before launch. */
	load_tables(g->host->before.gdtr_base, g->host->before.gdtr_limit,
		    g->host->before.idtr_base, g->host->before.idtr_limit, g->host->before.tr);
	leave_vmx(core, read_cr4());
	vmx_core_leave(core);
	/* The check finished, though not as hoped: the boot processor need not wait. */
	__atomic_store_n(&core->checked, true, __ATOMIC_RELEASE);
	if (vmx_core_cpu(core)->index == 0 && vmx_guest_lost_hook)
		vmx_guest_lost_hook();
	halt_forever();
}

/* ---- The guest's side ------------------------------------------------------ */

static void compare(struct vmx_core *core)
{
	const struct vmx_cpu_state *b = &core->guest->host->before, *a = &core->guest->host->after;
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
		if (core->guest->cause != VMX_CAUSE_NONE)
			continue; /* the first failure names the guest's error */
		core->guest->cause = VMX_CAUSE_GUEST_STATE_DIFFERS_AFTER_UNLOAD;
		core->guest->error = names[i];
	}
}

bool vmx_guest_unload(struct vmx_core *core)
{
	struct vmx_guest *g = core->guest;
	uint64_t rbx = 0, rflags, result;

	if (!g || g->state != VMX_GUEST_RUNNING)
		return true;
	if (vmx_guest_mode == VMX_GUEST_MODE_STAY)
		return false;
	rflags = read_rflags();
	irq_disable();
	result = vmx_hypercall(VMX_HC_UNLOAD, &rbx);
	vmx_capture_state(&g->host->after);
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
