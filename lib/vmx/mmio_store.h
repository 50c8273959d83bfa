/*
 * The few instructions a guest kernel stores to a 32-bit device register
 * with (Intel SDM Vol. 2: MOV 89 /r and C7 /0, XCHG 87 /r), decoded far
 * enough to emulate the store after an EPT violation: which register or
 * immediate holds the value, and the instruction's length (an EPT
 * violation does not give it: Vol. 3C 28.2.5).  The address is not decoded:
 * the exit's guest-physical address says where.  The instruction's bytes
 * come through the guest's page tables (lib/guest_walk.h).
 */
#ifndef LIB_VMX_MMIO_STORE_H
#define LIB_VMX_MMIO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMIO_INSN_MAX 15 /* the longest x86 instruction */

struct mmio_store {
	unsigned length; /* bytes of the whole instruction */
	bool immediate;	 /* the value is imm, else general register reg */
	bool exchange;	 /* XCHG: reg also receives the register's old value */
	unsigned reg;	 /* 0 = RAX ... 15 = R15 (SDM register numbers) */
	uint32_t imm;
};

/*
 * Decodes a 32-bit store to memory at insn (len bytes readable): MOV r32 to
 * m32, MOV imm32 to m32, XCHG r32 with m32 (what Linux uses on CPUs with
 * erratum 11AP), with REX (long_mode: 64-bit code), segment-override and
 * address-size prefixes; else 32-bit protected-mode code (no REX, and no
 * 16-bit addressing).  False for anything else (a 16- or 64-bit operand, a
 * register destination, another opcode, or too few bytes).
 */
bool mmio_decode_store(const uint8_t *insn, size_t len, bool long_mode, struct mmio_store *out);

#endif
