/*
 * Polled 16550 UART driver for COM1 at 115200 baud, 8 data bits, no parity,
 * 1 stop bit.  Register layout from the PC16550D datasheet (National
 * Semiconductor, 1995), section 8.
 */
#include "arch/x86/serial.h"
#include "arch/x86/io.h"

#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_DLL 0 /* divisor latch low (DLAB=1) */
#define UART_IER 1 /* interrupt enable (DLAB=0) */
#define UART_DLM 1 /* divisor latch high (DLAB=1) */
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_SCR 7

#define LCR_8N1		 0x03
#define LCR_DLAB	 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS_OUT2 0x0B
#define LSR_THR_EMPTY	 0x20
#define LSR_TX_EMPTY	 0x40 /* holding and shift registers both empty */

#define UART_CLOCK_HZ 115200 /* divisor = 115200 / baud */
#define BAUD	      115200

/* Without a UART the kernel must not spin on a status bit forever. */
#define TX_SPIN_LIMIT 100000

static int serial_present;

void serial_init(void)
{
	unsigned divisor = UART_CLOCK_HZ / BAUD;

	/* A port that does not keep what is written to its scratch register is absent. */
	outb(COM1_PORT + UART_SCR, 0x5A);
	if (inb(COM1_PORT + UART_SCR) != 0x5A)
		return;

	outb(COM1_PORT + UART_IER, 0);
	outb(COM1_PORT + UART_LCR, LCR_DLAB);
	outb(COM1_PORT + UART_DLL, divisor & 0xFF);
	outb(COM1_PORT + UART_DLM, divisor >> 8);
	outb(COM1_PORT + UART_LCR, LCR_8N1);
	outb(COM1_PORT + UART_FCR, FCR_ENABLE_CLEAR);
	outb(COM1_PORT + UART_MCR, MCR_DTR_RTS_OUT2);
	serial_present = 1;
}

static void serial_put_raw(char c)
{
	for (int spins = 0; spins < TX_SPIN_LIMIT; spins++)
		if (inb(COM1_PORT + UART_LSR) & LSR_THR_EMPTY)
			break;
	outb(COM1_PORT + UART_THR, (unsigned char)c);
}

void serial_flush(void)
{
	for (int spins = 0; serial_present && spins < TX_SPIN_LIMIT; spins++)
		if (inb(COM1_PORT + UART_LSR) & LSR_TX_EMPTY)
			return;
}

void serial_putc(char c)
{
	if (!serial_present)
		return;
	if (c == '\n')
		serial_put_raw('\r');
	serial_put_raw(c);
}
