#include <string.h>
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "arch/x86/trampoline.h"
#include "arch/x86/tsc.h"
#include "arch/x86/console.h"
#include "arch/x86/debug.h"
#include "arch/x86/smp_log.h"
#include "arch/x86/memory.h"
#include "lib/test_hooks.h"
#include "lib/smp_policy.h"

/*
 * An AP is given memory only while this much would be left besides: the
 * boot processor's VMX regions, and page tables for later mappings.  Each
 * AP itself takes at most AP_PAGES (README, docs/measurements.md).
 */
#define RESERVE_PAGES	 16
#define AP_PAGES	 32
/*
 * APIC timer ticks (bus clock / 16) between checks of an AP's halted wait,
 * 0.1-1 s: only a backup for a lost wake-up IPI, and rare enough that
 * hundreds of waiting cores do not swamp an emulator's host.
 */
#define WAIT_TIMER_COUNT 10000000

void ap_entry64(void);
void ap_main(struct cpu *cpu);

/*
 * What the APs run once the boot processor hands them work: set after every
 * AP has arrived or been given up on, so that under an emulator that runs
 * cores in turn an early AP's work does not delay a later AP's start.
 */
static void (*volatile ap_work)(struct cpu *cpu);

/*
 * Every listed processor's struct cpu, in one block taken before any AP's
 * stacks: a core that could not be given a stack is still reported
 * (offline, out-of-memory).
 */
static struct cpu *cpu_storage;

bool smp_alloc_ist_stacks(uint64_t ist_tops[IST_COUNT])
{
	uint64_t guard;

	for (int i = 0; i < IST_COUNT; i++) {
		ist_tops[i] = stack_alloc(IST_STACK_SIZE, &guard);
		if (!ist_tops[i])
			return false;
	}
	return true;
}

static bool memory_for_another_ap(void)
{
	return phys_mem.free_pages >= RESERVE_PAGES + AP_PAGES;
}

/*
 * A core's stacks and tables are made only if it will be started: firmware
 * often lists many hot-plug slots that are not enabled.
 */
static struct cpu *cpu_create(const struct acpi_cpu *entry)
{
	struct cpu *cpu = &cpu_storage[cpu_count - 1];
	uint64_t ist_tops[IST_COUNT];

	cpu->index = cpu_count;
	cpu->apic_id = entry->apic_id;
	cpu->state = CPU_ABSENT;
	cpu->offline_reason = smp_not_startable_reason(entry, apic_x2apic_mode());
	if (cpu->offline_reason)
		return cpu;
	if (!memory_for_another_ap()) {
		cpu->offline_reason = "out-of-memory";
		return cpu;
	}
	cpu->tables = page_alloc(sizeof(*cpu->tables), ANYWHERE);
	cpu->stack_top = stack_alloc(KERNEL_STACK_SIZE, &cpu->guard_page);
	if (!cpu->tables || !cpu->stack_top || !smp_alloc_ist_stacks(ist_tops))
		cpu->offline_reason = "out-of-memory";
	else
		desc_init(cpu->tables, ist_tops); /* here, so the AP only has to load them */
	return cpu;
}

uint32_t smp_add_cpus(const struct acpi_madt_info *madt, uint32_t bsp_apic_id)
{
	uint32_t out_of_memory = 0;

	cpu_storage = page_alloc((uint64_t)madt->listed_count * sizeof(struct cpu), ANYWHERE);
	if (!cpu_storage) {
		kalways("smp: no memory to list the %u processors the MADT names; "
			"continuing with the boot processor alone\n",
			madt->listed_count);
		return madt->listed_count;
	}

	for (uint32_t i = 0; i < madt->listed_count; i++) {
		const struct acpi_cpu *entry = &madt->listed[i];
		struct cpu *cpu;

		if (entry->apic_id == bsp_apic_id || cpu_count == CONFIG_MAX_CPUS)
			continue;
		cpu = cpu_create(entry);
		out_of_memory +=
			cpu->offline_reason && !strcmp(cpu->offline_reason, "out-of-memory");
		smp_log_cpu(cpu);
		cpu_table[cpu_count++] = cpu;
	}
	if (out_of_memory)
		kalways("smp: no memory for %u of the listed processors; they stay offline\n",
			out_of_memory);
	return out_of_memory;
}

static void copy_trampoline(uint64_t page)
{
	struct trampoline_params *params;
	uint32_t efer = X86_EFER_LME;

	if (rdmsr(MSR_IA32_EFER) & X86_EFER_NXE)
		efer |= X86_EFER_NXE;
	memcpy((void *)(uintptr_t)page, trampoline_start, trampoline_end - trampoline_start);
	params = (void *)(uintptr_t)(page + TRAMPOLINE_PARAMS_OFFSET);
	params->cr3 = (uint32_t)read_cr3();
	params->efer = efer;
	params->entry64 = (uint64_t)(uintptr_t)ap_entry64;
}

static bool startable(const struct cpu *cpu)
{
	return cpu->state == CPU_ABSENT && !cpu->offline_reason;
}

static uint32_t count_in_state(uint32_t state)
{
	uint32_t n = 0;
	for (uint32_t i = 1; i < cpu_count; i++)
		n += __atomic_load_n(&cpu_table[i]->state, __ATOMIC_ACQUIRE) == state;
	return n;
}

/* The APs halt until then: the wake-up IPI (or their own timer) brings them to it. */
void smp_run_on_aps(void (*work)(struct cpu *cpu))
{
	__atomic_store_n(&ap_work, work, __ATOMIC_RELEASE);
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->state == CPU_ONLINE)
			apic_send_ipi(cpu_table[i]->apic_id, APIC_ICR_FIXED | APIC_VECTOR_WAKEUP);
}

static uint32_t ipi_vector;

static void ipi_send(void *ctx, enum ipi_kind kind)
{
	uint32_t icr = kind == IPI_INIT ? APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT
					: APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT | ipi_vector;
	(void)ctx;
	for (uint32_t i = 1; i < cpu_count; i++)
		if (__atomic_load_n(&cpu_table[i]->state, __ATOMIC_ACQUIRE) == CPU_STARTING)
			apic_send_ipi(cpu_table[i]->apic_id, icr);
}

static void ipi_delay(void *ctx, uint32_t us)
{
	(void)ctx;
	udelay(us);
}

static uint32_t ipi_starting(void *ctx)
{
	(void)ctx;
	return count_in_state(CPU_STARTING);
}

/*
 * The boot processor polls the TSC and the cores' states: no interrupt has
 * to arrive for the wait to end, so a missing timer or a lost IPI cannot
 * hang the boot.  PAUSE lets an emulator run another core meanwhile.
 */
static void wait_for_arrivals(uint64_t start_tsc, uint64_t timeout_us)
{
	while (count_in_state(CPU_STARTING) && tsc_us_since(start_tsc) < timeout_us)
		cpu_relax();
}

/* A core that never arrived must not wake up later on a stack we gave up on. */
static void give_up_on_latecomers(void)
{
	for (uint32_t i = 1; i < cpu_count; i++) {
		uint32_t starting = CPU_STARTING;
		if (__atomic_compare_exchange_n(&cpu_table[i]->state, &starting, CPU_TIMED_OUT,
						false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			cpu_table[i]->offline_reason = "no-answer-to-init-sipi";
	}
}

void smp_start_aps(uint64_t trampoline_phys, const struct ipi_timing *timing, uint64_t timeout_us,
		   struct smp_bringup *out)
{
	static const struct ipi_sequence_ops ops = { ipi_send, ipi_delay, ipi_starting };

	memset(out, 0, sizeof(*out));
	ipi_vector = (uint32_t)(trampoline_phys >> 12);
	copy_trampoline(trampoline_phys);
	for (uint32_t i = 1; i < cpu_count; i++)
		if (startable(cpu_table[i])) {
			cpu_table[i]->state = CPU_STARTING;
			out->started++;
		}
	if (!out->started)
		return;

	out->first_init_tsc = rdtsc();
	ipi_sequence_run(timing, &ops, NULL);
	wait_for_arrivals(out->first_init_tsc, timeout_us);
	give_up_on_latecomers();

	for (uint32_t i = 1; i < cpu_count; i++) {
		const struct cpu *cpu = cpu_table[i];
		if (cpu->state == CPU_ONLINE || cpu->state == CPU_FAULTED) {
			out->arrived++;
			smp_log_arrival(cpu, out->first_init_tsc);
			if (cpu->online_tsc > out->last_online_tsc)
				out->last_online_tsc = cpu->online_tsc;
		}
	}
	if (out->last_online_tsc > out->first_init_tsc)
		out->bringup_us = (out->last_online_tsc - out->first_init_tsc) * 1000000 / tsc_hz;
}

/*
 * Recursion the compiler cannot turn into a loop: each frame holds a live
 * array, and the depth is only a bound the stack runs out long before.
 */
static __attribute__((noinline)) uint64_t overflow_stack(volatile uint64_t depth)
{
	volatile uint64_t frame[64];

	frame[0] = depth;
	if (depth == UINT64_MAX)
		return frame[0];
	return overflow_stack(depth + 1) + frame[0];
}

void ap_main(struct cpu *cpu)
{
	uint32_t starting = CPU_STARTING;

	percpu_install(cpu);
	desc_load(cpu->tables);
	apic_enable();
	cpu->online_tsc = rdtsc();
	if (!__atomic_compare_exchange_n(&cpu->state, &starting, CPU_ONLINE, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		halt_forever(); /* the boot processor gave up on us */
	debug_point(DEBUG_POINT_AP_START);
	/*
	 * Halted, so that hundreds of waiting cores leave the host's time to
	 * those still starting under an emulator.  Two sources wake it: the
	 * boot processor's IPI and this core's own timer, so a lost IPI only
	 * delays the check.
	 */
	apic_timer_start(WAIT_TIMER_COUNT);
	while (!__atomic_load_n(&ap_work, __ATOMIC_ACQUIRE))
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	apic_timer_stop();
	if (test_hook(TEST_AP_STACK_OVERFLOW) && cpu->index == 1)
		overflow_stack(0);
	ap_work(cpu);
	halt_forever();
}
