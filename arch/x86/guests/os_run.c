/*
 * An OS guest's run (os.h): preparing every core's guest, the launch on
 * the boot processor and on the APs, and the end: whichever core sees the
 * OS end (power-off, reset, a status, triple fault, an exit nobody
 * handles) records how; the boot processor then stops every AP with INIT
 * (an INIT exit, 26.2) and a SIPI for those still waiting for one, and
 * each core leaves VMX operation and returns from its launch.
 */
#include <string.h>

#include "arch/x86/guests/debugger.h"
#include "arch/x86/guests/os_internal.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/exit.h"
#include "arch/x86/vmx/guest_alloc.h"
#include "arch/x86/vmx/vcpu.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/iommu.h"
#include "arch/x86/memory.h"
#include "arch/x86/trap.h"
#include "arch/x86/tsc.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/names.h"

/*
 * How long an AP gets to leave its guest once told to, and the INIT-to-SIPI
 * gap.  An AP already leaving may be printing why (an exit report is some
 * 3000 characters, 260 ms at 115200 baud through the polled UART): it
 * gets longer, so that it is not called stuck while it reports.
 */
#define STOP_TIMEOUT_US	   200000
#define LEAVING_TIMEOUT_US 5000000
#define INIT_TO_SIPI_US	   10000
#define TSS_DESC_BUSY	   (1ull << 41)
/* CR8 while an AP waits: priority class 1 holds vectors 16-31 (0-15 the APIC refuses). */
#define WAIT_TPR	   1u

static uint8_t *io_bitmap;
/* The OS guests' own MSR bitmap: the hyperjack's, and the x2APIC ICR's write in the watch way. */
static uint8_t *msr_bitmap;
static bool msr_bitmap_filled;
static volatile bool go, cancelled;
static enum os_end end_how = OS_RUNNING;
static volatile uint32_t cpus_started;
static uint32_t status;

const char *os_end_name(enum os_end end)
{
	static const char *const names[] = {
		[OS_RUNNING] = "running",
		[OS_POWEROFF] = "poweroff",
		[OS_REBOOT] = "reboot",
		[OS_SLEEP] = "sleep",
		[OS_TRIPLE_FAULT] = "triple-fault",
		[OS_FAILED] = "failed",
		[OS_STATUS] = "status",
	};
	return (unsigned)end < sizeof(names) / sizeof(names[0]) ? names[end] : "unknown";
}

bool os_ending(void)
{
	return __atomic_load_n(&end_how, __ATOMIC_ACQUIRE) != OS_RUNNING;
}

void os_set_status(uint32_t value)
{
	status = value;
}

uint32_t os_status(void)
{
	return status;
}

/* ---- Preparation (boot processor) -------------------------------------- */

static void io_bitmap_set(uint16_t port)
{
	io_bitmap[port / 8] |= (uint8_t)(1u << (port % 8));
}

/*
 * A core's OS guest shares its hyperjack's host stack and tables; its MSR
 * bitmap is the OS guests' own copy, which the ICR watch changes.
 */
static bool alloc_os_guest(struct vmx_core *core, struct vmx_guest_kind *kind)
{
	/* Allocated after the EPT build, but hidden from the OS with the rest it keeps. */
	core->os = vmx_guest_new(kind, core->hyperjack ? core->hyperjack->host : NULL);
	if (!core->os)
		return false;
	core->os->state = VMX_GUEST_SKIPPED;
	if (!msr_bitmap_filled)
		memcpy(msr_bitmap, (const void *)(uintptr_t)core->os->host->msr_bitmap_phys,
		       PAGE_SIZE);
	msr_bitmap_filled = true;
	core->os->host->msr_bitmap_phys = (uint64_t)(uintptr_t)msr_bitmap;
	return true;
}

static bool fail(const struct vmx_guest_kind *kind, const char *display, const char **why,
		 const char *reason)
{
	*why = reason;
	kalways("%s: cannot run %s as the guest: %s\n", kind->name, display, reason);
	return false;
}

bool os_prepare(struct vmx_guest_kind *kind, const char *display, const char **why)
{
	struct vmx_core *bsp = &cpu_table[0]->vmx;

	if (bsp->vmxon != VMX_OUTCOME_SUCCESS || bsp->vmxoff != VMX_OUTCOME_SUCCESS)
		return fail(kind, display, why, "cpu 0 has no usable VMX root operation");
	if (!vmx_ept_pointer)
		return fail(kind, display, why,
			    "no EPT, which hides the hypervisor's memory from it");
	io_bitmap = page_alloc(2 * PAGE_SIZE, BELOW_4G);
	msr_bitmap = page_alloc(PAGE_SIZE, BELOW_4G);
	if (!io_bitmap || !msr_bitmap)
		return fail(kind, display, why, "no memory for the I/O and MSR bitmaps");
	vmx_kind_complete(kind);
	for (uint32_t i = 0; i < cpu_count; i++) {
		struct vmx_core *core = &cpu_table[i]->vmx;
		os_vcpu(i)->sipi_vector = -1;
		if (cpu_table[i]->state != CPU_ONLINE || core->vmxoff != VMX_OUTCOME_SUCCESS)
			continue;
		if (!alloc_os_guest(core, kind)) {
			if (i == 0)
				return fail(kind, display, why,
					    "no memory for cpu 0's guest state");
			kalways("%s: cpu %u: no memory for its guest state; %s will not start it\n",
				kind->name, i, display);
			os_vcpu(i)->lost = "no-memory";
		}
	}
	return true;
}

bool os_hide(uint64_t base, uint64_t size)
{
	iommu_hide(base, size); /* the guest's devices as well as its processors */
	return vmx_ept_unmap(base, size);
}

void os_cancel(void)
{
	__atomic_store_n(&cancelled, true, __ATOMIC_RELEASE);
}

/* ---- Launch -------------------------------------------------------------- */

static void flush_translations(const struct vmx_guest *g)
{
	vmx_ept_flush();
	vcpu_flush_tlb(g);
}

static const char *load_result_error(enum vmx_load_result rc, const struct vmx_guest *g,
				     const char *error)
{
	switch (rc) {
	case VMX_LOAD_CONTROL_UNAVAILABLE: return g->error;
	case VMX_LOAD_VMPTRLD_FAILED: return "vmclear-or-vmptrld-failed";
	case VMX_LOAD_VMWRITE_FAILED: return error;
	default: return NULL;
	}
}

/*
 * In VMX root operation: the VMCS, VMLAUNCH.  NULL once the run is over,
 * else why the guest did not start.  bsp: the boot processor's entry; else
 * an AP, in the wait-for-SIPI state (sipi_vector < 0) or started at the
 * vector.
 */
static const char *launch(struct vmx_core *core, bool bsp, int sipi_vector)
{
	struct os_vcpu *v = os_vcpu(vmx_core_cpu(core)->index);
	struct vmx_guest *g = core->os;
	static const struct vmx_gprs no_regs;
	struct vmx_entry_state s;
	const char *error = "";
	enum vmx_load_result rc;
	int got;

	if (bsp) {
		s = os_config.bsp_state;
	} else {
		vmx_state_after_sipi(&s, sipi_vector >= 0 ? (uint8_t)sipi_vector : 0);
		if (sipi_vector < 0)
			s.activity = VMX_ACTIVITY_WAIT_FOR_SIPI;
	}
	rc = vmx_load_vmcs(core, g, bsp ? os_config.kind->profile : &os_profile_unrestricted, &s,
			   (uint64_t)(uintptr_t)io_bitmap, &error, NULL);
	if (rc != VMX_LOAD_OK) {
		vmx_core_reexit(core);
		return load_result_error(rc, g, error);
	}
	if (sipi_vector >= 0) {
		v->started = true;
		v->just_started = true;
		os_count_start();
	}
	flush_translations(g);
	if (!bsp)
		os_phase_check(core); /* the last AP started may end the watch */
	core->guest = g;
	g->state = VMX_GUEST_RUNNING;
	v->launched = true;
	debugger_launching(core, bsp ? &os_config.bsp_regs : NULL, bsp);
	got = vmx_launch(&v->return_rsp, bsp ? &os_config.bsp_regs : &no_regs);
	if (got == 0)
		return NULL; /* ran, and is over */
	v->launched = false;
	g->state = VMX_GUEST_FAILED;
	core->guest = core->hyperjack;
	if (got == 1) {
		vmx_core_reexit(core);
		return "VMfailInvalid";
	}
	error = vmx_insn_error_name(vmx_vm_instruction_error());
	vmx_core_reexit(core);
	return error;
}

/* The stub's port out of the guest's view, the stub on it, and the report's line. */
static void start_debugger(const struct os_config *config)
{
	uint16_t port = config->gdb_port;

	if (!debugger_start(config->kind, port)) {
		kalways("gdb: no UART answers at %s (0x%x): the stub is off\n", config->gdb_name,
			port);
		return;
	}
	for (uint16_t p = port; p < port + DEBUGGER_PORT_COUNT; p++)
		io_bitmap_set(p);
	kalways("gdb: stub on %s (0x%x) threads=%u: %s waits for GDB before its first "
		"instruction\n",
		config->gdb_name, port, cpu_count, config->display);
}

/*
 * A SIPI reaches a processor only in the wait-for-SIPI state: one that is
 * still on its way into its guest drops it (an INIT it keeps pending, since
 * VMX root operation blocks INIT).  So the boot processor enters the OS only
 * once every AP has entered its wait (or given up): an OS that sends one
 * broadcast INIT and a single SIPI right at its start loses no core.  The
 * ICR watch has no such race: it records the vector for an AP not yet
 * waiting.
 */
static void wait_for_aps_waiting(void)
{
	uint64_t start = rdtsc();

	for (uint32_t i = 1; i < cpu_count; i++) {
		const struct os_vcpu *v = os_vcpu(i);
		if (!cpu_table[i]->vmx.os || cpu_table[i]->state != CPU_ONLINE)
			continue;
		while (!__atomic_load_n(&v->launched, __ATOMIC_ACQUIRE) && !v->lost &&
		       !__atomic_load_n(&v->left, __ATOMIC_ACQUIRE) &&
		       tsc_us_since(start) < STOP_TIMEOUT_US)
			cpu_relax();
	}
}

enum os_end os_run_bsp(const struct os_config *config)
{
	struct vmx_core *core = &cpu_table[0]->vmx;
	const char *error;

	os_config = *config;
	if (!vmx_ept_check()) {
		kalways("%s: cpu 0 could not launch %s: ept-check-failed\n", config->kind->name,
			config->display);
		os_cancel();
		return OS_FAILED;
	}
	cpu_table[0]->in_os_run = true;
	for (unsigned i = 0; i < config->io_port_count; i++)
		io_bitmap_set(config->io_ports[i]);
	if (config->gdb_port)
		start_debugger(config);
	if (config->ap_start == OS_AP_WATCH_ICR && cpu_count > 1)
		os_watch_icr(config->apic_base, msr_bitmap);
	apic_timer_stop();
	os_phase_begin();
	os_vcpu(0)->started = true;
	__atomic_store_n(&cpus_started, 1, __ATOMIC_RELEASE);
	__atomic_store_n(&go, true, __ATOMIC_RELEASE);
	if (config->ap_start == OS_AP_WAIT_FOR_SIPI)
		wait_for_aps_waiting();
	if (!vmx_core_reenter(core))
		error = "vmxon-failed";
	else
		error = launch(core, true, -1);
	if (error) {
		kalways("%s: cpu 0 could not launch %s: %s\n", config->kind->name, config->display,
			error);
		__atomic_store_n(&end_how, OS_FAILED, __ATOMIC_RELEASE);
		__atomic_store_n(&cpus_started, 0, __ATOMIC_RELEASE);
	}
	cpu_table[0]->in_os_run = false;
	return end_how;
}

/*
 * Halted, so that an emulator spends no time on a waiting core: woken by
 * os_wake() (the ICR watch saw its SIPI, or the run ends).  STI's
 * one-instruction shadow keeps a wake-up between the check and HLT.  The
 * guest may send this core any IPI meanwhile: with the task priority at
 * class 1 a fixed vector below 32 stays pending (Vol. 3A 11.8.3.1) instead
 * of being taken as the hypervisor's exception, and reaches the guest once
 * it runs here, which is where the guest sent it.
 */
static void halt_until(struct os_vcpu *v, bool for_sipi)
{
	write_cr8(WAIT_TPR);
	while (!os_ending() &&
	       !(for_sipi && __atomic_load_n(&v->sipi_vector, __ATOMIC_ACQUIRE) >= 0))
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	write_cr8(0);
}

/* Waits in VMX root operation (INIT blocked, SIPI ignored) for the vector the ICR watch saw. */
static int wait_for_watched_sipi(struct os_vcpu *v)
{
	halt_until(v, true);
	return os_ending() ? -1 : v->sipi_vector;
}

/* The processor can be an AP of the OS: unrestricted guest and wait-for-SIPI. */
static bool ap_capable(const struct vmx_core *core)
{
	union ia32_vmx_misc misc = { .raw = core->caps.misc };
	uint64_t proc2;

	return vmx_snapshot_ctl(&core->caps, VMX_CTL_PROCBASED2, &proc2) &&
	       vmx_ctl_allowed1(proc2, VMX_PROC2_UNRESTRICTED_GUEST) && misc.activity_wait_for_sipi;
}

/*
 * A core the OS cannot have waits out the run in VMX root operation, where
 * INIT is blocked and a SIPI ignored (24.8): the OS's INIT-SIPI must find it
 * out of any guest, and not start it running the OS's code unvirtualized.
 */
static void park(struct vmx_core *core, struct os_vcpu *v)
{
	if (vmx_core_reenter(core)) {
		halt_until(v, false);
		vmx_core_reexit(core);
	}
}

void os_run_ap(struct cpu *cpu)
{
	struct vmx_core *core = &cpu->vmx;
	struct os_vcpu *v = os_vcpu(cpu->index);
	int vector = -1;

	while (!__atomic_load_n(&go, __ATOMIC_ACQUIRE) &&
	       !__atomic_load_n(&cancelled, __ATOMIC_ACQUIRE))
		cpu_relax();
	if (cancelled)
		return;
	cpu->in_os_run = true;
	if (!core->os) {
		park(core, v); /* os_prepare() said why: no memory */
	} else if (!ap_capable(core)) {
		v->lost = "no-unrestricted-guest";
		kprintf("%s: cpu %u has no unrestricted guest or wait-for-SIPI state: %s runs "
			"without it\n",
			os_config.kind->name, cpu->index, os_config.display);
		v->given_up = true; /* before the wait: the start phase need not wait for it */
		park(core, v);
	} else if (!vmx_core_reenter(core)) {
		v->lost = "vmxon-failed";
	} else if (os_config.ap_start == OS_AP_WATCH_ICR &&
		   (vector = wait_for_watched_sipi(v)) < 0) {
		vmx_core_reexit(core); /* the run ended first */
	} else if ((v->lost = launch(core, false, vector))) {
		park(core, v);
	}
	if (v->lost)
		v->given_up = true;
	if (v->lost && core->os)
		kprintf("%s: cpu %u could not become %s's processor: %s\n", os_config.kind->name,
			cpu->index, os_config.display, v->lost);
	cpu->in_os_run = false;
	__atomic_store_n(&v->left, true, __ATOMIC_RELEASE);
}

/* ---- The end ------------------------------------------------------------- */

/* The kernel's own GDT, IDT and TR on this core again (the exit loaded the host's). */
static void load_kernel_tables(struct cpu *cpu)
{
	cpu->tables->gdt[GDT_TSS / 8] &= ~TSS_DESC_BUSY;
	desc_load(cpu->tables);
}

/* The guest's VMCS written back and the hypervisor's own guest current again. */
static void retire_guest(struct vmx_core *core, enum vmx_guest_state state)
{
	flush_translations(core->os);
	vmx_vmcs_clear(core->vmcs_phys);
	if (core->os->state == VMX_GUEST_RUNNING)
		core->os->state = state;
	core->guest = core->hyperjack;
}

/*
 * Out of VMX operation, back to vmx_launch()'s caller.  `left` is said
 * before VMXOFF: an INIT that was blocked in VMX root operation (24.8) is
 * taken right after it, and resets an AP into the wait-for-SIPI state,
 * where it stays parked.
 */
static __attribute__((noreturn)) void leave_vmx(struct vmx_core *core)
{
	struct cpu *cpu = vmx_core_cpu(core);
	struct os_vcpu *v = os_vcpu(cpu->index);

	__atomic_store_n(&v->left, true, __ATOMIC_RELEASE);
	vmx_core_reexit(core);
	load_kernel_tables(cpu);
	apic_resync_mode(); /* the guest may have left this core's APIC in x2APIC mode */
	vmx_launch_return(v->return_rsp);
}

static __attribute__((noreturn)) void leave(struct vmx_core *core)
{
	retire_guest(core, VMX_GUEST_BACK);
	leave_vmx(core);
}

void os_note_leaving(struct vmx_core *core)
{
	__atomic_store_n(&os_vcpu(vmx_core_cpu(core)->index)->leaving, true, __ATOMIC_RELEASE);
}

void os_init_stuck(struct vmx_core *core)
{
	uint32_t index = vmx_core_cpu(core)->index;

	os_note_leaving(core);
	kalways("%s: cpu %u: INIT stays pending after its VM exit (an emulator that does not "
		"clear it, such as Bochs 2.7); the processor stays out of %s\n",
		os_config.kind->name, index, os_config.display);
	core->os->error = "init-stuck";
	os_vcpu(index)->lost = "init-stuck";
	if (os_vcpu(index)->started)
		__atomic_fetch_sub(&cpus_started, 1, __ATOMIC_ACQ_REL);
	retire_guest(core, VMX_GUEST_FAILED);
	core->os->state = VMX_GUEST_FAILED;
	load_kernel_tables(vmx_core_cpu(core));
	/* Still in VMX root operation, where INIT is blocked, until the run ends. */
	while (!os_ending())
		cpu_relax();
	leave_vmx(core);
}

static void write_park_code(void *arg)
{
	static const uint8_t park[] = { 0xfa, 0xf4, 0xeb, 0xfd }; /* cli; hlt; jmp to the hlt */

	(void)arg;
	memcpy((void *)(uintptr_t)0, park, sizeof(park));
}

/*
 * The stop's SIPI has vector 0.  A core whose INIT was taken right after
 * its VMXOFF (it said `left` just after the check below) would start at
 * physical 0 in real mode, a page the guest could write: the run is over,
 * so code that parks the core goes there first.
 */
static void park_at_vector_0(void)
{
	uint64_t error;

	trap_catch(write_park_code, NULL, &error);
}

/* The OS may have switched the local APICs to x2APIC mode, and disabled them. */
static void stop_aps(void)
{
	uint64_t start;

	park_at_vector_0();
	apic_resync_mode();
	for (uint32_t i = 1; i < cpu_count; i++)
		if (os_vcpu(i)->launched)
			apic_send_ipi(cpu_table[i]->apic_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
	udelay(INIT_TO_SIPI_US);
	/* A core still waiting for a SIPI blocks INIT (26.2): a SIPI exit it takes. */
	for (uint32_t i = 1; i < cpu_count; i++)
		if (os_vcpu(i)->launched && !os_vcpu(i)->left)
			apic_send_ipi(cpu_table[i]->apic_id,
				      APIC_ICR_STARTUP | APIC_ICR_LEVEL_ASSERT);
	start = rdtsc();
	for (uint32_t i = 1; i < cpu_count; i++) {
		const struct os_vcpu *v = os_vcpu(i);
		while (v->launched && !__atomic_load_n(&v->left, __ATOMIC_ACQUIRE) &&
		       tsc_us_since(start) < (v->leaving ? LEAVING_TIMEOUT_US : STOP_TIMEOUT_US))
			cpu_relax();
		if (v->launched && !v->left)
			kalways("%s: cpu %u did not leave its guest within %u ms\n",
				os_config.kind->name, i, STOP_TIMEOUT_US / 1000);
	}
}

/* The APs still halted in VMX root operation, never started by the OS: the run is over. */
static void wake_waiting_aps(void)
{
	apic_resync_mode();
	for (uint32_t i = 1; i < cpu_count; i++)
		if (cpu_table[i]->vmx.os && !os_vcpu(i)->launched)
			os_wake(cpu_table[i]->apic_id);
}

void os_end(struct vmx_core *core, enum os_end how)
{
	enum os_end running = OS_RUNNING;
	uint32_t index = vmx_core_cpu(core)->index;

	os_note_leaving(core);
	if (__atomic_compare_exchange_n(&end_how, &running, how, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		kalways("%s: the guest ended on cpu %u: %s\n", os_config.kind->name, index,
			os_end_name(how));
		debugger_ended(how, status);
		wake_waiting_aps();
	}
	if (index != 0) {
		/*
		 * The boot processor, in its guest, learns of it by an INIT exit,
		 * or, where the APIC's ICR is watched, at its next exit (every
		 * write to its APIC is one): INIT would stay pending there.
		 */
		if (how != OS_RUNNING && !os_vcpu(0)->left &&
		    os_config.ap_start == OS_AP_WAIT_FOR_SIPI) {
			apic_resync_mode();
			apic_send_ipi(cpu_table[0]->apic_id, APIC_ICR_INIT | APIC_ICR_LEVEL_ASSERT);
		}
		leave(core);
	}
	stop_aps();
	leave(core);
}

/* ---- Report -------------------------------------------------------------- */

uint32_t os_cpus_started(void)
{
	return __atomic_load_n(&cpus_started, __ATOMIC_ACQUIRE);
}

void os_count_start(void)
{
	__atomic_fetch_add(&cpus_started, 1, __ATOMIC_ACQ_REL);
}

uint64_t os_exits(void)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < cpu_count; i++)
		if (cpu_table[i]->vmx.os)
			n += cpu_table[i]->vmx.os->exits;
	return n;
}

uint32_t os_cores_lost(void)
{
	uint32_t n = 0;

	for (uint32_t i = 1; i < cpu_count; i++)
		n += os_vcpu(i)->lost != NULL;
	return n;
}

void os_report_lost(void)
{
	for (uint32_t i = 1; i < cpu_count; i++)
		if (os_vcpu(i)->lost)
			kprintf("guest-os-lost cpu=%u reason=%s\n", i, os_vcpu(i)->lost);
}

/* A core's exits before it became steady (os_phase.c): all of them if it never did. */
static uint64_t boot_exits(const struct os_vcpu *v, const struct vmx_guest *g)
{
	return v->steady ? v->boot_exits : g->exits;
}

static uint32_t boot_count(const struct os_vcpu *v, const struct vmx_guest *g, uint32_t reason)
{
	return v->steady ? v->boot_counts[reason] : g->host->exit_counts[reason];
}

static void report_core_exits(uint32_t i, const struct vmx_guest *g)
{
	const struct os_vcpu *v = os_vcpu(i);
	uint64_t boot = boot_exits(v, g);

	kprintf("guest-os-exits cpu=%u total=%lu", i, (unsigned long)g->exits);
	for (uint32_t reason = 0; reason < VMX_EXIT_REASON_COUNT; reason++)
		if (g->host->exit_counts[reason])
			kprintf(" %s=%u", vmx_exit_reason_name(reason),
				g->host->exit_counts[reason]);
	kprintf(" boot=%lu steady=%lu\n", (unsigned long)boot, (unsigned long)(g->exits - boot));
	kprintf("guest-os-exits-steady cpu=%u total=%lu", i, (unsigned long)(g->exits - boot));
	for (uint32_t reason = 0; reason < VMX_EXIT_REASON_COUNT; reason++) {
		uint32_t n = g->host->exit_counts[reason] - boot_count(v, g, reason);
		if (n)
			kprintf(" %s=%u", vmx_exit_reason_name(reason), n);
	}
	kprintf("\n");
}

void os_report_exits(void)
{
	for (uint32_t i = 0; i < cpu_count; i++) {
		const struct vmx_guest *g = cpu_table[i]->vmx.os;
		if (g && os_vcpu(i)->launched)
			report_core_exits(i, g);
	}
	if (!os_config.kind)
		return; /* refused: never run */
	kprintf("guest-os-phase end=%s ms=%lu watch=%s\n", os_phase_end_word(),
		(unsigned long)os_phase_end_ms(), os_icr_watch_word());
}
