/*
 * A Skylake-like processor's capability snapshot, decoded by hand from the
 * SDM (Vol. 3D Appendix A), for the lib/vmx/ and lib/host/ tests.
 *
 * IA32_VMX_BASIC = 00DA1000_00000004H, i.e. revision 4; bits 44:32 = 1000H
 * = 4096 bytes; the high dword 00DA1000H has bit 17 (bit 49, dual monitor),
 * bits 21:18 = 0110b (bits 53:50, WB), bit 22 (54, INS/OUTS info) and bit
 * 23 (55, TRUE controls).  PROCBASED allowed-1 = FFF9FFFEH: bit 31
 * (secondary controls) set, bit 17 (tertiary) clear.  PROCBASED2 allowed-1
 * = 001FFCFFH: bits 0-7 and 10-20, so EPT (1), VPID (5) and VM functions
 * (13) but no APICv (8, 9).
 */
#include "tests/support/vmx_fixture.h"

#include <string.h>

struct vmx_msr_snapshot fixture_skylake(void)
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
	s.have = VMX_ALL_FIELDS;
	return s;
}

void fixture_drop(struct vmx_msr_snapshot *s, enum vmx_snap_field f)
{
	s->have &= ~VMX_HAVE(f);
}

struct vmx_assessment fixture_assess(const struct vmx_msr_snapshot *s)
{
	struct vmx_assessment a;

	vmx_assess(s, &a);
	return a;
}
