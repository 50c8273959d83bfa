/*
 * The VMCS: field encodings (Intel SDM Vol. 3C Appendix B "Field Encoding
 * in VMCS"), basic exit reasons (Appendix C "VMX Basic Exit Reasons"),
 * VM-instruction error numbers (section 31.4 "VM Instruction Error
 * Numbers"), the exit-reason and interruption-information formats (section
 * 25.9 "VM-Exit Information Fields", 25.8.3 "VM-Entry Controls for Event
 * Injection"), segment access rights (25.4.1 "Guest Register State") and
 * the exit qualifications the dispatcher decodes (28.2.1 "Basic VM-Exit
 * Information").
 */
#ifndef INCLUDE_X86_VMCS_H
#define INCLUDE_X86_VMCS_H

/* 16-bit fields. */
#define VMCS_VPID		 0x0000u
#define VMCS_GUEST_ES_SELECTOR	 0x0800u
#define VMCS_GUEST_CS_SELECTOR	 0x0802u
#define VMCS_GUEST_SS_SELECTOR	 0x0804u
#define VMCS_GUEST_DS_SELECTOR	 0x0806u
#define VMCS_GUEST_FS_SELECTOR	 0x0808u
#define VMCS_GUEST_GS_SELECTOR	 0x080au
#define VMCS_GUEST_LDTR_SELECTOR 0x080cu
#define VMCS_GUEST_TR_SELECTOR	 0x080eu
#define VMCS_HOST_ES_SELECTOR	 0x0c00u
#define VMCS_HOST_CS_SELECTOR	 0x0c02u
#define VMCS_HOST_SS_SELECTOR	 0x0c04u
#define VMCS_HOST_DS_SELECTOR	 0x0c06u
#define VMCS_HOST_FS_SELECTOR	 0x0c08u
#define VMCS_HOST_GS_SELECTOR	 0x0c0au
#define VMCS_HOST_TR_SELECTOR	 0x0c0cu

/* 64-bit fields (the full encoding; +1 is the high half). */
#define VMCS_IO_BITMAP_A	    0x2000u
#define VMCS_IO_BITMAP_B	    0x2002u
#define VMCS_MSR_BITMAP		    0x2004u
#define VMCS_EXIT_MSR_STORE_ADDR    0x2006u
#define VMCS_EXIT_MSR_LOAD_ADDR	    0x2008u
#define VMCS_ENTRY_MSR_LOAD_ADDR    0x200au
#define VMCS_TSC_OFFSET		    0x2010u
#define VMCS_EPT_POINTER	    0x201au
#define VMCS_XSS_EXITING_BITMAP	    0x202cu
#define VMCS_GUEST_PHYSICAL_ADDRESS 0x2400u
#define VMCS_LINK_POINTER	    0x2800u
#define VMCS_GUEST_IA32_DEBUGCTL    0x2802u
#define VMCS_GUEST_IA32_PAT	    0x2804u
#define VMCS_GUEST_IA32_EFER	    0x2806u
#define VMCS_HOST_IA32_PAT	    0x2c00u
#define VMCS_HOST_IA32_EFER	    0x2c02u

/* 32-bit fields. */
#define VMCS_PIN_BASED_CTLS	    0x4000u
#define VMCS_PROC_BASED_CTLS	    0x4002u
#define VMCS_EXCEPTION_BITMAP	    0x4004u
#define VMCS_PF_ERROR_CODE_MASK	    0x4006u
#define VMCS_PF_ERROR_CODE_MATCH    0x4008u
#define VMCS_CR3_TARGET_COUNT	    0x400au
#define VMCS_EXIT_CTLS		    0x400cu
#define VMCS_EXIT_MSR_STORE_COUNT   0x400eu
#define VMCS_EXIT_MSR_LOAD_COUNT    0x4010u
#define VMCS_ENTRY_CTLS		    0x4012u
#define VMCS_ENTRY_MSR_LOAD_COUNT   0x4014u
#define VMCS_ENTRY_INTR_INFO	    0x4016u
#define VMCS_ENTRY_EXCEPTION_ERROR  0x4018u
#define VMCS_ENTRY_INSTRUCTION_LEN  0x401au
#define VMCS_PROC_BASED_CTLS2	    0x401eu
#define VMCS_VM_INSTRUCTION_ERROR   0x4400u
#define VMCS_EXIT_REASON	    0x4402u
#define VMCS_EXIT_INTR_INFO	    0x4404u
#define VMCS_EXIT_INTR_ERROR	    0x4406u
#define VMCS_IDT_VECTORING_INFO	    0x4408u
#define VMCS_IDT_VECTORING_ERROR    0x440au
#define VMCS_EXIT_INSTRUCTION_LEN   0x440cu
#define VMCS_EXIT_INSTRUCTION_INFO  0x440eu
#define VMCS_GUEST_ES_LIMIT	    0x4800u
#define VMCS_GUEST_CS_LIMIT	    0x4802u
#define VMCS_GUEST_SS_LIMIT	    0x4804u
#define VMCS_GUEST_DS_LIMIT	    0x4806u
#define VMCS_GUEST_FS_LIMIT	    0x4808u
#define VMCS_GUEST_GS_LIMIT	    0x480au
#define VMCS_GUEST_LDTR_LIMIT	    0x480cu
#define VMCS_GUEST_TR_LIMIT	    0x480eu
#define VMCS_GUEST_GDTR_LIMIT	    0x4810u
#define VMCS_GUEST_IDTR_LIMIT	    0x4812u
#define VMCS_GUEST_ES_AR	    0x4814u
#define VMCS_GUEST_CS_AR	    0x4816u
#define VMCS_GUEST_SS_AR	    0x4818u
#define VMCS_GUEST_DS_AR	    0x481au
#define VMCS_GUEST_FS_AR	    0x481cu
#define VMCS_GUEST_GS_AR	    0x481eu
#define VMCS_GUEST_LDTR_AR	    0x4820u
#define VMCS_GUEST_TR_AR	    0x4822u
#define VMCS_GUEST_INTERRUPTIBILITY 0x4824u
#define VMCS_GUEST_ACTIVITY_STATE   0x4826u
#define VMCS_GUEST_SYSENTER_CS	    0x482au
#define VMCS_PREEMPTION_TIMER_VALUE 0x482eu
#define VMCS_HOST_SYSENTER_CS	    0x4c00u

/* Natural-width fields. */
#define VMCS_CR0_GUEST_HOST_MASK  0x6000u
#define VMCS_CR4_GUEST_HOST_MASK  0x6002u
#define VMCS_CR0_READ_SHADOW	  0x6004u
#define VMCS_CR4_READ_SHADOW	  0x6006u
#define VMCS_EXIT_QUALIFICATION	  0x6400u
#define VMCS_GUEST_LINEAR_ADDRESS 0x640au
#define VMCS_GUEST_CR0		  0x6800u
#define VMCS_GUEST_CR3		  0x6802u
#define VMCS_GUEST_CR4		  0x6804u
#define VMCS_GUEST_ES_BASE	  0x6806u
#define VMCS_GUEST_CS_BASE	  0x6808u
#define VMCS_GUEST_SS_BASE	  0x680au
#define VMCS_GUEST_DS_BASE	  0x680cu
#define VMCS_GUEST_FS_BASE	  0x680eu
#define VMCS_GUEST_GS_BASE	  0x6810u
#define VMCS_GUEST_LDTR_BASE	  0x6812u
#define VMCS_GUEST_TR_BASE	  0x6814u
#define VMCS_GUEST_GDTR_BASE	  0x6816u
#define VMCS_GUEST_IDTR_BASE	  0x6818u
#define VMCS_GUEST_DR7		  0x681au
#define VMCS_GUEST_RSP		  0x681cu
#define VMCS_GUEST_RIP		  0x681eu
#define VMCS_GUEST_RFLAGS	  0x6820u
#define VMCS_GUEST_PENDING_DEBUG  0x6822u
#define VMCS_GUEST_SYSENTER_ESP	  0x6824u
#define VMCS_GUEST_SYSENTER_EIP	  0x6826u
#define VMCS_HOST_CR0		  0x6c00u
#define VMCS_HOST_CR3		  0x6c02u
#define VMCS_HOST_CR4		  0x6c04u
#define VMCS_HOST_FS_BASE	  0x6c06u
#define VMCS_HOST_GS_BASE	  0x6c08u
#define VMCS_HOST_TR_BASE	  0x6c0au
#define VMCS_HOST_GDTR_BASE	  0x6c0cu
#define VMCS_HOST_IDTR_BASE	  0x6c0eu
#define VMCS_HOST_SYSENTER_ESP	  0x6c10u
#define VMCS_HOST_SYSENTER_EIP	  0x6c12u
#define VMCS_HOST_RSP		  0x6c14u
#define VMCS_HOST_RIP		  0x6c16u

/* Exit reason field: basic reason in bits 15:0, VM-entry failure in bit 31. */
#define VMX_EXIT_REASON_BASIC(r)   ((r)&0xffffu)
#define VMX_EXIT_REASON_ENTRY_FAIL (1u << 31)

/* Basic exit reasons, Appendix C (35, 38, 42 and 71 are not used). */
enum vmx_exit_reason {
	VMX_EXIT_EXCEPTION_OR_NMI = 0,
	VMX_EXIT_EXTERNAL_INTERRUPT = 1,
	VMX_EXIT_TRIPLE_FAULT = 2,
	VMX_EXIT_INIT_SIGNAL = 3,
	VMX_EXIT_SIPI = 4,
	VMX_EXIT_IO_SMI = 5,
	VMX_EXIT_OTHER_SMI = 6,
	VMX_EXIT_INTERRUPT_WINDOW = 7,
	VMX_EXIT_NMI_WINDOW = 8,
	VMX_EXIT_TASK_SWITCH = 9,
	VMX_EXIT_CPUID = 10,
	VMX_EXIT_GETSEC = 11,
	VMX_EXIT_HLT = 12,
	VMX_EXIT_INVD = 13,
	VMX_EXIT_INVLPG = 14,
	VMX_EXIT_RDPMC = 15,
	VMX_EXIT_RDTSC = 16,
	VMX_EXIT_RSM = 17,
	VMX_EXIT_VMCALL = 18,
	VMX_EXIT_VMCLEAR = 19,
	VMX_EXIT_VMLAUNCH = 20,
	VMX_EXIT_VMPTRLD = 21,
	VMX_EXIT_VMPTRST = 22,
	VMX_EXIT_VMREAD = 23,
	VMX_EXIT_VMRESUME = 24,
	VMX_EXIT_VMWRITE = 25,
	VMX_EXIT_VMXOFF = 26,
	VMX_EXIT_VMXON = 27,
	VMX_EXIT_CR_ACCESS = 28,
	VMX_EXIT_MOV_DR = 29,
	VMX_EXIT_IO_INSTRUCTION = 30,
	VMX_EXIT_RDMSR = 31,
	VMX_EXIT_WRMSR = 32,
	VMX_EXIT_INVALID_GUEST_STATE = 33,
	VMX_EXIT_MSR_LOADING = 34,
	VMX_EXIT_MWAIT = 36,
	VMX_EXIT_MONITOR_TRAP_FLAG = 37,
	VMX_EXIT_MONITOR = 39,
	VMX_EXIT_PAUSE = 40,
	VMX_EXIT_MACHINE_CHECK_IN_ENTRY = 41,
	VMX_EXIT_TPR_BELOW_THRESHOLD = 43,
	VMX_EXIT_APIC_ACCESS = 44,
	VMX_EXIT_VIRTUALIZED_EOI = 45,
	VMX_EXIT_GDTR_IDTR_ACCESS = 46,
	VMX_EXIT_LDTR_TR_ACCESS = 47,
	VMX_EXIT_EPT_VIOLATION = 48,
	VMX_EXIT_EPT_MISCONFIG = 49,
	VMX_EXIT_INVEPT = 50,
	VMX_EXIT_RDTSCP = 51,
	VMX_EXIT_PREEMPTION_TIMER = 52,
	VMX_EXIT_INVVPID = 53,
	VMX_EXIT_WBINVD = 54,
	VMX_EXIT_XSETBV = 55,
	VMX_EXIT_APIC_WRITE = 56,
	VMX_EXIT_RDRAND = 57,
	VMX_EXIT_INVPCID = 58,
	VMX_EXIT_VMFUNC = 59,
	VMX_EXIT_ENCLS = 60,
	VMX_EXIT_RDSEED = 61,
	VMX_EXIT_PML_FULL = 62,
	VMX_EXIT_XSAVES = 63,
	VMX_EXIT_XRSTORS = 64,
	VMX_EXIT_PCONFIG = 65,
	VMX_EXIT_SPP_EVENT = 66,
	VMX_EXIT_UMWAIT = 67,
	VMX_EXIT_TPAUSE = 68,
	VMX_EXIT_LOADIWKEY = 69,
	VMX_EXIT_ENCLV = 70,
	VMX_EXIT_ENQCMD_PASID_FAIL = 72,
	VMX_EXIT_ENQCMDS_PASID_FAIL = 73,
	VMX_EXIT_BUS_LOCK = 74,
	VMX_EXIT_INSTRUCTION_TIMEOUT = 75,
	VMX_EXIT_REASON_COUNT = 76 /* one past the highest listed */
};

/* VM-instruction error numbers, section 31.4 (14, 21 and 27 are not used). */
enum vmx_insn_error {
	VMX_ERR_VMCALL_IN_ROOT = 1,
	VMX_ERR_VMCLEAR_INVALID_ADDR = 2,
	VMX_ERR_VMCLEAR_VMXON_POINTER = 3,
	VMX_ERR_VMLAUNCH_NOT_CLEAR = 4,
	VMX_ERR_VMRESUME_NOT_LAUNCHED = 5,
	VMX_ERR_VMRESUME_AFTER_VMXOFF = 6,
	VMX_ERR_ENTRY_INVALID_CONTROLS = 7,
	VMX_ERR_ENTRY_INVALID_HOST_STATE = 8,
	VMX_ERR_VMPTRLD_INVALID_ADDR = 9,
	VMX_ERR_VMPTRLD_VMXON_POINTER = 10,
	VMX_ERR_VMPTRLD_WRONG_REVISION = 11,
	VMX_ERR_UNSUPPORTED_FIELD = 12,
	VMX_ERR_VMWRITE_READ_ONLY = 13,
	VMX_ERR_VMXON_IN_ROOT = 15,
	VMX_ERR_ENTRY_INVALID_EXECUTIVE_VMCS = 16,
	VMX_ERR_ENTRY_NONLAUNCHED_EXECUTIVE_VMCS = 17,
	VMX_ERR_ENTRY_EXECUTIVE_NOT_VMXON = 18,
	VMX_ERR_VMCALL_NOT_CLEAR = 19,
	VMX_ERR_VMCALL_INVALID_EXIT_CONTROLS = 20,
	VMX_ERR_VMCALL_WRONG_MSEG_REVISION = 22,
	VMX_ERR_VMXOFF_DUAL_MONITOR = 23,
	VMX_ERR_VMCALL_INVALID_SMM_FEATURES = 24,
	VMX_ERR_ENTRY_INVALID_EXECUTIVE_CONTROLS = 25,
	VMX_ERR_ENTRY_MOV_SS_BLOCKING = 26,
	VMX_ERR_INVEPT_INVVPID_OPERAND = 28,
	VMX_ERR_COUNT = 29 /* one past the highest listed */
};

/*
 * Interruption-information format (VM-entry interruption information, VM-exit
 * interruption information, IDT-vectoring information): vector in 7:0,
 * type in 10:8, deliver error code in bit 11, valid in bit 31.
 */
#define VMX_INTR_VECTOR(info)	   ((info)&0xffu)
#define VMX_INTR_TYPE(info)	   (((info) >> 8) & 7u)
#define VMX_INTR_TYPE_EXTERNAL	   0u
#define VMX_INTR_TYPE_NMI	   2u
#define VMX_INTR_TYPE_HW_EXCEPTION 3u
#define VMX_INTR_TYPE_SW_INTERRUPT 4u
#define VMX_INTR_TYPE_PRIV_SW_EXC  5u
#define VMX_INTR_TYPE_SW_EXCEPTION 6u
#define VMX_INTR_DELIVER_ERROR	   (1u << 11)
#define VMX_INTR_VALID		   (1u << 31)

/*
 * Segment access rights in the VMCS (25.4.1): bits 7:0 as in the
 * descriptor's byte 5 (type, S, DPL, P), bits 15:12 as the high nibble of
 * byte 6 (AVL, L, D/B, G), bit 16 "segment unusable".
 */
#define VMX_AR_TYPE(ar)	       ((ar)&0xfu)
#define VMX_AR_S	       (1u << 4)
#define VMX_AR_DPL(ar)	       (((ar) >> 5) & 3u)
#define VMX_AR_P	       (1u << 7)
#define VMX_AR_AVL	       (1u << 12)
#define VMX_AR_L	       (1u << 13)
#define VMX_AR_DB	       (1u << 14)
#define VMX_AR_G	       (1u << 15)
#define VMX_AR_UNUSABLE	       (1u << 16)
#define VMX_AR_TYPE_TSS64_BUSY 0xbu

/* Interruptibility state (25.4.2, table 25-3): blocking by STI, MOV SS, SMI, NMI. */
#define VMX_INTERRUPTIBILITY_STI    (1u << 0)
#define VMX_INTERRUPTIBILITY_MOV_SS (1u << 1)
#define VMX_INTERRUPTIBILITY_SMI    (1u << 2)
#define VMX_INTERRUPTIBILITY_NMI    (1u << 3)

/* Activity states (25.4.2). */
#define VMX_ACTIVITY_ACTIVE	   0u
#define VMX_ACTIVITY_HLT	   1u
#define VMX_ACTIVITY_SHUTDOWN	   2u
#define VMX_ACTIVITY_WAIT_FOR_SIPI 3u

/*
 * Exit qualification for I/O instructions (Table 28-5): access size - 1 in
 * 2:0 (0, 1 or 3), direction in 3 (1 = IN), string instruction in 4, REP
 * prefix in 5, port number in 31:16.
 */
#define VMX_IO_QUAL_SIZE(q) ((unsigned)((q)&7u) + 1u)
#define VMX_IO_QUAL_IN	    (1u << 3)
#define VMX_IO_QUAL_STRING  (1u << 4)
#define VMX_IO_QUAL_REP	    (1u << 5)
#define VMX_IO_QUAL_PORT(q) ((uint16_t)((q) >> 16))

/*
 * Exit qualification for control-register accesses (Table 28-3): CR number
 * in 3:0, access type in 5:4, general-purpose register in 11:8, LMSW
 * source data in 31:16.
 */
#define VMX_CR_QUAL_CR(q)	((q)&0xfu)
#define VMX_CR_QUAL_ACCESS(q)	(((q) >> 4) & 3u)
#define VMX_CR_ACCESS_MOV_TO	0u
#define VMX_CR_ACCESS_MOV_FROM	1u
#define VMX_CR_ACCESS_CLTS	2u
#define VMX_CR_ACCESS_LMSW	3u
#define VMX_CR_QUAL_GPR(q)	(((q) >> 8) & 0xfu)
#define VMX_CR_QUAL_LMSW_SRC(q) (((q) >> 16) & 0xffffu)

/*
 * Exit qualification for a VM-entry failure (28.2.1): 2 = PDPTE load
 * failed, 3 = NMI injection blocked, 4 = invalid VMCS link pointer; for an
 * MSR-loading failure, the index (from 1) of the failing entry.
 */
#define VMX_ENTRY_QUAL_DEFAULT	    0u
#define VMX_ENTRY_QUAL_PDPTE	    2u
#define VMX_ENTRY_QUAL_NMI_BLOCKED  3u
#define VMX_ENTRY_QUAL_LINK_POINTER 4u

/* Exit qualification for a task switch (Table 28-2): source in bits 31:30. */
#define VMX_TASK_SWITCH_SELECTOR(q) ((q)&0xffffu)
#define VMX_TASK_SWITCH_SOURCE(q)   (((q) >> 30) & 3u)

/* The EPT-violation exit qualification is in include/x86/ept.h. */

#endif
