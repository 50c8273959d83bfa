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
	struct vmx_guest *guest; /* the hyperjacked kernel (arch/x86/vmx/guest.h), or NULL */
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
	volatile bool checked; /* results final up to VMXON */
	volatile bool left;    /* VMXOFF done (or not needed) */
	/* The Linux guest (arch/x86/vmx/linux.h), while and after it runs. */
	struct vmx_guest *os_guest;
	struct vmx_guest *kernel_guest; /* `guest` while Linux runs instead */
	uint64_t linux_return_rsp;	/* where vmx_linux_launch() was called */
	volatile bool linux_launched;	/* VMLAUNCH of the Linux guest succeeded */
	volatile bool linux_left;	/* out of VMX operation again */
	volatile int sipi_vector;	/* a SIPI Linux sent it (ICR watch), or -1 */
};

#endif
