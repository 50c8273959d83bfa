/*
 * Named points in the boot where a test or a benchmark may act: a failure
 * provoked on purpose (`test=<name>`, arch/x86/vmxtest/fault_points.c) or a
 * measurement (`vmx-bench`).  Production code only names the point; what
 * happens there, and on which core, is decided by whoever armed it, so no
 * launch path carries test code or a CPU number.
 */
#ifndef ARCH_X86_HOOK_POINT_H
#define ARCH_X86_HOOK_POINT_H

struct vmx_core;

enum hook_point {
	HOOK_CAPS_READ,	  /* a core read its VMX capabilities, before the verdict */
	HOOK_VMCS_FILLED, /* a hyperjack VMCS is filled, before its write check (arg: the writer) */
	HOOK_BEFORE_LAUNCH, /* in VMX root, just before the hyperjack's VMLAUNCH */
	HOOK_AS_GUEST,	    /* the hyperjacked kernel, now a guest, checked its hypervisor */
	HOOK_UNLOAD,	    /* the unload put the kernel's tables back, before VMXOFF */
	HOOK_POINT_COUNT,
};

typedef void (*hook_point_fn)(enum hook_point at, struct vmx_core *core, void *arg);

/* Boot processor, before the point can be reached: fn runs there from now on, after any armed before. */
void hook_point_arm(enum hook_point at, hook_point_fn fn);

/* A no-op unless armed. */
void hook_point(enum hook_point at, struct vmx_core *core, void *arg);

#endif
