/*
 * The start phase of an OS guest (os_internal.h): the time in which the OS
 * may still start its APs, and so the time the ICR watch (os_sipi.c) must
 * last.  It ends at the first of:
 *  - no AP is left that the OS may start: each has been started, has left
 *    (its launch failed) or was given up from the outset (no unrestricted
 *    guest or wait-for-SIPI state);
 *  - start_phase_ms after the boot processor's launch (TSC time), for an OS
 *    that starts fewer processors than it has (Linux with nosmp or
 *    maxcpus=, a kernel that never starts its APs).  An AP not started by
 *    then is given up: under the watch a later SIPI (CPU hot-add) finds it
 *    in VMX root operation, where a SIPI is ignored, and the OS reports that
 *    the processor did not answer, as for a dead one.  In the wait-for-SIPI
 *    way nothing changes for it (no watch to end): a later SIPI still starts
 *    it.
 * Then the watch ends: the APIC page writable again in the EPT, the ICR's
 * MSR no longer intercepted.  The core that ends it flushes its EPT
 * translations at once, every other core at its next exit, which is the
 * last exit a stale read-only translation can cost it (an EPT violation
 * also drops the translation it used, 29.4.3.1).  Each core's exits up to
 * and including that exit count as its start phase ("boot"), the rest as
 * its steady state: the report's split.
 */
#include "arch/x86/guests/os_internal.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/cpu.h"
#include "arch/x86/tsc.h"

enum phase_end {
	PHASE_RUNNING,
	PHASE_ALL_STARTED,
	PHASE_DEADLINE,
};

static uint64_t launch_tsc, deadline_ticks, end_tsc;
static volatile enum phase_end phase_end = PHASE_RUNNING;

void os_phase_begin(void)
{
	launch_tsc = rdtsc();
	deadline_ticks = os_config.start_phase_ms * (tsc_hz / 1000);
	phase_end = PHASE_RUNNING;
}

/* An AP the OS may still start: it has a guest, and has neither started, left nor been given up. */
static bool ap_pending(uint32_t i)
{
	const struct os_vcpu *v = os_vcpu(i);

	return cpu_table[i]->vmx.os && !v->started &&
	       !__atomic_load_n(&v->left, __ATOMIC_ACQUIRE) && !v->given_up;
}

static bool aps_pending(void)
{
	for (uint32_t i = 1; i < cpu_count; i++)
		if (ap_pending(i))
			return true;
	return false;
}

/* The first core to see the phase over ends it: the watch off, once. */
static void end_phase(enum phase_end how)
{
	enum phase_end running = PHASE_RUNNING;

	if (!__atomic_compare_exchange_n(&phase_end, &running, how, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return;
	end_tsc = rdtsc();
	os_unwatch_icr();
}

/* This core's exits so far are its start phase's; its stale EPT translations go. */
static void become_steady(struct vmx_core *core, struct os_vcpu *v)
{
	const struct vmx_guest *g = core->os;

	vmx_ept_flush();
	v->boot_exits = g->exits;
	for (uint32_t reason = 0; reason < VMX_EXIT_REASON_COUNT; reason++)
		v->boot_counts[reason] = g->host->exit_counts[reason];
	v->steady = true;
}

void os_phase_check(struct vmx_core *core)
{
	struct os_vcpu *v = os_vcpu(vmx_core_cpu(core)->index);

	if (v->steady)
		return;
	if (__atomic_load_n(&phase_end, __ATOMIC_ACQUIRE) == PHASE_RUNNING) {
		if (!aps_pending())
			end_phase(PHASE_ALL_STARTED);
		else if (deadline_ticks && rdtsc() - launch_tsc >= deadline_ticks)
			end_phase(PHASE_DEADLINE);
		else
			return;
	}
	become_steady(core, v);
}

const char *os_phase_end_word(void)
{
	static const char *const words[] = {
		[PHASE_RUNNING] = "running",
		[PHASE_ALL_STARTED] = "all-started",
		[PHASE_DEADLINE] = "deadline",
	};
	return words[phase_end];
}

uint64_t os_phase_end_ms(void)
{
	return phase_end == PHASE_RUNNING || !tsc_hz ? 0 : (end_tsc - launch_tsc) / (tsc_hz / 1000);
}
