#include <string.h>

#include "lib/gdb/tdesc.h"
#include "lib/gdb/regs.h"

/* Appendix G.5 "Standard Target Features", "i386 Features", for the first two names. */
static const char *const feature_names[GDB_FEATURE_COUNT] = {
	[GDB_FEATURE_CORE] = "org.gnu.gdb.i386.core",
	[GDB_FEATURE_SEGMENTS] = "org.gnu.gdb.i386.segments",
	[GDB_FEATURE_SYS] = GDB_FEATURE_SYS_NAME,
};

struct text {
	char *out;
	size_t cap, len;
	int overflow;
};

static void put(struct text *t, const char *s)
{
	size_t n = strlen(s);

	if (t->overflow || t->len + n + 1 > t->cap) {
		t->overflow = 1;
		return;
	}
	memcpy(t->out + t->len, s, n + 1);
	t->len += n;
}

static void put_number(struct text *t, unsigned value)
{
	char digits[12];
	int i = (int)sizeof(digits) - 1;

	digits[i] = '\0';
	do
		digits[--i] = (char)('0' + value % 10);
	while ((value /= 10) && i > 0);
	put(t, digits + i);
}

static void put_register(struct text *t, const struct gdb_reg_info *reg)
{
	put(t, "<reg name=\"");
	put(t, reg->name);
	put(t, "\" bitsize=\"");
	put_number(t, reg->bits);
	put(t, "\" type=\"");
	put(t, reg->type);
	if (reg->group) {
		put(t, "\" group=\"");
		put(t, reg->group);
	}
	put(t, "\"/>\n");
}

static void put_feature(struct text *t, enum gdb_feature feature)
{
	put(t, "<feature name=\"");
	put(t, feature_names[feature]);
	put(t, "\">\n");
	for (unsigned n = 0; n < gdb_reg_count; n++)
		if (gdb_reg_table[n].feature == feature)
			put_register(t, &gdb_reg_table[n]);
	put(t, "</feature>\n");
}

size_t gdb_tdesc_xml(char *out, size_t cap)
{
	struct text t = { .out = out, .cap = cap };

	put(&t, "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n");
	put(&t, "<target version=\"1.0\">\n<architecture>i386:x86-64</architecture>\n");
	for (int f = 0; f < GDB_FEATURE_COUNT; f++)
		put_feature(&t, (enum gdb_feature)f);
	put(&t, "</target>\n");
	return t.overflow ? 0 : t.len;
}
