/*
 * The exits the hyperjacked kernel causes on purpose or by nature (Intel SDM
 * Vol. 3C 26.1 "Instructions That Cause VM Exits"): CPUID, MSR and
 * control-register accesses, XSETBV, INVD, and the VMX instructions, which
 * a guest that sees no VMX gets #UD for.
 */
#include <string.h>
#include "arch/x86/vmx/handlers.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vcpu.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"
#include "arch/x86/trap.h"
#include "arch/x86/tsc.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/msr_rules.h"
#include "lib/vmx/xcr0.h"

const char vmx_signature[VMX_SIGNATURE_LEN + 1] = "hypervisor64";

#define CPUID_HV_BASE 0x40000000u
#define CPUID_HV_LAST 0x400000ffu

static uint32_t low32(uint64_t v)
{
	return (uint32_t)v;
}

/* ---- CPUID ---------------------------------------------------------------- */

bool vmx_handle_cpuid(struct vmx_core *core, struct vmx_gprs *r)
{
	uint32_t leaf = low32(r->rax), subleaf = low32(r->rcx);
	struct cpuid_regs c;

	if (leaf >= CPUID_HV_BASE && leaf <= CPUID_HV_LAST) {
		memset(&c, 0, sizeof(c));
		if (leaf == CPUID_HV_BASE) {
			c.eax = VMX_CPUID_HV_LEAF_MAX;
			memcpy(&c.ebx, vmx_signature, 4);
			memcpy(&c.ecx, vmx_signature + 4, 4);
			memcpy(&c.edx, vmx_signature + 8, 4);
		} else if (leaf == VMX_CPUID_HV_VERSION) {
			c.eax = VMX_HC_INTERFACE_VERSION;
		} else if (leaf == VMX_CPUID_HV_EXITS) {
			c.eax = low32(core->guest->exits);
			c.edx = (uint32_t)(core->guest->exits >> 32);
		}
	} else {
		c = cpuid(leaf, subleaf);
		/*
		 * A TSC rate the hypervisor measured to be wrong is not passed
		 * on: with leaves 15H/16H empty a guest measures the TSC itself
		 * (Linux would otherwise trust them and time everything by them).
		 */
		if ((leaf == 0x15 || leaf == 0x16) && tsc_cpuid_wrong)
			memset(&c, 0, sizeof(c));
		if (leaf == 1) {
			c.ecx |= X86_CPUID_01H_ECX_HYPERVISOR;
			c.ecx &= ~X86_CPUID_01H_ECX_VMX;
		}
	}
	r->rax = c.eax;
	r->rbx = c.ebx;
	r->rcx = c.ecx;
	r->rdx = c.edx;
	vcpu_skip_instruction(core);
	return true;
}

/* ---- MSRs ----------------------------------------------------------------- */

bool vmx_handle_rdmsr(struct vmx_core *core, struct vmx_gprs *r)
{
	uint32_t msr = low32(r->rcx);
	uint64_t value;

	if (msr == MSR_IA32_FEATURE_CONTROL) {
		value = IA32_FEATURE_CONTROL_LOCK; /* locked, VMX off: as firmware that disables it */
	} else if (vmx_msr_absent(msr) || rdmsr_catch(msr, &value) != TRAP_NONE) {
		vcpu_inject_exception(X86_VEC_GP, true);
		return true;
	}
	r->rax = low32(value);
	r->rdx = value >> 32;
	vcpu_skip_instruction(core);
	return true;
}

/* The MSRs the VMCS loads at every entry and exit: the guest's value is its guest-state field. */
static const struct {
	uint32_t msr;
	uint32_t field;
} vmcs_msrs[] = {
	{ MSR_IA32_EFER, VMCS_GUEST_IA32_EFER },
	{ MSR_IA32_PAT, VMCS_GUEST_IA32_PAT },
	{ MSR_IA32_SYSENTER_CS, VMCS_GUEST_SYSENTER_CS },
	{ MSR_IA32_SYSENTER_ESP, VMCS_GUEST_SYSENTER_ESP },
	{ MSR_IA32_SYSENTER_EIP, VMCS_GUEST_SYSENTER_EIP },
	{ MSR_IA32_FS_BASE, VMCS_GUEST_FS_BASE },
	{ MSR_IA32_GS_BASE, VMCS_GUEST_GS_BASE },
};

/* A write to one of them: the guest's field, never the host's register. */
static bool write_vmcs_msr(uint32_t msr, uint64_t value)
{
	for (unsigned i = 0; i < sizeof(vmcs_msrs) / sizeof(vmcs_msrs[0]); i++) {
		if (vmcs_msrs[i].msr != msr)
			continue;
		if (msr == MSR_IA32_EFER) /* LMA is the processor's to set (Vol. 3A 10.8.5) */
			value = (value & ~X86_EFER_LMA) |
				(vmread(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA);
		vmwrite_checked(vmcs_msrs[i].field, value);
		return true;
	}
	return false;
}

/*
 * The local APIC is the guest's, but its registers must not cover the
 * hypervisor's memory: the hypervisor's own stores there would reach the
 * APIC instead.  The base is a host-physical address: unless the guest
 * reaches that host page at its own address, the base is refused (#GP),
 * as a processor refuses a base beyond MAXPHYADDR (README, "A hostile
 * guest").
 */
static bool apic_base_hidden(uint64_t value)
{
	uint64_t base = value & IA32_APIC_BASE_ADDR_MASK;

	if (!vmx_ept_pointer || vmx_ept_maps_itself(base))
		return false;
	kprintf("vmx: cpu %u: the guest's IA32_APIC_BASE 0x%lx refused: the page is the "
		"hypervisor's\n",
		this_cpu()->index, (unsigned long)value);
	return true;
}

/* MAXPHYADDR from this core's VMX check (CPUID 80000008H), 36 where unknown (Vol. 3A 4.1.4). */
static unsigned maxphyaddr(const struct vmx_core *core)
{
	return core->assessment.phys_addr_bits ? core->assessment.phys_addr_bits : 36;
}

static bool wrmsr_refused(const struct vmx_core *core, uint32_t msr, uint64_t value)
{
	uint64_t old = 0;

	if (msr == MSR_IA32_APIC_BASE && rdmsr_catch(msr, &old) != TRAP_NONE)
		return true;
	if (vmx_wrmsr_refused(msr, value, old, maxphyaddr(core)))
		return true;
	return msr == MSR_IA32_APIC_BASE && apic_base_hidden(value);
}

/*
 * WRMSR: checked by the rules a processor without VMX applies
 * (lib/vmx/msr_rules.h), then written to the guest's VMCS field or,
 * for an MSR the guest shares with the hypervisor, to the register.
 */
bool vmx_handle_wrmsr(struct vmx_core *core, struct vmx_gprs *r)
{
	uint32_t msr = low32(r->rcx);
	uint64_t value = (r->rdx << 32) | low32(r->rax);

	if (wrmsr_refused(core, msr, value) ||
	    (!write_vmcs_msr(msr, value) && wrmsr_catch(msr, value) != TRAP_NONE)) {
		vcpu_inject_exception(X86_VEC_GP, true);
		return true;
	}
	vcpu_skip_instruction(core);
	return true;
}

/* ---- Control registers ---------------------------------------------------- */

/*
 * What MOV to CR0 would #GP for (Vol. 3A 2.5): bits 63:32, NW without CD,
 * PG without PE; and, without unrestricted guest, clearing PE or PG, which
 * VMX then does not allow the guest.
 */
static bool cr0_rejected(const struct vmx_guest *g, uint64_t v)
{
	if ((v >> 32) || ((v & X86_CR0_NW) && !(v & X86_CR0_CD)) ||
	    ((v & X86_CR0_PG) && !(v & X86_CR0_PE)))
		return true;
	return !g->unrestricted && (!(v & X86_CR0_PE) || !(v & X86_CR0_PG));
}

/*
 * A CR0 write that turns paging on or off with EFER.LME set switches
 * IA-32e mode (Vol. 3A 10.8.5); done by the hypervisor, the switch is its
 * job too: EFER.LMA and the "IA-32e mode guest" entry control follow PG.
 */
static void follow_long_mode(uint64_t old_cr0, uint64_t new_cr0)
{
	uint64_t efer = vmread(VMCS_GUEST_IA32_EFER), entry = vmread(VMCS_ENTRY_CTLS);
	uint64_t ia32e = VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST);

	if (!((old_cr0 ^ new_cr0) & X86_CR0_PG) || !(efer & X86_EFER_LME))
		return;
	if (new_cr0 & X86_CR0_PG) {
		efer |= X86_EFER_LMA;
		entry |= ia32e;
	} else {
		efer &= ~X86_EFER_LMA;
		entry &= ~ia32e;
	}
	vmwrite_checked(VMCS_GUEST_IA32_EFER, efer);
	vmwrite_checked(VMCS_ENTRY_CTLS, entry);
}

static bool set_cr0(struct vmx_guest *g, uint64_t v)
{
	if (cr0_rejected(g, v) || (v & g->host->cr0_host_owned & ~g->host->cr0_must_be_1))
		return false;
	if (g->unrestricted)
		follow_long_mode(vmread(VMCS_GUEST_CR0), v);
	vmwrite_checked(VMCS_GUEST_CR0, v | g->host->cr0_must_be_1);
	vmwrite_checked(VMCS_CR0_READ_SHADOW, v);
	return true;
}

static bool guest_in_long_mode(void)
{
	return vmread(VMCS_ENTRY_CTLS) & VMX_CTL_BIT(VMX_ENTRY_CTL_IA32E_MODE_GUEST);
}

/* CR4.VMXE: the guest was told there is no VMX, and on such a CPU setting it is #GP. */
static bool set_cr4(struct vmx_guest *g, uint64_t v)
{
	uint64_t must_be_0 = g->host->cr4_host_owned & ~g->host->cr4_must_be_1 & ~X86_CR4_VMXE;

	if ((v & X86_CR4_VMXE) || (guest_in_long_mode() && !(v & X86_CR4_PAE)) || (v & must_be_0))
		return false;
	vmwrite_checked(VMCS_GUEST_CR4, v | g->host->cr4_must_be_1);
	vmwrite_checked(VMCS_CR4_READ_SHADOW, v);
	vcpu_flush_tlb(g);
	return true;
}

static bool mov_to_cr(struct vmx_guest *g, unsigned cr, uint64_t v)
{
	switch (cr) {
	case 0: return set_cr0(g, v);
	case 3:
		vmwrite_checked(VMCS_GUEST_CR3, v & ~X86_CR3_PCID_NOFLUSH);
		vcpu_flush_tlb(g);
		return true;
	case 4: return set_cr4(g, v);
	default: return false;
	}
}

bool vmx_handle_cr_access(struct vmx_core *core, struct vmx_gprs *r)
{
	struct vmx_guest *g = core->guest;
	uint64_t q = vmread(VMCS_EXIT_QUALIFICATION);
	unsigned cr = VMX_CR_QUAL_CR(q), gpr = VMX_CR_QUAL_GPR(q);
	uint64_t cr0;

	switch (VMX_CR_QUAL_ACCESS(q)) {
	case VMX_CR_ACCESS_MOV_TO:
		if (cr != 0 && cr != 3 && cr != 4)
			return false;
		if (!mov_to_cr(g, cr, vcpu_read_gpr(r, gpr))) {
			vcpu_inject_exception(X86_VEC_GP, true);
			return true;
		}
		break;
	case VMX_CR_ACCESS_MOV_FROM:
		if (cr != 3)
			return false;
		vcpu_write_gpr(r, gpr, vmread(VMCS_GUEST_CR3));
		break;
	case VMX_CR_ACCESS_LMSW:
		/* LMSW writes CR0 bits 3:0 but cannot clear PE. */
		cr0 = vmread(VMCS_CR0_READ_SHADOW);
		cr0 = (cr0 & ~0xeull) | (VMX_CR_QUAL_LMSW_SRC(q) & 0xf);
		if (!set_cr0(g, cr0)) {
			vcpu_inject_exception(X86_VEC_GP, true);
			return true;
		}
		break;
	default: return false; /* CLTS exits only if CR0.TS were host-owned */
	}
	vcpu_skip_instruction(core);
	return true;
}

/* ---- XSETBV --------------------------------------------------------------- */

bool vmx_handle_xsetbv(struct vmx_core *core, struct vmx_gprs *r)
{
	struct cpuid_regs d = cpuid(0xd, 0);
	uint64_t supported = ((uint64_t)d.edx << 32) | d.eax;
	uint64_t value = (r->rdx << 32) | low32(r->rax);

	uint64_t host_cr4 = read_cr4();

	if (!(vmread(VMCS_GUEST_CR4) & X86_CR4_OSXSAVE)) {
		vcpu_inject_exception(X86_VEC_UD, false);
		return true;
	}
	if (vcpu_cpl() != 0 || low32(r->rcx) != 0 || !vmx_xcr0_valid(value, supported)) {
		vcpu_inject_exception(X86_VEC_GP, true);
		return true;
	}
	/* XCR0 is shared with the guest; the host's CR4 need not have OSXSAVE. */
	write_cr4(host_cr4 | X86_CR4_OSXSAVE);
	__asm__ volatile("xsetbv" : : "a"(low32(value)), "d"((uint32_t)(value >> 32)), "c"(0));
	write_cr4(host_cr4);
	vcpu_skip_instruction(core);
	return true;
}

/* ---- INVD and the VMX instructions ---------------------------------------- */

/* INVD would drop the hypervisor's own dirty lines too: write them back instead. */
bool vmx_handle_invd(struct vmx_core *core, struct vmx_gprs *r)
{
	(void)r;
	__asm__ volatile("wbinvd" ::: "memory");
	vcpu_skip_instruction(core);
	return true;
}

/* The guest sees no VMX (CPUID.1:ECX[5] clear): the instructions are #UD. */
bool vmx_handle_vmx_instruction(struct vmx_core *core, struct vmx_gprs *r)
{
	(void)core;
	(void)r;
	vcpu_inject_exception(X86_VEC_UD, false);
	return true;
}

/* ---- The default table ----------------------------------------------------- */

static const vmx_exit_handler vmx_default_exits[VMX_EXIT_REASON_COUNT] = {
	[VMX_EXIT_CPUID] = vmx_handle_cpuid,
	[VMX_EXIT_VMCALL] = vmx_handle_vmcall,
	[VMX_EXIT_RDMSR] = vmx_handle_rdmsr,
	[VMX_EXIT_WRMSR] = vmx_handle_wrmsr,
	[VMX_EXIT_CR_ACCESS] = vmx_handle_cr_access,
	[VMX_EXIT_XSETBV] = vmx_handle_xsetbv,
	[VMX_EXIT_INVD] = vmx_handle_invd,
	[VMX_EXIT_GETSEC] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMCLEAR] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMLAUNCH] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMPTRLD] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMPTRST] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMREAD] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMRESUME] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMWRITE] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMXOFF] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMXON] = vmx_handle_vmx_instruction,
	[VMX_EXIT_INVEPT] = vmx_handle_vmx_instruction,
	[VMX_EXIT_INVVPID] = vmx_handle_vmx_instruction,
	[VMX_EXIT_VMFUNC] = vmx_handle_vmx_instruction,
};

void vmx_kind_complete(struct vmx_guest_kind *kind)
{
	for (unsigned reason = 0; reason < VMX_EXIT_REASON_COUNT; reason++)
		if (!kind->exits[reason])
			kind->exits[reason] = vmx_default_exits[reason];
}
