#include <stdarg.h>
#include "arch/x86/console.h"
#include "lib/printf.h"
#include "lib/fb_text.h"
#include "lib/multiboot2.h"
#include "arch/x86/serial.h"
#include "arch/x86/vga_text.h"
#include "arch/x86/spinlock.h"
#include "arch/x86/percpu.h"
#include "arch/x86/io.h"
#include "lib/loglevel.h"
#include "lib/emulator_ports.h"

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

/*
 * Bochs' port_e9_hack and QEMU's -debugcon print what is written to port
 * 0xE9 on the emulator's own terminal, and both read back 0xE9 from it
 * (elsewhere the port floats to 0xFF): the log then shows next to the
 * debugger's prompt.
 */
#define DEBUG_PORT DEBUG_CONSOLE_PORT /* lib/emulator_ports.h: no guest writes there */
static bool debug_port_enabled;

/*
 * loglevel= is known only once the boot information is read: until then
 * ordinary lines wait here, and are printed or dropped when it is.
 */
#define HELD_LOG_SIZE 1024
static char held_log[HELD_LOG_SIZE];
static size_t held_log_len;
static bool level_known;
static enum loglevel log_level = LOGLEVEL_NORMAL;

/* Where one message goes. */
enum route {
	ROUTE_OUT,
	ROUTE_HOLD,
	ROUTE_DROP,
};

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
	debug_port_enabled = inb(DEBUG_PORT) == DEBUG_PORT;
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

static void console_out(char c)
{
	serial_putc(c);
	if (debug_port_enabled)
		outb(DEBUG_PORT, (uint8_t)c);
	if (vga_enabled)
		vga_text_putc(c);
	if (fb_enabled)
		fb_text_putc(&fb_console, c);
	if (!vga_enabled && !fb_enabled && early_log_len < EARLY_LOG_SIZE)
		early_log[early_log_len++] = c;
}

static void console_emit(void *ctx, char c)
{
	switch (*(const enum route *)ctx) {
	case ROUTE_OUT: console_out(c); break;
	case ROUTE_HOLD:
		if (held_log_len < HELD_LOG_SIZE)
			held_log[held_log_len++] = c;
		break;
	default: break;
	}
}

/* Called with the console lock held. */
static void release_held_log(bool print)
{
	if (print)
		for (size_t i = 0; i < held_log_len; i++)
			console_out(held_log[i]);
	held_log_len = 0;
	level_known = true;
}

static enum route route_of(enum loglevel needed)
{
	if (needed == LOGLEVEL_QUIET)
		return ROUTE_OUT;
	if (!level_known)
		return needed == LOGLEVEL_NORMAL ? ROUTE_HOLD : ROUTE_DROP;
	return log_level >= needed ? ROUTE_OUT : ROUTE_DROP;
}

/* A message that needs at least level `needed` to be shown (QUIET: always). */
static int console_vprint(enum loglevel needed, const char *fmt, va_list ap)
{
	enum route route;
	int n;

	/* On time-out the lock is still held, by a core that will never let go: take it over. */
	spin_lock_bounded(&console_lock, CONSOLE_LOCK_SPINS);
	console_owner = this_cpu();
	/* An error before loglevel= is read shows what led to it. */
	if (needed == LOGLEVEL_QUIET && !level_known)
		release_held_log(true);
	route = route_of(needed);
	n = kformat(console_emit, &route, fmt, ap);
	console_owner = NULL;
	spin_unlock(&console_lock);
	return n;
}

int kvprintf(const char *fmt, va_list ap)
{
	return console_vprint(LOGLEVEL_NORMAL, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = console_vprint(LOGLEVEL_NORMAL, fmt, ap);
	va_end(ap);
	return n;
}

int kalways(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = console_vprint(LOGLEVEL_QUIET, fmt, ap);
	va_end(ap);
	return n;
}

int kverbose(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = console_vprint(LOGLEVEL_VERBOSE, fmt, ap);
	va_end(ap);
	return n;
}

bool console_verbose(void)
{
	return level_known && log_level == LOGLEVEL_VERBOSE;
}

void console_configure(const char *loglevel)
{
	enum loglevel level = LOGLEVEL_NORMAL;
	bool unknown = loglevel[0] && !loglevel_parse(loglevel, &level);

	spin_lock_bounded(&console_lock, CONSOLE_LOCK_SPINS);
	log_level = level;
	release_held_log(level >= LOGLEVEL_NORMAL);
	spin_unlock(&console_lock);
	if (unknown)
		kalways("console: unknown loglevel=%s (quiet, normal or verbose); using normal\n",
			loglevel);
}

void console_unmute(void)
{
	spin_lock_bounded(&console_lock, CONSOLE_LOCK_SPINS);
	if (!level_known)
		release_held_log(true);
	if (log_level < LOGLEVEL_NORMAL)
		log_level = LOGLEVEL_NORMAL;
	spin_unlock(&console_lock);
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
