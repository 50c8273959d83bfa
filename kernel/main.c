/*
 * The boot processor's path from the long-mode switch to the report.
 */
#include <stdint.h>
#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/console.h"
#include "kernel/report.h"
#include "kernel/smp_table.h"
#include "arch/x86/cpu.h"
#include "arch/x86/desc.h"
#include "arch/x86/emulator.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"

#define MB2_FB_TYPE_EGA_TEXT 2

void kmain(uint32_t magic, uint32_t info_phys);

static struct cpu boot_cpu;
static struct cpu_tables boot_cpu_tables __attribute__((aligned(4096)));

struct cpu *cpu_table[CONFIG_MAX_CPUS];
uint32_t cpu_count;

static uint32_t boot_apic_id(void)
{
	return cpuid(1, 0).ebx >> 24;
}

static void boot_cpu_init(void)
{
	boot_cpu.index = 0;
	boot_cpu.apic_id = boot_apic_id();
	boot_cpu.state = CPU_ONLINE;
	boot_cpu.tables = &boot_cpu_tables;
	percpu_install(&boot_cpu);
	desc_load(&boot_cpu_tables);
	cpu_table[0] = &boot_cpu;
	cpu_count = 1;
}

static void fatal_exit(void)
{
	report_and_exit(false);
}

/* Mirror the console on the screen when GRUB left it in VGA text mode. */
static void console_screen_init(void)
{
	if (boot.has_framebuffer && boot.fb.type == MB2_FB_TYPE_EGA_TEXT)
		console_enable_vga_text(boot.fb.addr, boot.fb.width, boot.fb.height);
}

/* Test-only options: make the kernel fail on purpose so tests see the report. */
static void run_test_options(void)
{
	if (cmdline_flag(boot.cmdline, "test=exception")) {
		kprintf("test: executing UD2 on the boot processor\n");
		__asm__ volatile("ud2");
	}
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	boot_cpu_init();
	console_init();
	trap_fatal_hook = fatal_exit;
	kprintf("hypervisor: started on cpu 0 (apic %u), emulator=%s\n",
		boot_cpu.apic_id, emulator_name(emulator_detect()));

	if (!bootinfo_load(magic, info_phys))
		report_and_exit(false);
	console_screen_init();
	bootinfo_print();
	run_test_options();
	report_and_exit(true);
}
