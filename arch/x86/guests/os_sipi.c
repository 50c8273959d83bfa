/*
 * How an OS guest starts the APs (Linux, a Multiboot kernel).  By the SDM, an AP waits as a guest in the
 * wait-for-SIPI activity state and Linux's INIT and SIPI reach it as INIT
 * and SIPI exits (26.2).  Bochs 2.7 keeps an INIT pending after its VM exit,
 * so the AP would exit again at every entry; there the APs wait instead in
 * VMX root operation, where INIT is blocked (24.8) and a SIPI ignored, and
 * the hypervisor watches Linux's writes to the local APIC's interrupt
 * command register (Vol. 3A 11.6.1): the APIC page is read-only in the EPT,
 * a write to it is an EPT violation, the hypervisor decodes the storing
 * instruction (lib/vmx/mmio_store.h), does the write itself and skips the
 * instruction, and a SIPI it sent tells the waiting AP its vector.  In
 * x2APIC mode the ICR is an MSR (Vol. 3A 11.12.1.2): only its write is
 * intercepted (the MSR bitmap), EOI, timer and the rest pass.  The watch
 * ends with the start phase (os_phase.c): after it no xAPIC access exits;
 * an x2APIC ICR write still does, for the cpu-0 filter (watched_msr_bitmap).
 */
#include <string.h>

#include "arch/x86/guests/os_internal.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/guest_alloc.h"
#include "arch/x86/vmx/handlers.h"
#include "arch/x86/vmx/vcpu.h"
#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/exceptions.h"
#include "include/x86/msr.h"
#include "lib/vmx/mmio_store.h"
#include "include/x86/ept.h"

/* The interrupt command register (Vol. 3A 11.6.1, figure 11-12). */
#define APIC_ICR_OFFSET		 0x300
#define ICR_DELIVERY_MODE(icr)	 (((icr) >> 8) & 7u)
#define ICR_DELIVERY_INIT	 5u
#define ICR_DELIVERY_STARTUP	 6u
#define ICR_LOGICAL		 (1u << 11)
#define ICR_VECTOR(icr)		 ((icr)&0xffu)
#define ICR_SHORTHAND(icr)	 (((icr) >> 18) & 3u)
#define ICR_SHORTHAND_MASK	 (3u << 18)
#define ICR_SHORTHAND_NONE	 0u
#define ICR_SHORTHAND_SELF	 1u
#define ICR_SHORTHAND_ALL	 2u
#define ICR_SHORTHAND_ALL_BUT_ME 3u
#define APIC_ICR_HIGH_OFFSET	 0x310
#define ICR_XAPIC_DEST(icr)	 ((uint32_t)((icr) >> 56))
#define ICR_X2APIC_DEST(icr)	 ((uint32_t)((icr) >> 32))
/* EPT-violation qualification bit 1: the access was a write (table 28-7). */
#define EPT_QUAL_WRITE		 (1ull << 1)
/* The MSR bitmap's write bits for MSRs 0-1FFFH: its third 1 KiB (Vol. 3C 25.6.9). */
#define MSR_BITMAP_WRITE_LOW	 2048u

static uint64_t apic_page;
static volatile bool watching;
/*
 * The MSR bitmap whose x2APIC ICR write is intercepted, once the watch has
 * begun; NULL otherwise.  The intercept stays after the watch ends: where
 * the watch is the way (INIT stays pending after its exit), an INIT that
 * reached cpu 0 would exit at its every entry, so the cpu-0 filter
 * (perform_icr) must outlive the start phase.  In x2APIC mode that costs
 * an exit per IPI, not per EOI; in xAPIC mode the filter would need the
 * whole page watched, so it ends with the phase (README, "Known limits").
 */
static uint8_t *watched_msr_bitmap;

static void intercept_icr_msr(uint8_t *msr_bitmap)
{
	uint8_t *byte = &msr_bitmap[MSR_BITMAP_WRITE_LOW + X2APIC_ICR_MSR / 8];

	__atomic_fetch_or(byte, (uint8_t)(1u << (X2APIC_ICR_MSR % 8)), __ATOMIC_RELEASE);
}

bool os_watch_icr(uint64_t apic_base, uint8_t *msr_bitmap)
{
	apic_page = apic_base & ~0xfffull;
	if (vmx_ept_set_access(apic_page, EPT_READ)) {
		if (msr_bitmap) {
			intercept_icr_msr(msr_bitmap);
			__atomic_store_n(&watched_msr_bitmap, msr_bitmap, __ATOMIC_RELEASE);
		}
		__atomic_store_n(&watching, true, __ATOMIC_RELEASE);
		return true;
	}
	kalways("%s: the APIC page 0x%lx could not be made read-only in the EPT: %s runs on "
		"cpu 0 alone\n",
		os_config.kind->name, (unsigned long)apic_page, os_config.display);
	apic_page = 0;
	return false;
}

void os_unwatch_icr(void)
{
	if (!os_icr_watched())
		return;
	/* Writable first: a write that exits meanwhile is still emulated, not retried forever. */
	if (!vmx_ept_set_access(apic_page, EPT_RWX)) {
		kalways("%s: the APIC page 0x%lx could not be made writable again in the EPT: "
			"the ICR watch goes on\n",
			os_config.kind->name, (unsigned long)apic_page);
		return;
	}
	__atomic_store_n(&watching, false, __ATOMIC_RELEASE);
}

bool os_icr_watched(void)
{
	return __atomic_load_n(&watching, __ATOMIC_ACQUIRE);
}

const char *os_icr_watch_word(void)
{
	return !apic_page ? "none" : os_icr_watched() ? "on" : "off";
}

/* A SIPI to an AP that waits in VMX root operation: its vector, once. */
static void pass_sipi(uint32_t apic_id, uint8_t vector, bool all, uint32_t self)
{
	for (uint32_t i = 1; i < cpu_count; i++) {
		struct os_vcpu *v = os_vcpu(i);
		if ((all ? cpu_table[i]->apic_id == self : cpu_table[i]->apic_id != apic_id) ||
		    v->sipi_vector >= 0 || v->launched)
			continue;
		__atomic_store_n(&v->sipi_vector, vector, __ATOMIC_RELEASE);
		os_wake(cpu_table[i]->apic_id);
	}
}

static void inspect_icr(uint64_t icr, bool x2apic)
{
	uint32_t dest = x2apic ? ICR_X2APIC_DEST(icr) : ICR_XAPIC_DEST(icr);
	unsigned shorthand = ICR_SHORTHAND(icr);

	if (ICR_DELIVERY_MODE(icr) != ICR_DELIVERY_STARTUP)
		return;
	if (shorthand == ICR_SHORTHAND_NONE)
		pass_sipi(dest, (uint8_t)ICR_VECTOR(icr), false, 0);
	else if (shorthand == ICR_SHORTHAND_ALL || shorthand == ICR_SHORTHAND_ALL_BUT_ME)
		pass_sipi(0, (uint8_t)ICR_VECTOR(icr), true, this_cpu()->apic_id);
}

/* One IPI from this core, in the mode the guest uses. */
static bool send_icr(uint64_t icr, bool x2apic)
{
	volatile uint32_t *regs = (volatile uint32_t *)(uintptr_t)apic_page;

	if (x2apic)
		return wrmsr_catch(X2APIC_ICR_MSR, icr) == TRAP_NONE;
	regs[APIC_ICR_HIGH_OFFSET / 4] = (uint32_t)(icr >> 32);
	regs[APIC_ICR_OFFSET / 4] = (uint32_t)icr;
	return true;
}

static uint64_t with_dest(uint64_t icr, uint32_t apic_id, bool x2apic)
{
	uint64_t low = icr & ~(uint64_t)ICR_SHORTHAND_MASK & 0xffffffffull;

	return low | ((uint64_t)apic_id << (x2apic ? 32 : 56));
}

/*
 * INIT and SIPI may not reach the boot processor: after VMXOFF a pending
 * INIT would reset it into the firmware before the report (README, "A
 * hostile guest").  Does this one?  Logical destinations are taken as
 * reaching it: an OS starts its processors by physical ID.
 */
static bool reaches_bsp(uint64_t icr, bool x2apic)
{
	unsigned mode = ICR_DELIVERY_MODE(icr), shorthand = ICR_SHORTHAND(icr);
	bool from_bsp = this_cpu()->index == 0;
	uint32_t dest = x2apic ? ICR_X2APIC_DEST(icr) : ICR_XAPIC_DEST(icr);

	if (mode != ICR_DELIVERY_INIT && mode != ICR_DELIVERY_STARTUP)
		return false;
	switch (shorthand) {
	case ICR_SHORTHAND_SELF: return from_bsp;
	case ICR_SHORTHAND_ALL: return true;
	case ICR_SHORTHAND_ALL_BUT_ME: return !from_bsp;
	default: return (icr & ICR_LOGICAL) || dest == cpu_table[0]->apic_id;
	}
}

/*
 * The guest's ICR write, performed: as it is, or, where it would reach
 * the boot processor, to every other AP it names, one by one.  False if
 * the write faulted (an x2APIC ICR value the APIC refuses).
 */
static bool perform_icr(uint64_t icr, bool x2apic)
{
	static bool told;
	uint32_t self = this_cpu()->index;
	unsigned shorthand = ICR_SHORTHAND(icr);

	if (!reaches_bsp(icr, x2apic))
		return send_icr(icr, x2apic);
	if (!told) {
		told = true;
		kprintf("%s: cpu %u sent an INIT or SIPI that would reach cpu 0: cpu 0 is kept "
			"out of it\n",
			os_config.kind->name, self);
	}
	if (shorthand != ICR_SHORTHAND_ALL && shorthand != ICR_SHORTHAND_ALL_BUT_ME)
		return true;
	for (uint32_t i = 1; i < cpu_count; i++)
		if (i != self || shorthand == ICR_SHORTHAND_ALL)
			send_icr(with_dest(icr, cpu_table[i]->apic_id, x2apic), x2apic);
	return true;
}

/*
 * WRMSR: the x2APIC ICR is the guest's INITs and SIPIs in x2APIC mode
 * (filtered for the run, inspected while the watch is on), and the APIC's
 * base may not move off the watched page.
 * Everything else is the default handler's (vmx/handlers.c).
 */
bool os_handle_wrmsr(struct vmx_core *core, struct vmx_gprs *r)
{
	uint32_t msr = (uint32_t)r->rcx;
	uint64_t value = (r->rdx << 32) | (uint32_t)r->rax;

	if (os_icr_watched() && msr == MSR_IA32_APIC_BASE &&
	    (value & IA32_APIC_BASE_ADDR_MASK) != apic_page) {
		kprintf("%s: cpu %u: IA32_APIC_BASE 0x%lx refused: the APIC page is watched\n",
			os_config.kind->name, this_cpu()->index, (unsigned long)value);
		vcpu_inject_exception(X86_VEC_GP, true);
		return true;
	}
	if (!__atomic_load_n(&watched_msr_bitmap, __ATOMIC_ACQUIRE) || msr != X2APIC_ICR_MSR)
		return vmx_handle_wrmsr(core, r);
	if (!perform_icr(value, true)) {
		vcpu_inject_exception(X86_VEC_GP, true);
		return true;
	}
	if (os_icr_watched()) /* after the start phase a SIPI starts no AP (os_phase.c) */
		inspect_icr(value, true);
	return vcpu_skip_instruction(core);
}

struct phys_read {
	uint64_t host;
	void *buf;
	size_t len;
};

static void copy_in(void *arg)
{
	struct phys_read *r = arg;

	memcpy(r->buf, (const void *)(uintptr_t)r->host, r->len);
}

/*
 * Guest memory where the EPT puts it, the guest's own bytes only (len
 * stays within a page); a fault is caught, not fatal.
 */
static bool read_guest(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct phys_read r = { 0, buf, len };
	uint64_t error;

	(void)ctx;
	if (!vmx_ept_translate(gpa, EPT_READ, &r.host))
		return false;
	return trap_catch(copy_in, &r, &error) == TRAP_NONE;
}

/*
 * The instruction at the guest's CS:RIP, as far as MMIO_INSN_MAX bytes
 * reach within mapped pages, through its own paging whatever the mode.
 */
static size_t fetch_instruction(uint8_t *insn)
{
	uint64_t la = vcpu_instruction_address();
	struct guest_walk_cpu cpu;
	size_t n = 0;

	vcpu_paging(&cpu);
	while (n < MMIO_INSN_MAX) {
		struct guest_walk_result w;
		if (guest_walk(&cpu, la + n, read_guest, NULL, &w) != 0)
			break;
		size_t chunk = MMIO_INSN_MAX - n < w.page_left ? MMIO_INSN_MAX - n : w.page_left;
		if (!read_guest(NULL, w.gpa, insn + n, chunk))
			break;
		n += chunk;
	}
	return n;
}

bool os_apic_write(struct vmx_core *core, struct vmx_gprs *r)
{
	uint64_t gpa = vcpu_guest_physical();
	volatile uint32_t *reg = (volatile uint32_t *)(uintptr_t)gpa;
	uint8_t insn[MMIO_INSN_MAX];
	struct mmio_store st;
	size_t n;

	(void)core;
	if (!apic_page || (gpa & ~0xfffull) != apic_page ||
	    !(vcpu_exit_qualification() & EPT_QUAL_WRITE) || (gpa & 3))
		return false;
	if (!os_icr_watched()) {
		/* A read-only translation cached from before the watch ended: gone now, retried. */
		vmx_ept_flush();
		return true;
	}
	n = fetch_instruction(insn);
	if (!mmio_decode_store(insn, n, vcpu_in_64bit_code(), &st)) {
		kprintf("vmx: cpu %u: a write to APIC register 0x%lx by an instruction the "
			"hypervisor does not decode\n",
			this_cpu()->index, (unsigned long)(gpa & 0xfff));
		return false;
	}
	uint32_t value = st.immediate ? st.imm : (uint32_t)vcpu_read_gpr(r, st.reg);
	if (st.exchange)
		vcpu_write_gpr(r, st.reg, *reg); /* a 32-bit load clears the upper half */
	vcpu_advance_rip(st.length);
	if ((gpa & 0xff0) != APIC_ICR_OFFSET) {
		*reg = value;
		return true;
	}
	uint64_t icr = (uint64_t)reg[(APIC_ICR_HIGH_OFFSET - APIC_ICR_OFFSET) / 4] << 32 | value;
	perform_icr(icr, false);
	inspect_icr(icr, false);
	return true;
}
