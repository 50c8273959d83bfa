/*
 * Multiboot (version 1) layouts: the OS image's header and the boot
 * information a loader hands over.  Multiboot Specification version 0.6.96,
 * sections 3.1 (header), 3.2 (machine state) and 3.3 (boot information).
 */
#ifndef INCLUDE_MULTIBOOT1_H
#define INCLUDE_MULTIBOOT1_H

/* Header (3.1.1, 3.1.2): within the first 8192 bytes, 32-bit aligned. */
#define MB1_HEADER_MAGIC 0x1badb002u
#define MB1_SEARCH_LIMIT 8192
#define MB1_HEADER_ALIGN 4
#define MB1_HEADER_SIZE	 12 /* magic, flags, checksum */
#define MB1_HEADER_AOUT	 32 /* ... header_addr to entry_addr (bit 16) */
#define MB1_HEADER_VIDEO 48 /* ... mode_type, width, height, depth (bit 2) */

/* Header flags (3.1.2): bits 0-15 are required, 16-31 optional. */
#define MB1_FLAG_PAGE_ALIGN_MODULES (1u << 0)
#define MB1_FLAG_MEMORY_INFO	    (1u << 1)
#define MB1_FLAG_VIDEO_MODE	    (1u << 2)
#define MB1_FLAG_AOUT_KLUDGE	    (1u << 16)
#define MB1_FLAGS_REQUIRED	    0x0000ffffu

/* Header field offsets (3.1.1, 3.1.3). */
#define MB1_HDR_MAGIC	      0
#define MB1_HDR_FLAGS	      4
#define MB1_HDR_CHECKSUM      8
#define MB1_HDR_HEADER_ADDR   12
#define MB1_HDR_LOAD_ADDR     16
#define MB1_HDR_LOAD_END_ADDR 20
#define MB1_HDR_BSS_END_ADDR  24
#define MB1_HDR_ENTRY_ADDR    28

/* What the loader leaves in EAX (3.2). */
#define MB1_BOOTLOADER_MAGIC 0x2badb002u

/* Boot information flags (3.3). */
#define MB1_INFO_MEMORY	     (1u << 0)
#define MB1_INFO_CMDLINE     (1u << 2)
#define MB1_INFO_MODS	     (1u << 3)
#define MB1_INFO_MEM_MAP     (1u << 6)
#define MB1_INFO_LOADER_NAME (1u << 9)
#define MB1_INFO_FRAMEBUFFER (1u << 12)

/*
 * Boot information field offsets (3.3).  color_info at 110 is the
 * specification's table; GRUB's C header declares it in a union with a
 * u32, which some compilers place at 112.  The table is followed here.
 */
#define MB1_INFO_FLAGS		  0
#define MB1_INFO_MEM_LOWER	  4
#define MB1_INFO_MEM_UPPER	  8
#define MB1_INFO_CMDLINE_ADDR	  16
#define MB1_INFO_MODS_COUNT	  20
#define MB1_INFO_MODS_ADDR	  24
#define MB1_INFO_MMAP_LENGTH	  44
#define MB1_INFO_MMAP_ADDR	  48
#define MB1_INFO_LOADER_NAME_ADDR 64
#define MB1_INFO_FB_ADDR	  88
#define MB1_INFO_FB_PITCH	  96
#define MB1_INFO_FB_WIDTH	  100
#define MB1_INFO_FB_HEIGHT	  104
#define MB1_INFO_FB_BPP		  108
#define MB1_INFO_FB_TYPE	  109
#define MB1_INFO_FB_COLOR_INFO	  110
#define MB1_INFO_SIZE		  116

/* A module entry: mod_start, mod_end, string, reserved (3.3). */
#define MB1_MODULE_SIZE 16

/* A memory map entry: size (of the rest), base_addr, length, type (3.3). */
#define MB1_MMAP_ENTRY_SIZE 24
#define MB1_MMAP_SIZE_FIELD 20

#endif
