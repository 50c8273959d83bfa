/* DMAR tables for the host tests (tests/support/dmar_build.h). */
#include <string.h>

#include "tests/support/acpi_build.h"
#include "tests/support/dmar_build.h"

static uint8_t *append(struct dmar_build *b, size_t n)
{
	uint8_t *p = b->bytes + b->len;

	memset(p, 0, n);
	b->len += n;
	return p;
}

static size_t add_struct(struct dmar_build *b, uint16_t type, uint16_t len)
{
	uint8_t *p;

	b->last = b->len;
	p = append(b, len);
	acpi_put16(p, type);
	acpi_put16(p + 2, len);
	return b->last;
}

void dmar_begin(struct dmar_build *b, uint8_t host_width, uint8_t flags)
{
	memset(b, 0, sizeof(*b));
	memcpy(b->bytes, "DMAR", 4);
	b->bytes[8] = 1; /* revision */
	memcpy(b->bytes + 10, "TESTS ", 6);
	b->bytes[36] = (uint8_t)(host_width - 1);
	b->bytes[37] = flags;
	b->len = 48;
}

size_t dmar_add_drhd(struct dmar_build *b, uint8_t flags, uint16_t segment, uint64_t reg_base)
{
	size_t at = add_struct(b, 0, 16);

	b->bytes[at + 4] = flags;
	acpi_put16(b->bytes + at + 6, segment);
	acpi_put64(b->bytes + at + 8, reg_base);
	return at;
}

size_t dmar_add_rmrr(struct dmar_build *b, uint16_t segment, uint64_t base, uint64_t limit)
{
	size_t at = add_struct(b, 1, 24);

	acpi_put16(b->bytes + at + 6, segment);
	acpi_put64(b->bytes + at + 8, base);
	acpi_put64(b->bytes + at + 16, limit);
	return at;
}

size_t dmar_add_atsr(struct dmar_build *b, uint8_t flags, uint16_t segment)
{
	size_t at = add_struct(b, 2, 8);

	b->bytes[at + 4] = flags;
	acpi_put16(b->bytes + at + 6, segment);
	return at;
}

size_t dmar_add_rhsa(struct dmar_build *b, uint64_t reg_base, uint32_t domain)
{
	size_t at = add_struct(b, 3, 20);

	acpi_put64(b->bytes + at + 8, reg_base);
	acpi_put32(b->bytes + at + 16, domain);
	return at;
}

void dmar_add_scope(struct dmar_build *b, uint8_t type, uint8_t enum_id, uint8_t start_bus,
		    const uint8_t (*path)[2], unsigned int hops)
{
	uint8_t len = (uint8_t)(6 + 2 * hops);
	uint8_t *p = append(b, len);

	p[0] = type;
	p[1] = len;
	p[4] = enum_id;
	p[5] = start_bus;
	for (unsigned int i = 0; i < hops; i++) {
		p[6 + 2 * i] = path[i][0];
		p[7 + 2 * i] = path[i][1];
	}
	acpi_put16(b->bytes + b->last + 2, (uint16_t)(b->len - b->last));
}

size_t dmar_finish(struct dmar_build *b)
{
	acpi_put32(b->bytes + 4, (uint32_t)b->len);
	acpi_fix_checksum(b->bytes, b->len, 9);
	return b->len;
}
