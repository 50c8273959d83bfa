/* lib/vmx/exit_length.h: which exits may be skipped by their instruction length. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "lib/vmx/exit_length.h"

static void instructions_have_a_length(void **state)
{
	(void)state;
	static const uint32_t with[] = { VMX_EXIT_CPUID,	  VMX_EXIT_GETSEC, VMX_EXIT_HLT,
					 VMX_EXIT_INVD,		  VMX_EXIT_VMCALL, VMX_EXIT_VMXON,
					 VMX_EXIT_CR_ACCESS,	  VMX_EXIT_RDMSR,  VMX_EXIT_WRMSR,
					 VMX_EXIT_IO_INSTRUCTION, VMX_EXIT_XSETBV, VMX_EXIT_INVVPID,
					 VMX_EXIT_VMFUNC,	  VMX_EXIT_XSAVES, VMX_EXIT_XRSTORS,
					 VMX_EXIT_ENCLV };
	for (size_t i = 0; i < sizeof(with) / sizeof(with[0]); i++)
		assert_true(vmx_exit_has_instruction_length(with[i]));
}

static void events_have_none(void **state)
{
	(void)state;
	static const uint32_t without[] = {
		VMX_EXIT_EXCEPTION_OR_NMI,
		VMX_EXIT_EXTERNAL_INTERRUPT,
		VMX_EXIT_TRIPLE_FAULT,
		VMX_EXIT_INIT_SIGNAL,
		VMX_EXIT_SIPI,
		VMX_EXIT_INTERRUPT_WINDOW,
		VMX_EXIT_TASK_SWITCH,
		VMX_EXIT_INVALID_GUEST_STATE,
		VMX_EXIT_MSR_LOADING,
		VMX_EXIT_MONITOR_TRAP_FLAG,
		VMX_EXIT_EPT_VIOLATION,
		VMX_EXIT_EPT_MISCONFIG,
		VMX_EXIT_PREEMPTION_TIMER,
		VMX_EXIT_APIC_WRITE,
		VMX_EXIT_PML_FULL,
		VMX_EXIT_SPP_EVENT,
		VMX_EXIT_BUS_LOCK,
		VMX_EXIT_INSTRUCTION_TIMEOUT,
	};
	for (size_t i = 0; i < sizeof(without) / sizeof(without[0]); i++)
		assert_false(vmx_exit_has_instruction_length(without[i]));
}

/* Past the highest reason, and far past any bitmap: never a length. */
static void out_of_range_has_none(void **state)
{
	(void)state;
	assert_false(vmx_exit_has_instruction_length(VMX_EXIT_REASON_COUNT));
	assert_false(vmx_exit_has_instruction_length(127));
	assert_false(vmx_exit_has_instruction_length(128));
	assert_false(vmx_exit_has_instruction_length(0xffffffffu));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(instructions_have_a_length),
		cmocka_unit_test(events_have_none),
		cmocka_unit_test(out_of_range_has_none),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
