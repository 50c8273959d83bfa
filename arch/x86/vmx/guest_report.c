/* What the report says about each core's guest, and what to do about a failure. */
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmx.h"

bool vmx_guest_ok(const struct vmx_core *core)
{
	const struct vmx_guest *g = core->guest;

	if (!g || g->cause != VMX_CAUSE_NONE)
		return false;
	return g->state == VMX_GUEST_BACK ||
	       (g->state == VMX_GUEST_RUNNING && vmx_guest_mode == VMX_GUEST_MODE_STAY);
}

const char *vmx_guest_state_word(const struct vmx_core *core)
{
	if (!core->guest || core->guest->state == VMX_GUEST_SKIPPED)
		return "skipped";
	return vmx_guest_ok(core) ? "ok" : "failed";
}

uint32_t vmm_count_guests(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < cpu_count; i++)
		n += vmx_guest_ok(&cpu_table[i]->vmx) && cpu_table[i]->state == CPU_ONLINE;
	return n;
}

const char *vmm_guest_signature(void)
{
	for (uint32_t i = 0; i < cpu_count; i++) {
		const struct vmx_guest *g = cpu_table[i]->vmx.guest;
		if (g && g->signature[0])
			return g->signature;
	}
	return NULL;
}
