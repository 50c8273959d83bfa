/*
 * An exit nobody expects, on the console (exit_report.h): the reason by
 * name with the guest's RIP and the decoded qualification (Intel SDM Vol.
 * 3C 28.2.1 "Basic VM-Exit Information"), then the VMCS dump.
 */
#include "arch/x86/vmx/exit_report.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "include/x86/vmcs.h"
#include "lib/vmx/ept_qual.h"
#include "lib/vmx/names.h"

void vmx_dump_vmcs(uint32_t cpu)
{
	for (size_t i = 0; i < vmx_dump_field_count; i++) {
		uint64_t v;
		if (vmread_checked(vmx_dump_fields[i].encoding, &v) == VMX_OUTCOME_SUCCESS)
			kprintf("vmx: cpu %u   %s=0x%lx\n", cpu, vmx_dump_fields[i].name,
				(unsigned long)v);
		else
			kprintf("vmx: cpu %u   %s unreadable\n", cpu, vmx_dump_fields[i].name);
	}
}

static const char *task_switch_source(uint64_t q)
{
	static const char *const sources[4] = { "CALL", "IRET", "JMP", "task gate in IDT" };
	return sources[VMX_TASK_SWITCH_SOURCE(q)];
}

static const char *entry_failure_detail(uint64_t q)
{
	switch (q) {
	case VMX_ENTRY_QUAL_DEFAULT: return "a guest-state check failed (SDM 27.3)";
	case VMX_ENTRY_QUAL_PDPTE: return "loading the PDPTEs failed";
	case VMX_ENTRY_QUAL_NMI_BLOCKED: return "NMI injection was blocked";
	case VMX_ENTRY_QUAL_LINK_POINTER: return "the VMCS link pointer is invalid";
	default: return "an unlisted qualification";
	}
}

/* One line: the reason by name and what its qualification says. */
void vmx_report_exit(uint32_t cpu, uint32_t reason, uint64_t rip)
{
	uint32_t basic = VMX_EXIT_REASON_BASIC(reason);
	uint64_t q = vmread(VMCS_EXIT_QUALIFICATION);
	char what[160];

	switch (basic) {
	case VMX_EXIT_TASK_SWITCH:
		kprintf("vmx: cpu %u guest exit %s at rip=0x%lx qualification=0x%lx "
			"(to selector 0x%x by %s)\n",
			cpu, vmx_exit_reason_name(basic), (unsigned long)rip, (unsigned long)q,
			(unsigned)VMX_TASK_SWITCH_SELECTOR(q), task_switch_source(q));
		break;
	case VMX_EXIT_EPT_VIOLATION:
		ept_qual_describe(q, what, sizeof(what));
		kprintf("vmx: cpu %u guest exit %s at rip=0x%lx qualification=0x%lx (%s) "
			"guest-physical=0x%lx guest-linear=0x%lx\n",
			cpu, vmx_exit_reason_name(basic), (unsigned long)rip, (unsigned long)q,
			what, (unsigned long)vmread(VMCS_GUEST_PHYSICAL_ADDRESS),
			(unsigned long)vmread(VMCS_GUEST_LINEAR_ADDRESS));
		break;
	case VMX_EXIT_INVALID_GUEST_STATE:
	case VMX_EXIT_MACHINE_CHECK_IN_ENTRY:
		kprintf("vmx: cpu %u VM entry failed: %s (reason 0x%x) qualification=%lu: %s\n",
			cpu, vmx_exit_reason_name(basic), reason, (unsigned long)q,
			basic == VMX_EXIT_INVALID_GUEST_STATE ? entry_failure_detail(q)
							      : "machine check during VM entry");
		break;
	case VMX_EXIT_MSR_LOADING:
		kprintf("vmx: cpu %u VM entry failed: %s (reason 0x%x): entry %lu of the "
			"VM-entry MSR-load list\n",
			cpu, vmx_exit_reason_name(basic), reason, (unsigned long)q);
		break;
	default:
		kprintf("vmx: cpu %u guest exit %s (reason %u) at rip=0x%lx "
			"qualification=0x%lx\n",
			cpu, vmx_exit_reason_name(basic), basic, (unsigned long)rip,
			(unsigned long)q);
	}
}

void vmx_report_current_exit(uint32_t cpu, uint32_t reason)
{
	vmx_report_exit(cpu, reason, vmread(VMCS_GUEST_RIP));
	vmx_dump_vmcs(cpu);
}
