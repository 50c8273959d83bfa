/* Exceptions: reported with the core's number, or recovered when expected. */
#ifndef ARCH_X86_TRAP_H
#define ARCH_X86_TRAP_H

#include <stdbool.h>
#include <stdint.h>
#include "include/x86/exceptions.h"

/* Laid out by trap_entry.asm: the pushes in reverse, then the CPU's frame. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

#define TRAP_NONE (~0ull)

void trap_dispatch(struct trap_frame *frame);
const char *trap_vector_name(uint64_t vector);

/*
 * Run fn(arg) with an exception expected: a fault inside it is recorded and
 * fn's call returns early instead of the core being stopped.  Returns the
 * vector taken, or TRAP_NONE.  Used by the VMX self-tests (#UD, #GP).
 */
uint64_t trap_catch(void (*fn)(void *), void *arg, uint64_t *error_code);

/* RDMSR and WRMSR that return the vector they raised (#GP), or TRAP_NONE. */
uint64_t rdmsr_catch(uint32_t msr, uint64_t *value);
uint64_t wrmsr_catch(uint32_t msr, uint64_t value);

/* What a fatal exception does after it is reported (set by the boot flow). */
extern void (*trap_fatal_hook)(void);
/* An NMI in the host: true if it was expected (the guest debugger's stop IPI), and is done. */
extern bool (*trap_nmi_hook)(void);

/* Fatal exceptions so far, on any core: a run with one is not a success. */
extern volatile uint32_t trap_fatal_count;

/* Let cores that are printing an exception report finish it (bounded wait). */
void trap_wait_for_reports(void);

#endif
