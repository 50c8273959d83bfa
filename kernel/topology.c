#include <string.h>
#include "kernel/topology.h"
#include "kernel/bootinfo.h"
#include "arch/x86/console.h"
#include "arch/x86/memory.h"
#include "lib/test_hooks.h"
#include "lib/escape.h"

struct acpi_madt_info madt;

/* test=madt-wrong-lapic: the I/O APIC's usual address, where no local APIC answers. */
#define WRONG_LAPIC_ADDR 0xFEC00000ull

/* An APIC id no processor has: the MADT entry of a core that never answers. */
#define PHANTOM_APIC_ID 0xFE

static void add_phantom_cpu(void)
{
	if (madt.listed_count < CONFIG_MAX_CPUS) {
		madt.listed[madt.listed_count++] =
			(struct acpi_cpu){ .apic_id = PHANTOM_APIC_ID, .enabled = true };
		kprintf("test: added apic id %u, which no processor has, to the MADT's list\n",
			PHANTOM_APIC_ID);
	}
}

/*
 * Tables are read where the memory map says firmware keeps data: a corrupt
 * pointer into a hole or a device gets NULL, not a fault or a device read.
 */
static const void *map_firmware_table(void *ctx, uint64_t phys, size_t len)
{
	(void)ctx;
	if (len == 0 || phys + len < phys || !memory_map_firmware(phys, len))
		return NULL;
	return (const void *)(uintptr_t)phys;
}

static void print_processors(void)
{
	char oem[ESCAPED_SIZE(sizeof(madt.oem_id))];
	uint32_t enabled = 0;

	for (uint32_t i = 0; i < madt.listed_count; i++) {
		const struct acpi_cpu *c = &madt.listed[i];

		enabled += c->enabled;
		kverbose("acpi: madt entry %u: %s apic=%u uid=%u %s\n", i,
			 c->x2apic_entry ? "local-x2apic" : "local-apic", c->apic_id, c->acpi_uid,
			 c->enabled	     ? "enabled"
			 : c->online_capable ? "online-capable"
					     : "disabled");
	}
	kprintf("acpi: oem=\"%s\" revision=%u %s; madt lists %u processors (%u enabled), local apic at 0x%lx\n",
		escape_string(oem, sizeof(oem), madt.oem_id, sizeof(madt.oem_id)),
		madt.acpi_revision, madt.used_xsdt ? "xsdt" : "rsdt", madt.listed_count, enabled,
		(unsigned long)madt.lapic_addr);
	if (madt.listed_dropped)
		kalways("acpi: %u more processors than this build supports (CONFIG_MAX_CPUS=%u) are ignored\n",
			madt.listed_dropped, CONFIG_MAX_CPUS);
}

bool topology_discover(void)
{
	uint8_t rsdp[sizeof(boot.rsdp)];
	enum acpi_status status;

	if (!boot.has_rsdp) {
		kalways("acpi: the boot loader passed no RSDP, so the processors cannot be found; "
			"continuing with the boot processor alone\n");
		return false;
	}
	memcpy(rsdp, boot.rsdp, sizeof(rsdp));
	if (test_hook(TEST_ACPI_BAD_CHECKSUM))
		rsdp[8] ^= 0xFF; /* the checksum byte: as broken firmware might hand over */
	status = acpi_read_madt(rsdp, boot.rsdp_len, map_firmware_table, NULL, &madt);
	if (status != ACPI_OK) {
		const char *table = madt.fault_sig[0] ? madt.fault_sig : "?";
		/* No address for the RSDP, which is the boot loader's copy, or a missing table. */
		if (madt.fault_addr)
			kalways("acpi: table %s at 0x%lx: %s\n", table,
				(unsigned long)madt.fault_addr, acpi_status_message(status));
		else
			kalways("acpi: table %s: %s\n", table, acpi_status_message(status));
		return false;
	}
	print_processors();
	if (test_hook(TEST_PHANTOM_CPU))
		add_phantom_cpu();
	/* Firmware tables that misplace the local APIC, or keep a core disabled. */
	if (test_hook(TEST_MADT_WRONG_LAPIC))
		madt.lapic_addr = WRONG_LAPIC_ADDR;
	if (test_hook(TEST_ONLINE_CAPABLE_CPU) && madt.listed_count > 1) {
		madt.listed[madt.listed_count - 1].enabled = false;
		madt.listed[madt.listed_count - 1].online_capable = true;
	}
	return true;
}

void topology_find_timers(struct acpi_timers *timers)
{
	uint64_t phys;
	uint32_t len;

	*timers = (struct acpi_timers){ 0 };
	if (!boot.has_rsdp)
		return;
	phys = acpi_find_table(boot.rsdp, boot.rsdp_len, map_firmware_table, NULL, "FACP", &len);
	if (phys)
		acpi_timers_from_fadt((const uint8_t *)(uintptr_t)phys, len, timers);
	phys = acpi_find_table(boot.rsdp, boot.rsdp_len, map_firmware_table, NULL, "HPET", &len);
	if (phys)
		acpi_timers_from_hpet((const uint8_t *)(uintptr_t)phys, len, timers);
}
