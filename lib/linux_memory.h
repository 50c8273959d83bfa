/*
 * Which memory the Linux guest gets: every byte of RAM in the Multiboot2
 * memory map that the hypervisor's allocator still has free when the guest
 * is planned.  Everything else in RAM (the kernel image, the boot
 * information, the modules, every page the hypervisor allocated) is the
 * hypervisor's: reserved in the guest's e820 map and absent from its EPT.
 */
#ifndef LIB_LINUX_MEMORY_H
#define LIB_LINUX_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/linux_boot.h"
#include "lib/multiboot2.h"
#include "lib/pmm.h"

/*
 * The RAM of mmap not covered by free (sorted, disjoint, as struct pmm
 * keeps them), as page-aligned ranges in address order, into out (max
 * entries).  Returns the count; *overflow set when more would not fit (the
 * caller must then refuse: an unlisted range would be given to Linux).
 */
uint32_t linux_kept_ranges(const struct mb2_mmap_entry *mmap, uint32_t mmap_count,
			   const struct phys_range *free, uint32_t free_count,
			   struct linux_range *out, uint32_t max, bool *overflow);

#endif
