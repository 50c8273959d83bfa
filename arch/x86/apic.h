/*
 * Local APIC in xAPIC (MMIO) or x2APIC (MSR) mode (Intel SDM Vol. 3A
 * chapter 11 "Advanced Programmable Interrupt Controller (APIC)").
 */
#ifndef ARCH_X86_APIC_H
#define ARCH_X86_APIC_H

#include <stdbool.h>
#include <stdint.h>

#define APIC_DEFAULT_BASE 0xFEE00000ull

/* Interrupt command register delivery modes and flags (SDM 3A 11.6.1). */
#define APIC_ICR_INIT	      (5u << 8)
#define APIC_ICR_STARTUP      (6u << 8)
#define APIC_ICR_LEVEL_ASSERT (1u << 14)

/* The kernel's interrupt vectors; everything else stays masked. */
#define APIC_VECTOR_WAKEUP   0xF0 /* an AP tells the boot processor it arrived */
#define APIC_VECTOR_TIMER    0xF1 /* bounds a halted wait */
#define APIC_VECTOR_SPURIOUS 0xFF

#define APIC_ICR_FIXED (0u << 8)
#define APIC_ICR_NMI   (4u << 8) /* delivery mode NMI (Vol. 3A 11.6.1) */

/* Choose the interface for every core: x2apic selects MSRs over MMIO. */
void apic_setup(uint64_t mmio_base, bool x2apic);
/* Enable the calling core's APIC in the chosen mode. */
void apic_enable(void);
bool apic_x2apic_mode(void);
/* IA32_APIC_BASE says x2APIC mode (as the firmware left it, before apic_enable). */
bool apic_x2apic_enabled(void);
/* After a guest ran the APICs: follow the mode it left (IA32_APIC_BASE.EXTD), enabled. */
void apic_resync_mode(void);
/* This core's mode as IA32_APIC_BASE says, the APIC untouched (while a guest owns it). */
void apic_follow_mode(void);
/* The xAPIC's physical address from IA32_APIC_BASE: the truth for this core. */
uint64_t apic_msr_base(void);
uint32_t apic_current_id(void);
/* Send an IPI; false if the xAPIC never reported it delivered. */
bool apic_send_ipi(uint32_t apic_id, uint32_t icr_low);
/* The interrupt command register: high half (xAPIC: destination in 63:56) and low. */
uint64_t apic_read_icr(void);
void apic_eoi(void);
/* A periodic timer interrupt (any period: it only wakes a halted wait), or none. */
void apic_timer_start(uint32_t initial_count);
void apic_timer_stop(void);

#endif
