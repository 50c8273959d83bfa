#include "lib/emulator_ports.h"

static const char shutdown_word[] = "Shutdown";

/* Does an access of size bytes at port reach any of count ports from base? */
static bool touches(uint16_t port, unsigned size, uint32_t base, uint32_t count)
{
	uint32_t first = port, last = (uint32_t)port + (size ? size : 1) - 1;

	return last >= base && first < base + count;
}

bool debug_exit_port(uint16_t port, unsigned size)
{
	return touches(port, size, DEBUG_EXIT_PORT, DEBUG_EXIT_PORT_SIZE);
}

bool debug_console_port(uint16_t port, unsigned size)
{
	return touches(port, size, DEBUG_CONSOLE_PORT, 1);
}

/*
 * As Bochs matches it: a byte that continues the word advances, any other
 * starts over (and may itself be the word's first letter).
 */
bool shutdown_port_write(struct shutdown_port *p, uint8_t byte)
{
	if ((char)byte == shutdown_word[p->matched])
		p->matched++;
	else
		p->matched = (char)byte == shutdown_word[0] ? 1 : 0;
	if (p->matched < sizeof(shutdown_word) - 1)
		return false;
	p->matched = 0;
	return true;
}
