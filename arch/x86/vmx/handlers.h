/*
 * The exits every kind of guest shares (handlers.c, hypercall.c): the
 * default table kind.h merges into each kind's.
 */
#ifndef ARCH_X86_VMX_HANDLERS_H
#define ARCH_X86_VMX_HANDLERS_H

#include <stdbool.h>
#include "arch/x86/vmx/kind.h"

bool vmx_handle_cpuid(struct vmx_core *core, struct vmx_gprs *r);
bool vmx_handle_rdmsr(struct vmx_core *core, struct vmx_gprs *r);
bool vmx_handle_wrmsr(struct vmx_core *core, struct vmx_gprs *r);
bool vmx_handle_cr_access(struct vmx_core *core, struct vmx_gprs *r);
bool vmx_handle_xsetbv(struct vmx_core *core, struct vmx_gprs *r);
bool vmx_handle_invd(struct vmx_core *core, struct vmx_gprs *r);
/* VMX instructions and GETSEC: #UD, as on a processor without VMX or SMX. */
bool vmx_handle_vmx_instruction(struct vmx_core *core, struct vmx_gprs *r);
/* VMCALL: version and exit counts for the kernel (CPL 0); #UD at CPL 3; anything else unknown. */
bool vmx_handle_vmcall(struct vmx_core *core, struct vmx_gprs *r);

#endif
