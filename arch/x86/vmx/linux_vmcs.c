/*
 * The VMCS of a core that runs Linux (Intel SDM Vol. 3C 25.4-25.8; entry
 * checks 27.2-27.3).  The boot processor's guest state is what a loader
 * hands Linux at its 64-bit entry point (lib/linux_entry.h); an AP's is a
 * processor after INIT, waiting for a SIPI (Vol. 3A 10.1.1, table 10-1,
 * "IA-32 and Intel 64 Processor States Following Power-up, Reset, or
 * INIT"), which VM entry puts in the wait-for-SIPI activity state.
 */
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/linux_internal.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/names.h"

/* CR0 after INIT: CD, NW and ET set (table 10-1). */
#define CR0_AFTER_INIT 0x60000010ull
#define DR7_AFTER_INIT 0x400ull
/* IA32_PAT after INIT (Vol. 3A 13.12.4): WB, WT, UC-, UC, twice. */
#define PAT_AFTER_INIT 0x0007040600070406ull
/* Access rights in real mode: present, accessed; code execute/read, data read/write. */
#define AR_REAL_CODE   0x9bu
#define AR_REAL_DATA   0x93u
/*
 * TR after INIT is a present busy TSS; VM entry allows type 3 or 11 for a
 * guest outside IA-32e mode (27.3.1.2).  Type 11 (32-bit): a processor
 * refuses to enable IA-32e mode with a 16-bit TSS in TR (Bochs does).
 */
#define AR_TSS_BUSY    0x8bu

static bool unrestricted_offered(const struct vmx_core *core)
{
	uint64_t proc2;

	return vmx_snapshot_ctl(&core->caps, VMX_CTL_PROCBASED2, &proc2) &&
	       vmx_ctl_allowed1(proc2, VMX_PROC2_UNRESTRICTED_GUEST);
}

bool vmx_linux_ap_capable(const struct vmx_core *core)
{
	union ia32_vmx_misc misc = { .raw = core->caps.misc };

	return unrestricted_offered(core) && misc.activity_wait_for_sipi;
}

static bool choose_controls(struct vmx_core *core, struct vmx_controls *c, bool ap)
{
	struct vmx_guest *g = core->guest;
	uint32_t proc2_required = VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT);
	uint32_t proc2_optional = VMX_CTL_BIT(VMX_PROC2_ENABLE_RDTSCP) |
				  VMX_CTL_BIT(VMX_PROC2_ENABLE_INVPCID) |
				  VMX_CTL_BIT(VMX_PROC2_ENABLE_XSAVES_XRSTORS);
	if (vmx_invvpid_usable(&core->caps))
		proc2_optional |= VMX_CTL_BIT(VMX_PROC2_ENABLE_VPID);
	if (ap)
		proc2_required |= VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST);
	else
		proc2_optional |= VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST);
	const struct vmx_control_want wants[] = {
		{ VMX_CTL_PINBASED, 0, 0, &c->pin },
		{ VMX_CTL_PROCBASED,
		  VMX_CTL_BIT(VMX_PROC_USE_IO_BITMAPS) | VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			  VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS),
		  0, &c->proc },
		{ VMX_CTL_PROCBASED2, proc2_required, proc2_optional, &c->proc2 },
		{ VMX_CTL_EXIT,
		  VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE) |
			  VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_EFER) |
			  VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER) | VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_PAT) |
			  VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_PAT),
		  0, &c->exit },
		{ VMX_CTL_ENTRY,
		  (ap ? 0 : VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST)) |
			  VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER) |
			  VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT),
		  0, &c->entry },
	};

	/* A 32-bit guest on an AP until Linux switches it to long mode. */
	if (!vmx_resolve_controls(core, g, wants, sizeof(wants) / sizeof(wants[0])))
		return false;
	if (ap)
		c->entry &= ~VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST);
	return true;
}

/* What every fresh guest starts with, whatever its mode. */
static void put_common_state(struct vmcs_writer *w, uint64_t rip, uint64_t rflags)
{
	vmcs_put(w, VMCS_GUEST_RIP, rip);
	vmcs_put(w, VMCS_GUEST_RSP, 0);
	vmcs_put(w, VMCS_GUEST_RFLAGS, rflags);
	vmcs_put(w, VMCS_GUEST_DR7, DR7_AFTER_INIT);
	vmcs_put(w, VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_put(w, VMCS_GUEST_IA32_PAT, PAT_AFTER_INIT);
	vmcs_put(w, VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_put(w, VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_put(w, VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_put(w, VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmcs_put(w, VMCS_GUEST_PENDING_DEBUG, 0);
	vmcs_put_segment(w, SEG_LDTR, 0, 0, 0, VMX_AR_UNUSABLE);
}

/* The 64-bit boot protocol's state (lib/linux_entry.h), for the boot processor. */
static void put_entry64_state(struct vmcs_writer *w, const struct vmx_guest *g,
			      const struct linux_entry_state *e)
{
	put_common_state(w, e->rip, e->rflags);
	vmcs_put_segment(w, SEG_CS, e->cs, 0, 0xffffffffu, e->cs_access);
	vmcs_put_segment(w, SEG_SS, e->ds, 0, 0xffffffffu, e->ds_access);
	vmcs_put_segment(w, SEG_DS, e->ds, 0, 0xffffffffu, e->ds_access);
	vmcs_put_segment(w, SEG_ES, e->ds, 0, 0xffffffffu, e->ds_access);
	vmcs_put_segment(w, SEG_FS, e->ds, 0, 0xffffffffu, e->ds_access);
	vmcs_put_segment(w, SEG_GS, e->ds, 0, 0xffffffffu, e->ds_access);
	/* No TSS yet (Linux loads its own); VM entry wants a usable busy one (27.3.1.2). */
	vmcs_put_segment(w, SEG_TR, 0, 0, 0x67, VMX_AR_P | VMX_AR_TYPE_TSS64_BUSY);
	vmcs_put(w, VMCS_GUEST_GDTR_BASE, e->gdt_base);
	vmcs_put(w, VMCS_GUEST_GDTR_LIMIT, e->gdt_limit);
	vmcs_put(w, VMCS_GUEST_IDTR_BASE, 0);
	vmcs_put(w, VMCS_GUEST_IDTR_LIMIT, 0);
	vmcs_put(w, VMCS_GUEST_CR0, e->cr0 | g->host->cr0_must_be_1);
	vmcs_put(w, VMCS_GUEST_CR3, e->cr3);
	vmcs_put(w, VMCS_GUEST_CR4, e->cr4 | g->host->cr4_must_be_1);
	vmcs_put(w, VMCS_GUEST_IA32_EFER, e->efer);
	vmcs_put(w, VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_ACTIVE);
}

void vmx_linux_put_real_mode_state(uint8_t vector)
{
	const struct vmx_guest *g = this_cpu()->vmx.guest;
	struct vmcs_writer w = { ~0u };
	uint16_t cs = (uint16_t)(vector << 8);

	put_common_state(&w, 0, X86_RFLAGS_FIXED);
	/* After a SIPI: CS = vector * 256, base = vector * 4096, IP = 0 (Vol. 3A 9.4.4.1). */
	vmcs_put_segment(&w, SEG_CS, cs, (uint64_t)cs << 4, 0xffff, AR_REAL_CODE);
	for (unsigned seg = SEG_ES; seg <= SEG_GS; seg++)
		if (seg != SEG_CS)
			vmcs_put_segment(&w, seg, 0, 0, 0xffff, AR_REAL_DATA);
	vmcs_put_segment(&w, SEG_TR, 0, 0, 0xffff, AR_TSS_BUSY);
	vmcs_put(&w, VMCS_GUEST_GDTR_BASE, 0);
	vmcs_put(&w, VMCS_GUEST_GDTR_LIMIT, 0xffff);
	vmcs_put(&w, VMCS_GUEST_IDTR_BASE, 0);
	vmcs_put(&w, VMCS_GUEST_IDTR_LIMIT, 0xffff);
	vmcs_put(&w, VMCS_GUEST_CR0, CR0_AFTER_INIT | g->host->cr0_must_be_1);
	vmcs_put(&w, VMCS_CR0_READ_SHADOW, CR0_AFTER_INIT);
	vmcs_put(&w, VMCS_GUEST_CR3, 0);
	vmcs_put(&w, VMCS_GUEST_CR4, g->host->cr4_must_be_1);
	vmcs_put(&w, VMCS_CR4_READ_SHADOW, 0);
	vmcs_put(&w, VMCS_GUEST_IA32_EFER, 0);
	vmcs_put(&w, VMCS_ENTRY_CTLS,
		 vmread(VMCS_ENTRY_CTLS) & ~(uint64_t)VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST));
	vmcs_put(&w, VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_ACTIVE);
	if (w.failed_field != ~0u)
		kprintf("vmx: cpu %u: VMWRITE of field 0x%x failed at SIPI\n", this_cpu()->index,
			w.failed_field);
}

bool vmx_linux_load_vmcs(struct vmx_core *core, const struct linux_entry_state *entry)
{
	struct vmx_controls c;
	struct vmcs_writer w = { ~0u };
	bool ap = entry == NULL;

	if (!choose_controls(core, &c, ap))
		return false;
	if (vmclear(core->vmcs_phys) != VMX_OUTCOME_SUCCESS ||
	    vmptrld(core->vmcs_phys) != VMX_OUTCOME_SUCCESS) {
		core->guest->error = "vmclear-or-vmptrld-failed";
		return false;
	}
	vmx_fill_controls(&w, core, &c, ap ? CR0_AFTER_INIT : entry->cr0, ap ? 0 : entry->cr4);
	vmcs_put(&w, VMCS_IO_BITMAP_A, vmx_linux_io_bitmap_phys());
	vmcs_put(&w, VMCS_IO_BITMAP_B, vmx_linux_io_bitmap_phys() + PAGE_SIZE);
	vmx_fill_host(&w, core->guest, &c);
	if (ap) {
		vmx_linux_put_real_mode_state(0);
		vmcs_put(&w, VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_WAIT_FOR_SIPI);
	} else {
		put_entry64_state(&w, core->guest, entry);
	}
	if (w.failed_field != ~0u) {
		kprintf("vmx: cpu %u VMWRITE of field 0x%x failed: %s\n", vmx_core_cpu(core)->index,
			w.failed_field, vmx_insn_error_name(vmread(VMCS_VM_INSTRUCTION_ERROR)));
		core->guest->error = "vmwrite-failed";
		return false;
	}
	return true;
}
