#include "lib/vmx/mmio_store.h"

#define REX_R		  0x04
#define OPC_MOV_STORE	  0x89
#define OPC_MOV_IMM_STORE 0xc7
#define OPC_XCHG	  0x87
#define OPERAND_SIZE_16	  0x66
#define ADDRESS_SIZE	  0x67

static bool is_segment_override(uint8_t b)
{
	return b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65;
}

/* Bytes of ModRM, SIB and displacement for a memory operand (Vol. 2 2.1.5, 32/64-bit addressing). */
static unsigned modrm_bytes(const uint8_t *p, size_t left)
{
	uint8_t modrm = p[0];
	unsigned mod = modrm >> 6, rm = modrm & 7, n = 1;

	if (rm == 4) { /* a SIB byte */
		if (left < 2)
			return 0;
		n++;
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4; /* no base: disp32 */
	} else if (mod == 0 && rm == 5) {
		n += 4; /* RIP-relative disp32 */
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2)
		n += 4;
	return n;
}

bool mmio_decode_store(const uint8_t *insn, size_t len, bool long_mode, struct mmio_store *out)
{
	size_t i = 0;
	uint8_t rex = 0, opcode, modrm;
	unsigned operand;

	if (len > MMIO_INSN_MAX)
		len = MMIO_INSN_MAX;
	while (i < len && (is_segment_override(insn[i]) || insn[i] == ADDRESS_SIZE)) {
		/* Outside 64-bit mode 67H means 16-bit addressing, whose ModRM differs. */
		if (insn[i] == ADDRESS_SIZE && !long_mode)
			return false;
		i++;
	}
	if (i < len && insn[i] == OPERAND_SIZE_16)
		return false;
	/* 40H-4FH are REX prefixes in 64-bit mode only (INC and DEC elsewhere). */
	if (long_mode && i < len && (insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	if (rex & 0x08) /* REX.W: a 64-bit store */
		return false;
	if (i + 2 > len)
		return false;
	opcode = insn[i++];
	modrm = insn[i];
	if ((modrm >> 6) == 3) /* a register, not memory */
		return false;
	if (opcode != OPC_MOV_STORE && opcode != OPC_XCHG &&
	    !(opcode == OPC_MOV_IMM_STORE && ((modrm >> 3) & 7) == 0))
		return false;
	operand = modrm_bytes(insn + i, len - i);
	if (!operand || i + operand > len)
		return false;
	i += operand;
	out->immediate = opcode == OPC_MOV_IMM_STORE;
	out->exchange = opcode == OPC_XCHG;
	out->reg = ((modrm >> 3) & 7) | ((rex & REX_R) ? 8 : 0);
	out->imm = 0;
	if (out->immediate) {
		if (i + 4 > len)
			return false;
		out->imm = (uint32_t)insn[i] | (uint32_t)insn[i + 1] << 8 |
			   (uint32_t)insn[i + 2] << 16 | (uint32_t)insn[i + 3] << 24;
		i += 4;
	}
	out->length = (unsigned)i;
	return true;
}
