/*
 * Failures provoked on purpose for the integration tests (`test=<name>`,
 * lib/test_hooks.h), acting at the boot's named hook points
 * (arch/x86/hook_point.h): which core breaks what, and where, is this
 * file's table, not the code that reaches the point.
 */
#ifndef ARCH_X86_VMXTEST_FAULT_POINTS_H
#define ARCH_X86_VMXTEST_FAULT_POINTS_H

/* Boot processor, after the test hooks are parsed and before any core checks VMX. */
void vmx_fault_points_arm(void);

#endif
