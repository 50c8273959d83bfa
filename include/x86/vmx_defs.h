/*
 * Architectural VMX definitions: the layout of IA32_FEATURE_CONTROL and of
 * the VMX capability MSRs, and the positions of the VM-execution, VM-exit
 * and VM-entry control bits.
 *
 * Names follow the SDM.  Unions pair the raw MSR value with its fields (see
 * cpu_regs.h for the bit-field convention); tests/unit/test_vmx_defs.c pins
 * each field against hand-decoded values.
 *
 * The control bits are bit POSITIONS, because the capability helpers in
 * lib/vmx/controls.h take positions; VMX_CTL_BIT() turns one into a mask for a VMCS
 * control field.
 */
#ifndef INCLUDE_X86_VMX_DEFS_H
#define INCLUDE_X86_VMX_DEFS_H

#include <stdint.h>

/*
 * IA32_FEATURE_CONTROL (MSR 3AH), Vol. 3C 24.7 "Enabling and Entering VMX
 * Operation" and Vol. 4 Table 2-2.  Cleared on reset; once the lock bit is
 * set, WRMSR faults until the next power-on reset.  VMXON outside SMX needs
 * lock = 1 and vmx_outside_smx = 1.
 */
union ia32_feature_control {
	uint64_t raw;
	struct {
		uint64_t lock : 1;	      /* bit 0 */
		uint64_t vmx_inside_smx : 1;  /* bit 1 */
		uint64_t vmx_outside_smx : 1; /* bit 2 */
		uint64_t reserved3_7 : 5;
		uint64_t senter_local_enables : 7; /* bits 14:8 */
		uint64_t senter_global_enable : 1; /* bit 15 */
		uint64_t reserved16 : 1;
		uint64_t sgx_launch_control : 1; /* bit 17 */
		uint64_t sgx_global_enable : 1;	 /* bit 18 */
		uint64_t reserved19 : 1;
		uint64_t lmce_on : 1; /* bit 20 */
		uint64_t reserved21_63 : 43;
	};
};
_Static_assert(sizeof(union ia32_feature_control) == 8, "IA32_FEATURE_CONTROL is 64 bits");

#define IA32_FEATURE_CONTROL_LOCK	     (1ull << 0)
#define IA32_FEATURE_CONTROL_VMX_INSIDE_SMX  (1ull << 1)
#define IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX (1ull << 2)

/*
 * IA32_VMX_BASIC (MSR 480H), Vol. 3D A.1 "Basic VMX Information".
 * region_size is the byte size of the VMXON region and of each VMCS: more
 * than 0 and at most 4096.  With addr32 set, every VMX structure must sit
 * below 4 GiB.  memory_type is how the processor may access those
 * structures.
 */
union ia32_vmx_basic {
	uint64_t raw;
	struct {
		uint64_t revision : 31;	   /* bits 30:0 */
		uint64_t bit31_zero : 1;   /* always 0 */
		uint64_t region_size : 13; /* bits 44:32 */
		uint64_t reserved45_47 : 3;
		uint64_t addr32 : 1;	    /* bit 48 */
		uint64_t dual_monitor : 1;  /* bit 49 */
		uint64_t memory_type : 4;   /* bits 53:50 */
		uint64_t ins_outs_info : 1; /* bit 54 */
		uint64_t true_ctls : 1;	    /* bit 55 */
		/* Bit 56: VM entry may inject any hardware exception with
		 * or without an error code, whatever its vector. */
		uint64_t no_error_code_check : 1;
		uint64_t reserved57_63 : 7;
	};
};
_Static_assert(sizeof(union ia32_vmx_basic) == 8, "IA32_VMX_BASIC is 64 bits");

/* Memory types IA32_VMX_BASIC reports, Vol. 3D A.1 (other values unused). */
#define VMX_MEMTYPE_UC 0u
#define VMX_MEMTYPE_WB 6u

#define VMX_REGION_SIZE_MAX 4096u

/*
 * IA32_VMX_MISC (MSR 485H), Vol. 3D A.6 "Miscellaneous Data".
 * The VMX-preemption timer counts down by 1 each time bit
 * preemption_timer_rate of the TSC changes.  The recommended maximum number
 * of MSRs in each MSR load/store list is 512 * (max_msr_list + 1).
 */
union ia32_vmx_misc {
	uint64_t raw;
	struct {
		uint64_t preemption_timer_rate : 5;  /* bits 4:0 */
		uint64_t store_efer_lma : 1;	     /* bit 5 */
		uint64_t activity_hlt : 1;	     /* bit 6 */
		uint64_t activity_shutdown : 1;	     /* bit 7 */
		uint64_t activity_wait_for_sipi : 1; /* bit 8 */
		uint64_t reserved9_13 : 5;
		uint64_t intel_pt_in_vmx : 1;	    /* bit 14 */
		uint64_t rdmsr_smbase_in_smm : 1;   /* bit 15 */
		uint64_t cr3_target_count : 9;	    /* bits 24:16 */
		uint64_t max_msr_list : 3;	    /* bits 27:25 */
		uint64_t smm_monitor_ctl_bit2 : 1;  /* bit 28 */
		uint64_t vmwrite_any_field : 1;	    /* bit 29 */
		uint64_t zero_length_injection : 1; /* bit 30 */
		uint64_t reserved31 : 1;
		uint64_t mseg_revision : 32; /* bits 63:32 */
	};
};
_Static_assert(sizeof(union ia32_vmx_misc) == 8, "IA32_VMX_MISC is 64 bits");

/*
 * The layout shared by the control capability MSRs (PINBASED, PROCBASED,
 * PROCBASED2, EXIT, ENTRY and their TRUE_ variants), Vol. 3D A.3-A.5:
 * bit X of allowed0 set means control X must be 1 (its 0-setting is not
 * allowed); bit X of allowed1 set means control X may be 1.
 */
union ia32_vmx_ctls {
	uint64_t raw;
	struct {
		uint32_t allowed0; /* bits 31:0: 1 = must be 1 */
		uint32_t allowed1; /* bits 63:32: 1 = may be 1 */
	};
};
_Static_assert(sizeof(union ia32_vmx_ctls) == 8, "control MSRs are 64 bits");

#define VMX_CTL_BIT(pos) (1u << (pos))

/*
 * The default1 class: reserved controls that the non-TRUE capability MSRs
 * always report as "must be 1", Vol. 3D A.2 "Reserved Controls and Default
 * Settings".  The TRUE_ MSRs may allow some of them to be 0.
 */
#define VMX_PIN_DEFAULT1       0x00000016u /* bits 1, 2, 4 */
#define VMX_PROC_DEFAULT1      0x0401e172u /* 1, 4-6, 8, 13-16, 26 */
#define VMX_EXIT_CTL_DEFAULT1  0x00036dffu /* 0-8, 10-11, 13-14, 16-17 */
#define VMX_ENTRY_CTL_DEFAULT1 0x000011ffu /* 0-8, 12 */

/*
 * Pin-based VM-execution controls, Vol. 3C 25.6.1; capabilities in
 * IA32_VMX_(TRUE_)PINBASED_CTLS, Vol. 3D A.3.1.
 */
enum vmx_pin_ctl {
	VMX_PIN_EXTERNAL_INTERRUPT_EXITING = 0,
	VMX_PIN_NMI_EXITING = 3,
	VMX_PIN_VIRTUAL_NMIS = 5,
	VMX_PIN_PREEMPTION_TIMER = 6,
	VMX_PIN_POSTED_INTERRUPTS = 7,
};

/*
 * Primary processor-based VM-execution controls, Vol. 3C 25.6.2;
 * capabilities in IA32_VMX_(TRUE_)PROCBASED_CTLS, Vol. 3D A.3.2.
 */
enum vmx_proc_ctl {
	VMX_PROC_INTERRUPT_WINDOW_EXITING = 2,
	VMX_PROC_USE_TSC_OFFSETTING = 3,
	VMX_PROC_HLT_EXITING = 7,
	VMX_PROC_INVLPG_EXITING = 9,
	VMX_PROC_MWAIT_EXITING = 10,
	VMX_PROC_RDPMC_EXITING = 11,
	VMX_PROC_RDTSC_EXITING = 12,
	VMX_PROC_CR3_LOAD_EXITING = 15,
	VMX_PROC_CR3_STORE_EXITING = 16,
	VMX_PROC_ACTIVATE_TERTIARY_CONTROLS = 17,
	VMX_PROC_CR8_LOAD_EXITING = 19,
	VMX_PROC_CR8_STORE_EXITING = 20,
	VMX_PROC_USE_TPR_SHADOW = 21,
	VMX_PROC_NMI_WINDOW_EXITING = 22,
	VMX_PROC_MOV_DR_EXITING = 23,
	VMX_PROC_UNCONDITIONAL_IO_EXITING = 24,
	VMX_PROC_USE_IO_BITMAPS = 25,
	VMX_PROC_MONITOR_TRAP_FLAG = 27,
	VMX_PROC_USE_MSR_BITMAPS = 28,
	VMX_PROC_MONITOR_EXITING = 29,
	VMX_PROC_PAUSE_EXITING = 30,
	VMX_PROC_ACTIVATE_SECONDARY_CONTROLS = 31,
};

/*
 * Secondary processor-based VM-execution controls, Vol. 3C 25.6.2;
 * capabilities in IA32_VMX_PROCBASED_CTLS2, Vol. 3D A.3.3.  Bits 21 and 29
 * are left unnamed here.
 */
enum vmx_proc2_ctl {
	VMX_PROC2_VIRTUALIZE_APIC_ACCESSES = 0,
	VMX_PROC2_ENABLE_EPT = 1,
	VMX_PROC2_DESCRIPTOR_TABLE_EXITING = 2,
	VMX_PROC2_ENABLE_RDTSCP = 3,
	VMX_PROC2_VIRTUALIZE_X2APIC_MODE = 4,
	VMX_PROC2_ENABLE_VPID = 5,
	VMX_PROC2_WBINVD_EXITING = 6,
	VMX_PROC2_UNRESTRICTED_GUEST = 7,
	VMX_PROC2_APIC_REGISTER_VIRTUALIZATION = 8,
	VMX_PROC2_VIRTUAL_INTERRUPT_DELIVERY = 9,
	VMX_PROC2_PAUSE_LOOP_EXITING = 10,
	VMX_PROC2_RDRAND_EXITING = 11,
	VMX_PROC2_ENABLE_INVPCID = 12,
	VMX_PROC2_ENABLE_VM_FUNCTIONS = 13,
	VMX_PROC2_VMCS_SHADOWING = 14,
	VMX_PROC2_ENABLE_ENCLS_EXITING = 15,
	VMX_PROC2_RDSEED_EXITING = 16,
	VMX_PROC2_ENABLE_PML = 17,
	VMX_PROC2_EPT_VIOLATION_VE = 18,
	VMX_PROC2_CONCEAL_VMX_FROM_PT = 19,
	VMX_PROC2_ENABLE_XSAVES_XRSTORS = 20,
	VMX_PROC2_MODE_BASED_EPT_EXECUTE = 22,
	VMX_PROC2_SUB_PAGE_WRITE_PERMISSIONS = 23,
	VMX_PROC2_PT_USES_GUEST_PHYSICAL = 24,
	VMX_PROC2_USE_TSC_SCALING = 25,
	VMX_PROC2_ENABLE_USER_WAIT_PAUSE = 26,
	VMX_PROC2_ENABLE_PCONFIG = 27,
	VMX_PROC2_ENABLE_ENCLV_EXITING = 28,
	VMX_PROC2_BUS_LOCK_DETECTION = 30,
	VMX_PROC2_INSTRUCTION_TIMEOUT = 31,
};

/*
 * Primary VM-exit controls, Vol. 3C 25.7.1; capabilities in
 * IA32_VMX_(TRUE_)EXIT_CTLS, Vol. 3D A.4.  Bit 27 is left unnamed here.
 */
enum vmx_exit_ctl {
	VMX_EXIT_CTL_SAVE_DEBUG_CONTROLS = 2,
	VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE = 9,
	VMX_EXIT_CTL_LOAD_PERF_GLOBAL_CTRL = 12,
	VMX_EXIT_CTL_ACK_INTERRUPT_ON_EXIT = 15,
	VMX_EXIT_CTL_SAVE_PAT = 18,
	VMX_EXIT_CTL_LOAD_PAT = 19,
	VMX_EXIT_CTL_SAVE_EFER = 20,
	VMX_EXIT_CTL_LOAD_EFER = 21,
	VMX_EXIT_CTL_SAVE_PREEMPTION_TIMER = 22,
	VMX_EXIT_CTL_CLEAR_BNDCFGS = 23,
	VMX_EXIT_CTL_CONCEAL_VMX_FROM_PT = 24,
	VMX_EXIT_CTL_CLEAR_RTIT_CTL = 25,
	VMX_EXIT_CTL_CLEAR_LBR_CTL = 26,
	VMX_EXIT_CTL_LOAD_CET_STATE = 28,
	VMX_EXIT_CTL_LOAD_PKRS = 29,
	VMX_EXIT_CTL_SAVE_PERF_GLOBAL_CTRL = 30,
	VMX_EXIT_CTL_ACTIVATE_SECONDARY_CONTROLS = 31,
};

/*
 * VM-entry controls, Vol. 3C 25.8.1; capabilities in
 * IA32_VMX_(TRUE_)ENTRY_CTLS, Vol. 3D A.5.  Bit 19 is left unnamed here.
 */
enum vmx_entry_ctl {
	VMX_ENTRY_CTL_LOAD_DEBUG_CONTROLS = 2,
	VMX_ENTRY_CTL_IA32E_MODE_GUEST = 9,
	VMX_ENTRY_CTL_ENTRY_TO_SMM = 10,
	VMX_ENTRY_CTL_DEACTIVATE_DUAL_MONITOR = 11,
	VMX_ENTRY_CTL_LOAD_PERF_GLOBAL_CTRL = 13,
	VMX_ENTRY_CTL_LOAD_PAT = 14,
	VMX_ENTRY_CTL_LOAD_EFER = 15,
	VMX_ENTRY_CTL_LOAD_BNDCFGS = 16,
	VMX_ENTRY_CTL_CONCEAL_VMX_FROM_PT = 17,
	VMX_ENTRY_CTL_LOAD_RTIT_CTL = 18,
	VMX_ENTRY_CTL_LOAD_CET_STATE = 20,
	VMX_ENTRY_CTL_LOAD_LBR_CTL = 21,
	VMX_ENTRY_CTL_LOAD_PKRS = 22,
	VMX_ENTRY_CTL_LOAD_FRED = 23,
};

/*
 * IA32_VMX_VMCS_ENUM (MSR 48AH), Vol. 3D A.9 "VMCS Enumeration": the
 * highest index value used in any VMCS field encoding.
 */
union ia32_vmx_vmcs_enum {
	uint64_t raw;
	struct {
		uint64_t reserved0 : 1;
		uint64_t max_index : 9; /* bits 9:1 */
		uint64_t reserved10_63 : 54;
	};
};
_Static_assert(sizeof(union ia32_vmx_vmcs_enum) == 8, "IA32_VMX_VMCS_ENUM is 64 bits");

/*
 * IA32_VMX_EPT_VPID_CAP (MSR 48CH), Vol. 3D A.10 "VPID and EPT
 * Capabilities".  Bits not named here are left reserved.
 */
union ia32_vmx_ept_vpid_cap {
	uint64_t raw;
	struct {
		uint64_t execute_only : 1; /* bit 0 */
		uint64_t reserved1_5 : 5;
		uint64_t page_walk_4 : 1; /* bit 6 */
		uint64_t page_walk_5 : 1; /* bit 7 */
		uint64_t memtype_uc : 1;  /* bit 8 */
		uint64_t reserved9_13 : 5;
		uint64_t memtype_wb : 1; /* bit 14 */
		uint64_t reserved15 : 1;
		uint64_t pde_2mb : 1;	/* bit 16 */
		uint64_t pdpte_1gb : 1; /* bit 17 */
		uint64_t reserved18_19 : 2;
		uint64_t invept : 1;		 /* bit 20 */
		uint64_t accessed_dirty : 1;	 /* bit 21 */
		uint64_t advanced_exit_info : 1; /* bit 22 */
		uint64_t reserved23_24 : 2;
		uint64_t invept_single_context : 1; /* bit 25 */
		uint64_t invept_all_context : 1;    /* bit 26 */
		uint64_t reserved27_31 : 5;
		uint64_t invvpid : 1; /* bit 32 */
		uint64_t reserved33_39 : 7;
		uint64_t invvpid_individual_address : 1;     /* bit 40 */
		uint64_t invvpid_single_context : 1;	     /* bit 41 */
		uint64_t invvpid_all_context : 1;	     /* bit 42 */
		uint64_t invvpid_single_context_globals : 1; /* bit 43 */
		uint64_t reserved44_63 : 20;
	};
};
_Static_assert(sizeof(union ia32_vmx_ept_vpid_cap) == 8, "IA32_VMX_EPT_VPID_CAP is 64 bits");

/*
 * IA32_VMX_VMFUNC (MSR 491H), Vol. 3D A.11 "VM Functions": bit X set means
 * VM function X may be enabled.
 */
union ia32_vmx_vmfunc {
	uint64_t raw;
	struct {
		uint64_t eptp_switching : 1; /* bit 0 */
		uint64_t reserved1_63 : 63;
	};
};
_Static_assert(sizeof(union ia32_vmx_vmfunc) == 8, "IA32_VMX_VMFUNC is 64 bits");

#endif
