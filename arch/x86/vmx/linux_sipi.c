/*
 * How Linux starts the APs.  By the SDM, an AP waits as a guest in the
 * wait-for-SIPI activity state and Linux's INIT and SIPI reach it as INIT
 * and SIPI exits (26.2).  Bochs 2.7 keeps an INIT pending after its VM exit,
 * so the AP would exit again at every entry; there the APs wait instead in
 * VMX root operation, where INIT is blocked (24.8) and a SIPI ignored, and
 * the hypervisor watches Linux's writes to the local APIC's interrupt
 * command register (Vol. 3A 11.6.1): the APIC page is read-only in the EPT,
 * a write to it is an EPT violation, the write is single-stepped with the
 * monitor trap flag (26.5.2) on a writable page, and a SIPI it sent tells the
 * waiting AP its vector.
 */
#include "arch/x86/vmx/linux_internal.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/percpu.h"
#include "include/x86/ept.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"

/* The interrupt command register (Vol. 3A 11.6.1, figure 11-12). */
#define APIC_ICR_OFFSET		 0x300
#define ICR_DELIVERY_MODE(icr)	 (((icr) >> 8) & 7u)
#define ICR_DELIVERY_STARTUP	 6u
#define ICR_VECTOR(icr)		 ((icr)&0xffu)
#define ICR_SHORTHAND(icr)	 (((icr) >> 18) & 3u)
#define ICR_SHORTHAND_NONE	 0u
#define ICR_SHORTHAND_ALL	 2u
#define ICR_SHORTHAND_ALL_BUT_ME 3u
#define ICR_XAPIC_DEST(icr)	 ((uint32_t)((icr) >> 56))
#define ICR_X2APIC_DEST(icr)	 ((uint32_t)((icr) >> 32))
/* EPT-violation qualification bit 1: the access was a write (table 28-7). */
#define EPT_QUAL_WRITE		 (1ull << 1)

static uint64_t apic_page;

bool vmx_linux_watch_icr(uint64_t apic_base)
{
	uint64_t proc;

	if (!vmx_snapshot_ctl(&cpu_table[0]->vmx.caps, VMX_CTL_PROCBASED, &proc) ||
	    !vmx_ctl_allowed1(proc, VMX_PROC_MONITOR_TRAP_FLAG)) {
		kalways("linux: the processor offers no monitor trap flag to watch the APIC's "
			"ICR with: Linux runs on cpu 0 alone\n");
		return false;
	}
	apic_page = apic_base & ~0xfffull;
	if (vmx_ept_set_access(apic_page, EPT_READ))
		return true;
	kalways("linux: the APIC page 0x%lx could not be made read-only in the EPT: Linux runs on "
		"cpu 0 alone\n",
		(unsigned long)apic_page);
	apic_page = 0;
	return false;
}

static void set_mtf(bool on)
{
	uint64_t proc = vmread(VMCS_PROC_BASED_CTLS), bit = VMX_CTL_BIT(VMX_PROC_MONITOR_TRAP_FLAG);

	vmwrite_checked(VMCS_PROC_BASED_CTLS, on ? proc | bit : proc & ~bit);
}

/* A SIPI to an AP that waits in VMX root operation: its vector, once. */
static void pass_sipi(uint32_t apic_id, uint8_t vector, bool all, uint32_t self)
{
	for (uint32_t i = 1; i < cpu_count; i++) {
		struct vmx_core *core = &cpu_table[i]->vmx;
		if ((all ? cpu_table[i]->apic_id == self : cpu_table[i]->apic_id != apic_id) ||
		    core->sipi_vector >= 0 || core->linux_launched)
			continue;
		__atomic_store_n(&core->sipi_vector, vector, __ATOMIC_RELEASE);
	}
}

static void inspect_icr(void)
{
	uint64_t icr = apic_read_icr();
	bool x2apic = apic_x2apic_mode();
	uint32_t dest = x2apic ? ICR_X2APIC_DEST(icr) : ICR_XAPIC_DEST(icr);
	unsigned shorthand = ICR_SHORTHAND(icr);

	if (ICR_DELIVERY_MODE(icr) != ICR_DELIVERY_STARTUP)
		return;
	if (shorthand == ICR_SHORTHAND_NONE)
		pass_sipi(dest, (uint8_t)ICR_VECTOR(icr), false, 0);
	else if (shorthand == ICR_SHORTHAND_ALL || shorthand == ICR_SHORTHAND_ALL_BUT_ME)
		pass_sipi(0, (uint8_t)ICR_VECTOR(icr), true, this_cpu()->apic_id);
}

bool vmx_linux_apic_write(struct vmx_core *core)
{
	uint64_t gpa = vmread(VMCS_GUEST_PHYSICAL_ADDRESS);

	if (!apic_page || (gpa & ~0xfffull) != apic_page ||
	    !(vmread(VMCS_EXIT_QUALIFICATION) & EPT_QUAL_WRITE))
		return false;
	core->guest->apic_write_offset = (int)(gpa & 0xfff);
	vmx_ept_set_access(apic_page, EPT_RWX);
	vmx_ept_flush();
	set_mtf(true);
	return true; /* the write runs again, on a writable page, and stops after */
}

bool vmx_linux_stepped(struct vmx_core *core)
{
	int offset = core->guest->apic_write_offset;

	if (offset < 0)
		return false;
	core->guest->apic_write_offset = -1;
	set_mtf(false);
	vmx_ept_set_access(apic_page, EPT_READ);
	vmx_ept_flush();
	if ((offset & ~0xf) == APIC_ICR_OFFSET)
		inspect_icr();
	return true;
}
