/* The kernel's numeric command-line options, each warned about when wrong. */
#ifndef KERNEL_OPTIONS_H
#define KERNEL_OPTIONS_H

#include <stdint.h>
#include "lib/boot_options.h"
#include "lib/options.h"

/*
 * The value of name=N (its text as the option table found it) within range; prints an
 * `option:` warning saying what was given and what is used instead when
 * the word is not a number, overflows or lies outside the range.
 */
uint64_t option_number(const char *name, const struct boot_option_text *given,
		       const struct option_range *range);

#endif
