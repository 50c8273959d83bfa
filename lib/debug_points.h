/*
 * Named break points: the kernel command line's break=<point>[,<point>...]
 * names places in the boot where every core that reaches them stops under a
 * debugger (arch/x86/debug.c does the stopping).  A point may be limited to
 * one core with "@N" (vmxon@1).  Pure code: parsing and matching only.
 */
#ifndef LIB_DEBUG_POINTS_H
#define LIB_DEBUG_POINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum debug_point {
	DEBUG_POINT_AP_START,  /* an AP arrives in the kernel */
	DEBUG_POINT_VMX_CHECK, /* a core begins its VMX check */
	DEBUG_POINT_VMXON,     /* just before VMXON (CR0/CR4 already adjusted) */
	DEBUG_POINT_VMXOFF,    /* just before VMXOFF */
	DEBUG_POINT_REPORT,    /* the boot processor begins the report */
	DEBUG_POINT_EXCEPTION, /* a fatal exception, before its report */
	DEBUG_POINT_COUNT,
};

/* Cores 0..63 can be named one by one; "any core" covers every index. */
#define DEBUG_POINTS_CPU_BITS 64

struct debug_points {
	uint64_t cpus[DEBUG_POINT_COUNT]; /* bit n: stop core n */
	bool any_cpu[DEBUG_POINT_COUNT];  /* stop every core */
};

/* Called for each item of the list that names no point, or a bad core. */
typedef void (*debug_points_reject_fn)(void *ctx, const char *item, size_t len);

/*
 * Arms the points named in list (break='s value: comma-separated names,
 * each optionally "@N").  Items already armed stay armed.  Returns the
 * number of items rejected, each also passed to reject (which may be NULL).
 */
unsigned debug_points_parse(struct debug_points *points, const char *list,
			    debug_points_reject_fn reject, void *ctx);

bool debug_points_match(const struct debug_points *points, enum debug_point point, uint32_t cpu);
bool debug_points_any(const struct debug_points *points);

/* The point's name as break= spells it, "?" for an out-of-range value. */
const char *debug_point_name(enum debug_point point);

#endif
