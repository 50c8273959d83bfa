/*
 * Named break points (break= on the kernel command line, lib/debug_points.h):
 * a core that reaches an armed point says so on the console and stops in
 * the debugger: Bochs' magic breakpoint (XCHG BX,BX, magic_break: enabled=1)
 * and debug_stop(), where a GDB user sets one breakpoint for every point.
 * Elsewhere the XCHG does nothing and the core goes on.
 */
#ifndef ARCH_X86_DEBUG_H
#define ARCH_X86_DEBUG_H

#include <stdint.h>
#include "lib/debug_points.h"

/* Takes break='s list ("" if not given); reports every name that is no point. */
void debug_init(const char *break_list);

/* A one-line call at each place a point names; nothing unless armed. */
void debug_point(enum debug_point point);

/*
 * Every stop passes through here: `break debug_stop` in GDB, or
 * `break debug_stop if cpu == 1`.  point is the point's name.
 */
void debug_stop(const char *point, uint32_t cpu);

#endif
