/* The VGA text screen at 0xB8000: the console's mirror under BIOS. */
#ifndef ARCH_X86_VGA_TEXT_H
#define ARCH_X86_VGA_TEXT_H

#include <stdint.h>

void vga_text_init(uint64_t base, unsigned columns, unsigned rows);
void vga_text_putc(char c);

#endif
