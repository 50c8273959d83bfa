/* The self-tests' PASS, FAIL and SKIP lines, and their counts (selftest.h). */
#include <stdarg.h>
#include "arch/x86/vmxtest/selftest.h"
#include "arch/x86/console.h"
#include "lib/printf.h"

void selftest_check(struct vmx_selftest_counts *t, const char *name, bool ok, const char *got, ...)
{
	char detail[160];
	va_list ap;

	t->run++;
	if (ok) {
		kprintf("PASS: %s\n", name);
		return;
	}
	t->failed++;
	va_start(ap, got);
	kvsnprintf(detail, sizeof(detail), got, ap);
	va_end(ap);
	kalways("FAIL: %s (%s)\n", name, detail);
}

void selftest_skip(struct vmx_selftest_counts *t, const char *name, const char *why)
{
	t->run++;
	t->skipped++;
	kprintf("SKIP: %s (%s)\n", name, why);
}
