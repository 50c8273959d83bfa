/*
 * The decode's two-column lines: a name padded to a fixed column, then the
 * value.  Raw lines name a snapshot field ("IA32_VMX_BASIC  0x..."), field
 * lines one of its parts, indented ("  basic.revision  0x4").
 */
#ifndef LIB_VMX_COLUMNS_H
#define LIB_VMX_COLUMNS_H

#include <stdint.h>

#include "lib/vmx/print.h"

struct vmx_out {
	vmx_print_fn print;
	void *ctx;
};

/* `size` 4 prints 8 hex digits, else 16. */
void vmx_line_raw(const struct vmx_out *o, const char *name, uint64_t v, unsigned size);
void vmx_line_text(const struct vmx_out *o, const char *name, const char *text);

void vmx_field_u(const struct vmx_out *o, const char *group, const char *field, unsigned long v);
void vmx_field_x(const struct vmx_out *o, const char *group, const char *field, unsigned long v);
void vmx_field_s(const struct vmx_out *o, const char *group, const char *field, const char *v);
/* An unnamed bit: "  group.bitNN  text". */
void vmx_field_bit(const struct vmx_out *o, const char *group, unsigned bit, const char *text);

#endif
