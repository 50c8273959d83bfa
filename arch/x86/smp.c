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

/*
 * The MP initialisation protocol's waits (SDM 3A 9.4.4.1): 10 ms after
 * INIT, 200 us after each SIPI.  They are paid once for all APs, because
 * every AP is sent each IPI before the kernel waits.
 */
#define INIT_DELAY_US	 10000
#define SIPI_DELAY_US	 200
/* APIC timer ticks (bus clock / 16) between checks of a halted wait: ~1-10 ms. */
#define WAIT_TIMER_COUNT 100000

void ap_entry64(void);
void ap_main(struct cpu *cpu);

/*
 * What the APs run once the boot processor hands them work: set after every
 * AP has arrived or been given up on, so that under an emulator that runs
 * cores in turn an early AP's work does not delay a later AP's start.
 */
static void (*volatile ap_work)(struct cpu *cpu);

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

/* Why a listed processor will not be started, or NULL if it will be. */
static const char *not_startable_reason(const struct acpi_cpu *entry)
{
	if (!entry->enabled)
		return "not-enabled-by-firmware";
	if (!apic_x2apic_mode() && entry->apic_id > 254)
		return "apic-id-needs-x2apic";
	return NULL;
}

/*
 * A core's stacks and tables are made only if it will be started: firmware
 * often lists many hot-plug slots that are not enabled.
 */
static struct cpu *cpu_create(const struct acpi_cpu *entry)
{
	struct cpu *cpu = page_alloc(sizeof(*cpu), ANYWHERE);
	uint64_t ist_tops[IST_COUNT];

	if (!cpu)
		return NULL;
	cpu->index = cpu_count;
	cpu->apic_id = entry->apic_id;
	cpu->state = CPU_ABSENT;
	cpu->offline_reason = not_startable_reason(entry);
	if (cpu->offline_reason)
		return cpu;
	cpu->tables = page_alloc(sizeof(*cpu->tables), ANYWHERE);
	cpu->stack_top = stack_alloc(KERNEL_STACK_SIZE, &cpu->guard_page);
	if (!cpu->tables || !cpu->stack_top || !smp_alloc_ist_stacks(ist_tops))
		cpu->offline_reason = "out-of-memory";
	else
		desc_init(cpu->tables, ist_tops); /* here, so the AP only has to load them */
	return cpu;
}

bool smp_add_cpus(const struct acpi_madt_info *madt, uint32_t bsp_apic_id)
{
	for (uint32_t i = 0; i < madt->listed_count; i++) {
		const struct acpi_cpu *entry = &madt->listed[i];
		struct cpu *cpu;

		if (entry->apic_id == bsp_apic_id || cpu_count == CONFIG_MAX_CPUS)
			continue;
		cpu = cpu_create(entry);
		if (!cpu) {
			kalways("smp: out of memory for cpu %u (apic %u) and those after it\n",
				cpu_count, entry->apic_id);
			return false;
		}
		smp_log_cpu(cpu);
		cpu_table[cpu_count++] = cpu;
	}
	return true;
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

static void send_to_starting(uint32_t icr)
{
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->state == CPU_STARTING)
			apic_send_ipi(cpu_table[i]->apic_id, icr);
}

static uint32_t count_in_state(uint32_t state)
{
	uint32_t n = 0;
	for (uint32_t i = 1; i < cpu_count; i++)
		n += __atomic_load_n(&cpu_table[i]->state, __ATOMIC_ACQUIRE) == state;
	return n;
}

/* The APs halt until then: the wake-up IPI brings them to it. */
void smp_run_on_aps(void (*work)(struct cpu *cpu))
{
	__atomic_store_n(&ap_work, work, __ATOMIC_RELEASE);
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->state == CPU_ONLINE)
			apic_send_ipi(cpu_table[i]->apic_id, APIC_ICR_FIXED | APIC_VECTOR_WAKEUP);
}

/*
 * The boot processor halts between checks: each arriving AP wakes it with
 * an IPI, and the APIC timer bounds the wait if none comes.  A spinning
 * boot processor would take a host core from the APs under an emulator.
 */
static void wait_for_arrivals(uint64_t start_tsc, uint64_t timeout_us)
{
	apic_timer_start(WAIT_TIMER_COUNT);
	while (count_in_state(CPU_STARTING) && tsc_us_since(start_tsc) < timeout_us)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	apic_timer_stop();
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

void smp_start_aps(uint64_t trampoline_phys, uint64_t timeout_us, struct smp_bringup *out)
{
	uint32_t vector = (uint32_t)(trampoline_phys >> 12);

	memset(out, 0, sizeof(*out));
	copy_trampoline(trampoline_phys);
	for (uint32_t i = 1; i < cpu_count; i++)
		if (startable(cpu_table[i])) {
			cpu_table[i]->state = CPU_STARTING;
			out->started++;
		}
	if (!out->started)
		return;

	out->first_init_tsc = rdtsc();
	send_to_starting(APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	udelay(INIT_DELAY_US);
	send_to_starting(APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT | vector);
	udelay(SIPI_DELAY_US);
	send_to_starting(APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT | vector);
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
	apic_send_ipi(cpu_table[0]->apic_id, APIC_ICR_FIXED | APIC_VECTOR_WAKEUP);
	while (!__atomic_load_n(&ap_work, __ATOMIC_ACQUIRE))
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	if (test_hook(TEST_AP_STACK_OVERFLOW) && cpu->index == 1)
		overflow_stack(0);
	ap_work(cpu);
	halt_forever();
}
