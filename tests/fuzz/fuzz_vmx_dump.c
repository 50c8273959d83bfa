/*
 * libFuzzer target for the VMX dump reader (lib/host/vmx_dump.c) and
 * the decoder (lib/vmx/).
 *
 * The input is a dump file.  Each line goes to vmx_snapshot_parse_line()
 * as its own heap block of exactly the line and its NUL, so that
 * AddressSanitizer catches a read past the end of a line.  The snapshot
 * is then assessed and fully printed into a sink that formats through the
 * kernel's own kvsnprintf(), as the kernel's console would.
 *
 * Whatever the dump says, nothing may crash, and the few promises the
 * header makes about results are checked with __builtin_trap().
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/vmx/vmcs_controls.h"
#include "lib/host/vmx_dump.h"
#include "lib/vmx/caps.h"
#include "lib/printf.h"
#include "tests/fuzz/check.h"

/* MSRs whose existence rules depend on the snapshot (SDM Vol. 4). */
#define MSR_FEATURE_CONTROL 0x3a
#define MSR_VMX_FIRST	    0x480
#define MSR_VMX_LAST	    0x492

struct sink {
	char line[512];
	size_t total; /* characters the decode would print */
};

static void sink_print(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sink_print(void *ctx, const char *fmt, ...)
{
	struct sink *sink = ctx;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(sink->line, sizeof(sink->line), fmt, ap);
	va_end(ap);
	CHECK(n >= 0);
	sink->total += (size_t)n;
}

static void parse_line(struct vmx_msr_snapshot *s, const uint8_t *text, size_t len)
{
	char *line = malloc(len + 1);
	const char *name = NULL;
	int rc;

	CHECK(line != NULL);
	memcpy(line, text, len);
	line[len] = '\0';
	rc = vmx_snapshot_parse_line(s, line, &name);
	CHECK(rc == VMX_PARSE_OK || rc == VMX_PARSE_UNKNOWN_NAME || rc == VMX_PARSE_MALFORMED ||
	      rc == VMX_PARSE_OUT_OF_RANGE);
	/* The unknown name must lie inside the line it was found in. */
	if (rc == VMX_PARSE_UNKNOWN_NAME) {
		CHECK(name >= line && name <= line + len);
		CHECK(vmx_dump_name_len(name) <= len - (size_t)(name - line));
	}
	CHECK(s->cpuid_vendor[sizeof(s->cpuid_vendor) - 1] == '\0');
	free(line);
}

/* Splits at '\n'; an embedded NUL simply ends what the parser sees. */
static void parse_dump(struct vmx_msr_snapshot *s, const uint8_t *data, size_t size)
{
	size_t start = 0, i;

	for (i = 0; i <= size; i++) {
		if (i < size && data[i] != '\n')
			continue;
		parse_line(s, data + start, i - start);
		start = i + 1;
	}
}

static void check_assessment(const struct vmx_msr_snapshot *s)
{
	struct vmx_assessment a;

	memset(&a, 0xa5, sizeof(a));
	vmx_assess(s, &a);
	CHECK(a.verdict <= VMX_UNKNOWN);
	CHECK(a.reason > VMX_CAUSE_NONE && a.reason <= VMX_CAUSE_LAST_CHECK_REASON);
	CHECK(vmx_cause_advice(a.reason) != NULL);
	CHECK(vmx_verdict_name(a.verdict) != NULL);
}

/*
 * For a consistent control MSR (every must-be-1 bit also allowed to be 1)
 * adjusting any wanted value gives one the MSR fully accepts.
 */
static void check_ctl(uint64_t msr, uint32_t wanted)
{
	uint32_t must1 = (uint32_t)msr, may1 = (uint32_t)(msr >> 32);
	uint32_t adjusted = vmx_ctl_adjust(msr, wanted);

	if (must1 & ~may1)
		return;
	CHECK((adjusted & must1) == must1);
	CHECK((adjusted & ~may1) == 0);
	CHECK(vmx_ctl_missing(msr, adjusted) == 0);
}

/* The same for CR0/CR4 against a consistent FIXED0/FIXED1 pair. */
static void check_cr(uint64_t fixed0, uint64_t fixed1, uint64_t value)
{
	if (fixed0 & ~fixed1)
		return;
	CHECK(vmx_cr_allowed(vmx_adjust_cr(value, fixed0, fixed1), fixed0, fixed1));
}

static void check_helpers(const struct vmx_msr_snapshot *s)
{
	enum vmx_ctl_field f;
	uint64_t ctl, new_fc;
	uint32_t msr;

	for (msr = MSR_VMX_FIRST; msr <= MSR_VMX_LAST; msr++)
		(void)vmx_msr_exists(s, msr);
	(void)vmx_msr_exists(s, MSR_FEATURE_CONTROL);
	for (f = VMX_CTL_PINBASED; f <= VMX_CTL_ENTRY; f++)
		if (vmx_snapshot_ctl(s, f, &ctl))
			check_ctl(ctl, (uint32_t)s->procbased2);
	check_cr(s->cr0_fixed0, s->cr0_fixed1, s->cr4_fixed0);
	check_cr(s->cr4_fixed0, s->cr4_fixed1, s->cr0_fixed1);
	(void)vmx_feature_control_plan(s->feature_control, s->cpuid_01h_ecx & (1u << 6), &new_fc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vmx_msr_snapshot s;
	struct sink sink = { .total = 0 };

	vmx_snapshot_init(&s);
	parse_dump(&s, data, size);
	check_assessment(&s);
	check_helpers(&s);
	vmx_caps_print(&s, sink_print, &sink);
	return 0;
}
