#include "arch/x86/hook_point.h"

/* A few per point: a benchmark and a test may both act at one. */
#define HOOKS_PER_POINT 4

static hook_point_fn armed[HOOK_POINT_COUNT][HOOKS_PER_POINT];

void hook_point_arm(enum hook_point at, hook_point_fn fn)
{
	for (unsigned i = 0; i < HOOKS_PER_POINT; i++) {
		if (!armed[at][i] || armed[at][i] == fn) {
			armed[at][i] = fn;
			return;
		}
	}
}

void hook_point(enum hook_point at, struct vmx_core *core, void *arg)
{
	for (unsigned i = 0; i < HOOKS_PER_POINT && armed[at][i]; i++)
		armed[at][i](at, core, arg);
}
