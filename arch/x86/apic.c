#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/msr.h"

/* IA32_APIC_BASE fields, SDM 3A 11.4.4 figure 11-5. */
#define APIC_BASE_ENABLE	(1ull << 11)
#define APIC_BASE_X2APIC	(1ull << 10)
#define APIC_BASE_ADDR_MASK	0x000FFFFFFFFFF000ull

/* xAPIC register offsets; the x2APIC MSR is 0x800 + offset / 16 (SDM 3A 11.12.1). */
#define APIC_REG_ID		0x20
#define APIC_REG_SVR		0xF0
#define APIC_REG_ICR_LOW	0x300
#define APIC_REG_ICR_HIGH	0x310
#define X2APIC_MSR_BASE		0x800
#define X2APIC_MSR_ICR		0x830

#define APIC_SVR_ENABLE		(1u << 8)
#define APIC_SPURIOUS_VECTOR	0xFF
#define APIC_ICR_PENDING	(1u << 12)
#define ICR_PENDING_SPINS	1000000

static volatile uint32_t *xapic_mmio;
static bool x2apic;

static uint32_t apic_read(uint32_t reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + reg / 16);
	return xapic_mmio[reg / 4];
}

static void apic_write(uint32_t reg, uint32_t value)
{
	if (x2apic)
		wrmsr(X2APIC_MSR_BASE + reg / 16, value);
	else
		xapic_mmio[reg / 4] = value;
}

void apic_setup(uint64_t mmio_base, bool use_x2apic)
{
	x2apic = use_x2apic;
	xapic_mmio = (volatile uint32_t *)(uintptr_t)mmio_base;
}

void apic_enable(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	/* x2APIC mode may only be entered from xAPIC mode (SDM 3A 11.12.5). */
	base |= APIC_BASE_ENABLE;
	wrmsr(MSR_IA32_APIC_BASE, base);
	if (x2apic && !(base & APIC_BASE_X2APIC))
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC);
	apic_write(APIC_REG_SVR, APIC_SVR_ENABLE | APIC_SPURIOUS_VECTOR);
}

bool apic_x2apic_mode(void)
{
	return x2apic;
}

uint32_t apic_current_id(void)
{
	uint32_t id = apic_read(APIC_REG_ID);
	return x2apic ? id : id >> 24;
}

bool apic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	if (x2apic) {
		/* x2APIC ICR writes are not serialising with memory; fence first. */
		__asm__ volatile("mfence" ::: "memory");
		wrmsr(X2APIC_MSR_ICR, ((uint64_t)apic_id << 32) | icr_low);
		return true;
	}
	apic_write(APIC_REG_ICR_HIGH, apic_id << 24);
	apic_write(APIC_REG_ICR_LOW, icr_low);
	for (int spins = 0; spins < ICR_PENDING_SPINS; spins++) {
		if (!(apic_read(APIC_REG_ICR_LOW) & APIC_ICR_PENDING))
			return true;
		cpu_relax();
	}
	return false;
}
