/*
 * The Multiboot2 header an OS image carries, read by a loader.
 * Multiboot2 Specification version 2.0, section 3.1.  (The boot
 * information the loader hands over is in lib/multiboot2.h.)
 */
#ifndef INCLUDE_MULTIBOOT2_HEADER_H
#define INCLUDE_MULTIBOOT2_HEADER_H

/* 3.1.1, 3.1.2: within the first 32768 bytes, 64-bit aligned. */
#define MB2_HEADER_MAGIC	0xe85250d6u
#define MB2_SEARCH_LIMIT	32768
#define MB2_HEADER_ALIGN	8
#define MB2_HEADER_FIXED	16 /* magic, architecture, header_length, checksum */
#define MB2_ARCH_I386		0
#define MB2_HEADER_TAG_HDR	8 /* u16 type, u16 flags, u32 size */
#define MB2_HEADER_TAG_ALIGN	8
#define MB2_HEADER_TAG_OPTIONAL (1u << 0)

/* Header tag types (3.1.3 - 3.1.13). */
#define MB2_HTAG_END	       0
#define MB2_HTAG_INFO_REQUEST  1
#define MB2_HTAG_ADDRESS       2
#define MB2_HTAG_ENTRY_ADDRESS 3
#define MB2_HTAG_CONSOLE_FLAGS 4
#define MB2_HTAG_FRAMEBUFFER   5
#define MB2_HTAG_MODULE_ALIGN  6
#define MB2_HTAG_EFI_BS	       7
#define MB2_HTAG_ENTRY_EFI32   8
#define MB2_HTAG_ENTRY_EFI64   9
#define MB2_HTAG_RELOCATABLE   10

/* Tag sizes the specification fixes. */
#define MB2_HTAG_ADDRESS_SIZE	  24 /* header_addr, load_addr, load_end_addr, bss_end_addr */
#define MB2_HTAG_ENTRY_SIZE	  12 /* entry_addr */
#define MB2_HTAG_CONSOLE_SIZE	  12 /* console_flags */
#define MB2_HTAG_FRAMEBUFFER_SIZE 20 /* width, height, depth */

/* Console flags (3.1.7). */
#define MB2_CONSOLE_REQUIRED (1u << 0)
#define MB2_CONSOLE_EGA_TEXT (1u << 1)

/* load_addr -1 in the address tag: load from the file's start (3.1.5). */
#define MB2_LOAD_FROM_START 0xffffffffu

#endif
