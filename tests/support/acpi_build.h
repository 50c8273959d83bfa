/*
 * Builders of ACPI tables for the host tests: the unit tests of lib/acpi.c,
 * the ACPI fuzzer and its seed generator.  Layouts are ACPI 6.5's: the RSDP
 * (section 5.2.5.3), the system description table header (5.2.6) and the
 * MADT with its interrupt controller structures (5.2.12).  Plain C without
 * a test framework, so that a fuzzer can link it too.
 */
#ifndef TESTS_SUPPORT_ACPI_BUILD_H
#define TESTS_SUPPORT_ACPI_BUILD_H

#include <stddef.h>
#include <stdint.h>

/* Offsets the builders and their users share. */
#define ACPI_RSDP_CHECKSUM     8
#define ACPI_RSDP_REVISION     15
#define ACPI_RSDP_V1_LEN       20
#define ACPI_RSDP_LENGTH       20
#define ACPI_RSDP_EXT_CHECKSUM 32
#define ACPI_RSDP_V2_LEN       36
#define ACPI_SDT_LENGTH	       4
#define ACPI_SDT_CHECKSUM      9
#define ACPI_SDT_HEADER_LEN    36

/* MADT flags: PCAT_COMPAT; processor flags: Enabled, Online Capable. */
#define ACPI_MADT_PCAT_COMPAT 1u
#define ACPI_CPU_ENABLED      1u
#define ACPI_CPU_ONLINE	      2u
#define ACPI_LAPIC_DEFAULT    0xfee00000u

/* Little-endian stores and loads, alignment-free. */
void acpi_put16(uint8_t *p, uint16_t v);
void acpi_put32(uint8_t *p, uint32_t v);
void acpi_put64(uint8_t *p, uint64_t v);
uint32_t acpi_get32(const uint8_t *p);

/* Sets p[at] so that p[0..len) sums to zero modulo 256. */
void acpi_fix_checksum(uint8_t *p, size_t len, size_t at);

/*
 * Who made a table: the 6-byte OEM ID and 8-byte OEM table ID, padded
 * with spaces as firmware does, and the revisions and 4-byte creator ID
 * of the header (a NULL creator is left zero).
 */
struct acpi_oem {
	const char *id;
	const char *table_id;
	uint32_t revision;
	const char *creator_id;
	uint32_t creator_revision;
};

/*
 * An RSDP into out (ACPI_RSDP_V2_LEN bytes of room): revision 0 gives the
 * 20-byte ACPI 1.0 structure, 2 and up the 36-byte one with the XSDT.
 * Checksums are right.  Returns the length written.
 */
size_t acpi_build_rsdp(uint8_t *out, const struct acpi_oem *oem, uint8_t revision, uint32_t rsdt,
		       uint64_t xsdt);

/* Repairs both RSDP checksums as far as `len` bytes allow. */
void acpi_fix_rsdp(uint8_t *rsdp, size_t len);

/*
 * A table into out (ACPI_SDT_HEADER_LEN + body_len bytes of room): the
 * header with `sig`, `revision` and `oem`, then the body; checksum right.
 * Returns the table's length.
 */
size_t acpi_build_sdt(uint8_t *out, const char *sig, uint8_t revision, const struct acpi_oem *oem,
		      const void *body, size_t body_len);

/* A MADT body (everything after the header), entry by entry. */
struct acpi_madt {
	uint8_t body[24 * 1024];
	size_t len;
};

void acpi_madt_init(struct acpi_madt *m, uint32_t lapic_addr, uint32_t flags);
/*
 * Appends an entry of `type` claiming `entry_len` bytes (at least 2 are
 * written), zeroed past its type and length; returns it for the caller to
 * fill.  Aborts when the body is full.
 */
uint8_t *acpi_madt_add(struct acpi_madt *m, uint8_t type, uint8_t entry_len);
void acpi_madt_lapic(struct acpi_madt *m, uint8_t uid, uint8_t apic_id, uint32_t flags);
void acpi_madt_x2apic(struct acpi_madt *m, uint32_t apic_id, uint32_t flags, uint32_t uid);
void acpi_madt_ioapic(struct acpi_madt *m, uint8_t id, uint32_t addr, uint32_t gsi_base);
void acpi_madt_iso(struct acpi_madt *m, uint8_t source, uint32_t gsi, uint16_t flags);
void acpi_madt_lapic_nmi(struct acpi_madt *m, uint8_t uid);
void acpi_madt_x2apic_nmi(struct acpi_madt *m, uint32_t uid);
void acpi_madt_override(struct acpi_madt *m, uint64_t lapic_addr);

#endif
