/*
 * The text decode of a capability snapshot, as vmxcheck and the kernel's
 * vmx-dump option print it.
 */
#ifndef LIB_VMX_PRINT_H
#define LIB_VMX_PRINT_H

#include "lib/vmx/snapshot.h"

/*
 * Text output for pure code.  The kernel passes its printf wrapper, the
 * host tool a vprintf wrapper.  Formats use only %s %c %d %u %x %lx %lu
 * with width and zero-padding.
 */
typedef void (*vmx_print_fn)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A full decode of every capability the snapshot holds, one
 * "name  value" per line: fields, each control's allowed settings
 * ("allowed=0/1", "=1", "=0"), CR fixed bits, EPT/VPID and VM functions.
 */
void vmx_caps_print(const struct vmx_msr_snapshot *s, vmx_print_fn print, void *ctx);

#endif
