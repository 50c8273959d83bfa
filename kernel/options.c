#include "kernel/options.h"
#include "arch/x86/console.h"
#include "lib/escape.h"

/* Enough of a wrong value to recognise it; the rest is marked "...". */
#define SHOWN_VALUE_MAX 64

uint64_t option_number(const char *name, const struct boot_option_text *given,
		       const struct option_range *range)
{
	char shown[SHOWN_VALUE_MAX];
	const char *text = given->text;
	size_t len = given->len;
	uint64_t value;
	enum option_status st = option_text_u64(text, len, range, &value);

	if (st == OPTION_ABSENT || st == OPTION_OK)
		return value;
	kprintf("option: %s=\"%s\" %s (%lu; allowed %lu to %lu)\n", name,
		escape_string(shown, sizeof(shown), text, len), option_status_text(st),
		(unsigned long)value, (unsigned long)range->min, (unsigned long)range->max);
	return value;
}
