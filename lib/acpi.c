/*
 * Processor discovery from the ACPI tables: RSDP -> RSDT/XSDT -> MADT.
 *
 * Everything read comes from firmware and is trusted no further than its
 * checksums and lengths allow: every offset is checked against the length
 * that was actually mapped before it is read.  Fields are read byte by byte
 * because ACPI tables are little-endian and their fields are not aligned.
 */
#include <string.h>

#include "lib/acpi.h"

/* Root System Description Pointer, ACPI 6.5 section 5.2.5.3. */
#define RSDP_SIGNATURE "RSD PTR "
#define RSDP_OEM_ID    9
#define RSDP_REVISION  15
#define RSDP_RSDT_ADDR 16
#define RSDP_LENGTH    20
#define RSDP_XSDT_ADDR 24

/* System Description Table Header, ACPI 6.5 section 5.2.6. */
#define SDT_HEADER_LEN 36
#define SDT_LENGTH     4

/* Root System Description Table, ACPI 6.5 section 5.2.7: 32-bit entries. */
#define RSDT_SIGNATURE	"RSDT"
#define RSDT_ENTRY_SIZE 4

/* Extended System Description Table, ACPI 6.5 section 5.2.8: 64-bit entries. */
#define XSDT_SIGNATURE	"XSDT"
#define XSDT_ENTRY_SIZE 8

/* Multiple APIC Description Table, ACPI 6.5 section 5.2.12. */
#define MADT_SIGNATURE	      "APIC"
#define MADT_LAPIC_ADDR	      36
#define MADT_FLAGS	      40
#define MADT_ENTRIES	      44
#define MADT_ENTRY_TYPE	      0
#define MADT_ENTRY_LENGTH     1
#define MADT_ENTRY_HEADER_LEN 2

/* Processor Local APIC Structure, ACPI 6.5 section 5.2.12.2. */
#define MADT_TYPE_LAPIC 0
#define LAPIC_ENTRY_LEN 8
#define LAPIC_UID	2
#define LAPIC_ID	3
#define LAPIC_FLAGS	4
/* The broadcast id cannot name one processor; firmware uses it for "none". */
#define LAPIC_ID_NONE	0xffu

/* Local APIC Address Override Structure, ACPI 6.5 section 5.2.12.8. */
#define MADT_TYPE_LAPIC_OVERRIDE 5
#define LAPIC_OVERRIDE_ENTRY_LEN 12
#define LAPIC_OVERRIDE_ADDR	 4

/* Processor Local x2APIC Structure, ACPI 6.5 section 5.2.12.12. */
#define MADT_TYPE_X2APIC 9
#define X2APIC_ENTRY_LEN 16
#define X2APIC_ID	 4
#define X2APIC_FLAGS	 8
#define X2APIC_UID	 12
#define X2APIC_ID_NONE	 0xffffffffu

/* Local APIC Flags, ACPI 6.5 table 5.21. */
#define LAPIC_FLAG_ENABLED	  (1u << 0)
#define LAPIC_FLAG_ONLINE_CAPABLE (1u << 1)

struct acpi_reader {
	acpi_map_fn map;
	void *ctx;
	struct acpi_madt_info *out;
};

/* Where the RSDP says the root table is, and how wide its entries are. */
struct root_ref {
	uint64_t phys;
	const char *sig;
	uint32_t entry_size;
};

/* A mapped table; bytes stays valid only until the next map call. */
struct table {
	uint64_t phys;
	const uint8_t *bytes;
	uint32_t len;
};

/* How a failed header or checksum check is reported for one kind of table. */
struct table_errors {
	enum acpi_status unreadable;
	enum acpi_status signature;
	enum acpi_status length;
	enum acpi_status checksum;
};

static const struct table_errors root_errors = {
	.unreadable = ACPI_ERR_ROOT_UNREADABLE,
	.signature = ACPI_ERR_ROOT_SIGNATURE,
	.length = ACPI_ERR_ROOT_LENGTH,
	.checksum = ACPI_ERR_ROOT_CHECKSUM,
};

/* The MADT's signature was matched while searching the root table. */
static const struct table_errors madt_errors = {
	.unreadable = ACPI_ERR_MADT_UNREADABLE,
	.signature = ACPI_ERR_MADT_NOT_FOUND,
	.length = ACPI_ERR_MADT_LENGTH,
	.checksum = ACPI_ERR_MADT_CHECKSUM,
};

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* ACPI checksums make all bytes of a structure sum to zero modulo 256. */
static uint8_t byte_sum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

static enum acpi_status fail(struct acpi_madt_info *out, enum acpi_status st, const char *sig,
			     uint64_t phys)
{
	memcpy(out->fault_sig, sig, 4);
	out->fault_sig[4] = '\0';
	out->fault_addr = phys;
	return st;
}

/* Refuse empty and wrapping ranges so the callback never sees them. */
static const uint8_t *map_range(const struct acpi_reader *r, uint64_t phys, size_t len)
{
	if (len == 0 || phys + (len - 1) < phys)
		return NULL;
	return r->map(r->ctx, phys, len);
}

/*
 * Map the whole table at t->phys after checking its header: signature,
 * a length of at least min_len that is readable, and the checksum.
 */
static enum acpi_status map_table(const struct acpi_reader *r, struct table *t, const char *sig,
				  uint32_t min_len, const struct table_errors *err)
{
	const uint8_t *header = map_range(r, t->phys, SDT_HEADER_LEN);

	if (!header)
		return err->unreadable;
	if (memcmp(header, sig, 4) != 0)
		return err->signature;
	t->len = get_le32(header + SDT_LENGTH);
	if (t->len < min_len)
		return err->length;
	t->bytes = map_range(r, t->phys, t->len);
	if (!t->bytes)
		return err->unreadable;
	if (byte_sum(t->bytes, t->len) != 0)
		return err->checksum;
	return ACPI_OK;
}

static enum acpi_status choose_root(const uint8_t *rsdp, uint64_t xsdt_phys, struct root_ref *root,
				    struct acpi_madt_info *out)
{
	if (xsdt_phys != 0) {
		*root = (struct root_ref){ xsdt_phys, XSDT_SIGNATURE, XSDT_ENTRY_SIZE };
		out->used_xsdt = true;
	} else {
		*root = (struct root_ref){ get_le32(rsdp + RSDP_RSDT_ADDR), RSDT_SIGNATURE,
					   RSDT_ENTRY_SIZE };
	}
	/* Address 0 is "none": it holds the real-mode vectors, never a table. */
	if (root->phys == 0)
		return fail(out, ACPI_ERR_ROOT_MISSING, root->sig, 0);
	return ACPI_OK;
}

/* The ACPI 2.0 part: its own length and checksum, then the XSDT address. */
static enum acpi_status read_rsdp_v2(const uint8_t *rsdp, size_t rsdp_len, struct root_ref *root,
				     struct acpi_madt_info *out)
{
	uint32_t len = get_le32(rsdp + RSDP_LENGTH);

	if (len < ACPI_RSDP_V2_LEN || len > rsdp_len)
		return fail(out, ACPI_ERR_RSDP_LENGTH, "RSDP", 0);
	if (byte_sum(rsdp, len) != 0)
		return fail(out, ACPI_ERR_RSDP_EXT_CHECKSUM, "RSDP", 0);
	return choose_root(rsdp, get_le64(rsdp + RSDP_XSDT_ADDR), root, out);
}

static enum acpi_status read_rsdp(const uint8_t *rsdp, size_t rsdp_len, struct root_ref *root,
				  struct acpi_madt_info *out)
{
	if (!rsdp || rsdp_len < ACPI_RSDP_V1_LEN)
		return fail(out, ACPI_ERR_RSDP_TOO_SHORT, "RSDP", 0);
	if (memcmp(rsdp, RSDP_SIGNATURE, 8) != 0)
		return fail(out, ACPI_ERR_RSDP_SIGNATURE, "RSDP", 0);
	if (byte_sum(rsdp, ACPI_RSDP_V1_LEN) != 0)
		return fail(out, ACPI_ERR_RSDP_CHECKSUM, "RSDP", 0);

	out->acpi_revision = rsdp[RSDP_REVISION];
	memcpy(out->oem_id, rsdp + RSDP_OEM_ID, 6);
	out->oem_id[6] = '\0';

	/* A copy from the old-ACPI tag has no 2.0 part to check or use. */
	if (out->acpi_revision >= 2 && rsdp_len >= ACPI_RSDP_V2_LEN)
		return read_rsdp_v2(rsdp, rsdp_len, root, out);
	return choose_root(rsdp, 0, root, out);
}

/* Entry i of the root table, or 0 if it cannot be read. */
static uint64_t root_entry(const struct acpi_reader *r, const struct root_ref *root, uint32_t i)
{
	uint64_t phys = root->phys + SDT_HEADER_LEN + (uint64_t)i * root->entry_size;
	const uint8_t *entry = map_range(r, phys, root->entry_size);

	if (!entry)
		return 0;
	if (root->entry_size == XSDT_ENTRY_SIZE)
		return get_le64(entry);
	return get_le32(entry);
}

static bool table_has_signature(const struct acpi_reader *r, uint64_t phys, const char *sig)
{
	const uint8_t *header = map_range(r, phys, 4);

	return header && memcmp(header, sig, 4) == 0;
}

/*
 * Other tables are only glanced at: a corrupt or unreadable FACP must not
 * stop the processors being found, so entries that cannot be read are
 * passed over.
 */
static enum acpi_status find_madt(const struct acpi_reader *r, const struct root_ref *root,
				  uint64_t *madt_phys)
{
	struct table t = { .phys = root->phys };
	enum acpi_status st;
	uint32_t count, i;

	st = map_table(r, &t, root->sig, SDT_HEADER_LEN, &root_errors);
	if (st != ACPI_OK)
		return fail(r->out, st, root->sig, root->phys);

	count = (t.len - SDT_HEADER_LEN) / root->entry_size;
	for (i = 0; i < count; i++) {
		uint64_t phys = root_entry(r, root, i);

		if (phys && table_has_signature(r, phys, MADT_SIGNATURE)) {
			*madt_phys = phys;
			return ACPI_OK;
		}
	}
	return fail(r->out, ACPI_ERR_MADT_NOT_FOUND, MADT_SIGNATURE, 0);
}

static struct acpi_cpu *find_cpu(struct acpi_madt_info *out, uint32_t apic_id)
{
	uint32_t i;

	for (i = 0; i < out->listed_count; i++)
		if (out->listed[i].apic_id == apic_id)
			return &out->listed[i];
	return NULL;
}

/*
 * Online Capable is reserved when Enabled is set, so it only means something
 * for a disabled processor.  A processor listed twice (firmware may give
 * both a local APIC and an x2APIC entry) keeps its first place; a later entry
 * only upgrades it to enabled.
 */
static void add_cpu(struct acpi_madt_info *out, struct acpi_cpu *cpu, uint32_t flags)
{
	struct acpi_cpu *known;

	cpu->enabled = flags & LAPIC_FLAG_ENABLED;
	cpu->online_capable = !cpu->enabled && (flags & LAPIC_FLAG_ONLINE_CAPABLE);
	if (!cpu->enabled && !cpu->online_capable)
		return;

	known = find_cpu(out, cpu->apic_id);
	if (known) {
		if (cpu->enabled && !known->enabled) {
			known->enabled = true;
			known->online_capable = false;
		}
		return;
	}
	if (out->listed_count == CONFIG_MAX_CPUS) {
		out->listed_dropped++;
		return;
	}
	out->listed[out->listed_count++] = *cpu;
}

static void add_lapic(struct acpi_madt_info *out, const uint8_t *entry)
{
	struct acpi_cpu cpu = {
		.apic_id = entry[LAPIC_ID],
		.acpi_uid = entry[LAPIC_UID],
		.x2apic_entry = false,
	};

	if (cpu.apic_id != LAPIC_ID_NONE)
		add_cpu(out, &cpu, get_le32(entry + LAPIC_FLAGS));
}

static void add_x2apic(struct acpi_madt_info *out, const uint8_t *entry)
{
	struct acpi_cpu cpu = {
		.apic_id = get_le32(entry + X2APIC_ID),
		.acpi_uid = get_le32(entry + X2APIC_UID),
		.x2apic_entry = true,
	};

	if (cpu.apic_id != X2APIC_ID_NONE)
		add_cpu(out, &cpu, get_le32(entry + X2APIC_FLAGS));
}

/* Later revisions may lengthen an entry, never shorten it. */
static uint32_t entry_min_len(uint8_t type)
{
	switch (type) {
	case MADT_TYPE_LAPIC: return LAPIC_ENTRY_LEN;
	case MADT_TYPE_LAPIC_OVERRIDE: return LAPIC_OVERRIDE_ENTRY_LEN;
	case MADT_TYPE_X2APIC: return X2APIC_ENTRY_LEN;
	default: return MADT_ENTRY_HEADER_LEN;
	}
}

/*
 * entry holds at least entry_min_len() bytes.  Only one address override
 * may exist; should firmware give more, the last one wins.
 */
static void read_entry(struct acpi_madt_info *out, const uint8_t *entry)
{
	switch (entry[MADT_ENTRY_TYPE]) {
	case MADT_TYPE_LAPIC: add_lapic(out, entry); break;
	case MADT_TYPE_LAPIC_OVERRIDE:
		out->lapic_addr = get_le64(entry + LAPIC_OVERRIDE_ADDR);
		break;
	case MADT_TYPE_X2APIC: add_x2apic(out, entry); break;
	default: break;
	}
}

/* Every entry advances by at least 2 bytes, so the walk always ends. */
static enum acpi_status read_entries(struct acpi_madt_info *out, const uint8_t *madt,
				     uint32_t madt_len)
{
	uint32_t off = MADT_ENTRIES;

	while (off < madt_len) {
		const uint8_t *entry = madt + off;
		uint32_t left = madt_len - off;
		uint32_t len;

		if (left < MADT_ENTRY_HEADER_LEN)
			return ACPI_ERR_MADT_ENTRY_PAST_END;
		len = entry[MADT_ENTRY_LENGTH];
		if (len < entry_min_len(entry[MADT_ENTRY_TYPE]))
			return ACPI_ERR_MADT_ENTRY_TOO_SHORT;
		if (len > left)
			return ACPI_ERR_MADT_ENTRY_PAST_END;
		read_entry(out, entry);
		off += len;
	}
	return ACPI_OK;
}

static bool any_cpu_enabled(const struct acpi_madt_info *out)
{
	uint32_t i;

	for (i = 0; i < out->listed_count; i++)
		if (out->listed[i].enabled)
			return true;
	return false;
}

static enum acpi_status read_madt(const struct acpi_reader *r, uint64_t phys)
{
	struct acpi_madt_info *out = r->out;
	struct table t = { .phys = phys };
	enum acpi_status st;

	st = map_table(r, &t, MADT_SIGNATURE, MADT_ENTRIES, &madt_errors);
	if (st == ACPI_OK) {
		out->lapic_addr = get_le32(t.bytes + MADT_LAPIC_ADDR);
		out->madt_flags = get_le32(t.bytes + MADT_FLAGS);
		st = read_entries(out, t.bytes, t.len);
	}
	/* The processor running this code must be listed as enabled. */
	if (st == ACPI_OK && !any_cpu_enabled(out))
		st = ACPI_ERR_NO_CPUS;
	if (st != ACPI_OK)
		return fail(out, st, MADT_SIGNATURE, phys);
	return ACPI_OK;
}

enum acpi_status acpi_read_madt(const void *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
				struct acpi_madt_info *out)
{
	struct acpi_reader r = { .map = map, .ctx = ctx, .out = out };
	struct root_ref root;
	uint64_t madt_phys = 0;
	enum acpi_status st;

	if (!map || !out)
		return ACPI_ERR_BAD_ARGUMENT;
	memset(out, 0, sizeof(*out));

	st = read_rsdp(rsdp, rsdp_len, &root, out);
	if (st == ACPI_OK)
		st = find_madt(&r, &root, &madt_phys);
	if (st == ACPI_OK)
		st = read_madt(&r, madt_phys);
	/* Half a processor list is worse than none: the caller falls back. */
	if (st != ACPI_OK) {
		out->lapic_addr = 0;
		out->madt_flags = 0;
		out->listed_count = 0;
		out->listed_dropped = 0;
	}
	return st;
}

#define ONLY_BSP "; only the boot processor will be used"

static const char *const status_messages[] = {
	[ACPI_OK] = "ACPI processor list read from the MADT",
	[ACPI_ERR_BAD_ARGUMENT] = "ACPI reader called without a map function or result "
				  "buffer (a kernel bug)" ONLY_BSP,
	[ACPI_ERR_RSDP_TOO_SHORT] = "the boot loader gave no RSDP or one shorter than 20 bytes "
				    "(ACPI tables cannot be found)" ONLY_BSP,
	[ACPI_ERR_RSDP_SIGNATURE] = "the RSDP from the boot loader does not start with "
				    "\"RSD PTR \" (it is not an RSDP)" ONLY_BSP,
	[ACPI_ERR_RSDP_CHECKSUM] = "RSDP checksum is wrong (the pointer is corrupt)" ONLY_BSP,
	[ACPI_ERR_RSDP_LENGTH] = "RSDP length is below 36 bytes or beyond what the boot "
				 "loader copied (the ACPI 2.0 pointer is corrupt)" ONLY_BSP,
	[ACPI_ERR_RSDP_EXT_CHECKSUM] = "RSDP extended checksum is wrong (the ACPI 2.0 pointer is "
				       "corrupt)" ONLY_BSP,
	[ACPI_ERR_ROOT_MISSING] = "RSDP gives no RSDT or XSDT address (the firmware "
				  "publishes no tables)" ONLY_BSP,
	[ACPI_ERR_ROOT_UNREADABLE] = "RSDT/XSDT lies outside readable memory (the address or "
				     "length is wrong)" ONLY_BSP,
	[ACPI_ERR_ROOT_SIGNATURE] = "the table the RSDP points to is not an RSDT/XSDT (wrong "
				    "signature)" ONLY_BSP,
	[ACPI_ERR_ROOT_LENGTH] = "RSDT/XSDT length is shorter than its 36-byte header (the "
				 "table is corrupt)" ONLY_BSP,
	[ACPI_ERR_ROOT_CHECKSUM] = "RSDT/XSDT checksum is wrong (the table is corrupt)" ONLY_BSP,
	[ACPI_ERR_MADT_NOT_FOUND] = "the firmware lists no MADT (\"APIC\" table), so the "
				    "processors are unknown" ONLY_BSP,
	[ACPI_ERR_MADT_UNREADABLE] = "MADT lies outside readable memory (its length is "
				     "wrong)" ONLY_BSP,
	[ACPI_ERR_MADT_LENGTH] = "MADT length is shorter than its 44-byte fixed part (the "
				 "table is corrupt)" ONLY_BSP,
	[ACPI_ERR_MADT_CHECKSUM] = "MADT checksum is wrong (the table is corrupt)" ONLY_BSP,
	[ACPI_ERR_MADT_ENTRY_TOO_SHORT] = "an MADT entry is shorter than its type requires (the "
					  "table is corrupt)" ONLY_BSP,
	[ACPI_ERR_MADT_ENTRY_PAST_END] = "an MADT entry runs past the end of the table (the table "
					 "is corrupt)" ONLY_BSP,
	[ACPI_ERR_NO_CPUS] = "MADT lists no enabled processor (the table is "
			     "wrong)" ONLY_BSP,
};

_Static_assert(sizeof(status_messages) / sizeof(status_messages[0]) == ACPI_STATUS_COUNT,
	       "every acpi_status needs a message");

const char *acpi_status_message(enum acpi_status s)
{
	if ((unsigned int)s >= ACPI_STATUS_COUNT || !status_messages[s])
		return "unknown ACPI status (a kernel bug)" ONLY_BSP;
	return status_messages[s];
}

uint64_t acpi_find_table(const void *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
			 const char *sig, uint32_t *len)
{
	/* read_rsdp records what it finds; only the root table is wanted here. */
	static struct acpi_madt_info scratch;
	struct acpi_reader r = { map, ctx, &scratch };
	struct root_ref root;
	struct table t;
	uint32_t count;

	*len = 0;
	if (!map || !sig || read_rsdp(rsdp, rsdp_len, &root, &scratch) != ACPI_OK)
		return 0;
	t.phys = root.phys;
	if (map_table(&r, &t, root.sig, SDT_HEADER_LEN, &root_errors) != ACPI_OK)
		return 0;
	count = (t.len - SDT_HEADER_LEN) / root.entry_size;
	for (uint32_t i = 0; i < count; i++) {
		struct table found = { .phys = root_entry(&r, &root, i) };
		if (found.phys && table_has_signature(&r, found.phys, sig) &&
		    map_table(&r, &found, sig, SDT_HEADER_LEN, &madt_errors) == ACPI_OK) {
			*len = found.len;
			return found.phys;
		}
	}
	return 0;
}
