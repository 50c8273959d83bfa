/*
 * The kernel's printf-style formatter.
 *
 * Supports %d %i %u %x %X %o %c %s %p %%, the flags '-' '0' '+' ' ' '#',
 * width and precision (either may be '*'), and the length modifiers
 * hh h l ll z j t.  There is no floating point and no %n.  %p prints "0x"
 * and 16 hex digits, a NULL %s prints "(null)", and an unknown conversion
 * is copied to the output as written ("%y" prints "%y").
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/* Receives each output character in turn; ctx is the caller's. */
typedef void (*kformat_emit_fn)(void *ctx, char c);

/* Formats through emit; returns the number of characters emitted. */
int kformat(kformat_emit_fn emit, void *ctx, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/*
 * snprintf semantics: writes at most size - 1 characters and a NUL when
 * size > 0, and returns the length the full output would have had.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
