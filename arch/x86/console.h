/*
 * Kernel output: COM1, mirrored to the screen when there is one and to the
 * emulator's debug port 0xE9 when it offers one.
 */
#ifndef ARCH_X86_CONSOLE_H
#define ARCH_X86_CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>

void console_init(void);
struct mb2_framebuffer;

void console_enable_vga_text(unsigned long base, unsigned columns, unsigned rows);
/* Mirror on a linear RGB framebuffer, which must already be mapped (once). */
bool console_enable_framebuffer(const struct mb2_framebuffer *fb);

/* Whole lines from different processors never interleave. */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
/* Errors and warnings: printed at every loglevel, quiet included. */
int kalways(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Boot detail printed only with loglevel=verbose. */
int kverbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool console_verbose(void);

/*
 * Takes loglevel=quiet|normal|verbose's word ("" if not given).  Until it is called, ordinary lines
 * are held back (and printed then, unless quiet); a warning prints them at once.
 */
void console_configure(const char *loglevel);
/* The report (or an exception's) begins: ordinary lines print from now on, even if quiet. */
void console_unmute(void);

/* For the fault path: a core that faulted while printing lets the console go. */
void console_release_if_owner(void);
/* For a fault inside the fault path: print on COM1 only from now on. */
void console_serial_only(void);

#endif
