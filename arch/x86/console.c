#include <stdarg.h>
#include "arch/x86/console.h"
#include "lib/printf.h"
#include "lib/fb_text.h"
#include "lib/multiboot2.h"
#include "arch/x86/serial.h"
#include "arch/x86/vga_text.h"
#include "arch/x86/spinlock.h"
#include "arch/x86/percpu.h"

/*
 * A core that stops while printing must not silence the others: after this
 * long a waiter takes the console over.
 */
#define CONSOLE_LOCK_SPINS 5000000ul

static struct spinlock console_lock;
static struct cpu *volatile console_owner;
static bool vga_enabled;

/*
 * A 3840x2160 screen's cells in an 8x16 font: scrolling redraws from here
 * instead of reading the uncached framebuffer back.
 */
static char fb_cells[(3840 / 8) * (2160 / 16)];
static struct fb_text fb_console;
static bool fb_enabled;

/*
 * What was printed before a screen could be used (the framebuffer is
 * mapped only once the kernel's page tables are), replayed onto it.
 */
#define EARLY_LOG_SIZE 8192
static char early_log[EARLY_LOG_SIZE];
static size_t early_log_len;

static void replay_early_log(void)
{
	for (size_t i = 0; i < early_log_len; i++) {
		if (vga_enabled)
			vga_text_putc(early_log[i]);
		if (fb_enabled)
			fb_text_putc(&fb_console, early_log[i]);
	}
	early_log_len = 0;
}

void console_init(void)
{
	serial_init();
}

void console_enable_vga_text(unsigned long base, unsigned columns, unsigned rows)
{
	vga_text_init(base, columns, rows);
	vga_enabled = true;
	replay_early_log();
}

bool console_enable_framebuffer(const struct mb2_framebuffer *fb)
{
	struct fb_surface surface = {
		.base = (void *)(uintptr_t)fb->addr,
		.pitch = fb->pitch,
		.width = fb->width,
		.height = fb->height,
		.bpp = fb->bpp,
		.red_pos = fb->red_position,
		.red_size = fb->red_mask_size,
		.green_pos = fb->green_position,
		.green_size = fb->green_mask_size,
		.blue_pos = fb->blue_position,
		.blue_size = fb->blue_mask_size,
	};

	if (fb_enabled)
		return true;
	if (fb->type != MB2_FB_TYPE_RGB)
		return false;
	fb_enabled =
		fb_text_init(&fb_console, &surface, &fb_font_default, fb_cells, sizeof(fb_cells));
	if (fb_enabled)
		replay_early_log();
	return fb_enabled;
}

static void console_emit(void *ctx, char c)
{
	(void)ctx;
	serial_putc(c);
	if (vga_enabled)
		vga_text_putc(c);
	if (fb_enabled)
		fb_text_putc(&fb_console, c);
	if (!vga_enabled && !fb_enabled && early_log_len < EARLY_LOG_SIZE)
		early_log[early_log_len++] = c;
}

int kvprintf(const char *fmt, va_list ap)
{
	int n;

	/* On time-out the lock is still held, by a core that will never let go: take it over. */
	spin_lock_bounded(&console_lock, CONSOLE_LOCK_SPINS);
	console_owner = this_cpu();
	n = kformat(console_emit, NULL, fmt, ap);
	console_owner = NULL;
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

void console_serial_only(void)
{
	vga_enabled = false;
	fb_enabled = false;
}

void console_release_if_owner(void)
{
	if (console_owner == this_cpu()) {
		console_owner = NULL;
		spin_unlock(&console_lock);
	}
}
