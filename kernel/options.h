/* The kernel's numeric command-line options, each warned about when wrong. */
#ifndef KERNEL_OPTIONS_H
#define KERNEL_OPTIONS_H

#include <stdint.h>
#include "lib/options.h"

/*
 * The value of name=N on the boot command line within range; prints an
 * `option:` warning saying what was given and what is used instead when
 * the word is not a number, overflows or lies outside the range.
 */
uint64_t option_number(const char *name, const struct option_range *range);

#endif
