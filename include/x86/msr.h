/*
 * Model-specific register indices the hypervisor uses.
 *
 * Numbers and names are the SDM's: Vol. 4 Chapter 2, Table 2-2 "IA-32
 * Architectural MSRs".  Which of the VMX MSRs exist on a given processor is
 * decided by vmx_msr_exists() (lib/vmx/presence.h): reading one that does
 * not exist raises #GP.
 */
#ifndef INCLUDE_X86_MSR_H
#define INCLUDE_X86_MSR_H

#define MSR_IA32_APIC_BASE	 0x0000001bu
#define MSR_IA32_FEATURE_CONTROL 0x0000003au

/* IA32_APIC_BASE's base-address field (Vol. 3A 11.4.4, figure 11-5). */
#define IA32_APIC_BASE_ADDR_MASK 0x000ffffffffff000ull

/* VMX capability reporting, Vol. 3D Appendix A. */
#define MSR_IA32_VMX_BASIC		 0x00000480u
#define MSR_IA32_VMX_PINBASED_CTLS	 0x00000481u
#define MSR_IA32_VMX_PROCBASED_CTLS	 0x00000482u
#define MSR_IA32_VMX_EXIT_CTLS		 0x00000483u
#define MSR_IA32_VMX_ENTRY_CTLS		 0x00000484u
#define MSR_IA32_VMX_MISC		 0x00000485u
#define MSR_IA32_VMX_CR0_FIXED0		 0x00000486u
#define MSR_IA32_VMX_CR0_FIXED1		 0x00000487u
#define MSR_IA32_VMX_CR4_FIXED0		 0x00000488u
#define MSR_IA32_VMX_CR4_FIXED1		 0x00000489u
#define MSR_IA32_VMX_VMCS_ENUM		 0x0000048au
#define MSR_IA32_VMX_PROCBASED_CTLS2	 0x0000048bu
#define MSR_IA32_VMX_EPT_VPID_CAP	 0x0000048cu
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS	 0x0000048du
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x0000048eu
#define MSR_IA32_VMX_TRUE_EXIT_CTLS	 0x0000048fu
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS	 0x00000490u
#define MSR_IA32_VMX_VMFUNC		 0x00000491u
/* Tertiary controls (Vol. 3D A.3.4); listed so the range has no hole. */
#define MSR_IA32_VMX_PROCBASED_CTLS3	 0x00000492u

#define MSR_IA32_SYSENTER_CS  0x00000174u
#define MSR_IA32_SYSENTER_ESP 0x00000175u
#define MSR_IA32_SYSENTER_EIP 0x00000176u
#define MSR_IA32_DEBUGCTL     0x000001d9u
#define MSR_IA32_PAT	      0x00000277u
/* IA32_PAT after reset and INIT (Vol. 3A 13.12.4): WB, WT, UC-, UC, twice. */
#define IA32_PAT_INIT	      0x0007040600070406ull

#define MSR_IA32_FS_BASE 0xc0000100u
#define MSR_IA32_GS_BASE 0xc0000101u
#define MSR_IA32_EFER	 0xc0000080u

/*
 * x2APIC registers are MSRs 800H-8FFH: the xAPIC MMIO offset shifted right
 * by 4 (Vol. 3A, APIC chapter, "x2APIC Register Address Space").
 */
#define MSR_X2APIC_BASE 0x00000800u
#define MSR_X2APIC_LAST 0x000008ffu

#endif
