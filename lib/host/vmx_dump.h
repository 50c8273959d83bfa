/*
 * The dump-file format of a capability snapshot: "NAME=VALUE" lines, as
 * vmxcheck --dump reads them.  Host-only (lib/host/): the kernel collects
 * its snapshot from the hardware and never parses one.
 */
#ifndef LIB_HOST_VMX_DUMP_H
#define LIB_HOST_VMX_DUMP_H

#include <stddef.h>

#include "lib/vmx/snapshot.h"

/* Results of vmx_snapshot_parse_line(). */
enum {
	VMX_PARSE_OK = 0, /* a known name, blank or comment */
	VMX_PARSE_UNKNOWN_NAME = 1,
	VMX_PARSE_MALFORMED = -1,
	VMX_PARSE_OUT_OF_RANGE = -2, /* value too wide for its field */
};

/*
 * Parses one dump line "NAME=VALUE" into `s`.  NAME is the SDM's: CPUID_VENDOR
 * (a string), CPUID_01H_ECX, CPUID_80000000H_EAX, CPUID_80000008H_EAX,
 * IA32_FEATURE_CONTROL and the IA32_VMX_* capability MSRs.  VALUE is hex
 * with 0x, or decimal.  Blank lines and '#' comments are accepted.  On
 * VMX_PARSE_UNKNOWN_NAME, *unknown_name points at the name inside `line`;
 * it is vmx_dump_name_len() characters long.
 */
int vmx_snapshot_parse_line(struct vmx_msr_snapshot *s, const char *line,
			    const char **unknown_name);
size_t vmx_dump_name_len(const char *name);

#endif
