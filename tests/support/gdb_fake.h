/*
 * A fake struct gdb_target for the GDB stub's host tests: two threads
 * (guest cores), 64 KiB of memory at FAKE_MEM_BASE, software and hardware
 * breakpoints remembered, and a resume that "runs" to the first software
 * breakpoint (stopping thread 2 there) or steps one byte.
 */
#ifndef TESTS_SUPPORT_GDB_FAKE_H
#define TESTS_SUPPORT_GDB_FAKE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/gdb/target.h"

#define FAKE_THREADS	 2
#define FAKE_MEM_BASE	 0x1000u
#define FAKE_MEM_SIZE	 0x10000u
#define FAKE_BREAKPOINTS 8

struct fake_breakpoint {
	bool used;
	enum gdb_bp type;
	uint64_t addr, kind;
};

struct fake_machine {
	struct gdb_regs regs[FAKE_THREADS];
	uint8_t mem[FAKE_MEM_SIZE];
	struct fake_breakpoint bps[FAKE_BREAKPOINTS];
	enum gdb_run last_actions[FAKE_THREADS];
	int resumes, detached, killed;
	struct gdb_stop stop;
	struct gdb_target target;
};

/* Fills regs with recognisable values (thread t's rax = 0x1111111111111111 * t, ...). */
void fake_machine_init(struct fake_machine *m);

#endif
