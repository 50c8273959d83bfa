/* ACPI table builders for the host tests (ACPI 6.5 sections 5.2.5-5.2.12). */
#include "tests/support/acpi_build.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void acpi_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void acpi_put32(uint8_t *p, uint32_t v)
{
	acpi_put16(p, (uint16_t)v);
	acpi_put16(p + 2, (uint16_t)(v >> 16));
}

void acpi_put64(uint8_t *p, uint64_t v)
{
	acpi_put32(p, (uint32_t)v);
	acpi_put32(p + 4, (uint32_t)(v >> 32));
}

uint32_t acpi_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void acpi_fix_checksum(uint8_t *p, size_t len, size_t at)
{
	uint8_t sum = 0;
	size_t i;

	p[at] = 0;
	for (i = 0; i < len; i++)
		sum += p[i];
	p[at] = (uint8_t)-sum;
}

size_t acpi_build_rsdp(uint8_t *out, const struct acpi_oem *oem, uint8_t revision, uint32_t rsdt,
		       uint64_t xsdt)
{
	memset(out, 0, ACPI_RSDP_V2_LEN);
	memcpy(out, "RSD PTR ", 8);
	memcpy(out + 9, oem->id, 6);
	out[ACPI_RSDP_REVISION] = revision;
	acpi_put32(out + 16, rsdt);
	acpi_fix_checksum(out, ACPI_RSDP_V1_LEN, ACPI_RSDP_CHECKSUM);
	if (revision < 2)
		return ACPI_RSDP_V1_LEN;
	acpi_put32(out + ACPI_RSDP_LENGTH, ACPI_RSDP_V2_LEN);
	acpi_put64(out + 24, xsdt);
	acpi_fix_checksum(out, ACPI_RSDP_V2_LEN, ACPI_RSDP_EXT_CHECKSUM);
	return ACPI_RSDP_V2_LEN;
}

void acpi_fix_rsdp(uint8_t *rsdp, size_t len)
{
	uint32_t ext_len;

	if (len < ACPI_RSDP_V1_LEN)
		return;
	acpi_fix_checksum(rsdp, ACPI_RSDP_V1_LEN, ACPI_RSDP_CHECKSUM);
	if (len < ACPI_RSDP_V2_LEN || rsdp[ACPI_RSDP_REVISION] < 2)
		return;
	ext_len = acpi_get32(rsdp + ACPI_RSDP_LENGTH);
	if (ext_len >= ACPI_RSDP_V2_LEN && ext_len <= len)
		acpi_fix_checksum(rsdp, ext_len, ACPI_RSDP_EXT_CHECKSUM);
}

size_t acpi_build_sdt(uint8_t *out, const char *sig, uint8_t revision, const struct acpi_oem *oem,
		      const void *body, size_t body_len)
{
	size_t len = ACPI_SDT_HEADER_LEN + body_len;

	memset(out, 0, ACPI_SDT_HEADER_LEN);
	memcpy(out, sig, 4);
	acpi_put32(out + ACPI_SDT_LENGTH, (uint32_t)len);
	out[8] = revision;
	memcpy(out + 10, oem->id, 6);
	memcpy(out + 16, oem->table_id, 8);
	acpi_put32(out + 24, oem->revision);
	if (oem->creator_id)
		memcpy(out + 28, oem->creator_id, 4);
	acpi_put32(out + 32, oem->creator_revision);
	memcpy(out + ACPI_SDT_HEADER_LEN, body, body_len);
	acpi_fix_checksum(out, len, ACPI_SDT_CHECKSUM);
	return len;
}

void acpi_madt_init(struct acpi_madt *m, uint32_t lapic_addr, uint32_t flags)
{
	acpi_put32(m->body, lapic_addr);
	acpi_put32(m->body + 4, flags);
	m->len = 8;
}

uint8_t *acpi_madt_add(struct acpi_madt *m, uint8_t type, uint8_t entry_len)
{
	uint8_t *e = m->body + m->len;
	size_t room = entry_len < 2 ? 2 : entry_len;

	if (m->len + room > sizeof(m->body)) {
		fprintf(stderr, "acpi_madt_add: MADT body full at %zu bytes\n", m->len);
		abort();
	}
	memset(e, 0, room);
	e[0] = type;
	e[1] = entry_len;
	m->len += room;
	return e;
}

/* Processor Local APIC, type 0 (5.2.12.2). */
void acpi_madt_lapic(struct acpi_madt *m, uint8_t uid, uint8_t apic_id, uint32_t flags)
{
	uint8_t *e = acpi_madt_add(m, 0, 8);

	e[2] = uid;
	e[3] = apic_id;
	acpi_put32(e + 4, flags);
}

/* I/O APIC, type 1 (5.2.12.3). */
void acpi_madt_ioapic(struct acpi_madt *m, uint8_t id, uint32_t addr, uint32_t gsi_base)
{
	uint8_t *e = acpi_madt_add(m, 1, 12);

	e[2] = id;
	acpi_put32(e + 4, addr);
	acpi_put32(e + 8, gsi_base);
}

/* Interrupt Source Override, type 2 (5.2.12.5): bus 0 (ISA). */
void acpi_madt_iso(struct acpi_madt *m, uint8_t source, uint32_t gsi, uint16_t flags)
{
	uint8_t *e = acpi_madt_add(m, 2, 10);

	e[3] = source;
	acpi_put32(e + 4, gsi);
	acpi_put16(e + 8, flags);
}

/* Local APIC NMI, type 4 (5.2.12.7): active high, edge, LINT1. */
void acpi_madt_lapic_nmi(struct acpi_madt *m, uint8_t uid)
{
	uint8_t *e = acpi_madt_add(m, 4, 6);

	e[2] = uid;
	acpi_put16(e + 3, 5);
	e[5] = 1;
}

/* Local APIC Address Override, type 5 (5.2.12.8). */
void acpi_madt_override(struct acpi_madt *m, uint64_t lapic_addr)
{
	acpi_put64(acpi_madt_add(m, 5, 12) + 4, lapic_addr);
}

/* Processor Local x2APIC, type 9 (5.2.12.12). */
void acpi_madt_x2apic(struct acpi_madt *m, uint32_t apic_id, uint32_t flags, uint32_t uid)
{
	uint8_t *e = acpi_madt_add(m, 9, 16);

	acpi_put32(e + 4, apic_id);
	acpi_put32(e + 8, flags);
	acpi_put32(e + 12, uid);
}

/* Local x2APIC NMI, type 0xA (5.2.12.13): active high, edge, LINT1. */
void acpi_madt_x2apic_nmi(struct acpi_madt *m, uint32_t uid)
{
	uint8_t *e = acpi_madt_add(m, 0xa, 12);

	acpi_put16(e + 2, 5);
	acpi_put32(e + 4, uid);
	e[8] = 1;
}
