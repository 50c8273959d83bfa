/*
 * Unit tests for the pure parts of issue 11's fixes: the INIT-SIPI-SIPI
 * plan and its timing rule, which MADT entries are started, where VMX
 * regions go, the cross-core capability comparison, the boot memory ranges
 * (page 0), the VMX instruction result, the TSC source choice and the ACPI
 * timer tables.  tests/mutants/list names the bugs these must catch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "include/config.h"
#include "lib/acpi_timers.h"
#include "lib/boot_memory.h"
#include "lib/ipi_sequence.h"
#include "lib/pmm.h"
#include "lib/smp_policy.h"
#include "lib/tsc_calibrate.h"
#include "lib/vmx/compare.h"
#include "lib/vmx/insn_result.h"
#include "lib/vmx/region.h"

/* ---- the IPI sequence, recorded ---- */

struct recorder {
	char log[256];		     /* "I d10000 S d200 S" */
	uint32_t starting;	     /* APs not yet arrived */
	uint32_t arrive_after_sipis; /* APs all arrive after this many SIPIs (0: never) */
	uint32_t sipis;
};

static void rec_append(struct recorder *r, const char *word)
{
	if (r->log[0])
		strcat(r->log, " ");
	strcat(r->log, word);
}

static void rec_send(void *ctx, enum ipi_kind kind)
{
	struct recorder *r = ctx;
	rec_append(r, kind == IPI_INIT ? "I" : "S");
	if (kind == IPI_STARTUP && ++r->sipis == r->arrive_after_sipis)
		r->starting = 0;
}

static void rec_delay(void *ctx, uint32_t us)
{
	char word[16];
	snprintf(word, sizeof(word), "d%u", us);
	rec_append(ctx, word);
}

static uint32_t rec_starting(void *ctx)
{
	return ((struct recorder *)ctx)->starting;
}

static const struct ipi_sequence_ops rec_ops = { rec_send, rec_delay, rec_starting };

static void test_sequence_sends_two_sipis_to_latecomers(void **state)
{
	struct recorder r = { .starting = 3 };
	struct ipi_timing t = { 10000, 200 };

	(void)state;
	ipi_sequence_run(&t, &rec_ops, &r);
	assert_string_equal(r.log, "I d10000 S d200 S");
}

static void test_sequence_skips_second_sipi_when_all_arrived(void **state)
{
	struct recorder r = { .starting = 3, .arrive_after_sipis = 1 };
	struct ipi_timing t = { 0, 10 };

	(void)state;
	ipi_sequence_run(&t, &rec_ops, &r);
	assert_string_equal(r.log, "I S d10");
}

static void test_sequence_without_aps_sends_nothing(void **state)
{
	struct recorder r = { .starting = 0 };
	struct ipi_timing t = { 10000, 200 };

	(void)state;
	ipi_sequence_run(&t, &rec_ops, &r);
	assert_string_equal(r.log, "");
}

static void test_timing_rule(void **state)
{
	struct ipi_timing t;

	(void)state;
	t = ipi_timing_for(CPU_VENDOR_INTEL, 6, false);
	assert_int_equal(t.init_delay_us, 0);
	assert_int_equal(t.sipi_delay_us, IPI_SIPI_DELAY_US_NO_INIT);
	t = ipi_timing_for(CPU_VENDOR_INTEL, 6, true); /* ap-init-delay */
	assert_int_equal(t.init_delay_us, IPI_INIT_DELAY_US);
	assert_int_equal(t.sipi_delay_us, IPI_SIPI_DELAY_US);
	assert_int_equal(ipi_timing_for(CPU_VENDOR_INTEL, 15, false).init_delay_us, 10000); /* P4 */
	assert_int_equal(ipi_timing_for(CPU_VENDOR_INTEL, 5, false).init_delay_us, 10000);
	assert_int_equal(ipi_timing_for(CPU_VENDOR_AMD, 0xF, false).init_delay_us, 0);
	assert_int_equal(ipi_timing_for(CPU_VENDOR_AMD, 0x19, false).init_delay_us, 0);
	assert_int_equal(ipi_timing_for(CPU_VENDOR_AMD, 6, false).init_delay_us, 10000);
	assert_int_equal(ipi_timing_for(CPU_VENDOR_HYGON, 0x18, false).init_delay_us, 0);
	assert_int_equal(ipi_timing_for(CPU_VENDOR_OTHER, 6, false).init_delay_us, 10000);
	t = (struct ipi_timing){ 10000, 200 };
	assert_int_equal(ipi_sequence_duration_us(&t), 10400);
}

static void test_vendor_and_family(void **state)
{
	(void)state;
	/* "GenuineIntel": EBX "Genu", EDX "ineI", ECX "ntel". */
	assert_int_equal(cpu_vendor_from_cpuid(0x756e6547, 0x6c65746e, 0x49656e69),
			 CPU_VENDOR_INTEL);
	/* "AuthenticAMD": EBX "Auth", EDX "enti", ECX "cAMD". */
	assert_int_equal(cpu_vendor_from_cpuid(0x68747541, 0x444d4163, 0x69746e65), CPU_VENDOR_AMD);
	assert_int_equal(cpu_vendor_from_cpuid(0x68747541, 0x69746e65, 0x444d4163),
			 CPU_VENDOR_OTHER);			   /* ECX and EDX swapped */
	assert_int_equal(cpu_family_from_cpuid(0x000906EA), 6);	   /* Coffee Lake */
	assert_int_equal(cpu_family_from_cpuid(0x00A20F10), 0x19); /* Zen 3: 0xF + 0xA */
	assert_int_equal(cpu_family_from_cpuid(0x00000F6B), 0xF);  /* QEMU qemu64 */
}

/* ---- which MADT entries are started ---- */

static void test_not_enabled_entries_are_not_started(void **state)
{
	struct acpi_cpu enabled = { .apic_id = 1, .enabled = true };
	struct acpi_cpu capable = { .apic_id = 2, .enabled = false, .online_capable = true };
	struct acpi_cpu high = { .apic_id = 300, .enabled = true };

	(void)state;
	assert_null(smp_not_startable_reason(&enabled, false));
	assert_string_equal(smp_not_startable_reason(&capable, false), "not-enabled-by-firmware");
	assert_string_equal(smp_not_startable_reason(&capable, true), "not-enabled-by-firmware");
	assert_string_equal(smp_not_startable_reason(&high, false), "apic-id-needs-x2apic");
	assert_null(smp_not_startable_reason(&high, true));
	high.apic_id = 255; /* the xAPIC broadcast id */
	assert_string_equal(smp_not_startable_reason(&high, false), "apic-id-needs-x2apic");
	high.apic_id = 254;
	assert_null(smp_not_startable_reason(&high, false));
}

/* ---- VMX region placement ---- */

static void test_region_limit_follows_basic_bit48(void **state)
{
	struct vmx_assessment a = { .addr32 = true, .phys_addr_bits = 46 };

	(void)state;
	assert_int_equal(vmx_region_limit(&a), 1ull << 32);
	a.addr32 = false;
	assert_int_equal(vmx_region_limit(&a), 1ull << 46);
	a.phys_addr_bits = 0; /* unknown width */
	assert_true(vmx_region_limit(&a) == UINT64_MAX);
	a.phys_addr_bits = 31; /* narrower than 32 bits: the width wins */
	a.addr32 = true;
	assert_int_equal(vmx_region_limit(&a), 1ull << 31);
}

/* The whole path: IA32_VMX_BASIC bit 48 through vmx_assess to the limit. */
static void test_region_limit_from_basic_msr(void **state)
{
	struct vmx_msr_snapshot s;
	struct vmx_assessment a;

	(void)state;
	vmx_snapshot_init(&s);
	s.basic = (1ull << 48) | (6ull << 50) | (4096ull << 32) | 1; /* WB, 4 KiB, rev 1 */
	s.have = ~0u;
	vmx_assess(&s, &a);
	assert_true(a.addr32);
	assert_int_equal(vmx_region_limit(&a) <= (1ull << 32), 1);
	s.basic &= ~(1ull << 48);
	vmx_assess(&s, &a);
	assert_false(a.addr32);
}

/* ---- cross-core comparison ---- */

static void test_compare_finds_each_difference(void **state)
{
	struct vmx_msr_snapshot bsp, ap;

	(void)state;
	memset(&bsp, 0, sizeof(bsp));
	bsp.cpuid_01h_ecx = 0x80000020;
	bsp.basic = 0x00da040000000004ull;
	bsp.misc = 0x20;
	bsp.vmfunc = 1;
	ap = bsp;
	assert_int_equal(vmx_caps_differences(&ap, &bsp), 0);
	ap.misc ^= 0x20;
	assert_int_equal(vmx_caps_differences(&ap, &bsp), 1u << 7);
	assert_string_equal(vmx_compared_field_name(7), "IA32_VMX_MISC");
	ap = bsp;
	ap.vmfunc = 0;
	assert_int_equal(vmx_caps_differences(&ap, &bsp), 1u << 19);
	assert_string_equal(vmx_compared_field_name(19), "IA32_VMX_VMFUNC");
	ap = bsp;
	ap.cpuid_01h_ecx |= 1u << 27; /* OSXSAVE mirrors CR4: not a difference */
	assert_int_equal(vmx_caps_differences(&ap, &bsp), 0);
	ap.cpuid_01h_ecx ^= 1u << 5; /* VMX itself */
	assert_int_equal(vmx_caps_differences(&ap, &bsp), 1u << 0);
	assert_null(vmx_compared_field_name(VMX_COMPARED_FIELDS));
}

/* ---- page 0 never allocated ---- */

static void test_page0_reserved(void **state)
{
	static struct mb2_info info;
	static struct boot_ranges ranges;
	struct pmm pmm;
	uint64_t page, lowest = UINT64_MAX;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.mmap[0] = (struct mb2_mmap_entry){ 0, 0x9F000, MB2_MMAP_AVAILABLE };
	info.mmap[1] = (struct mb2_mmap_entry){ 0x100000, 0x100000, MB2_MMAP_AVAILABLE };
	info.mmap_count = 2;
	info.total_size = 64;
	boot_memory_ranges(&info, 0x100000, 0x180000, 0x190000, &ranges);
	pmm_init(&pmm, ranges.usable, ranges.n_usable, ranges.reserved, ranges.n_reserved);
	/* Run the allocator dry: page 0 must never come out, nor the kernel. */
	while ((page = pmm_alloc(&pmm, 1, PAGE_SIZE, UINT64_MAX)) != PMM_NONE) {
		assert_true(page != 0);
		assert_false(page >= 0x100000 && page < 0x180000);
		assert_false(page == 0x190000);
		if (page < lowest)
			lowest = page;
	}
	assert_int_equal(lowest, PAGE_SIZE);
}

/* ---- VMX instruction results ---- */

static void test_vmx_result_flags(void **state)
{
	(void)state;
	assert_int_equal(vmx_result(false, false), VMX_OUTCOME_SUCCESS);
	assert_int_equal(vmx_result(true, false), VMX_OUTCOME_FAIL_INVALID);
	assert_int_equal(vmx_result(false, true), VMX_OUTCOME_FAIL_VALID);
	assert_int_equal(vmx_result(true, true), VMX_OUTCOME_FAIL_INVALID);
}

/* ---- TSC source ---- */

static void test_tsc_choice(void **state)
{
	struct tsc_choice c;

	(void)state;
	/* No PIT: the PM timer's measurement is used, and named. */
	c = tsc_choose(0, 0, 2100000000ull, TSC_SOURCE_PM_TIMER);
	assert_int_equal(c.hz, 2100000000ull);
	assert_int_equal(c.source, TSC_SOURCE_PM_TIMER);
	assert_string_equal(tsc_source_name(c.source), "acpi-pm-timer");
	/* A confirmed CPUID claim is exact and preferred. */
	c = tsc_choose(2112000000ull, 2100000000ull, 2105000000ull, TSC_SOURCE_HPET);
	assert_int_equal(c.source, TSC_SOURCE_CPUID_15H);
	assert_int_equal(c.hz, 2112000000ull);
	/* A claim the measurement refutes (an emulator's TSC) is refused. */
	c = tsc_choose(0, 3000000000ull, 10000000ull, TSC_SOURCE_PIT);
	assert_int_equal(c.source, TSC_SOURCE_PIT);
	assert_true(c.cpuid_disagreed);
	/* An implausible measurement is no measurement. */
	c = tsc_choose(0, 2000000000ull, 12345, TSC_SOURCE_PIT);
	assert_int_equal(c.source, TSC_SOURCE_CPUID_16H);
	c = tsc_choose(0, 0, 0, TSC_SOURCE_PIT);
	assert_int_equal(c.source, TSC_SOURCE_GUESS);
	assert_false(tsc_hz_plausible(999999));
	assert_true(tsc_hz_plausible(TSC_MIN_PLAUSIBLE_HZ));
	assert_false(tsc_hz_plausible(TSC_MAX_PLAUSIBLE_HZ + 1));
}

static void test_tsc_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(tsc_hz_from_cpuid_15h(2, 176, 24000000), 2112000000ull);
	assert_int_equal(tsc_hz_from_cpuid_15h(2, 176, 0), 0); /* crystal not given */
	assert_int_equal(tsc_hz_from_cpuid_16h(0x0834), 2100000000ull);
	/* 10 ms of the PM timer while the TSC ran 21 M cycles: 2.1 GHz. */
	assert_int_equal(tsc_hz_from_ticks(21000000, 35795, ACPI_PM_TIMER_HZ) / 1000000, 2100);
	/* No overflow where cycles * timer_hz would not fit in 64 bits. */
	assert_int_equal(tsc_hz_from_ticks(1ull << 62, 1ull << 40, 1ull << 20), 1ull << 42);
	assert_int_equal(tsc_hz_from_ticks(100, 0, 1000), 0);
}

/* ---- ACPI timer tables ---- */

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void test_fadt_pm_timer(void **state)
{
	uint8_t fadt[244];
	struct acpi_timers t = { 0 };

	(void)state;
	memset(fadt, 0, sizeof(fadt));
	put32(fadt + 76, 0x608);
	fadt[91] = 4;
	acpi_timers_from_fadt(fadt, 116, &t);
	assert_int_equal(t.pm_timer_port, 0x608);
	assert_false(t.pm_timer_32bit);
	put32(fadt + 112, 1u << 8);
	fadt[208] = 1; /* X_PM_TMR_BLK in I/O space wins */
	put32(fadt + 212, 0xb008);
	acpi_timers_from_fadt(fadt, sizeof(fadt), &t);
	assert_int_equal(t.pm_timer_port, 0xb008);
	assert_true(t.pm_timer_32bit);
	fadt[91] = 0;
	fadt[208] = 0;
	acpi_timers_from_fadt(fadt, sizeof(fadt), &t); /* PM_TMR_LEN 0: none */
	assert_int_equal(t.pm_timer_port, 0);
	acpi_timers_from_fadt(fadt, 100, &t); /* too short */
	assert_int_equal(t.pm_timer_port, 0);
}

static void test_hpet_table(void **state)
{
	uint8_t hpet[56];
	struct acpi_timers t = { 0 };

	(void)state;
	memset(hpet, 0, sizeof(hpet));
	put32(hpet + 44, 0xfed00000);
	acpi_timers_from_hpet(hpet, sizeof(hpet), &t);
	assert_int_equal(t.hpet_base, 0xfed00000);
	hpet[40] = 1; /* I/O space: not an HPET we can read */
	acpi_timers_from_hpet(hpet, sizeof(hpet), &t);
	assert_int_equal(t.hpet_base, 0);
	hpet[40] = 0;
	put32(hpet + 44, 0xfed00010); /* misaligned */
	acpi_timers_from_hpet(hpet, sizeof(hpet), &t);
	assert_int_equal(t.hpet_base, 0);
	acpi_timers_from_hpet(hpet, 40, &t);
	assert_int_equal(t.hpet_base, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sequence_sends_two_sipis_to_latecomers),
		cmocka_unit_test(test_sequence_skips_second_sipi_when_all_arrived),
		cmocka_unit_test(test_sequence_without_aps_sends_nothing),
		cmocka_unit_test(test_timing_rule),
		cmocka_unit_test(test_vendor_and_family),
		cmocka_unit_test(test_not_enabled_entries_are_not_started),
		cmocka_unit_test(test_region_limit_follows_basic_bit48),
		cmocka_unit_test(test_region_limit_from_basic_msr),
		cmocka_unit_test(test_compare_finds_each_difference),
		cmocka_unit_test(test_page0_reserved),
		cmocka_unit_test(test_vmx_result_flags),
		cmocka_unit_test(test_tsc_choice),
		cmocka_unit_test(test_tsc_arithmetic),
		cmocka_unit_test(test_fadt_pm_timer),
		cmocka_unit_test(test_hpet_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
