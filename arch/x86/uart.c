/*
 * Polled 16550 UART.  Register layout from the PC16550D datasheet (National
 * Semiconductor, 1995), section 8.
 */
#include "arch/x86/uart.h"
#include "arch/x86/io.h"

#define UART_THR 0 /* transmit holding (DLAB=0) */
#define UART_RBR 0 /* receive buffer (DLAB=0) */
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
#define LSR_DATA_READY	 0x01
#define LSR_THR_EMPTY	 0x20
#define LSR_TX_EMPTY	 0x40 /* holding and shift registers both empty */

#define UART_CLOCK_HZ 115200 /* divisor = 115200 / baud */
#define BAUD	      115200

/* Without a UART the kernel must not spin on a status bit forever. */
#define TX_SPIN_LIMIT 100000

bool uart_init(uint16_t base)
{
	unsigned divisor = UART_CLOCK_HZ / BAUD;

	/* A port that does not keep what is written to its scratch register is absent. */
	outb(base + UART_SCR, 0x5A);
	if (inb(base + UART_SCR) != 0x5A)
		return false;

	outb(base + UART_IER, 0);
	outb(base + UART_LCR, LCR_DLAB);
	outb(base + UART_DLL, divisor & 0xFF);
	outb(base + UART_DLM, divisor >> 8);
	outb(base + UART_LCR, LCR_8N1);
	outb(base + UART_FCR, FCR_ENABLE_CLEAR);
	outb(base + UART_MCR, MCR_DTR_RTS_OUT2);
	return true;
}

void uart_put(uint16_t base, uint8_t byte)
{
	for (int spins = 0; spins < TX_SPIN_LIMIT; spins++)
		if (inb(base + UART_LSR) & LSR_THR_EMPTY)
			break;
	outb(base + UART_THR, byte);
}

bool uart_try_get(uint16_t base, uint8_t *byte)
{
	if (!(inb(base + UART_LSR) & LSR_DATA_READY))
		return false;
	*byte = inb(base + UART_RBR);
	return true;
}

void uart_flush(uint16_t base)
{
	for (int spins = 0; spins < TX_SPIN_LIMIT; spins++)
		if (inb(base + UART_LSR) & LSR_TX_EMPTY)
			return;
}
