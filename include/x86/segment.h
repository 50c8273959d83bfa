/*
 * Segment and gate descriptors (Intel SDM Vol. 3A section 3.4.5 "Segment
 * Descriptors", 3.5 "System Descriptor Types" and 6.14.1 "64-Bit Mode IDT").
 * The boot code's GDTs (boot/entry.asm, boot/trampoline.asm) and the
 * per-core GDT (arch/x86/desc.c) are all built from these.
 */
#ifndef INCLUDE_X86_SEGMENT_H
#define INCLUDE_X86_SEGMENT_H

/* Flat 4 GiB descriptors: present, DPL 0, granularity 4 KiB. */
#define X86_DESC_CODE64 0x00AF9A000000FFFFull /* execute/read, L=1 */
#define X86_DESC_CODE32 0x00CF9A000000FFFFull /* execute/read, D=1 */
#define X86_DESC_DATA	0x00CF92000000FFFFull /* read/write */

/* System descriptor and gate types with the present bit, DPL 0. */
#define X86_TYPE_TSS_AVAILABLE	0x89 /* 64-bit TSS (available) */
#define X86_TYPE_INTERRUPT_GATE 0x8E /* 64-bit interrupt gate */

#endif
