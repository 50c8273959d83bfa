/* The cause tokens and their advice, side by side: one row per cause. */
#include "lib/vmx/cause.h"

struct cause_text {
	const char *token;
	const char *advice;
};

static const struct cause_text causes[VMX_CAUSE_COUNT] = {
	[VMX_CAUSE_NONE] = { "none", "Nothing failed: nothing to do." },
	[VMX_CAUSE_VMX_USABLE] = { "vmx-usable",
				   "VT-x is present, enabled and usable: nothing to do." },
	[VMX_CAUSE_NO_CPUID_DATA] = { "no-cpuid-data",
				      "CPUID was not available: run vmxcheck on the machine itself, "
				      "or supply a dump that includes CPUID_01H_ECX." },
	[VMX_CAUSE_NO_VMX_CPUID] = { "no-vmx-cpuid",
				     "This processor does not implement Intel VT-x (CPUID.1:ECX.VMX "
				     "is 0): run the hypervisor on an Intel processor with VT-x, or "
				     "in Bochs, which emulates VT-x." },
	[VMX_CAUSE_NO_VMX_CPUID_HYPERVISOR] = { "no-vmx-cpuid-hypervisor",
						"This system is a virtual machine whose hypervisor hides VT-x: enable nested "
						"virtualization (on a KVM host load kvm_intel with nested=1 and start QEMU with "
						"-cpu host), or use Bochs, which emulates VT-x." },
	[VMX_CAUSE_AMD_SVM_NOT_SUPPORTED] = { "amd-svm-not-supported",
					      "This is an AMD processor: its AMD-V (SVM) is a different technology from Intel "
					      "VT-x and this hypervisor does not use it; run the hypervisor on an Intel "
					      "processor with VT-x, or in Bochs, which emulates VT-x." },
	[VMX_CAUSE_NO_FEATURE_CONTROL_DATA] = { "no-feature-control-data",
						"IA32_FEATURE_CONTROL could not be read, so whether firmware enabled VT-x is "
						"unknown: on Linux run 'sudo modprobe msr' and run vmxcheck as root, or supply a "
						"dump that includes it." },
	[VMX_CAUSE_FEATURE_CONTROL_LOCKED_OFF] = { "feature-control-locked-off",
						   "Firmware disabled VT-x and locked it off: enable \"Intel Virtualization "
						   "Technology\" (VT-x) in the firmware setup, save, then power the machine off "
						   "completely, since the lock bit only clears on a power-on reset." },
	[VMX_CAUSE_FEATURE_CONTROL_SMX_ONLY] = { "feature-control-smx-only",
						 "Firmware enabled VT-x only for Intel TXT measured launches and locked it: enable "
						 "plain \"Intel Virtualization Technology\" (VT-x) in the firmware setup, save, "
						 "then power the machine off completely, since the lock bit only clears on a "
						 "power-on reset." },
	[VMX_CAUSE_NO_VMX_BASIC_DATA] = { "no-vmx-basic-data",
					  "IA32_VMX_BASIC could not be read, so the VMCS format is unknown: on Linux run "
					  "'sudo modprobe msr' and run vmxcheck as root, or supply a dump that includes "
					  "it." },
	[VMX_CAUSE_BASIC_BIT31_SET] = { "basic-bit31-set",
					"IA32_VMX_BASIC has bit 31 set, which the SDM says never happens: the processor "
					"or the hypervisor below is misreporting VT-x; update the microcode or the host "
					"hypervisor, or use another machine." },
	[VMX_CAUSE_REGION_SIZE_INVALID] = { "region-size-invalid",
					    "IA32_VMX_BASIC reports a VMCS size outside 1-4096 bytes, which the SDM does not "
					    "allow: the hypervisor below is misreporting VT-x; update it, or use another "
					    "machine." },
	[VMX_CAUSE_MEMTYPE_NOT_WB] = { "memtype-not-wb",
				       "IA32_VMX_BASIC asks for VMX structures in a memory type other than write-back, "
				       "which this hypervisor does not support: use a processor (or host hypervisor) "
				       "that reports write-back." },
	[VMX_CAUSE_VMXON_FAILED] = { "vmxon-failed",
				     "VMXON failed although every capability check passed (vmxon-error says how): "
				     "firmware may be using VT-x itself (SMM dual-monitor treatment, an Intel TXT "
				     "launch) or a hypervisor below emulates it incompletely; update the firmware, "
				     "and boot with vmx-dump to see the capabilities." },
	[VMX_CAUSE_FEATURE_CONTROL_WRITE_FAILED] = { "feature-control-write-failed",
						     "IA32_FEATURE_CONTROL was unlocked but did not keep VMX enabled and locked: "
						     "enable \"Intel Virtualization Technology\" (VT-x) in the firmware setup so "
						     "that firmware locks it on, then power the machine off completely." },
	[VMX_CAUSE_NO_MEMORY_FOR_VMX_REGIONS] = { "no-memory-for-vmx-regions",
						  "No free page was left for this core's VMXON and VMCS regions (below 4 GiB "
						  "where IA32_VMX_BASIC requires it): give the machine more memory." },
	[VMX_CAUSE_VMX_CHECK_TIMED_OUT] = { "vmx-check-timed-out",
					    "The core did not finish its VMX check in time: raise ap-timeout-ms= on the "
					    "kernel command line; if it still does not finish, the core is hung, which "
					    "is worth reporting with the serial log." },
	[VMX_CAUSE_VMXOFF_TIMED_OUT] = { "vmxoff-timed-out",
					 "The core did not confirm VMXOFF in time: raise ap-timeout-ms= on the kernel "
					 "command line; if it persists, report it with the serial log." },
	[VMX_CAUSE_VMX_CHECK_NOT_RUN] = { "vmx-check-not-run",
					  "The VMX check never ran on this core because the boot stopped before it: "
					  "the messages above say why." },
	[VMX_CAUSE_GUEST_CONTROL_UNAVAILABLE] = { "guest-control-unavailable",
						  "The processor does not allow a VM-execution, VM-exit or VM-entry control the "
						  "hyperjack needs (named above and in guest-error): the kernel cannot run as a guest "
						  "here; boot with no-guest, and with vmx-dump to see the capabilities." },
	[VMX_CAUSE_GUEST_VMCS_LOAD_FAILED] = { "guest-vmcs-load-failed",
					       "VMCLEAR or VMPTRLD of the core's VMCS failed although VMXON succeeded: report it "
					       "with the serial log; no-guest avoids it." },
	[VMX_CAUSE_GUEST_VMCS_WRITE_FAILED] = { "guest-vmcs-write-failed",
						"Filling the VMCS failed (the field and the VM-instruction error are above): report "
						"it with the serial log; no-guest avoids it." },
	[VMX_CAUSE_GUEST_STATE_CAPTURE_FAILED] = { "guest-state-capture-failed",
						   "A segment selector of the running kernel lies outside its GDT: a kernel bug worth "
						   "reporting with the serial log." },
	[VMX_CAUSE_GUEST_LAUNCH_FAILED] = { "guest-launch-failed",
					    "VMLAUNCH failed (guest-error names the VM-instruction error): the VMCS's controls or "
					    "host state are not what this processor accepts; report it with the serial log and "
					    "boot with no-guest meanwhile." },
	[VMX_CAUSE_GUEST_ENTRY_FAILED] = { "guest-entry-failed",
					   "VM entry failed on the guest state or on loading it (the VMCS dump above shows the "
					   "fields): report it with the serial log and boot with no-guest meanwhile." },
	[VMX_CAUSE_GUEST_UNEXPECTED_EXIT] = { "guest-unexpected-exit",
					      "The guest made a VM exit the hypervisor does not handle (named in guest-error, with "
					      "the guest's RIP and a VMCS dump above); the core left its guest. Report it with the "
					      "serial log." },
	[VMX_CAUSE_GUEST_RESUME_FAILED] = { "guest-resume-failed",
					    "VMRESUME failed after an exit was handled: the handler left the VMCS inconsistent; "
					    "report it with the serial log." },
	[VMX_CAUSE_GUEST_CHECK_FAILED] = { "guest-check-failed",
					   "As a guest, the kernel did not see its hypervisor answer as it should (the check "
					   "is named in guest-error and above): report it with the serial log." },
	[VMX_CAUSE_GUEST_UNLOAD_FAILED] = { "guest-unload-failed",
					    "The unload hypercall could not leave VMX operation (guest-error names VMXOFF's "
					    "outcome): report it with the serial log." },
	[VMX_CAUSE_GUEST_STATE_DIFFERS_AFTER_UNLOAD] = { "guest-state-differs-after-unload",
							 "After the unload a register differed from its value before launch (named above): "
							 "the unload path is incomplete; report it with the serial log." },
};

static const struct cause_text *text_of(enum vmx_cause cause)
{
	if ((unsigned)cause >= VMX_CAUSE_COUNT || !causes[cause].token)
		return 0;
	return &causes[cause];
}

const char *vmx_cause_name(enum vmx_cause cause)
{
	const struct cause_text *t = text_of(cause);

	return t ? t->token : "unknown-cause";
}

const char *vmx_cause_advice(enum vmx_cause cause)
{
	const struct cause_text *t = text_of(cause);

	return t ? t->advice : "No advice for this result: see the decode above.";
}
