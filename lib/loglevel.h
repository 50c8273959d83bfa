/*
 * The console's verbosity, from loglevel=quiet|normal|verbose: quiet keeps
 * the report, errors and warnings; verbose adds the full boot detail.
 */
#ifndef LIB_LOGLEVEL_H
#define LIB_LOGLEVEL_H

#include <stdbool.h>

enum loglevel {
	LOGLEVEL_QUIET,
	LOGLEVEL_NORMAL,
	LOGLEVEL_VERBOSE,
};

/* False, leaving *level alone, for any other word. */
bool loglevel_parse(const char *word, enum loglevel *level);

#endif
