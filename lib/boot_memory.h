/*
 * Which physical memory the page allocator may hand out, from the boot
 * information: the memory map's available ranges minus everything that is
 * in use before the allocator exists (pure, so the host tests check it).
 */
#ifndef LIB_BOOT_MEMORY_H
#define LIB_BOOT_MEMORY_H

#include <stddef.h>
#include "lib/multiboot2.h"
#include "lib/pmm.h"

#define BOOT_RESERVED_MAX (CONFIG_MAX_MMAP + MB2_MAX_MODULES + 3)

struct boot_ranges {
	struct phys_range usable[CONFIG_MAX_MMAP];
	size_t n_usable;
	struct phys_range reserved[BOOT_RESERVED_MAX];
	size_t n_reserved;
};

/*
 * Usable: the available ranges.  Reserved: every other range of the map,
 * page 0 (the real-mode interrupt vectors, and NULL must never be a valid
 * allocation), the kernel image [kernel_start, kernel_end), the boot
 * information at info_phys and the modules.
 */
void boot_memory_ranges(const struct mb2_info *info, uint64_t kernel_start, uint64_t kernel_end,
			uint64_t info_phys, struct boot_ranges *out);

#endif
