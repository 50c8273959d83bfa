/*
 * Which WRMSRs a processor without VMX refuses with #GP (Intel SDM
 * 325462-080US Vol. 4 Chapter 2, and per MSR in msr_rules.c): the
 * hypervisor checks a guest's intercepted WRMSR with this before it does
 * anything with the value, so the guest gets the #GP a real processor
 * would give and VMX root operation never faults on the guest's behalf.
 */
#ifndef LIB_VMX_MSR_RULES_H
#define LIB_VMX_MSR_RULES_H

#include <stdbool.h>
#include <stdint.h>

/* IA32_VMX_BASIC .. IA32_VMX_EXIT_CTLS2: the VMX capability MSRs (Vol. 4 Table 2-2). */
#define MSR_VMX_CAPABILITY_FIRST 0x480u
#define MSR_VMX_CAPABILITY_LAST	 0x493u
/* The range hypervisors define their MSRs in; none here (README, "Hypercalls"). */
#define MSR_HYPERVISOR_FIRST	 0x40000000u
#define MSR_HYPERVISOR_LAST	 0x400000ffu

/* An MSR a processor without VMX (and without this hypervisor) does not have: #GP on any access. */
bool vmx_msr_absent(uint32_t msr);

/*
 * WRMSR msr <- value refused with #GP: an absent MSR, IA32_FEATURE_CONTROL
 * (locked), a reserved bit, a reserved memory type, a non-canonical
 * address, an address beyond maxphyaddr bits, or an IA32_APIC_BASE mode
 * change the processor does not allow from old (the MSR's current value).
 */
bool vmx_wrmsr_refused(uint32_t msr, uint64_t value, uint64_t old, unsigned maxphyaddr);

#endif
