/*
 * The ACPI DMA Remapping Reporting table (DMAR), which lists the machine's
 * VT-d remapping units, as in the Intel Virtualization Technology for
 * Directed I/O Architecture Specification, Rev. 4.1 (March 2023, Order
 * Number D51397-016), chapter 8 "BIOS Considerations": the header (8.1),
 * DRHD (8.3), device scopes (8.3.1), RMRR (8.4) and ATSR (8.5); RHSA
 * (8.6), ANDD (8.7), SATC (8.8), SIDP (8.9) and types not known yet are
 * skipped by their length.
 *
 * Pure: it reads the byte buffer the caller mapped (lib/acpi.h's
 * acpi_find_table finds it).  Every length and offset is checked against
 * the buffer before it is read; a table that lies about one is refused
 * with the reason and the offset where the lie is.
 */
#ifndef LIB_ACPI_DMAR_H
#define LIB_ACPI_DMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DMAR_MAX_UNITS	16
#define DMAR_MAX_RMRRS	16
#define DMAR_MAX_ATSRS	8
#define DMAR_MAX_SCOPES 8 /* kept per structure; more are counted, not kept */
#define DMAR_MAX_PATH	8 /* (device, function) hops kept per scope */

/* DMAR Flags (8.1). */
#define DMAR_FLAG_INTR_REMAP		   (1u << 0)
#define DMAR_FLAG_X2APIC_OPT_OUT	   (1u << 1)
#define DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN (1u << 2)

/* DRHD Flags (8.3): the unit covers every PCI device of its segment not listed elsewhere. */
#define DRHD_FLAG_INCLUDE_PCI_ALL (1u << 0)

/* Device scope types (8.3.1, table 8-3). */
#define DMAR_SCOPE_PCI_ENDPOINT	     1
#define DMAR_SCOPE_PCI_SUB_HIERARCHY 2
#define DMAR_SCOPE_IOAPIC	     3
#define DMAR_SCOPE_HPET		     4
#define DMAR_SCOPE_ACPI_NAMESPACE    5

enum dmar_status {
	DMAR_OK = 0,
	DMAR_ERR_TOO_SHORT,	  /* fewer bytes than the 48-byte header */
	DMAR_ERR_SIGNATURE,	  /* not "DMAR" */
	DMAR_ERR_LENGTH,	  /* the header's Length is under 48 or over the bytes given */
	DMAR_ERR_CHECKSUM,	  /* the bytes do not sum to zero */
	DMAR_ERR_HOST_WIDTH,	  /* Host Address Width + 1 outside 12-64 */
	DMAR_ERR_STRUCT_HEADER,	  /* fewer than 4 bytes left for a structure's type and length */
	DMAR_ERR_STRUCT_LENGTH,	  /* a structure's Length under its type's minimum */
	DMAR_ERR_STRUCT_PAST_END, /* a structure's Length runs past the table */
	DMAR_ERR_SCOPE_LENGTH,	  /* a device scope's Length under 8, odd, or past its structure */
	DMAR_ERR_REGISTER_BASE,	  /* a DRHD's register base is 0 or not page-aligned */
	DMAR_ERR_RMRR_RANGE,	  /* an RMRR's base or limit + 1 unaligned, or limit < base */
	DMAR_ERR_TOO_MANY_UNITS,  /* more DRHDs than DMAR_MAX_UNITS */
	DMAR_ERR_TOO_MANY_RMRRS,  /* more RMRRs than DMAR_MAX_RMRRS */
	DMAR_ERR_NO_UNITS,	  /* no DRHD at all */
	DMAR_STATUS_COUNT
};

/* A device scope: the start bus, then one (device, function) per bridge crossed. */
struct dmar_scope {
	uint8_t type;	 /* DMAR_SCOPE_* */
	uint8_t enum_id; /* I/O APIC id, HPET number or ACPI device number */
	uint8_t start_bus;
	uint8_t path_len; /* hops in path[], at most DMAR_MAX_PATH */
	bool path_cut;	  /* the scope had more hops than path[] holds */
	struct {
		uint8_t device, function;
	} path[DMAR_MAX_PATH];
};

/* The scopes of one structure: at most DMAR_MAX_SCOPES kept, all counted. */
struct dmar_scopes {
	uint32_t count; /* scopes the structure lists */
	struct dmar_scope kept[DMAR_MAX_SCOPES];
};

struct dmar_unit {
	uint64_t reg_base;
	uint16_t segment;
	uint8_t flags; /* DRHD_FLAG_* */
	uint8_t size;  /* register set: 2^size pages (0 on older firmware: one) */
	struct dmar_scopes scopes;
};

struct dmar_rmrr {
	uint16_t segment;
	uint64_t base;
	uint64_t limit; /* last byte, inclusive */
	struct dmar_scopes scopes;
};

struct dmar_atsr {
	uint16_t segment;
	uint8_t flags; /* bit 0 ALL_PORTS */
	struct dmar_scopes scopes;
};

struct dmar_info {
	uint8_t host_width; /* Host Address Width + 1: the DMA-addressable bits */
	uint8_t flags;	    /* DMAR_FLAG_* */
	uint32_t unit_count;
	struct dmar_unit units[DMAR_MAX_UNITS];
	uint32_t rmrr_count;
	struct dmar_rmrr rmrrs[DMAR_MAX_RMRRS];
	uint32_t atsr_count;   /* kept in atsrs[], at most DMAR_MAX_ATSRS */
	uint32_t atsr_dropped; /* beyond DMAR_MAX_ATSRS: informative only */
	struct dmar_atsr atsrs[DMAR_MAX_ATSRS];
	uint32_t skipped; /* RHSA, ANDD, SATC, SIDP and unknown structures */
	/* On failure: the offset in the table of what was refused. */
	uint32_t fault_offset;
};

/*
 * Parse the DMAR's len bytes (header included) into *out, which it resets
 * first.  DMAR_OK only if the whole table is well formed and lists at least
 * one DRHD; otherwise the reason, fault_offset saying where.
 */
enum dmar_status acpi_dmar_parse(const uint8_t *table, size_t len, struct dmar_info *out);

/*
 * Renames the DMAR table at table (len bytes, the header's length) to
 * "XMAR", its checksum kept right, so that a guest's ACPI code finds no
 * remapping unit to program (the hypervisor owns them; Xen hides the table
 * from its dom0 the same way).  False, with nothing changed, if it is not a
 * DMAR table of that length.
 */
bool acpi_dmar_hide(uint8_t *table, size_t len);

/* A sentence for the console saying what was wrong. */
const char *acpi_dmar_status_message(enum dmar_status s);

#endif
