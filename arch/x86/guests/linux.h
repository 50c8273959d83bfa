/* Linux as a guest kind (os.h): its exit table, and its first state from the boot protocol. */
#ifndef ARCH_X86_GUESTS_LINUX_H
#define ARCH_X86_GUESTS_LINUX_H

#include "arch/x86/guests/os.h"
#include "lib/linux_entry.h"

extern struct vmx_guest_kind linux_kind;

/* The boot processor's state at the 64-bit entry point (lib/linux_entry.h), and RSI. */
void linux_bsp_state(const struct linux_entry_state *e, struct vmx_entry_state *s,
		     struct vmx_gprs *regs);

#endif
