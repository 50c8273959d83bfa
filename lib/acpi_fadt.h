/*
 * The FADT's layout and the Generic Address Structure, shared by the readers
 * of its fields (lib/acpi_timers.c, lib/acpi_power.c).
 *
 * Offsets and sizes: ACPI 6.5 section 5.2.9, table 5.9 (FADT Format); the
 * Generic Address Structure: section 5.2.3.2.  A field is present only when
 * the table's Length covers it: older FADTs are shorter (an ACPI 1.0 FADT
 * ends after Flags, at 116 bytes).
 */
#ifndef LIB_ACPI_FADT_H
#define LIB_ACPI_FADT_H

#include <stdint.h>

/* FADT fields: byte offset (and length where several bytes). */
#define FADT_DSDT	    40	/* 4: 32-bit physical address of the DSDT */
#define FADT_PM1A_CNT_BLK   64	/* 4: I/O port of the PM1a control block */
#define FADT_PM1B_CNT_BLK   68	/* 4: same for PM1b, 0 if none */
#define FADT_PM_TMR_BLK	    76	/* 4 */
#define FADT_PM1_CNT_LEN    89	/* 1: bytes in each PM1x control block */
#define FADT_PM_TMR_LEN	    91	/* 1 */
#define FADT_FLAGS	    112 /* 4 */
#define FADT_RESET_REG	    116 /* GAS */
#define FADT_RESET_VALUE    128 /* 1 */
#define FADT_X_DSDT	    140 /* 8 */
#define FADT_X_PM1A_CNT_BLK 172 /* GAS */
#define FADT_X_PM1B_CNT_BLK 184 /* GAS */
#define FADT_X_PM_TMR_BLK   208 /* GAS */

/* FADT Flags bits (table 5.10, Fixed ACPI Description Table Fixed Feature Flags). */
#define FADT_TMR_VAL_EXT   (1u << 8)
#define FADT_RESET_REG_SUP (1u << 10)

/* Generic Address Structure: fields' offsets, its size, its address spaces. */
#define GAS_SPACE_ID	 0
#define GAS_BIT_WIDTH	 1
#define GAS_BIT_OFFSET	 2
#define GAS_ACCESS_SIZE	 3
#define GAS_ADDRESS	 4
#define GAS_LEN		 12
#define GAS_SPACE_MEMORY 0
#define GAS_SPACE_IO	 1

/* ACPI tables are little-endian and their fields unaligned. */
static inline uint32_t acpi_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t acpi_le64(const uint8_t *p)
{
	return (uint64_t)acpi_le32(p) | (uint64_t)acpi_le32(p + 4) << 32;
}

#endif
