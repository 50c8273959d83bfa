/*
 * The running kernel as a guest of its own hypervisor ("hyperjacking"):
 * each core in VMX root operation builds a VMCS whose guest state is its
 * own current state, executes VMLAUNCH and carries on at the next
 * instruction in VMX non-root operation, with the hypervisor below it
 * taking the VM exits (Intel SDM Vol. 3C chapters 25-28).  A VMCALL
 * "unload" puts the guest's state back into the real registers and leaves
 * VMX operation.
 *
 * One struct vmx_guest per core, reached from struct vmx_core's `guest`.
 * Files: launch.c (VMCS fill, VMLAUNCH), exit_entry.asm (the exit path),
 * exit.c (dispatcher, unexpected exits), handlers.c (CPUID, MSR, CR,
 * XSETBV, ...), hypercall.c (VMCALL), unload.c (back to the kernel).
 */
#ifndef ARCH_X86_VMX_GUEST_H
#define ARCH_X86_VMX_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "include/x86/vmcs.h"
#include "lib/vmx/cause.h"
#include "lib/vmx/vmcs_controls.h"
#include "arch/x86/percpu.h"

struct cpu_tables;

/* Guest general-purpose registers, in the SDM's register-number order (Table 28-3). */
struct vmx_gprs {
	uint64_t rax, rcx, rdx, rbx, rsp_unused, rbp, rsi, rdi;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

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

/* How the boot uses guests (the kernel command line). */
enum vmx_guest_mode {
	VMX_GUEST_MODE_ON,   /* default: hyperjack, check, unload */
	VMX_GUEST_MODE_OFF,  /* no-guest: VMXON and VMXOFF only */
	VMX_GUEST_MODE_STAY, /* stay-in-guest: no unload after the report */
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
	uint64_t host_ist_tops[IST_COUNT]; /* its own, not the kernel's (launch.c) */
	uint64_t msr_bitmap_phys;
	struct cpu_tables *host_tables;

	/* What VM exits need. */
	uint64_t cr0_host_owned, cr4_host_owned; /* guest/host masks */
	uint64_t cr0_must_be_1, cr4_must_be_1;
	uint64_t xcr0_supported;
	uint64_t launch_rsp; /* the launcher's stack, for a failed VM entry */

	/* Around the hyperjacked kernel's launch and unload (unload.c). */
	struct vmx_cpu_state before, after;
};

/*
 * One guest as the kernel sees it: how it fares, what it read.  The
 * hyperjacked kernel reads and writes these fields while it is that guest
 * (its checks, the unload, the report under stay-in-guest), so they stay in
 * the guests' view; the hypervisor writes state, cause, error and exits
 * from its exit path.  Everything else is in the hidden struct vmx_host.
 * (The Linux guest sees neither: the Linux stage hides all the memory the
 * hypervisor keeps.)
 */
struct vmx_guest {
	volatile enum vmx_guest_state state;
	enum vmx_cause cause; /* on failure; VMX_CAUSE_NONE otherwise */
	const char *error;    /* guest-error= name on failure */
	bool ept, vpid;	      /* used by this core's VMCS */
	bool unrestricted;    /* "unrestricted guest": CR0.PE and PG are the guest's */
	bool linux_guest;     /* runs Linux (arch/x86/vmx/linux.h), not this kernel */
	bool started;	      /* Linux guest: out of wait-for-SIPI (or the boot processor) */
	bool just_started;    /* a SIPI started it and it has not exited since */
	bool init_ignored;    /* the INIT blocked during the wait came, and was ignored */
	uint64_t exits;
	char signature[VMX_SIGNATURE_LEN + 1]; /* read through CPUID as a guest */
	uint64_t hypercall_version;
	struct vmx_host *host; /* hidden from the guests */
};

extern enum vmx_guest_mode vmx_guest_mode;

/* The struct cpu a core's VMX state is part of. */
static inline struct cpu *vmx_core_cpu(const struct vmx_core *core)
{
	return (struct cpu *)(uintptr_t)((const char *)core - __builtin_offsetof(struct cpu, vmx));
}

/* vmx-bench: exit costs on cpu 0, in VMX root before launch and as the guest (bench.c). */
extern bool vmx_guest_bench;
void vmx_bench_root(void);
void vmx_bench_guest(void);

/* Boot processor, before the cores launch: every core's hypervisor memory, and the EPT. */
void vmx_guests_prepare(void);
/* On a core in VMX root operation: launch its guest, then check it as the guest. */
void vmx_guest_launch(struct vmx_core *core);
/* As the guest: the signature, the hypercalls, the exits (guest_checks.c). */
void vmx_guest_checks(struct vmx_core *core);
/* Back out of the guest (VMCALL unload); false if the core stays a guest. */
bool vmx_guest_unload(struct vmx_core *core);
/* A core in guest mode that came back, or runs on by choice, with its checks passed. */
bool vmx_guest_ok(const struct vmx_core *core);
/* Report words: ok, failed, skipped. */
const char *vmx_guest_state_word(const struct vmx_core *core);
/* Online cores whose guest is ok (came back, or runs on with stay-in-guest). */
uint32_t vmm_count_guests(void);
/* The signature a guest read through CPUID, or NULL if none did. */
const char *vmm_guest_signature(void);

/* The signature the hypervisor returns in CPUID leaf 40000000H. */
extern const char vmx_signature[VMX_SIGNATURE_LEN + 1];

/* Hypercalls: VMCALL with the function in RAX, result in RAX. */
#define VMX_HC_VERSION		 0u
#define VMX_HC_EXIT_COUNTS	 1u /* RAX = all exits of this core; RBX in = reason, out = its count */
#define VMX_HC_UNLOAD		 2u
#define VMX_HC_UNKNOWN		 (~0ull)
#define VMX_HC_INTERFACE_VERSION 1u

#define VMX_CPUID_HV_LEAF_MAX 0x40000001u

/* As a guest: call the hypervisor; RBX is an argument and a second result. */
static inline uint64_t vmx_hypercall(uint64_t function, uint64_t *rbx)
{
	uint64_t rax = function;
	__asm__ volatile("vmcall" : "+a"(rax), "+b"(*rbx) : : "memory");
	return rax;
}

/* Internal to arch/x86/vmx/: the exit path and its helpers. */
struct vmx_kernel_context {
	struct vmx_gprs gprs;
	uint64_t rip, cs, rflags, rsp, ss; /* an IRETQ frame */
};
/* exit_entry.asm pushes and loads the registers in this order. */
_Static_assert(__builtin_offsetof(struct vmx_gprs, rdi) == 7 * 8 &&
		       __builtin_offsetof(struct vmx_gprs, r15) == 15 * 8 &&
		       sizeof(struct vmx_gprs) == 16 * 8,
	       "struct vmx_gprs follows the SDM's register numbers");

int vmx_guest_enter(void); /* exit_entry.asm: 0 as guest, 1 VMfailInvalid, 2 VMfailValid */
void vmx_exit_entry(void);
__attribute__((noreturn)) void vmx_resume_kernel(const struct vmx_kernel_context *ctx);
uint64_t vmx_exit_dispatch(struct vmx_gprs *gprs);
__attribute__((noreturn)) void vmx_vmresume_failed(uint64_t rflags);

void vmx_capture_state(struct vmx_cpu_state *s);
struct vmcs_writer;
/* Host CRs, selectors, FS/GS/TR/GDTR/IDTR bases and SYSENTER MSRs: this core on the tables t. */
void vmx_fill_host_tables(struct vmcs_writer *w, const struct cpu_tables *t);

/* The five control fields of a VMCS, as chosen for one guest. */
struct vmx_controls {
	uint32_t pin, proc, proc2, exit, entry;
};

/* One control field: bits the guest cannot do without, and bits it takes if offered. */
struct vmx_control_want {
	enum vmx_ctl_field field;
	uint32_t required, optional;
	uint32_t *out;
};

/*
 * Each field of wants from the core's capability MSRs (lib/vmx/vmcs_controls.h);
 * false, with the control named on the console and in g->error, if a
 * required bit cannot be 1.
 */
bool vmx_resolve_controls(struct vmx_core *core, struct vmx_guest *g,
			  const struct vmx_control_want *wants, unsigned count);
/*
 * The control fields of the current VMCS from c, with the CR0/CR4
 * guest/host masks (what VMX fixes, and CR4.VMXE, stay the host's) and read
 * shadows cr0_shadow and cr4_shadow; records ept, vpid and unrestricted.
 */
void vmx_fill_controls(struct vmcs_writer *w, struct vmx_core *core, const struct vmx_controls *c,
		       uint64_t cr0_shadow, uint64_t cr4_shadow);
/* INVVPID is there in a form the guests' flushes can use. */
bool vmx_invvpid_usable(const struct vmx_msr_snapshot *caps);
/* The host-state area: this core's host tables and stack, HOST_RIP at the exit entry. */
void vmx_fill_host(struct vmcs_writer *w, const struct vmx_guest *g, const struct vmx_controls *c);
/* This core's hypervisor memory (struct vmx_guest, host stack, tables, MSR bitmap). */
bool vmx_guest_alloc(struct vmx_core *core);
void vmx_inject_exception(uint32_t vector, bool error_code);
/* The guest's privilege level: SS.DPL (25.4.1). */
unsigned vmx_guest_cpl(void);
/* Drops translations tagged with the guest's VPID (after its CR3 or CR4 changed, or it ended). */
void vmx_flush_guest_tlb(const struct vmx_guest *g);
void vmx_skip_instruction(void);
/* Past an instruction the hypervisor emulated, length bytes long. */
void vmx_advance_rip(uint64_t length);
uint64_t *vmx_gpr(struct vmx_gprs *gprs, unsigned index);

/* Handlers: true to resume the guest. */
bool vmx_handle_cpuid(struct vmx_guest *g, struct vmx_gprs *r);
bool vmx_handle_rdmsr(struct vmx_guest *g, struct vmx_gprs *r);
bool vmx_handle_wrmsr(struct vmx_guest *g, struct vmx_gprs *r);
bool vmx_handle_cr_access(struct vmx_guest *g, struct vmx_gprs *r);
bool vmx_handle_xsetbv(struct vmx_guest *g, struct vmx_gprs *r);
bool vmx_handle_invd(struct vmx_guest *g, struct vmx_gprs *r);
bool vmx_handle_vmx_instruction(struct vmx_guest *g, struct vmx_gprs *r);
bool vmx_handle_vmcall(struct vmx_core *core, struct vmx_gprs *r);

/* Leave VMX operation from the exit path and continue the kernel (unload.c). */
__attribute__((noreturn)) void vmx_unload_from_exit(struct vmx_core *core, struct vmx_gprs *r);
/* The guest cannot go on: report, leave VMX, and carry on outside it. */
__attribute__((noreturn)) void vmx_abandon_guest(struct vmx_core *core, struct vmx_gprs *r,
						 uint32_t reason);
/* VM entry failed at VMLAUNCH (exit reason bit 31): back to the launcher. */
__attribute__((noreturn)) void vmx_entry_failed(struct vmx_core *core, uint32_t reason);

/* The shared EPT (ept_setup.c): its EPTP, 0 when the guests run without EPT. */
extern uint64_t vmx_ept_pointer;
struct vmx_msr_snapshot;
void vmx_ept_build(const struct vmx_msr_snapshot *caps);
/* Leave [phys, phys + size) out of the guests' view, then INVEPT. */
bool vmx_ept_hide(uint64_t phys, uint64_t size);
/* One page's access bits in the shared EPT (no INVEPT: the caller flushes). */
bool vmx_ept_set_access(uint64_t phys, uint8_t access);
/* The same outside VMX operation, where INVEPT is #UD: the next launch flushes. */
bool vmx_ept_unmap(uint64_t phys, uint64_t size);
void vmx_ept_flush(void);

/* The kernel's own GDT, IDT and TR again, in place of the host's (unload.c). */
void vmx_restore_kernel_tables(struct vmx_core *core);
/* After an unexpected exit: VMXOFF, the kernel's tables, and on outside VMX. */
__attribute__((noreturn)) void vmx_leave_guest_for_good(struct vmx_core *core);
/* What the boot processor does once its guest is gone for good (the report). */
extern void (*vmx_guest_lost_hook)(void);

#endif
