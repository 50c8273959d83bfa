/*
 * The ports test kernels use to end a run in an emulator, which a guest
 * must not reach unseen (a write would end the emulator before the
 * hypervisor's report):
 *
 *   QEMU's isa-debug-exit device (docs/specs: "-device isa-debug-exit,
 *   iobase=0xf4,iosize=0x04"): any write to its ports ends QEMU with exit
 *   code (value << 1) | 1, the value being the kernel's own status, 0 for
 *   success by the test kernels' convention.
 *   Bochs's shutdown port 0x8900 (iodev/unmapped.cc): the bytes of
 *   "Shutdown" written one by one end the emulation.
 *   The debug console at 0xE9 (Bochs' port_e9_hack, QEMU's -debugcon):
 *   the hypervisor's console goes there too, and a runner takes the
 *   report's summary on it as the witness that the hypervisor, not a
 *   guest on COM1 (which the guest owns), wrote it (tools/emu.sh,
 *   report_verdict).  So no guest may write there.
 *
 * On real hardware nothing answers there.  Pure: the hypervisor decides
 * what a guest's access means with these.
 */
#ifndef LIB_EMULATOR_PORTS_H
#define LIB_EMULATOR_PORTS_H

#include <stdbool.h>
#include <stdint.h>

#define DEBUG_EXIT_PORT	     0xf4u
#define DEBUG_EXIT_PORT_SIZE 4u
#define BOCHS_SHUTDOWN_PORT  0x8900u
#define DEBUG_CONSOLE_PORT   0xe9u

/* An access touches the isa-debug-exit ports (any byte of it). */
bool debug_exit_port(uint16_t port, unsigned size);

/* An access touches the debug console's port (a wider one from below too). */
bool debug_console_port(uint16_t port, unsigned size);

/* How far "Shutdown" has been written to the Bochs port. */
struct shutdown_port {
	unsigned matched;
};

/* One byte written to the Bochs port: true once it completes "Shutdown". */
bool shutdown_port_write(struct shutdown_port *p, uint8_t byte);

#endif
