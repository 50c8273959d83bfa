/* Shared by the hyperjack's files (hyperjack.h). */
#ifndef ARCH_X86_GUESTS_HYPERJACK_INTERNAL_H
#define ARCH_X86_GUESTS_HYPERJACK_INTERNAL_H

#include "arch/x86/guests/hyperjack.h"
#include "arch/x86/vmx/vmcs_build.h"

/* As the guest: the signature, the hypercalls, the exits (hyperjack_checks.c). */
void hyperjack_checks(struct vmx_core *core);
/* The registers an unload must give back, now. */
void hyperjack_capture_cpu_state(struct vmx_cpu_state *s);

/* What the hyperjack wants of the VMCS controls (hyperjack_launch.c). */
extern const struct vmx_profile hyperjack_profile;

/* On a core in VMX root operation, its guest allocated: launch it, then check it as the guest. */
void hyperjack_launch(struct vmx_core *core);

/* Back out of the guest (VMCALL unload); false if the core stays a guest (HYPERJACK_STAY). */
bool hyperjack_unload(struct vmx_core *core, enum hyperjack_mode mode);
/* VMCALL: unload for the kernel at CPL 0, the shared functions otherwise. */
bool hyperjack_vmcall(struct vmx_core *core, struct vmx_gprs *r);
/* The guest cannot go on: reported, VMXOFF, and the kernel carries on outside VMX. */
__attribute__((noreturn)) void hyperjack_unexpected(struct vmx_core *core, uint32_t reason);

/* What the boot processor does once its guest is gone for good. */
void hyperjack_set_lost(void (*lost)(void));

#endif
