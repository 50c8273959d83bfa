/*
 * A small test guest for the VMX self-tests and the exit-cost benchmark: its
 * own VMCS, its own code (test_guest_entry.asm), stack and IDT, running at
 * CPL 0 in 64-bit mode on the kernel's page tables and GDT.  It is not the
 * hyperjacked kernel: each VM exit returns to the C caller, which decides
 * what to do with it (the model of kvm-unit-tests' x86/vmx.c).
 *
 * Use: vmx_test_guest_init() once, in VMX root operation; then for each
 * test vmx_test_guest_reset() (a valid VMCS, current and clear), break one
 * field, vmx_test_guest_run_program(), look at the outcome.
 */
#ifndef ARCH_X86_VMXTEST_TEST_GUEST_H
#define ARCH_X86_VMXTEST_TEST_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/vmx/guest.h"

/* The guest's requests to the harness (VMCALL with RAX = one of these). */
#define VMX_TG_HC_DONE	    0x7e570000u
#define VMX_TG_HC_EXCEPTION 0x7e570001u /* RBX = vector, RDX = error code */

#define VMX_TG_MAX_EXITS 8

/* How one run of the test guest ended. */
struct vmx_tg_outcome {
	int vmfail;			  /* 0 entered, 1 VMfailInvalid, 2 VMfailValid */
	uint32_t insn_error;		  /* VM-instruction error after VMfailValid */
	bool entry_failed;		  /* exit reason bit 31 */
	uint32_t exit_reason;		  /* the last exit's full reason */
	uint64_t qualification;		  /* the last exit's qualification */
	uint32_t exits[VMX_TG_MAX_EXITS]; /* basic reasons of the first exits */
	unsigned exit_count;
	bool done;	/* the program reached its end */
	bool exception; /* an exception reached the guest's IDT */
	uint64_t vector, error_code;
	bool unexpected;      /* an exit the harness does not handle */
	struct vmx_gprs regs; /* the guest's registers at the end */
};

/* What the VMCS was filled with: tests break one thing and restore it. */
struct vmx_test_guest {
	uint64_t vmcs_phys;
	uint32_t pin, proc, proc2, exit, entry; /* chosen controls */
	bool can_load_efer;			/* "load IA32_EFER" entry control */
	bool has_unrestricted;			/* EPT and unrestricted guest offered */
	uint64_t ept_pml4_phys;			/* an empty EPT PML4 (entry checks only) */
	uint64_t stack_top;
	struct vmx_guest handler_state; /* what the hypervisor's exit handlers take */
	struct vmx_host handler_host;	/* its hypervisor part */
	struct vmx_core handler_core;
};

/* Allocate and prepare; false (and why) if the test guest cannot exist here. */
bool vmx_test_guest_init(struct vmx_core *core, struct vmx_test_guest *tg, const char **why);
/* VMCLEAR, VMPTRLD and fill a valid VMCS for the guest at `program`. */
bool vmx_test_guest_reset(struct vmx_core *core, struct vmx_test_guest *tg, void (*program)(void));
/* VMLAUNCH the current VMCS and handle exits until the program ends. */
void vmx_test_guest_launch(struct vmx_test_guest *tg, struct vmx_tg_outcome *out);
/* VMRESUME instead (for the test that VMRESUME of a clear VMCS fails). */
void vmx_test_guest_resume(struct vmx_test_guest *tg, struct vmx_tg_outcome *out);

/* test_guest_entry.asm */
int vmx_test_guest_run(struct vmx_gprs *gprs, int resume);
void vmx_tg_done(void);
void vmx_tg_cpuid(void);
void vmx_tg_vmcall(void);
void vmx_tg_xsetbv_bad(void);
void vmx_tg_vmxoff(void);

#endif
