/* lib/emulator_ports.c: the test kernels' ways out of an emulator, recognised. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "lib/emulator_ports.h"

static bool feed(struct shutdown_port *p, const char *s)
{
	bool done = false;

	for (size_t i = 0; s[i]; i++)
		done = shutdown_port_write(p, (uint8_t)s[i]);
	return done;
}

static void the_word_ends_it(void **state)
{
	struct shutdown_port p = { 0 };

	(void)state;
	assert_true(feed(&p, "Shutdown"));
	/* And again, from the start: the match was reset. */
	assert_true(feed(&p, "Shutdown"));
}

static void a_near_miss_does_not(void **state)
{
	struct shutdown_port p = { 0 };

	(void)state;
	assert_false(feed(&p, "Shutdow"));
	assert_false(feed(&p, "N"));
	memset(&p, 0, sizeof(p));
	assert_false(feed(&p, "shutdown"));
	memset(&p, 0, sizeof(p));
	assert_false(feed(&p, "ShutXdown"));
	/* One byte at a time across writes: the last one completes it. */
	memset(&p, 0, sizeof(p));
	assert_false(feed(&p, "Shutdow"));
	assert_true(feed(&p, "n"));
}

/* A wrong byte that is itself an 'S' starts the word again, as Bochs does. */
static void a_restart_counts(void **state)
{
	struct shutdown_port p = { 0 };

	(void)state;
	assert_true(feed(&p, "ShuSShutdown"));
	memset(&p, 0, sizeof(p));
	assert_true(feed(&p, "xxShutdown"));
}

static void debug_exit_covers_four_ports(void **state)
{
	(void)state;
	assert_true(debug_exit_port(0xf4, 1));
	assert_true(debug_exit_port(0xf7, 1));
	assert_true(debug_exit_port(0xf4, 4));
	assert_true(debug_exit_port(0xf2, 4)); /* its last two bytes reach 0xf4 */
	assert_false(debug_exit_port(0xf8, 1));
	assert_false(debug_exit_port(0xf3, 1));
	assert_false(debug_exit_port(0xf0, 4));
	assert_false(debug_exit_port(0x8900, 1));
}

static void debug_console_is_one_port(void **state)
{
	(void)state;
	assert_true(debug_console_port(0xe9, 1));
	assert_true(debug_console_port(0xe8, 2)); /* its second byte */
	assert_true(debug_console_port(0xe6, 4));
	assert_false(debug_console_port(0xe5, 4));
	assert_false(debug_console_port(0xe8, 1));
	assert_false(debug_console_port(0xea, 1));
	assert_false(debug_console_port(0xf4, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_word_ends_it),
		cmocka_unit_test(a_near_miss_does_not),
		cmocka_unit_test(a_restart_counts),
		cmocka_unit_test(debug_exit_covers_four_ports),
		cmocka_unit_test(debug_console_is_one_port),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
