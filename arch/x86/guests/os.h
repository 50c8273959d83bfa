/*
 * An operating system as the guest of every core (Linux, a Multiboot
 * kernel: kernel/guest_stage.c loads it; this file runs it).  One
 * partition, the hardware passed through: the boot processor enters the OS
 * at the state its boot protocol defines, each AP waits as a guest in the
 * wait-for-SIPI activity state until the OS's INIT-SIPI-SIPI reaches it as
 * INIT and SIPI exits (Intel SDM Vol. 3C 26.2 "Other Causes of VM Exits",
 * 27.7 "VM-Entry ... Activity State") and then starts in real mode at the
 * SIPI vector, which needs "unrestricted guest" (26.6 / 27.3.1.1).  The
 * hypervisor takes the machine back when the OS powers off, resets, reports
 * a status, or triple-faults.
 *
 * Files: os_run.c (the run: launch, the end, stopping the cores),
 * os_exits.c (the exits an OS causes: I/O, INIT, SIPI, triple fault),
 * os_sipi.c (where INIT stays pending: the APIC's ICR watched instead);
 * the kinds: linux.c, multiboot.c.
 */
#ifndef ARCH_X86_GUESTS_OS_H
#define ARCH_X86_GUESTS_OS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/x86/percpu.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/kind.h"
#include "arch/x86/vmx/vmcs_build.h"

/* How the guest ended: the report's exit= word (os_end_name). */
enum os_end {
	OS_RUNNING,
	OS_POWEROFF,	 /* ACPI S5 (SLP_EN), or an emulator's shutdown port */
	OS_REBOOT,	 /* 0xCF9, keyboard controller, ACPI reset register */
	OS_SLEEP,	 /* another ACPI sleep state: the guest is gone too */
	OS_TRIPLE_FAULT, /* a shutdown in the guest */
	OS_FAILED,	 /* a failed VM entry or an exit nobody handles */
	OS_STATUS,	 /* the guest wrote its exit status (a test kernel's port 0xF4) */
};

const char *os_end_name(enum os_end end);

/* What an intercepted I/O access means (the stage's policy, from ACPI and the kind). */
struct os_io_verdict {
	enum {
		OS_IO_PASS,   /* do it on the real port */
		OS_IO_IGNORE, /* a write dropped, a read of all ones */
		OS_IO_END,    /* the guest is over: `end`, with `status` for OS_STATUS */
	} action;
	enum os_end end;
	uint32_t status;
};

#define OS_IO_PORTS_MAX 24

/* How the APs learn of the OS's SIPI (os_sipi.c). */
enum os_ap_start {
	OS_AP_WAIT_FOR_SIPI, /* wait-for-SIPI guests, INIT and SIPI exits (the SDM's way) */
	OS_AP_WATCH_ICR,     /* wait in VMX root; the APIC's ICR watched through EPT */
};

struct os_config {
	struct vmx_guest_kind
		*kind;	     /* its exit table and boot processor's profile: linux_kind, ... */
	const char *display; /* "Linux", "the Multiboot kernel": for messages */
	struct vmx_entry_state bsp_state; /* the boot processor's first state */
	struct vmx_gprs bsp_regs;	  /* and its registers */
	enum os_ap_start ap_start;
	uint64_t apic_base;		    /* the local APIC's MMIO page, for the ICR watch */
	uint16_t io_ports[OS_IO_PORTS_MAX]; /* intercepted: each exits */
	unsigned io_port_count;
	struct os_io_verdict (*io_decide)(uint16_t port, unsigned size, bool in, uint32_t value);
};

/*
 * Boot processor, while it may still allocate: each core's guest state
 * and the I/O bitmap.  False, with the reason on the console (prefixed by
 * the kind's name) and in *why, if the OS cannot run here (no EPT, no VMX
 * root operation on cpu 0, no memory).
 */
bool os_prepare(struct vmx_guest_kind *kind, const char *display, const char **why);

/* Leaves [base, base + size) out of the guest's EPT view; false if the EPT ran out of tables. */
bool os_hide(uint64_t base, uint64_t size);

/* Boot processor: start the OS and return when it has ended and every core has left it. */
enum os_end os_run_bsp(const struct os_config *config);

/* An AP: be the OS's processor when the boot processor says go, else return. */
void os_run_ap(struct cpu *cpu);

/* The boot processor gives up before go: the APs return. */
void os_cancel(void);

/* After the run, for the report. */
uint32_t os_cpus_started(void);
uint64_t os_exits(void);
uint32_t os_status(void); /* what the guest wrote, with OS_STATUS */
/* One report line per core that ran the OS: exits by reason. */
void os_report_exits(void);

/* The exits of an OS guest, for the kinds' tables (os_exits.c). */
bool os_handle_io(struct vmx_core *core, struct vmx_gprs *r);
bool os_handle_init(struct vmx_core *core, struct vmx_gprs *r);
bool os_handle_sipi(struct vmx_core *core, struct vmx_gprs *r);
bool os_handle_triple_fault(struct vmx_core *core, struct vmx_gprs *r);
bool os_handle_ept_violation(struct vmx_core *core, struct vmx_gprs *r);
bool os_handle_wrmsr(struct vmx_core *core, struct vmx_gprs *r); /* os_sipi.c */
void os_on_exit(struct vmx_core *core, uint32_t basic);
__attribute__((noreturn)) void os_unexpected(struct vmx_core *core, uint32_t reason);

/* The exit table every OS kind starts from: use as `.exits = OS_EXITS` in a kind. */
#define OS_EXITS                                                                                   \
	{                                                                                          \
		[VMX_EXIT_IO_INSTRUCTION] = os_handle_io, [VMX_EXIT_INIT_SIGNAL] = os_handle_init, \
		[VMX_EXIT_SIPI] = os_handle_sipi,                                                  \
		[VMX_EXIT_TRIPLE_FAULT] = os_handle_triple_fault,                                  \
		[VMX_EXIT_EPT_VIOLATION] = os_handle_ept_violation,                                \
		[VMX_EXIT_WRMSR] = os_handle_wrmsr,                                                \
	}

#endif
