#include "lib/acpi_timers.h"
#include "lib/acpi_fadt.h"

/* HPET table: the event timer block's base address (HPET spec table 3). */
#define HPET_BASE_GAS 40

void acpi_timers_from_fadt(const uint8_t *fadt, uint32_t len, struct acpi_timers *t)
{
	uint64_t port = 0;

	t->pm_timer_port = 0;
	t->pm_timer_32bit = false;
	if (!fadt || len < FADT_FLAGS + 4)
		return;
	/* The 64-bit field wins where it is present and names I/O space. */
	if (len >= FADT_X_PM_TMR_BLK + GAS_LEN &&
	    fadt[FADT_X_PM_TMR_BLK + GAS_SPACE_ID] == GAS_SPACE_IO)
		port = acpi_le64(fadt + FADT_X_PM_TMR_BLK + GAS_ADDRESS);
	if (!port && fadt[FADT_PM_TMR_LEN] == 4)
		port = acpi_le32(fadt + FADT_PM_TMR_BLK);
	if (!port || port > 0xFFFC)
		return;
	t->pm_timer_port = (uint16_t)port;
	t->pm_timer_32bit = acpi_le32(fadt + FADT_FLAGS) & FADT_TMR_VAL_EXT;
}

void acpi_timers_from_hpet(const uint8_t *hpet, uint32_t len, struct acpi_timers *t)
{
	uint64_t base;

	t->hpet_base = 0;
	if (!hpet || len < HPET_BASE_GAS + GAS_LEN ||
	    hpet[HPET_BASE_GAS + GAS_SPACE_ID] != GAS_SPACE_MEMORY)
		return;
	base = acpi_le64(hpet + HPET_BASE_GAS + GAS_ADDRESS);
	/* The register block is 1 KiB, 1 KiB aligned (HPET spec 2.3.1). */
	if (base & 0x3FF)
		return;
	t->hpet_base = base;
}
