/*
 * A builder of ACPI DMAR tables for the host tests and the DMAR fuzzer's
 * seeds: layouts of the VT-d specification Rev. 4.1 (D51397-016) chapter 8
 * (header 8.1, DRHD 8.3, device scope 8.3.1, RMRR 8.4, ATSR 8.5, RHSA 8.6).
 * Each add appends a structure and returns its offset; scopes are appended
 * to the last structure, whose Length grows with them.  dmar_finish sets
 * the table's Length and checksum.
 */
#ifndef TESTS_SUPPORT_DMAR_BUILD_H
#define TESTS_SUPPORT_DMAR_BUILD_H

#include <stddef.h>
#include <stdint.h>

#define DMAR_BUILD_MAX 4096

struct dmar_build {
	uint8_t bytes[DMAR_BUILD_MAX];
	size_t len;
	size_t last; /* offset of the last structure */
};

void dmar_begin(struct dmar_build *b, uint8_t host_width, uint8_t flags);
size_t dmar_add_drhd(struct dmar_build *b, uint8_t flags, uint16_t segment, uint64_t reg_base);
size_t dmar_add_rmrr(struct dmar_build *b, uint16_t segment, uint64_t base, uint64_t limit);
size_t dmar_add_atsr(struct dmar_build *b, uint8_t flags, uint16_t segment);
size_t dmar_add_rhsa(struct dmar_build *b, uint64_t reg_base, uint32_t domain);
/* A scope of `type` at start_bus through hops (device, function) pairs. */
void dmar_add_scope(struct dmar_build *b, uint8_t type, uint8_t enum_id, uint8_t start_bus,
		    const uint8_t (*path)[2], unsigned int hops);
/* Length and checksum; returns the table's length. */
size_t dmar_finish(struct dmar_build *b);

#endif
