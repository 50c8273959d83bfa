/*
 * Tests for lib/vmx/caps.c on capability values decoded by hand from
 * the SDM (Vol. 3D Appendix A).
 *
 * The Skylake-like processor: IA32_VMX_BASIC = 00DA1000_00000004H, i.e.
 * revision 4; bits 44:32 = 1000H = 4096 bytes; the high dword 00DA1000H
 * has bit 17 (bit 49, dual monitor), bits 21:18 = 0110b (bits 53:50, WB),
 * bit 22 (54, INS/OUTS info) and bit 23 (55, TRUE controls).
 * PROCBASED allowed-1 = FFF9FFFEH: bit 31 (secondary controls) set, bit 17
 * (tertiary) clear.  PROCBASED2 allowed-1 = 001FFCFFH: bits 0-7 and 10-20,
 * so EPT (1), VPID (5) and VM functions (13) but no APICv (8, 9).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "lib/host/vmx_controls.h"
#include "lib/host/vmx_dump.h"
#include "lib/vmx/caps.h"
#include "include/x86/vmx_defs.h"

#define SKYLAKE_BASIC	   0x00da100000000004ull
#define SKYLAKE_PROCBASED  0xfff9fffe0401e172ull
#define SKYLAKE_PROCBASED2 0x001ffcff00000000ull
#define SKYLAKE_CR0_FIXED0 0x0000000080000021ull
#define SKYLAKE_CR0_FIXED1 0x00000000ffffffffull
#define SKYLAKE_CR4_FIXED0 0x0000000000002000ull
#define SKYLAKE_CR4_FIXED1 0x00000000003767ffull
#define ALL_FIELDS	   ((1u << VMX_SNAP_NR_FIELDS) - 1)

static struct vmx_msr_snapshot skylake(void)
{
	struct vmx_msr_snapshot s;

	vmx_snapshot_init(&s);
	memcpy(s.cpuid_vendor, "GenuineIntel", 12);
	s.cpuid_01h_ecx = 0x7ffafbffu; /* VMX and SMX */
	s.cpuid_max_ext_leaf = 0x80000008u;
	s.cpuid_80000008h_eax = 0x00003027u; /* 39 physical bits */
	s.feature_control = 0x5;	     /* locked, VMX outside SMX */
	s.basic = SKYLAKE_BASIC;
	s.pinbased = 0x0000007f00000016ull;
	s.procbased = SKYLAKE_PROCBASED;
	s.exit = 0x01ffffff00036dffull;
	s.entry = 0x0003ffff000011ffull;
	s.misc = 0x000000007004c1e7ull;
	s.cr0_fixed0 = SKYLAKE_CR0_FIXED0;
	s.cr0_fixed1 = SKYLAKE_CR0_FIXED1;
	s.cr4_fixed0 = SKYLAKE_CR4_FIXED0;
	s.cr4_fixed1 = SKYLAKE_CR4_FIXED1;
	s.vmcs_enum = 0x2e;
	s.procbased2 = SKYLAKE_PROCBASED2;
	s.ept_vpid_cap = 0x00000f0106734141ull;
	s.true_pinbased = 0x0000007f00000016ull;
	s.true_procbased = 0xfff9fffe04006172ull; /* CR3 exits optional */
	s.true_exit = 0x01ffffff00036dfbull;
	s.true_entry = 0x0003ffff000011fbull;
	s.vmfunc = 0x1;
	s.have = ALL_FIELDS;
	return s;
}

static void drop(struct vmx_msr_snapshot *s, enum vmx_snap_field f)
{
	s->have &= ~VMX_HAVE(f);
}

static struct vmx_assessment assess(const struct vmx_msr_snapshot *s)
{
	struct vmx_assessment a;

	vmx_assess(s, &a);
	return a;
}

/* ---- vmx_msr_exists ----------------------------------------------------- */

static void test_exists_skylake(void **state)
{
	struct vmx_msr_snapshot s = skylake();
	uint32_t msr;

	(void)state;
	assert_true(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
	for (msr = MSR_IA32_VMX_BASIC; msr <= MSR_IA32_VMX_VMFUNC; msr++)
		assert_true(vmx_msr_exists(&s, msr));
	/* Tertiary controls: PROCBASED allowed-1 bit 17 is clear. */
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS3));
	/* Not a capability MSR: not this module's to vouch for. */
	assert_false(vmx_msr_exists(&s, MSR_IA32_EFER));
}

static void test_exists_without_cpuid(void **state)
{
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	assert_false(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_BASIC));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
}

static void test_exists_needs_cpuid_vmx(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	s.cpuid_01h_ecx &= ~X86_CPUID_01H_ECX_VMX;
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_BASIC));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_CR4_FIXED1));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_EXIT_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	/* SMX alone still makes IA32_FEATURE_CONTROL exist. */
	assert_true(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
	s.cpuid_01h_ecx &= ~X86_CPUID_01H_ECX_SMX;
	assert_false(vmx_msr_exists(&s, MSR_IA32_FEATURE_CONTROL));
}

static void test_exists_true_ctls_need_basic_bit55(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	s.basic &= ~(1ull << 55);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_PINBASED_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_PROCBASED_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_EXIT_CTLS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_ENTRY_CTLS));
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_PINBASED_CTLS));
	drop(&s, VMX_SNAP_BASIC);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_TRUE_PINBASED_CTLS));
}

static void test_exists_secondary_chain(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	/* Without "activate secondary controls" (allowed-1 bit 31 = 63). */
	s.procbased &= ~(1ull << 63);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_VMFUNC));

	/* PROCBASED unread: nothing that depends on it may be read. */
	s = skylake();
	drop(&s, VMX_SNAP_PROCBASED);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_MISC));
}

static void test_exists_ept_vpid_cap_rules(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	/* VPID alone (bit 37 of PROCBASED_CTLS2) is enough. */
	s.procbased2 &= ~(1ull << (32 + VMX_PROC2_ENABLE_EPT));
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	s.procbased2 &= ~(1ull << (32 + VMX_PROC2_ENABLE_VPID));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	/* EPT alone (bit 33) too. */
	s.procbased2 |= 1ull << (32 + VMX_PROC2_ENABLE_EPT);
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
	/* VMFUNC needs bit 45 ("enable VM functions"). */
	s.procbased2 &= ~(1ull << (32 + VMX_PROC2_ENABLE_VM_FUNCTIONS));
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_VMFUNC));
	drop(&s, VMX_SNAP_PROCBASED2);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_EPT_VPID_CAP));
}

static void test_exists_tertiary(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	s.procbased |= 1ull << (32 + VMX_PROC_ACTIVATE_TERTIARY_CONTROLS);
	assert_true(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS3));
}

/* ---- vmx_assess --------------------------------------------------------- */

static void test_assess_skylake(void **state)
{
	struct vmx_msr_snapshot s = skylake();
	struct vmx_assessment a = assess(&s);

	(void)state;
	assert_int_equal(a.verdict, VMX_OK);
	assert_string_equal(vmx_cause_name(a.reason), "vmx-usable");
	assert_int_equal(a.revision, 4);
	assert_int_equal(a.region_size, 4096);
	assert_false(a.addr32);
	assert_true(a.true_ctls);
	assert_int_equal(a.phys_addr_bits, 39);
}

/* Bit 55 clear: 005A1000_00000004H, still usable, no TRUE controls. */
static void test_assess_without_true_ctls(void **state)
{
	struct vmx_msr_snapshot s = skylake();
	struct vmx_assessment a;

	(void)state;
	s.basic = 0x005a100000000004ull;
	a = assess(&s);
	assert_int_equal(a.verdict, VMX_OK);
	assert_false(a.true_ctls);
	assert_int_equal(a.region_size, 4096);
}

/* Bit 48 (high dword bit 16): 00DB1000_00000004H. */
static void test_assess_addr32(void **state)
{
	struct vmx_msr_snapshot s = skylake();
	struct vmx_assessment a;

	(void)state;
	s.basic = 0x00db100000000004ull;
	a = assess(&s);
	assert_int_equal(a.verdict, VMX_OK);
	assert_true(a.addr32);
}

static void test_assess_region_2048(void **state)
{
	struct vmx_msr_snapshot s = skylake();
	struct vmx_assessment a;

	(void)state;
	s.basic = 0x00da080000000004ull;
	a = assess(&s);
	assert_int_equal(a.verdict, VMX_OK);
	assert_int_equal(a.region_size, 2048);
}

static void expect_unusable(uint64_t basic, const char *reason)
{
	struct vmx_msr_snapshot s = skylake();
	struct vmx_assessment a;

	s.basic = basic;
	a = assess(&s);
	assert_int_equal(a.verdict, VMX_UNUSABLE);
	assert_string_equal(vmx_cause_name(a.reason), reason);
}

static void test_assess_region_size_bounds(void **state)
{
	(void)state;
	/* Bits 44:32 = 0, 4097 and 8191 (the widest the field holds). */
	expect_unusable(0x00da000000000004ull, "region-size-invalid");
	expect_unusable(0x00da100100000004ull, "region-size-invalid");
	expect_unusable(0x00da1fff00000004ull, "region-size-invalid");
}

static void test_assess_memory_type(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	/* Bits 53:50 = 0 (UC): high dword 00C21000H. */
	expect_unusable(0x00c2100000000004ull, "memtype-not-wb");
	/* A reserved type, 5: bits 21:18 of the high dword = 0101b. */
	expect_unusable(0x00d6100000000004ull, "memtype-not-wb");
	s.basic = 0x00c2100000000004ull;
	assert_int_equal(assess(&s).region_size, 4096);
}

static void test_assess_bit31(void **state)
{
	(void)state;
	expect_unusable(0x00da100080000004ull, "basic-bit31-set");
}

static void expect_fc(uint64_t fc, enum vmx_verdict verdict, const char *reason)
{
	struct vmx_msr_snapshot s = skylake();
	struct vmx_assessment a;

	s.feature_control = fc;
	a = assess(&s);
	assert_int_equal(a.verdict, verdict);
	assert_string_equal(vmx_cause_name(a.reason), reason);
}

static void test_assess_feature_control(void **state)
{
	(void)state;
	expect_fc(0x0, VMX_OK, "vmx-usable"); /* unlocked */
	expect_fc(0x6, VMX_OK, "vmx-usable"); /* unlocked, set */
	expect_fc(0x5, VMX_OK, "vmx-usable"); /* locked on */
	expect_fc(0x7, VMX_OK, "vmx-usable");
	expect_fc(0x100005, VMX_OK, "vmx-usable"); /* and LMCE */
	expect_fc(0x1, VMX_DISABLED_BY_FIRMWARE, "feature-control-locked-off");
	expect_fc(0x100001, VMX_DISABLED_BY_FIRMWARE, "feature-control-locked-off");
	expect_fc(0x3, VMX_DISABLED_BY_FIRMWARE, "feature-control-smx-only");
}

static void test_assess_amd(void **state)
{
	struct vmx_msr_snapshot s;
	struct vmx_assessment a;

	(void)state;
	vmx_snapshot_init(&s);
	memcpy(s.cpuid_vendor, "AuthenticAMD", 12);
	s.cpuid_01h_ecx = 0x7ed8320bu; /* an EPYC: no VMX bit */
	s.have = VMX_HAVE(VMX_SNAP_CPUID_VENDOR) | VMX_HAVE(VMX_SNAP_CPUID_01H_ECX);
	a = assess(&s);
	assert_int_equal(a.verdict, VMX_UNSUPPORTED);
	assert_string_equal(vmx_cause_name(a.reason), "amd-svm-not-supported");
	/* An AMD guest is still AMD: nested VT-x will not appear. */
	s.cpuid_01h_ecx |= X86_CPUID_01H_ECX_HYPERVISOR;
	assert_string_equal(vmx_cause_name(assess(&s).reason), "amd-svm-not-supported");
}

static void test_assess_intel_without_vmx(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	s.cpuid_01h_ecx &= ~X86_CPUID_01H_ECX_VMX;
	assert_int_equal(assess(&s).verdict, VMX_UNSUPPORTED);
	assert_string_equal(vmx_cause_name(assess(&s).reason), "no-vmx-cpuid");
	s.cpuid_01h_ecx |= X86_CPUID_01H_ECX_HYPERVISOR;
	assert_string_equal(vmx_cause_name(assess(&s).reason), "no-vmx-cpuid-hypervisor");
	/* Without a vendor string, the CPUID bit alone decides. */
	drop(&s, VMX_SNAP_CPUID_VENDOR);
	assert_int_equal(assess(&s).verdict, VMX_UNSUPPORTED);
}

static void test_assess_missing_data(void **state)
{
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(assess(&s).verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(assess(&s).reason), "no-cpuid-data");

	s = skylake();
	drop(&s, VMX_SNAP_FEATURE_CONTROL);
	assert_int_equal(assess(&s).verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(assess(&s).reason), "no-feature-control-data");
	assert_int_equal(assess(&s).revision, 4); /* still decoded */

	s = skylake();
	drop(&s, VMX_SNAP_BASIC);
	assert_int_equal(assess(&s).verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(assess(&s).reason), "no-vmx-basic-data");
	assert_int_equal(assess(&s).revision, 0);
	assert_int_equal(assess(&s).region_size, 0);
}

/* A conclusive finding beats a missing value. */
static void test_assess_precedence(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	s.feature_control = 0x1;
	s.basic = 0x00da000000000004ull; /* region size 0 */
	assert_int_equal(assess(&s).verdict, VMX_UNUSABLE);
	drop(&s, VMX_SNAP_BASIC);
	assert_int_equal(assess(&s).verdict, VMX_DISABLED_BY_FIRMWARE);
	s = skylake();
	s.basic = 0x00da000000000004ull;
	drop(&s, VMX_SNAP_FEATURE_CONTROL);
	assert_int_equal(assess(&s).verdict, VMX_UNUSABLE);
}

static void test_assess_phys_addr_bits(void **state)
{
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	s.cpuid_max_ext_leaf = 0x80000004u; /* 80000008H not valid */
	assert_int_equal(assess(&s).phys_addr_bits, 0);
	drop(&s, VMX_SNAP_CPUID_MAX_EXT_LEAF); /* a dump may omit it */
	assert_int_equal(assess(&s).phys_addr_bits, 39);
	drop(&s, VMX_SNAP_CPUID_80000008H_EAX);
	assert_int_equal(assess(&s).phys_addr_bits, 0);
}

static void test_verdict_names(void **state)
{
	(void)state;
	assert_string_equal(vmx_verdict_name(VMX_OK), "ok");
	assert_string_equal(vmx_verdict_name(VMX_UNSUPPORTED), "unsupported");
	assert_string_equal(vmx_verdict_name(VMX_DISABLED_BY_FIRMWARE), "disabled-by-firmware");
	assert_string_equal(vmx_verdict_name(VMX_UNUSABLE), "unusable");
	assert_string_equal(vmx_verdict_name(VMX_UNKNOWN), "unknown");
	assert_string_equal(vmx_verdict_name((enum vmx_verdict)42), "unknown");
}

/* ---- IA32_FEATURE_CONTROL plan ----------------------------------------- */

static void test_fc_plan(void **state)
{
	uint64_t next = 0xdead;

	(void)state;
	assert_int_equal(vmx_feature_control_plan(0x5, false, &next), FC_READY);
	assert_true(next == 0x5);
	assert_int_equal(vmx_feature_control_plan(0x7, true, &next), FC_READY);
	assert_int_equal(vmx_feature_control_plan(0x1, true, &next), FC_LOCKED_OFF);
	assert_true(next == 0x1);
	assert_int_equal(vmx_feature_control_plan(0x3, true, &next), FC_LOCKED_OFF);

	/* Unlocked: enable outside SMX, inside SMX only with SMX, lock. */
	assert_int_equal(vmx_feature_control_plan(0x0, false, &next), FC_WRITE);
	assert_true(next == 0x5);
	assert_int_equal(vmx_feature_control_plan(0x0, true, &next), FC_WRITE);
	assert_true(next == 0x7);
	/* Firmware's own unlocked choices (LMCE, bit 20) survive. */
	assert_int_equal(vmx_feature_control_plan(0x100000, false, &next), FC_WRITE);
	assert_true(next == 0x100005);
	assert_int_equal(vmx_feature_control_plan(0x0, true, NULL), FC_WRITE);
}

/* ---- CR fixed bits ------------------------------------------------------ */

static void test_cr0_fixed(void **state)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1);
	uint64_t cr0 = X86_CR0_PE | X86_CR0_ET;

	(void)state;
	assert_true(m.must_be_1 == (X86_CR0_PE | X86_CR0_NE | X86_CR0_PG));
	assert_true(m.must_be_0 == 0xffffffff00000000ull);
	assert_false(vmx_cr_allowed(cr0, SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1));
	cr0 = vmx_adjust_cr(cr0, SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1);
	assert_true(cr0 == 0x80000031ull);
	assert_true(vmx_cr_allowed(cr0, SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1));
	assert_false(vmx_cr_allowed(cr0 | (1ull << 32), SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1));
	assert_true(vmx_adjust_cr(cr0 | (1ull << 32), SKYLAKE_CR0_FIXED0, SKYLAKE_CR0_FIXED1) ==
		    cr0);
}

static void test_cr4_fixed(void **state)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1);
	uint64_t cr4 = X86_CR4_PAE | X86_CR4_PGE | X86_CR4_PKE;

	(void)state;
	assert_true(m.must_be_1 == X86_CR4_VMXE);
	/* 003767FFH: bits 11 (UMIP), 12 (LA57), 19 (KL), 22 (PKE) fixed 0. */
	assert_true(m.must_be_0 & X86_CR4_UMIP);
	assert_true(m.must_be_0 & X86_CR4_LA57);
	assert_true(m.must_be_0 & X86_CR4_PKE);
	assert_false(m.must_be_0 & X86_CR4_SMAP);
	assert_false(vmx_cr_allowed(cr4, SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1));
	cr4 = vmx_adjust_cr(cr4, SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1);
	assert_true(cr4 == (X86_CR4_PAE | X86_CR4_PGE | X86_CR4_VMXE));
	assert_true(vmx_cr_allowed(cr4, SKYLAKE_CR4_FIXED0, SKYLAKE_CR4_FIXED1));
}

/* ---- Control MSR helpers ------------------------------------------------ */

static void test_ctl_bits(void **state)
{
	const uint64_t pin = 0x0000007f00000016ull;

	(void)state;
	assert_true(vmx_ctl_allowed1(pin, VMX_PIN_EXTERNAL_INTERRUPT_EXITING));
	assert_false(vmx_ctl_must_be_1(pin, VMX_PIN_EXTERNAL_INTERRUPT_EXITING));
	assert_true(vmx_ctl_must_be_1(pin, 1)); /* default1 */
	assert_true(vmx_ctl_allowed1(pin, 1));
	assert_true(vmx_ctl_allowed1(pin, VMX_PIN_PREEMPTION_TIMER));
	/* 7FH: bit 7 (posted interrupts) clear, as on client parts. */
	assert_false(vmx_ctl_allowed1(pin, VMX_PIN_POSTED_INTERRUPTS));
	assert_false(vmx_ctl_allowed1(pin, 8));
	assert_false(vmx_ctl_allowed1(pin, 32)); /* not a control */
	assert_false(vmx_ctl_must_be_1(~0ull, 32));
	assert_false(vmx_ctl_allowed1(~0ull, 1000));
}

static void test_ctl_adjust(void **state)
{
	uint32_t want = VMX_CTL_BIT(VMX_PROC_HLT_EXITING) | VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS) |
			VMX_CTL_BIT(VMX_PROC_ACTIVATE_TERTIARY_CONTROLS);
	uint32_t got = vmx_ctl_adjust(SKYLAKE_PROCBASED, want);

	(void)state;
	/* Default1 bits forced on, tertiary (not allowed) dropped. */
	assert_true(got == (0x0401e172u | VMX_CTL_BIT(VMX_PROC_HLT_EXITING) |
			    VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |
			    VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS)));
	assert_true(vmx_ctl_missing(SKYLAKE_PROCBASED, want) ==
		    VMX_CTL_BIT(VMX_PROC_ACTIVATE_TERTIARY_CONTROLS));
	want = VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT) | VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST);
	assert_true(vmx_ctl_missing(SKYLAKE_PROCBASED2, want) == 0);
	assert_true(vmx_ctl_missing(SKYLAKE_PROCBASED2,
				    VMX_CTL_BIT(VMX_PROC2_VIRTUAL_INTERRUPT_DELIVERY)) ==
		    VMX_CTL_BIT(VMX_PROC2_VIRTUAL_INTERRUPT_DELIVERY));
}

static void test_snapshot_ctl_sources(void **state)
{
	struct vmx_msr_snapshot s = skylake();
	uint64_t ctl = 0;

	(void)state;
	/* TRUE_ wins: CR3-load exiting may be 0 there only. */
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED, &ctl));
	assert_true(ctl == s.true_procbased);
	assert_false(vmx_ctl_must_be_1(ctl, VMX_PROC_CR3_LOAD_EXITING));
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_ENTRY, &ctl));
	assert_true(ctl == s.true_entry);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	assert_true(ctl == SKYLAKE_PROCBASED2);

	/* No TRUE_ value in the snapshot: the original MSR. */
	drop(&s, VMX_SNAP_TRUE_PROCBASED);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED, &ctl));
	assert_true(ctl == SKYLAKE_PROCBASED);
	/* A TRUE_ value BASIC says cannot exist is ignored. */
	s = skylake();
	s.basic &= ~(1ull << 55);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_EXIT, &ctl));
	assert_true(ctl == s.exit);
	drop(&s, VMX_SNAP_EXIT);
	assert_false(vmx_snapshot_ctl(&s, VMX_CTL_EXIT, &ctl));
}

static void test_snapshot_ctl_secondary(void **state)
{
	struct vmx_msr_snapshot s = skylake();
	uint64_t ctl = 0xdead;

	(void)state;
	s.procbased &= ~(1ull << 63);
	assert_true(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	assert_true(ctl == 0);
	s = skylake();
	drop(&s, VMX_SNAP_PROCBASED2);
	assert_false(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	drop(&s, VMX_SNAP_PROCBASED);
	assert_false(vmx_snapshot_ctl(&s, VMX_CTL_PROCBASED2, &ctl));
	assert_false(vmx_snapshot_ctl(&s, (enum vmx_ctl_field)99, &ctl));
}

/* ---- Dump parsing ------------------------------------------------------- */

static void test_parse_good_lines(void **state)
{
	struct vmx_msr_snapshot s;
	const char *unknown = NULL;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(
		vmx_snapshot_parse_line(&s, "IA32_VMX_BASIC=0x00DA100000000004\n", &unknown), 0);
	assert_true(s.basic == SKYLAKE_BASIC);
	assert_true(vmx_snapshot_has(&s, VMX_SNAP_BASIC));
	assert_int_equal(
		vmx_snapshot_parse_line(&s, "  CPUID_01H_ECX = 0x7ffafbff  # a note\r\n", NULL), 0);
	assert_true(s.cpuid_01h_ecx == 0x7ffafbffu);
	assert_int_equal(vmx_snapshot_parse_line(&s, "IA32_FEATURE_CONTROL=5", NULL), 0);
	assert_true(s.feature_control == 5);
	assert_int_equal(vmx_snapshot_parse_line(&s, "IA32_VMX_VMFUNC=0xffffffffffffffff", NULL),
			 0);
	assert_true(s.vmfunc == UINT64_MAX);
	assert_int_equal(vmx_snapshot_parse_line(&s, "IA32_VMX_MISC=18446744073709551615", NULL),
			 0);
	assert_true(s.misc == UINT64_MAX);
	assert_int_equal(vmx_snapshot_parse_line(&s, "CPUID_VENDOR=GenuineIntel", NULL), 0);
	assert_string_equal(s.cpuid_vendor, "GenuineIntel");
	assert_int_equal(vmx_snapshot_parse_line(&s, "CPUID_VENDOR=\"  Shanghai  \"\n", NULL), 0);
	assert_string_equal(s.cpuid_vendor, "  Shanghai  ");
	assert_null(unknown);
}

static void test_parse_every_name(void **state)
{
	static const char *const names[] = {
		"CPUID_01H_ECX",
		"CPUID_80000000H_EAX",
		"CPUID_80000008H_EAX",
		"IA32_FEATURE_CONTROL",
		"IA32_VMX_BASIC",
		"IA32_VMX_PINBASED_CTLS",
		"IA32_VMX_PROCBASED_CTLS",
		"IA32_VMX_EXIT_CTLS",
		"IA32_VMX_ENTRY_CTLS",
		"IA32_VMX_MISC",
		"IA32_VMX_CR0_FIXED0",
		"IA32_VMX_CR0_FIXED1",
		"IA32_VMX_CR4_FIXED0",
		"IA32_VMX_CR4_FIXED1",
		"IA32_VMX_VMCS_ENUM",
		"IA32_VMX_PROCBASED_CTLS2",
		"IA32_VMX_EPT_VPID_CAP",
		"IA32_VMX_TRUE_PINBASED_CTLS",
		"IA32_VMX_TRUE_PROCBASED_CTLS",
		"IA32_VMX_TRUE_EXIT_CTLS",
		"IA32_VMX_TRUE_ENTRY_CTLS",
		"IA32_VMX_VMFUNC",
	};
	struct vmx_msr_snapshot s;
	char line[80];
	size_t i;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(vmx_snapshot_parse_line(&s, "CPUID_VENDOR=X", NULL), 0);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(line, sizeof(line), "%s=0x%zx", names[i], i + 1);
		assert_int_equal(vmx_snapshot_parse_line(&s, line, NULL), 0);
	}
	assert_true(s.have == ALL_FIELDS);
	assert_true(s.cpuid_01h_ecx == 1);
	assert_true(s.feature_control == 4);
	assert_true(s.procbased2 == 16);
	assert_true(s.vmfunc == 22);
}

static void test_parse_blank_and_comments(void **state)
{
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(vmx_snapshot_parse_line(&s, "", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, "\n", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, " \t\r\n", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, "# IA32_VMX_BASIC=1", NULL), 0);
	assert_int_equal(vmx_snapshot_parse_line(&s, "   # note", NULL), 0);
	assert_int_equal(s.have, 0);
}

static void test_parse_unknown_name(void **state)
{
	struct vmx_msr_snapshot s;
	const char *line = "  IA32_VMX_PROCBASED_CTLS3 = 0x1";
	const char *unknown = NULL;

	(void)state;
	vmx_snapshot_init(&s);
	assert_int_equal(vmx_snapshot_parse_line(&s, line, &unknown), VMX_PARSE_UNKNOWN_NAME);
	assert_ptr_equal(unknown, line + 2);
	assert_int_equal(vmx_dump_name_len(unknown), 24);
	/* Case matters, and an unknown name's value is not inspected. */
	assert_int_equal(vmx_snapshot_parse_line(&s, "ia32_vmx_basic=1", NULL),
			 VMX_PARSE_UNKNOWN_NAME);
	assert_int_equal(vmx_snapshot_parse_line(&s, "FOO=not a number", NULL),
			 VMX_PARSE_UNKNOWN_NAME);
	assert_int_equal(s.have, 0);
}

static void expect_parse(const char *line, int result)
{
	struct vmx_msr_snapshot s = skylake();
	struct vmx_msr_snapshot before = s;

	assert_int_equal(vmx_snapshot_parse_line(&s, line, NULL), result);
	/* A rejected line leaves the snapshot as it was. */
	assert_memory_equal(&s, &before, sizeof(s));
}

static void test_parse_malformed(void **state)
{
	(void)state;
	expect_parse("=0x1", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC 0x1", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=  # nothing", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=0x", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=0xZZ", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=12abc", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=0x12 junk", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC=-1", VMX_PARSE_MALFORMED);
	expect_parse("IA32_VMX_BASIC==1", VMX_PARSE_MALFORMED);
	expect_parse("-IA32_VMX_BASIC=1", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=\"GenuineIntel", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=\"\"", VMX_PARSE_MALFORMED);
	expect_parse("CPUID_VENDOR=Genuine Intel", VMX_PARSE_MALFORMED);
}

static void test_parse_out_of_range(void **state)
{
	(void)state;
	expect_parse("CPUID_01H_ECX=0x100000000", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("CPUID_01H_ECX=4294967296", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("IA32_VMX_BASIC=0x10000000000000000", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("IA32_VMX_BASIC=18446744073709551616", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("IA32_VMX_BASIC=99999999999999999999999999", VMX_PARSE_OUT_OF_RANGE);
	expect_parse("CPUID_VENDOR=GenuineIntel1", VMX_PARSE_OUT_OF_RANGE);
}

/* A dump with CPUID and BASIC only cannot conclude. */
static void test_parse_partial_dump(void **state)
{
	static const char *const dump[] = {
		"# partial: the msr module was missing",
		"CPUID_VENDOR=GenuineIntel",
		"CPUID_01H_ECX=0x7ffafbff",
		"IA32_VMX_BASIC=0x00da100000000004",
	};
	struct vmx_msr_snapshot s;
	struct vmx_assessment a;
	size_t i;

	(void)state;
	vmx_snapshot_init(&s);
	for (i = 0; i < sizeof(dump) / sizeof(dump[0]); i++)
		assert_int_equal(vmx_snapshot_parse_line(&s, dump[i], NULL), 0);
	a = assess(&s);
	assert_int_equal(a.verdict, VMX_UNKNOWN);
	assert_string_equal(vmx_cause_name(a.reason), "no-feature-control-data");
	assert_int_equal(a.region_size, 4096);
	assert_false(vmx_msr_exists(&s, MSR_IA32_VMX_PROCBASED_CTLS2));
}

/*
 * Fixed-seed random lines built from the characters the parser cares
 * about: results stay in range and ASan/UBSan see every path.
 */
static void test_parse_random_lines(void **state)
{
	static const char alphabet[] = "IA32_VMXBSICPUD0123456789abcdefxX"
				       "= \t#\"\r\n-\xc3\x89";
	static const char *const prefixes[] = {
		"",
		"IA32_VMX_BASIC=",
		"CPUID_VENDOR=",
		"CPUID_01H_ECX=0x",
		"IA32_VMX_MISC=",
		"CPUID_VENDOR=\"",
	};
	uint32_t seed = 12345;
	char line[64];
	unsigned i, j, n;

	(void)state;
	for (i = 0; i < 20000; i++) {
		struct vmx_msr_snapshot s;
		const char *unknown = NULL;
		size_t len;
		int r;

		vmx_snapshot_init(&s);
		seed = seed * 1103515245u + 12345u;
		len = (size_t)snprintf(line, sizeof(line), "%s", prefixes[(seed >> 16) % 6]);
		n = (seed >> 8) % 40;
		for (j = 0; j < n && len + 1 < sizeof(line); j++) {
			seed = seed * 1103515245u + 12345u;
			line[len++] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		line[len] = '\0';
		r = vmx_snapshot_parse_line(&s, line, &unknown);
		assert_true(r >= VMX_PARSE_OUT_OF_RANGE && r <= VMX_PARSE_UNKNOWN_NAME);
		assert_true((s.have & ~ALL_FIELDS) == 0);
		assert_true(r == VMX_PARSE_OK || s.have == 0);
		if (r == VMX_PARSE_UNKNOWN_NAME)
			assert_true(unknown >= line && unknown < line + len);
		assert_true(s.cpuid_vendor[12] == '\0');
	}
}

/* ---- Collecting through probe callbacks --------------------------------- */

struct fake_cpu {
	struct vmx_msr_snapshot values; /* what the "hardware" holds */
	bool msr_driver;		/* false: every RDMSR fails */
	unsigned reads;
	unsigned faults; /* reads of MSRs that do not exist */
};

static void fake_cpuid(void *ctx, uint32_t leaf, uint32_t subleaf, uint32_t r[4])
{
	const struct vmx_msr_snapshot *v = &((struct fake_cpu *)ctx)->values;

	(void)subleaf;
	memset(r, 0, 4 * sizeof(r[0]));
	if (leaf == 0) {
		r[0] = 0x16;
		memcpy(&r[1], v->cpuid_vendor, 4);     /* EBX */
		memcpy(&r[3], v->cpuid_vendor + 4, 4); /* EDX */
		memcpy(&r[2], v->cpuid_vendor + 8, 4); /* ECX */
	} else if (leaf == 1) {
		r[2] = v->cpuid_01h_ecx;
	} else if (leaf == 0x80000000u) {
		r[0] = v->cpuid_max_ext_leaf;
	} else if (leaf == 0x80000008u) {
		r[0] = v->cpuid_80000008h_eax;
	}
}

static bool fake_value(const struct vmx_msr_snapshot *v, uint32_t msr, uint64_t *value)
{
	static const struct {
		uint32_t msr;
		size_t offset;
	} map[] = {
		{ MSR_IA32_FEATURE_CONTROL, offsetof(struct vmx_msr_snapshot, feature_control) },
		{ MSR_IA32_VMX_BASIC, offsetof(struct vmx_msr_snapshot, basic) },
		{ MSR_IA32_VMX_PINBASED_CTLS, offsetof(struct vmx_msr_snapshot, pinbased) },
		{ MSR_IA32_VMX_PROCBASED_CTLS, offsetof(struct vmx_msr_snapshot, procbased) },
		{ MSR_IA32_VMX_EXIT_CTLS, offsetof(struct vmx_msr_snapshot, exit) },
		{ MSR_IA32_VMX_ENTRY_CTLS, offsetof(struct vmx_msr_snapshot, entry) },
		{ MSR_IA32_VMX_MISC, offsetof(struct vmx_msr_snapshot, misc) },
		{ MSR_IA32_VMX_CR0_FIXED0, offsetof(struct vmx_msr_snapshot, cr0_fixed0) },
		{ MSR_IA32_VMX_CR0_FIXED1, offsetof(struct vmx_msr_snapshot, cr0_fixed1) },
		{ MSR_IA32_VMX_CR4_FIXED0, offsetof(struct vmx_msr_snapshot, cr4_fixed0) },
		{ MSR_IA32_VMX_CR4_FIXED1, offsetof(struct vmx_msr_snapshot, cr4_fixed1) },
		{ MSR_IA32_VMX_VMCS_ENUM, offsetof(struct vmx_msr_snapshot, vmcs_enum) },
		{ MSR_IA32_VMX_PROCBASED_CTLS2, offsetof(struct vmx_msr_snapshot, procbased2) },
		{ MSR_IA32_VMX_EPT_VPID_CAP, offsetof(struct vmx_msr_snapshot, ept_vpid_cap) },
		{ MSR_IA32_VMX_TRUE_PINBASED_CTLS,
		  offsetof(struct vmx_msr_snapshot, true_pinbased) },
		{ MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
		  offsetof(struct vmx_msr_snapshot, true_procbased) },
		{ MSR_IA32_VMX_TRUE_EXIT_CTLS, offsetof(struct vmx_msr_snapshot, true_exit) },
		{ MSR_IA32_VMX_TRUE_ENTRY_CTLS, offsetof(struct vmx_msr_snapshot, true_entry) },
		{ MSR_IA32_VMX_VMFUNC, offsetof(struct vmx_msr_snapshot, vmfunc) },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (map[i].msr == msr) {
			memcpy(value, (const char *)v + map[i].offset, 8);
			return true;
		}
	}
	return false;
}

/* Like the hardware: an MSR the values do not mark as present faults. */
static bool fake_rdmsr(void *ctx, uint32_t msr, uint64_t *value)
{
	struct fake_cpu *cpu = ctx;
	struct vmx_msr_snapshot *v = &cpu->values;

	cpu->reads++;
	if (!cpu->msr_driver)
		return false;
	if (!vmx_msr_exists(v, msr) || !fake_value(v, msr, value)) {
		cpu->faults++;
		return false;
	}
	return true;
}

static const struct vmx_probe_ops fake_ops = {
	.cpuid = fake_cpuid,
	.rdmsr = fake_rdmsr,
};

static void test_collect_skylake(void **state)
{
	struct fake_cpu cpu = { .values = skylake(), .msr_driver = true };
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_collect(&s, &fake_ops, &cpu);
	assert_int_equal(cpu.faults, 0);
	assert_int_equal(cpu.reads, 19);
	assert_memory_equal(&s, &cpu.values, sizeof(s));
	assert_int_equal(assess(&s).verdict, VMX_OK);
}

/* Penryn-like: no secondary EPT/VPID, no TRUE_ MSRs.  No read faults. */
static void test_collect_reads_only_existing(void **state)
{
	struct fake_cpu cpu = { .values = skylake(), .msr_driver = true };
	struct vmx_msr_snapshot s;

	(void)state;
	/* Revision 0DH, 2048-byte regions, no TRUE_ MSRs. */
	cpu.values.basic = 0x005a08000000000dull;
	cpu.values.procbased2 = 0x0000004100000000ull; /* bits 0 and 6 */
	vmx_snapshot_collect(&s, &fake_ops, &cpu);
	assert_int_equal(cpu.faults, 0);
	assert_int_equal(cpu.reads, 13);
	assert_false(vmx_snapshot_has(&s, VMX_SNAP_EPT_VPID_CAP));
	assert_false(vmx_snapshot_has(&s, VMX_SNAP_VMFUNC));
	assert_false(vmx_snapshot_has(&s, VMX_SNAP_TRUE_ENTRY));
	assert_true(vmx_snapshot_has(&s, VMX_SNAP_PROCBASED2));
	assert_int_equal(assess(&s).region_size, 2048);
	assert_false(assess(&s).true_ctls);
}

static void test_collect_without_msr_driver(void **state)
{
	struct fake_cpu cpu = { .values = skylake(), .msr_driver = false };
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_collect(&s, &fake_ops, &cpu);
	assert_string_equal(s.cpuid_vendor, "GenuineIntel");
	assert_true(s.have == (VMX_HAVE(VMX_SNAP_CPUID_VENDOR) | VMX_HAVE(VMX_SNAP_CPUID_01H_ECX) |
			       VMX_HAVE(VMX_SNAP_CPUID_MAX_EXT_LEAF) |
			       VMX_HAVE(VMX_SNAP_CPUID_80000008H_EAX)));
	/*
	 * The twelve MSRs CPUID alone vouches for were tried; those that
	 * depend on an MSR value (PROCBASED2, TRUE_*, ...) were not.
	 */
	assert_int_equal(cpu.reads, 12);
	assert_int_equal(assess(&s).verdict, VMX_UNKNOWN);
}

static void test_collect_amd(void **state)
{
	struct fake_cpu cpu = { .msr_driver = true };
	struct vmx_msr_snapshot s;

	(void)state;
	memcpy(cpu.values.cpuid_vendor, "AuthenticAMD", 12);
	cpu.values.cpuid_01h_ecx = 0x7ed8320bu;
	cpu.values.cpuid_max_ext_leaf = 0x80000020u;
	cpu.values.cpuid_80000008h_eax = 0x3030u;
	vmx_snapshot_collect(&s, &fake_ops, &cpu);
	assert_int_equal(cpu.reads, 0);
	assert_int_equal(assess(&s).verdict, VMX_UNSUPPORTED);
	assert_string_equal(vmx_cause_name(assess(&s).reason), "amd-svm-not-supported");
	assert_int_equal(assess(&s).phys_addr_bits, 48);
}

/* ---- The printed decode ------------------------------------------------- */

struct capture {
	char buf[64 * 1024];
	size_t len;
};

static void capture_print(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void capture_print(void *ctx, const char *fmt, ...)
{
	struct capture *c = ctx;
	size_t room = sizeof(c->buf) - c->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(c->buf + c->len, room, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < room);
	c->len += (size_t)n;
}

/* Copies line `line` (up to its newline) into `copy`; returns the next. */
static const char *next_line(const char *line, char *copy, size_t size)
{
	const char *end = strchr(line, '\n');
	size_t len;

	assert_non_null(end);
	len = (size_t)(end - line);
	assert_true(len < size);
	memcpy(copy, line, len);
	copy[len] = '\0';
	return end + 1;
}

/*
 * Every line is "name<spaces>value" with a one-word value, and values
 * start in column 46 unless the name is longer.
 */
static void expect_two_columns(const struct capture *c)
{
	const char *line = c->buf;
	char copy[160], name[96], value[64], extra[8];
	int name_end, value_start;

	while (*line) {
		line = next_line(line, copy, sizeof(copy));
		assert_int_equal(sscanf(copy, " %95s%n %63s%n %7s", name, &name_end, value,
					&value_start, extra),
				 2);
		value_start -= (int)strlen(value);
		if (name_end < 45)
			assert_int_equal(value_start, 46);
		else
			assert_int_equal(value_start, name_end + 1);
	}
}

static void expect_line(const struct capture *c, const char *name, const char *expected)
{
	const char *line = c->buf;
	char copy[160], lname[96], value[64];

	while (*line) {
		line = next_line(line, copy, sizeof(copy));
		if (sscanf(copy, " %95s %63s", lname, value) == 2 && strcmp(lname, name) == 0) {
			assert_string_equal(value, expected);
			return;
		}
	}
	fail_msg("no line for %s", name);
}

static void test_print_skylake(void **state)
{
	static struct capture c;
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_two_columns(&c);
	expect_line(&c, "CPUID_VENDOR", "GenuineIntel");
	expect_line(&c, "cpuid.vmx", "1");
	expect_line(&c, "cpuid.phys_addr_bits", "39");
	expect_line(&c, "IA32_VMX_BASIC", "0x00da100000000004");
	expect_line(&c, "basic.revision", "0x4");
	expect_line(&c, "basic.region_size", "4096");
	expect_line(&c, "basic.memory_type_name", "wb");
	expect_line(&c, "basic.true_ctls", "1");
	expect_line(&c, "feature_control.lock", "1");
	expect_line(&c, "feature_control.vmx_outside_smx", "1");
	expect_line(&c, "pinbased.external_interrupt_exiting", "allowed=0/1");
	expect_line(&c, "pinbased.bit01", "allowed=1");
	expect_line(&c, "procbased.hlt_exiting", "allowed=0/1");
	expect_line(&c, "procbased.cr3_load_exiting", "allowed=1");
	expect_line(&c, "true_procbased.cr3_load_exiting", "allowed=0/1");
	expect_line(&c, "procbased.activate_tertiary_controls", "allowed=0");
	expect_line(&c, "procbased2.enable_ept", "allowed=0/1");
	expect_line(&c, "procbased2.virtual_interrupt_delivery", "allowed=0");
	expect_line(&c, "exit.host_address_space_size", "allowed=0/1");
	expect_line(&c, "exit.save_debug_controls", "allowed=1");
	expect_line(&c, "true_exit.save_debug_controls", "allowed=0/1");
	expect_line(&c, "entry.ia32e_mode_guest", "allowed=0/1");
	expect_line(&c, "misc.cr3_target_count", "4");
	expect_line(&c, "misc.max_msr_list_entries", "512");
	expect_line(&c, "cr0.must_be_1", "0x80000021");
	expect_line(&c, "cr0.pg", "fixed=1");
	expect_line(&c, "cr0.cd", "free");
	expect_line(&c, "cr4.vmxe", "fixed=1");
	expect_line(&c, "cr4.la57", "fixed=0");
	expect_line(&c, "vmcs_enum.max_index", "0x17");
	expect_line(&c, "ept.pdpte_1gb", "1");
	expect_line(&c, "ept.page_walk_5", "0");
	expect_line(&c, "vpid.invvpid_single_context_globals", "1");
	expect_line(&c, "vmfunc.eptp_switching", "1");
}

static void test_print_absent_and_unknown(void **state)
{
	static struct capture c;
	struct vmx_msr_snapshot s = skylake();

	(void)state;
	s.basic &= ~(1ull << 55);
	s.procbased &= ~(1ull << 63);
	drop(&s, VMX_SNAP_MISC);
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_line(&c, "IA32_VMX_MISC", "unknown");
	expect_line(&c, "IA32_VMX_PROCBASED_CTLS2", "0x001ffcff00000000");
	drop(&s, VMX_SNAP_PROCBASED2);
	drop(&s, VMX_SNAP_TRUE_EXIT);
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_line(&c, "IA32_VMX_PROCBASED_CTLS2", "not-supported");
	expect_line(&c, "IA32_VMX_TRUE_EXIT_CTLS", "not-supported");
}

static void test_print_empty_snapshot(void **state)
{
	static struct capture c;
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_init(&s);
	c.len = 0;
	c.buf[0] = '\0';
	vmx_caps_print(&s, capture_print, &c);
	expect_two_columns(&c);
	expect_line(&c, "CPUID_VENDOR", "unknown");
	expect_line(&c, "IA32_VMX_BASIC", "unknown");
	expect_line(&c, "IA32_VMX_VMFUNC", "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exists_skylake),
		cmocka_unit_test(test_exists_without_cpuid),
		cmocka_unit_test(test_exists_needs_cpuid_vmx),
		cmocka_unit_test(test_exists_true_ctls_need_basic_bit55),
		cmocka_unit_test(test_exists_secondary_chain),
		cmocka_unit_test(test_exists_ept_vpid_cap_rules),
		cmocka_unit_test(test_exists_tertiary),
		cmocka_unit_test(test_assess_skylake),
		cmocka_unit_test(test_assess_without_true_ctls),
		cmocka_unit_test(test_assess_addr32),
		cmocka_unit_test(test_assess_region_2048),
		cmocka_unit_test(test_assess_region_size_bounds),
		cmocka_unit_test(test_assess_memory_type),
		cmocka_unit_test(test_assess_bit31),
		cmocka_unit_test(test_assess_feature_control),
		cmocka_unit_test(test_assess_amd),
		cmocka_unit_test(test_assess_intel_without_vmx),
		cmocka_unit_test(test_assess_missing_data),
		cmocka_unit_test(test_assess_precedence),
		cmocka_unit_test(test_assess_phys_addr_bits),
		cmocka_unit_test(test_verdict_names),
		cmocka_unit_test(test_fc_plan),
		cmocka_unit_test(test_cr0_fixed),
		cmocka_unit_test(test_cr4_fixed),
		cmocka_unit_test(test_ctl_bits),
		cmocka_unit_test(test_ctl_adjust),
		cmocka_unit_test(test_snapshot_ctl_sources),
		cmocka_unit_test(test_snapshot_ctl_secondary),
		cmocka_unit_test(test_parse_good_lines),
		cmocka_unit_test(test_parse_every_name),
		cmocka_unit_test(test_parse_blank_and_comments),
		cmocka_unit_test(test_parse_unknown_name),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_out_of_range),
		cmocka_unit_test(test_parse_partial_dump),
		cmocka_unit_test(test_parse_random_lines),
		cmocka_unit_test(test_collect_skylake),
		cmocka_unit_test(test_collect_reads_only_existing),
		cmocka_unit_test(test_collect_without_msr_driver),
		cmocka_unit_test(test_collect_amd),
		cmocka_unit_test(test_print_skylake),
		cmocka_unit_test(test_print_absent_and_unknown),
		cmocka_unit_test(test_print_empty_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
