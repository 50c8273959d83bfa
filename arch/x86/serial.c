/*
 * COM1 at 115200 baud 8N1 through the polled UART driver (arch/x86/uart.c),
 * with LF sent as CR LF for terminals.
 */
#include "arch/x86/serial.h"
#include "arch/x86/uart.h"

static bool serial_present;

void serial_init(void)
{
	serial_present = uart_init(COM1_PORT);
}

void serial_flush(void)
{
	if (serial_present)
		uart_flush(COM1_PORT);
}

void serial_putc(char c)
{
	if (!serial_present)
		return;
	if (c == '\n')
		uart_put(COM1_PORT, '\r');
	uart_put(COM1_PORT, (uint8_t)c);
}
