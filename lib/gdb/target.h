/*
 * What the GDB stub needs from the machine it debugs: the hypervisor's guest
 * cores as GDB threads (thread id = core index + 1: the protocol reserves 0
 * for "any thread" and -1 for "all threads", Debugging with GDB, tenth
 * edition for GDB 13, appendix E.1 "Overview", thread-id syntax), all-stop:
 * when one stops, every one is stopped.
 */
#ifndef LIB_GDB_TARGET_H
#define LIB_GDB_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "lib/gdb/regs.h"

/* Threads the stub handles at most; gdb_target.thread_count is clamped to it. */
#define GDB_MAX_THREADS 64

/* What one thread does on resume. */
enum gdb_run {
	GDB_RUN_STAY,	  /* stays stopped */
	GDB_RUN_CONTINUE, /* runs */
	GDB_RUN_STEP,	  /* executes one instruction, then everything stops */
};

/* The Z/z packets' types, numbered as in the packets (appendix E.2 "Packets", `Z0`-`Z4`). */
enum gdb_bp {
	GDB_BP_SOFTWARE = 0,
	GDB_BP_HARDWARE = 1,
	GDB_BP_WRITE = 2, /* write watchpoint */
	GDB_BP_READ = 3,
	GDB_BP_ACCESS = 4,
};

/* Why the guest stopped (appendix E.3 "Stop Reply Packets"). */
enum gdb_stop_kind {
	GDB_STOP_SIGNAL,  /* a signal, e.g. SIGTRAP after a step or SIGINT after 0x03 */
	GDB_STOP_SWBREAK, /* a software breakpoint (int3) */
	GDB_STOP_HWBREAK, /* a hardware breakpoint (debug register) */
	GDB_STOP_WATCH,	  /* write watchpoint hit at addr */
	GDB_STOP_RWATCH,
	GDB_STOP_AWATCH,
	GDB_STOP_EXITED, /* the guest is gone; code is its exit status */
	GDB_STOP_KILLED, /* the guest is gone; code is the signal */
};

/* GDB's signal numbers (gdb/signals.def): the only two a hypervisor uses. */
#define GDB_SIGINT  2
#define GDB_SIGTRAP 5

struct gdb_stop {
	enum gdb_stop_kind kind;
	uint32_t thread; /* the thread that stopped; 0: none in particular (`S` reply) */
	uint8_t code;	 /* signal, or exit status for GDB_STOP_EXITED */
	uint64_t addr;	 /* the watched address, for the watchpoint kinds */
};

/* set_breakpoint's answer for a type the target does not do: the stub answers empty. */
#define GDB_UNSUPPORTED 1

/*
 * Every callback returns 0 on success, a negative number on failure (the
 * stub answers `E01`), except where said.  Thread ids run from 1 to
 * thread_count().
 */
struct gdb_target {
	void *ctx;
	uint32_t (*thread_count)(void *ctx);
	int (*read_regs)(void *ctx, uint32_t thread, struct gdb_regs *regs);
	int (*write_regs)(void *ctx, uint32_t thread, const struct gdb_regs *regs);
	/* Guest-virtual addresses as thread sees them.  Return the bytes done
	 * (fewer than len where a page is missing; 0: none), or negative. */
	int (*read_memory)(void *ctx, uint32_t thread, uint64_t gva, uint8_t *buf, size_t len);
	int (*write_memory)(void *ctx, uint32_t thread, uint64_t gva, const uint8_t *buf,
			    size_t len);
	/* kind: the Z packet's kind (bytes of a breakpoint or watched range).
	 * Also GDB_UNSUPPORTED. */
	int (*set_breakpoint)(void *ctx, enum gdb_bp type, uint64_t addr, uint64_t kind);
	int (*clear_breakpoint)(void *ctx, enum gdb_bp type, uint64_t addr, uint64_t kind);
	/* actions[i] for thread i + 1.  The target later reports a stop. */
	void (*resume)(void *ctx, const enum gdb_run *actions, uint32_t threads);
	/* Why the guest is stopped now (after a resume, or when GDB attaches). */
	void (*stop_reason)(void *ctx, struct gdb_stop *stop);
	/* `D`: GDB leaves; remove its breakpoints and let the guest run. */
	void (*detach)(void *ctx);
	/* `k`: GDB asks to end the guest. */
	void (*kill)(void *ctx);
};

#endif
