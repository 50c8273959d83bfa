#include "lib/vmx/insn_result.h"

enum vmx_outcome vmx_result(bool cf, bool zf)
{
	if (cf)
		return VMX_OUTCOME_FAIL_INVALID;
	if (zf)
		return VMX_OUTCOME_FAIL_VALID;
	return VMX_OUTCOME_SUCCESS;
}
