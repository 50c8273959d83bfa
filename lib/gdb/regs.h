/*
 * The guest registers a GDB client sees, in the order and sizes of the target
 * description the stub serves (lib/gdb/tdesc.c): the `g`/`G` packets carry
 * them in this order, each little-endian, as hex (Debugging with GDB, tenth
 * edition for GDB 13, appendix E.2 "Packets", `g`; appendix G.5 "Standard Target Features", "i386
 * Features" lists the registers org.gnu.gdb.i386.core must hold, x87 ones
 * included, and org.gnu.gdb.i386.segments' fs_base and gs_base).
 *
 * The control registers have no standard GDB feature (GDB 13 defines none):
 * they are served in a feature of this stub's own, which GDB shows under
 * their names (`info registers cr3`, `p $cr3`).
 */
#ifndef LIB_GDB_REGS_H
#define LIB_GDB_REGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GDB_X87_REG_BYTES 10 /* st0-st7: 80-bit extended precision */

struct gdb_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip;
	uint32_t eflags;
	uint32_t cs, ss, ds, es, fs, gs; /* selectors, zero-extended */
	uint8_t st[8][GDB_X87_REG_BYTES];
	uint32_t fctrl, fstat, ftag, fiseg, fioff, foseg, fooff, fop;
	uint64_t fs_base, gs_base;
	uint64_t cr0, cr2, cr3, cr4, cr8, efer;
};

/* The target description's features, in the order the registers list them. */
enum gdb_feature {
	GDB_FEATURE_CORE,     /* org.gnu.gdb.i386.core */
	GDB_FEATURE_SEGMENTS, /* org.gnu.gdb.i386.segments */
	GDB_FEATURE_SYS,      /* this stub's control registers */
	GDB_FEATURE_COUNT,
};

struct gdb_reg_info {
	const char *name;
	const char *type;  /* a GDB predefined type (appendix G.3 "Predefined Target Types") */
	const char *group; /* NULL: GDB's default for the type */
	uint16_t bits;
	uint16_t offset; /* in struct gdb_regs */
	enum gdb_feature feature;
};

extern const struct gdb_reg_info gdb_reg_table[];
extern const unsigned gdb_reg_count;

/* Bytes the `g` packet's register block holds, before hex encoding. */
size_t gdb_regs_bytes(void);

/*
 * Writes every register as hex into out (2 * gdb_regs_bytes() characters,
 * not NUL-terminated).  Returns the characters written, 0 if cap is short.
 */
size_t gdb_regs_to_hex(const struct gdb_regs *regs, char *out, size_t cap);

/* Reads a `G` packet's hex (exactly 2 * gdb_regs_bytes() characters); false if malformed. */
bool gdb_regs_from_hex(struct gdb_regs *regs, const char *hex, size_t len);

/* One register (`p`/`P`): number n of gdb_reg_table.  0 / false if n or the text is bad. */
size_t gdb_reg_to_hex(const struct gdb_regs *regs, unsigned n, char *out, size_t cap);
bool gdb_reg_from_hex(struct gdb_regs *regs, unsigned n, const char *hex, size_t len);

#endif
