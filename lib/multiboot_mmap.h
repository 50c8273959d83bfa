/*
 * The memory map a Multiboot guest is given: the machine's map with the
 * hypervisor's own ranges carved out as reserved, and the basic memory
 * figures derived from it (Multiboot 0.6.96 3.3 mem_lower/mem_upper,
 * Multiboot2 2.0 3.6.8).  Entries are struct mb2_mmap_entry with
 * MB2_MMAP_* types, the same numbers both specifications use.
 */
#ifndef LIB_MULTIBOOT_MMAP_H
#define LIB_MULTIBOOT_MMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/multiboot2.h"
#include "lib/multiboot_load.h"

/*
 * Writes to out[0..max) the map of ram[0..ram_count) (any order, may
 * overlap; where entries overlap the higher non-available type wins) in
 * which every byte of forbidden[0..forbidden_count) that the map covers is
 * MB2_MMAP_RESERVED; sorted by base, adjacent entries of one type merged,
 * empty ones dropped.  Bytes no entry covers stay out of the map.  Returns
 * true with *count set, or false with *reason "mmap-full" if max is short.
 */
bool mb_mmap_carve(const struct mb2_mmap_entry *ram, uint32_t ram_count,
		   const struct mb_range *forbidden, uint32_t forbidden_count,
		   struct mb2_mmap_entry *out, uint32_t max, uint32_t *count, const char **reason);

/*
 * KiB of available memory from 0 (at most 640) and from 1 MiB up to the
 * first byte not available (at most 4 GiB - 1 MiB worth), as the
 * specifications define mem_lower and mem_upper.
 */
uint32_t mb_mem_lower_kib(const struct mb2_mmap_entry *map, uint32_t count);
uint32_t mb_mem_upper_kib(const struct mb2_mmap_entry *map, uint32_t count);

#endif
