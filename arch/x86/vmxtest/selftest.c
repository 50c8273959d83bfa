/*
 * VMXON's and VMXOFF's documented failures, provoked one at a time (Intel
 * SDM Vol. 3C section 31.3, "VMXON" and "VMXOFF" operation pseudo-code).
 * Each test sets the machine up, tries the instruction and puts everything
 * back, so the tests are independent and the kernel runs on afterwards.
 */
#include "arch/x86/vmxtest/selftest.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/cpu.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "arch/x86/trap.h"
#include "include/x86/vmx_defs.h"
#include "arch/x86/console.h"
#include "lib/printf.h"

/* CR bits long mode will not let go of: clearing them is #GP at MOV CR itself. */
#define CR0_HELD_IN_LONG_MODE (X86_CR0_PE | X86_CR0_PG)
#define CR4_HELD_IN_LONG_MODE X86_CR4_PAE
#define CR_BITS_TESTED	      32

struct selftest {
	struct vmx_core *core;
	uint64_t cr0, cr4; /* the adjusted values VMXON accepts */
	struct vmx_selftest_counts tally;
};

static void pass_or_fail(struct selftest *t, const char *name, enum vmx_outcome want,
			 enum vmx_outcome got)
{
	selftest_check(&t->tally, name, got == want, "expected %s, got %s", vmx_outcome_name(want),
		       vmx_outcome_name(got));
}

static void skip(struct selftest *t, const char *name, const char *why)
{
	selftest_skip(&t->tally, name, why);
}

/* An unexpected success leaves VMX operation again so the next test starts clean. */
static void leave_if_entered(enum vmx_outcome got)
{
	if (got == VMX_OUTCOME_SUCCESS)
		vmx_try_vmxoff();
}

static void restore(const struct selftest *t)
{
	write_cr0(t->cr0);
	write_cr4(t->cr4);
}

struct cr_write {
	int cr;
	uint64_t value;
};

static void do_cr_write(void *arg)
{
	struct cr_write *w = arg;
	if (w->cr == 0)
		write_cr0(w->value);
	else
		write_cr4(w->value);
}

static bool try_cr_write(int cr, uint64_t value)
{
	struct cr_write w = { cr, value };
	return trap_catch(do_cr_write, &w, NULL) == TRAP_NONE;
}

static enum vmx_outcome vmxon_now(const struct selftest *t, uint64_t region)
{
	enum vmx_outcome got = vmx_try_vmxon(region);
	leave_if_entered(got);
	restore(t);
	return got;
}

static void test_vmxon_valid(struct selftest *t)
{
	enum vmx_outcome got = vmx_try_vmxon(t->core->vmxon_phys);
	pass_or_fail(t, "vmxon-valid", VMX_OUTCOME_SUCCESS, got);
	if (got == VMX_OUTCOME_SUCCESS)
		pass_or_fail(t, "vmxoff-valid", VMX_OUTCOME_SUCCESS, vmx_try_vmxoff());
	restore(t);
}

static void test_vmxe_clear(struct selftest *t)
{
	write_cr4(t->cr4 & ~X86_CR4_VMXE);
	pass_or_fail(t, "vmxon-cr4-vmxe-clear", VMX_OUTCOME_UD, vmxon_now(t, t->core->vmxon_phys));
}

/*
 * One CR bit flipped against what FIXED0/FIXED1 demand: VMXON must #GP.
 * Returns false, testing nothing, when the flip itself is impossible.
 */
static bool test_cr_bit(struct selftest *t, int cr, unsigned bit, bool must_be_1)
{
	uint64_t base = cr == 0 ? t->cr0 : t->cr4;
	uint64_t held = cr == 0 ? CR0_HELD_IN_LONG_MODE : CR4_HELD_IN_LONG_MODE;
	uint64_t flipped = must_be_1 ? base & ~(1ull << bit) : base | (1ull << bit);
	char name[48];

	if (must_be_1 && (held & (1ull << bit)))
		return false;
	if (!try_cr_write(cr, flipped)) {
		restore(t);
		return false;
	}
	ksnprintf(name, sizeof(name), "vmxon-cr%d-bit%u-%s", cr, bit, must_be_1 ? "clear" : "set");
	pass_or_fail(t, name, VMX_OUTCOME_GP, vmxon_now(t, t->core->vmxon_phys));
	return true;
}

/* The bits no test could flip are reported together, with why. */
static void skip_unflippable(struct selftest *t, int cr, const char *what, uint64_t bits,
			     const char *why)
{
	char name[48], list[160];
	size_t used = 0;

	if (!bits)
		return;
	for (unsigned bit = 0; bit < CR_BITS_TESTED; bit++)
		if (bits & (1ull << bit))
			used += ksnprintf(list + used,
					  used < sizeof(list) ? sizeof(list) - used : 0, "%s%u",
					  used ? "," : "", bit);
	ksnprintf(name, sizeof(name), "vmxon-cr%d-%s", cr, what);
	ksnprintf(list + used, used < sizeof(list) ? sizeof(list) - used : 0, ": %s", why);
	selftest_skip(&t->tally, name, list);
}

static void test_fixed_bits(struct selftest *t, int cr, uint64_t fixed0, uint64_t fixed1)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(fixed0, fixed1);
	uint64_t vmxe = cr == 4 ? X86_CR4_VMXE : 0; /* VMXE clear is the #UD test */
	uint64_t held = 0, refused = 0;

	for (unsigned bit = 0; bit < CR_BITS_TESTED; bit++) {
		uint64_t b = 1ull << bit;
		if ((m.must_be_1 & ~vmxe) & b) {
			if (!test_cr_bit(t, cr, bit, true))
				held |= b;
		} else if (m.must_be_0 & b) {
			if (!test_cr_bit(t, cr, bit, false))
				refused |= b;
		}
	}
	skip_unflippable(t, cr, "must-be-1-bits-clear", held,
			 "long mode requires them, so they cannot be cleared");
	skip_unflippable(t, cr, "must-be-0-bits-set", refused,
			 "the processor refuses them in the register itself, #GP on MOV CR");
}

static void test_region_faults(struct selftest *t)
{
	uint32_t *region = (uint32_t *)(uintptr_t)t->core->vmxon_phys;
	uint8_t width = t->core->assessment.phys_addr_bits;

	pass_or_fail(t, "vmxon-unaligned-region", VMX_OUTCOME_FAIL_INVALID,
		     vmxon_now(t, t->core->vmxon_phys + 0x800));

	region[0] ^= 1;
	pass_or_fail(t, "vmxon-wrong-revision", VMX_OUTCOME_FAIL_INVALID,
		     vmxon_now(t, t->core->vmxon_phys));
	region[0] ^= 1;

	if (width == 0 || width >= 64)
		skip(t, "vmxon-beyond-physical-width", "the physical-address width is unknown");
	else
		pass_or_fail(t, "vmxon-beyond-physical-width", VMX_OUTCOME_FAIL_INVALID,
			     vmxon_now(t, 1ull << width));
}

static void test_root_operation(struct selftest *t)
{
	enum vmx_outcome first = vmx_try_vmxon(t->core->vmxon_phys);

	if (first != VMX_OUTCOME_SUCCESS) {
		skip(t, "vmxon-in-vmx-root", "the first VMXON did not succeed");
	} else {
		/* No current VMCS yet, so the failure is VMfailInvalid (SDM 3C 31.3 VMXON). */
		enum vmx_outcome second = vmx_try_vmxon(t->core->vmxon_phys);
		pass_or_fail(t, "vmxon-in-vmx-root", VMX_OUTCOME_FAIL_INVALID, second);
		vmx_try_vmxoff();
	}
	restore(t);
	pass_or_fail(t, "vmxoff-outside-vmx", VMX_OUTCOME_UD, vmx_try_vmxoff());
}

static void test_feature_control(struct selftest *t)
{
	uint64_t fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	uint64_t vector;

	selftest_check(&t->tally, "feature-control-locked-enabled",
		       (fc & IA32_FEATURE_CONTROL_LOCK) &&
			       (fc & IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX),
		       "expected lock and VMX-outside-SMX set, got 0x%lx", (unsigned long)fc);
	vector = wrmsr_catch(MSR_IA32_FEATURE_CONTROL, fc);
	pass_or_fail(t, "feature-control-write-when-locked", VMX_OUTCOME_GP,
		     vector == X86_VEC_GP  ? VMX_OUTCOME_GP
		     : vector == TRAP_NONE ? VMX_OUTCOME_SUCCESS
					   : VMX_OUTCOME_OTHER_FAULT);
	skip(t, "feature-control-locked-off",
	     "the lock bit clears only on a power-on reset, so a VMX-enabled lock cannot be undone to test it");
	skip(t, "vmxon-inside-smx", "entering SMX needs GETSEC[SENTER] and a signed SINIT module");
}

/* The VMCS tests need VMX root operation, which the ones above leave again. */
static void test_vmcs(struct selftest *t)
{
	if (vmx_try_vmxon(t->core->vmxon_phys) != VMX_OUTCOME_SUCCESS) {
		skip(t, "vmcs-tests", "VMXON failed, so no VMCS can be tried");
		restore(t);
		return;
	}
	vmx_selftest_vmcs(t->core, &t->tally);
	vmx_try_vmxoff();
	restore(t);
}

unsigned vmx_selftest_run(struct cpu *cpu)
{
	struct vmx_core *core = &cpu->vmx;
	struct selftest t = { .core = core };
	const struct vmx_msr_snapshot *c = &core->caps;

	kprintf("vmx self-tests on cpu %u\n", cpu->index);
	if (core->assessment.verdict != VMX_OK || !core->vmxon_phys) {
		skip(&t, "all", "VMX is not usable on this processor (see its cpu line)");
		kprintf("SUMMARY: %u tests, %u failures, %u skipped\n", t.tally.run, t.tally.failed,
			t.tally.skipped);
		return 0;
	}
	t.cr0 = vmx_adjust_cr(read_cr0(), c->cr0_fixed0, c->cr0_fixed1);
	t.cr4 = vmx_adjust_cr(read_cr4() | X86_CR4_VMXE, c->cr4_fixed0, c->cr4_fixed1);
	uint64_t cr0_entry = read_cr0(), cr4_entry = read_cr4();
	restore(&t);

	test_vmxon_valid(&t);
	test_vmxe_clear(&t);
	test_fixed_bits(&t, 0, c->cr0_fixed0, c->cr0_fixed1);
	test_fixed_bits(&t, 4, c->cr4_fixed0, c->cr4_fixed1);
	test_region_faults(&t);
	test_root_operation(&t);
	test_feature_control(&t);
	test_vmcs(&t);

	write_cr0(cr0_entry);
	write_cr4(cr4_entry);
	kprintf("SUMMARY: %u tests, %u failures, %u skipped\n", t.tally.run, t.tally.failed,
		t.tally.skipped);
	return t.tally.failed;
}
