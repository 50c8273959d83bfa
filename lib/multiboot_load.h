/*
 * The load plan of a Multiboot or Multiboot2 kernel: which bytes of the
 * image go where in guest-physical memory, how much is zeroed after them,
 * and where the kernel is entered.  Multiboot Specification 0.6.96, 3.1.3
 * (the a.out kludge's address fields) and 3.2; Multiboot2 Specification
 * 2.0, 3.1.5 (address tag), 3.1.6 (entry address tag) and 3.3.  ELF
 * program headers as in include/elf.h.
 *
 * Which source of addresses wins, as GRUB 2 does it: the a.out kludge
 * (Multiboot flag 16, or a Multiboot2 address tag) whenever the header has
 * it, even for an ELF file; otherwise the ELF file's PT_LOAD program headers
 * at their physical addresses (p_paddr).  A Multiboot2 entry address tag
 * overrides the ELF entry; with an address tag it is required.  The ELF
 * entry, a virtual address, is taken through the segment holding it to
 * its physical address (GRUB does the same), so kernels linked higher
 * half with AT() load addresses work.
 *
 * An entry point outside every segment is refused, not warned about:
 * the kernel would start in memory nobody wrote, and the specifications
 * describe the entry as an address in the loaded image (3.1.3: "the
 * physical address to which the boot loader should jump").
 *
 * Reason tokens:
 *   not-elf            no a.out kludge and no ELF header
 *   bad-elf            an ELF header or program header that makes no sense
 *                      (class, byte order, machine, header sizes, filesz > memsz)
 *   bad-aout           a.out fields inconsistent (load_addr > header_addr,
 *                      load_end_addr < load_addr, 0 < bss_end_addr < load end)
 *   no-entry           a Multiboot2 address tag without an entry address tag
 *   no-segments        nothing to load
 *   too-many-segments  more than MB_LOAD_MAX_SEGMENTS loadable segments
 *   past-image         a segment's file bytes run past the image's end
 *   overflow           an address or offset computation wraps
 *   above-4g           a segment or the entry at or above 4 GiB
 *   overlap            two segments share memory
 *   entry-outside      the entry is in no segment
 *   past-ram           a segment not wholly inside the usable RAM ranges
 *   forbidden          a segment touches a forbidden range
 *   not-multiboot      the image is not a Multiboot kernel (hdr->kind)
 */
#ifndef LIB_MULTIBOOT_LOAD_H
#define LIB_MULTIBOOT_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/guest_image.h"

#define MB_LOAD_MAX_SEGMENTS 16

/* A guest-physical range [base, end). */
struct mb_range {
	uint64_t base;
	uint64_t end;
};

struct mb_segment {
	uint64_t dest;	      /* guest-physical address of the first byte */
	uint64_t file_offset; /* in the image */
	uint64_t file_bytes;  /* copied from the image */
	uint64_t mem_bytes;   /* >= file_bytes; the rest is zeroed */
};

struct mb_load_plan {
	struct mb_segment seg[MB_LOAD_MAX_SEGMENTS];
	uint32_t count;
	uint32_t entry; /* guest-physical, entered in 32-bit protected mode */
	bool from_aout; /* the a.out kludge's addresses, not ELF's */
	bool elf64;
};

/*
 * Plans the load of image[0..len), which guest_image_detect() found to be
 * a Multiboot1 or Multiboot2 kernel (*hdr).  Every segment must lie wholly
 * inside the union of ram[0..ram_count) and touch none of
 * forbidden[0..forbidden_count) (both lists in any order).  Returns true
 * with *plan filled, or false with *reason set to a token above.
 */
bool mb_load_plan(const void *image, size_t len, const struct guest_image *hdr,
		  const struct mb_range *ram, uint32_t ram_count, const struct mb_range *forbidden,
		  uint32_t forbidden_count, struct mb_load_plan *plan, const char **reason);

#endif
