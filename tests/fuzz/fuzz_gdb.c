/*
 * libFuzzer target: arbitrary bytes into the GDB stub's byte loop (receiver,
 * command layer, replies) with the fake two-thread target; every resume is
 * answered with a stop report, as the hypervisor will.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/gdb/stub.h"
#include "tests/support/gdb_fake.h"

static void discard(void *io, const uint8_t *bytes, size_t len)
{
	(void)io;
	(void)bytes;
	(void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fake_machine machine;
	static struct gdb_stub stub;

	fake_machine_init(&machine);
	gdb_stub_init(&stub, &machine.target, discard, NULL);
	for (size_t i = 0; i < size; i++) {
		enum gdb_stub_event e = gdb_stub_feed(&stub, data[i]);

		if (e == GDB_STUB_RESUMED || e == GDB_STUB_INTERRUPT)
			gdb_stub_stopped(&stub);
	}
	return 0;
}
