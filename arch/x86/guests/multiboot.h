/* A Multiboot kernel as a guest kind (os.h): its exit table, and its first state by the specification. */
#ifndef ARCH_X86_GUESTS_MULTIBOOT_H
#define ARCH_X86_GUESTS_MULTIBOOT_H

#include "arch/x86/guests/os.h"

extern struct vmx_guest_kind multiboot_kind;

/*
 * The machine state a Multiboot loader leaves (Multiboot 0.6.96 3.2,
 * Multiboot2 2.0 3.3): 32-bit protected mode, paging off, flat 4 GiB code
 * and data segments, interrupts off, EAX the loader's magic and EBX the
 * boot information's physical address, entered at entry.
 */
void multiboot_bsp_state(uint32_t entry, uint32_t magic, uint32_t info, struct vmx_entry_state *s,
			 struct vmx_gprs *regs);

#endif
