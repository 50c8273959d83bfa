/*
 * The hypercall interface every guest shares (README, "Hypercalls"):
 * VMCALL with the function number in RAX and the result in RAX.  Only a
 * guest kernel (CPL 0) may call; VMCALL from CPL 3 gets #UD, as on a
 * processor without a hypervisor.  Unloading the hypervisor is the
 * hyperjacked kernel's alone (guests/hyperjack_unload.c): any other guest
 * gets "unknown function" for it.
 */
#include "arch/x86/vmx/handlers.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vcpu.h"
#include "include/x86/exceptions.h"

bool vmx_handle_vmcall(struct vmx_core *core, struct vmx_gprs *r)
{
	struct vmx_guest *g = core->guest;

	if (vcpu_cpl() != 0) {
		vcpu_inject_exception(X86_VEC_UD, false);
		return true;
	}
	switch (r->rax) {
	case VMX_HC_VERSION: r->rax = VMX_HC_INTERFACE_VERSION; break;
	case VMX_HC_EXIT_COUNTS:
		r->rax = g->exits;
		r->rbx = r->rbx < VMX_EXIT_REASON_COUNT ? g->host->exit_counts[r->rbx] : 0;
		break;
	default: r->rax = VMX_HC_UNKNOWN; break;
	}
	return vcpu_skip_instruction(core);
}
