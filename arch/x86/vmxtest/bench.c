/*
 * `vmx-bench`: what a VM exit costs (README, "Measurements"): on cpu 0,
 * CPUID in VMX root operation just before VMLAUNCH, then CPUID and VMCALL
 * as the guest, each timed with RDTSC around one instruction, 1000 times;
 * minimum and median in TSC ticks.  Under Bochs the TSC advances with
 * emulated instructions, so the difference is the exit path's own length.
 */
#include "arch/x86/vmxtest/bench.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hook_point.h"

#define BENCH_RUNS 1000

struct bench_result {
	uint32_t min, median;
};

static uint32_t samples[BENCH_RUNS];
static struct bench_result cpuid_root;

static void sort(uint32_t *a, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint32_t v = a[i];
		unsigned j = i;
		for (; j > 0 && a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

static struct bench_result summarise(void)
{
	sort(samples, BENCH_RUNS);
	return (struct bench_result){ samples[0], samples[BENCH_RUNS / 2] };
}

/* RDTSC, fenced by LFENCE so the timed instruction sits between the reads. */
static inline uint64_t tsc_fenced(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi) : : "memory");
	return ((uint64_t)hi << 32) | lo;
}

static struct bench_result time_cpuid(void)
{
	for (unsigned i = 0; i < BENCH_RUNS; i++) {
		uint64_t start = tsc_fenced();
		cpuid(0, 0);
		samples[i] = (uint32_t)(tsc_fenced() - start);
	}
	return summarise();
}

static struct bench_result time_vmcall(void)
{
	for (unsigned i = 0; i < BENCH_RUNS; i++) {
		uint64_t rbx = 0, start = tsc_fenced();
		vmx_hypercall(VMX_HC_VERSION, &rbx);
		samples[i] = (uint32_t)(tsc_fenced() - start);
	}
	return summarise();
}

static void bench_root(enum hook_point at, struct vmx_core *core, void *arg)
{
	(void)at;
	(void)arg;
	if (vmx_core_cpu(core)->index == 0)
		cpuid_root = time_cpuid();
}

static void bench_guest(enum hook_point at, struct vmx_core *core, void *arg)
{
	(void)at;
	(void)arg;
	if (vmx_core_cpu(core)->index != 0)
		return;
	struct bench_result cpuid_guest = time_cpuid(), vmcall = time_vmcall();

	kprintf("bench: cpu 0 tsc ticks over %u runs: cpuid-root min=%u median=%u "
		"cpuid-guest min=%u median=%u vmcall min=%u median=%u\n",
		BENCH_RUNS, cpuid_root.min, cpuid_root.median, cpuid_guest.min, cpuid_guest.median,
		vmcall.min, vmcall.median);
}

void vmx_bench_arm(void)
{
	hook_point_arm(HOOK_BEFORE_LAUNCH, bench_root);
	hook_point_arm(HOOK_AS_GUEST, bench_guest);
}
