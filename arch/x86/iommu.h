/*
 * DMA remapping with Intel VT-d: every device is put in one domain that
 * maps what the guests see of memory (RAM and the firmware's RMRRs,
 * identity mapped) minus what the hypervisor hides from them, so that a
 * device's DMA cannot write (or read) the hypervisor's memory.  Tables in
 * lib/vtd_tables.h, registers in include/x86/vtd.h.  Interrupt remapping
 * is not done: a device's MSI write can still target any vector.
 */
#ifndef ARCH_X86_IOMMU_H
#define ARCH_X86_IOMMU_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/acpi_dmar.h"
#include "lib/multiboot2.h"
#include "lib/pmm.h"
#include "lib/vtd_tables.h"

enum iommu_state {
	IOMMU_ABSENT, /* no DMAR table: the firmware lists no remapping unit */
	IOMMU_OFF,    /* iommu=off, a refused DMAR, or a unit that could not be enabled */
	IOMMU_ON,     /* every unit translates */
};

extern enum iommu_state iommu_state;

/*
 * Translation on every unit the DMAR lists (dmar NULL: none, absent),
 * for a domain of the available RAM in mmap and the DMAR's RMRRs.  cpus
 * sizes the room kept for later hides.  Prints one `iommu:` line per unit
 * and a summary line; on failure says why and leaves iommu_state OFF.
 */
void iommu_setup(const struct dmar_info *dmar, const struct mb2_mmap_entry *mmap,
		 uint32_t mmap_count, uint32_t cpus);

/* iommu=off: say so, and stay off. */
void iommu_disable_by_option(void);
/* A DMAR table that was refused: why, and stay off. */
void iommu_refuse_table(const char *why);

/*
 * Take [base, base + size) out of the devices' view, as vmx_ept_hide()
 * takes it out of the processors' (called beside it), and invalidate the
 * units' IOTLBs.  True when done or when there is no IOMMU domain.
 */
bool iommu_hide(uint64_t base, uint64_t size);
/* The same for each of count ranges [base, end). */
bool iommu_hide_ranges(const struct phys_range *ranges, unsigned int count);

/*
 * Read, log (`iommu: blocked dma from <bus:dev.fn> to 0x<addr> (read|write,
 * <reason>)`) and clear every unit's fault records; up to max of them into
 * out.  Returns how many were recorded.
 */
unsigned int iommu_poll_faults(struct vtd_fault *out, unsigned int max);

/* A page of the domain's own tables (hidden from every device), 0 without a domain. */
uint64_t iommu_table_page(void);

/* "on", "off" or "absent" for the summary line. */
const char *iommu_state_word(void);
/* The report's problem line when the devices are not kept out, else nothing. */
void iommu_report_problem(void);

#endif
