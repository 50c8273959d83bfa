/*
 * The Linux guest's run (arch/x86/vmx/linux.h): preparing every core's
 * guest, the launch on the boot processor and on the APs, and the end:
 * whichever core sees Linux end (power-off, reset, triple fault, an exit
 * nobody handles) records how; the boot processor then stops every AP with
 * INIT (an INIT exit, 26.2) and a SIPI for those still waiting for one,
 * and each core leaves VMX operation and returns from its launch.
 */
#include <string.h>

#include "arch/x86/vmx/linux_internal.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/memory.h"
#include "arch/x86/tsc.h"
#include "include/x86/vmcs.h"
#include "lib/vmx/names.h"

/* How long an AP gets to leave its guest once told to, and the INIT-to-SIPI gap. */
#define STOP_TIMEOUT_US 200000
#define INIT_TO_SIPI_US 10000
#define TSS_DESC_BUSY	(1ull << 41)

struct vmx_linux_config vmx_linux_config;
static uint8_t *io_bitmap;
static volatile bool go, cancelled;
static enum vmx_linux_end end_how = VMX_LINUX_RUNNING;
static volatile uint32_t cpus_started;

const char *vmx_linux_end_name(enum vmx_linux_end end)
{
	static const char *const names[] = {
		[VMX_LINUX_RUNNING] = "running",
		[VMX_LINUX_POWEROFF] = "poweroff",
		[VMX_LINUX_REBOOT] = "reboot",
		[VMX_LINUX_SLEEP] = "sleep",
		[VMX_LINUX_TRIPLE_FAULT] = "triple-fault",
		[VMX_LINUX_FAILED] = "failed",
	};
	return (unsigned)end < sizeof(names) / sizeof(names[0]) ? names[end] : "unknown";
}

uint64_t vmx_linux_io_bitmap_phys(void)
{
	return (uint64_t)(uintptr_t)io_bitmap;
}

bool vmx_linux_ending(void)
{
	return __atomic_load_n(&end_how, __ATOMIC_ACQUIRE) != VMX_LINUX_RUNNING;
}

/* ---- Preparation (boot processor) -------------------------------------- */

static void io_bitmap_set(uint16_t port)
{
	io_bitmap[port / 8] |= (uint8_t)(1u << (port % 8));
}

/* A core's Linux guest shares its hyperjack's host stack, tables and MSR bitmap. */
static bool alloc_linux_guest(struct vmx_core *core)
{
	struct vmx_guest *g;

	if (!core->guest && !vmx_guest_alloc(core))
		return false;
	g = page_alloc(sizeof(*g), ANYWHERE);
	if (!g)
		return false;
	/* Allocated after the EPT build, but hidden from Linux with the rest it keeps. */
	g->host = page_alloc(sizeof(*g->host), ANYWHERE);
	if (!g->host)
		return false;
	g->host->host_stack_top = core->guest->host->host_stack_top;
	g->host->host_tables = core->guest->host->host_tables;
	g->host->msr_bitmap_phys = core->guest->host->msr_bitmap_phys;
	g->host->xcr0_supported = core->guest->host->xcr0_supported;
	g->linux_guest = true;
	g->state = VMX_GUEST_SKIPPED;
	core->os_guest = g;
	return true;
}

static bool fail(const char **why, const char *reason)
{
	*why = reason;
	kalways("linux: cannot run Linux as the guest: %s\n", reason);
	return false;
}

bool vmx_linux_prepare(const char **why)
{
	struct vmx_core *bsp = &cpu_table[0]->vmx;

	if (bsp->vmxon != VMX_OUTCOME_SUCCESS || bsp->vmxoff != VMX_OUTCOME_SUCCESS)
		return fail(why, "cpu 0 has no usable VMX root operation");
	if (!vmx_ept_pointer)
		return fail(why, "no EPT, which hides the hypervisor's memory from Linux");
	io_bitmap = page_alloc(2 * PAGE_SIZE, BELOW_4G);
	if (!io_bitmap)
		return fail(why, "no memory for the I/O bitmaps");
	for (uint32_t i = 0; i < cpu_count; i++) {
		struct vmx_core *core = &cpu_table[i]->vmx;
		core->sipi_vector = -1;
		if (cpu_table[i]->state != CPU_ONLINE || core->vmxoff != VMX_OUTCOME_SUCCESS)
			continue;
		if (!alloc_linux_guest(core)) {
			if (i == 0)
				return fail(why, "no memory for cpu 0's guest state");
			kalways("linux: cpu %u: no memory for its guest state; Linux will not "
				"start it\n",
				i);
		}
	}
	return true;
}

bool vmx_linux_hide(uint64_t base, uint64_t size)
{
	return vmx_ept_unmap(base, size);
}

void vmx_linux_cancel(void)
{
	__atomic_store_n(&cancelled, true, __ATOMIC_RELEASE);
}

/* ---- Launch -------------------------------------------------------------- */

static void flush_translations(const struct vmx_guest *g)
{
	vmx_ept_flush();
	vmx_flush_guest_tlb(g);
}

/*
 * In VMX root operation: the VMCS, VMLAUNCH.  NULL once the run is over,
 * else why the guest did not start.  entry: the boot processor's; else an
 * AP, in the wait-for-SIPI state (sipi_vector < 0) or started at the vector.
 */
static const char *launch(struct vmx_core *core, const struct linux_entry_state *entry,
			  int sipi_vector)
{
	int rc;

	core->kernel_guest = core->guest;
	core->guest = core->os_guest;
	if (!vmx_linux_load_vmcs(core, entry)) {
		core->guest = core->kernel_guest;
		vmx_core_reexit(core);
		return core->os_guest->error ? core->os_guest->error : "vmcs-setup-failed";
	}
	if (sipi_vector >= 0) {
		vmx_linux_put_real_mode_state((uint8_t)sipi_vector);
		core->guest->started = true;
		core->guest->just_started = true;
		vmx_linux_count_start();
	}
	flush_translations(core->os_guest);
	core->os_guest->state = VMX_GUEST_RUNNING;
	core->linux_launched = true;
	rc = vmx_linux_launch(&core->linux_return_rsp, entry ? entry->rsi : 0);
	if (rc == 0)
		return NULL; /* ran, and is over */
	core->linux_launched = false;
	core->os_guest->state = VMX_GUEST_FAILED;
	core->guest = core->kernel_guest;
	if (rc == 1) {
		vmx_core_reexit(core);
		return "VMfailInvalid";
	}
	const char *error = vmx_insn_error_name((uint32_t)vmread(VMCS_VM_INSTRUCTION_ERROR));
	vmx_core_reexit(core);
	return error;
}

enum vmx_linux_end vmx_linux_run_bsp(const struct vmx_linux_config *config)
{
	struct vmx_core *core = &cpu_table[0]->vmx;
	const char *error;

	vmx_linux_config = *config;
	for (unsigned i = 0; i < config->io_port_count; i++)
		io_bitmap_set(config->io_ports[i]);
	if (config->ap_start == VMX_LINUX_AP_WATCH_ICR && cpu_count > 1)
		vmx_linux_watch_icr(config->apic_base);
	apic_timer_stop();
	__atomic_store_n(&cpus_started, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&go, true, __ATOMIC_RELEASE);
	if (!vmx_core_reenter(core))
		error = "vmxon-failed";
	else
		error = launch(core, &vmx_linux_config.entry, -1);
	if (error) {
		kalways("linux: cpu 0 could not launch Linux: %s\n", error);
		__atomic_store_n(&end_how, VMX_LINUX_FAILED, __ATOMIC_RELEASE);
		__atomic_store_n(&cpus_started, 0, __ATOMIC_RELEASE);
	}
	return end_how;
}

/*
 * Halted, so that an emulator spends no time on a waiting core: woken by
 * vmx_linux_wake() (the ICR watch saw its SIPI, or the run ends).  STI's
 * one-instruction shadow keeps a wake-up between the check and HLT.
 */
static void halt_until(struct vmx_core *core, bool for_sipi)
{
	while (!vmx_linux_ending() &&
	       !(for_sipi && __atomic_load_n(&core->sipi_vector, __ATOMIC_ACQUIRE) >= 0))
		__asm__ volatile("sti; hlt; cli" ::: "memory");
}

void vmx_linux_wake(uint32_t apic_id)
{
	apic_send_ipi(apic_id, APIC_ICR_FIXED | APIC_VECTOR_WAKEUP);
}

/* Waits in VMX root operation (INIT blocked, SIPI ignored) for the vector the ICR watch saw. */
static int wait_for_watched_sipi(struct vmx_core *core)
{
	halt_until(core, true);
	return vmx_linux_ending() ? -1 : core->sipi_vector;
}

void vmx_linux_run_ap(struct cpu *cpu)
{
	struct vmx_core *core = &cpu->vmx;
	const char *error = NULL;
	int vector = -1;

	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&cancelled, __ATOMIC_ACQUIRE))
		cpu_relax();
	if (cancelled || !core->os_guest)
		return;
	if (!vmx_linux_ap_capable(core)) {
		/* Linux's INIT-SIPI must find it out of any guest, and not answer. */
		kprintf("linux: cpu %u has no unrestricted guest or wait-for-SIPI state: Linux "
			"runs without it\n",
			cpu->index);
		if (vmx_core_reenter(core)) {
			halt_until(core, false);
			vmx_core_reexit(core);
		}
	} else if (!vmx_core_reenter(core)) {
		error = "vmxon-failed";
	} else if (vmx_linux_config.ap_start == VMX_LINUX_AP_WATCH_ICR &&
		   (vector = wait_for_watched_sipi(core)) < 0) {
		vmx_core_reexit(core); /* the run ended first */
	} else {
		error = launch(core, NULL, vector);
	}
	if (error)
		kprintf("linux: cpu %u could not become Linux's processor: %s\n", cpu->index,
			error);
	__atomic_store_n(&core->linux_left, true, __ATOMIC_RELEASE);
}

/* ---- The end ------------------------------------------------------------- */

/* The kernel's own GDT, IDT and TR on this core again (the exit loaded the host's). */
static void load_kernel_tables(struct cpu *cpu)
{
	cpu->tables->gdt[GDT_TSS / 8] &= ~TSS_DESC_BUSY;
	desc_load(cpu->tables);
}

/* Out of VMX operation, back to vmx_linux_launch()'s caller. */
static __attribute__((noreturn)) void leave(struct vmx_core *core)
{
	struct cpu *cpu = vmx_core_cpu(core);

	flush_translations(core->guest);
	vmclear(core->vmcs_phys);
	if (core->guest->state == VMX_GUEST_RUNNING)
		core->guest->state = VMX_GUEST_BACK;
	core->guest = core->kernel_guest;
	/*
	 * Said before VMXOFF: an INIT that was blocked in VMX root operation
	 * (24.8) is taken right after it, and resets an AP into the
	 * wait-for-SIPI state, where it stays parked.
	 */
	__atomic_store_n(&core->linux_left, true, __ATOMIC_RELEASE);
	vmx_core_reexit(core);
	load_kernel_tables(cpu);
	vmx_linux_return(core->linux_return_rsp);
}

void vmx_linux_init_stuck(struct vmx_core *core)
{
	uint32_t index = vmx_core_cpu(core)->index;

	kalways("linux: cpu %u: INIT stays pending after its VM exit (an emulator that does not "
		"clear it, such as Bochs 2.7); the processor stays out of Linux\n",
		index);
	core->guest->state = VMX_GUEST_FAILED;
	core->guest->error = "init-stuck";
	if (core->guest->started)
		__atomic_fetch_sub(&cpus_started, 1, __ATOMIC_ACQ_REL);
	vmclear(core->vmcs_phys);
	core->guest = core->kernel_guest;
	load_kernel_tables(vmx_core_cpu(core));
	/* Still in VMX root operation, where INIT is blocked, until the run ends. */
	while (!vmx_linux_ending())
		cpu_relax();
	vmx_core_reexit(core);
	__atomic_store_n(&core->linux_left, true, __ATOMIC_RELEASE);
	vmx_linux_return(core->linux_return_rsp);
}

/* Linux may have switched the local APICs to x2APIC mode, and disabled them. */
static void stop_aps(void)
{
	uint64_t start;

	apic_resync_mode();
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->vmx.linux_launched)
			apic_send_ipi(cpu_table[i]->apic_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	udelay(INIT_TO_SIPI_US);
	/* A core still waiting for a SIPI blocks INIT (26.2): a SIPI exit it takes. */
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->vmx.linux_launched && !cpu_table[i]->vmx.linux_left)
			apic_send_ipi(cpu_table[i]->apic_id,
				      APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT);
	start = rdtsc();
	for (uint32_t i = 1; i < cpu_count; i++) {
		const struct vmx_core *core = &cpu_table[i]->vmx;
		while (core->linux_launched &&
		       !__atomic_load_n(&core->linux_left, __ATOMIC_ACQUIRE) &&
		       tsc_us_since(start) < STOP_TIMEOUT_US)
			cpu_relax();
		if (core->linux_launched && !core->linux_left)
			kalways("linux: cpu %u did not leave its guest within %u ms\n", i,
				STOP_TIMEOUT_US / 1000);
	}
}

/* The APs still halted in VMX root operation, never started by Linux: the run is over. */
static void wake_waiting_aps(void)
{
	apic_resync_mode();
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->vmx.os_guest && !cpu_table[i]->vmx.linux_launched)
			vmx_linux_wake(cpu_table[i]->apic_id);
}

void vmx_linux_end(struct vmx_core *core, enum vmx_linux_end how)
{
	enum vmx_linux_end running = VMX_LINUX_RUNNING;
	uint32_t index = vmx_core_cpu(core)->index;

	if (__atomic_compare_exchange_n(&end_how, &running, how, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		kalways("linux: the guest ended on cpu %u: %s\n", index, vmx_linux_end_name(how));
		wake_waiting_aps();
	}
	if (index != 0) {
		/*
		 * The boot processor, in its guest, learns of it by an INIT exit,
		 * or, where the APIC's ICR is watched, at its next exit (every
		 * write to its APIC is one): INIT would stay pending there.
		 */
		if (how != VMX_LINUX_RUNNING && !cpu_table[0]->vmx.linux_left &&
		    vmx_linux_config.ap_start == VMX_LINUX_AP_WAIT_FOR_SIPI) {
			apic_resync_mode();
			apic_send_ipi(cpu_table[0]->apic_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
		}
		leave(core);
	}
	stop_aps();
	leave(core);
}

/* ---- Report -------------------------------------------------------------- */

uint32_t vmx_linux_cpus_started(void)
{
	return __atomic_load_n(&cpus_started, __ATOMIC_ACQUIRE);
}

void vmx_linux_count_start(void)
{
	__atomic_fetch_add(&cpus_started, 1, __ATOMIC_ACQ_REL);
}

uint64_t vmx_linux_exits(void)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < cpu_count; i++)
		if (cpu_table[i]->vmx.os_guest)
			n += cpu_table[i]->vmx.os_guest->exits;
	return n;
}

void vmx_linux_report_exits(void)
{
	for (uint32_t i = 0; i < cpu_count; i++) {
		const struct vmx_guest *g = cpu_table[i]->vmx.os_guest;
		if (!g || !cpu_table[i]->vmx.linux_launched)
			continue;
		kprintf("guest-os-exits cpu=%u total=%lu", i, (unsigned long)g->exits);
		for (uint32_t reason = 0; reason < VMX_EXIT_REASON_COUNT; reason++)
			if (g->host->exit_counts[reason])
				kprintf(" %s=%u", vmx_exit_reason_name(reason),
					g->host->exit_counts[reason]);
		kprintf("\n");
	}
}
