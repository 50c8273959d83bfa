#include <string.h>
#include "arch/x86/desc.h"
#include "include/x86/exceptions.h"
#include "include/x86/segment.h"

extern const uint64_t trap_stubs[IDT_EXCEPTIONS];
extern const uint64_t interrupt_stubs[IDT_ENTRIES - IDT_EXCEPTIONS];

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void set_tss_descriptor(uint64_t *slot, const struct tss64 *tss)
{
	uint64_t base = (uint64_t)(uintptr_t)tss;
	uint64_t limit = sizeof(*tss) - 1;

	slot[0] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) |
		  ((uint64_t)X86_TYPE_TSS_AVAILABLE << 40) | (((limit >> 16) & 0xF) << 48) |
		  (((base >> 24) & 0xFF) << 56);
	slot[1] = base >> 32;
}

static void set_gate(struct idt_gate *gate, uint64_t handler, uint8_t ist)
{
	gate->offset_low = handler & 0xFFFF;
	gate->selector = GDT_KERNEL_CODE;
	gate->ist = ist;
	gate->type_attr = X86_TYPE_INTERRUPT_GATE;
	gate->offset_mid = (handler >> 16) & 0xFFFF;
	gate->offset_high = handler >> 32;
	gate->reserved = 0;
}

static uint8_t ist_for_vector(unsigned vector)
{
	switch (vector) {
	case X86_VEC_NMI: return IST_NMI;
	case X86_VEC_DF: return IST_DF;
	case X86_VEC_MC: return IST_MC;
	case X86_VEC_PF: return IST_PF;
	default: return 0;
	}
}

void desc_set_ist(struct cpu_tables *t, const uint64_t ist_tops[IST_COUNT])
{
	for (int i = 0; i < IST_COUNT; i++)
		t->tss.ist[i] = ist_tops[i]; /* IST slot i + 1 */
}

void desc_init(struct cpu_tables *t, const uint64_t ist_tops[IST_COUNT])
{
	memset(t, 0, sizeof(*t));
	t->gdt[GDT_KERNEL_CODE / 8] = X86_DESC_CODE64;
	t->gdt[GDT_KERNEL_DATA / 8] = X86_DESC_DATA;
	set_tss_descriptor(&t->gdt[GDT_TSS / 8], &t->tss);
	desc_set_ist(t, ist_tops);
	t->tss.iomap_base = sizeof(t->tss); /* no I/O permission bitmap */

	for (unsigned v = 0; v < IDT_EXCEPTIONS; v++)
		set_gate(&t->idt[v], trap_stubs[v], ist_for_vector(v));
	for (unsigned v = IDT_EXCEPTIONS; v < IDT_ENTRIES; v++)
		set_gate(&t->idt[v], interrupt_stubs[v - IDT_EXCEPTIONS], 0);
}

static void load_gdt_and_segments(const uint64_t *gdt)
{
	struct table_pointer p = { sizeof(uint64_t) * GDT_ENTRIES - 1, (uint64_t)(uintptr_t)gdt };

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w2, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 :
			 : "m"(p), "i"(GDT_KERNEL_CODE), "i"(GDT_KERNEL_DATA)
			 : "rax", "memory");
}

void desc_load(struct cpu_tables *t)
{
	struct table_pointer idtp = { sizeof(t->idt) - 1, (uint64_t)(uintptr_t)t->idt };

	load_gdt_and_segments(t->gdt);
	__asm__ volatile("ltr %w0" : : "r"((uint16_t)GDT_TSS));
	__asm__ volatile("lidt %0" : : "m"(idtp));
}
