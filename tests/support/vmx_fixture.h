/* A hand-decoded Skylake-like capability snapshot for the VMX tests. */
#ifndef TESTS_SUPPORT_VMX_FIXTURE_H
#define TESTS_SUPPORT_VMX_FIXTURE_H

#include "lib/vmx/caps.h"

#define SKYLAKE_BASIC	   0x00da100000000004ull
#define SKYLAKE_PROCBASED  0xfff9fffe0401e172ull
#define SKYLAKE_PROCBASED2 0x001ffcff00000000ull
#define SKYLAKE_CR0_FIXED0 0x0000000080000021ull
#define SKYLAKE_CR0_FIXED1 0x00000000ffffffffull
#define SKYLAKE_CR4_FIXED0 0x0000000000002000ull
#define SKYLAKE_CR4_FIXED1 0x00000000003767ffull
#define VMX_ALL_FIELDS	   ((1u << VMX_SNAP_NR_FIELDS) - 1)

/* Every field known, values as described in vmx_fixture.c. */
struct vmx_msr_snapshot fixture_skylake(void);
/* Marks field f unknown. */
void fixture_drop(struct vmx_msr_snapshot *s, enum vmx_snap_field f);
/* vmx_assess() returning its result. */
struct vmx_assessment fixture_assess(const struct vmx_msr_snapshot *s);

#endif
