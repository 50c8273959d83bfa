#include "kernel/guest_stage.h"

#include <string.h>

#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/emulator.h"
#include "arch/x86/memory.h"
#include "arch/x86/percpu.h"
#include "kernel/bootinfo.h"
#include "kernel/guest_stage_internal.h"
#include "kernel/options.h"
#include "lib/cmdline.h"
#include "lib/emulator_ports.h"
#include "lib/linux_memory.h"

#define MIB (1ull << 20)

static enum {
	STAGE_NONE,
	STAGE_LINUX,
	STAGE_MULTIBOOT
} stage;

bool guest_stage_wanted(void)
{
	return boot.module_count > 0 && !cmdline_flag(boot.cmdline, "no-linux");
}

void guest_stage_ap(void)
{
	if (guest_stage_wanted())
		os_run_ap(this_cpu());
}

const void *guest_module_bytes(uint32_t i, size_t *len)
{
	*len = boot.modules[i].end - boot.modules[i].start;
	return (const void *)(uintptr_t)boot.modules[i].start;
}

bool guest_kept_ranges(struct linux_range *out, uint32_t max, uint32_t *count)
{
	bool overflow;

	*count = linux_kept_ranges(boot.mmap, boot.mmap_count, phys_mem.free, phys_mem.count, out,
				   max, &overflow);
	return !overflow && !phys_mem.overflowed;
}

bool guest_hide_range(uint64_t base, uint64_t end)
{
	if (end <= MIB)
		return true;
	if (base < MIB)
		base = MIB;
	return os_hide(base, end - base);
}

bool guest_hide_kept(const struct linux_range *kept, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		if (!guest_hide_range(kept[i].base, kept[i].base + kept[i].size))
			return false;
	return true;
}

/*
 * How long after its launch the OS may still start APs (os-start-phase=MS,
 * arch/x86/guests/os_phase.c): Linux starts them within its first second
 * or so of (emulated) time; a minute bounds a slow boot with room to spare.
 */
static const struct option_range start_phase_ms = { 60000, 1, 3600000 };

/*
 * The SDM's way unless the platform is known to break it: Bochs 2.7 keeps
 * an INIT pending after its VM exit (arch/x86/guests/os_sipi.c).
 * linux-ap=wait-for-sipi|watch-icr chooses.
 */
void guest_choose_ap_start(struct os_config *config)
{
	char how[16];

	config->apic_base = apic_msr_base();
	config->start_phase_ms = option_number("os-start-phase", &start_phase_ms);
	config->ap_start =
		emulator_detect() == EMULATOR_BOCHS ? OS_AP_WATCH_ICR : OS_AP_WAIT_FOR_SIPI;
	if (cmdline_value(boot.cmdline, "linux-ap", how, sizeof(how))) {
		if (!strcmp(how, "watch-icr"))
			config->ap_start = OS_AP_WATCH_ICR;
		else if (!strcmp(how, "wait-for-sipi"))
			config->ap_start = OS_AP_WAIT_FOR_SIPI;
		else
			kalways("%s: linux-ap=%s is neither wait-for-sipi nor watch-icr; ignored\n",
				config->kind->name, how);
	}
	kprintf("%s: the APs wait for %s's SIPI %s\n", config->kind->name, config->display,
		config->ap_start == OS_AP_WATCH_ICR
			? "in VMX root operation, the APIC's ICR watched"
			: "as guests in the wait-for-SIPI state");
}

static void intercept(struct os_config *config, uint16_t port)
{
	if (config->io_port_count < OS_IO_PORTS_MAX)
		config->io_ports[config->io_port_count++] = port;
}

void guest_intercept_emulator_ports(struct os_config *config)
{
	for (uint16_t port = DEBUG_EXIT_PORT; port < DEBUG_EXIT_PORT + DEBUG_EXIT_PORT_SIZE; port++)
		intercept(config, port);
	intercept(config, BOCHS_SHUTDOWN_PORT);
}

bool guest_stage_run(void)
{
	struct guest_image image;
	const char *reason;
	const void *bytes;
	size_t len;

	if (!guest_stage_wanted())
		return true;
	bytes = guest_module_bytes(0, &len);
	/* What is neither Multiboot kernel is the Linux loader's to accept or refuse by name. */
	if (guest_image_detect(bytes, len, &image, &reason)) {
		if (image.kind == GUEST_IMAGE_LINUX) {
			stage = STAGE_LINUX;
			return linux_stage_run();
		}
		stage = STAGE_MULTIBOOT;
		return multiboot_stage_run(&image, NULL);
	}
	/* No header at all: the Linux loader's to refuse by its own names (not-linux, truncated). */
	if (!strcmp(reason, "no-header") || !strcmp(reason, "too-short")) {
		stage = STAGE_LINUX;
		return linux_stage_run();
	}
	stage = STAGE_MULTIBOOT; /* a Multiboot header it cannot honour: refused by name */
	return multiboot_stage_run(NULL, reason);
}

void guest_stage_report(void)
{
	if (stage == STAGE_LINUX)
		linux_stage_report();
	else if (stage == STAGE_MULTIBOOT)
		multiboot_stage_report();
}
