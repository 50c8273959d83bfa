/*
 * The running kernel as a guest of its own hypervisor ("hyperjacking"):
 * each core in VMX root operation builds a VMCS whose guest state is its
 * own current state, executes VMLAUNCH and carries on at the next
 * instruction in VMX non-root operation, with the hypervisor below it
 * taking the VM exits (Intel SDM Vol. 3C chapters 25-28).  A VMCALL
 * "unload" puts the guest's state back into the real registers and leaves
 * VMX operation.
 *
 * Files: hyperjack.c (the kind, its VMCS state, VMLAUNCH, the per-core
 * flow), hyperjack_checks.c (what the kernel checks as a guest),
 * hyperjack_unload.c (back to the kernel, or abandoning the guest),
 * hyperjack_report.c (report words).
 */
#ifndef ARCH_X86_GUESTS_HYPERJACK_H
#define ARCH_X86_GUESTS_HYPERJACK_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/kind.h"

/* How the boot uses the hyperjack (the options no-guest and stay-in-guest). */
enum hyperjack_mode {
	HYPERJACK_ON,	/* default: hyperjack, check, unload */
	HYPERJACK_OFF,	/* no-guest: VMXON and VMXOFF only */
	HYPERJACK_STAY, /* stay-in-guest: no unload after the report */
};

/*
 * Boot processor, before the cores launch: the mode, every core's
 * hypervisor memory, and the EPT.  lost: what the boot processor does once
 * its guest is gone for good (the report).
 */
void hyperjack_prepare(enum hyperjack_mode mode, void (*lost)(void));
enum hyperjack_mode hyperjack_mode(void);

/*
 * On each core: the VMX check, VMXON and the hyperjack; an AP then waits
 * for hyperjack_finish() and unloads, the boot processor returns at once.
 */
void hyperjack_core_run(struct cpu *cpu);
/* Boot processor: wait for every core's result, compare, then all leave. */
void hyperjack_finish(uint64_t timeout_us);

/* The kind, for the VMCS self-tests' handlers too. */
extern struct vmx_guest_kind hyperjack_kind;

/* ---- Report (hyperjack_report.c) ---- */

/* A core in guest mode that came back, or runs on by choice, with its checks passed. */
bool hyperjack_ok(const struct vmx_core *core);
/* Report words: ok, failed, skipped. */
const char *hyperjack_state_word(const struct vmx_core *core);
/* Online cores whose guest is ok (came back, or runs on with stay-in-guest). */
uint32_t hyperjack_count_ok(void);
/* The signature a guest read through CPUID, or NULL if none did. */
const char *hyperjack_signature(void);

#endif
