/*
 * The exit path (exit_entry.asm, exit.c): the registers saved, the exit
 * counted and handed to the current guest's kind (kind.h).
 */
#ifndef ARCH_X86_VMX_EXIT_H
#define ARCH_X86_VMX_EXIT_H

#include <stdint.h>
#include "arch/x86/vmx/guest.h"

/* The kernel as it continues outside VMX after a guest is given up: registers and an IRETQ frame. */
struct vmx_kernel_context {
	struct vmx_gprs gprs;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* exit_entry.asm: VMLAUNCH of the running kernel itself; 0 as guest, 1 VMfailInvalid, 2 VMfailValid, 3 entry failed. */
int vmx_guest_enter(void);
extern char vmx_guest_enter_failed[];
/* HOST_RIP of every guest. */
void vmx_exit_entry(void);
__attribute__((noreturn)) void vmx_resume_kernel(const struct vmx_kernel_context *ctx);

/* launch.asm: VMLAUNCH of a fresh guest with these registers; 1 VMfailInvalid, 2 VMfailValid, 0 once vmx_launch_return() came. */
int vmx_launch(uint64_t *return_rsp, const struct vmx_gprs *regs);
__attribute__((noreturn)) void vmx_launch_return(uint64_t return_rsp);

/* Called by exit_entry.asm. */
uint64_t vmx_exit_dispatch(struct vmx_gprs *gprs);
__attribute__((noreturn)) void vmx_vmresume_failed(uint64_t rflags);

#endif
