/*
 * Which XCR0 values XSETBV accepts (Intel SDM Vol. 2 "XSETBV", Vol. 1 13.3
 * "Enabling the XSAVE Feature Set and XSAVE-Enabled Features"): the
 * hypervisor checks a guest's XSETBV with this before executing it, so the
 * guest gets the #GP a real processor would give, and VMX root operation
 * never faults on the guest's behalf.
 */
#ifndef LIB_VMX_XCR0_H
#define LIB_VMX_XCR0_H

#include <stdbool.h>
#include <stdint.h>

#define XCR0_X87      (1ull << 0)
#define XCR0_SSE      (1ull << 1)
#define XCR0_AVX      (1ull << 2)
#define XCR0_BNDREGS  (1ull << 3)
#define XCR0_BNDCSR   (1ull << 4)
#define XCR0_AVX512   (7ull << 5) /* opmask, ZMM_Hi256, Hi16_ZMM */
#define XCR0_TILECFG  (1ull << 17)
#define XCR0_TILEDATA (1ull << 18)

/* `supported` is CPUID.(EAX=0DH,ECX=0):EDX:EAX. */
bool vmx_xcr0_valid(uint64_t value, uint64_t supported);

#endif
