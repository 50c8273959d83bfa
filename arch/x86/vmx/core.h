/*
 * One core's VMX state, part of its struct cpu (arch/x86/percpu.h): the
 * capability snapshot and verdict, the VMXON and VMCS regions, and how each
 * step went.  Written by the core itself, read by the boot processor for
 * the report once `checked` (and later `left`) is set.
 */
#ifndef ARCH_X86_VMX_CORE_H
#define ARCH_X86_VMX_CORE_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/vmx/caps.h"
#include "arch/x86/vmx/vmx_insn.h"

struct vmx_guest;

struct vmx_core {
	struct vmx_guest *guest;     /* the guest this core runs now: what its exits go to */
	struct vmx_guest *hyperjack; /* the hyperjacked kernel (guests/hyperjack.h), or NULL */
	struct vmx_guest *os;	     /* an operating system's processor (guests/os.h), or NULL */
	struct vmx_msr_snapshot caps;
	struct vmx_assessment assessment;
	bool feature_control_written; /* we enabled and locked it */
	uint64_t vmxon_phys;	      /* 0 until allocated */
	uint64_t vmcs_phys;
	uint64_t cr0_before, cr4_before;
	enum vmx_outcome vmxon;
	enum vmx_outcome vmxoff;
	bool vmxe_cleared;     /* CR4.VMXE clear again after VMXOFF */
	enum vmx_cause cause;  /* a failure after the check, or VMX_CAUSE_NONE */
	bool caps_differ;      /* capability MSRs differ from cpu 0's */
	uint32_t exit_basic;   /* the basic reason of the exit being handled */
	volatile bool checked; /* results final up to VMXON */
	volatile bool left;    /* VMXOFF done (or not needed) */
};

#endif
