/*
 * ELF file and program header layouts, as far as a loader that places
 * PT_LOAD segments needs them.  System V ABI, "Object Files" (gABI 4.1,
 * Figure 4-3 e_ident, Figure 5-1 program header) and its AMD64 and i386
 * supplements for the machine numbers.  Offsets, not C structs: the image
 * is unaligned bytes.
 */
#ifndef INCLUDE_ELF_H
#define INCLUDE_ELF_H

#define ELF_MAGIC     0x464c457fu /* "\x7fELF" read little-endian */
#define ELF_EI_CLASS  4
#define ELF_EI_DATA   5
#define ELF_CLASS32   1
#define ELF_CLASS64   2
#define ELF_DATA_LSB  1
#define ELF_EM_386    3
#define ELF_EM_X86_64 62
#define ELF_PT_LOAD   1

/* ELF32 header and program header (gABI Figures 4-3, 5-1). */
#define ELF32_EHDR_SIZE	  52
#define ELF32_E_MACHINE	  18
#define ELF32_E_ENTRY	  24
#define ELF32_E_PHOFF	  28
#define ELF32_E_PHENTSIZE 42
#define ELF32_E_PHNUM	  44
#define ELF32_PHDR_SIZE	  32
#define ELF32_P_TYPE	  0
#define ELF32_P_OFFSET	  4
#define ELF32_P_VADDR	  8
#define ELF32_P_PADDR	  12
#define ELF32_P_FILESZ	  16
#define ELF32_P_MEMSZ	  20

/* ELF64 header and program header. */
#define ELF64_EHDR_SIZE	  64
#define ELF64_E_MACHINE	  18
#define ELF64_E_ENTRY	  24
#define ELF64_E_PHOFF	  32
#define ELF64_E_PHENTSIZE 54
#define ELF64_E_PHNUM	  56
#define ELF64_PHDR_SIZE	  56
#define ELF64_P_TYPE	  0
#define ELF64_P_OFFSET	  8
#define ELF64_P_VADDR	  16
#define ELF64_P_PADDR	  24
#define ELF64_P_FILESZ	  32
#define ELF64_P_MEMSZ	  40

#endif
