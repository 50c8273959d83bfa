/* Names of the console's verbosity levels. */
#include "lib/loglevel.h"

#include <string.h>

bool loglevel_parse(const char *word, enum loglevel *level)
{
	static const char *const names[] = { "quiet", "normal", "verbose" };

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(word, names[i]) == 0) {
			*level = (enum loglevel)i;
			return true;
		}
	return false;
}
