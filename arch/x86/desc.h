/*
 * Per-core descriptor tables: GDT, TSS and IDT (Intel SDM Vol. 3A sections
 * 3.4.5 "Segment Descriptors", 8.2.3 "TSS in 64-bit Mode" and 6.14.1
 * "64-Bit Mode IDT").
 */
#ifndef ARCH_X86_DESC_H
#define ARCH_X86_DESC_H

#include <stdint.h>
#include "include/x86/exceptions.h"

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS		0x18
#define GDT_ENTRIES	5 /* null, code, data, TSS (two slots) */

#define IDT_EXCEPTIONS X86_EXCEPTION_VECTORS
#define IDT_ENTRIES    256

/* Interrupt-stack-table slots: faults that must not run on a broken stack. */
#define IST_NMI	       1
#define IST_DF	       2
#define IST_MC	       3
#define IST_PF	       4 /* so a stack overflow into the guard page is reported */
#define IST_COUNT      4
#define IST_STACK_SIZE 8192 /* the #PF handler may print the whole report */

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));
_Static_assert(sizeof(struct tss64) == 104, "64-bit TSS is 104 bytes");

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate is 16 bytes");

struct cpu_tables {
	uint64_t gdt[GDT_ENTRIES];
	struct tss64 tss;
	struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));
};

/*
 * Fill a core's GDT, TSS and IDT (any core may do it for another); ist_tops
 * are the tops of its interrupt stacks, each best with a guard page under it.
 */
void desc_init(struct cpu_tables *t, const uint64_t ist_tops[IST_COUNT]);
/* Move a core's interrupt stacks (the TSS is read at each interrupt). */
void desc_set_ist(struct cpu_tables *t, const uint64_t ist_tops[IST_COUNT]);
/* Load them on the calling core. */
void desc_load(struct cpu_tables *t);

#endif
