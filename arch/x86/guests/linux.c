/*
 * Linux as a guest kind: the exits every OS guest has (os_exits.c), and a
 * boot processor entered at the 64-bit boot protocol's entry point
 * (Documentation/x86/boot.rst, "64-bit Boot Protocol"; the state is
 * lib/linux_entry.c's) with paging on, so it needs no unrestricted guest;
 * its APs are every OS guest's.
 */
#include "arch/x86/guests/linux.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"

struct vmx_guest_kind linux_kind = {
	.name = "linux",
	.profile = &os_profile_paged,
	.exits = OS_EXITS,
	.on_exit = os_on_exit,
	.unexpected = os_unexpected,
};

void linux_bsp_state(const struct linux_entry_state *e, struct vmx_entry_state *s,
		     struct vmx_gprs *regs)
{
	struct vmx_segment_state code = { e->cs, 0, 0xffffffffu, e->cs_access };
	struct vmx_segment_state data = { e->ds, 0, 0xffffffffu, e->ds_access };

	*s = (struct vmx_entry_state){ 0 };
	s->seg[SEG_CS] = code;
	s->seg[SEG_SS] = data;
	s->seg[SEG_DS] = data;
	s->seg[SEG_ES] = data;
	s->seg[SEG_FS] = data;
	s->seg[SEG_GS] = data;
	s->seg[SEG_LDTR].ar = VMX_AR_UNUSABLE;
	/* No TSS yet (Linux loads its own); VM entry wants a usable busy one (27.3.1.2). */
	s->seg[SEG_TR] =
		(struct vmx_segment_state){ 0, 0, 0x67, VMX_AR_P | VMX_AR_TYPE_TSS64_BUSY };
	s->gdtr_base = e->gdt_base;
	s->gdtr_limit = e->gdt_limit;
	s->cr0 = e->cr0;
	s->cr3 = e->cr3;
	s->cr4 = e->cr4;
	s->efer = e->efer;
	s->pat = IA32_PAT_INIT;
	s->dr7 = X86_DR7_INIT;
	s->rflags = e->rflags;
	s->rip = e->rip;
	s->activity = VMX_ACTIVITY_ACTIVE;
	s->long_mode = true;
	*regs = (struct vmx_gprs){ .rsi = e->rsi };
}
