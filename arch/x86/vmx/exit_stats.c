/*
 * The exit profile (exit_stats.h).  Armed, exit_entry.asm's indirect call
 * reaches dispatch_timed(), which reads the TSC around the one dispatcher
 * (exit.c) and records the ticks under the exit's basic reason in this
 * core's fixed buffer (lib/vmx/exit_profile.h), and counts the exit in the
 * timeline's bucket of its second.  Not armed, the call goes to
 * vmx_exit_dispatch directly and nothing here runs: the exit path is as
 * long as without it.  The ticks are the handler's alone, VM exit and
 * entry and the register saves excluded; an exit that ends the guest (and
 * does not return) is not timed.  The buffers are allocated before any
 * guest's memory is set aside, so an OS guest's EPT hides them.
 */
#include "arch/x86/vmx/exit_stats.h"
#include "arch/x86/vmx/exit.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/memory.h"
#include "arch/x86/percpu.h"
#include "arch/x86/tsc.h"
#include "lib/vmx/exit_profile.h"
#include "lib/vmx/names.h"

#define TIMELINE_BUCKETS 512

uint64_t (*vmx_exit_dispatcher)(struct vmx_gprs *gprs) = vmx_exit_dispatch;

static struct exit_profile_reason *profiles; /* cpu_count rows of VMX_EXIT_REASON_COUNT */
static uint32_t (*timeline)[VMX_EXIT_REASON_COUNT];
static uint64_t timeline_start, bucket_ticks;
static uint32_t profiled_cpus;

static struct exit_profile_reason *profile_of(uint32_t cpu, uint32_t reason)
{
	return &profiles[(uint64_t)cpu * VMX_EXIT_REASON_COUNT + reason];
}

static uint64_t dispatch_timed(struct vmx_gprs *gprs)
{
	uint64_t start = rdtsc(), ticks;
	struct cpu *cpu = this_cpu();
	uint32_t basic;

	vmx_exit_dispatch(gprs);
	ticks = rdtsc() - start;
	basic = cpu->vmx.exit_basic;
	if (cpu->index < profiled_cpus && basic < VMX_EXIT_REASON_COUNT) {
		exit_profile_record(profile_of(cpu->index, basic), ticks);
		__atomic_fetch_add(&timeline[exit_timeline_bucket(timeline_start, bucket_ticks,
								  TIMELINE_BUCKETS, start)][basic],
				   1, __ATOMIC_RELAXED);
	}
	return 0;
}

bool vmx_exit_stats_arm(void)
{
	profiles = page_alloc((uint64_t)cpu_count * VMX_EXIT_REASON_COUNT * sizeof(*profiles),
			      ANYWHERE);
	timeline = page_alloc(TIMELINE_BUCKETS * sizeof(*timeline), ANYWHERE);
	if (!profiles || !timeline) {
		kalways("exit-stats: no memory for the profile; not kept\n");
		return false;
	}
	profiled_cpus = cpu_count;
	timeline_start = rdtsc();
	bucket_ticks = tsc_hz ? tsc_hz : 1;
	__atomic_store_n(&vmx_exit_dispatcher, dispatch_timed, __ATOMIC_RELEASE);
	return true;
}

/* The reason with the most exits on this core not yet printed (below `below`, or equal and later). */
static int next_reason(uint32_t cpu, uint64_t below, int after)
{
	int best = -1;

	for (int r = 0; r < VMX_EXIT_REASON_COUNT; r++) {
		uint64_t n = profile_of(cpu, (uint32_t)r)->count;
		bool fits = n < below || (n == below && r > after);
		if (n && fits && (best < 0 || n > profile_of(cpu, (uint32_t)best)->count))
			best = r;
	}
	return best;
}

static void report_core(uint32_t cpu)
{
	uint64_t total = 0, below = UINT64_MAX;
	int r = -1;

	for (uint32_t i = 0; i < VMX_EXIT_REASON_COUNT; i++)
		total += profile_of(cpu, i)->count;
	if (!total)
		return;
	while ((r = next_reason(cpu, below, r)) >= 0) {
		const struct exit_profile_reason *p = profile_of(cpu, (uint32_t)r);
		uint32_t share = exit_profile_permille(p->count, total);
		kprintf("exit-stats cpu=%u reason=%s count=%lu share=%u.%u%% min=%u median=%u "
			"max=%u\n",
			cpu, vmx_exit_reason_name((uint32_t)r), (unsigned long)p->count, share / 10,
			share % 10, p->min, exit_profile_median(p), p->max);
		below = p->count;
	}
}

static void report_timeline(void)
{
	uint32_t last = 0;

	for (uint32_t b = 0; b < TIMELINE_BUCKETS; b++)
		for (uint32_t r = 0; r < VMX_EXIT_REASON_COUNT; r++)
			if (timeline[b][r])
				last = b;
	kprintf("exit-stats-timeline seconds=%u bucket-ms=1000 tsc-hz=%lu\n", last + 1,
		(unsigned long)tsc_hz);
	for (uint32_t b = 0; b <= last; b++) {
		kprintf("exit-stats-second t=%u", b);
		for (uint32_t r = 0; r < VMX_EXIT_REASON_COUNT; r++)
			if (timeline[b][r])
				kprintf(" %s=%u", vmx_exit_reason_name(r), timeline[b][r]);
		kprintf("\n");
	}
}

void vmx_exit_stats_report(void)
{
	if (!profiled_cpus)
		return;
	for (uint32_t cpu = 0; cpu < profiled_cpus; cpu++)
		report_core(cpu);
	report_timeline();
}
