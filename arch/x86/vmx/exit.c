/*
 * The C side of a VM exit (Intel SDM Vol. 3C 28 "VM Exits"): count it and
 * hand it to the current guest's kind (kind.h): its handler for the basic
 * exit reason, or, for an exit it has none for, a failed VM entry or a
 * failed VMRESUME, its `unexpected`, which ends the guest.  The dispatcher
 * knows no kind by name: a new kind is a new table.
 */
#include "arch/x86/vmx/exit.h"
#include "arch/x86/vmx/exit_report.h"
#include "arch/x86/vmx/kind.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/percpu.h"
#include "include/x86/vmcs.h"
#include "lib/vmx/names.h"

void vmx_guest_fail(struct vmx_core *core, struct vmx_guest *g, enum vmx_cause cause,
		    const char *error)
{
	g->state = VMX_GUEST_FAILED;
	g->cause = cause;
	g->error = error;
	if (core->cause == VMX_CAUSE_NONE)
		core->cause = cause;
}

uint64_t vmx_exit_dispatch(struct vmx_gprs *r)
{
	struct cpu *cpu = this_cpu();
	struct vmx_core *core = &cpu->vmx;
	struct vmx_guest *g = core->guest;
	const struct vmx_guest_kind *kind = g->kind;
	/* A fault the guest expects is the guest's: the host's own faults are fatal. */
	struct trap_catch *guest_catch = cpu->catch;
	uint32_t reason = (uint32_t)vmread(VMCS_EXIT_REASON);
	uint32_t basic = VMX_EXIT_REASON_BASIC(reason);
	vmx_exit_handler handler;

	cpu->catch = NULL;
	g->exits++;
	if ((reason & VMX_EXIT_REASON_ENTRY_FAIL) || basic >= VMX_EXIT_REASON_COUNT)
		kind->unexpected(core, reason);
	g->host->exit_counts[basic]++;
	core->exit_basic = basic;
	if (kind->on_exit)
		kind->on_exit(core, basic);
	handler = kind->exits[basic];
	if (!handler || !handler(core, r))
		kind->unexpected(core, reason);
	cpu->catch = guest_catch;
	return 0;
}

void vmx_vmresume_failed(uint64_t rflags)
{
	struct vmx_core *core = &this_cpu()->vmx;
	const char *error =
		(rflags & 1) ? "VMfailInvalid"
			     : vmx_insn_error_name((uint32_t)vmread(VMCS_VM_INSTRUCTION_ERROR));

	kprintf("vmx: cpu %u VMRESUME failed: %s\n", vmx_core_cpu(core)->index, error);
	vmx_dump_vmcs(vmx_core_cpu(core)->index);
	vmx_guest_fail(core, core->guest, VMX_CAUSE_GUEST_RESUME_FAILED, error);
	core->guest->kind->unexpected(core, VMX_KIND_RESUME_FAILED);
}
