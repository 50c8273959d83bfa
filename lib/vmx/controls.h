/*
 * What VMX operation allows and requires of the settings software makes:
 * VMCS control bits (Vol. 3D A.3-A.5), CR0/CR4 bits (A.7, A.8) and
 * IA32_FEATURE_CONTROL before VMXON (Vol. 3C 24.7).
 */
#ifndef LIB_VMX_CONTROLS_H
#define LIB_VMX_CONTROLS_H

#include <stdbool.h>
#include <stdint.h>

/* Control capability MSRs; `bit` is a position, 0-31. */
bool vmx_ctl_allowed1(uint64_t ctl_msr, unsigned bit);
bool vmx_ctl_must_be_1(uint64_t ctl_msr, unsigned bit);

/*
 * VMX-fixed bits of CR0 and CR4: a bit set in FIXED0 must be 1, a bit
 * clear in FIXED1 must be 0.
 */
struct vmx_cr_fixed {
	uint64_t must_be_1;
	uint64_t must_be_0;
};

struct vmx_cr_fixed vmx_cr_fixed_masks(uint64_t fixed0, uint64_t fixed1);
uint64_t vmx_adjust_cr(uint64_t value, uint64_t fixed0, uint64_t fixed1);

/*
 * What to do with IA32_FEATURE_CONTROL before VMXON:
 * FC_READY: locked with VMX outside SMX enabled, nothing to write;
 * FC_WRITE: unlocked, write *new_value (VMX enabled, then locked);
 * FC_LOCKED_OFF: locked without VMX outside SMX, only firmware can help.
 */
enum fc_action {
	FC_READY,
	FC_WRITE,
	FC_LOCKED_OFF
};

enum fc_action vmx_feature_control_plan(uint64_t fc, bool cpu_has_smx, uint64_t *new_value);

#endif
