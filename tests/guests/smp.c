/*
 * Starting the other processors, as an operating system does it itself:
 * the real-mode trampoline copied below 1 MiB, then INIT and STARTUP IPIs
 * through the local APIC's ICR (Intel SDM 325462-080US Vol. 3A 10.6.1 for
 * the xAPIC ICR, 10.12.9 for the x2APIC ICR MSR; 8.4.4.1 for the
 * sequence).  Two sequences: the MultiProcessor Specification 1.4's per
 * AP (B.4: INIT, 10 ms, STARTUP, 200 us, STARTUP) and a broadcast (one
 * INIT to all excluding self, 10 ms, one STARTUP).  Each AP reaches 32-bit
 * protected mode (entry.asm), prints "ap <id> up" and counts itself.
 */
#include "tests/guests/mbtest.h"

#define LAPIC_DEFAULT	 0xfee00000u
#define LAPIC_ID	 0x20
#define LAPIC_SVR	 0xf0
#define LAPIC_ICR_LOW	 0x300
#define LAPIC_ICR_HIGH	 0x310
#define SVR_ENABLE	 (1u << 8)
#define ICR_INIT	 (5u << 8)
#define ICR_STARTUP	 (6u << 8)
#define ICR_PENDING	 (1u << 12)
#define ICR_ASSERT	 (1u << 14)
#define ICR_ALL_BUT_SELF (3u << 18)
#define MSR_APIC_BASE	 0x1b
#define APIC_BASE_ENABLE (1u << 11)
#define APIC_BASE_X2APIC (1u << 10)
#define MSR_X2APIC_SVR	 0x80f
#define MSR_X2APIC_ICR	 0x830
#define CPUID_X2APIC	 (1u << 21)
#define TRAMPOLINE_PAGE	 0x8000u
#define INIT_DELAY_US	 10000
#define STARTUP_DELAY_US 200
#define ARRIVAL_STEP_US	 10000
#define ARRIVAL_STEPS	 200 /* 2 s */

static volatile uint32_t ap_count;
void (*smp_ap_hook)(uint32_t apic_id);
static uint32_t lapic = LAPIC_DEFAULT;
static bool use_x2apic;

static volatile uint32_t *reg(uint32_t off)
{
	return (volatile uint32_t *)(uintptr_t)(lapic + off);
}

static void icr_send(uint32_t dest, uint32_t low)
{
	if (use_x2apic) {
		wrmsr(MSR_X2APIC_ICR, ((uint64_t)dest << 32) | low);
		return;
	}
	*reg(LAPIC_ICR_HIGH) = dest << 24;
	*reg(LAPIC_ICR_LOW) = low;
	while (*reg(LAPIC_ICR_LOW) & ICR_PENDING)
		;
}

static uint32_t own_apic_id(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] >= 0xb) {
		cpuid(0xb, 0, r);
		return r[3];
	}
	cpuid(1, 0, r);
	return r[1] >> 24;
}

static bool enable_apic(bool x2apic)
{
	uint32_t r[4];
	uint64_t base = rdmsr(MSR_APIC_BASE);

	cpuid(1, 0, r);
	if (x2apic && !(r[2] & CPUID_X2APIC)) {
		put_str("mbtest: x2apic unavailable\n");
		x2apic = false;
	}
	use_x2apic = x2apic;
	if (x2apic) {
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_ENABLE | APIC_BASE_X2APIC);
		wrmsr(MSR_X2APIC_SVR, rdmsr(MSR_X2APIC_SVR) | SVR_ENABLE | 0xff);
	} else {
		*reg(LAPIC_SVR) |= SVR_ENABLE | 0xff;
	}
	put_str(x2apic ? "mbtest: apic mode=x2apic\n" : "mbtest: apic mode=xapic\n");
	return x2apic;
}

static void start_per_ap(const struct smp_request *req, uint32_t vector)
{
	uint32_t self = own_apic_id(), i;

	for (i = 0; i < req->count && i < MAX_CPUS; i++) {
		if (req->ids[i] == self)
			continue;
		icr_send(req->ids[i], ICR_INIT | ICR_ASSERT);
		pit_delay_us(INIT_DELAY_US);
		icr_send(req->ids[i], ICR_STARTUP | vector);
		pit_delay_us(STARTUP_DELAY_US);
		icr_send(req->ids[i], ICR_STARTUP | vector);
		pit_delay_us(STARTUP_DELAY_US);
	}
}

static void start_broadcast(uint32_t vector)
{
	icr_send(0, ICR_ALL_BUT_SELF | ICR_INIT | ICR_ASSERT);
	pit_delay_us(INIT_DELAY_US);
	icr_send(0, ICR_ALL_BUT_SELF | ICR_STARTUP | vector);
}

uint32_t smp_start(const struct smp_request *req)
{
	uint32_t page = req->vector0 ? 0 : TRAMPOLINE_PAGE, steps;

	if (req->lapic_base)
		lapic = req->lapic_base;
	memcpy((void *)(uintptr_t)page, trampoline_start,
	       (size_t)(trampoline_end - trampoline_start));
	enable_apic(req->x2apic);
	put_str("mbtest: sipi vector=");
	put_hex(page >> 12);
	put_str(req->method == SMP_PER_AP ? " sequence=mp\n" : " sequence=broadcast\n");
	if (req->method == SMP_PER_AP)
		start_per_ap(req, page >> 12);
	else
		start_broadcast(page >> 12);
	for (steps = 0; steps < ARRIVAL_STEPS && ap_count + 1 < req->count; steps++)
		pit_delay_us(ARRIVAL_STEP_US);
	/* A processor more than the MADT lists would show in the count too. */
	pit_delay_us(ARRIVAL_STEP_US);
	return ap_count + 1;
}

void ap_main(void)
{
	uint32_t id = own_apic_id();

	print_lock();
	put_str("mbtest: ap ");
	put_dec(id);
	put_str(" up\n");
	print_unlock();
	__atomic_add_fetch(&ap_count, 1, __ATOMIC_SEQ_CST);
	if (smp_ap_hook)
		smp_ap_hook(id);
	halt_forever();
}
