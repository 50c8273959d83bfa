/*
 * Numeric command-line options ("ap-timeout-ms=N").  A value is never
 * replaced silently: each result says what was wrong with the word, and the
 * caller prints a warning for anything but OPTION_ABSENT and OPTION_OK.
 */
#ifndef LIB_OPTIONS_H
#define LIB_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

enum option_status {
	OPTION_ABSENT,	     /* not given: the default */
	OPTION_OK,	     /* given and within [min, max] */
	OPTION_NOT_A_NUMBER, /* not decimal digits only: the default */
	OPTION_OVERFLOW,     /* more than 64 bits: clamped to max */
	OPTION_BELOW_MIN,    /* clamped to min */
	OPTION_ABOVE_MAX,    /* clamped to max */
};

struct option_range {
	uint64_t def, min, max; /* min <= def <= max */
};

/*
 * The value of "name=N" on cmdline (the last one given), in *value, always
 * within the range.  The whole word is read: nothing is cut.
 */
enum option_status option_u64(const char *cmdline, const char *name,
			      const struct option_range *range, uint64_t *value);

/* The same for a value already found: text NULL means absent. */
enum option_status option_text_u64(const char *text, size_t len, const struct option_range *range,
				   uint64_t *value);

/* Decimal digits only, at least one; false on anything else or overflow. */
enum option_status option_parse_u64(const char *s, size_t len, uint64_t *value);

/* "is not a number", "is too large", ... for a warning; "" for ABSENT/OK. */
const char *option_status_text(enum option_status s);

#endif
