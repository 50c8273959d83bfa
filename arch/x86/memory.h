/*
 * Physical memory and the kernel's own page tables, set up from the
 * Multiboot2 memory map.  Everything is identity mapped: a physical address
 * is also the kernel's pointer to it.
 */
#ifndef ARCH_X86_MEMORY_H
#define ARCH_X86_MEMORY_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/multiboot2.h"
#include "lib/pmm.h"
#include "lib/paging.h"

#define KERNEL_STACK_SIZE (16 * 1024)
#define BELOW_4G	  (1ull << 32)
#define ANYWHERE	  UINT64_MAX

extern struct pmm phys_mem;
extern struct page_table kernel_pt;

/* Build the allocator and the page tables and switch to them; false if impossible. */
bool memory_init(const struct mb2_info *info, uint64_t boot_info_phys);

/* Zeroed, page-aligned memory below limit, or NULL. */
void *page_alloc(uint64_t bytes, uint64_t limit);
/*
 * The same, not zeroed: for memory whose user clears what it takes (the
 * EPT's table pool, mostly spare, whose zeroing was most of the EPT build's
 * time in Bochs).
 */
void *page_alloc_unzeroed(uint64_t bytes, uint64_t limit);
/* From now on nothing is allocated: the memory still free is given away (to a guest). */
void memory_seal(void);
/* The kernel image's physical range [base, end), page-aligned: where GRUB loaded the hypervisor. */
void memory_kernel_image(uint64_t *base, uint64_t *end);

/* A stack with an unmapped guard page under it; returns its top, 0 if none. */
uint64_t stack_alloc(uint64_t bytes, uint64_t *guard_page);

/* Map device memory uncached (the local APIC). */
bool memory_map_mmio(uint64_t phys, uint64_t bytes);
/*
 * Make firmware data (ACPI tables) readable where the memory map lists it
 * but it is not mapped yet; false for anything the map does not list.
 */
bool memory_map_firmware(uint64_t phys, uint64_t bytes);

/* Let code run from a low page (the AP trampoline), or stop letting it. */
bool memory_set_executable(uint64_t phys, bool executable);

#endif
