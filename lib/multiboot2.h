/*
 * Multiboot2 boot information: a validating parser that copies what the
 * kernel needs out of the loader's structure (Multiboot2 specification
 * version 2.0, section 3.6, "Boot information format"; field layouts as
 * in GRUB 2's multiboot2.h).
 *
 * Everything in struct mb2_info is a copy, so the original may be
 * overwritten once mb2_parse() returns.
 */
#ifndef LIB_MULTIBOOT2_H
#define LIB_MULTIBOOT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "include/config.h"

/* What a Multiboot2 loader leaves in EAX (section 3.3). */
#define MB2_BOOTLOADER_MAGIC 0x36d76289

/* Tag types (section 3.6). */
#define MB2_TAG_END		   0
#define MB2_TAG_CMDLINE		   1
#define MB2_TAG_LOADER_NAME	   2
#define MB2_TAG_MODULE		   3
#define MB2_TAG_BASIC_MEMINFO	   4
#define MB2_TAG_BOOTDEV		   5
#define MB2_TAG_MMAP		   6
#define MB2_TAG_VBE		   7
#define MB2_TAG_FRAMEBUFFER	   8
#define MB2_TAG_ELF_SECTIONS	   9
#define MB2_TAG_APM		   10
#define MB2_TAG_EFI32_SYSTAB	   11
#define MB2_TAG_EFI64_SYSTAB	   12
#define MB2_TAG_SMBIOS		   13
#define MB2_TAG_ACPI_OLD_RSDP	   14
#define MB2_TAG_ACPI_NEW_RSDP	   15
#define MB2_TAG_NETWORK		   16
#define MB2_TAG_EFI_MMAP	   17
#define MB2_TAG_EFI_BS_ACTIVE	   18
#define MB2_TAG_EFI32_IMAGE_HANDLE 19
#define MB2_TAG_EFI64_IMAGE_HANDLE 20
#define MB2_TAG_LOAD_BASE_ADDR	   21

/* Memory map entry types (section 3.6.8); others are to be left alone. */
#define MB2_MMAP_AVAILABLE	  1
#define MB2_MMAP_RESERVED	  2
#define MB2_MMAP_ACPI_RECLAIMABLE 3
#define MB2_MMAP_ACPI_NVS	  4
#define MB2_MMAP_BAD		  5

/* Framebuffer types (section 3.6.12). */
#define MB2_FB_TYPE_INDEXED  0
#define MB2_FB_TYPE_RGB	     1
#define MB2_FB_TYPE_EGA_TEXT 2

/* GRUB passes command lines of several KiB. */
#define MB2_CMDLINE_MAX	    4096
#define MB2_LOADER_NAME_MAX 64
#define MB2_RSDP_MAX	    64
#define MB2_MAX_MODULES	    16

/* mb2_parse() results. */
#define MB2_OK		   0
#define MB2_ERR_ARGUMENT   (-1) /* NULL or misaligned pointer */
#define MB2_ERR_TOTAL_SIZE (-2) /* total_size too small or too big */
#define MB2_ERR_TAG	   (-3) /* a malformed tag */
#define MB2_ERR_NO_END_TAG (-4) /* total_size ran out first */

struct mb2_mmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* MB2_MMAP_* */
};

#define MB2_MODULE_STRING_MAX 2048 /* Linux's COMMAND_LINE_SIZE on x86 */

struct mb2_module {
	uint32_t start; /* physical address of the first byte */
	uint32_t end;	/* physical address just past the last */
	/* What GRUB's module2 line gave after the file name: for a Linux
	 * kernel, its command line.  "" if none. */
	char string[MB2_MODULE_STRING_MAX];
	bool string_truncated;
};

struct mb2_framebuffer {
	uint64_t addr;	/* physical */
	uint32_t pitch; /* bytes per line */
	uint32_t width; /* pixels, or characters in EGA text mode */
	uint32_t height;
	uint8_t bpp;
	uint8_t type; /* MB2_FB_TYPE_* */
	/* Bit layout of a pixel; set for MB2_FB_TYPE_RGB only. */
	uint8_t red_position, red_mask_size;
	uint8_t green_position, green_mask_size;
	uint8_t blue_position, blue_mask_size;
};

struct mb2_info {
	uint32_t total_size; /* of the loader's original structure */

	char cmdline[MB2_CMDLINE_MAX]; /* "" if absent */
	bool cmdline_truncated;
	char loader_name[MB2_LOADER_NAME_MAX]; /* "" if absent */

	bool has_meminfo;
	uint32_t mem_lower; /* KiB from 0; at most 640 */
	uint32_t mem_upper; /* KiB from 1 MiB to the first hole */

	struct mb2_mmap_entry mmap[CONFIG_MAX_MMAP];
	uint32_t mmap_count;
	bool mmap_dropped; /* the loader gave more than CONFIG_MAX_MMAP */

	bool has_rsdp;
	uint8_t rsdp_version; /* 1 from tag 14, 2 from tag 15 */
	uint8_t rsdp[MB2_RSDP_MAX];
	uint32_t rsdp_len; /* bytes of rsdp[] copied from the tag */

	bool has_framebuffer;
	struct mb2_framebuffer fb;

	struct mb2_module modules[MB2_MAX_MODULES];
	uint32_t module_count;
	bool modules_dropped; /* more than MB2_MAX_MODULES modules */

	bool has_efi32_systab; /* tag 11 */
	bool has_efi64_systab; /* tag 12 */
	bool has_efi_mmap;     /* tag 17 */
	/* Tag 18: the loader did not call ExitBootServices(). */
	bool efi_boot_services_active;

	bool has_load_base;
	uint32_t load_base; /* physical address the image was loaded at */
};

/*
 * Validates the boot information at info, of which at most max_len bytes
 * may be read, and fills *out.  Returns MB2_OK, or a negative MB2_ERR_*
 * with a one-line explanation in err (errlen bytes, NUL-terminated; err may
 * be NULL) and *out zeroed.  Never reads outside [info, info + total_size).
 * Unknown tags are skipped; a repeated tag replaces the earlier one, except
 * that modules accumulate and an ACPI 2.0 RSDP is kept over a 1.0 one.
 */
int mb2_parse(const void *info, size_t max_len, struct mb2_info *out, char *err, size_t errlen);

/* "available", "reserved", ... for MB2_MMAP_*; "unknown" otherwise. */
const char *mb2_mmap_type_name(uint32_t type);

/* "memory map", "framebuffer", ... for MB2_TAG_*; "unknown" otherwise. */
const char *mb2_tag_name(uint32_t type);

#endif
