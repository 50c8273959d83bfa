#include "lib/vmx/names.h"
#include "include/x86/vmcs.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const exit_reason_names[VMX_EXIT_REASON_COUNT] = {
	[VMX_EXIT_EXCEPTION_OR_NMI] = "exception-or-nmi",
	[VMX_EXIT_EXTERNAL_INTERRUPT] = "external-interrupt",
	[VMX_EXIT_TRIPLE_FAULT] = "triple-fault",
	[VMX_EXIT_INIT_SIGNAL] = "init-signal",
	[VMX_EXIT_SIPI] = "startup-ipi",
	[VMX_EXIT_IO_SMI] = "io-smi",
	[VMX_EXIT_OTHER_SMI] = "other-smi",
	[VMX_EXIT_INTERRUPT_WINDOW] = "interrupt-window",
	[VMX_EXIT_NMI_WINDOW] = "nmi-window",
	[VMX_EXIT_TASK_SWITCH] = "task-switch",
	[VMX_EXIT_CPUID] = "cpuid",
	[VMX_EXIT_GETSEC] = "getsec",
	[VMX_EXIT_HLT] = "hlt",
	[VMX_EXIT_INVD] = "invd",
	[VMX_EXIT_INVLPG] = "invlpg",
	[VMX_EXIT_RDPMC] = "rdpmc",
	[VMX_EXIT_RDTSC] = "rdtsc",
	[VMX_EXIT_RSM] = "rsm",
	[VMX_EXIT_VMCALL] = "vmcall",
	[VMX_EXIT_VMCLEAR] = "vmclear",
	[VMX_EXIT_VMLAUNCH] = "vmlaunch",
	[VMX_EXIT_VMPTRLD] = "vmptrld",
	[VMX_EXIT_VMPTRST] = "vmptrst",
	[VMX_EXIT_VMREAD] = "vmread",
	[VMX_EXIT_VMRESUME] = "vmresume",
	[VMX_EXIT_VMWRITE] = "vmwrite",
	[VMX_EXIT_VMXOFF] = "vmxoff",
	[VMX_EXIT_VMXON] = "vmxon",
	[VMX_EXIT_CR_ACCESS] = "control-register-access",
	[VMX_EXIT_MOV_DR] = "mov-dr",
	[VMX_EXIT_IO_INSTRUCTION] = "io-instruction",
	[VMX_EXIT_RDMSR] = "rdmsr",
	[VMX_EXIT_WRMSR] = "wrmsr",
	[VMX_EXIT_INVALID_GUEST_STATE] = "entry-failed-invalid-guest-state",
	[VMX_EXIT_MSR_LOADING] = "entry-failed-msr-loading",
	[VMX_EXIT_MWAIT] = "mwait",
	[VMX_EXIT_MONITOR_TRAP_FLAG] = "monitor-trap-flag",
	[VMX_EXIT_MONITOR] = "monitor",
	[VMX_EXIT_PAUSE] = "pause",
	[VMX_EXIT_MACHINE_CHECK_IN_ENTRY] = "entry-failed-machine-check",
	[VMX_EXIT_TPR_BELOW_THRESHOLD] = "tpr-below-threshold",
	[VMX_EXIT_APIC_ACCESS] = "apic-access",
	[VMX_EXIT_VIRTUALIZED_EOI] = "virtualized-eoi",
	[VMX_EXIT_GDTR_IDTR_ACCESS] = "gdtr-idtr-access",
	[VMX_EXIT_LDTR_TR_ACCESS] = "ldtr-tr-access",
	[VMX_EXIT_EPT_VIOLATION] = "ept-violation",
	[VMX_EXIT_EPT_MISCONFIG] = "ept-misconfiguration",
	[VMX_EXIT_INVEPT] = "invept",
	[VMX_EXIT_RDTSCP] = "rdtscp",
	[VMX_EXIT_PREEMPTION_TIMER] = "preemption-timer-expired",
	[VMX_EXIT_INVVPID] = "invvpid",
	[VMX_EXIT_WBINVD] = "wbinvd-or-wbnoinvd",
	[VMX_EXIT_XSETBV] = "xsetbv",
	[VMX_EXIT_APIC_WRITE] = "apic-write",
	[VMX_EXIT_RDRAND] = "rdrand",
	[VMX_EXIT_INVPCID] = "invpcid",
	[VMX_EXIT_VMFUNC] = "vmfunc",
	[VMX_EXIT_ENCLS] = "encls",
	[VMX_EXIT_RDSEED] = "rdseed",
	[VMX_EXIT_PML_FULL] = "page-modification-log-full",
	[VMX_EXIT_XSAVES] = "xsaves",
	[VMX_EXIT_XRSTORS] = "xrstors",
	[VMX_EXIT_PCONFIG] = "pconfig",
	[VMX_EXIT_SPP_EVENT] = "spp-related-event",
	[VMX_EXIT_UMWAIT] = "umwait",
	[VMX_EXIT_TPAUSE] = "tpause",
	[VMX_EXIT_LOADIWKEY] = "loadiwkey",
	[VMX_EXIT_ENCLV] = "enclv",
	[VMX_EXIT_ENQCMD_PASID_FAIL] = "enqcmd-pasid-translation-failure",
	[VMX_EXIT_ENQCMDS_PASID_FAIL] = "enqcmds-pasid-translation-failure",
	[VMX_EXIT_BUS_LOCK] = "bus-lock",
	[VMX_EXIT_INSTRUCTION_TIMEOUT] = "instruction-timeout",
};

static const char *const insn_error_names[VMX_ERR_COUNT] = {
	[VMX_ERR_VMCALL_IN_ROOT] = "vmcall-in-vmx-root",
	[VMX_ERR_VMCLEAR_INVALID_ADDR] = "vmclear-invalid-address",
	[VMX_ERR_VMCLEAR_VMXON_POINTER] = "vmclear-vmxon-pointer",
	[VMX_ERR_VMLAUNCH_NOT_CLEAR] = "vmlaunch-non-clear-vmcs",
	[VMX_ERR_VMRESUME_NOT_LAUNCHED] = "vmresume-non-launched-vmcs",
	[VMX_ERR_VMRESUME_AFTER_VMXOFF] = "vmresume-after-vmxoff",
	[VMX_ERR_ENTRY_INVALID_CONTROLS] = "entry-invalid-control-fields",
	[VMX_ERR_ENTRY_INVALID_HOST_STATE] = "entry-invalid-host-state",
	[VMX_ERR_VMPTRLD_INVALID_ADDR] = "vmptrld-invalid-address",
	[VMX_ERR_VMPTRLD_VMXON_POINTER] = "vmptrld-vmxon-pointer",
	[VMX_ERR_VMPTRLD_WRONG_REVISION] = "vmptrld-wrong-revision",
	[VMX_ERR_UNSUPPORTED_FIELD] = "unsupported-vmcs-component",
	[VMX_ERR_VMWRITE_READ_ONLY] = "vmwrite-read-only-component",
	[VMX_ERR_VMXON_IN_ROOT] = "vmxon-in-vmx-root",
	[VMX_ERR_ENTRY_INVALID_EXECUTIVE_VMCS] = "entry-invalid-executive-vmcs-pointer",
	[VMX_ERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS] = "entry-non-launched-executive-vmcs",
	[VMX_ERR_ENTRY_EXECUTIVE_NOT_VMXON] = "entry-executive-vmcs-not-vmxon-pointer",
	[VMX_ERR_VMCALL_NOT_CLEAR] = "vmcall-non-clear-vmcs",
	[VMX_ERR_VMCALL_INVALID_EXIT_CONTROLS] = "vmcall-invalid-exit-controls",
	[VMX_ERR_VMCALL_WRONG_MSEG_REVISION] = "vmcall-wrong-mseg-revision",
	[VMX_ERR_VMXOFF_DUAL_MONITOR] = "vmxoff-under-dual-monitor",
	[VMX_ERR_VMCALL_INVALID_SMM_FEATURES] = "vmcall-invalid-smm-monitor-features",
	[VMX_ERR_ENTRY_INVALID_EXECUTIVE_CONTROLS] = "entry-invalid-executive-controls",
	[VMX_ERR_ENTRY_MOV_SS_BLOCKING] = "entry-events-blocked-by-mov-ss",
	[VMX_ERR_INVEPT_INVVPID_OPERAND] = "invalid-invept-invvpid-operand",
};

const char *vmx_exit_reason_name(uint32_t basic_reason)
{
	if (basic_reason < COUNT(exit_reason_names) && exit_reason_names[basic_reason])
		return exit_reason_names[basic_reason];
	return "unknown-exit-reason";
}

const char *vmx_insn_error_name(uint32_t error)
{
	if (error < COUNT(insn_error_names) && insn_error_names[error])
		return insn_error_names[error];
	return "unknown-vm-instruction-error";
}

const struct vmx_field_name vmx_dump_fields[] = {
	{ VMCS_EXIT_REASON, "EXIT_REASON" },
	{ VMCS_EXIT_QUALIFICATION, "EXIT_QUALIFICATION" },
	{ VMCS_EXIT_INTR_INFO, "VM_EXIT_INTERRUPTION_INFO" },
	{ VMCS_EXIT_INTR_ERROR, "VM_EXIT_INTERRUPTION_ERROR_CODE" },
	{ VMCS_IDT_VECTORING_INFO, "IDT_VECTORING_INFO" },
	{ VMCS_IDT_VECTORING_ERROR, "IDT_VECTORING_ERROR_CODE" },
	{ VMCS_EXIT_INSTRUCTION_LEN, "VM_EXIT_INSTRUCTION_LENGTH" },
	{ VMCS_EXIT_INSTRUCTION_INFO, "VM_EXIT_INSTRUCTION_INFO" },
	{ VMCS_GUEST_LINEAR_ADDRESS, "GUEST_LINEAR_ADDRESS" },
	{ VMCS_GUEST_PHYSICAL_ADDRESS, "GUEST_PHYSICAL_ADDRESS" },
	{ VMCS_VM_INSTRUCTION_ERROR, "VM_INSTRUCTION_ERROR" },
	{ VMCS_GUEST_RIP, "GUEST_RIP" },
	{ VMCS_GUEST_RSP, "GUEST_RSP" },
	{ VMCS_GUEST_RFLAGS, "GUEST_RFLAGS" },
	{ VMCS_GUEST_CR0, "GUEST_CR0" },
	{ VMCS_GUEST_CR3, "GUEST_CR3" },
	{ VMCS_GUEST_CR4, "GUEST_CR4" },
	{ VMCS_GUEST_IA32_EFER, "GUEST_IA32_EFER" },
	{ VMCS_GUEST_CS_SELECTOR, "GUEST_CS_SELECTOR" },
	{ VMCS_GUEST_CS_AR, "GUEST_CS_ACCESS_RIGHTS" },
	{ VMCS_GUEST_SS_SELECTOR, "GUEST_SS_SELECTOR" },
	{ VMCS_GUEST_SS_AR, "GUEST_SS_ACCESS_RIGHTS" },
	{ VMCS_GUEST_TR_SELECTOR, "GUEST_TR_SELECTOR" },
	{ VMCS_GUEST_TR_AR, "GUEST_TR_ACCESS_RIGHTS" },
	{ VMCS_GUEST_GDTR_BASE, "GUEST_GDTR_BASE" },
	{ VMCS_GUEST_GDTR_LIMIT, "GUEST_GDTR_LIMIT" },
	{ VMCS_GUEST_IDTR_BASE, "GUEST_IDTR_BASE" },
	{ VMCS_GUEST_IDTR_LIMIT, "GUEST_IDTR_LIMIT" },
	{ VMCS_GUEST_INTERRUPTIBILITY, "GUEST_INTERRUPTIBILITY_STATE" },
	{ VMCS_GUEST_ACTIVITY_STATE, "GUEST_ACTIVITY_STATE" },
	{ VMCS_PIN_BASED_CTLS, "PIN_BASED_VM_EXEC_CONTROL" },
	{ VMCS_PROC_BASED_CTLS, "CPU_BASED_VM_EXEC_CONTROL" },
	{ VMCS_PROC_BASED_CTLS2, "SECONDARY_VM_EXEC_CONTROL" },
	{ VMCS_EXIT_CTLS, "VM_EXIT_CONTROLS" },
	{ VMCS_ENTRY_CTLS, "VM_ENTRY_CONTROLS" },
	{ VMCS_EXCEPTION_BITMAP, "EXCEPTION_BITMAP" },
};

const size_t vmx_dump_field_count = COUNT(vmx_dump_fields);

const char *vmx_field_name(uint32_t encoding)
{
	for (size_t i = 0; i < vmx_dump_field_count; i++)
		if (vmx_dump_fields[i].encoding == encoding)
			return vmx_dump_fields[i].name;
	return NULL;
}
