/*
 * Why VMX is not in use on a core: the capability check's reasons and the
 * kernel's own failures after it, each with the token the report prints
 * (README, "The report": `cause=<token>`, `problem <token> on ...`) and a
 * sentence a person can act on.  Adding a cause: one enum value here, one
 * row in lib/vmx/cause.c.
 */
#ifndef LIB_VMX_CAUSE_H
#define LIB_VMX_CAUSE_H

enum vmx_cause {
	VMX_CAUSE_NONE, /* nothing failed: no cause to report */

	/* vmx_assess()'s reasons (lib/vmx/assess.c) */
	VMX_CAUSE_VMX_USABLE,
	VMX_CAUSE_NO_CPUID_DATA,
	VMX_CAUSE_NO_VMX_CPUID,
	VMX_CAUSE_NO_VMX_CPUID_HYPERVISOR,
	VMX_CAUSE_AMD_SVM_NOT_SUPPORTED,
	VMX_CAUSE_NO_FEATURE_CONTROL_DATA,
	VMX_CAUSE_FEATURE_CONTROL_LOCKED_OFF,
	VMX_CAUSE_FEATURE_CONTROL_SMX_ONLY,
	VMX_CAUSE_NO_VMX_BASIC_DATA,
	VMX_CAUSE_BASIC_BIT31_SET,
	VMX_CAUSE_REGION_SIZE_INVALID,
	VMX_CAUSE_MEMTYPE_NOT_WB,
	VMX_CAUSE_LAST_CHECK_REASON = VMX_CAUSE_MEMTYPE_NOT_WB,

	/* the kernel's steps after the check (arch/x86/vmx/vmx.c, kernel/report.c) */
	VMX_CAUSE_VMXON_FAILED,
	VMX_CAUSE_FEATURE_CONTROL_WRITE_FAILED,
	VMX_CAUSE_NO_MEMORY_FOR_VMX_REGIONS,
	VMX_CAUSE_VMX_CHECK_TIMED_OUT,
	VMX_CAUSE_VMXOFF_TIMED_OUT,
	VMX_CAUSE_VMX_CHECK_NOT_RUN,

	/* the hyperjacked guest (arch/x86/vmx/launch.c, exit.c, unload.c, guest_checks.c) */
	VMX_CAUSE_GUEST_CONTROL_UNAVAILABLE,
	VMX_CAUSE_GUEST_VMCS_LOAD_FAILED,
	VMX_CAUSE_GUEST_VMCS_WRITE_FAILED,
	VMX_CAUSE_GUEST_STATE_CAPTURE_FAILED,
	VMX_CAUSE_GUEST_LAUNCH_FAILED,
	VMX_CAUSE_GUEST_ENTRY_FAILED,
	VMX_CAUSE_GUEST_UNEXPECTED_EXIT,
	VMX_CAUSE_GUEST_RESUME_FAILED,
	VMX_CAUSE_GUEST_CHECK_FAILED,
	VMX_CAUSE_GUEST_UNLOAD_FAILED,
	VMX_CAUSE_GUEST_STATE_DIFFERS_AFTER_UNLOAD,

	VMX_CAUSE_COUNT
};

/* The token, e.g. "vmxon-failed"; "unknown-cause" outside the enum. */
const char *vmx_cause_name(enum vmx_cause cause);

/* What a person can do about it; never NULL. */
const char *vmx_cause_advice(enum vmx_cause cause);

#endif
