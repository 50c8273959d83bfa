/*
 * VMCS instructions' documented failures, provoked one at a time in VMX root
 * operation with a current VMCS, so each VMfailValid leaves its number in the
 * VM-instruction error field (Intel SDM Vol. 3C 31.4 "VM Instruction Error
 * Numbers"; the instructions' operation in 31.3).  Invalid control, host-state
 * and guest-state fields are provoked on the hyperjacked guest by the test hooks
 * test=guest-bad-control and test=guest-bad-state (tests/integration/t_guest.sh).
 */
#include "arch/x86/vmx/selftest.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/memory.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/names.h"

/* An encoding with reserved bits 31:15 set names no VMCS field (Vol. 3C 25.11.2). */
#define NO_SUCH_FIELD 0x00018000u

struct vmcs_test {
	struct vmx_core *core;
	struct vmx_selftest_counts *counts;
};

static enum vmx_outcome vmresume_now(void)
{
	bool cf, zf;
	__asm__ volatile("vmresume" : "=@ccc"(cf), "=@ccz"(zf) : : "memory");
	return vmx_result(cf, zf);
}

/* VMfailValid with error `want`, read from the current VMCS. */
static void expect_error(struct vmcs_test *t, const char *name, enum vmx_outcome got, uint32_t want)
{
	uint64_t error = 0;

	t->counts->run++;
	if (got == VMX_OUTCOME_FAIL_VALID &&
	    vmread_checked(VMCS_VM_INSTRUCTION_ERROR, &error) == VMX_OUTCOME_SUCCESS &&
	    error == want) {
		kprintf("PASS: %s\n", name);
		return;
	}
	t->counts->failed++;
	kprintf("FAIL: %s (expected VMfailValid, error %u %s; got %s, error %lu)\n", name, want,
		vmx_insn_error_name(want), vmx_outcome_name(got), (unsigned long)error);
}

static void skip_test(struct vmcs_test *t, const char *name, const char *why)
{
	t->counts->run++;
	t->counts->skipped++;
	kprintf("SKIP: %s (%s)\n", name, why);
}

static void run_tests(struct vmcs_test *t, uint64_t wrong_revision)
{
	struct vmx_core *core = t->core;
	union ia32_vmx_misc misc = { .raw = core->caps.misc };
	uint64_t value;

	expect_error(t, "vmclear-vmxon-pointer", vmclear(core->vmxon_phys),
		     VMX_ERR_VMCLEAR_VMXON_POINTER);
	expect_error(t, "vmptrld-vmxon-pointer", vmptrld(core->vmxon_phys),
		     VMX_ERR_VMPTRLD_VMXON_POINTER);
	if (wrong_revision)
		expect_error(t, "vmptrld-wrong-revision", vmptrld(wrong_revision),
			     VMX_ERR_VMPTRLD_WRONG_REVISION);
	else
		skip_test(t, "vmptrld-wrong-revision", "no free page for a second VMCS");
	expect_error(t, "vmresume-clear-vmcs", vmresume_now(), VMX_ERR_VMRESUME_NOT_LAUNCHED);
	expect_error(t, "vmread-unsupported-field", vmread_checked(NO_SUCH_FIELD, &value),
		     VMX_ERR_UNSUPPORTED_FIELD);
	expect_error(t, "vmwrite-unsupported-field", vmwrite_checked(NO_SUCH_FIELD, 0),
		     VMX_ERR_UNSUPPORTED_FIELD);
	if (misc.vmwrite_any_field)
		skip_test(t, "vmwrite-read-only-field",
			  "IA32_VMX_MISC bit 29: VMWRITE may write the exit-information fields");
	else
		expect_error(t, "vmwrite-read-only-field", vmwrite_checked(VMCS_EXIT_REASON, 0),
			     VMX_ERR_VMWRITE_READ_ONLY);
}

void vmx_selftest_vmcs(struct vmx_core *core, struct vmx_selftest_counts *counts)
{
	struct vmcs_test t = { core, counts };
	uint32_t *second = page_alloc(PAGE_SIZE, BELOW_4G);

	if (second)
		second[0] = (core->assessment.revision ^ 1) & 0x7fffffff;
	if (vmx_try_vmxon(core->vmxon_phys) != VMX_OUTCOME_SUCCESS) {
		skip_test(&t, "vmcs-instructions", "VMXON failed");
		return;
	}
	/* A current, clear VMCS: the failures below leave their numbers in it. */
	if (vmclear(core->vmcs_phys) != VMX_OUTCOME_SUCCESS ||
	    vmptrld(core->vmcs_phys) != VMX_OUTCOME_SUCCESS)
		skip_test(&t, "vmcs-instructions", "VMCLEAR or VMPTRLD of the core's VMCS failed");
	else
		run_tests(&t, (uint64_t)(uintptr_t)second);
	vmclear(core->vmcs_phys);
	vmx_try_vmxoff();
}
