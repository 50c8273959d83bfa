/*
 * The few instructions a guest kernel stores to a 32-bit device register
 * with (Intel SDM Vol. 2: MOV 89 /r and C7 /0, XCHG 87 /r), decoded far
 * enough to emulate the store after an EPT violation: which register or
 * immediate holds the value, and the instruction's length (an EPT
 * violation does not give it: Vol. 3C 28.2.5).  The address is not decoded:
 * the exit's guest-physical address says where.
 *
 * guest_linear_to_physical() walks a guest's 4-level page tables (Vol. 3A
 * 4.5) through a callback that reads guest-physical memory, to fetch the
 * instruction's bytes.  Pure code: the hypervisor gives the callbacks.
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
 * erratum 11AP), with REX, segment-override and address-size prefixes, in
 * 64-bit mode.  False for anything else (a 16- or 64-bit operand, a
 * register destination, another opcode, or too few bytes).
 */
bool mmio_decode_store(const uint8_t *insn, size_t len, struct mmio_store *out);

/* Reads 8 bytes of guest-physical memory at phys; false if it cannot. */
typedef bool (*guest_read64_fn)(void *ctx, uint64_t phys, uint64_t *value);

/*
 * The guest-physical address of linear address la under 4-level paging
 * with the PML4 at cr3 (1 GiB and 2 MiB pages included).  False if a
 * level is not present or a read fails.
 */
bool guest_linear_to_physical(uint64_t cr3, uint64_t la, guest_read64_fn read, void *ctx,
			      uint64_t *phys);

#endif
