/* `vmx-bench`: what a VM exit costs (bench.c). */
#ifndef ARCH_X86_VMXTEST_BENCH_H
#define ARCH_X86_VMXTEST_BENCH_H

/* Boot processor, before the cores launch: cpu 0 times CPUID in VMX root and as the guest. */
void vmx_bench_arm(void);

#endif
