/*
 * What the kernel, now a guest, checks about the hypervisor below it: the
 * signature, the hypercalls, and that the exits it provokes come back as a
 * processor without VMX would answer them (README, "Hypercalls").  Each
 * check that fails is named in guest-error.
 */
#include <string.h>
#include "arch/x86/guests/hyperjack_internal.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/trap.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/xcr0.h"

struct checks {
	struct vmx_core *core;
	unsigned failed;
};

static void check(struct checks *c, bool ok, const char *name)
{
	if (ok)
		return;
	kprintf("vmx: cpu %u as a guest: check %s failed\n", vmx_core_cpu(c->core)->index, name);
	if (!c->failed++) {
		c->core->hyperjack->cause = VMX_CAUSE_GUEST_CHECK_FAILED;
		c->core->hyperjack->error = name;
	}
}

static void read_signature(struct vmx_guest *g)
{
	struct cpuid_regs r = cpuid(0x40000000u, 0);

	memcpy(g->signature, &r.ebx, 4);
	memcpy(g->signature + 4, &r.ecx, 4);
	memcpy(g->signature + 8, &r.edx, 4);
	g->signature[VMX_SIGNATURE_LEN] = '\0';
	for (int i = 0; i < VMX_SIGNATURE_LEN; i++)
		if (g->signature[i] < 0x20 || g->signature[i] > 0x7e || g->signature[i] == '"')
			g->signature[i] = '?';
}

static void check_cpuid_and_hypercalls(struct checks *c)
{
	struct vmx_guest *g = c->core->hyperjack;
	struct cpuid_regs leaf1 = cpuid(1, 0);
	uint64_t rbx = 0, all;

	read_signature(g);
	check(c, strcmp(g->signature, vmx_signature) == 0, "cpuid-signature");
	check(c, leaf1.ecx & X86_CPUID_01H_ECX_HYPERVISOR, "cpuid-hypervisor-bit");
	check(c, !(leaf1.ecx & X86_CPUID_01H_ECX_VMX), "cpuid-vmx-hidden");
	g->hypercall_version = vmx_hypercall(VMX_HC_VERSION, &rbx);
	check(c, g->hypercall_version == VMX_HC_INTERFACE_VERSION, "hypercall-version");
	rbx = VMX_EXIT_CPUID;
	all = vmx_hypercall(VMX_HC_EXIT_COUNTS, &rbx);
	check(c, all >= 4 && rbx >= 2, "hypercall-exit-counts"); /* 2 CPUIDs, 2 VMCALLs */
	rbx = 0;
	check(c, vmx_hypercall(0xdead, &rbx) == VMX_HC_UNKNOWN, "hypercall-unknown-function");
}

/* The guest sees VMX as firmware that disabled it would leave it. */
static void check_msrs(struct checks *c)
{
	uint64_t value = 0;

	check(c,
	      rdmsr_catch(MSR_IA32_FEATURE_CONTROL, &value) == TRAP_NONE &&
		      value == IA32_FEATURE_CONTROL_LOCK,
	      "feature-control-reads-locked-off");
	check(c, wrmsr_catch(MSR_IA32_FEATURE_CONTROL, IA32_FEATURE_CONTROL_LOCK) == X86_VEC_GP,
	      "feature-control-write-gp");
	check(c, rdmsr_catch(MSR_IA32_VMX_BASIC, &value) == X86_VEC_GP, "vmx-basic-read-gp");
}

static void write_cr4_now(void *arg)
{
	write_cr4(*(uint64_t *)arg);
}

static void check_cr4_and_vmx_instructions(struct checks *c)
{
	uint64_t cr4 = read_cr4(), with_vmxe = cr4 | X86_CR4_VMXE;

	check(c, !(cr4 & X86_CR4_VMXE), "cr4-vmxe-hidden");
	check(c, trap_catch(write_cr4_now, &with_vmxe, NULL) == X86_VEC_GP, "cr4-vmxe-set-gp");
	check(c, read_cr4() == cr4, "cr4-unchanged");
	check(c, vmx_try_vmxoff() == VMX_OUTCOME_UD, "vmxoff-ud");
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static void xsetbv_now(void *arg)
{
	uint64_t v = *(uint64_t *)arg;
	__asm__ volatile("xsetbv" : : "a"((uint32_t)v), "d"((uint32_t)(v >> 32)), "c"(0));
}

/* XSETBV where the processor has XSAVE: a good value is set, bad ones get #GP. */
static void check_xsetbv(struct checks *c)
{
	uint64_t cr4 = read_cr4(), xcr0, good = XCR0_X87 | XCR0_SSE,
		 avx_alone = XCR0_X87 | XCR0_AVX;
	uint64_t none = 0;

	if (!(cpuid(1, 0).ecx & X86_CPUID_01H_ECX_XSAVE))
		return;
	write_cr4(cr4 | X86_CR4_OSXSAVE);
	xcr0 = xgetbv0();
	check(c, trap_catch(xsetbv_now, &good, NULL) == TRAP_NONE && xgetbv0() == good,
	      "xsetbv-valid");
	check(c, trap_catch(xsetbv_now, &avx_alone, NULL) == X86_VEC_GP,
	      "xsetbv-avx-without-sse-gp");
	check(c, trap_catch(xsetbv_now, &none, NULL) == X86_VEC_GP, "xsetbv-without-x87-gp");
	trap_catch(xsetbv_now, &xcr0, NULL);
	write_cr4(cr4);
}

void hyperjack_checks(struct vmx_core *core)
{
	struct checks c = { core, 0 };

	check_cpuid_and_hypercalls(&c);
	check_msrs(&c);
	check_cr4_and_vmx_instructions(&c);
	check_xsetbv(&c);
}
