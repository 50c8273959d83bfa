#include "arch/x86/apic.h"
#include "arch/x86/cpu.h"
#include "arch/x86/io.h"
#include "arch/x86/percpu.h"
#include "include/x86/msr.h"

#define PIC1_DATA 0x21 /* 8259A interrupt mask registers */
#define PIC2_DATA 0xA1

/* IA32_APIC_BASE fields, SDM 3A 11.4.4 figure 11-5. */
#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_X2APIC (1ull << 10)

/* xAPIC register offsets; the x2APIC MSR is 0x800 + offset / 16 (SDM 3A 11.12.1). */
#define APIC_REG_ID	      0x20
#define APIC_REG_VERSION      0x30
#define APIC_REG_EOI	      0xB0
#define APIC_REG_SVR	      0xF0
#define APIC_REG_LVT_CMCI     0x2F0
#define APIC_REG_LVT_TIMER    0x320
#define APIC_REG_LVT_THERMAL  0x330
#define APIC_REG_LVT_PERF     0x340
#define APIC_REG_LVT_LINT0    0x350
#define APIC_REG_LVT_ERROR    0x370
#define APIC_REG_TIMER_INIT   0x380
#define APIC_REG_TIMER_DIVIDE 0x3E0
#define APIC_REG_ICR_LOW      0x300
#define APIC_REG_ICR_HIGH     0x310
#define X2APIC_MSR_BASE	      0x800
#define X2APIC_MSR_ICR	      0x830

#define APIC_SVR_ENABLE	     (1u << 8)
#define APIC_LVT_MASKED	     (1u << 16)
#define APIC_LVT_PERIODIC    (1u << 17)
#define APIC_TIMER_DIVIDE_16 0x3
#define APIC_ICR_PENDING     (1u << 12)
#define ICR_PENDING_SPINS    1000000

static volatile uint32_t *xapic_mmio;
/* The mode chosen at boot for every core; each core's own is struct cpu's x2apic. */
static bool x2apic_wanted;

/*
 * This core's mode: per core, since an OS guest may switch one core's
 * APIC to x2APIC and leave another's in xAPIC mode.
 */
static bool x2apic_here(void)
{
	return this_cpu()->x2apic;
}

static uint32_t apic_read(uint32_t reg)
{
	if (x2apic_here())
		return (uint32_t)rdmsr(X2APIC_MSR_BASE + reg / 16);
	return xapic_mmio[reg / 4];
}

static void apic_write(uint32_t reg, uint32_t value)
{
	if (x2apic_here())
		wrmsr(X2APIC_MSR_BASE + reg / 16, value);
	else
		xapic_mmio[reg / 4] = value;
}

/*
 * The BIOS leaves the 8259 PICs delivering the PIT's tick at vector 8, the
 * double-fault vector, through LINT0 in virtual-wire mode.  Interrupts come
 * only from the local APIC here, so both PICs are masked for good.
 */
static void mask_legacy_pics(void)
{
	outb(PIC1_DATA, 0xFF);
	outb(PIC2_DATA, 0xFF);
}

/*
 * Firmware may leave local interrupt sources unmasked; only IPIs and the
 * kernel's own timer are wanted.  LINT1 (NMI) stays as it is.  The LVT
 * entries beyond the first four exist as the version register says
 * (SDM 3A 11.5.1): reaching a missing one in x2APIC mode is #GP.
 */
static void mask_local_interrupts(void)
{
	uint32_t max_lvt = (apic_read(APIC_REG_VERSION) >> 16) & 0xFF;

	apic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_REG_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_REG_LVT_ERROR, APIC_LVT_MASKED);
	if (max_lvt >= 4)
		apic_write(APIC_REG_LVT_PERF, APIC_LVT_MASKED);
	if (max_lvt >= 5)
		apic_write(APIC_REG_LVT_THERMAL, APIC_LVT_MASKED);
	if (max_lvt >= 6)
		apic_write(APIC_REG_LVT_CMCI, APIC_LVT_MASKED);
}

void apic_setup(uint64_t mmio_base, bool use_x2apic)
{
	mask_legacy_pics();
	x2apic_wanted = use_x2apic;
	xapic_mmio = (volatile uint32_t *)(uintptr_t)mmio_base;
}

/* Enabled in this core's mode (struct cpu's x2apic), the spurious vector set, local sources masked. */
static void enable_in_mode(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	/* x2APIC mode may only be entered from xAPIC mode (SDM 3A 11.12.5). */
	base |= APIC_BASE_ENABLE;
	wrmsr(MSR_IA32_APIC_BASE, base);
	if (x2apic_here() && !(base & APIC_BASE_X2APIC))
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_X2APIC);
	apic_write(APIC_REG_SVR, APIC_SVR_ENABLE | APIC_VECTOR_SPURIOUS);
	mask_local_interrupts();
}

void apic_enable(void)
{
	this_cpu()->x2apic = x2apic_wanted;
	enable_in_mode();
}

uint64_t apic_msr_base(void)
{
	return rdmsr(MSR_IA32_APIC_BASE) & IA32_APIC_BASE_ADDR_MASK;
}

bool apic_x2apic_enabled(void)
{
	return rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_X2APIC;
}

void apic_follow_mode(void)
{
	this_cpu()->x2apic = rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_X2APIC;
}

void apic_resync_mode(void)
{
	apic_follow_mode();
	enable_in_mode();
}

bool apic_x2apic_mode(void)
{
	return x2apic_here();
}

uint32_t apic_current_id(void)
{
	uint32_t id = apic_read(APIC_REG_ID);
	return x2apic_here() ? id : id >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_REG_EOI, 0);
}

/* SDM 3A 11.5.4 "APIC Timer". */
void apic_timer_start(uint32_t initial_count)
{
	apic_write(APIC_REG_TIMER_DIVIDE, APIC_TIMER_DIVIDE_16);
	apic_write(APIC_REG_LVT_TIMER, APIC_LVT_PERIODIC | APIC_VECTOR_TIMER);
	apic_write(APIC_REG_TIMER_INIT, initial_count);
}

void apic_timer_stop(void)
{
	apic_write(APIC_REG_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_REG_TIMER_INIT, 0);
}

uint64_t apic_read_icr(void)
{
	if (x2apic_here())
		return rdmsr(X2APIC_MSR_ICR);
	return (uint64_t)apic_read(APIC_REG_ICR_HIGH) << 32 | apic_read(APIC_REG_ICR_LOW);
}

bool apic_send_ipi(uint32_t apic_id, uint32_t icr_low)
{
	if (x2apic_here()) {
		/*
		 * WRMSR to the x2APIC ICR may pass earlier stores (SDM 3A
		 * 11.12.3): fence so the target sees what the IPI announces.
		 */
		__asm__ volatile("mfence; lfence" ::: "memory");
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
