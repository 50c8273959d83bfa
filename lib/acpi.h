/*
 * Processor discovery from the ACPI tables: RSDP -> RSDT/XSDT -> MADT.
 *
 * Pure logic.  The parser never touches physical memory itself; every read
 * goes through an acpi_map_fn so that the kernel (identity map) and the host
 * tests (a buffer standing for physical memory) share the same code.
 */
#ifndef LIB_ACPI_H
#define LIB_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "include/config.h"

/* Bytes in an ACPI 1.0 RSDP (Multiboot2 old-ACPI tag) and in a 2.0+ one. */
#define ACPI_RSDP_V1_LEN 20
#define ACPI_RSDP_V2_LEN 36

/*
 * Return a readable pointer to physical [phys, phys + len), or NULL if any
 * part of that range cannot be read.  The parser uses a returned pointer only
 * until its next call to the function, so a single mapping window suffices.
 */
typedef const void *(*acpi_map_fn)(void *ctx, uint64_t phys, size_t len);

enum acpi_status {
	ACPI_OK = 0,
	ACPI_ERR_BAD_ARGUMENT,	 /* map or out is NULL */
	ACPI_ERR_RSDP_TOO_SHORT, /* fewer than 20 bytes given */
	ACPI_ERR_RSDP_SIGNATURE,
	ACPI_ERR_RSDP_CHECKSUM,	    /* over the first 20 bytes */
	ACPI_ERR_RSDP_LENGTH,	    /* rev >= 2: Length < 36 or > copy */
	ACPI_ERR_RSDP_EXT_CHECKSUM, /* over the Length field's bytes */
	ACPI_ERR_ROOT_MISSING,	    /* RSDT (and XSDT) address is zero */
	ACPI_ERR_ROOT_UNREADABLE,
	ACPI_ERR_ROOT_SIGNATURE,
	ACPI_ERR_ROOT_LENGTH,
	ACPI_ERR_ROOT_CHECKSUM,
	ACPI_ERR_MADT_NOT_FOUND,
	ACPI_ERR_MADT_UNREADABLE,
	ACPI_ERR_MADT_LENGTH,
	ACPI_ERR_MADT_CHECKSUM,
	ACPI_ERR_MADT_ENTRY_TOO_SHORT, /* length < 2 or < its type's size */
	ACPI_ERR_MADT_ENTRY_PAST_END,  /* entry runs past the table's end */
	ACPI_ERR_NO_CPUS,	       /* no enabled processor listed */
	ACPI_STATUS_COUNT
};

struct acpi_cpu {
	uint32_t apic_id;
	uint32_t acpi_uid;
	bool enabled;	     /* present and usable now */
	bool online_capable; /* not enabled, but may be brought up later */
	bool x2apic_entry;   /* listed by a Local x2APIC entry (type 9) */
};

struct acpi_madt_info {
	uint64_t lapic_addr; /* after any Local APIC Address Override */
	uint32_t madt_flags; /* bit 0: PCAT_COMPAT (8259 PICs present) */
	/*
	 * The processors the MADT lists, in its order, whether or not they
	 * are enabled or ever start: not the kernel's cpu_count (the started
	 * processors' table, arch/x86/percpu.h).
	 */
	uint32_t listed_count;	 /* valid entries in listed[] */
	uint32_t listed_dropped; /* entries beyond CONFIG_MAX_CPUS */
	struct acpi_cpu listed[CONFIG_MAX_CPUS];
	uint8_t acpi_revision; /* RSDP Revision: 0 for ACPI 1.0, 2 for 2.0+ */
	bool used_xsdt;
	char oem_id[7]; /* RSDP OEM ID, NUL-terminated */
	/*
	 * On failure: the table the failure concerns ("RSDP", "RSDT", "XSDT"
	 * or "APIC") and its physical address, 0 when unknown (the RSDP is a
	 * copy from the boot loader; a missing MADT has no address).
	 */
	char fault_sig[5];
	uint64_t fault_addr;
};

/*
 * Read the processors from the MADT reached through the RSDP at rsdp, a copy
 * of rsdp_len bytes (20 from the Multiboot2 old-ACPI tag, the RSDP's Length
 * from the new-ACPI tag).  With fewer than 36 bytes only the ACPI 1.0 part is
 * used, whatever the Revision says.  On failure lapic_addr, madt_flags,
 * listed_count and listed_dropped are 0, so the caller falls back to the boot
 * processor alone, and fault_sig and fault_addr name the table at fault.
 */
enum acpi_status acpi_read_madt(const void *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
				struct acpi_madt_info *out);

/*
 * The physical address of the first table with signature sig (4 bytes)
 * that the root table lists and whose header and checksum are valid, or 0.
 * *len gets its length.
 */
uint64_t acpi_find_table(const void *rsdp, size_t rsdp_len, acpi_map_fn map, void *ctx,
			 const char *sig, uint32_t *len);

/* A sentence for the console explaining s and its consequence. */
const char *acpi_status_message(enum acpi_status s);

#endif
