/*
 * The boot, stage by stage, in the order the machine goes through it
 * (docs/architecture.md): the boot processor's own tables and console, the
 * boot information, memory, then on the kernel's own stack the clock, the
 * processors from ACPI, the local APIC, the application processors, VMX on
 * every core, and the report.
 */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include "kernel/bootinfo.h"
#include "kernel/options.h"
#include "lib/ipi_sequence.h"
#include "kernel/guest_stage.h"
#include "kernel/report.h"
#include "kernel/topology.h"
#include "lib/cmdline.h"
#include "lib/test_hooks.h"
#include "arch/x86/guests/hyperjack.h"
#include "arch/x86/hook_point.h"
#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/debug.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/dma_attack.h"
#include "arch/x86/emulator.h"
#include "arch/x86/iommu.h"
#include "arch/x86/memory.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "arch/x86/trap.h"
#include "arch/x86/tsc.h"
#include "arch/x86/vmx/exit_stats.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmxtest/bench.h"
#include "arch/x86/vmxtest/fault_points.h"
#include "arch/x86/vmxtest/selftest.h"
#include "include/x86/cpu_regs.h"

#define TRAMPOLINE_LIMIT      0x100000ull /* a SIPI vector addresses the first MiB */
#define DEFAULT_AP_TIMEOUT_MS 5000
#define MAX_AP_TIMEOUT_MS     3600000 /* an hour */

void kmain(uint32_t magic, uint32_t info_phys);
void switch_stack(uint64_t top, void (*fn)(void));

/* The command line, read once into the option table's fields (lib/boot_options.h). */
static struct boot_options options;
static struct cpu boot_cpu;
static struct cpu_tables boot_cpu_tables __attribute__((aligned(4096)));
/* Until the allocator exists; then guarded stacks replace them. */
static uint8_t boot_ist_stacks[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));

/* An exception on the boot processor ends the run; one on an AP stops that AP. */
static void fatal_exit(void)
{
	if (this_cpu() == &boot_cpu)
		report_and_exit(false);
}

/* Stage: the boot processor's descriptor tables and per-core state. */
static void boot_cpu_init(void)
{
	uint64_t ist_tops[IST_COUNT];

	boot_cpu.index = 0;
	boot_cpu.apic_id = cpuid(1, 0).ebx >> 24; /* initial APIC id until the APIC is up */
	boot_cpu.state = CPU_ONLINE;
	boot_cpu.tables = &boot_cpu_tables;
	for (int i = 0; i < IST_COUNT; i++)
		ist_tops[i] = (uint64_t)(uintptr_t)(boot_ist_stacks[i] + IST_STACK_SIZE);
	percpu_install(&boot_cpu);
	desc_init(&boot_cpu_tables, ist_tops);
	desc_load(&boot_cpu_tables);
	cpu_table[0] = &boot_cpu;
	cpu_count = 1;
	trap_fatal_hook = fatal_exit;
}

/*
 * Mirror the console on the screen as early as possible: VGA text mode, or
 * a framebuffer the boot tables already map (the first 4 GiB), so that even
 * a boot that fails before the kernel's own tables exist shows why.
 */
static void console_screen_init(void)
{
	uint64_t fb_end = boot.fb.addr + (uint64_t)boot.fb.pitch * boot.fb.height;

	if (!boot.has_framebuffer)
		return;
	if (boot.fb.type == MB2_FB_TYPE_EGA_TEXT)
		console_enable_vga_text(boot.fb.addr, boot.fb.width, boot.fb.height);
	else if (boot.fb.type == MB2_FB_TYPE_RGB && fb_end <= BOOT_IDENTITY_MAPPED)
		console_enable_framebuffer(&boot.fb);
}

/* A framebuffer above 4 GiB is usable once the kernel's tables (which map it) are. */
static void console_framebuffer_init(void)
{
	if (!boot.has_framebuffer || boot.fb.type != MB2_FB_TYPE_RGB)
		return;
	if (!console_enable_framebuffer(&boot.fb))
		kalways("console: cannot use the %ux%u framebuffer at 0x%lx (bpp=%u)\n",
			boot.fb.width, boot.fb.height, (unsigned long)boot.fb.addr, boot.fb.bpp);
}

/* Stage: the boot information GRUB handed over, and the screen it describes. */
static void load_boot_information(uint32_t magic, uint32_t info_phys)
{
	if (!bootinfo_load(magic, info_phys))
		report_and_exit(false);
	boot_options_parse(boot.cmdline, &options);
	console_configure(options.loglevel);
	debug_init(options.break_points);
	console_screen_init();
	bootinfo_print();
	test_hooks_parse(boot.cmdline);
}

/* Stage: the allocator, the kernel's page tables, and the boot processor's guarded stacks. */
static void init_memory(uint32_t info_phys)
{
	uint64_t ist_tops[IST_COUNT];

	if (!memory_init(&boot, info_phys))
		report_and_exit(false);
	console_framebuffer_init();
	boot_cpu.stack_top = stack_alloc(KERNEL_STACK_SIZE, &boot_cpu.guard_page);
	if (!boot_cpu.stack_top || !smp_alloc_ist_stacks(ist_tops)) {
		kalways("memory: no memory for the boot processor's stacks\n");
		report_and_exit(false);
	}
	desc_set_ist(&boot_cpu_tables, ist_tops);
}

/* Stage: the time stamp counter's rate, which every timeout is measured in. */
static void calibrate_clock(void)
{
	struct acpi_timers timers;
	const char *how;

	topology_find_timers(&timers);
	how = tsc_calibrate(&timers);

	kprintf("tsc: %lu MHz (%s)\n", (unsigned long)(tsc_hz / 1000000), how);
	if (test_hook(TEST_EXCEPTION)) {
		kprintf("test: executing UD2 on the boot processor\n");
		__asm__ volatile("ud2");
	}
}

/*
 * Stage: the local APIC, where IA32_APIC_BASE says it is: the MSR is the
 * truth for the running core, and a MADT that names another address would
 * have the kernel program an APIC that is not there.
 */
/* An APIC ID above 254 can be addressed only in x2APIC mode (SDM 3A 11.12). */
static bool madt_needs_x2apic(bool have_madt)
{
	for (uint32_t i = 0; have_madt && i < madt.listed_count; i++)
		if (madt.listed[i].apic_id >= 0xff)
			return true;
	return false;
}

/*
 * x2APIC where the processor has it; but a guest OS gets the APIC in the
 * mode the firmware left it, and leaving x2APIC mode means disabling the
 * APIC (SDM 3A 11.12.5), which not every platform undoes (Bochs keeps it
 * off): so with a guest OS to run, xAPIC stays unless x2APIC is needed.
 */
static bool choose_x2apic(bool have_madt)
{
	if (!(cpuid(1, 0).ecx & X86_CPUID_01H_ECX_X2APIC))
		return false;
	if (!guest_stage_wanted(&options) || apic_x2apic_enabled())
		return true;
	return madt_needs_x2apic(have_madt);
}

static void init_local_apic(bool have_madt)
{
	uint64_t base = apic_msr_base();
	bool x2apic = choose_x2apic(have_madt);

	if (have_madt && madt.lapic_addr != base)
		kprintf("acpi: the MADT places the local APIC at 0x%lx, but IA32_APIC_BASE says "
			"0x%lx; using IA32_APIC_BASE\n",
			(unsigned long)madt.lapic_addr, (unsigned long)base);

	if (!x2apic && !memory_map_mmio(base, PAGE_SIZE))
		kalways("apic: could not map the local APIC at 0x%lx\n", (unsigned long)base);
	apic_setup(base, x2apic);
	apic_enable();
	boot_cpu.apic_id = apic_current_id();
	kprintf("apic: %s mode, boot processor apic id %u\n", x2apic ? "x2apic" : "xapic",
		boot_cpu.apic_id);
}

static struct ipi_timing ap_start_timing;

/* The IPI delays this processor needs; ap-init-delay forces the SDM's 10 ms. */
static void choose_ap_start_timing(void)
{
	struct cpuid_regs vendor = cpuid(0, 0);

	ap_start_timing =
		ipi_timing_for(cpu_vendor_from_cpuid(vendor.ebx, vendor.ecx, vendor.edx),
			       cpu_family_from_cpuid(cpuid(1, 0).eax), options.ap_init_delay);
}

/* Never shorter than the INIT-SIPI-SIPI sequence itself; read (and warned about) once. */
static uint64_t ap_timeout_us(void)
{
	static uint64_t us;

	if (!us) {
		uint64_t sequence_ms = (ipi_sequence_duration_us(&ap_start_timing) + 999) / 1000;
		struct option_range range = { DEFAULT_AP_TIMEOUT_MS, sequence_ms ? sequence_ms : 1,
					      MAX_AP_TIMEOUT_MS };
		us = option_number("ap-timeout-ms", &options.ap_timeout_ms, &range) * 1000;
	}
	return us;
}

static bool bsp_listed(void)
{
	for (uint32_t i = 0; i < madt.listed_count; i++)
		if (madt.listed[i].apic_id == boot_cpu.apic_id)
			return true;
	return false;
}

/* Stage: every processor the MADT lists gets a struct cpu, and the APs are started. */
static void start_application_processors(bool have_madt)
{
	struct smp_bringup bringup;
	uint64_t trampoline;

	if (!have_madt)
		return;
	if (!bsp_listed())
		kalways("acpi: the MADT does not list the boot processor (apic %u)\n",
			boot_cpu.apic_id);
	/* Before the APs' stacks, which could take the last low page. */
	trampoline = pmm_alloc(&phys_mem, 1, PAGE_SIZE, TRAMPOLINE_LIMIT);
	smp_add_cpus(&madt, boot_cpu.apic_id);
	if (cpu_count == 1)
		return;
	if (trampoline == PMM_NONE || !memory_set_executable(trampoline, true)) {
		kalways("smp: no free page below 1 MiB for the AP trampoline; "
			"continuing with the boot processor alone\n");
		return;
	}
	smp_start_aps(trampoline, &ap_start_timing, ap_timeout_us(), &bringup);
	/* Once no AP can still be on its way through it, the trampoline is data again. */
	if (bringup.arrived == bringup.started)
		memory_set_executable(trampoline, false);
	kprintf("smp: %u of %u application processors online in %lu us "
		"(first INIT to last arrival; trampoline at 0x%lx; init delay %u us)\n",
		bringup.arrived, bringup.started, (unsigned long)bringup.bringup_us,
		(unsigned long)trampoline, ap_start_timing.init_delay_us);
}

/*
 * Stage: DMA remapping (arch/x86/iommu.h), before any guest runs, whether
 * or not VMX works: every device's DMA goes through one domain that leaves
 * out what the hypervisor hides from its guests.  iommu=off skips it.
 */
static void protect_memory_from_devices(void)
{
	static struct dmar_info dmar;
	const char *refused;

	if (strcmp(options.iommu, "off") == 0)
		iommu_disable_by_option();
	else if (topology_find_dmar(&dmar, &refused))
		iommu_setup(&dmar, boot.mmap, boot.mmap_count, cpu_count);
	else if (refused)
		iommu_refuse_table(refused);
	else
		iommu_setup(NULL, boot.mmap, boot.mmap_count, cpu_count);
	if (test_hook(TEST_DMA_ATTACK))
		dma_attack_run();
}

/* What the APs do once the boot processor hands out work: VMX, then perhaps Linux. */
static void ap_stages(struct cpu *cpu)
{
	hyperjack_core_run(cpu);
	guest_stage_ap(&options);
}

static void print_vmx_line(void *ctx, const char *fmt, ...)
{
	va_list ap;
	(void)ctx;
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

/*
 * Stage: the VMX check and VMXON on every core at once; each core then runs
 * as a guest of its own hypervisor (unless no-guest) until the unload, then
 * VMXOFF.
 * False only when a requested self-test failed.
 */
static bool enter_vmx_on_every_core(void)
{
	enum hyperjack_mode mode = HYPERJACK_ON;

	if (options.no_guest)
		mode = HYPERJACK_OFF;
	else if (options.stay_in_guest)
		mode = HYPERJACK_STAY;
	if (options.vmx_bench)
		vmx_bench_arm();
	if (cmdline_flag(boot.cmdline, "exit-stats"))
		vmx_exit_stats_arm();
	vmx_fault_points_arm();
	hyperjack_prepare(mode, fatal_exit); /* the boot processor's guest gone: report */
	smp_run_on_aps(ap_stages);
	hyperjack_core_run(&boot_cpu);
	hyperjack_finish(ap_timeout_us());
	if (options.vmx_dump) {
		kprintf("vmx capabilities of cpu 0:\n");
		vmx_caps_print(&boot_cpu.vmx.caps, print_vmx_line, NULL);
	}
	if (options.vmx_selftest) {
		if (mode == HYPERJACK_STAY) {
			kprintf("vmx: self-tests skipped: the cores stay guests (stay-in-guest)\n");
			return true;
		}
		return vmx_selftest_run(&boot_cpu) == 0;
	}
	return true;
}

/* The stages that run on the kernel's own, guarded stack. */
static void kmain_on_own_stack(void)
{
	bool have_madt;

	calibrate_clock();
	choose_ap_start_timing();
	have_madt = topology_discover();
	init_local_apic(have_madt);
	start_application_processors(have_madt);
	protect_memory_from_devices();
	bool vmx_ok = enter_vmx_on_every_core();
	report_and_exit(guest_stage_run(&options) && vmx_ok);
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	boot_cpu_init();
	console_init();
	kprintf("hypervisor: started on cpu 0 (apic %u), emulator=%s\n", boot_cpu.apic_id,
		emulator_name(emulator_detect()));
	load_boot_information(magic, info_phys);
	init_memory(info_phys);
	switch_stack(boot_cpu.stack_top, kmain_on_own_stack);
}
