/*
 * The small test guest (test_guest.h): a valid VMCS for a 64-bit guest at
 * CPL 0 that shares the kernel's page tables and GDT but has its own code,
 * stack and IDT (Intel SDM Vol. 3C 25.4-25.8 for the fields, 27.2-27.3 for
 * what VM entry checks).  The host state is the kernel as it runs now, with
 * HOST_RSP and HOST_RIP set by vmx_test_guest_run at every entry.
 */
#include <string.h>
#include "arch/x86/vmxtest/test_guest.h"
#include "arch/x86/vmx/handlers.h"
#include "arch/x86/vmx/kind.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/vmx/vmcs_build.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/memory.h"
#include "arch/x86/percpu.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/vmcs_controls.h"

#define TG_VECTORS	     32
#define TG_STACK_SIZE	     4096
#define TG_RFLAGS	     0x2ull   /* only the fixed bit: interrupts off */
#define TG_DR7		     0x400ull /* the value after reset (Vol. 3B 18.2.4) */
#define TG_MAX_EXITS_PER_RUN 64
#define IDT_GATE_INTERRUPT   0x8e /* present, DPL 0, 64-bit interrupt gate */

extern const uint64_t vmx_tg_vectors[TG_VECTORS];

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* The hypervisor's own handlers answer what the guest does: the default table. */
static struct vmx_guest_kind test_kind = { .name = "vmcs-test" };

static struct idt_gate tg_idt[TG_VECTORS] __attribute__((aligned(16)));
static uint8_t tg_stack[TG_STACK_SIZE] __attribute__((aligned(16)));
/* The kernel's descriptor tables: a VM exit leaves both limits at FFFFH (28.5.2). */
static struct table_pointer kernel_gdtr, kernel_idtr;

static void idt_fill(void)
{
	for (unsigned v = 0; v < TG_VECTORS; v++) {
		uint64_t at = vmx_tg_vectors[v];
		tg_idt[v] = (struct idt_gate){
			.offset_low = (uint16_t)at,
			.selector = GDT_KERNEL_CODE,
			.type_attr = IDT_GATE_INTERRUPT,
			.offset_mid = (uint16_t)(at >> 16),
			.offset_high = (uint32_t)(at >> 32),
		};
	}
}

static uint64_t new_region(const struct vmx_core *core, uint32_t revision)
{
	uint32_t *page = page_alloc(PAGE_SIZE, core->assessment.addr32 ? BELOW_4G : ANYWHERE);

	if (page)
		page[0] = revision & 0x7fffffffu;
	return (uint64_t)(uintptr_t)page;
}

static bool choose(const struct vmx_core *core, enum vmx_ctl_field f, uint32_t required,
		   uint32_t optional, uint32_t *out)
{
	struct vmx_control_choice c = vmx_controls_choose(&core->caps, f, required, optional);

	*out = c.value;
	return c.known && !c.missing;
}

/* EPT with unrestricted guest, for the guest-state checks that need CR0.PE = 0. */
static bool unrestricted_offered(const struct vmx_core *core)
{
	uint32_t proc, proc2;

	return choose(core, VMX_CTL_PROCBASED, VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS), 0,
		      &proc) &&
	       choose(core, VMX_CTL_PROCBASED2,
		      VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT) | VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST),
		      0, &proc2);
}

bool vmx_test_guest_init(struct vmx_core *core, struct vmx_test_guest *tg, const char **why)
{
	memset(tg, 0, sizeof(*tg));
	if (!choose(core, VMX_CTL_PINBASED, 0, 0, &tg->pin) ||
	    !choose(core, VMX_CTL_PROCBASED, 0, 0, &tg->proc) ||
	    !choose(core, VMX_CTL_EXIT, VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE), 0,
		    &tg->exit) ||
	    !choose(core, VMX_CTL_ENTRY, VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST),
		    VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER), &tg->entry)) {
		*why = "a 64-bit guest and host are not both allowed by the VMX controls";
		return false;
	}
	tg->can_load_efer = tg->entry & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER);
	tg->has_unrestricted = unrestricted_offered(core);
	tg->vmcs_phys = new_region(core, core->assessment.revision);
	tg->ept_pml4_phys = new_region(core, 0);
	if (!tg->vmcs_phys || !tg->ept_pml4_phys) {
		*why = "no memory for the test guest's VMCS";
		return false;
	}
	((uint32_t *)(uintptr_t)tg->ept_pml4_phys)[0] = 0; /* an empty EPT PML4 */
	tg->stack_top = (uint64_t)(uintptr_t)(tg_stack + TG_STACK_SIZE);
	vmx_kind_complete(&test_kind);
	tg->handler_state.kind = &test_kind;
	tg->handler_state.host = &tg->handler_host;
	tg->handler_core.guest = &tg->handler_state;
	idt_fill();
	return true;
}

static void fill_controls(struct vmcs_writer *w, const struct vmx_test_guest *tg)
{
	vmcs_put(w, VMCS_PIN_BASED_CTLS, tg->pin);
	vmcs_put(w, VMCS_PROC_BASED_CTLS, tg->proc);
	vmcs_put(w, VMCS_EXIT_CTLS, tg->exit);
	vmcs_put(w, VMCS_ENTRY_CTLS, tg->entry);
	vmcs_put_zero_controls(w);
	/* The guest owns its control registers: nothing is masked. */
	vmcs_put(w, VMCS_CR0_GUEST_HOST_MASK, 0);
	vmcs_put(w, VMCS_CR4_GUEST_HOST_MASK, 0);
	vmcs_put(w, VMCS_LINK_POINTER, ~0ull);
}

static void fill_host(struct vmcs_writer *w, const struct vmx_test_guest *tg)
{
	struct vmx_controls c = { .exit = tg->exit };

	/* The kernel's own tables; HOST_RSP and HOST_RIP: vmx_test_guest_run, at each entry. */
	vmx_put_host_state(w, this_cpu()->tables, 0, 0, &c);
}

/* ES, CS, SS, DS, FS, GS, LDTR, TR: the kernel's code and data, no LDT, its TSS. */
static bool make_state(struct vmx_entry_state *s, const struct vmx_test_guest *tg,
		       void (*program)(void))
{
	static const uint16_t selectors[SEG_COUNT] = {
		GDT_KERNEL_DATA, GDT_KERNEL_CODE, GDT_KERNEL_DATA, GDT_KERNEL_DATA, 0, 0, 0, GDT_TSS
	};

	*s = (struct vmx_entry_state){ 0 };
	for (unsigned seg = 0; seg < SEG_COUNT; seg++)
		if (!vmx_segment_from_table(kernel_gdtr.base, kernel_gdtr.limit, selectors[seg],
					    &s->seg[seg]))
			return false;
	s->gdtr_base = kernel_gdtr.base;
	s->gdtr_limit = kernel_gdtr.limit;
	s->idtr_base = (uint64_t)(uintptr_t)tg_idt;
	s->idtr_limit = sizeof(tg_idt) - 1;
	s->cr0 = read_cr0();
	s->cr3 = read_cr3();
	s->cr4 = read_cr4();
	s->dr7 = TG_DR7;
	s->rflags = TG_RFLAGS;
	s->rsp = tg->stack_top;
	s->rip = (uint64_t)(uintptr_t)program;
	s->efer = rdmsr(MSR_IA32_EFER);
	s->activity = VMX_ACTIVITY_ACTIVE;
	s->long_mode = true;
	return true;
}

bool vmx_test_guest_reset(struct vmx_core *core, struct vmx_test_guest *tg, void (*program)(void))
{
	struct vmcs_writer w = { ~0u };
	struct vmx_entry_state s;

	(void)core;
	__asm__ volatile("sgdt %0" : "=m"(kernel_gdtr));
	__asm__ volatile("sidt %0" : "=m"(kernel_idtr));
	if (vmclear(tg->vmcs_phys) != VMX_OUTCOME_SUCCESS ||
	    vmptrld(tg->vmcs_phys) != VMX_OUTCOME_SUCCESS)
		return false;
	fill_controls(&w, tg);
	fill_host(&w, tg);
	return make_state(&s, tg, program) && vmx_write_guest_state(&tg->handler_state, &s) &&
	       w.failed_field == ~0u;
}

static void restore_kernel_tables(void)
{
	__asm__ volatile("lgdt %0" : : "m"(kernel_gdtr) : "memory");
	__asm__ volatile("lidt %0" : : "m"(kernel_idtr) : "memory");
}

/* The default table's handler for the exit, as every guest kind gets it. */
static bool handle(struct vmx_test_guest *tg, struct vmx_gprs *r, uint32_t basic)
{
	vmx_exit_handler handler = basic < VMX_EXIT_REASON_COUNT ? test_kind.exits[basic] : NULL;

	tg->handler_core.exit_basic = basic;
	return handler && handler(&tg->handler_core, r);
}

/* One exit: true to resume the guest. */
static bool after_exit(struct vmx_test_guest *tg, struct vmx_tg_outcome *out)
{
	uint32_t reason = (uint32_t)vmread(VMCS_EXIT_REASON);
	uint32_t basic = VMX_EXIT_REASON_BASIC(reason);
	struct vmx_gprs *r = &out->regs;

	out->exit_reason = reason;
	out->qualification = vmread(VMCS_EXIT_QUALIFICATION);
	if (out->exit_count < VMX_TG_MAX_EXITS)
		out->exits[out->exit_count] = basic;
	out->exit_count++;
	if (reason & VMX_EXIT_REASON_ENTRY_FAIL) {
		out->entry_failed = true;
		return false;
	}
	if (basic == VMX_EXIT_VMCALL && r->rax == VMX_TG_HC_DONE) {
		out->done = true;
		return false;
	}
	if (basic == VMX_EXIT_VMCALL && r->rax == VMX_TG_HC_EXCEPTION) {
		out->exception = true;
		out->vector = r->rbx;
		out->error_code = r->rdx;
		return false;
	}
	if (!handle(tg, r, basic)) {
		out->unexpected = true;
		return false;
	}
	return true;
}

static void run(struct vmx_test_guest *tg, struct vmx_tg_outcome *out, int resume)
{
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < TG_MAX_EXITS_PER_RUN; i++) {
		int got = vmx_test_guest_run(&out->regs, resume);

		restore_kernel_tables();
		if (got != 0) {
			out->vmfail = got;
			if (got == 2)
				out->insn_error = (uint32_t)vmread(VMCS_VM_INSTRUCTION_ERROR);
			return;
		}
		if (!after_exit(tg, out))
			return;
		resume = 1;
	}
	out->unexpected = true;
}

void vmx_test_guest_launch(struct vmx_test_guest *tg, struct vmx_tg_outcome *out)
{
	run(tg, out, 0);
}

void vmx_test_guest_resume(struct vmx_test_guest *tg, struct vmx_tg_outcome *out)
{
	run(tg, out, 1);
}
