/*
 * Decoding of the processor's VMX capabilities: pure logic over raw CPUID
 * and MSR values, shared by the kernel and the host tool tools/vmxcheck.c.
 *
 * The values live in a struct vmx_msr_snapshot.  The kernel fills one with
 * vmx_snapshot_collect() and its own CPUID/RDMSR callbacks, the host tool
 * with /dev/cpu/N/msr or from a dump file (vmx_snapshot_parse_line()).
 * Nothing here touches the hardware.
 */
#ifndef LIB_VMX_CAPS_H
#define LIB_VMX_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fields of a snapshot, for its `have` mask. */
enum vmx_snap_field {
	VMX_SNAP_CPUID_VENDOR,
	VMX_SNAP_CPUID_01H_ECX,
	VMX_SNAP_CPUID_MAX_EXT_LEAF,
	VMX_SNAP_CPUID_80000008H_EAX,
	VMX_SNAP_FEATURE_CONTROL,
	VMX_SNAP_BASIC,
	VMX_SNAP_PINBASED,
	VMX_SNAP_PROCBASED,
	VMX_SNAP_EXIT,
	VMX_SNAP_ENTRY,
	VMX_SNAP_MISC,
	VMX_SNAP_CR0_FIXED0,
	VMX_SNAP_CR0_FIXED1,
	VMX_SNAP_CR4_FIXED0,
	VMX_SNAP_CR4_FIXED1,
	VMX_SNAP_VMCS_ENUM,
	VMX_SNAP_PROCBASED2,
	VMX_SNAP_EPT_VPID_CAP,
	VMX_SNAP_TRUE_PINBASED,
	VMX_SNAP_TRUE_PROCBASED,
	VMX_SNAP_TRUE_EXIT,
	VMX_SNAP_TRUE_ENTRY,
	VMX_SNAP_VMFUNC,
	VMX_SNAP_NR_FIELDS
};

#define VMX_HAVE(field) (1u << (field))

/*
 * Raw CPUID and MSR values of one logical processor.  A value counts only
 * if its bit is set in `have`: the kernel reads only the MSRs that exist,
 * and a dump file may lack some.
 */
struct vmx_msr_snapshot {
	char cpuid_vendor[13]; /* CPUID.0:EBX,EDX,ECX and a NUL */
	uint32_t cpuid_01h_ecx;
	uint32_t cpuid_max_ext_leaf;  /* CPUID.80000000H:EAX */
	uint32_t cpuid_80000008h_eax; /* bits 7:0 = physical-address width */
	uint64_t feature_control;
	uint64_t basic;
	uint64_t pinbased;
	uint64_t procbased;
	uint64_t exit;
	uint64_t entry;
	uint64_t misc;
	uint64_t cr0_fixed0;
	uint64_t cr0_fixed1;
	uint64_t cr4_fixed0;
	uint64_t cr4_fixed1;
	uint64_t vmcs_enum;
	uint64_t procbased2;
	uint64_t ept_vpid_cap;
	uint64_t true_pinbased;
	uint64_t true_procbased;
	uint64_t true_exit;
	uint64_t true_entry;
	uint64_t vmfunc;
	uint32_t have; /* VMX_HAVE() bits of known fields */
};

void vmx_snapshot_init(struct vmx_msr_snapshot *s);
bool vmx_snapshot_has(const struct vmx_msr_snapshot *s, enum vmx_snap_field f);

/*
 * Whether `msr` exists on the processor the snapshot describes, by the
 * SDM's enumeration rules (Vol. 4 Table 2-2, Vol. 3D Appendix A).  False
 * also when the snapshot lacks what the rule depends on: the kernel must
 * not RDMSR what it cannot prove exists, or it takes a #GP.
 */
bool vmx_msr_exists(const struct vmx_msr_snapshot *s, uint32_t msr);

/* How the snapshot collector reaches the hardware (or a fake of it). */
struct vmx_probe_ops {
	void (*cpuid)(void *ctx, uint32_t leaf, uint32_t subleaf,
		      uint32_t regs[4]); /* EAX, EBX, ECX, EDX */
	bool (*rdmsr)(void *ctx, uint32_t msr, uint64_t *value);
};

/*
 * Fills `s` from CPUID and from every MSR vmx_msr_exists() allows, in the
 * order the existence rules need.  A failed rdmsr leaves that field unknown.
 */
void vmx_snapshot_collect(struct vmx_msr_snapshot *s, const struct vmx_probe_ops *ops, void *ctx);

/* Results of vmx_snapshot_parse_line(). */
enum {
	VMX_PARSE_OK = 0, /* a known name, blank or comment */
	VMX_PARSE_UNKNOWN_NAME = 1,
	VMX_PARSE_MALFORMED = -1,
	VMX_PARSE_OUT_OF_RANGE = -2, /* value too wide for its field */
};

/*
 * Parses one dump line "NAME=VALUE" into `s`.  NAME is the SDM's: CPUID_VENDOR
 * (a string), CPUID_01H_ECX, CPUID_80000000H_EAX, CPUID_80000008H_EAX,
 * IA32_FEATURE_CONTROL and the IA32_VMX_* capability MSRs.  VALUE is hex
 * with 0x, or decimal.  Blank lines and '#' comments are accepted.  On
 * VMX_PARSE_UNKNOWN_NAME, *unknown_name points at the name inside `line`;
 * it is vmx_dump_name_len() characters long.
 */
int vmx_snapshot_parse_line(struct vmx_msr_snapshot *s, const char *line,
			    const char **unknown_name);
size_t vmx_dump_name_len(const char *name);

/* The capability MSR that governs a VMCS control field. */
enum vmx_ctl_field {
	VMX_CTL_PINBASED,
	VMX_CTL_PROCBASED,
	VMX_CTL_PROCBASED2,
	VMX_CTL_EXIT,
	VMX_CTL_ENTRY,
};

/*
 * The allowed settings of control field `f`: the TRUE_ MSR when the
 * processor has one (Vol. 3D A.2), else the original.  False when the
 * snapshot does not hold it; secondary controls that cannot be activated
 * read as "all must be 0".
 */
bool vmx_snapshot_ctl(const struct vmx_msr_snapshot *s, enum vmx_ctl_field f, uint64_t *ctl_msr);

/* Control capability MSRs, Vol. 3D A.3-A.5; `bit` is a position, 0-31. */
bool vmx_ctl_allowed1(uint64_t ctl_msr, unsigned bit);
bool vmx_ctl_must_be_1(uint64_t ctl_msr, unsigned bit);
/* `wanted` with the must-be-1 bits set and the cannot-be-1 bits cleared. */
uint32_t vmx_ctl_adjust(uint64_t ctl_msr, uint32_t wanted);
/* The bits of `required` that the processor does not allow to be 1. */
uint32_t vmx_ctl_missing(uint64_t ctl_msr, uint32_t required);

/*
 * VMX-fixed bits of CR0 and CR4, Vol. 3D A.7 and A.8: a bit set in FIXED0
 * must be 1, a bit clear in FIXED1 must be 0.
 */
struct vmx_cr_fixed {
	uint64_t must_be_1;
	uint64_t must_be_0;
};

struct vmx_cr_fixed vmx_cr_fixed_masks(uint64_t fixed0, uint64_t fixed1);
uint64_t vmx_adjust_cr(uint64_t value, uint64_t fixed0, uint64_t fixed1);
bool vmx_cr_allowed(uint64_t value, uint64_t fixed0, uint64_t fixed1);

/*
 * What to do with IA32_FEATURE_CONTROL before VMXON (Vol. 3C 24.7):
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

enum vmx_verdict {
	VMX_OK,
	VMX_UNSUPPORTED,
	VMX_DISABLED_BY_FIRMWARE,
	VMX_UNUSABLE,
	VMX_UNKNOWN,
};

const char *vmx_verdict_name(enum vmx_verdict verdict);

struct vmx_assessment {
	enum vmx_verdict verdict;
	/*
	 * Why, as a short machine token: vmx-usable, no-cpuid-data,
	 * no-vmx-cpuid, no-vmx-cpuid-hypervisor, amd-svm-not-supported,
	 * no-feature-control-data, feature-control-locked-off,
	 * feature-control-smx-only, no-vmx-basic-data, basic-bit31-set,
	 * region-size-invalid, memtype-not-wb.
	 */
	const char *reason;
	uint32_t revision;	/* VMCS revision identifier */
	uint32_t region_size;	/* bytes per VMXON region and VMCS */
	bool addr32;		/* VMX structures must be below 4 GiB */
	bool true_ctls;		/* the TRUE_ control MSRs exist */
	uint8_t phys_addr_bits; /* 0 if unknown */
};

void vmx_assess(const struct vmx_msr_snapshot *s, struct vmx_assessment *out);

/* A sentence a person can act on for an assessment's reason; never NULL. */
const char *vmx_advice(const char *reason);

/*
 * Text output for pure code.  The kernel passes its printf wrapper, the
 * host tool a vprintf wrapper.  Formats use only %s %c %d %u %x %lx %lu
 * with width and zero-padding.
 */
typedef void (*vmx_print_fn)(void *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * A full decode of every capability the snapshot holds, one
 * "name  value" per line: fields, each control's allowed settings
 * ("allowed=0/1", "=1", "=0"), CR fixed bits, EPT/VPID and VM functions.
 */
void vmx_caps_print(const struct vmx_msr_snapshot *s, vmx_print_fn print, void *ctx);

#endif
