/*
 * The hypercall interface (README, "Hypercalls"): VMCALL with the function
 * number in RAX and the result in RAX.  Only the guest kernel (CPL 0) may
 * call; VMCALL from CPL 3 gets #UD, as on a processor without a hypervisor.
 */
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/trap.h"
#include "include/x86/vmcs.h"

bool vmx_handle_vmcall(struct vmx_core *core, struct vmx_gprs *r)
{
	struct vmx_guest *g = core->guest;

	if (vmx_guest_cpl() != 0) {
		vmx_inject_exception(X86_VEC_UD, false);
		return true;
	}
	switch (r->rax) {
	case VMX_HC_VERSION: r->rax = VMX_HC_INTERFACE_VERSION; break;
	case VMX_HC_EXIT_COUNTS:
		r->rax = g->exits;
		r->rbx = r->rbx < VMX_EXIT_REASON_COUNT ? g->host->exit_counts[r->rbx] : 0;
		break;
	case VMX_HC_UNLOAD: vmx_unload_from_exit(core, r);
	default: r->rax = VMX_HC_UNKNOWN; break;
	}
	vmx_skip_instruction();
	return true;
}
