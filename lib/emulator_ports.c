#include "lib/emulator_ports.h"

static const char shutdown_word[] = "Shutdown";

bool debug_exit_port(uint16_t port, unsigned size)
{
	uint32_t first = port, last = (uint32_t)port + (size ? size : 1) - 1;

	return last >= DEBUG_EXIT_PORT && first < DEBUG_EXIT_PORT + DEBUG_EXIT_PORT_SIZE;
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
