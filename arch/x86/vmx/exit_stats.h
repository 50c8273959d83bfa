/*
 * The exit profile (`exit-stats` on the command line, exit_stats.c): per
 * core and exit reason the count, its share and the handler's TSC ticks;
 * a timeline of exits per second by reason over the run.
 */
#ifndef ARCH_X86_VMX_EXIT_STATS_H
#define ARCH_X86_VMX_EXIT_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/vmx/guest.h"

/*
 * What exit_entry.asm calls, by an indirect call that costs what the
 * direct one did: vmx_exit_dispatch, or with exit-stats the timed wrapper.
 */
extern uint64_t (*vmx_exit_dispatcher)(struct vmx_gprs *gprs);

/* Boot processor, before any guest runs, while it may allocate: false without memory. */
bool vmx_exit_stats_arm(void);
/* The table per core and the timeline, as report lines; nothing unless armed. */
void vmx_exit_stats_report(void);

#endif
