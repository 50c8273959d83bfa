/*
 * Hyperjacking a core: a VMCS whose guest state is the core's own current
 * state (Intel SDM Vol. 3C 25.4 "Guest-State Area", 25.5 "Host-State
 * Area", 25.6-25.8 the control fields), then VMLAUNCH.  The checks VM
 * entry makes are in 27.2 (controls and host state) and 27.3 (guest state).
 */
#include <string.h>
#include "arch/x86/iommu.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/memory.h"
#include "arch/x86/smp.h"
#include "arch/x86/trap.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/vmcs_controls.h"
#include "lib/vmx/names.h"
#include "lib/vmx/segment.h"
#include "lib/test_hooks.h"

enum vmx_guest_mode vmx_guest_mode;
const char vmx_signature[VMX_SIGNATURE_LEN + 1] = "hypervisor64";

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static uint64_t read_dr7(void)
{
	uint64_t v;
	__asm__ volatile("mov %%dr7, %0" : "=r"(v));
	return v;
}

#define READ_SEGMENT(reg)                                            \
	({                                                           \
		uint16_t sel_;                                       \
		__asm__ volatile("mov %%" #reg ", %0" : "=r"(sel_)); \
		sel_;                                                \
	})

static uint64_t rdmsr_or_zero(uint32_t msr)
{
	uint64_t v = 0;
	if (rdmsr_catch(msr, &v) != TRAP_NONE)
		return 0;
	return v;
}

void vmx_capture_state(struct vmx_cpu_state *s)
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

/* ---- Allocation (boot processor, before the APs start) ---------------- */

/* The MSR bitmap's four 1 KiB quarters (25.6.9). */
#define MSR_BITMAP_READ_LOW   0
#define MSR_BITMAP_READ_HIGH  1024
#define MSR_BITMAP_WRITE_LOW  2048
#define MSR_BITMAP_WRITE_HIGH 3072

static void msr_bitmap_set(uint8_t *bitmap, unsigned quarter, uint32_t msr)
{
	uint32_t bit = msr & 0x1fff;
	bitmap[quarter + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

/* Pass-through except the MSRs that would tell the guest VMX is there. */
static void msr_bitmap_init(uint8_t *bitmap)
{
	msr_bitmap_set(bitmap, MSR_BITMAP_READ_LOW, MSR_IA32_FEATURE_CONTROL);
	msr_bitmap_set(bitmap, MSR_BITMAP_WRITE_LOW, MSR_IA32_FEATURE_CONTROL);
	for (uint32_t msr = MSR_IA32_VMX_BASIC; msr <= MSR_IA32_VMX_PROCBASED_CTLS3; msr++) {
		msr_bitmap_set(bitmap, MSR_BITMAP_READ_LOW, msr);
		msr_bitmap_set(bitmap, MSR_BITMAP_WRITE_LOW, msr);
	}
}

bool vmx_guest_alloc(struct vmx_core *core)
{
	struct vmx_guest *g;
	struct vmx_host *h;
	uint64_t guard;
	uint8_t *bitmap;

	if (core->guest)
		return true; /* prepared by the boot processor */
	g = page_alloc(sizeof(*g), ANYWHERE);
	h = page_alloc(sizeof(*h), ANYWHERE);
	/* The VMX structures a VMCS points to stay below 4 GiB (Vol. 3D A.1). */
	bitmap = page_alloc(PAGE_SIZE, BELOW_4G);
	if (!g || !h || !bitmap)
		return false;
	h->host_tables = page_alloc(sizeof(*h->host_tables), ANYWHERE);
	h->host_stack_top = stack_alloc(KERNEL_STACK_SIZE, &guard);
	if (!h->host_tables || !h->host_stack_top || !smp_alloc_ist_stacks(h->host_ist_tops))
		return false;
	msr_bitmap_init(bitmap);
	h->msr_bitmap_phys = (uint64_t)(uintptr_t)bitmap;
	/*
	 * IST stacks of its own, not the kernel's: the EPT hides them from the
	 * guests, which could otherwise read (or, on another core, write) what
	 * an NMI or #DF in the hypervisor left there.
	 */
	desc_init(h->host_tables, h->host_ist_tops);
	g->host = h;
	core->guest = g; /* only now: complete */
	return true;
}

/* ---- Controls ----------------------------------------------------------- */

bool vmx_invvpid_usable(const struct vmx_msr_snapshot *caps)
{
	union ia32_vmx_ept_vpid_cap cap = { .raw = caps->ept_vpid_cap };

	return vmx_snapshot_has(caps, VMX_SNAP_EPT_VPID_CAP) && cap.invvpid &&
	       (cap.invvpid_single_context || cap.invvpid_all_context);
}

bool vmx_resolve_controls(struct vmx_core *core, struct vmx_guest *g,
			  const struct vmx_control_want *wants, unsigned count)
{
	for (unsigned i = 0; i < count; i++) {
		struct vmx_control_choice ch = vmx_controls_choose(
			&core->caps, wants[i].field, wants[i].required, wants[i].optional);
		if (!ch.known || ch.missing) {
			unsigned bit = ch.missing ? (unsigned)__builtin_ctz(ch.missing) : 0;
			const char *name = vmx_control_name(wants[i].field, bit);
			kprintf("vmx: cpu %u cannot set the %s control %s (bit %u)%s\n",
				vmx_core_cpu(core)->index, vmx_control_field_name(wants[i].field),
				name ? name : "?", bit,
				ch.known ? "" : ": capability MSR unreadable");
			g->error = name ? name : "unknown-control";
			g->cause = VMX_CAUSE_GUEST_CONTROL_UNAVAILABLE;
			return false;
		}
		*wants[i].out = ch.value;
	}
	return true;
}

static bool choose_controls(struct vmx_core *core, struct vmx_controls *c)
{
	struct vmx_guest *g = core->guest;
	uint32_t proc2_optional = VMX_CTL_BIT(VMX_PROC2_ENABLE_RDTSCP) |
				  VMX_CTL_BIT(VMX_PROC2_ENABLE_INVPCID) |
				  VMX_CTL_BIT(VMX_PROC2_ENABLE_XSAVES_XRSTORS);
	if (vmx_invvpid_usable(&core->caps))
		proc2_optional |= VMX_CTL_BIT(VMX_PROC2_ENABLE_VPID);
	if (vmx_ept_pointer)
		proc2_optional |= VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT);
	const struct vmx_control_want wants[] = {
		{ VMX_CTL_PINBASED, 0, 0, &c->pin },
		{ VMX_CTL_PROCBASED, 0,
		  VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			  VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS),
		  &c->proc },
		{ VMX_CTL_PROCBASED2, 0, proc2_optional, &c->proc2 },
		{ VMX_CTL_EXIT, VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE),
		  VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_EFER) | VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER) |
			  VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_PAT) | VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_PAT),
		  &c->exit },
		{ VMX_CTL_ENTRY, VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST),
		  VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER) | VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT),
		  &c->entry },
	};

	if (!vmx_resolve_controls(core, g, wants, sizeof(wants) / sizeof(wants[0])))
		return false;
	if (!(c->proc & VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS)))
		c->proc2 = 0;
	return true;
}

/* ---- VMCS fill ---------------------------------------------------------- */

void vmx_fill_controls(struct vmcs_writer *w, struct vmx_core *core, const struct vmx_controls *c,
		       uint64_t cr0_shadow, uint64_t cr4_shadow)
{
	struct vmx_guest *g = core->guest;
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
	vmcs_put(w, VMCS_CR0_READ_SHADOW, cr0_shadow);
	vmcs_put(w, VMCS_CR4_READ_SHADOW, cr4_shadow);
	vmcs_put(w, VMCS_LINK_POINTER, ~0ull);
}

void vmx_fill_host_tables(struct vmcs_writer *w, const struct cpu_tables *t)
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
}

void vmx_fill_host(struct vmcs_writer *w, const struct vmx_guest *g, const struct vmx_controls *c)
{
	vmx_fill_host_tables(w, g->host->host_tables);
	if (c->exit & VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER))
		vmcs_put(w, VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	if (c->exit & VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_PAT))
		vmcs_put(w, VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_put(w, VMCS_HOST_RSP, g->host->host_stack_top);
	vmcs_put(w, VMCS_HOST_RIP, (uint64_t)(uintptr_t)vmx_exit_entry);
}

static bool fill_segment(struct vmcs_writer *w, const struct table_pointer *gdtr, unsigned seg,
			 uint16_t selector)
{
	struct vmx_segment s;

	if (!vmx_segment_from_gdt((const uint64_t *)(uintptr_t)gdtr->base, gdtr->limit, selector,
				  &s))
		return false;
	/* Code and data segments in use have been accessed (27.3.1.2 wants it set). */
	if (!(s.ar & VMX_AR_UNUSABLE) && (s.ar & VMX_AR_S))
		s.ar |= 1;
	if (seg == SEG_FS)
		s.base = rdmsr(MSR_IA32_FS_BASE);
	if (seg == SEG_GS)
		s.base = rdmsr(MSR_IA32_GS_BASE);
	vmcs_put_segment(w, seg, s.selector, s.base, s.limit, s.ar);
	return true;
}

static bool fill_guest(struct vmcs_writer *w, const struct vmx_controls *c)
{
	struct table_pointer gdtr, idtr;
	uint16_t ldtr, tr;
	uint16_t selectors[SEG_COUNT];

	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	__asm__ volatile("sidt %0" : "=m"(idtr));
	__asm__ volatile("sldt %0" : "=r"(ldtr));
	__asm__ volatile("str %0" : "=r"(tr));
	selectors[SEG_ES] = READ_SEGMENT(es);
	selectors[SEG_CS] = READ_SEGMENT(cs);
	selectors[SEG_SS] = READ_SEGMENT(ss);
	selectors[SEG_DS] = READ_SEGMENT(ds);
	selectors[SEG_FS] = READ_SEGMENT(fs);
	selectors[SEG_GS] = READ_SEGMENT(gs);
	selectors[SEG_LDTR] = ldtr;
	selectors[SEG_TR] = tr;
	for (unsigned seg = 0; seg < SEG_COUNT; seg++)
		if (!fill_segment(w, &gdtr, seg, selectors[seg]))
			return false;
	vmcs_put(w, VMCS_GUEST_GDTR_BASE, gdtr.base);
	vmcs_put(w, VMCS_GUEST_GDTR_LIMIT, gdtr.limit);
	vmcs_put(w, VMCS_GUEST_IDTR_BASE, idtr.base);
	vmcs_put(w, VMCS_GUEST_IDTR_LIMIT, idtr.limit);

	vmcs_put(w, VMCS_GUEST_CR0, read_cr0());
	vmcs_put(w, VMCS_GUEST_CR3, read_cr3());
	vmcs_put(w, VMCS_GUEST_CR4, read_cr4());
	vmcs_put(w, VMCS_GUEST_DR7, read_dr7());
	vmcs_put(w, VMCS_GUEST_IA32_DEBUGCTL, rdmsr_or_zero(MSR_IA32_DEBUGCTL));
	vmcs_put(w, VMCS_GUEST_RFLAGS, read_rflags());
	vmcs_put(w, VMCS_GUEST_SYSENTER_CS, rdmsr(MSR_IA32_SYSENTER_CS));
	vmcs_put(w, VMCS_GUEST_SYSENTER_ESP, rdmsr(MSR_IA32_SYSENTER_ESP));
	vmcs_put(w, VMCS_GUEST_SYSENTER_EIP, rdmsr(MSR_IA32_SYSENTER_EIP));
	if (c->entry & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER))
		vmcs_put(w, VMCS_GUEST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	if (c->entry & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT))
		vmcs_put(w, VMCS_GUEST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_put(w, VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_ACTIVE);
	vmcs_put(w, VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmcs_put(w, VMCS_GUEST_PENDING_DEBUG, 0);
	/* RSP and RIP: written by vmx_guest_enter() at its resume point. */
	return true;
}

/* ---- Launch ------------------------------------------------------------- */

/* Test-only: one wrong field on cpu 1, to see each failure reported by name. */
static void spoil_for_test(struct vmcs_writer *w, const struct vmx_core *core)
{
	if (test_hook(TEST_GUEST_BAD_CONTROL) && vmx_core_cpu(core)->index == 2) {
		kprintf("test: cpu 2 sets a CR3-target count of 5 in its VMCS\n");
		vmcs_put(w, VMCS_CR3_TARGET_COUNT, 5); /* at most 4 (27.2.1.1) */
	}
	if (test_hook(TEST_GUEST_BAD_STATE) && vmx_core_cpu(core)->index == 3) {
		kprintf("test: cpu 3 clears RFLAGS bit 1 in its VMCS\n");
		vmcs_put(w, VMCS_GUEST_RFLAGS, read_rflags() & ~X86_RFLAGS_FIXED); /* 27.3.1.4 */
	}
}

static void fail(struct vmx_core *core, enum vmx_cause cause, const char *error)
{
	core->guest->state = VMX_GUEST_FAILED;
	core->guest->cause = cause;
	core->guest->error = error;
	if (core->cause == VMX_CAUSE_NONE)
		core->cause = cause;
}

static bool load_vmcs(struct vmx_core *core)
{
	struct vmx_controls c;
	struct vmcs_writer w = { ~0u };

	if (!choose_controls(core, &c)) {
		fail(core, core->guest->cause, core->guest->error);
		return false;
	}
	if (vmclear(core->vmcs_phys) != VMX_OUTCOME_SUCCESS ||
	    vmptrld(core->vmcs_phys) != VMX_OUTCOME_SUCCESS) {
		fail(core, VMX_CAUSE_GUEST_VMCS_LOAD_FAILED, "vmclear-or-vmptrld-failed");
		return false;
	}
	vmx_fill_controls(&w, core, &c, read_cr0(), read_cr4() & ~X86_CR4_VMXE);
	vmx_fill_host(&w, core->guest, &c);
	if (!fill_guest(&w, &c)) {
		fail(core, VMX_CAUSE_GUEST_STATE_CAPTURE_FAILED, "selector-outside-gdt");
		return false;
	}
	spoil_for_test(&w, core);
	if (w.failed_field != ~0u) {
		kprintf("vmx: cpu %u VMWRITE of field 0x%x failed: %s\n", vmx_core_cpu(core)->index,
			w.failed_field, vmx_insn_error_name(vmread(VMCS_VM_INSTRUCTION_ERROR)));
		fail(core, VMX_CAUSE_GUEST_VMCS_WRITE_FAILED,
		     vmx_insn_error_name(vmread(VMCS_VM_INSTRUCTION_ERROR)));
		return false;
	}
	return true;
}

/* Test-only: an empty IDT turns the next exception into a triple fault. */
static void provoke_triple_fault(void)
{
	struct table_pointer empty = { 0, 0 };

	kprintf("test: cpu 1 makes its guest triple fault\n");
	__asm__ volatile("lidt %0\n\tud2" : : "m"(empty));
}

/*
 * Test-only: a guest reads a piece of its own hypervisor, which EPT does
 * not map: cpu 1 its VMCS, cpu 2 its struct vmx_host, cpu 3 the top of its
 * host's first IST stack.  Chosen in VMX root (touch_target), where struct
 * vmx_host is still readable.
 */
static uint64_t touch_target(const struct vmx_core *core, const char **what)
{
	if (!test_hook(TEST_GUEST_TOUCH_HYPERVISOR))
		return 0;
	switch (vmx_core_cpu(core)->index) {
	case 1: *what = "VMCS"; return core->vmcs_phys;
	case 2: *what = "struct vmx_host"; return (uint64_t)(uintptr_t)core->guest->host;
	case 3: *what = "host IST stack"; return core->guest->host->host_ist_tops[0] - 8;
	default: return 0;
	}
}

static void touch_hypervisor(struct vmx_core *core, uint64_t target, const char *what)
{
	if (!core->guest->ept) {
		kprintf("test: cpu %u runs its guest without EPT: nothing hides its %s\n",
			vmx_core_cpu(core)->index, what);
		return;
	}
	kprintf("test: cpu %u's guest reads its %s at 0x%lx\n", vmx_core_cpu(core)->index, what,
		(unsigned long)target);
	(void)*(volatile uint64_t *)(uintptr_t)target;
}

/* Now a guest: what does the hypervisor below say? */
static void check_as_guest(struct vmx_core *core, uint64_t touch, const char *touch_what)
{
	vmx_guest_checks(core);
	if (vmx_guest_bench && vmx_core_cpu(core)->index == 0)
		vmx_bench_guest();
	if (touch)
		touch_hypervisor(core, touch, touch_what);
	if (test_hook(TEST_GUEST_TRIPLE_FAULT) && vmx_core_cpu(core)->index == 1)
		provoke_triple_fault();
}

void vmx_guests_prepare(void)
{
	struct vmx_msr_snapshot caps;
	struct vmx_assessment a;

	if (vmx_guest_mode == VMX_GUEST_MODE_OFF)
		return;
	/* No memory for guests where the boot processor has no usable VMX. */
	vmx_read_caps(&caps);
	vmx_assess(&caps, &a);
	if (a.verdict != VMX_OK)
		return;
	for (uint32_t i = 0; i < cpu_count; i++)
		if (cpu_table[i]->tables && !cpu_table[i]->offline_reason &&
		    !vmx_guest_alloc(&cpu_table[i]->vmx))
			return; /* each core tries again, and reports, at launch */
	vmx_ept_build(&caps);
}

void vmx_guest_launch(struct vmx_core *core)
{
	struct vmx_guest *g;
	const char *touch_what = "";
	uint64_t touch;
	int result;

	if (vmx_guest_mode == VMX_GUEST_MODE_OFF || core->vmxon != VMX_OUTCOME_SUCCESS)
		return;
	if (!vmx_guest_alloc(core)) {
		kprintf("vmx: cpu %u: no memory for its hypervisor's state\n",
			vmx_core_cpu(core)->index);
		if (core->cause == VMX_CAUSE_NONE)
			core->cause = VMX_CAUSE_NO_MEMORY_FOR_VMX_REGIONS;
		return;
	}
	g = core->guest;
	if (!load_vmcs(core))
		return;
	/* This core's VMXON region and VMCS leave the guests' view. */
	iommu_hide(core->vmxon_phys, PAGE_SIZE);
	iommu_hide(core->vmcs_phys, PAGE_SIZE);
	if (g->ept && (!vmx_ept_hide(core->vmxon_phys, PAGE_SIZE) ||
		       !vmx_ept_hide(core->vmcs_phys, PAGE_SIZE)))
		kprintf("vmx: cpu %u: its VMXON region or VMCS stays visible to the guests "
			"(no EPT table left)\n",
			vmx_core_cpu(core)->index);
	if (vmx_guest_bench && vmx_core_cpu(core)->index == 0)
		vmx_bench_root();
	vmx_capture_state(&g->host->before);
	touch = touch_target(core, &touch_what);
	g->state = VMX_GUEST_RUNNING;
	result = vmx_guest_enter();
	if (result == 0) {
		/* From here on g->host, the hypervisor's, is out of reach. */
		check_as_guest(core, touch, touch_what);
		return;
	}
	if (result == 3)
		return; /* the exit path reported the failed VM entry */
	if (result == 1) {
		kprintf("vmx: cpu %u VMLAUNCH failed: VMfailInvalid\n", vmx_core_cpu(core)->index);
		fail(core, VMX_CAUSE_GUEST_LAUNCH_FAILED, "VMfailInvalid");
		return;
	}
	uint64_t error = vmread(VMCS_VM_INSTRUCTION_ERROR);
	kprintf("vmx: cpu %u VMLAUNCH failed: VMfailValid, VM-instruction error %lu (%s)\n",
		vmx_core_cpu(core)->index, (unsigned long)error,
		vmx_insn_error_name((uint32_t)error));
	fail(core, VMX_CAUSE_GUEST_LAUNCH_FAILED, vmx_insn_error_name((uint32_t)error));
}
