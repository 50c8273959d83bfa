/*
 * The exits of an OS guest that the hyperjacked kernel never causes
 * (os.h): I/O to the few ports the I/O bitmap intercepts (power-off, reset,
 * a test kernel's status and emulator ports), INIT and SIPI (an AP started
 * by the OS), triple fault, and writes to the local APIC's page while it is
 * watched.  CPUID, MSRs, CRs, XSETBV, VMCALL and the VMX instructions are
 * the default table's (vmx/handlers.c).
 */
#include "arch/x86/guests/debugger.h"
#include "arch/x86/guests/os_internal.h"
#include "arch/x86/vmx/exit_report.h"
#include "arch/x86/vmx/handlers.h"
#include "arch/x86/vmx/vcpu.h"
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

static uint32_t size_mask(unsigned size)
{
	return size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

bool os_handle_io(struct vmx_core *core, struct vmx_gprs *r)
{
	uint64_t q = vcpu_exit_qualification();
	unsigned size = VMX_IO_QUAL_SIZE(q);
	uint16_t port = VMX_IO_QUAL_PORT(q);
	bool in = q & VMX_IO_QUAL_IN;
	uint32_t value = (uint32_t)r->rax & size_mask(size);
	struct os_io_verdict v = { OS_IO_PASS, OS_RUNNING, 0 };

	if (q & VMX_IO_QUAL_STRING)
		return false; /* INS/OUTS on these ports: nothing an OS does */
	if (debugger_hides_port(port))
		v.action = OS_IO_IGNORE; /* the GDB stub's UART */
	else if (os_config.io_decide)
		v = os_config.io_decide(port, size, in, value);
	if (v.action == OS_IO_END) {
		if (v.end == OS_STATUS)
			os_set_status(v.status);
		os_end(core, v.end);
	}
	if (in)
		store_in(r, size, v.action == OS_IO_PASS ? port_in(port, size) : size_mask(size));
	else if (v.action == OS_IO_PASS)
		port_out(port, size, value);
	return vcpu_skip_instruction(core);
}

/*
 * An INIT the guest sent its boot processor: ignored.  A real boot
 * processor would restart at the reset vector in the firmware, which the
 * guest cannot have back (the hypervisor is below it); waiting for a SIPI
 * instead would leave the report's core in the guest forever.  The SDM's
 * INIT exit changes no state (26.2), so resuming is the INIT not taken.
 */
static bool boot_processor_init(void)
{
	static bool told;

	if (!told) {
		told = true;
		kprintf("%s: cpu 0: an INIT from the guest, ignored (the boot processor)\n",
			os_config.kind->name);
	}
	return true;
}

/*
 * INIT: the processor waits for a SIPI, as after a real INIT (26.2: the
 * exit itself changes no state).  An INIT that arrived while the processor
 * waited for its SIPI was blocked (26.2) and is delivered as soon as the
 * SIPI has started it, before its first instruction: the OS meant it for
 * the wait the processor has just had, so it is ignored.
 */
bool os_handle_init(struct vmx_core *core, struct vmx_gprs *r)
{
	struct os_vcpu *v = os_vcpu(vmx_core_cpu(core)->index);

	(void)r;
	if (os_ending())
		os_end(core, OS_RUNNING);
	if (vmx_core_cpu(core)->index == 0)
		return boot_processor_init();
	if (v->just_started && !v->init_ignored) {
		v->init_ignored = true;
		return true;
	}
	if (v->just_started)
		os_init_stuck(core);
	vcpu_wait_for_sipi();
	return true;
}

/* SIPI: start in real mode at the vector's page (Vol. 3A 9.4.4.1). */
bool os_handle_sipi(struct vmx_core *core, struct vmx_gprs *r)
{
	struct os_vcpu *v = os_vcpu(vmx_core_cpu(core)->index);
	uint8_t vector = (uint8_t)vcpu_exit_qualification();

	(void)r;
	if (os_ending())
		os_end(core, OS_RUNNING);
	if (!v->started) {
		v->started = true;
		os_count_start();
	}
	vcpu_start_at_sipi(core->guest, vector);
	v->just_started = true;
	v->init_ignored = false;
	return true;
}

bool os_handle_triple_fault(struct vmx_core *core, struct vmx_gprs *r)
{
	os_note_leaving(core);
	vmx_report_current_exit(vmx_core_cpu(core)->index, VMX_EXIT_TRIPLE_FAULT);
	debugger_fatal(core, r);
	os_end(core, OS_TRIPLE_FAULT);
}

bool os_handle_ept_violation(struct vmx_core *core, struct vmx_gprs *r)
{
	return os_apic_write(core, r);
}

void os_on_exit(struct vmx_core *core, uint32_t basic)
{
	vcpu_clear_smi_blocking();
	os_phase_check(core);
	if (os_ending())
		os_end(core, OS_RUNNING); /* another core ended the run */
	if (basic != VMX_EXIT_INIT_SIGNAL)
		os_vcpu(vmx_core_cpu(core)->index)->just_started = false;
}

void os_unexpected(struct vmx_core *core, uint32_t reason)
{
	uint32_t cpu = vmx_core_cpu(core)->index;

	os_note_leaving(core);
	if (reason != VMX_KIND_RESUME_FAILED) {
		vmx_report_current_exit(cpu, reason);
		core->guest->error = vmx_exit_reason_name(VMX_EXIT_REASON_BASIC(reason));
	}
	core->guest->state = VMX_GUEST_FAILED;
	debugger_fatal(core, NULL);
	os_end(core, OS_FAILED);
}
