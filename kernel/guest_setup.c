/*
 * What the guest kinds' stages share (kernel/guest_setup.h): the modules'
 * bytes, the ranges the hypervisor keeps and hides from the guest's view,
 * and the run's configuration (ports, the APs' start, the GDB stub, the
 * IOMMU hidden).  Called by linux_stage.c and multiboot_stage.c; it calls
 * neither, so the stages and the dispatcher (guest_stage.c) form no circle.
 */
#include "kernel/guest_setup.h"

#include <string.h>

#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/emulator.h"
#include "arch/x86/memory.h"
#include "arch/x86/percpu.h"
#include "kernel/bootinfo.h"
#include "kernel/linux_power.h"
#include "kernel/topology.h"
#include "arch/x86/iommu.h"
#include "lib/acpi_dmar.h"
#include "kernel/options.h"
#include "lib/cmdline.h"
#include "lib/emulator_ports.h"
#include "lib/escape.h"
#include "lib/gdb/hex.h"
#include "lib/linux_memory.h"

#define MIB (1ull << 20)

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
static void choose_ap_start(struct os_config *config, const char *how,
			    const struct boot_option_text *start_phase)
{
	config->apic_base = apic_msr_base();
	config->start_phase_ms = option_number("os-start-phase", start_phase, &start_phase_ms);
	config->ap_start =
		emulator_detect() == EMULATOR_BOCHS ? OS_AP_WATCH_ICR : OS_AP_WAIT_FOR_SIPI;
	if (how[0]) {
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

/* A UART's base port by its PC name, or as a number (0x2f8); 0 if neither. */
static uint16_t uart_port_named(const char *name)
{
	static const struct {
		const char *name;
		uint16_t port;
	} ports[] = { { "com1", 0x3f8 }, { "com2", 0x2f8 }, { "com3", 0x3e8 }, { "com4", 0x2e8 } };
	unsigned long value = 0;
	const char *p = name;

	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++)
		if (!strcmp(name, ports[i].name))
			return ports[i].port;
	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X') || !p[2])
		return 0;
	for (p += 2; *p; p++) {
		int digit = gdb_hex_value(*p);
		if (digit < 0 || value > 0xfff)
			return 0;
		value = value * 16 + (unsigned)digit;
	}
	return value <= 0xfff8 ? (uint16_t)value : 0;
}

/* gdb=com2 (or com1, 0x2f8...): the GDB stub's port (arch/x86/guests/debugger.h). */
static void choose_gdb(struct os_config *config, const char *name)
{
	uint16_t port;

	if (!name[0])
		return;
	port = uart_port_named(name);
	if (!port) {
		/* escape_string writes up to 4 bytes per byte (\xHH). */
		char shown[4 * BOOT_OPTION_WORD_MAX + 1];
		kalways("gdb: gdb=%s names no serial port (com1-com4, or 0x2f8); the stub is off\n",
			escape_string(shown, sizeof(shown), name, strlen(name)));
		return;
	}
	config->gdb_port = port;
	config->gdb_name = name;
}

static void intercept(struct os_config *config, uint16_t port)
{
	if (config->io_port_count < OS_IO_PORTS_MAX)
		config->io_ports[config->io_port_count++] = port;
}

/* The emulator ports every OS guest has intercepted (lib/emulator_ports.h), after the power ports. */
static void intercept_emulator_ports(struct os_config *config)
{
	for (uint16_t port = DEBUG_EXIT_PORT; port < DEBUG_EXIT_PORT + DEBUG_EXIT_PORT_SIZE; port++)
		intercept(config, port);
	intercept(config, BOCHS_SHUTDOWN_PORT);
	intercept(config, DEBUG_CONSOLE_PORT);
}

/*
 * The IOMMU is the hypervisor's: a guest that programmed it could swap its
 * tables or turn DMA remapping off.  Its units' registers leave the
 * guest's view, and the DMAR table is renamed, so an OS finds no unit to
 * drive (its own IOMMU driver stays idle).
 */
static void hide_iommu(void)
{
	const struct dmar_info *dmar;
	uint64_t phys;
	uint32_t len;

	if (strcmp(iommu_state_word(), "on") != 0 || !topology_dmar(&dmar, &phys, &len))
		return;
	for (uint32_t i = 0; i < dmar->unit_count; i++)
		os_hide(dmar->units[i].reg_base, PAGE_SIZE << dmar->units[i].size);
	acpi_dmar_hide((uint8_t *)(uintptr_t)phys, len);
	kprintf("iommu: the remapping units' registers and the DMAR table are hidden from the "
		"guest\n");
}

void guest_configure_run(struct os_config *config,
			 struct os_io_verdict (*decide)(uint16_t port, unsigned size, bool in,
							uint32_t value),
			 const struct boot_options *o)
{
	hide_iommu();
	linux_power_config(config);
	intercept_emulator_ports(config);
	config->io_decide = decide;
	choose_ap_start(config, o->linux_ap, &o->os_start_phase);
	choose_gdb(config, o->gdb);
}
