/*
 * A kind of guest, as data: its name, what it wants of the VMCS (struct
 * vmx_profile, vmcs_build.h), a table of exit handlers indexed by basic
 * exit reason, and what ends its run.  The dispatcher (exit.c) reads
 * nothing else, so a new kind is a new file with its table
 * (docs/architecture.md, "Guest kinds"); what every kind shares (CPUID, the
 * MSR bitmap's MSRs, CR accesses, XSETBV, INVD, the VMX instructions and
 * GETSEC, VMCALL) is the default table (handlers.c), which fills the
 * entries a kind leaves empty.
 */
#ifndef ARCH_X86_VMX_KIND_H
#define ARCH_X86_VMX_KIND_H

#include <stdbool.h>
#include <stdint.h>
#include "include/x86/vmcs.h"

struct vmx_core;
struct vmx_gprs;
struct vmx_profile;

/* The reason unexpected() gets after a failed VMRESUME. */
#define VMX_KIND_RESUME_FAILED 0xffffffffu

/* Handles one exit of the core's current guest: true to resume it, false if it cannot. */
typedef bool (*vmx_exit_handler)(struct vmx_core *core, struct vmx_gprs *r);

struct vmx_guest_kind {
	const char *name; /* as in the report: "hyperjack", "linux", "multiboot", ... */
	/* What it wants of the VMCS controls (an OS kind: its boot processor's; APs start alike). */
	const struct vmx_profile *profile;
	/* The kind's own handlers; vmx_kind_complete() fills the rest from the default table. */
	vmx_exit_handler exits[VMX_EXIT_REASON_COUNT];
	/* Before any handler, on every exit (NULL: nothing), with the basic reason. */
	void (*on_exit)(struct vmx_core *core, uint32_t basic);
	/*
	 * What ends its run: an exit nobody handles, a failed VM entry (reason
	 * bit 31) or a failed VMRESUME (VMX_KIND_RESUME_FAILED, already
	 * reported with the VMCS).  Never returns to the guest.
	 */
	__attribute__((noreturn)) void (*unexpected)(struct vmx_core *core, uint32_t reason);
};

/* Boot processor, before any guest of the kind runs: empty entries take the default handler. */
void vmx_kind_complete(struct vmx_guest_kind *kind);

#endif
