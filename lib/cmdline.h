/*
 * The kernel command line: words separated by spaces or tabs, each either
 * a bare flag ("vmx-dump") or a name=value pair ("ap-timeout-ms=2000").  There is
 * no quoting, so a value cannot contain a space.
 */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True if some word is exactly name or begins with "name=".  A NULL
 * cmdline or an empty name never matches.
 */
bool cmdline_flag(const char *cmdline, const char *name);

/*
 * Finds the value of "name=value" and copies it to out as a string,
 * truncated to outlen - 1 characters.  If name is given more than once the
 * last one wins, so a word appended to a boot entry overrides the entry's.
 * Returns false if no word has the form "name=..."; a bare "name" has no
 * value.  out is set to "" on false; it may be NULL when outlen is 0, to
 * test for presence only.
 */
bool cmdline_value(const char *cmdline, const char *name, char *out, size_t outlen);

/*
 * Like cmdline_value, but points *value at the value inside cmdline and sets
 * *len to its full length, so that nothing is cut.  *value is NULL on false.
 */
bool cmdline_value_span(const char *cmdline, const char *name, const char **value, size_t *len);

#endif
