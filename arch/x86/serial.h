/* COM1, a 16550-compatible UART, polled: the kernel's report channel. */
#ifndef ARCH_X86_SERIAL_H
#define ARCH_X86_SERIAL_H

#define COM1_PORT 0x3F8

void serial_init(void);
void serial_putc(char c);
/* Wait until the last character has left the UART (before the machine stops). */
void serial_flush(void);

#endif
