/*
 * Delays on the 8254 PIT's channel 2, polled through port 0x61's OUT2 bit
 * (Intel 8254 datasheet, mode 0: the output rises when the count ends).
 * 1.193182 MHz, at most 65535 counts (54.9 ms) at a time.
 */
#include "tests/guests/mbtest.h"

#define PIT_HZ	     1193182u
#define PIT_CH2	     0x42
#define PIT_MODE     0x43
#define PIT_GATE     0x61
#define GATE2	     0x01
#define SPEAKER	     0x02
#define OUT2	     0x20
#define MAX_COUNT_US 50000u

static void pit_once(uint32_t us)
{
	/* us <= 50000: us * 1193 fits 32 bits (1193 counts per ms, rounded up). */
	uint32_t count = us * (PIT_HZ / 1000) / 1000 + 1;
	uint8_t gate = inb(PIT_GATE) & ~(GATE2 | SPEAKER);

	if (count == 0)
		count = 1;
	outb(PIT_GATE, gate); /* gate low: the count holds */
	outb(PIT_MODE, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	outb(PIT_CH2, (uint8_t)count);
	outb(PIT_CH2, (uint8_t)(count >> 8));
	outb(PIT_GATE, gate | GATE2); /* gate high: count */
	while (!(inb(PIT_GATE) & OUT2))
		;
}

void pit_delay_us(uint32_t us)
{
	while (us > MAX_COUNT_US) {
		pit_once(MAX_COUNT_US);
		us -= MAX_COUNT_US;
	}
	pit_once(us);
}
