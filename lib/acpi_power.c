#include <string.h>
#include "lib/acpi_power.h"
#include "lib/acpi_fadt.h"

/* The DSDT's header: signature, then Length (ACPI 6.5 section 5.2.6). */
#define SDT_HEADER_LEN 36
#define SDT_LENGTH     4

/*
 * AML encodings (ACPI 6.5 section 20.2, AML Grammar Definition): 20.2.2 Name
 * Objects (RootChar, ParentPrefixChar), 20.2.3 Data Objects (ZeroOp, OneOp,
 * the Byte/Word/DWord/QWord prefixes), 20.2.4 Package Length, 20.2.5.1
 * (NameOp, DefName := NameOp NameString DataRefObject) and 20.2.5.4
 * (DefPackage := PackageOp PkgLength NumElements PackageElementList).
 */
#define AML_ZERO_OP	     0x00
#define AML_ONE_OP	     0x01
#define AML_NAME_OP	     0x08
#define AML_BYTE_PREFIX	     0x0A
#define AML_WORD_PREFIX	     0x0B
#define AML_DWORD_PREFIX     0x0C
#define AML_QWORD_PREFIX     0x0E
#define AML_PACKAGE_OP	     0x12
#define AML_ROOT_CHAR	     '\\'
#define AML_PARENT_PREFIX    '^'
/* PkgLeadByte: bits 7-6 count the bytes that follow; with any, bits 5-4 are 0. */
#define AML_PKG_FOLLOW_SHIFT 6
#define AML_PKG_SHORT_MASK   0x3F
#define AML_PKG_NIBBLE_MASK  0x0F
#define AML_PKG_RESERVED     0x30

/* SLP_TYPx is a 3-bit field of PM1x_CNT (section 4.8.3.2.1). */
#define SLP_TYP_MAX 7

static uint16_t port_from_fadt(const uint8_t *fadt, uint32_t len, uint32_t x_field, uint32_t field)
{
	uint64_t port = 0;

	/* The 64-bit field wins where it is present and names I/O space. */
	if (len >= x_field + GAS_LEN && fadt[x_field + GAS_SPACE_ID] == GAS_SPACE_IO)
		port = acpi_le64(fadt + x_field + GAS_ADDRESS);
	if (!port && len > FADT_PM1_CNT_LEN && fadt[FADT_PM1_CNT_LEN] >= 2)
		port = acpi_le32(fadt + field);
	/* The register is at least 2 bytes (section 4.8.1.2): both must be ports. */
	if (port > 0xFFFE)
		return 0;
	return (uint16_t)port;
}

static void read_gas(const uint8_t *gas, struct acpi_gas *out)
{
	out->space = gas[GAS_SPACE_ID];
	out->bit_width = gas[GAS_BIT_WIDTH];
	out->bit_offset = gas[GAS_BIT_OFFSET];
	out->access_size = gas[GAS_ACCESS_SIZE];
	out->address = acpi_le64(gas + GAS_ADDRESS);
}

void acpi_power_from_fadt(const uint8_t *fadt, uint32_t len, struct acpi_power *p)
{
	*p = (struct acpi_power){ 0 };
	if (!fadt)
		return;
	p->pm1a_cnt = port_from_fadt(fadt, len, FADT_X_PM1A_CNT_BLK, FADT_PM1A_CNT_BLK);
	p->pm1b_cnt = port_from_fadt(fadt, len, FADT_X_PM1B_CNT_BLK, FADT_PM1B_CNT_BLK);
	if (len >= FADT_FLAGS + 4)
		p->reset_reg_sup = acpi_le32(fadt + FADT_FLAGS) & FADT_RESET_REG_SUP;
	if (len > FADT_RESET_VALUE) {
		read_gas(fadt + FADT_RESET_REG, &p->reset_reg);
		p->reset_value = fadt[FADT_RESET_VALUE];
	}
	if (len >= FADT_X_DSDT + 8)
		p->dsdt_phys = acpi_le64(fadt + FADT_X_DSDT);
	if (!p->dsdt_phys && len >= FADT_DSDT + 4)
		p->dsdt_phys = acpi_le32(fadt + FADT_DSDT);
}

/*
 * A PkgLength at p, of at most avail bytes: its value (which counts its own
 * bytes) into *value and its size into *size; false if cut or reserved bits
 * are set.
 */
static bool read_pkg_length(const uint8_t *p, uint32_t avail, uint32_t *value, uint32_t *size)
{
	uint32_t follow, v;

	if (avail < 1)
		return false;
	follow = p[0] >> AML_PKG_FOLLOW_SHIFT;
	if (follow == 0) {
		*value = p[0] & AML_PKG_SHORT_MASK;
		*size = 1;
		return true;
	}
	if ((p[0] & AML_PKG_RESERVED) || avail < 1 + follow)
		return false;
	v = p[0] & AML_PKG_NIBBLE_MASK;
	for (uint32_t i = 1; i <= follow; i++)
		v |= (uint32_t)p[i] << (4 + 8 * (i - 1));
	*value = v;
	*size = 1 + follow;
	return true;
}

/* An integer constant at p, of at most avail bytes: value and size, or false. */
static bool read_integer(const uint8_t *p, uint32_t avail, uint64_t *value, uint32_t *size)
{
	uint32_t data;

	if (avail < 1)
		return false;
	switch (p[0]) {
	case AML_ZERO_OP:
		*value = 0;
		*size = 1;
		return true;
	case AML_ONE_OP:
		*value = 1;
		*size = 1;
		return true;
	case AML_BYTE_PREFIX: data = 1; break;
	case AML_WORD_PREFIX: data = 2; break;
	case AML_DWORD_PREFIX: data = 4; break;
	case AML_QWORD_PREFIX: data = 8; break;
	default: return false;
	}
	if (avail < 1 + data)
		return false;
	*value = 0;
	for (uint32_t i = 0; i < data; i++)
		*value |= (uint64_t)p[1 + i] << (8 * i);
	*size = 1 + data;
	return true;
}

/* The package at pkg (its PackageOp first), of at most avail bytes. */
static bool read_s5_package(const uint8_t *pkg, uint32_t avail, uint8_t *a, uint8_t *b)
{
	uint32_t pkg_len, len_size, end, pos, size;
	uint64_t typ_a, typ_b;

	if (avail < 1 || pkg[0] != AML_PACKAGE_OP)
		return false;
	if (!read_pkg_length(pkg + 1, avail - 1, &pkg_len, &len_size))
		return false;
	/* The package ends pkg_len bytes after its opcode: within avail, past NumElements. */
	if (pkg_len > avail - 1 || pkg_len < len_size + 1)
		return false;
	end = 1 + pkg_len;
	pos = 1 + len_size;
	if (pkg[pos++] < 2)
		return false;
	if (!read_integer(pkg + pos, end - pos, &typ_a, &size))
		return false;
	pos += size;
	if (!read_integer(pkg + pos, end - pos, &typ_b, &size))
		return false;
	if (typ_a > SLP_TYP_MAX || typ_b > SLP_TYP_MAX)
		return false;
	*a = (uint8_t)typ_a;
	*b = (uint8_t)typ_b;
	return true;
}

/* Whether the NameSeg at aml[at] follows NameOp, directly or after '\' or '^'s. */
static bool named_by_name_op(const uint8_t *aml, uint32_t at)
{
	if (at >= 1 && aml[at - 1] == AML_ROOT_CHAR)
		at--;
	else
		while (at >= 1 && aml[at - 1] == AML_PARENT_PREFIX)
			at--;
	return at >= 1 && aml[at - 1] == AML_NAME_OP;
}

bool acpi_aml_find_s5(const uint8_t *aml, uint32_t len, uint8_t *slp_typ_a, uint8_t *slp_typ_b)
{
	if (!aml)
		return false;
	for (uint32_t i = 0; len >= 4 && i <= len - 4; i++) {
		if (memcmp(aml + i, "_S5_", 4) != 0 || !named_by_name_op(aml, i))
			continue;
		if (read_s5_package(aml + i + 4, len - i - 4, slp_typ_a, slp_typ_b))
			return true;
	}
	return false;
}

bool acpi_power_from_dsdt(const uint8_t *dsdt, uint32_t len, struct acpi_power *p)
{
	uint32_t table_len;

	p->s5_found = false;
	p->s5_slp_typ_a = p->s5_slp_typ_b = 0;
	if (!dsdt || len < SDT_HEADER_LEN || memcmp(dsdt, "DSDT", 4) != 0)
		return false;
	table_len = acpi_le32(dsdt + SDT_LENGTH);
	if (table_len < SDT_HEADER_LEN || table_len > len)
		return false;
	p->s5_found = acpi_aml_find_s5(dsdt + SDT_HEADER_LEN, table_len - SDT_HEADER_LEN,
				       &p->s5_slp_typ_a, &p->s5_slp_typ_b);
	return p->s5_found;
}
