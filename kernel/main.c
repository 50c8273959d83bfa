/*
 * The boot processor's path from the long-mode switch to the report.
 */
#include <stdarg.h>
#include <stdint.h>
#include "kernel/bootinfo.h"
#include "lib/cmdline.h"
#include "arch/x86/console.h"
#include "arch/x86/memory.h"
#include "kernel/report.h"
#include "kernel/topology.h"
#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "include/x86/cpu_regs.h"
#include "arch/x86/desc.h"
#include "arch/x86/emulator.h"
#include "arch/x86/percpu.h"
#include "arch/x86/smp.h"
#include "arch/x86/trap.h"
#include "arch/x86/tsc.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/selftest.h"

#define TRAMPOLINE_LIMIT      0x100000ull /* a SIPI vector addresses the first MiB */
#define DEFAULT_AP_TIMEOUT_MS 5000
/* An APIC id no processor has: the MADT entry of a core that never answers. */
#define PHANTOM_APIC_ID	      0xFE

void kmain(uint32_t magic, uint32_t info_phys);
void switch_stack(uint64_t top, void (*fn)(void));

static struct cpu boot_cpu;
static struct cpu_tables boot_cpu_tables __attribute__((aligned(4096)));
/* Until the allocator exists; then guarded stacks replace them. */
static uint8_t boot_ist_stacks[IST_COUNT][IST_STACK_SIZE] __attribute__((aligned(16)));

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
}

/* An exception on the boot processor ends the run; one on an AP stops that AP. */
static void fatal_exit(void)
{
	if (this_cpu() == &boot_cpu)
		report_and_exit(false);
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
		kprintf("console: cannot use the %ux%u framebuffer at 0x%lx (bpp=%u)\n",
			boot.fb.width, boot.fb.height, (unsigned long)boot.fb.addr, boot.fb.bpp);
}

static uint64_t ap_timeout_us(void)
{
	char value[16];
	uint64_t ms = 0;

	if (!cmdline_value(boot.cmdline, "ap-timeout-ms", value, sizeof(value)))
		return DEFAULT_AP_TIMEOUT_MS * 1000ull;
	for (const char *c = value; *c >= '0' && *c <= '9'; c++)
		ms = ms * 10 + (uint64_t)(*c - '0');
	return (ms ? ms : DEFAULT_AP_TIMEOUT_MS) * 1000ull;
}

static void add_phantom_cpu(void)
{
	if (madt.cpu_count < CONFIG_MAX_CPUS) {
		madt.cpus[madt.cpu_count++] =
			(struct acpi_cpu){ .apic_id = PHANTOM_APIC_ID, .enabled = true };
		kprintf("test: added apic id %u, which no processor has, to the MADT's list\n",
			PHANTOM_APIC_ID);
	}
}

static void setup_local_apic(uint64_t base)
{
	bool x2apic = cpuid(1, 0).ecx & X86_CPUID_01H_ECX_X2APIC;

	if (!x2apic && !memory_map_mmio(base, PAGE_SIZE))
		kprintf("apic: could not map the local APIC at 0x%lx\n", (unsigned long)base);
	apic_setup(base, x2apic);
	apic_enable();
	boot_cpu.apic_id = apic_current_id();
	kprintf("apic: %s mode, boot processor apic id %u\n", x2apic ? "x2apic" : "xapic",
		boot_cpu.apic_id);
}

static bool bsp_listed(void)
{
	for (uint32_t i = 0; i < madt.cpu_count; i++)
		if (madt.cpus[i].apic_id == boot_cpu.apic_id)
			return true;
	return false;
}

static void start_processors(void)
{
	struct smp_bringup bringup;
	bool have_madt;
	uint64_t trampoline;

	/* Test-only: a corrupt RSDP, as broken firmware might hand over. */
	if (cmdline_flag(boot.cmdline, "test=acpi-bad-checksum") && boot.has_rsdp)
		boot.rsdp[8] ^= 0xFF;
	have_madt = topology_discover();

	setup_local_apic(have_madt ? madt.lapic_addr : APIC_DEFAULT_BASE);
	if (!have_madt)
		return;
	if (!bsp_listed())
		kprintf("acpi: the MADT does not list the boot processor (apic %u)\n",
			boot_cpu.apic_id);
	if (cmdline_flag(boot.cmdline, "test=phantom-cpu"))
		add_phantom_cpu();
	smp_add_cpus(&madt, boot_cpu.apic_id);
	if (cpu_count == 1)
		return;
	if (!vmm_init())
		return;
	ap_work = vmx_core_enter;

	trampoline = pmm_alloc(&phys_mem, 1, PAGE_SIZE, TRAMPOLINE_LIMIT);
	if (trampoline == PMM_NONE || !memory_set_executable(trampoline, true)) {
		kprintf("smp: no free page below 1 MiB for the AP trampoline; "
			"continuing with the boot processor alone\n");
		return;
	}
	smp_start_aps(trampoline, ap_timeout_us(), &bringup);
	/* Once no AP can still be on its way through it, the trampoline is data again. */
	if (bringup.arrived == bringup.started)
		memory_set_executable(trampoline, false);
	kprintf("smp: %u of %u application processors online in %lu us "
		"(first INIT to last arrival; trampoline at 0x%lx)\n",
		bringup.arrived, bringup.started, (unsigned long)bringup.bringup_us,
		(unsigned long)trampoline);
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
 * VMX on every core: the APs ran their check as they came online; now the
 * boot processor.  False only when a requested self-test failed.
 */
static bool enter_vmx_everywhere(void)
{
	if (!vmm.cpu_count && !vmm_init())
		return true;
	vmx_core_enter(&boot_cpu);
	vmm_finish(ap_timeout_us());
	if (cmdline_flag(boot.cmdline, "vmx-dump")) {
		kprintf("vmx capabilities of cpu 0:\n");
		vmx_caps_print(&vmm.cores[0]->caps, print_vmx_line, NULL);
	}
	if (cmdline_flag(boot.cmdline, "vmx-selftest"))
		return vmx_selftest_run(vmm.cores[0]) == 0;
	return true;
}

static void kmain_on_own_stack(void)
{
	const char *how = tsc_calibrate();

	kprintf("tsc: %lu MHz (%s)\n", (unsigned long)(tsc_hz / 1000000), how);
	if (cmdline_flag(boot.cmdline, "test=exception")) {
		kprintf("test: executing UD2 on the boot processor\n");
		__asm__ volatile("ud2");
	}
	smp_test_stack_overflow = cmdline_flag(boot.cmdline, "test=ap-stack-overflow");
	vmx_test_locked_off = cmdline_flag(boot.cmdline, "test=vmx-locked-off");
	start_processors();
	report_and_exit(enter_vmx_everywhere());
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	uint64_t ist_tops[IST_COUNT];

	boot_cpu_init();
	console_init();
	trap_fatal_hook = fatal_exit;
	kprintf("hypervisor: started on cpu 0 (apic %u), emulator=%s\n", boot_cpu.apic_id,
		emulator_name(emulator_detect()));

	if (!bootinfo_load(magic, info_phys))
		report_and_exit(false);
	console_screen_init();
	bootinfo_print();
	if (!memory_init(&boot, info_phys))
		report_and_exit(false);
	console_framebuffer_init();
	boot_cpu.stack_top = stack_alloc(KERNEL_STACK_SIZE, &boot_cpu.guard_page);
	if (!boot_cpu.stack_top || !smp_alloc_ist_stacks(ist_tops)) {
		kprintf("memory: no memory for the boot processor's stacks\n");
		report_and_exit(false);
	}
	desc_set_ist(&boot_cpu_tables, ist_tops);
	switch_stack(boot_cpu.stack_top, kmain_on_own_stack);
}
