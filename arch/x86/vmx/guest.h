/*
 * One guest of the hypervisor on one core, whatever its kind
 * (arch/x86/vmx/kind.h): the registers the exit path saves, the
 * hypervisor's own per-core part (struct vmx_host, hidden from every guest
 * by the EPT) and what the report reads (struct vmx_guest).
 */
#ifndef ARCH_X86_VMX_GUEST_H
#define ARCH_X86_VMX_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "include/x86/vmcs.h"
#include "lib/vmx/cause.h"
#include "arch/x86/percpu.h"

struct cpu_tables;
struct vmx_guest_kind;

/* Guest general-purpose registers, in the SDM's register-number order (Table 28-3). */
struct vmx_gprs {
	uint64_t rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};
/* exit_entry.asm pushes and loads the registers in this order. */
_Static_assert(__builtin_offsetof(struct vmx_gprs, rdi) == 7 * 8 &&
		       __builtin_offsetof(struct vmx_gprs, r15) == 15 * 8 &&
		       sizeof(struct vmx_gprs) == 16 * 8,
	       "struct vmx_gprs follows the SDM's register numbers");

/* The registers an unload must give back, compared before and after. */
struct vmx_cpu_state {
	uint64_t cr0, cr3, cr4, efer;
	uint64_t gdtr_base, idtr_base;
	uint16_t gdtr_limit, idtr_limit, tr;
};

enum vmx_guest_state {
	VMX_GUEST_SKIPPED, /* not tried: no-guest, or no VMX root operation */
	VMX_GUEST_RUNNING, /* the core runs as a guest */
	VMX_GUEST_BACK,	   /* it ran as a guest and came back cleanly */
	VMX_GUEST_FAILED,
};

#define VMX_SIGNATURE_LEN 12

/*
 * The hypervisor's own data for one guest: what its exit handlers need, and
 * the memory it runs on.  Its own pages (page_alloc), left out of the
 * guests' EPT view with all it points to (ept_setup.c), so a guest that
 * reads it takes an EPT violation.  Only the hypervisor touches it: in VMX
 * root operation, or outside VMX.
 */
struct vmx_host {
	uint16_t vpid_id;
	uint32_t exit_counts[VMX_EXIT_REASON_COUNT];

	/* The hypervisor's own memory. */
	uint64_t host_stack_top;
	uint64_t host_ist_tops[IST_COUNT]; /* its own, not the kernel's */
	uint64_t msr_bitmap_phys;
	struct cpu_tables *host_tables;

	/* What VM exits need. */
	uint64_t cr0_host_owned, cr4_host_owned; /* guest/host masks */
	uint64_t cr0_must_be_1, cr4_must_be_1;
	uint64_t launch_rsp; /* the launcher's stack, for a failed VM entry */

	/* Around the hyperjacked kernel's launch and unload (guests/hyperjack_unload.c). */
	struct vmx_cpu_state before, after;
};

/*
 * One guest as the kernel sees it: its kind, how it fares, what it read.
 * The hyperjacked kernel reads and writes these fields while it is that
 * guest (its checks, the unload, the report under stay-in-guest), so they
 * stay in the guests' view; the hypervisor writes state, cause, error and
 * exits from its exit path.  Everything else is in the hidden struct
 * vmx_host.  (An OS guest sees neither: its stage hides all the memory the
 * hypervisor keeps.)
 */
struct vmx_guest {
	const struct vmx_guest_kind *kind; /* its exit handlers, its end */
	volatile enum vmx_guest_state state;
	enum vmx_cause cause; /* on failure; VMX_CAUSE_NONE otherwise */
	const char *error;    /* guest-error= name on failure */
	bool ept, vpid;	      /* used by this core's VMCS */
	bool unrestricted;    /* "unrestricted guest": CR0.PE and PG are the guest's */
	uint64_t exits;
	char signature[VMX_SIGNATURE_LEN + 1]; /* read through CPUID as a guest */
	uint64_t hypercall_version;
	struct vmx_host *host; /* hidden from the guests */
};

/* The struct cpu a core's VMX state is part of. */
static inline struct cpu *vmx_core_cpu(const struct vmx_core *core)
{
	return (struct cpu *)(uintptr_t)((const char *)core - __builtin_offsetof(struct cpu, vmx));
}

/* The signature the hypervisor returns in CPUID leaf 40000000H. */
extern const char vmx_signature[VMX_SIGNATURE_LEN + 1];

/* Hypercalls: VMCALL with the function in RAX, result in RAX. */
#define VMX_HC_VERSION		 0u
#define VMX_HC_EXIT_COUNTS	 1u /* RAX = all exits of this core; RBX in = reason, out = its count */
#define VMX_HC_UNLOAD		 2u
#define VMX_HC_UNKNOWN		 (~0ull)
#define VMX_HC_INTERFACE_VERSION 1u

/*
 * CPUID 40000000H: the highest leaf and the signature; 40000001H: the
 * interface version; 40000002H: the calling core's exits so far, this one
 * included (EAX bits 31:0, EDX bits 63:32), so a guest at any privilege
 * level can count its own exits without a hypercall.
 */
#define VMX_CPUID_HV_VERSION  0x40000001u
#define VMX_CPUID_HV_EXITS    0x40000002u
#define VMX_CPUID_HV_LEAF_MAX VMX_CPUID_HV_EXITS

/* As a guest: call the hypervisor; RBX is an argument and a second result. */
static inline uint64_t vmx_hypercall(uint64_t function, uint64_t *rbx)
{
	uint64_t rax = function;
	__asm__ volatile("vmcall" : "+a"(rax), "+b"(*rbx) : : "memory");
	return rax;
}

/* A guest that cannot go on: state failed, its cause and error kept, the core's first cause too. */
void vmx_guest_fail(struct vmx_core *core, struct vmx_guest *g, enum vmx_cause cause,
		    const char *error);

#endif
