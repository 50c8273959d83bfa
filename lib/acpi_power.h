/*
 * What the firmware's ACPI tables say about turning the machine off and
 * resetting it, so that the hypervisor can recognise its guest doing either:
 *
 *  - the PM1a/PM1b control registers (FADT PM1x_CNT_BLK, X_PM1x_CNT_BLK;
 *    ACPI 6.5 section 4.8.3.2.1), where writing SLP_EN with the SLP_TYPx
 *    value that the DSDT's \_S5 object names turns the machine off (soft
 *    off, S5);
 *  - the FADT's RESET_REG and RESET_VALUE (section 4.8.3.6, Reset Register;
 *    table 5.9).
 *
 * Pure: it reads byte buffers that the caller mapped.  The FADT's field
 * offsets are in lib/acpi_fadt.h.
 */
#ifndef LIB_ACPI_POWER_H
#define LIB_ACPI_POWER_H

#include <stdbool.h>
#include <stdint.h>

/* A Generic Address Structure (ACPI 6.5 section 5.2.3.2), decoded. */
struct acpi_gas {
	uint8_t space; /* GAS_SPACE_IO, GAS_SPACE_MEMORY, ... (lib/acpi_fadt.h) */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;
	uint64_t address; /* 0: none */
};

struct acpi_power {
	/* I/O ports of the PM1 control registers, 0: none (or not in I/O space). */
	uint16_t pm1a_cnt;
	uint16_t pm1b_cnt;
	/* RESET_REG as the FADT gives it (any space; address 0: none). */
	struct acpi_gas reset_reg;
	uint8_t reset_value;
	bool reset_reg_sup; /* FADT Flags bit 10, RESET_REG_SUP */
	/* Physical address of the DSDT (X_DSDT where nonzero), 0: none. */
	uint64_t dsdt_phys;
	/* The \_S5 object's first two package elements: SLP_TYPa, SLP_TYPb (0-7). */
	bool s5_found;
	uint8_t s5_slp_typ_a;
	uint8_t s5_slp_typ_b;
};

/*
 * From the FADT's len bytes (header included) into *p, which it resets
 * first: the PM1 control ports (an X_ field wins where it is present, in
 * I/O space and nonzero; else the 32-bit field, when PM1_CNT_LEN is at
 * least 2), the reset register and value, RESET_REG_SUP and the DSDT's
 * address.  Fields the table is too short to hold stay 0.  s5_found is
 * false until acpi_power_from_dsdt finds \_S5.
 */
void acpi_power_from_fadt(const uint8_t *fadt, uint32_t len, struct acpi_power *p);

/*
 * From the DSDT's len bytes: true, and s5_* filled, if its header says
 * "DSDT" with a Length from 36 to len and its AML holds a well-formed
 * \_S5 package; else false and s5_found false.  The checksum is not
 * required (operating systems use DSDTs whose checksum is wrong).
 */
bool acpi_power_from_dsdt(const uint8_t *dsdt, uint32_t len, struct acpi_power *p);

/*
 * Scan len bytes of AML for the first "Name (_S5_, Package () {a, b, ...})"
 * (the name also as \_S5_ or ^_S5_) and return true with *slp_typ_a = a,
 * *slp_typ_b = b when the package is well formed: its length lies within
 * len, it has at least two elements, both integer constants (Zero, One, or
 * Byte/Word/DWord/QWord-prefixed data) of 0-7, the range of the 3-bit
 * SLP_TYPx fields.  An ill-formed or cut occurrence is skipped; nothing
 * found gives false.  Every read stays within aml[0, len).  Not handled:
 * the one-integer package form (both types packed in one integer), \_S5
 * defined in an SSDT or returned by a method.
 */
bool acpi_aml_find_s5(const uint8_t *aml, uint32_t len, uint8_t *slp_typ_a, uint8_t *slp_typ_b);

#endif
