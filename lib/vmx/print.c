/* The decode: each snapshot field's raw line, then its parts (lib/vmx/decode.c). */
#include "lib/vmx/print.h"

#include "lib/vmx/columns.h"
#include "lib/vmx/decode.h"
#include "lib/vmx/presence.h"

static void print_field(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
			enum vmx_snap_field f)
{
	const char *name = vmx_snap_name(f);
	uint32_t msr = vmx_snap_msr(f);
	uint64_t raw;

	if (!vmx_snapshot_has(s, f)) {
		bool absent = msr && vmx_msr_presence(s, msr) == VMX_ABSENT;

		vmx_line_text(o, name, absent ? "not-supported" : "unknown");
		return;
	}
	if (f == VMX_SNAP_CPUID_VENDOR) {
		vmx_line_text(o, name, s->cpuid_vendor);
		return;
	}
	raw = vmx_snap_get(s, f);
	vmx_line_raw(o, name, raw, vmx_snap_size(f));
	vmx_decode_field(o, s, f, raw);
}

void vmx_caps_print(const struct vmx_msr_snapshot *s, vmx_print_fn print, void *ctx)
{
	const struct vmx_out o = { .print = print, .ctx = ctx };
	unsigned f;

	for (f = 0; f < VMX_SNAP_NR_FIELDS; f++)
		print_field(&o, s, f);
}
