/*
 * The boot information a Multiboot loader hands its kernel, built into a
 * caller's buffer that will sit at guest-physical address buf_phys: every
 * address inside is guest-physical and below 4 GiB.
 *
 *   Multiboot 0.6.96, 3.3 "Boot information format": the info structure,
 *   then the memory map (entries with their size field), the module list
 *   and the strings.  Flags set: memory (0), cmdline (2) when given, mods
 *   (3), mmap (6), boot_loader_name (9) when given, framebuffer (12) when
 *   given.
 *   Multiboot2 2.0, 3.6: total_size, reserved, then 8-byte aligned tags:
 *   command line (1), boot loader name (2), modules (3), basic meminfo (4),
 *   memory map (6; entry_size 24, entry_version 0), framebuffer (8), ACPI
 *   old/new RSDP (14/15), end (0).
 *
 * The strings are the caller's.  GRUB 2 (2.06, as tests/integration/
 * t_guests_bare.sh shows) passes the arguments only, for the command line
 * and for each module ("console=ttyS0", not "/boot/kernel.elf
 * console=ttyS0"); GRUB Legacy put the file's path first.  A caller that
 * wants to look like GRUB 2 passes the arguments only.
 *
 * Reason tokens: buffer-too-small, above-4g (the information would reach
 * 4 GiB), misaligned (buf_phys not 8-byte aligned), bad-rsdp (fewer
 * bytes than the RSDP's revision needs: 20, or 36 for revision >= 2).
 */
#ifndef LIB_MULTIBOOT_INFO_H
#define LIB_MULTIBOOT_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/multiboot2.h"

struct mb_module_desc {
	uint32_t start;	    /* guest-physical, first byte */
	uint32_t end;	    /* guest-physical, just past the last */
	const char *string; /* path then arguments; NULL: "" */
};

struct mb_info_desc {
	/* The guest's map, hypervisor ranges already reserved (mb_mmap_carve). */
	const struct mb2_mmap_entry *mmap;
	uint32_t mmap_count;
	const char *cmdline; /* NULL: none */
	const struct mb_module_desc *modules;
	uint32_t module_count;
	const char *loader_name; /* NULL: none */
	const uint8_t *rsdp;	 /* NULL: none; its revision (byte 15) picks tag 14 or 15 */
	uint32_t rsdp_len;
	const struct mb2_framebuffer *fb; /* NULL: none */
};

/*
 * Build the information into buf[0..buf_len) for a guest that will find
 * it at buf_phys.  Return true with *size the bytes used, or false with
 * *reason set (the buffer's contents are then unspecified).
 */
bool mb1_build_info(const struct mb_info_desc *desc, void *buf, size_t buf_len, uint32_t buf_phys,
		    uint32_t *size, const char **reason);
bool mb2_build_info(const struct mb_info_desc *desc, void *buf, size_t buf_len, uint32_t buf_phys,
		    uint32_t *size, const char **reason);

#endif
