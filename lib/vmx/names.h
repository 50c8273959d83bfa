/*
 * Names for what the VMCS reports, for the report and the VMCS dump: every
 * basic exit reason of Appendix C, every VM-instruction error of section
 * 31.4 and the fields a dump shows (include/x86/vmcs.h holds the numbers).
 * Names are short machine tokens (`triple-fault`), usable as report values.
 */
#ifndef LIB_VMX_NAMES_H
#define LIB_VMX_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* The basic exit reason's name; "unknown-exit-reason" for unlisted numbers. */
const char *vmx_exit_reason_name(uint32_t basic_reason);

/* The VM-instruction error's name; "unknown-vm-instruction-error" otherwise. */
const char *vmx_insn_error_name(uint32_t error);

/* A VMCS field worth showing when an exit is not understood. */
struct vmx_field_name {
	uint32_t encoding;
	const char *name;
};

/* The fields a VMCS dump shows, in order, and how many there are. */
extern const struct vmx_field_name vmx_dump_fields[];
extern const size_t vmx_dump_field_count;

/* The SDM's name of a VMCS field ("GUEST_RIP"), or NULL if not in the dump list. */
const char *vmx_field_name(uint32_t encoding);

#endif
