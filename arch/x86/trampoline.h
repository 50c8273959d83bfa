/*
 * The parameter block the boot processor fills in the AP trampoline
 * (boot/trampoline.asm) before sending SIPIs.  The assembly takes its
 * offsets from build/gen/asm_consts.inc, generated from this definition.
 */
#ifndef ARCH_X86_TRAMPOLINE_H
#define ARCH_X86_TRAMPOLINE_H

#include <stdint.h>

/* Where the block starts in the trampoline: after its first short jump. */
#define TRAMPOLINE_PARAMS_OFFSET 8

struct trampoline_params {
	uint32_t cr3;	  /* kernel PML4, below 4 GiB: loaded in 32-bit mode */
	uint32_t efer;	  /* EFER bits to set: LME, and NXE where supported */
	uint64_t entry64; /* kernel entry in long mode (ap_entry64) */
};

extern const char trampoline_start[], trampoline_end[];

#endif
