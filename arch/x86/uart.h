/*
 * A polled 16550 UART at any base port, 115200 baud 8N1: COM1 carries the
 * kernel's report (arch/x86/serial.c); COM2 will carry the GDB stub's
 * packets (lib/gdb/stub.h), which need a receive side that never blocks.
 */
#ifndef ARCH_X86_UART_H
#define ARCH_X86_UART_H

#include <stdbool.h>
#include <stdint.h>

#define COM2_PORT 0x2F8

/* Programs the UART; false (and nothing programmed) if none answers at base. */
bool uart_init(uint16_t base);
/* Waits (bounded) for room, then sends byte. */
void uart_put(uint16_t base, uint8_t byte);
/* A received byte into *byte if one is waiting; false at once otherwise. */
bool uart_try_get(uint16_t base, uint8_t *byte);
/* Waits (bounded) until the last byte has left the UART. */
void uart_flush(uint16_t base);

#endif
