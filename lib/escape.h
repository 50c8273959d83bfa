/*
 * Strings that come from outside the kernel (the command line, the boot
 * loader's name, module strings, ACPI OEM ids) are printed through
 * escape_string(), so that no byte in them can start a line of its own: a
 * newline followed by "summary ..." must never forge a report line.
 */
#ifndef LIB_ESCAPE_H
#define LIB_ESCAPE_H

#include <stddef.h>

/*
 * Copies src (at most src_len bytes, stopping at a NUL) into out as a
 * NUL-terminated string in which every byte outside printable ASCII
 * (0x20..0x7e), the backslash and the double quote are written as \xHH.
 * An escape is never cut: if the output does not fit it ends with "..."
 * after whole characters.  Returns out; out_len must be at least 4.
 */
char *escape_string(char *out, size_t out_len, const char *src, size_t src_len);

/* Bytes escape_string needs to hold every byte of a src_len string escaped. */
#define ESCAPED_SIZE(src_len) ((src_len)*4 + 1)

#endif
