/* Stops a core at a named break point: message first, then the debugger. */
#include "arch/x86/debug.h"
#include "arch/x86/console.h"
#include "arch/x86/percpu.h"

/* Long enough for every point, each with "@NN", and some unknown names. */

static struct debug_points armed;
static bool any_armed; /* the common case, no break=, costs one load */

static void report_unknown(void *ctx, const char *item, size_t len)
{
	(void)ctx;
	kalways("debug: break=%.*s names no break point (ap-start, vmx-check, vmxon, vmxoff, "
		"report, exception; NAME@CPU for one core); it is ignored\n",
		(int)len, item);
}

void debug_init(const char *list)
{
	if (!list[0])
		return;
	debug_points_parse(&armed, list, report_unknown, NULL);
	any_armed = debug_points_any(&armed);
}

/*
 * Not inlined and not optimised away, so that GDB has one address to break
 * at and the arguments to show.
 */
__attribute__((noinline)) void debug_stop(const char *point, uint32_t cpu)
{
	__asm__ volatile("" : : "r"(point), "r"(cpu) : "memory");
}

void debug_point(enum debug_point point)
{
	uint32_t cpu;

	if (!__atomic_load_n(&any_armed, __ATOMIC_RELAXED))
		return;
	cpu = this_cpu()->index;
	if (!debug_points_match(&armed, point, cpu))
		return;
	kalways("break: %s on cpu %u\n", debug_point_name(point), cpu);
	debug_stop(debug_point_name(point), cpu);
	/* Bochs' magic breakpoint: XCHG BX,BX, an ordinary no-op anywhere else. */
	__asm__ volatile("xchgw %%bx, %%bx" ::: "memory");
}
