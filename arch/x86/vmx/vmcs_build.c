/*
 * The VMCS build pipeline (vmcs_build.h): controls from a profile, then the
 * control, host and guest fields.  Every guest kind goes through it, so
 * what VM entry checks (SDM Vol. 3C 27.2, 27.3) is satisfied in one place.
 */
#include "arch/x86/vmx/vmcs_build.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/exit.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "include/config.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/names.h"
#include "lib/vmx/segment.h"

/* CR0 after INIT: CD, NW and ET set (Vol. 3A table 10-1). */
#define CR0_AFTER_INIT 0x60000010ull
/* Access rights in real mode: present, accessed; code execute/read, data read/write. */
#define AR_REAL_CODE   0x9bu
#define AR_REAL_DATA   0x93u
/*
 * TR after INIT is a present busy TSS; VM entry allows type 3 or 11 for a
 * guest outside IA-32e mode (27.3.1.2).  Type 11 (32-bit): a processor
 * refuses to enable IA-32e mode with a 16-bit TSS in TR (Bochs does).
 */
#define AR_TSS_BUSY    0x8bu

/* ---- Step 1: states that are the same for every kind ------------------- */

void vmx_state_after_sipi(struct vmx_entry_state *s, uint8_t vector)
{
	uint16_t cs = (uint16_t)(vector << 8);

	*s = (struct vmx_entry_state){ 0 };
	/* After a SIPI: CS = vector * 256, base = vector * 4096, IP = 0 (Vol. 3A 9.4.4.1). */
	s->seg[SEG_CS] = (struct vmx_segment_state){ cs, (uint64_t)cs << 4, 0xffff, AR_REAL_CODE };
	for (unsigned seg = SEG_ES; seg <= SEG_GS; seg++)
		if (seg != SEG_CS)
			s->seg[seg] = (struct vmx_segment_state){ 0, 0, 0xffff, AR_REAL_DATA };
	s->seg[SEG_LDTR].ar = VMX_AR_UNUSABLE;
	s->seg[SEG_TR] = (struct vmx_segment_state){ 0, 0, 0xffff, AR_TSS_BUSY };
	s->gdtr_limit = 0xffff;
	s->idtr_limit = 0xffff;
	s->cr0 = CR0_AFTER_INIT;
	s->dr7 = X86_DR7_INIT;
	s->pat = IA32_PAT_INIT;
	s->rflags = X86_RFLAGS_FIXED;
	s->activity = VMX_ACTIVITY_ACTIVE;
}

bool vmx_segment_from_table(uint64_t gdt_base, uint16_t gdt_limit, uint16_t selector,
			    struct vmx_segment_state *out)
{
	struct vmx_segment s;

	if (!vmx_segment_from_gdt((const uint64_t *)(uintptr_t)gdt_base, gdt_limit, selector, &s))
		return false;
	if (!(s.ar & VMX_AR_UNUSABLE) && (s.ar & VMX_AR_S))
		s.ar |= 1;
	*out = (struct vmx_segment_state){ s.selector, s.base, s.limit, s.ar };
	return true;
}

/* ---- Step 2: the controls ---------------------------------------------- */

bool vmx_invvpid_usable(const struct vmx_msr_snapshot *caps)
{
	union ia32_vmx_ept_vpid_cap cap = { .raw = caps->ept_vpid_cap };

	return vmx_snapshot_has(caps, VMX_SNAP_EPT_VPID_CAP) && cap.invvpid &&
	       (cap.invvpid_single_context || cap.invvpid_all_context);
}

/* One field from the capability MSRs; false, with the control named, if a required bit is missing. */
static bool resolve(struct vmx_core *core, struct vmx_guest *g, enum vmx_ctl_field field,
		    struct vmx_control_bits want, uint32_t *out)
{
	struct vmx_control_choice ch =
		vmx_controls_choose(&core->caps, field, want.required, want.optional);

	if (ch.known && !ch.missing) {
		*out = ch.value;
		return true;
	}
	unsigned bit = ch.missing ? (unsigned)__builtin_ctz(ch.missing) : 0;
	const char *name = vmx_control_name(field, bit);
	kprintf("vmx: cpu %u cannot set the %s control %s (bit %u)%s\n", vmx_core_cpu(core)->index,
		vmx_control_field_name(field), name ? name : "?", bit,
		ch.known ? "" : ": capability MSR unreadable");
	g->error = name ? name : "unknown-control";
	g->cause = VMX_CAUSE_GUEST_CONTROL_UNAVAILABLE;
	return false;
}

/* What every guest takes beyond its profile: VPID, EPT, and the mode its state is in. */
static struct vmx_profile add_common_wants(const struct vmx_core *core, struct vmx_profile p,
					   const struct vmx_entry_state *s)
{
	uint32_t ia32e = VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST);
	uint32_t ept = VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT);

	if (vmx_invvpid_usable(&core->caps))
		p.proc2.optional |= VMX_CTL_BIT(VMX_PROC2_ENABLE_VPID);
	if (!vmx_ept_pointer)
		p.proc2.optional &= ~ept; /* a required EPT then fails, by name */
	if (p.io_bitmap)
		p.proc.required |= VMX_CTL_BIT(VMX_PROC_USE_IO_BITMAPS);
	p.entry.optional &= ~ia32e;
	if (s->long_mode)
		p.entry.required |= ia32e;
	else
		p.entry.required &= ~ia32e;
	return p;
}

bool vmx_choose_controls(struct vmx_core *core, struct vmx_guest *g, const struct vmx_profile *p,
			 const struct vmx_entry_state *s, struct vmx_controls *c)
{
	struct vmx_profile want = add_common_wants(core, *p, s);

	if (!resolve(core, g, VMX_CTL_PINBASED, want.pin, &c->pin) ||
	    !resolve(core, g, VMX_CTL_PROCBASED, want.proc, &c->proc) ||
	    !resolve(core, g, VMX_CTL_PROCBASED2, want.proc2, &c->proc2) ||
	    !resolve(core, g, VMX_CTL_EXIT, want.exit, &c->exit) ||
	    !resolve(core, g, VMX_CTL_ENTRY, want.entry, &c->entry))
		return false;
	if (!(c->proc & VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS)))
		c->proc2 = 0;
	/* A control that is default1 stays 1: a guest outside IA-32e mode must not have it. */
	if (!s->long_mode)
		c->entry &= ~VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST);
	return true;
}

/* ---- Step 3: the fields ------------------------------------------------- */

/*
 * The control fields from c, with the CR0/CR4 guest/host masks (what VMX
 * fixes, and CR4.VMXE, stay the host's) and the read shadows from s;
 * records ept, vpid and unrestricted in g.
 */
static void put_controls(struct vmcs_writer *w, struct vmx_core *core, struct vmx_guest *g,
			 const struct vmx_controls *c, const struct vmx_entry_state *s)
{
	struct vmx_host *h = g->host;
	const struct vmx_msr_snapshot *caps = &core->caps;
	struct vmx_cr_fixed cr0_fixed = vmx_cr_fixed_masks(caps->cr0_fixed0, caps->cr0_fixed1);
	struct vmx_cr_fixed cr4_fixed = vmx_cr_fixed_masks(caps->cr4_fixed0, caps->cr4_fixed1);

	vmcs_put(w, VMCS_PIN_BASED_CTLS, c->pin);
	vmcs_put(w, VMCS_PROC_BASED_CTLS, c->proc);
	if (c->proc & VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS))
		vmcs_put(w, VMCS_PROC_BASED_CTLS2, c->proc2);
	vmcs_put(w, VMCS_EXIT_CTLS, c->exit);
	vmcs_put(w, VMCS_ENTRY_CTLS, c->entry);
	vmcs_put_zero_controls(w);
	if (c->proc & VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS))
		vmcs_put(w, VMCS_MSR_BITMAP, h->msr_bitmap_phys);
	g->vpid = c->proc2 & VMX_CTL_BIT(VMX_PROC2_ENABLE_VPID);
	h->vpid_id = (uint16_t)(vmx_core_cpu(core)->index + 1); /* VPID 0 is the host's */
	if (g->vpid)
		vmcs_put(w, VMCS_VPID, h->vpid_id);
	if (c->proc2 & VMX_CTL_BIT(VMX_PROC2_ENABLE_XSAVES_XRSTORS))
		vmcs_put(w, VMCS_XSS_EXITING_BITMAP, 0);
	g->ept = c->proc2 & VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT);
	if (g->ept)
		vmcs_put(w, VMCS_EPT_POINTER, vmx_ept_pointer);
	g->unrestricted = c->proc2 & VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST);

	/*
	 * Bits VMX fixes, and CR4.VMXE, belong to the host; the guest sees its
	 * own.  Unrestricted guest frees CR0.PE and PG (27.3.1.1).
	 */
	h->cr0_must_be_1 = cr0_fixed.must_be_1;
	if (g->unrestricted)
		h->cr0_must_be_1 &= ~(X86_CR0_PE | X86_CR0_PG);
	h->cr4_must_be_1 = cr4_fixed.must_be_1;
	h->cr0_host_owned = h->cr0_must_be_1 | cr0_fixed.must_be_0;
	h->cr4_host_owned = cr4_fixed.must_be_1 | cr4_fixed.must_be_0 | X86_CR4_VMXE;
	vmcs_put(w, VMCS_CR0_GUEST_HOST_MASK, h->cr0_host_owned);
	vmcs_put(w, VMCS_CR4_GUEST_HOST_MASK, h->cr4_host_owned);
	vmcs_put(w, VMCS_CR0_READ_SHADOW, s->cr0);
	vmcs_put(w, VMCS_CR4_READ_SHADOW, s->cr4);
	vmcs_put(w, VMCS_LINK_POINTER, ~0ull);
}

void vmx_put_host_state(struct vmcs_writer *w, const struct cpu_tables *t, uint64_t rsp,
			uint64_t rip, const struct vmx_controls *c)
{
	vmcs_put(w, VMCS_HOST_CR0, read_cr0());
	vmcs_put(w, VMCS_HOST_CR3, read_cr3());
	vmcs_put(w, VMCS_HOST_CR4, read_cr4());
	vmcs_put(w, VMCS_HOST_CS_SELECTOR, GDT_KERNEL_CODE);
	vmcs_put(w, VMCS_HOST_SS_SELECTOR, GDT_KERNEL_DATA);
	vmcs_put(w, VMCS_HOST_DS_SELECTOR, GDT_KERNEL_DATA);
	vmcs_put(w, VMCS_HOST_ES_SELECTOR, GDT_KERNEL_DATA);
	vmcs_put(w, VMCS_HOST_FS_SELECTOR, 0);
	vmcs_put(w, VMCS_HOST_GS_SELECTOR, 0);
	vmcs_put(w, VMCS_HOST_TR_SELECTOR, GDT_TSS);
	vmcs_put(w, VMCS_HOST_FS_BASE, rdmsr(MSR_IA32_FS_BASE));
	vmcs_put(w, VMCS_HOST_GS_BASE, rdmsr(MSR_IA32_GS_BASE)); /* this_cpu() works in the host */
	vmcs_put(w, VMCS_HOST_TR_BASE, (uint64_t)(uintptr_t)&t->tss);
	vmcs_put(w, VMCS_HOST_GDTR_BASE, (uint64_t)(uintptr_t)t->gdt);
	vmcs_put(w, VMCS_HOST_IDTR_BASE, (uint64_t)(uintptr_t)t->idt);
	vmcs_put(w, VMCS_HOST_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS));
	vmcs_put(w, VMCS_HOST_SYSENTER_ESP, rdmsr(MSR_IA32_SYSENTER_ESP));
	vmcs_put(w, VMCS_HOST_SYSENTER_EIP, rdmsr(MSR_IA32_SYSENTER_EIP));
	if (c->exit & VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER))
		vmcs_put(w, VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	if (c->exit & VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_PAT))
		vmcs_put(w, VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_put(w, VMCS_HOST_RSP, rsp);
	vmcs_put(w, VMCS_HOST_RIP, rip);
}

/* The guest-state area from s, CR0 and CR4 with the bits VMX fixes (27.3.1.1). */
static void put_guest_state(struct vmcs_writer *w, const struct vmx_guest *g,
			    const struct vmx_entry_state *s, uint64_t entry_ctls)
{
	for (unsigned seg = 0; seg < SEG_COUNT; seg++)
		vmcs_put_segment(w, seg, s->seg[seg].selector, s->seg[seg].base, s->seg[seg].limit,
				 s->seg[seg].ar);
	vmcs_put(w, VMCS_GUEST_GDTR_BASE, s->gdtr_base);
	vmcs_put(w, VMCS_GUEST_GDTR_LIMIT, s->gdtr_limit);
	vmcs_put(w, VMCS_GUEST_IDTR_BASE, s->idtr_base);
	vmcs_put(w, VMCS_GUEST_IDTR_LIMIT, s->idtr_limit);
	vmcs_put(w, VMCS_GUEST_CR0, s->cr0 | g->host->cr0_must_be_1);
	vmcs_put(w, VMCS_GUEST_CR3, s->cr3);
	vmcs_put(w, VMCS_GUEST_CR4, s->cr4 | g->host->cr4_must_be_1);
	vmcs_put(w, VMCS_GUEST_DR7, s->dr7);
	vmcs_put(w, VMCS_GUEST_IA32_DEBUGCTL, s->debugctl);
	vmcs_put(w, VMCS_GUEST_RFLAGS, s->rflags);
	if (!s->rsp_rip_later) {
		vmcs_put(w, VMCS_GUEST_RSP, s->rsp);
		vmcs_put(w, VMCS_GUEST_RIP, s->rip);
	}
	vmcs_put(w, VMCS_GUEST_SYSENTER_CS, s->sysenter_cs);
	vmcs_put(w, VMCS_GUEST_SYSENTER_ESP, s->sysenter_esp);
	vmcs_put(w, VMCS_GUEST_SYSENTER_EIP, s->sysenter_eip);
	/* These fields exist only where the processor can load them. */
	if (entry_ctls & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER))
		vmcs_put(w, VMCS_GUEST_IA32_EFER, s->efer);
	if (entry_ctls & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT))
		vmcs_put(w, VMCS_GUEST_IA32_PAT, s->pat);
	vmcs_put(w, VMCS_GUEST_ACTIVITY_STATE, s->activity);
	vmcs_put(w, VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmcs_put(w, VMCS_GUEST_PENDING_DEBUG, 0);
}

void vmx_read_guest_state(struct vmx_entry_state *s)
{
	uint64_t entry = vmread(VMCS_ENTRY_CTLS);

	*s = (struct vmx_entry_state){ 0 };
	for (unsigned seg = 0; seg < SEG_COUNT; seg++)
		s->seg[seg] = (struct vmx_segment_state){
			(uint16_t)vmread(VMCS_GUEST_ES_SELECTOR + 2 * seg),
			vmread(VMCS_GUEST_ES_BASE + 2 * seg),
			(uint32_t)vmread(VMCS_GUEST_ES_LIMIT + 2 * seg),
			(uint32_t)vmread(VMCS_GUEST_ES_AR + 2 * seg),
		};
	s->gdtr_base = vmread(VMCS_GUEST_GDTR_BASE);
	s->gdtr_limit = (uint32_t)vmread(VMCS_GUEST_GDTR_LIMIT);
	s->idtr_base = vmread(VMCS_GUEST_IDTR_BASE);
	s->idtr_limit = (uint32_t)vmread(VMCS_GUEST_IDTR_LIMIT);
	s->cr0 = vmread(VMCS_GUEST_CR0);
	s->cr3 = vmread(VMCS_GUEST_CR3);
	s->cr4 = vmread(VMCS_GUEST_CR4);
	s->dr7 = vmread(VMCS_GUEST_DR7);
	s->debugctl = vmread(VMCS_GUEST_IA32_DEBUGCTL);
	s->rflags = vmread(VMCS_GUEST_RFLAGS);
	s->rsp = vmread(VMCS_GUEST_RSP);
	s->rip = vmread(VMCS_GUEST_RIP);
	s->sysenter_cs = vmread(VMCS_GUEST_SYSENTER_CS);
	s->sysenter_esp = vmread(VMCS_GUEST_SYSENTER_ESP);
	s->sysenter_eip = vmread(VMCS_GUEST_SYSENTER_EIP);
	/* The "save" exit controls go with the "load" entry controls chosen at launch. */
	s->has_efer = entry & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER);
	s->has_pat = entry & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT);
	if (s->has_efer)
		s->efer = vmread(VMCS_GUEST_IA32_EFER);
	if (s->has_pat)
		s->pat = vmread(VMCS_GUEST_IA32_PAT);
	s->activity = (uint32_t)vmread(VMCS_GUEST_ACTIVITY_STATE);
	s->long_mode = entry & VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST);
}

bool vmx_write_guest_state(const struct vmx_guest *g, const struct vmx_entry_state *s)
{
	struct vmcs_writer w = { ~0u };
	uint64_t entry = vmread(VMCS_ENTRY_CTLS);
	uint64_t ia32e = VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST);

	put_guest_state(&w, g, s, entry);
	vmcs_put(&w, VMCS_CR0_READ_SHADOW, s->cr0);
	vmcs_put(&w, VMCS_CR4_READ_SHADOW, s->cr4);
	vmcs_put(&w, VMCS_ENTRY_CTLS, s->long_mode ? entry | ia32e : entry & ~ia32e);
	if (w.failed_field != ~0u)
		kprintf("vmx: cpu %u: VMWRITE of field 0x%x failed for the guest's new state\n",
			this_cpu()->index, w.failed_field);
	return w.failed_field == ~0u;
}

enum vmx_load_result vmx_load_vmcs(struct vmx_core *core, struct vmx_guest *g,
				   const struct vmx_profile *p, const struct vmx_entry_state *s,
				   uint64_t io_bitmap_phys, const char **error,
				   void (*before_check)(struct vmx_core *core,
							struct vmcs_writer *w))
{
	struct vmx_controls c;
	struct vmcs_writer w = { ~0u };

	if (!vmx_choose_controls(core, g, p, s, &c))
		return VMX_LOAD_CONTROL_UNAVAILABLE;
	if (vmclear(core->vmcs_phys) != VMX_OUTCOME_SUCCESS ||
	    vmptrld(core->vmcs_phys) != VMX_OUTCOME_SUCCESS)
		return VMX_LOAD_VMPTRLD_FAILED;
	put_controls(&w, core, g, &c, s);
	if (p->io_bitmap) {
		vmcs_put(&w, VMCS_IO_BITMAP_A, io_bitmap_phys);
		vmcs_put(&w, VMCS_IO_BITMAP_B, io_bitmap_phys + PAGE_SIZE);
	}
	vmx_put_host_state(&w, g->host->host_tables, g->host->host_stack_top,
			   (uint64_t)(uintptr_t)vmx_exit_entry, &c);
	put_guest_state(&w, g, s, c.entry);
	if (before_check)
		before_check(core, &w);
	if (w.failed_field == ~0u)
		return VMX_LOAD_OK;
	*error = vmx_insn_error_name((uint32_t)vmread(VMCS_VM_INSTRUCTION_ERROR));
	kprintf("vmx: cpu %u VMWRITE of field 0x%x failed: %s\n", vmx_core_cpu(core)->index,
		w.failed_field, *error);
	return VMX_LOAD_VMWRITE_FAILED;
}

void vmx_vmcs_clear(uint64_t vmcs_phys)
{
	vmclear(vmcs_phys);
}

uint32_t vmx_vm_instruction_error(void)
{
	return (uint32_t)vmread(VMCS_VM_INSTRUCTION_ERROR);
}
