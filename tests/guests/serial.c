/* COM1 at 0x3f8, 115200 8N1, polled (16550 UART). */
#include "tests/guests/mbtest.h"

#define COM1 0x3f8

static volatile uint32_t print_lock_word;

void serial_init(void)
{
	outb(COM1 + 1, 0x00); /* no interrupts */
	outb(COM1 + 3, 0x80); /* DLAB */
	outb(COM1 + 0, 0x01); /* divisor 1: 115200 */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03); /* 8N1 */
	outb(COM1 + 2, 0xc7); /* FIFO */
	outb(COM1 + 4, 0x03);
}

static void put_char(char c)
{
	int spins = 100000;

	while (!(inb(COM1 + 5) & 0x20) && --spins)
		;
	outb(COM1, (uint8_t)c);
}

void put_str(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			put_char('\r');
		put_char(*s);
	}
}

void put_hex(uint64_t v)
{
	char buf[19];
	int i = 18;

	buf[i] = '\0';
	do {
		buf[--i] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	buf[--i] = 'x';
	buf[--i] = '0';
	put_str(buf + i);
}

void put_dec(uint32_t v)
{
	char buf[11];
	int i = 10;

	buf[i] = '\0';
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_str(buf + i);
}

void put_quoted(const char *s, size_t max)
{
	char hex[5] = { '\\', 'x', 0, 0, 0 };
	size_t i;

	put_char('"');
	for (i = 0; i < max && s[i]; i++) {
		uint8_t c = (uint8_t)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			put_char((char)c);
			continue;
		}
		hex[2] = "0123456789abcdef"[c >> 4];
		hex[3] = "0123456789abcdef"[c & 15];
		put_str(hex);
	}
	put_char('"');
}

void print_lock(void)
{
	while (__atomic_exchange_n(&print_lock_word, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
}

void print_unlock(void)
{
	__atomic_store_n(&print_lock_word, 0, __ATOMIC_RELEASE);
}
