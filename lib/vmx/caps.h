/*
 * VMX capability decoding: pure logic over raw CPUID and MSR values,
 * shared by the kernel and the host tool tools/vmxcheck.c.  One header
 * per concern; this one includes those the kernel uses.
 *
 *   snapshot.h  the raw values and their collection through callbacks
 *   presence.h  which capability MSRs exist
 *   controls.h  allowed control and CR settings, IA32_FEATURE_CONTROL
 *   assess.h    the verdict and its reason
 *   cause.h     cause tokens and advice, the report's included
 *   print.h     the text decode (decode.h, columns.h behind it)
 *
 * Host-only parts live in lib/host/: the dump-file reader (vmx_dump.h).
 * VMCS control choice is in vmcs_controls.h.
 */
#ifndef LIB_VMX_CAPS_H
#define LIB_VMX_CAPS_H

#include "lib/vmx/assess.h"
#include "lib/vmx/cause.h"
#include "lib/vmx/controls.h"
#include "lib/vmx/presence.h"
#include "lib/vmx/print.h"
#include "lib/vmx/snapshot.h"

#endif
