#include <string.h>
#include "kernel/topology.h"
#include "kernel/bootinfo.h"
#include "arch/x86/console.h"
#include "arch/x86/memory.h"
#include "lib/test_hooks.h"
#include "lib/escape.h"
#include "lib/acpi_fadt.h"
#include "lib/printf.h"

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

/* A DSDT's header (ACPI 6.5 section 5.2.6): 36 bytes, Length at offset 4. */
#define DSDT_HEADER_LEN 36
#define DSDT_LENGTH	4
/* A bound on what firmware's DSDT Length may make us map: real ones are under 1 MiB. */
#define DSDT_MAX_LEN	(16u << 20)

/* The DSDT the FADT points to, read within its Length, for its \_S5. */
static void find_s5(struct acpi_power *power)
{
	const uint8_t *dsdt;
	uint32_t len;

	if (!power->dsdt_phys)
		return;
	dsdt = map_firmware_table(NULL, power->dsdt_phys, DSDT_HEADER_LEN);
	if (!dsdt || memcmp(dsdt, "DSDT", 4) != 0)
		return;
	len = acpi_le32(dsdt + DSDT_LENGTH);
	if (len < DSDT_HEADER_LEN || len > DSDT_MAX_LEN)
		return;
	dsdt = map_firmware_table(NULL, power->dsdt_phys, len);
	if (dsdt)
		acpi_power_from_dsdt(dsdt, len, power);
}

static const char *space_name(uint8_t space)
{
	return space == GAS_SPACE_IO ? "io" : space == GAS_SPACE_MEMORY ? "mem" : "other";
}

/* e.g. "acpi: power-off pm1a_cnt=0xb004 pm1b_cnt=none s5=0/0 reset=io:0xcf9=0x6" */
static void print_power(const struct acpi_power *p)
{
	char pm1a[8] = "none", pm1b[8] = "none", s5[8] = "none", reset[48] = "none";

	if (p->pm1a_cnt)
		ksnprintf(pm1a, sizeof(pm1a), "0x%x", p->pm1a_cnt);
	if (p->pm1b_cnt)
		ksnprintf(pm1b, sizeof(pm1b), "0x%x", p->pm1b_cnt);
	if (p->s5_found)
		ksnprintf(s5, sizeof(s5), "%u/%u", p->s5_slp_typ_a, p->s5_slp_typ_b);
	if (p->reset_reg.address)
		ksnprintf(reset, sizeof(reset), "%s:0x%lx=0x%x%s", space_name(p->reset_reg.space),
			  (unsigned long)p->reset_reg.address, p->reset_value,
			  p->reset_reg_sup ? "" : "(unflagged)");
	kprintf("acpi: power-off pm1a_cnt=%s pm1b_cnt=%s s5=%s reset=%s\n", pm1a, pm1b, s5, reset);
}

bool topology_find_power(struct acpi_power *power)
{
	uint64_t phys;
	uint32_t len;

	*power = (struct acpi_power){ 0 };
	if (!boot.has_rsdp)
		return false;
	phys = acpi_find_table(boot.rsdp, boot.rsdp_len, map_firmware_table, NULL, "FACP", &len);
	if (!phys) {
		kprintf("acpi: power-off: no FADT\n");
		return false;
	}
	acpi_power_from_fadt((const uint8_t *)(uintptr_t)phys, len, power);
	find_s5(power);
	print_power(power);
	return true;
}

static struct {
	uint64_t phys;
	uint32_t len;
	const struct dmar_info *info;
} dmar_found;

bool topology_dmar(const struct dmar_info **info, uint64_t *phys, uint32_t *len)
{
	*info = dmar_found.info;
	*phys = dmar_found.phys;
	*len = dmar_found.len;
	return dmar_found.info != NULL;
}

bool topology_find_dmar(struct dmar_info *dmar, const char **refused)
{
	enum dmar_status status;
	uint64_t phys;
	uint32_t len;

	*refused = NULL;
	if (!boot.has_rsdp)
		return false;
	phys = acpi_find_table(boot.rsdp, boot.rsdp_len, map_firmware_table, NULL, "DMAR", &len);
	if (!phys)
		return false;
	status = acpi_dmar_parse((const uint8_t *)(uintptr_t)phys, len, dmar);
	if (status != DMAR_OK) {
		kalways("acpi: table DMAR at 0x%lx, offset %u: %s\n", (unsigned long)phys,
			dmar->fault_offset, acpi_dmar_status_message(status));
		*refused = acpi_dmar_status_message(status);
		return false;
	}
	dmar_found.phys = phys;
	dmar_found.len = len;
	dmar_found.info = dmar;
	kprintf("acpi: dmar host-width=%u flags=0x%x units=%u rmrrs=%u atsrs=%u skipped=%u\n",
		dmar->host_width, dmar->flags, dmar->unit_count, dmar->rmrr_count, dmar->atsr_count,
		dmar->skipped);
	return true;
}
