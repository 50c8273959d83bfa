/*
 * Which VM exits report the length of the instruction that caused them
 * (Intel SDM Vol. 3C 28.2.5 "Information for VM Exits Due to Instruction
 * Execution"): exits due to an attempt to execute an instruction.  For the
 * others (EPT violations, INIT, SIPI, interrupts, triple fault...) the
 * VM-exit instruction-length field is undefined, and skipping by it would
 * move the guest's RIP by whatever the field happens to hold.
 */
#ifndef LIB_VMX_EXIT_LENGTH_H
#define LIB_VMX_EXIT_LENGTH_H

#include <stdbool.h>
#include <stdint.h>
#include "include/x86/vmcs.h"

#define VMX_EXIT_BIT_(r) (1ull << ((r)&63))

/* Basic reasons 0-63 caused by executing an instruction. */
#define VMX_EXIT_INSN_MASK_LOW                                                               \
	(VMX_EXIT_BIT_(VMX_EXIT_CPUID) | VMX_EXIT_BIT_(VMX_EXIT_GETSEC) |                    \
	 VMX_EXIT_BIT_(VMX_EXIT_HLT) | VMX_EXIT_BIT_(VMX_EXIT_INVD) |                        \
	 VMX_EXIT_BIT_(VMX_EXIT_INVLPG) | VMX_EXIT_BIT_(VMX_EXIT_RDPMC) |                    \
	 VMX_EXIT_BIT_(VMX_EXIT_RDTSC) | VMX_EXIT_BIT_(VMX_EXIT_RSM) |                       \
	 VMX_EXIT_BIT_(VMX_EXIT_VMCALL) | VMX_EXIT_BIT_(VMX_EXIT_VMCLEAR) |                  \
	 VMX_EXIT_BIT_(VMX_EXIT_VMLAUNCH) | VMX_EXIT_BIT_(VMX_EXIT_VMPTRLD) |                \
	 VMX_EXIT_BIT_(VMX_EXIT_VMPTRST) | VMX_EXIT_BIT_(VMX_EXIT_VMREAD) |                  \
	 VMX_EXIT_BIT_(VMX_EXIT_VMRESUME) | VMX_EXIT_BIT_(VMX_EXIT_VMWRITE) |                \
	 VMX_EXIT_BIT_(VMX_EXIT_VMXOFF) | VMX_EXIT_BIT_(VMX_EXIT_VMXON) |                    \
	 VMX_EXIT_BIT_(VMX_EXIT_CR_ACCESS) | VMX_EXIT_BIT_(VMX_EXIT_MOV_DR) |                \
	 VMX_EXIT_BIT_(VMX_EXIT_IO_INSTRUCTION) | VMX_EXIT_BIT_(VMX_EXIT_RDMSR) |            \
	 VMX_EXIT_BIT_(VMX_EXIT_WRMSR) | VMX_EXIT_BIT_(VMX_EXIT_MWAIT) |                     \
	 VMX_EXIT_BIT_(VMX_EXIT_MONITOR) | VMX_EXIT_BIT_(VMX_EXIT_PAUSE) |                   \
	 VMX_EXIT_BIT_(VMX_EXIT_GDTR_IDTR_ACCESS) | VMX_EXIT_BIT_(VMX_EXIT_LDTR_TR_ACCESS) | \
	 VMX_EXIT_BIT_(VMX_EXIT_INVEPT) | VMX_EXIT_BIT_(VMX_EXIT_RDTSCP) |                   \
	 VMX_EXIT_BIT_(VMX_EXIT_INVVPID) | VMX_EXIT_BIT_(VMX_EXIT_WBINVD) |                  \
	 VMX_EXIT_BIT_(VMX_EXIT_XSETBV) | VMX_EXIT_BIT_(VMX_EXIT_RDRAND) |                   \
	 VMX_EXIT_BIT_(VMX_EXIT_INVPCID) | VMX_EXIT_BIT_(VMX_EXIT_VMFUNC) |                  \
	 VMX_EXIT_BIT_(VMX_EXIT_ENCLS) | VMX_EXIT_BIT_(VMX_EXIT_RDSEED) |                    \
	 VMX_EXIT_BIT_(VMX_EXIT_XSAVES))
/* Basic reasons 64 and up. */
#define VMX_EXIT_INSN_MASK_HIGH                                              \
	(VMX_EXIT_BIT_(VMX_EXIT_XRSTORS) | VMX_EXIT_BIT_(VMX_EXIT_PCONFIG) | \
	 VMX_EXIT_BIT_(VMX_EXIT_UMWAIT) | VMX_EXIT_BIT_(VMX_EXIT_TPAUSE) |   \
	 VMX_EXIT_BIT_(VMX_EXIT_LOADIWKEY) | VMX_EXIT_BIT_(VMX_EXIT_ENCLV))

/* True if an exit with this basic reason reports its instruction's length. */
static inline bool vmx_exit_has_instruction_length(uint32_t basic)
{
	if (basic < 64)
		return (VMX_EXIT_INSN_MASK_LOW >> basic) & 1;
	if (basic < 128)
		return (VMX_EXIT_INSN_MASK_HIGH >> (basic - 64)) & 1;
	return false;
}

#endif
