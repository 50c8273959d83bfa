/*
 * Builders of Multiboot guest images for the unit tests and the fuzzer's
 * seeds: a Multiboot or Multiboot2 header at a chosen offset, ELF32 and
 * ELF64 program headers.  Pure C (no cmocka): the seed generator links it.
 */
#ifndef TESTS_SUPPORT_MB_IMAGE_H
#define TESTS_SUPPORT_MB_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB_IMAGE_CAP 65536

struct mb_image {
	uint8_t bytes[MB_IMAGE_CAP];
	size_t len;
	uint32_t mb2_at, mb2_len; /* the Multiboot2 header being built */
	uint32_t phnum;
	bool elf64;
};

void img_reset(struct mb_image *img, size_t len);
void img_u16(struct mb_image *img, size_t at, uint16_t v);
void img_u32(struct mb_image *img, size_t at, uint32_t v);
void img_u64(struct mb_image *img, size_t at, uint64_t v);

/* A Multiboot header at at: magic, flags, checksum, then the a.out fields
 * when aout is non-NULL (header_addr, load_addr, load_end_addr, bss_end_addr, entry). */
void img_mb1(struct mb_image *img, size_t at, uint32_t flags, const uint32_t *aout);

/* A Multiboot2 header at at: begin, tags, end (end tag, length, checksum). */
void img_mb2_begin(struct mb_image *img, size_t at, uint32_t arch);
/* A tag of payload words; flags 1 marks it optional. */
void img_mb2_tag(struct mb_image *img, uint16_t type, uint16_t flags, const uint32_t *words,
		 size_t nwords);
void img_mb2_end(struct mb_image *img);

/* An ELF header (32 or 64) at 0 with its program header table at 64 + 0. */
#define IMG_PHOFF 64
void img_elf(struct mb_image *img, bool is64, uint64_t entry);
void img_elf_load(struct mb_image *img, uint32_t type, uint64_t offset, uint64_t vaddr,
		  uint64_t paddr, uint64_t filesz, uint64_t memsz);

#endif
