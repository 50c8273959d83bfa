/*
 * The DMAR parser (lib/acpi_dmar.h).  The table comes from firmware: every
 * structure's Length is checked against the table's, every scope's against
 * its structure's, before a byte of it is read.  Fields are read byte by
 * byte: the table is little-endian and unaligned.
 */
#include <string.h>

#include "lib/acpi_dmar.h"
#include "lib/le_bytes.h"

/* DMAR header (VT-d Rev. 4.1 section 8.1): the ACPI header, then these. */
#define DMAR_SIGNATURE	"DMAR"
#define DMAR_LENGTH	4
#define DMAR_HOST_WIDTH 36 /* N, for N + 1 bits */
#define DMAR_FLAGS	37
#define DMAR_HEADER_LEN 48 /* 10 reserved bytes follow the flags */
/* The ACPI header's checksum byte (ACPI 6.5 table 5.4): all bytes sum to 0. */
#define ACPI_CHECKSUM	9

/* Every remapping structure starts with Type (2 bytes) and Length (2 bytes), 8.2. */
#define STRUCT_TYPE	  0
#define STRUCT_LENGTH	  2
#define STRUCT_HEADER_LEN 4
#define TYPE_DRHD	  0
#define TYPE_RMRR	  1
#define TYPE_ATSR	  2

/* DRHD (8.3): Flags, Size, Segment, Register Base Address, scopes. */
#define DRHD_FLAGS   4
#define DRHD_SIZE    5
#define DRHD_SEGMENT 6
#define DRHD_BASE    8
#define DRHD_SCOPES  16

/* RMRR (8.4): 2 reserved bytes, Segment, Base, Limit (inclusive), scopes. */
#define RMRR_SEGMENT 6
#define RMRR_BASE    8
#define RMRR_LIMIT   16
#define RMRR_SCOPES  24

/* ATSR (8.5): Flags, reserved, Segment, scopes. */
#define ATSR_FLAGS   4
#define ATSR_SEGMENT 6
#define ATSR_SCOPES  8

/* Device scope (8.3.1): Type, Length, Flags, reserved, Enumeration ID, Start Bus, path. */
#define SCOPE_TYPE	0
#define SCOPE_LENGTH	1
#define SCOPE_ENUM_ID	4
#define SCOPE_START_BUS 5
#define SCOPE_PATH	6
#define SCOPE_HOP_LEN	2
/* A path names at least the device on the start bus (8.3.1.1). */
#define SCOPE_MIN_LEN	(SCOPE_PATH + SCOPE_HOP_LEN)

#define PAGE_MASK 0xfffull

/* The table being read, and where a refusal is recorded. */
struct reader {
	const uint8_t *table;
	uint32_t len;
	struct dmar_info *out;
};

static enum dmar_status refuse(const struct reader *r, enum dmar_status st, uint32_t offset)
{
	r->out->fault_offset = offset;
	return st;
}

static void read_scope(const uint8_t *s, uint8_t len, struct dmar_scope *scope)
{
	uint32_t hops = (uint32_t)(len - SCOPE_PATH) / SCOPE_HOP_LEN;

	scope->type = s[SCOPE_TYPE];
	scope->enum_id = s[SCOPE_ENUM_ID];
	scope->start_bus = s[SCOPE_START_BUS];
	scope->path_cut = hops > DMAR_MAX_PATH;
	scope->path_len = (uint8_t)(scope->path_cut ? DMAR_MAX_PATH : hops);
	for (uint32_t i = 0; i < scope->path_len; i++) {
		scope->path[i].device = s[SCOPE_PATH + i * SCOPE_HOP_LEN];
		scope->path[i].function = s[SCOPE_PATH + i * SCOPE_HOP_LEN + 1];
	}
}

/* The scopes in [at, end): each at least 6 bytes, a whole number of hops, inside. */
static enum dmar_status read_scopes(const struct reader *r, uint32_t at, uint32_t end,
				    struct dmar_scopes *scopes)
{
	while (at < end) {
		uint8_t len;

		if (end - at < SCOPE_MIN_LEN)
			return refuse(r, DMAR_ERR_SCOPE_LENGTH, at);
		len = r->table[at + SCOPE_LENGTH];
		if (len < SCOPE_MIN_LEN || (len - SCOPE_PATH) % SCOPE_HOP_LEN || len > end - at)
			return refuse(r, DMAR_ERR_SCOPE_LENGTH, at);
		if (scopes->count < DMAR_MAX_SCOPES)
			read_scope(r->table + at, len, &scopes->kept[scopes->count]);
		scopes->count++;
		at += len;
	}
	return DMAR_OK;
}

static enum dmar_status read_drhd(const struct reader *r, uint32_t at, uint32_t len)
{
	const uint8_t *s = r->table + at;
	struct dmar_unit *u;

	if (r->out->unit_count == DMAR_MAX_UNITS)
		return refuse(r, DMAR_ERR_TOO_MANY_UNITS, at);
	u = &r->out->units[r->out->unit_count++];
	u->flags = s[DRHD_FLAGS];
	u->size = s[DRHD_SIZE] & 0xf; /* bits 3:0; the rest reserved */
	u->segment = le16_at(s + DRHD_SEGMENT);
	u->reg_base = le64_at(s + DRHD_BASE);
	if (u->reg_base == 0 || (u->reg_base & PAGE_MASK))
		return refuse(r, DMAR_ERR_REGISTER_BASE, at + DRHD_BASE);
	return read_scopes(r, at + DRHD_SCOPES, at + len, &u->scopes);
}

static enum dmar_status read_rmrr(const struct reader *r, uint32_t at, uint32_t len)
{
	const uint8_t *s = r->table + at;
	struct dmar_rmrr *m;

	if (r->out->rmrr_count == DMAR_MAX_RMRRS)
		return refuse(r, DMAR_ERR_TOO_MANY_RMRRS, at);
	m = &r->out->rmrrs[r->out->rmrr_count++];
	m->segment = le16_at(s + RMRR_SEGMENT);
	m->base = le64_at(s + RMRR_BASE);
	m->limit = le64_at(s + RMRR_LIMIT);
	/* 4 KiB aligned base, a limit ending a page (8.4), and not before the base. */
	if ((m->base & PAGE_MASK) || (m->limit & PAGE_MASK) != PAGE_MASK || m->limit < m->base)
		return refuse(r, DMAR_ERR_RMRR_RANGE, at + RMRR_BASE);
	return read_scopes(r, at + RMRR_SCOPES, at + len, &m->scopes);
}

static enum dmar_status read_atsr(const struct reader *r, uint32_t at, uint32_t len)
{
	const uint8_t *s = r->table + at;
	struct dmar_scopes ignored = { 0 };
	struct dmar_atsr *a;

	if (r->out->atsr_count == DMAR_MAX_ATSRS) {
		r->out->atsr_dropped++; /* still checked: its scopes must lie within it */
		return read_scopes(r, at + ATSR_SCOPES, at + len, &ignored);
	}
	a = &r->out->atsrs[r->out->atsr_count++];
	a->flags = s[ATSR_FLAGS];
	a->segment = le16_at(s + ATSR_SEGMENT);
	return read_scopes(r, at + ATSR_SCOPES, at + len, &a->scopes);
}

/* The smallest Length each known type may have; others need only their header. */
static uint32_t struct_min_len(uint16_t type)
{
	switch (type) {
	case TYPE_DRHD: return DRHD_SCOPES;
	case TYPE_RMRR: return RMRR_SCOPES;
	case TYPE_ATSR: return ATSR_SCOPES;
	default: return STRUCT_HEADER_LEN;
	}
}

static enum dmar_status read_struct(const struct reader *r, uint32_t at, uint16_t type,
				    uint32_t len)
{
	switch (type) {
	case TYPE_DRHD: return read_drhd(r, at, len);
	case TYPE_RMRR: return read_rmrr(r, at, len);
	case TYPE_ATSR: return read_atsr(r, at, len);
	default: r->out->skipped++; return DMAR_OK;
	}
}

static enum dmar_status read_structs(const struct reader *r)
{
	uint32_t at = DMAR_HEADER_LEN;

	while (at < r->len) {
		uint16_t type, len;
		enum dmar_status st;

		if (r->len - at < STRUCT_HEADER_LEN)
			return refuse(r, DMAR_ERR_STRUCT_HEADER, at);
		type = le16_at(r->table + at + STRUCT_TYPE);
		len = le16_at(r->table + at + STRUCT_LENGTH);
		if (len < struct_min_len(type))
			return refuse(r, DMAR_ERR_STRUCT_LENGTH, at);
		if (len > r->len - at)
			return refuse(r, DMAR_ERR_STRUCT_PAST_END, at);
		st = read_struct(r, at, type, len);
		if (st != DMAR_OK)
			return st;
		at += len;
	}
	return DMAR_OK;
}

static enum dmar_status read_header(const struct reader *r, size_t given)
{
	uint8_t sum = 0;

	if (given < DMAR_HEADER_LEN)
		return refuse(r, DMAR_ERR_TOO_SHORT, 0);
	if (memcmp(r->table, DMAR_SIGNATURE, 4) != 0)
		return refuse(r, DMAR_ERR_SIGNATURE, 0);
	if (r->len < DMAR_HEADER_LEN || r->len > given)
		return refuse(r, DMAR_ERR_LENGTH, DMAR_LENGTH);
	for (uint32_t i = 0; i < r->len; i++)
		sum += r->table[i];
	if (sum != 0)
		return refuse(r, DMAR_ERR_CHECKSUM, 0);
	r->out->host_width = (uint8_t)(r->table[DMAR_HOST_WIDTH] + 1);
	r->out->flags = r->table[DMAR_FLAGS];
	/* A width of 0 would be N = 255; under a page no DMA could be described. */
	if (r->table[DMAR_HOST_WIDTH] > 63 || r->out->host_width < 12)
		return refuse(r, DMAR_ERR_HOST_WIDTH, DMAR_HOST_WIDTH);
	return DMAR_OK;
}

bool acpi_dmar_hide(uint8_t *table, size_t len)
{
	static const char hidden[4] = { 'X', 'M', 'A', 'R' };
	uint8_t delta = 0;

	if (len < DMAR_HEADER_LEN || memcmp(table, DMAR_SIGNATURE, 4) != 0 ||
	    ((uint32_t)table[DMAR_LENGTH] | (uint32_t)table[DMAR_LENGTH + 1] << 8 |
	     (uint32_t)table[DMAR_LENGTH + 2] << 16 | (uint32_t)table[DMAR_LENGTH + 3] << 24) !=
		    len)
		return false;
	for (unsigned i = 0; i < 4; i++) {
		delta = (uint8_t)(delta + table[i] - (uint8_t)hidden[i]);
		table[i] = (uint8_t)hidden[i];
	}
	table[ACPI_CHECKSUM] = (uint8_t)(table[ACPI_CHECKSUM] + delta);
	return true;
}

enum dmar_status acpi_dmar_parse(const uint8_t *table, size_t len, struct dmar_info *out)
{
	struct reader r = { table, 0, out };
	enum dmar_status st;

	memset(out, 0, sizeof(*out));
	if (table && len >= DMAR_HEADER_LEN)
		r.len = le32_at(table + DMAR_LENGTH);
	if (!table)
		return refuse(&r, DMAR_ERR_TOO_SHORT, 0);
	st = read_header(&r, len);
	if (st == DMAR_OK)
		st = read_structs(&r);
	if (st == DMAR_OK && out->unit_count == 0)
		st = refuse(&r, DMAR_ERR_NO_UNITS, DMAR_HEADER_LEN);
	return st;
}

static const char *const status_messages[DMAR_STATUS_COUNT] = {
	[DMAR_OK] = "well formed",
	[DMAR_ERR_TOO_SHORT] = "shorter than the 48-byte DMAR header",
	[DMAR_ERR_SIGNATURE] = "the signature is not DMAR",
	[DMAR_ERR_LENGTH] = "the header's Length is under 48 bytes or beyond the table",
	[DMAR_ERR_CHECKSUM] = "the checksum is wrong",
	[DMAR_ERR_HOST_WIDTH] = "the host address width is outside 12-64 bits",
	[DMAR_ERR_STRUCT_HEADER] = "a remapping structure's header is cut by the table's end",
	[DMAR_ERR_STRUCT_LENGTH] = "a remapping structure's Length is under its type's minimum",
	[DMAR_ERR_STRUCT_PAST_END] = "a remapping structure runs past the table's end",
	[DMAR_ERR_SCOPE_LENGTH] = "a device scope's Length is under 8, odd, or past its structure",
	[DMAR_ERR_REGISTER_BASE] = "a DRHD's register base is zero or not page-aligned",
	[DMAR_ERR_RMRR_RANGE] = "an RMRR's range is unaligned or ends before it starts",
	[DMAR_ERR_TOO_MANY_UNITS] = "more remapping units than this build supports",
	[DMAR_ERR_TOO_MANY_RMRRS] = "more reserved memory regions than this build supports",
	[DMAR_ERR_NO_UNITS] = "it lists no remapping unit (DRHD)",
};

const char *acpi_dmar_status_message(enum dmar_status s)
{
	if ((unsigned int)s >= DMAR_STATUS_COUNT || !status_messages[s])
		return "unknown DMAR status (a kernel bug)";
	return status_messages[s];
}
