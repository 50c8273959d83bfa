/*
 * Exception and interrupt vectors the kernel names (Intel SDM Vol. 3A
 * section 6.3.1, table 6-1 "Protected-Mode Exceptions and Interrupts").
 */
#ifndef INCLUDE_X86_EXCEPTIONS_H
#define INCLUDE_X86_EXCEPTIONS_H

#define X86_VEC_DE  0  /* divide error */
#define X86_VEC_DB  1  /* debug */
#define X86_VEC_NMI 2  /* non-maskable interrupt */
#define X86_VEC_BP  3  /* breakpoint */
#define X86_VEC_UD  6  /* invalid opcode */
#define X86_VEC_DF  8  /* double fault */
#define X86_VEC_GP  13 /* general protection */
#define X86_VEC_PF  14 /* page fault */
#define X86_VEC_MC  18 /* machine check */

#define X86_EXCEPTION_VECTORS 32 /* 0-31 are reserved for exceptions */

#endif
