/*
 * How a VMX instruction reports (Intel SDM Vol. 3C section 31.2,
 * "Conventions"): VMsucceed clears CF and ZF, VMfailInvalid sets CF (no
 * current VMCS to hold an error number), VMfailValid sets ZF (the error
 * number is in the current VMCS's VM-instruction error field).  Pure, so
 * the host tests check the decoding.
 */
#ifndef LIB_VMX_INSN_RESULT_H
#define LIB_VMX_INSN_RESULT_H

#include <stdbool.h>

/* How an attempt at a VMX instruction ended: its flags, or the fault it took. */
enum vmx_outcome {
	VMX_OUTCOME_NOT_TRIED,
	VMX_OUTCOME_SUCCESS,
	VMX_OUTCOME_FAIL_INVALID, /* CF=1 */
	VMX_OUTCOME_FAIL_VALID,	  /* ZF=1 */
	VMX_OUTCOME_UD,
	VMX_OUTCOME_GP,
	VMX_OUTCOME_OTHER_FAULT,
};

/* The outcome from RFLAGS.CF and RFLAGS.ZF after the instruction. */
enum vmx_outcome vmx_result(bool cf, bool zf);

#endif
