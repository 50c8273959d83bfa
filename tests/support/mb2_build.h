/*
 * A builder of Multiboot2 boot information blobs for the lib/multiboot2.c
 * unit tests (tests/unit/test_multiboot2_*.c), tag by tag as the
 * Multiboot2 specification 2.0, section 3.6, lays them out.  Uses cmocka's
 * assertions.
 */
#ifndef TESTS_SUPPORT_MB2_BUILD_H
#define TESTS_SUPPORT_MB2_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "lib/multiboot2.h"

#define BLOB_CAP 16384

/* A 1024x768 32-bit RGB framebuffer as GRUB reports one (x8r8g8b8 at 0xfd000000). */
extern const struct mb2_framebuffer mb2_fb_rgb_1024x768;

struct blob {
	uint64_t words[BLOB_CAP / 8]; /* 8-byte aligned, like the real one */
	size_t len;
};

uint8_t *blob_bytes(struct blob *b);

/* Appends bytes; the test fails if the blob is full. */
void put(struct blob *b, const void *src, size_t n);
void put_u16(struct blob *b, uint16_t v);
void put_u32(struct blob *b, uint32_t v);
void put_u64(struct blob *b, uint64_t v);
void pad_to_8(struct blob *b);
/* Rewrite or read a word already written. */
void set_u32(struct blob *b, size_t offset, uint32_t v);
uint32_t get_u32(struct blob *b, size_t offset);

/* The fixed header, with total_size left for blob_finish(). */
void blob_begin(struct blob *b);
/* Starts a tag; returns its offset for tag_end(). */
size_t tag_begin(struct blob *b, uint32_t type);
/* Sets the tag's size to what was written since tag_begin(). */
void tag_end(struct blob *b, size_t at);
/* Appends the end tag and sets total_size. */
void blob_finish(struct blob *b);

/* Whole tags; those returning size_t give the tag's offset. */
size_t add_string_tag(struct blob *b, uint32_t type, const char *s);
/* entry_size may exceed 24: the extra bytes are filled with 0xee. */
size_t add_mmap(struct blob *b, uint32_t entry_size, const struct mb2_mmap_entry *entries,
		size_t count);
void add_module(struct blob *b, uint32_t start, uint32_t end, const char *name);
/* A tag with payload_len bytes of pattern, for RSDPs and unknown tags. */
size_t add_raw_tag(struct blob *b, uint32_t type, uint8_t pattern, size_t payload_len);
/* The framebuffer tag's common part, up to the color info. */
void add_fb_common(struct blob *b, uint64_t addr, uint32_t pitch, uint32_t width, uint32_t height,
		   uint8_t bpp, uint8_t type);

/* The memory map build_bios_info() lists. */
#define BIOS_MMAP_COUNT 7
extern const struct mb2_mmap_entry bios_mmap[];

/* What GRUB hands over on a BIOS machine, plus tags to be skipped. */
void build_bios_info(struct blob *b);
/* What GRUB hands over on a UEFI machine, with boot services left active. */
void build_uefi_info(struct blob *b);

#endif
