/*
 * VT-d's translation structures in legacy mode, built as pure code, and
 * the decoders of the unit's capability and fault-recording registers
 * (formats in include/x86/vtd.h, cited to the VT-d specification Rev. 4.1,
 * D51397-016).
 *
 * One domain for every device: a root table whose 256 buses all point at
 * one context table whose 256 entries are all present, untranslated
 * requests only (TT 00b), one domain id, one second-level table: an
 * identity map (device address = host-physical address, as the guests'
 * memory is identity mapped) of the ranges given, read/write, with 2 MiB and
 * 1 GiB pages only where CAP.SLLPS offers them.
 *
 * Pages are reached through struct vtd_ops, as in lib/paging.h and
 * lib/vmx/ept.h, so the host tests build on malloc'd memory.  Nothing here
 * invalidates a cache: after changing tables in use, the caller does.
 */
#ifndef LIB_VTD_TABLES_H
#define LIB_VTD_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/pmm.h"

/* Indices of struct vtd_domain's leaf counters. */
#define VTD_LEVEL_4K 0
#define VTD_LEVEL_2M 1
#define VTD_LEVEL_1G 2

/* CAP_REG decoded (11.4.2). */
struct vtd_cap {
	unsigned int domain_bits; /* 4 + 2 * ND: domain ids are below 2^domain_bits */
	bool rwbf;		  /* write-buffer flush needed after table writes */
	bool caching_mode; /* not-present entries may be cached: invalidate after any change */
	uint8_t sagaw;	   /* VTD_SAGAW_* */
	unsigned int mgaw; /* maximum guest address width, bits */
	uint32_t fro;	   /* first fault-recording register's byte offset */
	unsigned int nfr;  /* fault-recording registers */
	bool pages_2m, pages_1g; /* SLLPS */
	bool drain_read, drain_write;
};

/* ECAP_REG decoded (11.4.3). */
struct vtd_ecap {
	bool coherent; /* C: table walks snoop; else the tables must be flushed from the caches */
	bool queued_invalidation, device_tlb, interrupt_remapping, pass_through, snoop_control;
	uint32_t iro; /* IOTLB registers' byte offset (IVA; IOTLB_REG 8 beyond) */
};

void vtd_cap_decode(uint64_t raw, struct vtd_cap *cap);
void vtd_ecap_decode(uint64_t raw, struct vtd_ecap *ecap);

/* One fault record (11.4.14). */
struct vtd_fault {
	uint16_t source_id; /* requester id: bus 15:8, device 7:3, function 2:0 */
	uint64_t addr;	    /* the page the request addressed */
	bool read;	    /* else a write */
	uint8_t reason;	    /* table 7-1 */
};

/* False if the record's F bit is clear (no fault there); lo and hi are its two qwords. */
bool vtd_fault_decode(uint64_t lo, uint64_t hi, struct vtd_fault *f);
/* The spec's name for a fault reason code, e.g. "write to a page without write permission". */
const char *vtd_fault_reason_name(uint8_t reason);
/* "bb:dd.f" into out (at least 8 bytes). */
void vtd_format_bdf(uint16_t source_id, char *out, unsigned int size);

struct vtd_ops {
	uint64_t (*alloc_table)(void *ctx); /* a 4 KiB page's physical address, 0 if none */
	void *(*phys_to_virt)(void *ctx, uint64_t phys);
	void *ctx;
};

struct vtd_domain {
	struct vtd_ops ops;
	uint64_t root;	     /* the second-level table's top page, 0 if none */
	unsigned int levels; /* 3 (39-bit) or 4 (48-bit) */
	unsigned int width;  /* addresses below 2^width can be mapped */
	bool pages_2m, pages_1g;
	uint64_t tables;    /* table pages, the top one included */
	uint64_t leaves[3]; /* leaf entries by VTD_LEVEL_* */
};

/*
 * An empty domain for a unit with cap: 4 levels where SAGAW offers the
 * 48-bit width and MGAW reaches beyond 39 bits, else 3 where SAGAW offers
 * 39; the width is the smaller of the walk's and MGAW.  False when SAGAW
 * offers neither or the top table cannot be allocated.
 */
bool vtd_domain_init(struct vtd_domain *d, const struct vtd_ops *ops, const struct vtd_cap *cap);

/*
 * Map [base, base + size), widened to whole pages, identity and read/write.
 * False if it reaches 2^width or a table cannot be allocated (what was
 * mapped stays).
 */
bool vtd_map(struct vtd_domain *d, uint64_t base, uint64_t size);

/*
 * Unmap [base, base + size), widened to whole pages, splitting the large
 * pages it cuts (a split table is filled before it is linked).  False if it
 * reaches 2^width or a split's table cannot be allocated.
 */
bool vtd_unmap(struct vtd_domain *d, uint64_t base, uint64_t size);

/* One translation as vtd_lookup() walks it. */
struct vtd_mapping {
	uint64_t phys;
	uint64_t page_size;
	bool read, write;
};

/* Walks the table for addr as the unit would; false if unmapped (m may be NULL). */
bool vtd_lookup(const struct vtd_domain *d, uint64_t addr, struct vtd_mapping *m);

/*
 * The root table and the one context table that send every bus, device
 * and function to domain d with id domain_id; the root table's physical
 * address (for RTADDR_REG), 0 if a page cannot be allocated.
 */
uint64_t vtd_context_build(const struct vtd_ops *ops, const struct vtd_domain *d,
			   uint16_t domain_id);

/*
 * An upper bound on the table pages a domain of `levels` levels needs: its
 * top table, vtd_map() of the ranges, `splits` later vtd_unmap() calls,
 * and vtd_context_build()'s two pages; for sizing a pool.
 */
uint64_t vtd_pages_needed(const struct phys_range *ranges, unsigned int count, unsigned int splits,
			  unsigned int levels);

#endif
