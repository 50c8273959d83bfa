#include <string.h>

#include "lib/gdb/regs.h"
#include "lib/gdb/hex.h"

#define REG(field, bits, type, group, feature)                                                 \
	{                                                                                      \
#field, type, group, bits, (uint16_t)offsetof(struct gdb_regs, field), feature \
	}
#define CORE(field, bits, type) REG(field, bits, type, NULL, GDB_FEATURE_CORE)
#define FPU(field)		REG(field, 32, "int", "float", GDB_FEATURE_CORE)
#define ST(i)                                                                              \
	{                                                                                  \
		"st" #i, "i387_ext", NULL, 80, (uint16_t)offsetof(struct gdb_regs, st[i]), \
			GDB_FEATURE_CORE                                                   \
	}
#define SEGBASE(field) REG(field, 64, "int", NULL, GDB_FEATURE_SEGMENTS)
#define SYS(field)     REG(field, 64, "int", "system", GDB_FEATURE_SYS)

/*
 * GDB's amd64 numbering (gdb/amd64-tdep.h, amd64_regnum; the manual.s
 * "i386 Features"): the core feature's 40 registers must all be present and
 * in this order, or GDB rejects the description.
 */
const struct gdb_reg_info gdb_reg_table[] = {
	CORE(rax, 64, "int64"),
	CORE(rbx, 64, "int64"),
	CORE(rcx, 64, "int64"),
	CORE(rdx, 64, "int64"),
	CORE(rsi, 64, "int64"),
	CORE(rdi, 64, "int64"),
	CORE(rbp, 64, "data_ptr"),
	CORE(rsp, 64, "data_ptr"),
	CORE(r8, 64, "int64"),
	CORE(r9, 64, "int64"),
	CORE(r10, 64, "int64"),
	CORE(r11, 64, "int64"),
	CORE(r12, 64, "int64"),
	CORE(r13, 64, "int64"),
	CORE(r14, 64, "int64"),
	CORE(r15, 64, "int64"),
	CORE(rip, 64, "code_ptr"),
	CORE(eflags, 32, "int32"),
	CORE(cs, 32, "int32"),
	CORE(ss, 32, "int32"),
	CORE(ds, 32, "int32"),
	CORE(es, 32, "int32"),
	CORE(fs, 32, "int32"),
	CORE(gs, 32, "int32"),
	ST(0),
	ST(1),
	ST(2),
	ST(3),
	ST(4),
	ST(5),
	ST(6),
	ST(7),
	FPU(fctrl),
	FPU(fstat),
	FPU(ftag),
	FPU(fiseg),
	FPU(fioff),
	FPU(foseg),
	FPU(fooff),
	FPU(fop),
	SEGBASE(fs_base),
	SEGBASE(gs_base),
	SYS(cr0),
	SYS(cr2),
	SYS(cr3),
	SYS(cr4),
	SYS(cr8),
	SYS(efer),
};
const unsigned gdb_reg_count = sizeof(gdb_reg_table) / sizeof(gdb_reg_table[0]);

size_t gdb_regs_bytes(void)
{
	size_t bytes = 0;

	for (unsigned n = 0; n < gdb_reg_count; n++)
		bytes += gdb_reg_table[n].bits / 8;
	return bytes;
}

/* The struct fields are the host's (x86: little-endian), as the protocol wants them. */
static const uint8_t *reg_bytes(const struct gdb_regs *regs, unsigned n)
{
	return (const uint8_t *)regs + gdb_reg_table[n].offset;
}

size_t gdb_reg_to_hex(const struct gdb_regs *regs, unsigned n, char *out, size_t cap)
{
	if (n >= gdb_reg_count)
		return 0;
	size_t bytes = gdb_reg_table[n].bits / 8;
	const uint8_t *src = reg_bytes(regs, n);

	if (cap < bytes * 2)
		return 0;
	for (size_t i = 0; i < bytes; i++)
		gdb_hex_byte(src[i], out + i * 2);
	return bytes * 2;
}

bool gdb_reg_from_hex(struct gdb_regs *regs, unsigned n, const char *hex, size_t len)
{
	if (n >= gdb_reg_count || len != gdb_reg_table[n].bits / 8 * 2u)
		return false;
	uint8_t value[GDB_X87_REG_BYTES];

	if (!gdb_hex_to_bytes(hex, len, value))
		return false;
	memcpy((uint8_t *)regs + gdb_reg_table[n].offset, value, len / 2);
	return true;
}

size_t gdb_regs_to_hex(const struct gdb_regs *regs, char *out, size_t cap)
{
	size_t used = 0;

	if (cap < gdb_regs_bytes() * 2)
		return 0;
	for (unsigned n = 0; n < gdb_reg_count; n++)
		used += gdb_reg_to_hex(regs, n, out + used, cap - used);
	return used;
}

bool gdb_regs_from_hex(struct gdb_regs *regs, const char *hex, size_t len)
{
	struct gdb_regs next = *regs;
	size_t used = 0;

	if (len != gdb_regs_bytes() * 2)
		return false;
	for (unsigned n = 0; n < gdb_reg_count; n++) {
		size_t chars = gdb_reg_table[n].bits / 4u;

		if (!gdb_reg_from_hex(&next, n, hex + used, chars))
			return false;
		used += chars;
	}
	*regs = next;
	return true;
}
