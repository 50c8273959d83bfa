/* What the report says about each core's hyperjacked guest. */
#include "arch/x86/guests/hyperjack.h"

bool hyperjack_ok(const struct vmx_core *core)
{
	const struct vmx_guest *g = core->hyperjack;

	if (!g || g->cause != VMX_CAUSE_NONE)
		return false;
	return g->state == VMX_GUEST_BACK ||
	       (g->state == VMX_GUEST_RUNNING && hyperjack_mode() == HYPERJACK_STAY);
}

const char *hyperjack_state_word(const struct vmx_core *core)
{
	if (!core->hyperjack || core->hyperjack->state == VMX_GUEST_SKIPPED)
		return "skipped";
	return hyperjack_ok(core) ? "ok" : "failed";
}

uint32_t hyperjack_count_ok(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < cpu_count; i++)
		n += hyperjack_ok(&cpu_table[i]->vmx) && cpu_table[i]->state == CPU_ONLINE;
	return n;
}

const char *hyperjack_signature(void)
{
	for (uint32_t i = 0; i < cpu_count; i++) {
		const struct vmx_guest *g = cpu_table[i]->vmx.hyperjack;
		if (g && g->signature[0])
			return g->signature;
	}
	return NULL;
}
