/*
 * Pins the bit positions of the register and VMX capability unions
 * (include/x86/cpu_regs.h, include/x86/vmx_defs.h) against the SDM, and decodes a
 * few hand-checked raw values.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"

/*
 * A field sits at [lsb, lsb + width) when it reads all-ones with only those
 * bits set in raw, and zero with every other bit set.
 */
#define FIELD_MASK(lsb, width) (((1ull << (width)) - 1) << (lsb))

#define EXPECT_FIELD(type, field, lsb, width)                            \
	do {                                                             \
		union type u_ = { .raw = FIELD_MASK(lsb, width) };       \
		assert_true((uint64_t)u_.field == FIELD_MASK(0, width)); \
		u_.raw = (__typeof__(u_.raw))~FIELD_MASK(lsb, width);    \
		assert_true((uint64_t)u_.field == 0);                    \
	} while (0)

#define EXPECT_BIT(type, field, pos) EXPECT_FIELD(type, field, pos, 1)

static void test_cpuid_01h_ecx_bits(void **state)
{
	(void)state;
	EXPECT_BIT(cpuid_01h_ecx, sse3, 0);
	EXPECT_BIT(cpuid_01h_ecx, monitor, 3);
	EXPECT_BIT(cpuid_01h_ecx, vmx, 5);
	EXPECT_BIT(cpuid_01h_ecx, smx, 6);
	EXPECT_BIT(cpuid_01h_ecx, eist, 7);
	EXPECT_BIT(cpuid_01h_ecx, ssse3, 9);
	EXPECT_BIT(cpuid_01h_ecx, sdbg, 11);
	EXPECT_BIT(cpuid_01h_ecx, cmpxchg16b, 13);
	EXPECT_BIT(cpuid_01h_ecx, pdcm, 15);
	EXPECT_BIT(cpuid_01h_ecx, pcid, 17);
	EXPECT_BIT(cpuid_01h_ecx, sse4_1, 19);
	EXPECT_BIT(cpuid_01h_ecx, sse4_2, 20);
	EXPECT_BIT(cpuid_01h_ecx, x2apic, 21);
	EXPECT_BIT(cpuid_01h_ecx, tsc_deadline, 24);
	EXPECT_BIT(cpuid_01h_ecx, xsave, 26);
	EXPECT_BIT(cpuid_01h_ecx, osxsave, 27);
	EXPECT_BIT(cpuid_01h_ecx, avx, 28);
	EXPECT_BIT(cpuid_01h_ecx, rdrand, 30);
	EXPECT_BIT(cpuid_01h_ecx, hypervisor, 31);
	assert_true(X86_CPUID_01H_ECX_VMX == 1u << 5);
	assert_true(X86_CPUID_01H_ECX_SMX == 1u << 6);
	assert_true(X86_CPUID_01H_ECX_X2APIC == 1u << 21);
	assert_true(X86_CPUID_01H_ECX_HYPERVISOR == 1u << 31);
}

/* A Skylake desktop part without a hypervisor reports 7FFAFBFFH. */
static void test_cpuid_01h_ecx_skylake(void **state)
{
	union cpuid_01h_ecx ecx = { .raw = 0x7ffafbffu };

	(void)state;
	assert_int_equal(ecx.vmx, 1);
	assert_int_equal(ecx.smx, 1);
	assert_int_equal(ecx.x2apic, 1);
	assert_int_equal(ecx.cnxt_id, 0);
	assert_int_equal(ecx.reserved16, 0);
	assert_int_equal(ecx.hypervisor, 0);
}

static void test_efer_bits(void **state)
{
	union ia32_efer efer = { .raw = 0 };

	(void)state;
	EXPECT_BIT(ia32_efer, sce, 0);
	EXPECT_BIT(ia32_efer, lme, 8);
	EXPECT_BIT(ia32_efer, lma, 10);
	EXPECT_BIT(ia32_efer, nxe, 11);
	efer.lme = 1;
	efer.nxe = 1;
	assert_true(efer.raw == (X86_EFER_LME | X86_EFER_NXE));
	assert_true(efer.raw == 0x900);
}

static void test_cr0_bits(void **state)
{
	union x86_cr0 cr0 = { .raw = 0x80050033ull }; /* a Linux CR0 */

	(void)state;
	EXPECT_BIT(x86_cr0, pe, 0);
	EXPECT_BIT(x86_cr0, mp, 1);
	EXPECT_BIT(x86_cr0, em, 2);
	EXPECT_BIT(x86_cr0, ts, 3);
	EXPECT_BIT(x86_cr0, et, 4);
	EXPECT_BIT(x86_cr0, ne, 5);
	EXPECT_BIT(x86_cr0, wp, 16);
	EXPECT_BIT(x86_cr0, am, 18);
	EXPECT_BIT(x86_cr0, nw, 29);
	EXPECT_BIT(x86_cr0, cd, 30);
	EXPECT_BIT(x86_cr0, pg, 31);
	assert_int_equal(cr0.pe, 1);
	assert_int_equal(cr0.mp, 1);
	assert_int_equal(cr0.et, 1);
	assert_int_equal(cr0.ne, 1);
	assert_int_equal(cr0.wp, 1);
	assert_int_equal(cr0.am, 1);
	assert_int_equal(cr0.pg, 1);
	assert_int_equal(cr0.cd, 0);
	assert_true(X86_CR0_PG == 0x80000000ull && X86_CR0_NE == 0x20);
}

static void test_cr3_views(void **state)
{
	union x86_cr3 cr3 = { .raw = 0x800000012345f018ull };

	(void)state;
	EXPECT_BIT(x86_cr3, pwt, 3);
	EXPECT_BIT(x86_cr3, pcd, 4);
	EXPECT_FIELD(x86_cr3, table_pfn, 12, 40);
	EXPECT_BIT(x86_cr3, lam_u57, 61);
	EXPECT_BIT(x86_cr3, lam_u48, 62);
	EXPECT_BIT(x86_cr3, pcid_noflush, 63);
	EXPECT_FIELD(x86_cr3, pcid, 0, 12);
	assert_true(cr3.table_pfn == 0x12345f);
	assert_int_equal(cr3.pcid, 0x018);
	assert_int_equal(cr3.pwt, 1);
	assert_int_equal(cr3.pcd, 1);
	assert_int_equal(cr3.pcid_noflush, 1);
}

static void test_cr4_bits(void **state)
{
	(void)state;
	EXPECT_BIT(x86_cr4, vme, 0);
	EXPECT_BIT(x86_cr4, de, 3);
	EXPECT_BIT(x86_cr4, pse, 4);
	EXPECT_BIT(x86_cr4, pae, 5);
	EXPECT_BIT(x86_cr4, mce, 6);
	EXPECT_BIT(x86_cr4, pge, 7);
	EXPECT_BIT(x86_cr4, osfxsr, 9);
	EXPECT_BIT(x86_cr4, osxmmexcpt, 10);
	EXPECT_BIT(x86_cr4, umip, 11);
	EXPECT_BIT(x86_cr4, la57, 12);
	EXPECT_BIT(x86_cr4, vmxe, 13);
	EXPECT_BIT(x86_cr4, smxe, 14);
	EXPECT_BIT(x86_cr4, fsgsbase, 16);
	EXPECT_BIT(x86_cr4, pcide, 17);
	EXPECT_BIT(x86_cr4, osxsave, 18);
	EXPECT_BIT(x86_cr4, kl, 19);
	EXPECT_BIT(x86_cr4, smep, 20);
	EXPECT_BIT(x86_cr4, smap, 21);
	EXPECT_BIT(x86_cr4, pke, 22);
	EXPECT_BIT(x86_cr4, cet, 23);
	EXPECT_BIT(x86_cr4, pks, 24);
	EXPECT_BIT(x86_cr4, uintr, 25);
	EXPECT_BIT(x86_cr4, lass, 27);
	EXPECT_BIT(x86_cr4, lam_sup, 28);
	EXPECT_BIT(x86_cr4, fred, 32);
	assert_true(X86_CR4_VMXE == 0x2000 && X86_CR4_SMXE == 0x4000);
	assert_true(X86_CR4_PAE == 0x20 && X86_CR4_OSXSAVE == 0x40000);
}

/* Each CR4 mask selects exactly its union field. */
#define EXPECT_CR4_MASK(field, mask)                  \
	do {                                          \
		union x86_cr4 u_ = { .raw = (mask) }; \
		assert_int_equal(u_.field, 1);        \
		u_.field = 0;                         \
		assert_true(u_.raw == 0);             \
	} while (0)

static void test_cr4_masks_match_fields(void **state)
{
	(void)state;
	EXPECT_CR4_MASK(vme, X86_CR4_VME);
	EXPECT_CR4_MASK(pvi, X86_CR4_PVI);
	EXPECT_CR4_MASK(tsd, X86_CR4_TSD);
	EXPECT_CR4_MASK(de, X86_CR4_DE);
	EXPECT_CR4_MASK(pse, X86_CR4_PSE);
	EXPECT_CR4_MASK(pae, X86_CR4_PAE);
	EXPECT_CR4_MASK(mce, X86_CR4_MCE);
	EXPECT_CR4_MASK(pge, X86_CR4_PGE);
	EXPECT_CR4_MASK(pce, X86_CR4_PCE);
	EXPECT_CR4_MASK(osfxsr, X86_CR4_OSFXSR);
	EXPECT_CR4_MASK(osxmmexcpt, X86_CR4_OSXMMEXCPT);
	EXPECT_CR4_MASK(umip, X86_CR4_UMIP);
	EXPECT_CR4_MASK(la57, X86_CR4_LA57);
	EXPECT_CR4_MASK(vmxe, X86_CR4_VMXE);
	EXPECT_CR4_MASK(smxe, X86_CR4_SMXE);
	EXPECT_CR4_MASK(fsgsbase, X86_CR4_FSGSBASE);
	EXPECT_CR4_MASK(pcide, X86_CR4_PCIDE);
	EXPECT_CR4_MASK(osxsave, X86_CR4_OSXSAVE);
	EXPECT_CR4_MASK(kl, X86_CR4_KL);
	EXPECT_CR4_MASK(smep, X86_CR4_SMEP);
	EXPECT_CR4_MASK(smap, X86_CR4_SMAP);
	EXPECT_CR4_MASK(pke, X86_CR4_PKE);
	EXPECT_CR4_MASK(cet, X86_CR4_CET);
	EXPECT_CR4_MASK(pks, X86_CR4_PKS);
	EXPECT_CR4_MASK(uintr, X86_CR4_UINTR);
	EXPECT_CR4_MASK(lass, X86_CR4_LASS);
	EXPECT_CR4_MASK(lam_sup, X86_CR4_LAM_SUP);
	EXPECT_CR4_MASK(fred, X86_CR4_FRED);
}

static void test_dr6_dr7_bits(void **state)
{
	union x86_dr6 dr6 = { .raw = X86_DR6_INIT };
	union x86_dr7 dr7 = { .raw = X86_DR7_INIT };

	(void)state;
	EXPECT_BIT(x86_dr6, b0, 0);
	EXPECT_BIT(x86_dr6, b3, 3);
	EXPECT_BIT(x86_dr6, bld, 11);
	EXPECT_BIT(x86_dr6, bd, 13);
	EXPECT_BIT(x86_dr6, bs, 14);
	EXPECT_BIT(x86_dr6, bt, 15);
	EXPECT_BIT(x86_dr6, rtm, 16);
	/* At rest the active-low bits read 1 and the events read 0. */
	assert_int_equal(dr6.bld, 1);
	assert_int_equal(dr6.rtm, 1);
	assert_int_equal(dr6.bs, 0);
	assert_int_equal(dr6.b0, 0);

	EXPECT_BIT(x86_dr7, l0, 0);
	EXPECT_BIT(x86_dr7, g0, 1);
	EXPECT_BIT(x86_dr7, g3, 7);
	EXPECT_BIT(x86_dr7, le, 8);
	EXPECT_BIT(x86_dr7, ge, 9);
	EXPECT_BIT(x86_dr7, rtm, 11);
	EXPECT_BIT(x86_dr7, gd, 13);
	EXPECT_FIELD(x86_dr7, rw0, 16, 2);
	EXPECT_FIELD(x86_dr7, len0, 18, 2);
	EXPECT_FIELD(x86_dr7, rw1, 20, 2);
	EXPECT_FIELD(x86_dr7, len3, 30, 2);
	assert_int_equal(dr7.reserved10, 1);
	assert_int_equal(dr7.gd, 0);
}

static void test_rflags_bits(void **state)
{
	union x86_rflags fl = { .raw = 0x246 }; /* after "xor eax, eax" */

	(void)state;
	EXPECT_BIT(x86_rflags, cf, 0);
	EXPECT_BIT(x86_rflags, pf, 2);
	EXPECT_BIT(x86_rflags, af, 4);
	EXPECT_BIT(x86_rflags, zf, 6);
	EXPECT_BIT(x86_rflags, sf, 7);
	EXPECT_BIT(x86_rflags, tf, 8);
	EXPECT_BIT(x86_rflags, if_, 9);
	EXPECT_BIT(x86_rflags, df, 10);
	EXPECT_BIT(x86_rflags, of, 11);
	EXPECT_FIELD(x86_rflags, iopl, 12, 2);
	EXPECT_BIT(x86_rflags, nt, 14);
	EXPECT_BIT(x86_rflags, rf, 16);
	EXPECT_BIT(x86_rflags, vm, 17);
	EXPECT_BIT(x86_rflags, ac, 18);
	EXPECT_BIT(x86_rflags, vif, 19);
	EXPECT_BIT(x86_rflags, vip, 20);
	EXPECT_BIT(x86_rflags, id, 21);
	assert_int_equal(fl.zf, 1);
	assert_int_equal(fl.pf, 1);
	assert_int_equal(fl.if_, 1);
	assert_int_equal(fl.cf, 0);
	assert_int_equal(fl.reserved1, 1);
	assert_true(X86_RFLAGS_CF == 1 && X86_RFLAGS_ZF == 0x40);
	assert_true(X86_RFLAGS_IF == 0x200 && X86_RFLAGS_IOPL == 0x3000);
}

static void test_msr_indices(void **state)
{
	(void)state;
	assert_true(MSR_IA32_FEATURE_CONTROL == 0x3a);
	assert_true(MSR_IA32_APIC_BASE == 0x1b);
	assert_true(MSR_IA32_VMX_BASIC == 0x480);
	assert_true(MSR_IA32_VMX_MISC == 0x485);
	assert_true(MSR_IA32_VMX_CR4_FIXED1 == 0x489);
	assert_true(MSR_IA32_VMX_PROCBASED_CTLS2 == 0x48b);
	assert_true(MSR_IA32_VMX_EPT_VPID_CAP == 0x48c);
	assert_true(MSR_IA32_VMX_TRUE_PINBASED_CTLS == 0x48d);
	assert_true(MSR_IA32_VMX_TRUE_ENTRY_CTLS == 0x490);
	assert_true(MSR_IA32_VMX_VMFUNC == 0x491);
	assert_true(MSR_IA32_EFER == 0xc0000080u);
	assert_true(MSR_X2APIC_BASE == 0x800);
}

static void test_feature_control_bits(void **state)
{
	union ia32_feature_control fc = { .raw = 0x5 };

	(void)state;
	EXPECT_BIT(ia32_feature_control, lock, 0);
	EXPECT_BIT(ia32_feature_control, vmx_inside_smx, 1);
	EXPECT_BIT(ia32_feature_control, vmx_outside_smx, 2);
	EXPECT_FIELD(ia32_feature_control, senter_local_enables, 8, 7);
	EXPECT_BIT(ia32_feature_control, senter_global_enable, 15);
	EXPECT_BIT(ia32_feature_control, sgx_launch_control, 17);
	EXPECT_BIT(ia32_feature_control, sgx_global_enable, 18);
	EXPECT_BIT(ia32_feature_control, lmce_on, 20);
	assert_int_equal(fc.lock, 1);
	assert_int_equal(fc.vmx_inside_smx, 0);
	assert_int_equal(fc.vmx_outside_smx, 1);
	assert_true(IA32_FEATURE_CONTROL_LOCK == 1);
	assert_true(IA32_FEATURE_CONTROL_VMX_INSIDE_SMX == 2);
	assert_true(IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX == 4);
}

static void test_vmx_basic_bits(void **state)
{
	(void)state;
	EXPECT_FIELD(ia32_vmx_basic, revision, 0, 31);
	EXPECT_BIT(ia32_vmx_basic, bit31_zero, 31);
	EXPECT_FIELD(ia32_vmx_basic, region_size, 32, 13);
	EXPECT_BIT(ia32_vmx_basic, addr32, 48);
	EXPECT_BIT(ia32_vmx_basic, dual_monitor, 49);
	EXPECT_FIELD(ia32_vmx_basic, memory_type, 50, 4);
	EXPECT_BIT(ia32_vmx_basic, ins_outs_info, 54);
	EXPECT_BIT(ia32_vmx_basic, true_ctls, 55);
	EXPECT_BIT(ia32_vmx_basic, no_error_code_check, 56);
}

/*
 * 00DA0400_00000004H: revision 4; bits 44:32 = 400H (1024 bytes); high
 * dword 00DA0400H >> 16 = DAH = 1101 1010b gives bit 49 (dual monitor),
 * bits 53:50 = 0110b (WB), bit 54 and bit 55 set, bit 48 and 56 clear.
 */
static void test_vmx_basic_decode(void **state)
{
	union ia32_vmx_basic b = { .raw = 0x00da040000000004ull };
	union ia32_vmx_basic odd = { .raw = 0x0101100080012345ull };

	(void)state;
	assert_int_equal(b.revision, 4);
	assert_int_equal(b.bit31_zero, 0);
	assert_int_equal(b.region_size, 1024);
	assert_int_equal(b.addr32, 0);
	assert_int_equal(b.dual_monitor, 1);
	assert_int_equal(b.memory_type, VMX_MEMTYPE_WB);
	assert_int_equal(b.ins_outs_info, 1);
	assert_int_equal(b.true_ctls, 1);
	assert_int_equal(b.no_error_code_check, 0);

	/* Every odd bit at once: 4096 bytes, bit 31, bit 48, UC, bit 56. */
	assert_int_equal(odd.revision, 0x12345);
	assert_int_equal(odd.bit31_zero, 1);
	assert_int_equal(odd.region_size, 4096);
	assert_int_equal(odd.addr32, 1);
	assert_int_equal(odd.memory_type, VMX_MEMTYPE_UC);
	assert_int_equal(odd.true_ctls, 0);
	assert_int_equal(odd.no_error_code_check, 1);
}

/*
 * 7004C1E7H: timer rate 7, bit 5, HLT/shutdown/wait-for-SIPI, bits 14 and
 * 15, four CR3 targets, list factor 0 (512 MSRs), bits 28-30.
 */
static void test_vmx_misc(void **state)
{
	union ia32_vmx_misc m = { .raw = 0x7004c1e7ull };

	(void)state;
	EXPECT_FIELD(ia32_vmx_misc, preemption_timer_rate, 0, 5);
	EXPECT_BIT(ia32_vmx_misc, store_efer_lma, 5);
	EXPECT_BIT(ia32_vmx_misc, activity_hlt, 6);
	EXPECT_BIT(ia32_vmx_misc, activity_shutdown, 7);
	EXPECT_BIT(ia32_vmx_misc, activity_wait_for_sipi, 8);
	EXPECT_BIT(ia32_vmx_misc, intel_pt_in_vmx, 14);
	EXPECT_BIT(ia32_vmx_misc, rdmsr_smbase_in_smm, 15);
	EXPECT_FIELD(ia32_vmx_misc, cr3_target_count, 16, 9);
	EXPECT_FIELD(ia32_vmx_misc, max_msr_list, 25, 3);
	EXPECT_BIT(ia32_vmx_misc, smm_monitor_ctl_bit2, 28);
	EXPECT_BIT(ia32_vmx_misc, vmwrite_any_field, 29);
	EXPECT_BIT(ia32_vmx_misc, zero_length_injection, 30);
	EXPECT_FIELD(ia32_vmx_misc, mseg_revision, 32, 32);
	assert_int_equal(m.preemption_timer_rate, 7);
	assert_int_equal(m.store_efer_lma, 1);
	assert_int_equal(m.activity_wait_for_sipi, 1);
	assert_int_equal(m.intel_pt_in_vmx, 1);
	assert_int_equal(m.cr3_target_count, 4);
	assert_int_equal(m.max_msr_list, 0);
	assert_int_equal(m.vmwrite_any_field, 1);
	assert_int_equal(m.zero_length_injection, 1);
	assert_int_equal(m.mseg_revision, 0);
}

static void test_vmx_ctls_halves(void **state)
{
	union ia32_vmx_ctls pin = { .raw = 0x0000007f00000016ull };

	(void)state;
	assert_true(pin.allowed0 == 0x16);
	assert_true(pin.allowed1 == 0x7f);
	assert_true(VMX_CTL_BIT(VMX_PROC_HLT_EXITING) == 0x80);
	assert_true(VMX_PIN_DEFAULT1 == (VMX_CTL_BIT(1) | VMX_CTL_BIT(2) | VMX_CTL_BIT(4)));
}

static void test_control_positions(void **state)
{
	(void)state;
	assert_int_equal(VMX_PIN_EXTERNAL_INTERRUPT_EXITING, 0);
	assert_int_equal(VMX_PIN_NMI_EXITING, 3);
	assert_int_equal(VMX_PIN_VIRTUAL_NMIS, 5);
	assert_int_equal(VMX_PIN_PREEMPTION_TIMER, 6);
	assert_int_equal(VMX_PIN_POSTED_INTERRUPTS, 7);

	assert_int_equal(VMX_PROC_INTERRUPT_WINDOW_EXITING, 2);
	assert_int_equal(VMX_PROC_HLT_EXITING, 7);
	assert_int_equal(VMX_PROC_RDTSC_EXITING, 12);
	assert_int_equal(VMX_PROC_CR3_LOAD_EXITING, 15);
	assert_int_equal(VMX_PROC_USE_TPR_SHADOW, 21);
	assert_int_equal(VMX_PROC_UNCONDITIONAL_IO_EXITING, 24);
	assert_int_equal(VMX_PROC_MONITOR_TRAP_FLAG, 27);
	assert_int_equal(VMX_PROC_USE_MSR_BITMAPS, 28);
	assert_int_equal(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS, 31);

	assert_int_equal(VMX_PROC2_VIRTUALIZE_APIC_ACCESSES, 0);
	assert_int_equal(VMX_PROC2_ENABLE_EPT, 1);
	assert_int_equal(VMX_PROC2_ENABLE_RDTSCP, 3);
	assert_int_equal(VMX_PROC2_ENABLE_VPID, 5);
	assert_int_equal(VMX_PROC2_UNRESTRICTED_GUEST, 7);
	assert_int_equal(VMX_PROC2_ENABLE_INVPCID, 12);
	assert_int_equal(VMX_PROC2_ENABLE_VM_FUNCTIONS, 13);
	assert_int_equal(VMX_PROC2_ENABLE_XSAVES_XRSTORS, 20);
	assert_int_equal(VMX_PROC2_USE_TSC_SCALING, 25);

	assert_int_equal(VMX_EXIT_CTL_SAVE_DEBUG_CONTROLS, 2);
	assert_int_equal(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE, 9);
	assert_int_equal(VMX_EXIT_CTL_ACK_INTERRUPT_ON_EXIT, 15);
	assert_int_equal(VMX_EXIT_CTL_LOAD_EFER, 21);
	assert_int_equal(VMX_EXIT_CTL_ACTIVATE_SECONDARY_CONTROLS, 31);

	assert_int_equal(VMX_ENTRY_CTL_LOAD_DEBUG_CONTROLS, 2);
	assert_int_equal(VMX_ENTRY_CTL_IA32E_MODE_GUEST, 9);
	assert_int_equal(VMX_ENTRY_CTL_LOAD_PAT, 14);
	assert_int_equal(VMX_ENTRY_CTL_LOAD_EFER, 15);
}

/* Every default1 bit is reserved: no named control may fall on one. */
static void test_default1_classes_are_unnamed(void **state)
{
	(void)state;
	assert_true((VMX_PIN_DEFAULT1 & (VMX_CTL_BIT(VMX_PIN_NMI_EXITING) |
					 VMX_CTL_BIT(VMX_PIN_EXTERNAL_INTERRUPT_EXITING))) == 0);
	assert_true((VMX_PROC_DEFAULT1 & VMX_CTL_BIT(VMX_PROC_HLT_EXITING)) == 0);
	/* CR3 exiting and the debug-control bits are default1 controls. */
	assert_true(VMX_PROC_DEFAULT1 & VMX_CTL_BIT(VMX_PROC_CR3_LOAD_EXITING));
	assert_true(VMX_PROC_DEFAULT1 & VMX_CTL_BIT(VMX_PROC_CR3_STORE_EXITING));
	assert_true(VMX_EXIT_CTL_DEFAULT1 & VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_DEBUG_CONTROLS));
	assert_true(VMX_ENTRY_CTL_DEFAULT1 & VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_DEBUG_CONTROLS));
	assert_true((VMX_EXIT_CTL_DEFAULT1 & VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE)) ==
		    0);
}

static void test_vmcs_enum(void **state)
{
	union ia32_vmx_vmcs_enum e = { .raw = 0x2e };

	(void)state;
	EXPECT_FIELD(ia32_vmx_vmcs_enum, max_index, 1, 9);
	assert_int_equal(e.max_index, 0x17);
}

/*
 * 00000F01_06734141H: execute-only, 4-level walk, UC and WB, 2-MByte and
 * 1-GByte pages, INVEPT, A/D flags, advanced exit info, both INVEPT types,
 * INVVPID and its four types.
 */
static void test_ept_vpid_cap(void **state)
{
	union ia32_vmx_ept_vpid_cap c = { .raw = 0x00000f0106734141ull };

	(void)state;
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, execute_only, 0);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, page_walk_4, 6);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, page_walk_5, 7);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, memtype_uc, 8);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, memtype_wb, 14);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, pde_2mb, 16);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, pdpte_1gb, 17);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invept, 20);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, accessed_dirty, 21);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, advanced_exit_info, 22);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invept_single_context, 25);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invept_all_context, 26);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invvpid, 32);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invvpid_individual_address, 40);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invvpid_single_context, 41);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invvpid_all_context, 42);
	EXPECT_BIT(ia32_vmx_ept_vpid_cap, invvpid_single_context_globals, 43);
	assert_int_equal(c.execute_only, 1);
	assert_int_equal(c.page_walk_4, 1);
	assert_int_equal(c.page_walk_5, 0);
	assert_int_equal(c.memtype_wb, 1);
	assert_int_equal(c.pdpte_1gb, 1);
	assert_int_equal(c.accessed_dirty, 1);
	assert_int_equal(c.invept_all_context, 1);
	assert_int_equal(c.invvpid_single_context_globals, 1);
}

static void test_vmfunc(void **state)
{
	union ia32_vmx_vmfunc f = { .raw = 1 };

	(void)state;
	EXPECT_BIT(ia32_vmx_vmfunc, eptp_switching, 0);
	assert_int_equal(f.eptp_switching, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpuid_01h_ecx_bits),
		cmocka_unit_test(test_cpuid_01h_ecx_skylake),
		cmocka_unit_test(test_efer_bits),
		cmocka_unit_test(test_cr0_bits),
		cmocka_unit_test(test_cr3_views),
		cmocka_unit_test(test_cr4_bits),
		cmocka_unit_test(test_cr4_masks_match_fields),
		cmocka_unit_test(test_dr6_dr7_bits),
		cmocka_unit_test(test_rflags_bits),
		cmocka_unit_test(test_msr_indices),
		cmocka_unit_test(test_feature_control_bits),
		cmocka_unit_test(test_vmx_basic_bits),
		cmocka_unit_test(test_vmx_basic_decode),
		cmocka_unit_test(test_vmx_misc),
		cmocka_unit_test(test_vmx_ctls_halves),
		cmocka_unit_test(test_control_positions),
		cmocka_unit_test(test_default1_classes_are_unnamed),
		cmocka_unit_test(test_vmcs_enum),
		cmocka_unit_test(test_ept_vpid_cap),
		cmocka_unit_test(test_vmfunc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
