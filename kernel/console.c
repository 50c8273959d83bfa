#include <stdarg.h>
#include "kernel/console.h"
#include "kernel/printf.h"
#include "arch/x86/serial.h"
#include "arch/x86/vga_text.h"
#include "arch/x86/spinlock.h"

/* A core that faults while printing must not silence the others for good. */
#define CONSOLE_LOCK_SPINS 50000000ul

static struct spinlock console_lock;
static bool vga_enabled;

void console_init(void)
{
	serial_init();
}

void console_enable_vga_text(unsigned long base, unsigned columns, unsigned rows)
{
	vga_text_init(base, columns, rows);
	vga_enabled = true;
}

static void console_emit(void *ctx, char c)
{
	(void)ctx;
	serial_putc(c);
	if (vga_enabled)
		vga_text_putc(c);
}

int kvprintf(const char *fmt, va_list ap)
{
	bool locked = spin_lock_bounded(&console_lock, CONSOLE_LOCK_SPINS);
	int n = kformat(console_emit, NULL, fmt, ap);
	if (locked)
		spin_unlock(&console_lock);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void console_force_unlock(void)
{
	spin_unlock(&console_lock);
}
