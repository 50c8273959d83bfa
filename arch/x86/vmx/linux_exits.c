/*
 * The exits of a Linux guest that the hyperjacked kernel never causes
 * (arch/x86/vmx/linux.h): I/O to the few ports the I/O bitmap intercepts
 * (power-off and reset), INIT and SIPI (an AP started by Linux), triple
 * fault, and VMCALL, which Linux gets only "version" and "exit counts" of.
 * CPUID, MSRs, CRs, XSETBV and the VMX instructions go to handlers.c.
 */
#include "arch/x86/vmx/linux_internal.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/io.h"
#include "arch/x86/percpu.h"
#include "include/x86/vmcs.h"
#include "lib/vmx/names.h"

static uint32_t port_in(uint16_t port, unsigned size)
{
	switch (size) {
	case 1: return inb(port);
	case 2: return inw(port);
	default: return inl(port);
	}
}

static void port_out(uint16_t port, unsigned size, uint32_t value)
{
	switch (size) {
	case 1: outb(port, (uint8_t)value); break;
	case 2: outw(port, (uint16_t)value); break;
	default: outl(port, value); break;
	}
}

/* IN writes AL, AX or EAX; a 32-bit result clears RAX's upper half, as in 64-bit mode. */
static void store_in(struct vmx_gprs *r, unsigned size, uint32_t value)
{
	if (size == 4)
		r->rax = value;
	else if (size == 2)
		r->rax = (r->rax & ~0xffffull) | (value & 0xffffu);
	else
		r->rax = (r->rax & ~0xffull) | (value & 0xffu);
}

static bool handle_io(struct vmx_core *core, struct vmx_gprs *r)
{
	uint64_t q = vmread(VMCS_EXIT_QUALIFICATION);
	unsigned size = VMX_IO_QUAL_SIZE(q);
	uint16_t port = VMX_IO_QUAL_PORT(q);
	bool in = q & VMX_IO_QUAL_IN;
	uint32_t value = (uint32_t)r->rax;
	enum vmx_linux_io_action action = VMX_LINUX_IO_PASS;

	if (q & VMX_IO_QUAL_STRING)
		return false; /* INS/OUTS on these ports: nothing Linux does */
	if (!in && vmx_linux_config.io_decide)
		action = vmx_linux_config.io_decide(port, size, in, value);
	switch (action) {
	case VMX_LINUX_IO_POWEROFF: vmx_linux_end(core, VMX_LINUX_POWEROFF);
	case VMX_LINUX_IO_REBOOT: vmx_linux_end(core, VMX_LINUX_REBOOT);
	case VMX_LINUX_IO_SLEEP: vmx_linux_end(core, VMX_LINUX_SLEEP);
	case VMX_LINUX_IO_PASS: break;
	}
	if (in)
		store_in(r, size, port_in(port, size));
	else
		port_out(port, size, value);
	vmx_skip_instruction();
	return true;
}

/*
 * INIT: the processor waits for a SIPI, as after a real INIT (26.2: the
 * exit itself changes no state).  An INIT that arrived while the processor
 * waited for its SIPI was blocked (26.2) and is delivered as soon as the
 * SIPI has started it, before its first instruction: Linux meant it for
 * the wait the processor has just had, so it is ignored.
 */
static bool handle_init(struct vmx_core *core)
{
	if (vmx_linux_ending())
		vmx_linux_end(core, VMX_LINUX_RUNNING);
	if (core->guest->just_started && !core->guest->init_ignored) {
		core->guest->init_ignored = true;
		return true;
	}
	if (core->guest->just_started)
		vmx_linux_init_stuck(core);
	vmwrite_checked(VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_WAIT_FOR_SIPI);
	return true;
}

/* SIPI: start in real mode at the vector's page (Vol. 3A 9.4.4.1). */
static bool handle_sipi(struct vmx_core *core)
{
	uint8_t vector = (uint8_t)vmread(VMCS_EXIT_QUALIFICATION);

	if (vmx_linux_ending())
		vmx_linux_end(core, VMX_LINUX_RUNNING);
	if (!core->guest->started) {
		core->guest->started = true;
		vmx_linux_count_start();
	}
	vmx_linux_put_real_mode_state(vector);
	core->guest->just_started = true;
	core->guest->init_ignored = false;
	return true;
}

/* Linux may ask the version and its exit counts; it cannot unload the hypervisor. */
static bool handle_vmcall(struct vmx_core *core, struct vmx_gprs *r)
{
	if (vmx_guest_cpl() == 0 && r->rax == VMX_HC_UNLOAD) {
		r->rax = VMX_HC_UNKNOWN;
		vmx_skip_instruction();
		return true;
	}
	return vmx_handle_vmcall(core, r);
}

/*
 * Blocking by SMI outside SMM fails the next VM entry (27.3.1.5).  A
 * processor never reports it there, but Bochs 2.7 does on every exit after
 * a SIPI exit (its wait-for-SIPI state masks SMIs, and the exit skips the
 * unmask): cleared, since this hypervisor never runs a guest in SMM.
 */
static void clear_smi_blocking(void)
{
	uint64_t interruptibility = vmread(VMCS_GUEST_INTERRUPTIBILITY);

	if (interruptibility & VMX_INTERRUPTIBILITY_SMI)
		vmwrite_checked(VMCS_GUEST_INTERRUPTIBILITY,
				interruptibility & ~(uint64_t)VMX_INTERRUPTIBILITY_SMI);
}

bool vmx_linux_exit(struct vmx_core *core, struct vmx_gprs *r, uint32_t basic)
{
	clear_smi_blocking();
	if (vmx_linux_ending())
		vmx_linux_end(core, VMX_LINUX_RUNNING); /* another core ended the run */
	if (basic != VMX_EXIT_INIT_SIGNAL)
		core->guest->just_started = false;
	switch (basic) {
	case VMX_EXIT_IO_INSTRUCTION: return handle_io(core, r);
	case VMX_EXIT_INIT_SIGNAL: return handle_init(core);
	case VMX_EXIT_SIPI: return handle_sipi(core);
	case VMX_EXIT_TRIPLE_FAULT:
		vmx_report_exit(vmx_core_cpu(core)->index, basic, vmread(VMCS_GUEST_RIP));
		vmx_dump_vmcs(vmx_core_cpu(core)->index);
		vmx_linux_end(core, VMX_LINUX_TRIPLE_FAULT);
	case VMX_EXIT_VMCALL: return handle_vmcall(core, r);
	case VMX_EXIT_EPT_VIOLATION: return vmx_linux_apic_write(core, r);
	default: return false;
	}
}

void vmx_linux_unexpected(struct vmx_core *core, uint32_t reason)
{
	uint32_t cpu = vmx_core_cpu(core)->index;

	vmx_report_exit(cpu, reason, vmread(VMCS_GUEST_RIP));
	vmx_dump_vmcs(cpu);
	core->guest->state = VMX_GUEST_FAILED;
	core->guest->error = vmx_exit_reason_name(VMX_EXIT_REASON_BASIC(reason));
	vmx_linux_end(core, VMX_LINUX_FAILED);
}
