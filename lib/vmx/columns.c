/* The decode's two-column line layout. */
#include "lib/vmx/columns.h"

#include <string.h>

/* Wide enough for "  true_procbased.activate_secondary_controls". */
#define NAME_COLUMN 46

/* Padding after a name of `used` characters, up to the value column. */
static const char *pad_after(size_t used)
{
	static const char spaces[] = "                                              ";

	_Static_assert(sizeof(spaces) == NAME_COLUMN + 1, "one per column");

	return used < NAME_COLUMN ? spaces + used : " ";
}

void vmx_line_raw(const struct vmx_out *o, const char *name, uint64_t v, unsigned size)
{
	if (size == 4)
		o->print(o->ctx, "%s%s0x%08lx\n", name, pad_after(strlen(name)), (unsigned long)v);
	else
		o->print(o->ctx, "%s%s0x%016lx\n", name, pad_after(strlen(name)), (unsigned long)v);
}

void vmx_line_text(const struct vmx_out *o, const char *name, const char *text)
{
	o->print(o->ctx, "%s%s%s\n", name, pad_after(strlen(name)), text);
}

static size_t field_width(const char *group, const char *field)
{
	return 2 + strlen(group) + 1 + strlen(field);
}

void vmx_field_u(const struct vmx_out *o, const char *group, const char *field, unsigned long v)
{
	o->print(o->ctx, "  %s.%s%s%lu\n", group, field, pad_after(field_width(group, field)), v);
}

void vmx_field_x(const struct vmx_out *o, const char *group, const char *field, unsigned long v)
{
	o->print(o->ctx, "  %s.%s%s0x%lx\n", group, field, pad_after(field_width(group, field)), v);
}

void vmx_field_s(const struct vmx_out *o, const char *group, const char *field, const char *v)
{
	o->print(o->ctx, "  %s.%s%s%s\n", group, field, pad_after(field_width(group, field)), v);
}

void vmx_field_bit(const struct vmx_out *o, const char *group, unsigned bit, const char *text)
{
	o->print(o->ctx, "  %s.bit%02u%s%s\n", group, bit, pad_after(2 + strlen(group) + 6), text);
}
