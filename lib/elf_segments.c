/*
 * ELF program headers to load segments (System V gABI 4.1, chapter 5,
 * "Program Header"): p_offset/p_filesz name the file bytes, p_paddr the
 * physical address, p_memsz the memory size (the part past p_filesz is
 * zeroed: the bss).
 */
#include "lib/elf_segments.h"

#include "include/elf.h"
#include "lib/le_bytes.h"

struct elf_layout {
	bool is64;
	uint64_t entry, phoff;
	uint32_t phentsize, phnum;
};

struct phdr {
	uint32_t type;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

static bool refuse(const char **reason, const char *token)
{
	*reason = token;
	return false;
}

bool elf_is_elf(const uint8_t *image, size_t len)
{
	return len >= 4 && le32_at(image) == ELF_MAGIC;
}

static bool read_layout(const uint8_t *p, size_t len, struct elf_layout *l, const char **reason)
{
	if (len < ELF32_EHDR_SIZE || p[ELF_EI_DATA] != ELF_DATA_LSB)
		return refuse(reason, "bad-elf");
	l->is64 = p[ELF_EI_CLASS] == ELF_CLASS64;
	if (p[ELF_EI_CLASS] == ELF_CLASS32 && le16_at(p + ELF32_E_MACHINE) == ELF_EM_386) {
		l->entry = le32_at(p + ELF32_E_ENTRY);
		l->phoff = le32_at(p + ELF32_E_PHOFF);
		l->phentsize = le16_at(p + ELF32_E_PHENTSIZE);
		l->phnum = le16_at(p + ELF32_E_PHNUM);
		return l->phentsize >= ELF32_PHDR_SIZE ? true : refuse(reason, "bad-elf");
	}
	if (!l->is64 || len < ELF64_EHDR_SIZE || le16_at(p + ELF64_E_MACHINE) != ELF_EM_X86_64)
		return refuse(reason, "bad-elf");
	l->entry = le64_at(p + ELF64_E_ENTRY);
	l->phoff = le64_at(p + ELF64_E_PHOFF);
	l->phentsize = le16_at(p + ELF64_E_PHENTSIZE);
	l->phnum = le16_at(p + ELF64_E_PHNUM);
	return l->phentsize >= ELF64_PHDR_SIZE ? true : refuse(reason, "bad-elf");
}

static void read_phdr(const uint8_t *p, bool is64, struct phdr *h)
{
	if (is64) {
		h->type = le32_at(p + ELF64_P_TYPE);
		h->offset = le64_at(p + ELF64_P_OFFSET);
		h->vaddr = le64_at(p + ELF64_P_VADDR);
		h->paddr = le64_at(p + ELF64_P_PADDR);
		h->filesz = le64_at(p + ELF64_P_FILESZ);
		h->memsz = le64_at(p + ELF64_P_MEMSZ);
		return;
	}
	h->type = le32_at(p + ELF32_P_TYPE);
	h->offset = le32_at(p + ELF32_P_OFFSET);
	h->vaddr = le32_at(p + ELF32_P_VADDR);
	h->paddr = le32_at(p + ELF32_P_PADDR);
	h->filesz = le32_at(p + ELF32_P_FILESZ);
	h->memsz = le32_at(p + ELF32_P_MEMSZ);
}

/* The program header table lies inside the image. */
static bool table_inside(const struct elf_layout *l, size_t len, const char **reason)
{
	uint64_t bytes = (uint64_t)l->phentsize * l->phnum;

	if (l->phoff > len || bytes > len - l->phoff)
		return refuse(reason, "past-image");
	return true;
}

static bool add_segment(const struct phdr *h, size_t len, struct mb_load_plan *plan,
			uint64_t vaddr[MB_LOAD_MAX_SEGMENTS], const char **reason)
{
	if (h->filesz > h->memsz)
		return refuse(reason, "bad-elf");
	if (h->offset + h->filesz < h->offset || h->paddr + h->memsz < h->paddr)
		return refuse(reason, "overflow");
	if (h->offset > len || h->filesz > len - h->offset)
		return refuse(reason, "past-image");
	if (plan->count == MB_LOAD_MAX_SEGMENTS)
		return refuse(reason, "too-many-segments");
	vaddr[plan->count] = h->vaddr;
	plan->seg[plan->count++] = (struct mb_segment){ h->paddr, h->offset, h->filesz, h->memsz };
	return true;
}

bool elf_read_segments(const uint8_t *image, size_t len, struct mb_load_plan *plan,
		       uint64_t vaddr[MB_LOAD_MAX_SEGMENTS], uint64_t *entry_vaddr,
		       const char **reason)
{
	struct elf_layout l;
	struct phdr h;
	uint32_t i;

	if (!read_layout(image, len, &l, reason) || !table_inside(&l, len, reason))
		return false;
	plan->elf64 = l.is64;
	*entry_vaddr = l.entry;
	for (i = 0; i < l.phnum; i++) {
		read_phdr(image + l.phoff + (uint64_t)i * l.phentsize, l.is64, &h);
		if (h.type != ELF_PT_LOAD || h.memsz == 0)
			continue;
		if (!add_segment(&h, len, plan, vaddr, reason))
			return false;
	}
	return true;
}
