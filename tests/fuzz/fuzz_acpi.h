/*
 * The input format of the ACPI fuzzer (fuzz_acpi.c), shared with its seed
 * generator (acpi_seeds.c):
 *
 *   byte 0       flags (FUZZ_ACPI_*)
 *   byte 1       n, the length of the RSDP copy (clipped to what follows)
 *   n bytes      the RSDP copy, as the Multiboot2 ACPI tag would hold it
 *   the rest     a physical memory image starting at FUZZ_ACPI_BASE (or at
 *                FUZZ_ACPI_BASE_HIGH with FUZZ_ACPI_HIGH_BASE)
 */
#ifndef TESTS_FUZZ_FUZZ_ACPI_H
#define TESTS_FUZZ_FUZZ_ACPI_H

#define FUZZ_ACPI_FIX_RSDP   0x01 /* repair both RSDP checksums */
#define FUZZ_ACPI_FIX_TABLES 0x02 /* repair RSDT, XSDT and APIC checksums */
#define FUZZ_ACPI_HIGH_BASE  0x04 /* put the image just below 2^64 */

/* Where QEMU puts its tables, so seeds look like the real thing. */
#define FUZZ_ACPI_BASE		 0x7fe0000ull
/* Near the top, to drive address arithmetic towards wrapping. */
#define FUZZ_ACPI_BASE_HIGH	 0xffffffffffff0000ull
#define FUZZ_ACPI_IMAGE_MAX_HIGH 0x10000ull

#endif
