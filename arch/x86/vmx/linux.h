/*
 * Linux as the guest of this hypervisor, on every core (kernel/linux_stage.c
 * loads it; this folder runs it).  One partition, the hardware passed
 * through: the boot processor enters Linux at its 64-bit entry point, each
 * AP waits as a guest in the wait-for-SIPI activity state until Linux's
 * INIT-SIPI-SIPI reaches it as INIT and SIPI exits (Intel SDM Vol. 3C 26.2
 * "Other Causes of VM Exits", 27.7 "VM-Entry ... Activity State") and then
 * starts in real mode at the SIPI vector, which needs "unrestricted guest"
 * (26.6 / 27.3.1.1).  The hypervisor takes the machine back when Linux
 * powers off, resets or triple-faults.
 *
 * Files: linux_vmcs.c (the VMCS of either kind of core), linux_run.c (the
 * run: launch, the end, stopping the cores), linux_exits.c (the exits only a
 * Linux guest causes: I/O, INIT, SIPI, triple fault), linux_launch.asm.
 */
#ifndef ARCH_X86_VMX_LINUX_H
#define ARCH_X86_VMX_LINUX_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/linux_entry.h"
#include "arch/x86/percpu.h"

/* How the guest ended: the report's exit= word (vmx_linux_end_name). */
enum vmx_linux_end {
	VMX_LINUX_RUNNING,
	VMX_LINUX_POWEROFF,	/* ACPI S5 (SLP_EN) */
	VMX_LINUX_REBOOT,	/* 0xCF9, keyboard controller, ACPI reset register */
	VMX_LINUX_SLEEP,	/* another ACPI sleep state: the guest is gone too */
	VMX_LINUX_TRIPLE_FAULT, /* a shutdown in the guest */
	VMX_LINUX_FAILED,	/* a failed VM entry or an exit nobody handles */
};

const char *vmx_linux_end_name(enum vmx_linux_end end);

/* What an intercepted I/O access means (the kernel's policy, from ACPI). */
enum vmx_linux_io_action {
	VMX_LINUX_IO_PASS, /* do it on the real port */
	VMX_LINUX_IO_POWEROFF,
	VMX_LINUX_IO_REBOOT,
	VMX_LINUX_IO_SLEEP,
};

#define VMX_LINUX_IO_PORTS_MAX 16

/* How the APs learn of Linux's SIPI (arch/x86/vmx/linux_sipi.c). */
enum vmx_linux_ap_start {
	VMX_LINUX_AP_WAIT_FOR_SIPI, /* wait-for-SIPI guests, INIT and SIPI exits (the SDM's way) */
	VMX_LINUX_AP_WATCH_ICR,	    /* wait in VMX root; the APIC's ICR watched through EPT */
};

struct vmx_linux_config {
	enum vmx_linux_ap_start ap_start;
	uint64_t apic_base;		/* the local APIC's MMIO page, for the ICR watch */
	struct linux_entry_state entry; /* the boot processor's first state */
	uint16_t io_ports[VMX_LINUX_IO_PORTS_MAX]; /* intercepted: each exits */
	unsigned io_port_count;
	enum vmx_linux_io_action (*io_decide)(uint16_t port, unsigned size, bool in,
					      uint32_t value);
};

/*
 * Boot processor, while it may still allocate: each core's guest state and
 * the I/O bitmap.  False, with the reason on the console and in *why, if
 * Linux cannot run here (no EPT, no VMX root operation on cpu 0, no memory).
 */
bool vmx_linux_prepare(const char **why);

/* Leaves [base, base + size) out of the guest's EPT view; false if the EPT ran out of tables. */
bool vmx_linux_hide(uint64_t base, uint64_t size);

/*
 * Boot processor: start Linux and return when it has ended and every core
 * has left it; the end is the result.
 */
enum vmx_linux_end vmx_linux_run_bsp(const struct vmx_linux_config *config);

/* An AP: be Linux's processor when the boot processor says go, else return. */
void vmx_linux_run_ap(struct cpu *cpu);

/* The boot processor gives up before go: the APs return. */
void vmx_linux_cancel(void);

/* After the run, for the report: processors Linux started, exits in all. */
uint32_t vmx_linux_cpus_started(void);
uint64_t vmx_linux_exits(void);
/* One report line per core that ran Linux: exits by reason. */
void vmx_linux_report_exits(void);

#endif
