/* Multiboot guest image builders for the tests: see mb_image.h. */
#include "tests/support/mb_image.h"

#include <string.h>

#include "include/elf.h"
#include "include/multiboot1.h"
#include "include/multiboot2_header.h"

void img_reset(struct mb_image *img, size_t len)
{
	memset(img, 0, sizeof(*img));
	img->len = len;
}

void img_u16(struct mb_image *img, size_t at, uint16_t v)
{
	memcpy(img->bytes + at, &v, sizeof(v));
}

void img_u32(struct mb_image *img, size_t at, uint32_t v)
{
	memcpy(img->bytes + at, &v, sizeof(v));
}

void img_u64(struct mb_image *img, size_t at, uint64_t v)
{
	memcpy(img->bytes + at, &v, sizeof(v));
}

void img_mb1(struct mb_image *img, size_t at, uint32_t flags, const uint32_t *aout)
{
	int i;

	img_u32(img, at, MB1_HEADER_MAGIC);
	img_u32(img, at + 4, flags);
	img_u32(img, at + 8, (uint32_t) - (MB1_HEADER_MAGIC + flags));
	for (i = 0; aout && i < 5; i++)
		img_u32(img, at + 12 + 4 * (size_t)i, aout[i]);
}

void img_mb2_begin(struct mb_image *img, size_t at, uint32_t arch)
{
	img->mb2_at = (uint32_t)at;
	img->mb2_len = MB2_HEADER_FIXED;
	img_u32(img, at, MB2_HEADER_MAGIC);
	img_u32(img, at + 4, arch);
}

void img_mb2_tag(struct mb_image *img, uint16_t type, uint16_t flags, const uint32_t *words,
		 size_t nwords)
{
	size_t at = img->mb2_at + img->mb2_len, size = 8 + 4 * nwords, i;

	img_u16(img, at, type);
	img_u16(img, at + 2, flags);
	img_u32(img, at + 4, (uint32_t)size);
	for (i = 0; i < nwords; i++)
		img_u32(img, at + 8 + 4 * i, words[i]);
	img->mb2_len += (uint32_t)((size + 7) & ~(size_t)7);
}

void img_mb2_end(struct mb_image *img)
{
	size_t at = img->mb2_at;
	uint32_t arch;

	img_mb2_tag(img, MB2_HTAG_END, 0, NULL, 0);
	memcpy(&arch, img->bytes + at + 4, 4);
	img_u32(img, at + 8, img->mb2_len);
	img_u32(img, at + 12, (uint32_t) - (MB2_HEADER_MAGIC + arch + img->mb2_len));
}

void img_elf(struct mb_image *img, bool is64, uint64_t entry)
{
	img_u32(img, 0, ELF_MAGIC);
	img->bytes[ELF_EI_CLASS] = is64 ? ELF_CLASS64 : ELF_CLASS32;
	img->bytes[ELF_EI_DATA] = ELF_DATA_LSB;
	img->elf64 = is64;
	img->phnum = 0;
	if (is64) {
		img_u16(img, ELF64_E_MACHINE, ELF_EM_X86_64);
		img_u64(img, ELF64_E_ENTRY, entry);
		img_u64(img, ELF64_E_PHOFF, IMG_PHOFF);
		img_u16(img, ELF64_E_PHENTSIZE, ELF64_PHDR_SIZE);
		return;
	}
	img_u16(img, ELF32_E_MACHINE, ELF_EM_386);
	img_u32(img, ELF32_E_ENTRY, (uint32_t)entry);
	img_u32(img, ELF32_E_PHOFF, IMG_PHOFF);
	img_u16(img, ELF32_E_PHENTSIZE, ELF32_PHDR_SIZE);
}

void img_elf_load(struct mb_image *img, uint32_t type, uint64_t offset, uint64_t vaddr,
		  uint64_t paddr, uint64_t filesz, uint64_t memsz)
{
	size_t at;

	if (img->elf64) {
		at = IMG_PHOFF + (size_t)img->phnum * ELF64_PHDR_SIZE;
		img_u32(img, at + ELF64_P_TYPE, type);
		img_u64(img, at + ELF64_P_OFFSET, offset);
		img_u64(img, at + ELF64_P_VADDR, vaddr);
		img_u64(img, at + ELF64_P_PADDR, paddr);
		img_u64(img, at + ELF64_P_FILESZ, filesz);
		img_u64(img, at + ELF64_P_MEMSZ, memsz);
		img_u16(img, ELF64_E_PHNUM, (uint16_t)++img->phnum);
		return;
	}
	at = IMG_PHOFF + (size_t)img->phnum * ELF32_PHDR_SIZE;
	img_u32(img, at + ELF32_P_TYPE, type);
	img_u32(img, at + ELF32_P_OFFSET, (uint32_t)offset);
	img_u32(img, at + ELF32_P_VADDR, (uint32_t)vaddr);
	img_u32(img, at + ELF32_P_PADDR, (uint32_t)paddr);
	img_u32(img, at + ELF32_P_FILESZ, (uint32_t)filesz);
	img_u32(img, at + ELF32_P_MEMSZ, (uint32_t)memsz);
	img_u16(img, ELF32_E_PHNUM, (uint16_t)++img->phnum);
}
