/*
 * The parts of each snapshot field: CPUID bits, IA32_FEATURE_CONTROL,
 * IA32_VMX_BASIC and MISC (Vol. 3D A.1, A.6), each control's allowed
 * settings (A.3-A.5), the CR fixed bits (A.7, A.8), VMCS enumeration (A.9),
 * EPT/VPID (A.10) and VM functions (A.11).
 */
#include "lib/vmx/decode.h"

#include <string.h>

#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/assess.h"
#include "lib/vmx/controls.h"

static void decode_cpuid_01h_ecx(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
				 uint64_t raw)
{
	union cpuid_01h_ecx ecx = { .raw = (uint32_t)raw };

	(void)s;
	vmx_field_u(o, "cpuid", "vmx", ecx.vmx);
	vmx_field_u(o, "cpuid", "smx", ecx.smx);
	vmx_field_u(o, "cpuid", "x2apic", ecx.x2apic);
	vmx_field_u(o, "cpuid", "hypervisor", ecx.hypervisor);
}

static void decode_cpuid_80000008h(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
				   uint64_t raw)
{
	vmx_field_u(o, "cpuid", "phys_addr_bits", vmx_phys_addr_bits(s));
	vmx_field_u(o, "cpuid", "linear_addr_bits", (raw >> 8) & 0xff);
}

static void decode_feature_control(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
				   uint64_t raw)
{
	union ia32_feature_control fc = { .raw = raw };

	(void)s;
	vmx_field_u(o, "feature_control", "lock", fc.lock);
	vmx_field_u(o, "feature_control", "vmx_inside_smx", fc.vmx_inside_smx);
	vmx_field_u(o, "feature_control", "vmx_outside_smx", fc.vmx_outside_smx);
	vmx_field_x(o, "feature_control", "senter_local_enables", fc.senter_local_enables);
	vmx_field_u(o, "feature_control", "senter_global_enable", fc.senter_global_enable);
	vmx_field_u(o, "feature_control", "sgx_launch_control", fc.sgx_launch_control);
	vmx_field_u(o, "feature_control", "sgx_global_enable", fc.sgx_global_enable);
	vmx_field_u(o, "feature_control", "lmce_on", fc.lmce_on);
}

static const char *memtype_name(unsigned type)
{
	switch (type) {
	case VMX_MEMTYPE_UC: return "uc";
	case VMX_MEMTYPE_WB: return "wb";
	default: return "reserved";
	}
}

static void decode_basic(const struct vmx_out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_basic b = { .raw = raw };

	(void)s;
	vmx_field_x(o, "basic", "revision", b.revision);
	vmx_field_u(o, "basic", "bit31_zero", b.bit31_zero);
	vmx_field_u(o, "basic", "region_size", b.region_size);
	vmx_field_u(o, "basic", "addr32", b.addr32);
	vmx_field_u(o, "basic", "dual_monitor", b.dual_monitor);
	vmx_field_u(o, "basic", "memory_type", b.memory_type);
	vmx_field_s(o, "basic", "memory_type_name", memtype_name(b.memory_type));
	vmx_field_u(o, "basic", "ins_outs_info", b.ins_outs_info);
	vmx_field_u(o, "basic", "true_ctls", b.true_ctls);
	vmx_field_u(o, "basic", "no_error_code_check", b.no_error_code_check);
}

static const char *const pin_names[32] = {
	[VMX_PIN_EXTERNAL_INTERRUPT_EXITING] = "external_interrupt_exiting",
	[VMX_PIN_NMI_EXITING] = "nmi_exiting",
	[VMX_PIN_VIRTUAL_NMIS] = "virtual_nmis",
	[VMX_PIN_PREEMPTION_TIMER] = "preemption_timer",
	[VMX_PIN_POSTED_INTERRUPTS] = "posted_interrupts",
};

static const char *const proc_names[32] = {
	[VMX_PROC_INTERRUPT_WINDOW_EXITING] = "interrupt_window_exiting",
	[VMX_PROC_USE_TSC_OFFSETTING] = "use_tsc_offsetting",
	[VMX_PROC_HLT_EXITING] = "hlt_exiting",
	[VMX_PROC_INVLPG_EXITING] = "invlpg_exiting",
	[VMX_PROC_MWAIT_EXITING] = "mwait_exiting",
	[VMX_PROC_RDPMC_EXITING] = "rdpmc_exiting",
	[VMX_PROC_RDTSC_EXITING] = "rdtsc_exiting",
	[VMX_PROC_CR3_LOAD_EXITING] = "cr3_load_exiting",
	[VMX_PROC_CR3_STORE_EXITING] = "cr3_store_exiting",
	[VMX_PROC_ACTIVATE_TERTIARY_CONTROLS] = "activate_tertiary_controls",
	[VMX_PROC_CR8_LOAD_EXITING] = "cr8_load_exiting",
	[VMX_PROC_CR8_STORE_EXITING] = "cr8_store_exiting",
	[VMX_PROC_USE_TPR_SHADOW] = "use_tpr_shadow",
	[VMX_PROC_NMI_WINDOW_EXITING] = "nmi_window_exiting",
	[VMX_PROC_MOV_DR_EXITING] = "mov_dr_exiting",
	[VMX_PROC_UNCONDITIONAL_IO_EXITING] = "unconditional_io_exiting",
	[VMX_PROC_USE_IO_BITMAPS] = "use_io_bitmaps",
	[VMX_PROC_MONITOR_TRAP_FLAG] = "monitor_trap_flag",
	[VMX_PROC_USE_MSR_BITMAPS] = "use_msr_bitmaps",
	[VMX_PROC_MONITOR_EXITING] = "monitor_exiting",
	[VMX_PROC_PAUSE_EXITING] = "pause_exiting",
	[VMX_PROC_ACTIVATE_SECONDARY_CONTROLS] = "activate_secondary_controls",
};

static const char *const proc2_names[32] = {
	[VMX_PROC2_VIRTUALIZE_APIC_ACCESSES] = "virtualize_apic_accesses",
	[VMX_PROC2_ENABLE_EPT] = "enable_ept",
	[VMX_PROC2_DESCRIPTOR_TABLE_EXITING] = "descriptor_table_exiting",
	[VMX_PROC2_ENABLE_RDTSCP] = "enable_rdtscp",
	[VMX_PROC2_VIRTUALIZE_X2APIC_MODE] = "virtualize_x2apic_mode",
	[VMX_PROC2_ENABLE_VPID] = "enable_vpid",
	[VMX_PROC2_WBINVD_EXITING] = "wbinvd_exiting",
	[VMX_PROC2_UNRESTRICTED_GUEST] = "unrestricted_guest",
	[VMX_PROC2_APIC_REGISTER_VIRTUALIZATION] = "apic_register_virtualization",
	[VMX_PROC2_VIRTUAL_INTERRUPT_DELIVERY] = "virtual_interrupt_delivery",
	[VMX_PROC2_PAUSE_LOOP_EXITING] = "pause_loop_exiting",
	[VMX_PROC2_RDRAND_EXITING] = "rdrand_exiting",
	[VMX_PROC2_ENABLE_INVPCID] = "enable_invpcid",
	[VMX_PROC2_ENABLE_VM_FUNCTIONS] = "enable_vm_functions",
	[VMX_PROC2_VMCS_SHADOWING] = "vmcs_shadowing",
	[VMX_PROC2_ENABLE_ENCLS_EXITING] = "enable_encls_exiting",
	[VMX_PROC2_RDSEED_EXITING] = "rdseed_exiting",
	[VMX_PROC2_ENABLE_PML] = "enable_pml",
	[VMX_PROC2_EPT_VIOLATION_VE] = "ept_violation_ve",
	[VMX_PROC2_CONCEAL_VMX_FROM_PT] = "conceal_vmx_from_pt",
	[VMX_PROC2_ENABLE_XSAVES_XRSTORS] = "enable_xsaves_xrstors",
	[VMX_PROC2_MODE_BASED_EPT_EXECUTE] = "mode_based_ept_execute",
	[VMX_PROC2_SUB_PAGE_WRITE_PERMISSIONS] = "sub_page_write_permissions",
	[VMX_PROC2_PT_USES_GUEST_PHYSICAL] = "pt_uses_guest_physical",
	[VMX_PROC2_USE_TSC_SCALING] = "use_tsc_scaling",
	[VMX_PROC2_ENABLE_USER_WAIT_PAUSE] = "enable_user_wait_pause",
	[VMX_PROC2_ENABLE_PCONFIG] = "enable_pconfig",
	[VMX_PROC2_ENABLE_ENCLV_EXITING] = "enable_enclv_exiting",
	[VMX_PROC2_BUS_LOCK_DETECTION] = "bus_lock_detection",
	[VMX_PROC2_INSTRUCTION_TIMEOUT] = "instruction_timeout",
};

static const char *const exit_names[32] = {
	[VMX_EXIT_CTL_SAVE_DEBUG_CONTROLS] = "save_debug_controls",
	[VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE] = "host_address_space_size",
	[VMX_EXIT_CTL_LOAD_PERF_GLOBAL_CTRL] = "load_perf_global_ctrl",
	[VMX_EXIT_CTL_ACK_INTERRUPT_ON_EXIT] = "ack_interrupt_on_exit",
	[VMX_EXIT_CTL_SAVE_PAT] = "save_pat",
	[VMX_EXIT_CTL_LOAD_PAT] = "load_pat",
	[VMX_EXIT_CTL_SAVE_EFER] = "save_efer",
	[VMX_EXIT_CTL_LOAD_EFER] = "load_efer",
	[VMX_EXIT_CTL_SAVE_PREEMPTION_TIMER] = "save_preemption_timer",
	[VMX_EXIT_CTL_CLEAR_BNDCFGS] = "clear_bndcfgs",
	[VMX_EXIT_CTL_CONCEAL_VMX_FROM_PT] = "conceal_vmx_from_pt",
	[VMX_EXIT_CTL_CLEAR_RTIT_CTL] = "clear_rtit_ctl",
	[VMX_EXIT_CTL_CLEAR_LBR_CTL] = "clear_lbr_ctl",
	[VMX_EXIT_CTL_LOAD_CET_STATE] = "load_cet_state",
	[VMX_EXIT_CTL_LOAD_PKRS] = "load_pkrs",
	[VMX_EXIT_CTL_SAVE_PERF_GLOBAL_CTRL] = "save_perf_global_ctrl",
	[VMX_EXIT_CTL_ACTIVATE_SECONDARY_CONTROLS] = "activate_secondary_controls",
};

static const char *const entry_names[32] = {
	[VMX_ENTRY_CTL_LOAD_DEBUG_CONTROLS] = "load_debug_controls",
	[VMX_ENTRY_CTL_IA32E_MODE_GUEST] = "ia32e_mode_guest",
	[VMX_ENTRY_CTL_ENTRY_TO_SMM] = "entry_to_smm",
	[VMX_ENTRY_CTL_DEACTIVATE_DUAL_MONITOR] = "deactivate_dual_monitor",
	[VMX_ENTRY_CTL_LOAD_PERF_GLOBAL_CTRL] = "load_perf_global_ctrl",
	[VMX_ENTRY_CTL_LOAD_PAT] = "load_pat",
	[VMX_ENTRY_CTL_LOAD_EFER] = "load_efer",
	[VMX_ENTRY_CTL_LOAD_BNDCFGS] = "load_bndcfgs",
	[VMX_ENTRY_CTL_CONCEAL_VMX_FROM_PT] = "conceal_vmx_from_pt",
	[VMX_ENTRY_CTL_LOAD_RTIT_CTL] = "load_rtit_ctl",
	[VMX_ENTRY_CTL_LOAD_CET_STATE] = "load_cet_state",
	[VMX_ENTRY_CTL_LOAD_LBR_CTL] = "load_lbr_ctl",
	[VMX_ENTRY_CTL_LOAD_PKRS] = "load_pkrs",
	[VMX_ENTRY_CTL_LOAD_FRED] = "load_fred",
};

const char *vmx_decode_control_name(unsigned field, unsigned bit)
{
	/* In the order of enum vmx_ctl_field. */
	static const char *const *const tables[] = { pin_names, proc_names, proc2_names, exit_names,
						     entry_names };

	if (field >= sizeof(tables) / sizeof(tables[0]) || bit >= 32)
		return NULL;
	return tables[field][bit];
}

/*
 * "0/1" either setting, "1" must be 1, "0" must be 0, "none" when the MSR
 * demands 1 but forbids it (VM entry can never succeed).
 */
static const char *allowed_settings(uint64_t ctl_msr, unsigned bit)
{
	bool must1 = vmx_ctl_must_be_1(ctl_msr, bit);
	bool may1 = vmx_ctl_allowed1(ctl_msr, bit);

	if (must1)
		return may1 ? "allowed=1" : "allowed=none";
	return may1 ? "allowed=0/1" : "allowed=0";
}

/*
 * Every named control, and every unnamed one that is not plainly "must be
 * 0" (default1 bits and controls newer than this table).
 */
static void decode_ctls(const struct vmx_out *o, const char *group, const char *const names[32],
			uint64_t raw)
{
	unsigned bit;

	for (bit = 0; bit < 32; bit++) {
		const char *setting = allowed_settings(raw, bit);

		if (names[bit])
			vmx_field_s(o, group, names[bit], setting);
		else if (strcmp(setting, "allowed=0") != 0)
			vmx_field_bit(o, group, bit, setting);
	}
}

static void decode_misc(const struct vmx_out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_misc m = { .raw = raw };

	(void)s;
	vmx_field_u(o, "misc", "preemption_timer_rate", m.preemption_timer_rate);
	vmx_field_u(o, "misc", "store_efer_lma", m.store_efer_lma);
	vmx_field_u(o, "misc", "activity_hlt", m.activity_hlt);
	vmx_field_u(o, "misc", "activity_shutdown", m.activity_shutdown);
	vmx_field_u(o, "misc", "activity_wait_for_sipi", m.activity_wait_for_sipi);
	vmx_field_u(o, "misc", "intel_pt_in_vmx", m.intel_pt_in_vmx);
	vmx_field_u(o, "misc", "rdmsr_smbase_in_smm", m.rdmsr_smbase_in_smm);
	vmx_field_u(o, "misc", "cr3_target_count", m.cr3_target_count);
	vmx_field_u(o, "misc", "max_msr_list_entries", 512ul * (m.max_msr_list + 1));
	vmx_field_u(o, "misc", "smm_monitor_ctl_bit2", m.smm_monitor_ctl_bit2);
	vmx_field_u(o, "misc", "vmwrite_any_field", m.vmwrite_any_field);
	vmx_field_u(o, "misc", "zero_length_injection", m.zero_length_injection);
	vmx_field_x(o, "misc", "mseg_revision", m.mseg_revision);
}

struct cr_bit {
	const char *name;
	uint64_t mask;
};

static const struct cr_bit cr0_bits[] = {
	{ "pe", X86_CR0_PE }, { "mp", X86_CR0_MP }, { "em", X86_CR0_EM }, { "ts", X86_CR0_TS },
	{ "et", X86_CR0_ET }, { "ne", X86_CR0_NE }, { "wp", X86_CR0_WP }, { "am", X86_CR0_AM },
	{ "nw", X86_CR0_NW }, { "cd", X86_CR0_CD }, { "pg", X86_CR0_PG }, { NULL, 0 },
};

static const struct cr_bit cr4_bits[] = {
	{ "vme", X86_CR4_VME },
	{ "pvi", X86_CR4_PVI },
	{ "tsd", X86_CR4_TSD },
	{ "de", X86_CR4_DE },
	{ "pse", X86_CR4_PSE },
	{ "pae", X86_CR4_PAE },
	{ "mce", X86_CR4_MCE },
	{ "pge", X86_CR4_PGE },
	{ "pce", X86_CR4_PCE },
	{ "osfxsr", X86_CR4_OSFXSR },
	{ "osxmmexcpt", X86_CR4_OSXMMEXCPT },
	{ "umip", X86_CR4_UMIP },
	{ "la57", X86_CR4_LA57 },
	{ "vmxe", X86_CR4_VMXE },
	{ "smxe", X86_CR4_SMXE },
	{ "fsgsbase", X86_CR4_FSGSBASE },
	{ "pcide", X86_CR4_PCIDE },
	{ "osxsave", X86_CR4_OSXSAVE },
	{ "kl", X86_CR4_KL },
	{ "smep", X86_CR4_SMEP },
	{ "smap", X86_CR4_SMAP },
	{ "pke", X86_CR4_PKE },
	{ "cet", X86_CR4_CET },
	{ "pks", X86_CR4_PKS },
	{ "uintr", X86_CR4_UINTR },
	{ "lass", X86_CR4_LASS },
	{ "lam_sup", X86_CR4_LAM_SUP },
	{ "fred", X86_CR4_FRED },
	{ NULL, 0 },
};

/* The masks, then each named bit as fixed=1, fixed=0 or free. */
static void decode_cr_fixed(const struct vmx_out *o, const char *group, const struct cr_bit *bits,
			    uint64_t fixed0, uint64_t fixed1)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(fixed0, fixed1);

	vmx_field_x(o, group, "must_be_1", m.must_be_1);
	vmx_field_x(o, group, "must_be_0", m.must_be_0);
	for (; bits->name; bits++) {
		const char *state = "free";

		if (m.must_be_1 & bits->mask)
			state = (m.must_be_0 & bits->mask) ? "fixed=none" : "fixed=1";
		else if (m.must_be_0 & bits->mask)
			state = "fixed=0";
		vmx_field_s(o, group, bits->name, state);
	}
}

static void decode_cr0_fixed(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
			     uint64_t raw)
{
	if (vmx_snapshot_has(s, VMX_SNAP_CR0_FIXED0))
		decode_cr_fixed(o, "cr0", cr0_bits, s->cr0_fixed0, raw);
}

static void decode_cr4_fixed(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
			     uint64_t raw)
{
	if (vmx_snapshot_has(s, VMX_SNAP_CR4_FIXED0))
		decode_cr_fixed(o, "cr4", cr4_bits, s->cr4_fixed0, raw);
}

static void decode_vmcs_enum(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
			     uint64_t raw)
{
	union ia32_vmx_vmcs_enum e = { .raw = raw };

	(void)s;
	vmx_field_x(o, "vmcs_enum", "max_index", e.max_index);
}

static void decode_ept_vpid_cap(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
				uint64_t raw)
{
	union ia32_vmx_ept_vpid_cap c = { .raw = raw };

	(void)s;
	vmx_field_u(o, "ept", "execute_only", c.execute_only);
	vmx_field_u(o, "ept", "page_walk_4", c.page_walk_4);
	vmx_field_u(o, "ept", "page_walk_5", c.page_walk_5);
	vmx_field_u(o, "ept", "memtype_uc", c.memtype_uc);
	vmx_field_u(o, "ept", "memtype_wb", c.memtype_wb);
	vmx_field_u(o, "ept", "pde_2mb", c.pde_2mb);
	vmx_field_u(o, "ept", "pdpte_1gb", c.pdpte_1gb);
	vmx_field_u(o, "ept", "invept", c.invept);
	vmx_field_u(o, "ept", "accessed_dirty", c.accessed_dirty);
	vmx_field_u(o, "ept", "advanced_exit_info", c.advanced_exit_info);
	vmx_field_u(o, "ept", "invept_single_context", c.invept_single_context);
	vmx_field_u(o, "ept", "invept_all_context", c.invept_all_context);
	vmx_field_u(o, "vpid", "invvpid", c.invvpid);
	vmx_field_u(o, "vpid", "invvpid_individual_address", c.invvpid_individual_address);
	vmx_field_u(o, "vpid", "invvpid_single_context", c.invvpid_single_context);
	vmx_field_u(o, "vpid", "invvpid_all_context", c.invvpid_all_context);
	vmx_field_u(o, "vpid", "invvpid_single_context_globals", c.invvpid_single_context_globals);
}

static void decode_vmfunc(const struct vmx_out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_vmfunc f = { .raw = raw };

	(void)s;
	vmx_field_u(o, "vmfunc", "eptp_switching", f.eptp_switching);
}

/*
 * How each field is decoded under its raw line: a control field by its
 * group name and bit names, any other by its own function; neither: not
 * at all.
 */
typedef void (*decode_fn)(const struct vmx_out *o, const struct vmx_msr_snapshot *s, uint64_t raw);

struct decoder {
	decode_fn fn;
	const char *group;
	const char *const *ctl_names;
};

#define FN(f)             \
	{                 \
		.fn = (f) \
	}
#define CTLS(g, names)                             \
	{                                          \
		.group = (g), .ctl_names = (names) \
	}

static const struct decoder decoders[VMX_SNAP_NR_FIELDS] = {
	[VMX_SNAP_CPUID_01H_ECX] = FN(decode_cpuid_01h_ecx),
	[VMX_SNAP_CPUID_80000008H_EAX] = FN(decode_cpuid_80000008h),
	[VMX_SNAP_FEATURE_CONTROL] = FN(decode_feature_control),
	[VMX_SNAP_BASIC] = FN(decode_basic),
	[VMX_SNAP_PINBASED] = CTLS("pinbased", pin_names),
	[VMX_SNAP_PROCBASED] = CTLS("procbased", proc_names),
	[VMX_SNAP_EXIT] = CTLS("exit", exit_names),
	[VMX_SNAP_ENTRY] = CTLS("entry", entry_names),
	[VMX_SNAP_MISC] = FN(decode_misc),
	[VMX_SNAP_CR0_FIXED1] = FN(decode_cr0_fixed),
	[VMX_SNAP_CR4_FIXED1] = FN(decode_cr4_fixed),
	[VMX_SNAP_VMCS_ENUM] = FN(decode_vmcs_enum),
	[VMX_SNAP_PROCBASED2] = CTLS("procbased2", proc2_names),
	[VMX_SNAP_EPT_VPID_CAP] = FN(decode_ept_vpid_cap),
	[VMX_SNAP_TRUE_PINBASED] = CTLS("true_pinbased", pin_names),
	[VMX_SNAP_TRUE_PROCBASED] = CTLS("true_procbased", proc_names),
	[VMX_SNAP_TRUE_EXIT] = CTLS("true_exit", exit_names),
	[VMX_SNAP_TRUE_ENTRY] = CTLS("true_entry", entry_names),
	[VMX_SNAP_VMFUNC] = FN(decode_vmfunc),
};

void vmx_decode_field(const struct vmx_out *o, const struct vmx_msr_snapshot *s,
		      enum vmx_snap_field f, uint64_t raw)
{
	const struct decoder *d = &decoders[f];

	if (d->fn)
		d->fn(o, s, raw);
	else if (d->ctl_names)
		decode_ctls(o, d->group, d->ctl_names, raw);
}
