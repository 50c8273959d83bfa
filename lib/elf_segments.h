/*
 * An ELF32 or ELF64 executable's PT_LOAD program headers, read from an
 * untrusted image into the loader's segment list (include/elf.h).  Only
 * little-endian x86 files (EM_386, EM_X86_64) are accepted, the machines
 * Multiboot loaders take on a PC.
 */
#ifndef LIB_ELF_SEGMENTS_H
#define LIB_ELF_SEGMENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/multiboot_load.h"

/* The image starts with the ELF magic (it may still be refused). */
bool elf_is_elf(const uint8_t *image, size_t len);

/*
 * Fills plan->seg/count with the PT_LOAD segments of memory size > 0 at
 * their physical addresses, plan->elf64, and *entry_vaddr with e_entry.
 * A segment's vaddr goes to vaddr[i] (for the entry's translation).
 * Reasons: bad-elf, past-image, overflow, too-many-segments.
 */
bool elf_read_segments(const uint8_t *image, size_t len, struct mb_load_plan *plan,
		       uint64_t vaddr[MB_LOAD_MAX_SEGMENTS], uint64_t *entry_vaddr,
		       const char **reason);

#endif
