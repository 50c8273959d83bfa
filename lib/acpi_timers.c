#include "lib/acpi_timers.h"

/* FADT offsets (ACPI 6.5 table 5.9). */
#define FADT_PM_TMR_BLK	  76
#define FADT_PM_TMR_LEN	  91
#define FADT_FLAGS	  112
#define FADT_X_PM_TMR_BLK 208
#define FADT_TMR_VAL_EXT  (1u << 8)

/* Generic Address Structure (ACPI 6.5 section 5.2.3.2). */
#define GAS_SPACE_ID	 0
#define GAS_ADDRESS	 4
#define GAS_LEN		 12
#define GAS_SPACE_MEMORY 0
#define GAS_SPACE_IO	 1

/* HPET table: the event timer block's base address (HPET spec table 3). */
#define HPET_BASE_GAS 40

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

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
		port = le64(fadt + FADT_X_PM_TMR_BLK + GAS_ADDRESS);
	if (!port && fadt[FADT_PM_TMR_LEN] == 4)
		port = le32(fadt + FADT_PM_TMR_BLK);
	if (!port || port > 0xFFFC)
		return;
	t->pm_timer_port = (uint16_t)port;
	t->pm_timer_32bit = le32(fadt + FADT_FLAGS) & FADT_TMR_VAL_EXT;
}

void acpi_timers_from_hpet(const uint8_t *hpet, uint32_t len, struct acpi_timers *t)
{
	uint64_t base;

	t->hpet_base = 0;
	if (!hpet || len < HPET_BASE_GAS + GAS_LEN ||
	    hpet[HPET_BASE_GAS + GAS_SPACE_ID] != GAS_SPACE_MEMORY)
		return;
	base = le64(hpet + HPET_BASE_GAS + GAS_ADDRESS);
	/* The register block is 1 KiB, 1 KiB aligned (HPET spec 2.3.1). */
	if (base & 0x3FF)
		return;
	t->hpet_base = base;
}
