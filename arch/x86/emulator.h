/*
 * Ending a run inside an emulator with a status that tells success from
 * failure.  On real hardware nothing is written and the caller halts.
 */
#ifndef ARCH_X86_EMULATOR_H
#define ARCH_X86_EMULATOR_H

#include "lib/emulator_ports.h"

#include <stdbool.h>

enum emulator {
	EMULATOR_NONE,
	EMULATOR_QEMU,	/* TCG or KVM: isa-debug-exit on port 0xF4 */
	EMULATOR_BOCHS, /* port 0xE9 hack reads back 0xE9 */
};

/*
 * QEMU's isa-debug-exit turns a write of v into exit status (v << 1) | 1, so
 * these give 33 and 35.  A triple fault under -no-reboot exits 0, which is
 * why success can never be 0.
 */
#define QEMU_EXIT_SUCCESS 0x10
#define QEMU_EXIT_FAILURE 0x11

/* Also used by boot/entry.asm, to end a run that cannot reach long mode. */
#define CPUID_HYPERVISOR_LEAF 0x40000000
#define QEMU_DEBUG_EXIT_PORT  DEBUG_EXIT_PORT /* lib/emulator_ports.h, with BOCHS_SHUTDOWN_PORT */
#define BOCHS_E9_PORT	      DEBUG_CONSOLE_PORT

enum emulator emulator_detect(void);
const char *emulator_name(enum emulator e);
void emulator_exit(bool success);

#endif
