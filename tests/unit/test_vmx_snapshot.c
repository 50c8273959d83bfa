/*
 * Tests for lib/vmx/snapshot.c: collecting a snapshot through the probe callbacks.
 * The Skylake-like processor the tests start from is in
 * tests/support/vmx_fixture.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/vmx/caps.h"
#include "include/x86/msr.h"
#include "tests/support/vmx_fixture.h"

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
	struct fake_cpu cpu = { .values = fixture_skylake(), .msr_driver = true };
	struct vmx_msr_snapshot s;

	(void)state;
	vmx_snapshot_collect(&s, &fake_ops, &cpu);
	assert_int_equal(cpu.faults, 0);
	assert_int_equal(cpu.reads, 19);
	assert_memory_equal(&s, &cpu.values, sizeof(s));
	assert_int_equal(fixture_assess(&s).verdict, VMX_OK);
}

/* Penryn-like: no secondary EPT/VPID, no TRUE_ MSRs.  No read faults. */
static void test_collect_reads_only_existing(void **state)
{
	struct fake_cpu cpu = { .values = fixture_skylake(), .msr_driver = true };
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
	assert_int_equal(fixture_assess(&s).region_size, 2048);
	assert_false(fixture_assess(&s).true_ctls);
}

static void test_collect_without_msr_driver(void **state)
{
	struct fake_cpu cpu = { .values = fixture_skylake(), .msr_driver = false };
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
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNKNOWN);
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
	assert_int_equal(fixture_assess(&s).verdict, VMX_UNSUPPORTED);
	assert_string_equal(vmx_cause_name(fixture_assess(&s).reason), "amd-svm-not-supported");
	assert_int_equal(fixture_assess(&s).phys_addr_bits, 48);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collect_skylake),
		cmocka_unit_test(test_collect_reads_only_existing),
		cmocka_unit_test(test_collect_without_msr_driver),
		cmocka_unit_test(test_collect_amd),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
