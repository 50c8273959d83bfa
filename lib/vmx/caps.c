/*
 * VMX capability decoding: which capability MSRs exist, whether VMX is
 * usable, the allowed settings of controls and CR bits, a text decode and
 * the dump-file format.  Pure: every hardware access goes through the
 * callbacks in struct vmx_probe_ops.
 */
#include "lib/vmx/caps.h"

#include <string.h>

#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmx_defs.h"

struct out {
	vmx_print_fn print;
	void *ctx;
};

/*
 * One snapshot field: its SDM name (also its dump-file key), the MSR it
 * comes from (0 for CPUID) and where it is stored.  The order of enum
 * vmx_snap_field is the order the existence rules need: BASIC before the
 * TRUE_ MSRs, PROCBASED before PROCBASED2, PROCBASED2 before EPT_VPID_CAP
 * and VMFUNC.
 */
struct snap_desc {
	const char *name;
	uint32_t msr;
	uint16_t offset;
	uint8_t size; /* bytes; 0 for the vendor string */
};

#define SNAP(field, name, msr, member)                                    \
	[field] = { name, msr, offsetof(struct vmx_msr_snapshot, member), \
		    sizeof(((struct vmx_msr_snapshot *)0)->member) }

static const struct snap_desc snap_descs[VMX_SNAP_NR_FIELDS] = {
	[VMX_SNAP_CPUID_VENDOR] = { "CPUID_VENDOR", 0,
				    offsetof(struct vmx_msr_snapshot, cpuid_vendor), 0 },
	SNAP(VMX_SNAP_CPUID_01H_ECX, "CPUID_01H_ECX", 0, cpuid_01h_ecx),
	SNAP(VMX_SNAP_CPUID_MAX_EXT_LEAF, "CPUID_80000000H_EAX", 0, cpuid_max_ext_leaf),
	SNAP(VMX_SNAP_CPUID_80000008H_EAX, "CPUID_80000008H_EAX", 0, cpuid_80000008h_eax),
	SNAP(VMX_SNAP_FEATURE_CONTROL, "IA32_FEATURE_CONTROL", MSR_IA32_FEATURE_CONTROL,
	     feature_control),
	SNAP(VMX_SNAP_BASIC, "IA32_VMX_BASIC", MSR_IA32_VMX_BASIC, basic),
	SNAP(VMX_SNAP_PINBASED, "IA32_VMX_PINBASED_CTLS", MSR_IA32_VMX_PINBASED_CTLS, pinbased),
	SNAP(VMX_SNAP_PROCBASED, "IA32_VMX_PROCBASED_CTLS", MSR_IA32_VMX_PROCBASED_CTLS, procbased),
	SNAP(VMX_SNAP_EXIT, "IA32_VMX_EXIT_CTLS", MSR_IA32_VMX_EXIT_CTLS, exit),
	SNAP(VMX_SNAP_ENTRY, "IA32_VMX_ENTRY_CTLS", MSR_IA32_VMX_ENTRY_CTLS, entry),
	SNAP(VMX_SNAP_MISC, "IA32_VMX_MISC", MSR_IA32_VMX_MISC, misc),
	SNAP(VMX_SNAP_CR0_FIXED0, "IA32_VMX_CR0_FIXED0", MSR_IA32_VMX_CR0_FIXED0, cr0_fixed0),
	SNAP(VMX_SNAP_CR0_FIXED1, "IA32_VMX_CR0_FIXED1", MSR_IA32_VMX_CR0_FIXED1, cr0_fixed1),
	SNAP(VMX_SNAP_CR4_FIXED0, "IA32_VMX_CR4_FIXED0", MSR_IA32_VMX_CR4_FIXED0, cr4_fixed0),
	SNAP(VMX_SNAP_CR4_FIXED1, "IA32_VMX_CR4_FIXED1", MSR_IA32_VMX_CR4_FIXED1, cr4_fixed1),
	SNAP(VMX_SNAP_VMCS_ENUM, "IA32_VMX_VMCS_ENUM", MSR_IA32_VMX_VMCS_ENUM, vmcs_enum),
	SNAP(VMX_SNAP_PROCBASED2, "IA32_VMX_PROCBASED_CTLS2", MSR_IA32_VMX_PROCBASED_CTLS2,
	     procbased2),
	SNAP(VMX_SNAP_EPT_VPID_CAP, "IA32_VMX_EPT_VPID_CAP", MSR_IA32_VMX_EPT_VPID_CAP,
	     ept_vpid_cap),
	SNAP(VMX_SNAP_TRUE_PINBASED, "IA32_VMX_TRUE_PINBASED_CTLS", MSR_IA32_VMX_TRUE_PINBASED_CTLS,
	     true_pinbased),
	SNAP(VMX_SNAP_TRUE_PROCBASED, "IA32_VMX_TRUE_PROCBASED_CTLS",
	     MSR_IA32_VMX_TRUE_PROCBASED_CTLS, true_procbased),
	SNAP(VMX_SNAP_TRUE_EXIT, "IA32_VMX_TRUE_EXIT_CTLS", MSR_IA32_VMX_TRUE_EXIT_CTLS, true_exit),
	SNAP(VMX_SNAP_TRUE_ENTRY, "IA32_VMX_TRUE_ENTRY_CTLS", MSR_IA32_VMX_TRUE_ENTRY_CTLS,
	     true_entry),
	SNAP(VMX_SNAP_VMFUNC, "IA32_VMX_VMFUNC", MSR_IA32_VMX_VMFUNC, vmfunc),
};

_Static_assert(VMX_SNAP_NR_FIELDS <= 32, "`have` is a 32-bit mask");

/* ---- The snapshot ------------------------------------------------------ */

void vmx_snapshot_init(struct vmx_msr_snapshot *s)
{
	memset(s, 0, sizeof(*s));
}

bool vmx_snapshot_has(const struct vmx_msr_snapshot *s, enum vmx_snap_field f)
{
	return (unsigned)f < VMX_SNAP_NR_FIELDS && (s->have & VMX_HAVE(f));
}

static uint64_t snap_get(const struct vmx_msr_snapshot *s, enum vmx_snap_field f)
{
	const struct snap_desc *d = &snap_descs[f];
	const char *at = (const char *)s + d->offset;
	uint32_t v32;
	uint64_t v64;

	if (d->size == sizeof(v32)) {
		memcpy(&v32, at, sizeof(v32));
		return v32;
	}
	memcpy(&v64, at, sizeof(v64));
	return v64;
}

static void snap_set(struct vmx_msr_snapshot *s, enum vmx_snap_field f, uint64_t value)
{
	const struct snap_desc *d = &snap_descs[f];
	char *at = (char *)s + d->offset;
	uint32_t v32 = (uint32_t)value;

	if (d->size == sizeof(v32))
		memcpy(at, &v32, sizeof(v32));
	else
		memcpy(at, &value, sizeof(value));
	s->have |= VMX_HAVE(f);
}

static void snap_set_vendor(struct vmx_msr_snapshot *s, const char *vendor, size_t len)
{
	memset(s->cpuid_vendor, 0, sizeof(s->cpuid_vendor));
	memcpy(s->cpuid_vendor, vendor, len);
	s->have |= VMX_HAVE(VMX_SNAP_CPUID_VENDOR);
}

/* ---- Which MSRs exist -------------------------------------------------- */

/*
 * Three-valued, because a partial snapshot may not say: the printer tells
 * "not supported" from "unknown", vmx_msr_exists() wants certainty.
 */
enum presence {
	ABSENT,
	PRESENT,
	UNDECIDED
};

static enum presence both(enum presence a, enum presence b)
{
	if (a == ABSENT || b == ABSENT)
		return ABSENT;
	return (a == PRESENT && b == PRESENT) ? PRESENT : UNDECIDED;
}

static enum presence either(enum presence a, enum presence b)
{
	if (a == PRESENT || b == PRESENT)
		return PRESENT;
	return (a == ABSENT && b == ABSENT) ? ABSENT : UNDECIDED;
}

static enum presence bit_in(const struct vmx_msr_snapshot *s, enum vmx_snap_field f, unsigned bit)
{
	if (!vmx_snapshot_has(s, f))
		return UNDECIDED;
	return (snap_get(s, f) >> bit) & 1 ? PRESENT : ABSENT;
}

static enum presence cpuid_vmx(const struct vmx_msr_snapshot *s)
{
	return bit_in(s, VMX_SNAP_CPUID_01H_ECX, 5);
}

/* Allowed-1 bits of a control MSR are its bits 63:32. */
static enum presence ctl_may_be_1(const struct vmx_msr_snapshot *s, enum vmx_snap_field f,
				  unsigned bit)
{
	return bit_in(s, f, 32 + bit);
}

static enum presence secondary_ctls(const struct vmx_msr_snapshot *s)
{
	return ctl_may_be_1(s, VMX_SNAP_PROCBASED, VMX_PROC_ACTIVATE_SECONDARY_CONTROLS);
}

static enum presence secondary_ctl(const struct vmx_msr_snapshot *s, unsigned bit)
{
	return both(secondary_ctls(s), ctl_may_be_1(s, VMX_SNAP_PROCBASED2, bit));
}

/* Vol. 4 Table 2-2 "IA-32 Architectural MSRs", column "Introduced as". */
static enum presence msr_presence(const struct vmx_msr_snapshot *s, uint32_t msr)
{
	enum presence vmx = cpuid_vmx(s);

	switch (msr) {
	case MSR_IA32_FEATURE_CONTROL:
		/* Also exists for SGX and LMCE; VMX and SMX are what we ask. */
		return either(vmx, bit_in(s, VMX_SNAP_CPUID_01H_ECX, 6));
	case MSR_IA32_VMX_BASIC ... MSR_IA32_VMX_VMCS_ENUM: return vmx;
	case MSR_IA32_VMX_PROCBASED_CTLS2: return both(vmx, secondary_ctls(s));
	case MSR_IA32_VMX_EPT_VPID_CAP:
		return both(vmx, either(secondary_ctl(s, VMX_PROC2_ENABLE_EPT),
					secondary_ctl(s, VMX_PROC2_ENABLE_VPID)));
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS ... MSR_IA32_VMX_TRUE_ENTRY_CTLS:
		return both(vmx, bit_in(s, VMX_SNAP_BASIC, 55));
	case MSR_IA32_VMX_VMFUNC: return both(vmx, secondary_ctl(s, VMX_PROC2_ENABLE_VM_FUNCTIONS));
	case MSR_IA32_VMX_PROCBASED_CTLS3:
		return both(vmx, ctl_may_be_1(s, VMX_SNAP_PROCBASED,
					      VMX_PROC_ACTIVATE_TERTIARY_CONTROLS));
	default: return UNDECIDED; /* not an MSR this module knows */
	}
}

bool vmx_msr_exists(const struct vmx_msr_snapshot *s, uint32_t msr)
{
	return msr_presence(s, msr) == PRESENT;
}

/* ---- Collecting a snapshot -------------------------------------------- */

/* CPUID.0 returns the vendor string in EBX, EDX, ECX, in that order. */
static void collect_vendor(struct vmx_msr_snapshot *s, const uint32_t r[4])
{
	char vendor[12];

	memcpy(vendor, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	snap_set_vendor(s, vendor, sizeof(vendor));
}

/*
 * Extended leaves beyond the maximum return other leaves' data on Intel,
 * so 80000008H is read only when 80000000H:EAX says it exists.
 */
static void collect_cpuid(struct vmx_msr_snapshot *s, const struct vmx_probe_ops *ops, void *ctx)
{
	uint32_t r[4];

	ops->cpuid(ctx, 0, 0, r);
	collect_vendor(s, r);
	if (r[0] >= 1) {
		ops->cpuid(ctx, 1, 0, r);
		snap_set(s, VMX_SNAP_CPUID_01H_ECX, r[2]);
	}
	ops->cpuid(ctx, 0x80000000u, 0, r);
	if ((r[0] & 0xffff0000u) != 0x80000000u)
		return;
	snap_set(s, VMX_SNAP_CPUID_MAX_EXT_LEAF, r[0]);
	if (r[0] >= 0x80000008u) {
		ops->cpuid(ctx, 0x80000008u, 0, r);
		snap_set(s, VMX_SNAP_CPUID_80000008H_EAX, r[0]);
	}
}

void vmx_snapshot_collect(struct vmx_msr_snapshot *s, const struct vmx_probe_ops *ops, void *ctx)
{
	unsigned f;
	uint64_t value;

	vmx_snapshot_init(s);
	collect_cpuid(s, ops, ctx);
	for (f = 0; f < VMX_SNAP_NR_FIELDS; f++) {
		uint32_t msr = snap_descs[f].msr;

		if (msr && vmx_msr_exists(s, msr) && ops->rdmsr(ctx, msr, &value))
			snap_set(s, f, value);
	}
}

/* ---- The dump-file format ---------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* Only blanks and an optional '#' comment may follow a value. */
static bool at_line_end(const char *p)
{
	p = skip_blanks(p);
	return *p == '\0' || *p == '#';
}

size_t vmx_dump_name_len(const char *name)
{
	size_t len = 0;

	while (is_name_char(name[len]))
		len++;
	return len;
}

static int find_desc(const char *name, size_t len)
{
	int f;

	for (f = 0; f < VMX_SNAP_NR_FIELDS; f++) {
		const char *known = snap_descs[f].name;

		if (strlen(known) == len && strncmp(known, name, len) == 0)
			return f;
	}
	return -1;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The kernel has no strtoull: hex after "0x", else decimal. */
static int parse_u64(const char **pp, uint64_t *out)
{
	const char *p = *pp;
	unsigned base = 10;
	uint64_t v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (hex_digit(*p) < 0 || (unsigned)hex_digit(*p) >= base)
		return VMX_PARSE_MALFORMED;
	for (; (d = hex_digit(*p)) >= 0 && (unsigned)d < base; p++) {
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return VMX_PARSE_OUT_OF_RANGE;
		v = v * base + (unsigned)d;
	}
	*pp = p;
	*out = v;
	return VMX_PARSE_OK;
}

static int parse_number(struct vmx_msr_snapshot *s, enum vmx_snap_field f, const char *p)
{
	uint64_t v;
	int err = parse_u64(&p, &v);

	if (err)
		return err;
	if (!at_line_end(p))
		return VMX_PARSE_MALFORMED;
	if (snap_descs[f].size == 4 && v > UINT32_MAX)
		return VMX_PARSE_OUT_OF_RANGE;
	snap_set(s, f, v);
	return VMX_PARSE_OK;
}

/*
 * A vendor string is a bare word ("GenuineIntel") or, since some vendors'
 * strings contain spaces ("  Shanghai  "), a double-quoted string.
 */
static int parse_vendor(struct vmx_msr_snapshot *s, const char *p)
{
	const char *start = p;
	size_t len;

	if (*p == '"') {
		start = ++p;
		while (*p && *p != '"')
			p++;
		if (*p != '"')
			return VMX_PARSE_MALFORMED;
		len = (size_t)(p++ - start);
	} else {
		while (*p && !is_blank(*p) && *p != '#')
			p++;
		len = (size_t)(p - start);
	}
	if (len == 0 || !at_line_end(p))
		return VMX_PARSE_MALFORMED;
	if (len > sizeof(s->cpuid_vendor) - 1)
		return VMX_PARSE_OUT_OF_RANGE;
	snap_set_vendor(s, start, len);
	return VMX_PARSE_OK;
}

int vmx_snapshot_parse_line(struct vmx_msr_snapshot *s, const char *line, const char **unknown_name)
{
	const char *p = skip_blanks(line);
	const char *name = p;
	size_t len = vmx_dump_name_len(p);
	int f;

	if (*p == '\0' || *p == '#')
		return VMX_PARSE_OK;
	if (len == 0)
		return VMX_PARSE_MALFORMED;
	p = skip_blanks(p + len);
	if (*p++ != '=')
		return VMX_PARSE_MALFORMED;
	p = skip_blanks(p);
	f = find_desc(name, len);
	if (f < 0) {
		if (unknown_name)
			*unknown_name = name;
		return VMX_PARSE_UNKNOWN_NAME;
	}
	if (f == VMX_SNAP_CPUID_VENDOR)
		return parse_vendor(s, p);
	return parse_number(s, f, p);
}

/* ---- Control capability MSRs ------------------------------------------- */

bool vmx_ctl_allowed1(uint64_t ctl_msr, unsigned bit)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return bit < 32 && (c.allowed1 >> bit) & 1;
}

bool vmx_ctl_must_be_1(uint64_t ctl_msr, unsigned bit)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return bit < 32 && (c.allowed0 >> bit) & 1;
}

uint32_t vmx_ctl_adjust(uint64_t ctl_msr, uint32_t wanted)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return (wanted | c.allowed0) & c.allowed1;
}

uint32_t vmx_ctl_missing(uint64_t ctl_msr, uint32_t required)
{
	union ia32_vmx_ctls c = { .raw = ctl_msr };

	return required & ~c.allowed1;
}

static const enum vmx_snap_field ctl_sources[][2] = {
	[VMX_CTL_PINBASED] = { VMX_SNAP_PINBASED, VMX_SNAP_TRUE_PINBASED },
	[VMX_CTL_PROCBASED] = { VMX_SNAP_PROCBASED, VMX_SNAP_TRUE_PROCBASED },
	[VMX_CTL_EXIT] = { VMX_SNAP_EXIT, VMX_SNAP_TRUE_EXIT },
	[VMX_CTL_ENTRY] = { VMX_SNAP_ENTRY, VMX_SNAP_TRUE_ENTRY },
};

/*
 * Without "activate secondary controls" the secondary controls act as 0
 * (Vol. 3C 25.6.2), so report an MSR that allows nothing else.
 */
static bool secondary_ctl_msr(const struct vmx_msr_snapshot *s, uint64_t *ctl_msr)
{
	switch (secondary_ctls(s)) {
	case ABSENT: *ctl_msr = 0; return true;
	case PRESENT:
		if (!vmx_snapshot_has(s, VMX_SNAP_PROCBASED2))
			return false;
		*ctl_msr = s->procbased2;
		return true;
	default: return false;
	}
}

/*
 * The TRUE_ MSR, where present, is the complete answer (Vol. 3D A.2); the
 * original MSR is a safe fallback, as it only adds must-be-1 bits.
 */
bool vmx_snapshot_ctl(const struct vmx_msr_snapshot *s, enum vmx_ctl_field f, uint64_t *ctl_msr)
{
	enum vmx_snap_field legacy, truef;

	if (f == VMX_CTL_PROCBASED2)
		return secondary_ctl_msr(s, ctl_msr);
	if ((unsigned)f >= sizeof(ctl_sources) / sizeof(ctl_sources[0]))
		return false;
	legacy = ctl_sources[f][0];
	truef = ctl_sources[f][1];
	if (vmx_snapshot_has(s, truef) && bit_in(s, VMX_SNAP_BASIC, 55) == PRESENT) {
		*ctl_msr = snap_get(s, truef);
		return true;
	}
	if (!vmx_snapshot_has(s, legacy))
		return false;
	*ctl_msr = snap_get(s, legacy);
	return true;
}

/* ---- VMX-fixed bits in CR0 and CR4 ------------------------------------- */

struct vmx_cr_fixed vmx_cr_fixed_masks(uint64_t fixed0, uint64_t fixed1)
{
	struct vmx_cr_fixed m = { .must_be_1 = fixed0, .must_be_0 = ~fixed1 };

	return m;
}

uint64_t vmx_adjust_cr(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value | fixed0) & fixed1;
}

bool vmx_cr_allowed(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(fixed0, fixed1);

	return (value & m.must_be_1) == m.must_be_1 && (value & m.must_be_0) == 0;
}

/* ---- IA32_FEATURE_CONTROL ---------------------------------------------- */

/*
 * An unlocked MSR keeps whatever firmware already set (SGX, LMCE, SENTER
 * enables): those bits were writable, and dropping them would undo the
 * platform's choices.  The inside-SMX enable is set only with SMX, since
 * setting it without SMX support raises #GP.
 */
enum fc_action vmx_feature_control_plan(uint64_t fc, bool cpu_has_smx, uint64_t *new_value)
{
	union ia32_feature_control cur = { .raw = fc };
	uint64_t next = fc;
	enum fc_action action;

	if (cur.lock) {
		action = cur.vmx_outside_smx ? FC_READY : FC_LOCKED_OFF;
	} else {
		next |= IA32_FEATURE_CONTROL_LOCK | IA32_FEATURE_CONTROL_VMX_OUTSIDE_SMX;
		if (cpu_has_smx)
			next |= IA32_FEATURE_CONTROL_VMX_INSIDE_SMX;
		action = FC_WRITE;
	}
	if (new_value)
		*new_value = next;
	return action;
}

/* ---- The verdict -------------------------------------------------------- */

const char *vmx_verdict_name(enum vmx_verdict verdict)
{
	switch (verdict) {
	case VMX_OK: return "ok";
	case VMX_UNSUPPORTED: return "unsupported";
	case VMX_DISABLED_BY_FIRMWARE: return "disabled-by-firmware";
	case VMX_UNUSABLE: return "unusable";
	default: return "unknown";
	}
}

static bool vendor_is(const struct vmx_msr_snapshot *s, const char *vendor)
{
	return vmx_snapshot_has(s, VMX_SNAP_CPUID_VENDOR) && strcmp(s->cpuid_vendor, vendor) == 0;
}

static enum vmx_verdict judge_cpuid(const struct vmx_msr_snapshot *s, const char **reason)
{
	if (!vmx_snapshot_has(s, VMX_SNAP_CPUID_01H_ECX)) {
		*reason = "no-cpuid-data";
		return VMX_UNKNOWN;
	}
	if (s->cpuid_01h_ecx & X86_CPUID_01H_ECX_VMX)
		return VMX_OK;
	if (vendor_is(s, "AuthenticAMD"))
		*reason = "amd-svm-not-supported";
	else if (s->cpuid_01h_ecx & X86_CPUID_01H_ECX_HYPERVISOR)
		*reason = "no-vmx-cpuid-hypervisor";
	else
		*reason = "no-vmx-cpuid";
	return VMX_UNSUPPORTED;
}

/* Unlocked is fine: the kernel enables VMX and locks it (plan above). */
static enum vmx_verdict judge_feature_control(const struct vmx_msr_snapshot *s, const char **reason)
{
	union ia32_feature_control fc = { .raw = s->feature_control };

	if (!vmx_snapshot_has(s, VMX_SNAP_FEATURE_CONTROL)) {
		*reason = "no-feature-control-data";
		return VMX_UNKNOWN;
	}
	if (!fc.lock || fc.vmx_outside_smx)
		return VMX_OK;
	*reason = fc.vmx_inside_smx ? "feature-control-smx-only" : "feature-control-locked-off";
	return VMX_DISABLED_BY_FIRMWARE;
}

/* Vol. 3D A.1: bit 31 is 0, 0 < size <= 4096, and the type is WB. */
static enum vmx_verdict judge_basic(const struct vmx_msr_snapshot *s, const char **reason)
{
	union ia32_vmx_basic b = { .raw = s->basic };

	if (!vmx_snapshot_has(s, VMX_SNAP_BASIC)) {
		*reason = "no-vmx-basic-data";
		return VMX_UNKNOWN;
	}
	if (b.bit31_zero)
		*reason = "basic-bit31-set";
	else if (b.region_size == 0 || b.region_size > VMX_REGION_SIZE_MAX)
		*reason = "region-size-invalid";
	else if (b.memory_type != VMX_MEMTYPE_WB)
		*reason = "memtype-not-wb";
	else
		return VMX_OK;
	return VMX_UNUSABLE;
}

/*
 * A conclusive answer wins over a missing value: an unusable BASIC stays
 * unusable whatever IA32_FEATURE_CONTROL says, and a firmware lock stays
 * a lock whatever BASIC would say.
 */
static enum vmx_verdict judge(const struct vmx_msr_snapshot *s, const char **reason)
{
	const char *basic_reason = NULL, *fc_reason = NULL;
	enum vmx_verdict basic, fc, v = judge_cpuid(s, reason);

	if (v != VMX_OK)
		return v;
	basic = judge_basic(s, &basic_reason);
	fc = judge_feature_control(s, &fc_reason);
	if (basic == VMX_UNUSABLE || (basic != VMX_OK && fc == VMX_OK)) {
		*reason = basic_reason;
		return basic;
	}
	if (fc != VMX_OK) {
		*reason = fc_reason;
		return fc;
	}
	*reason = "vmx-usable";
	return VMX_OK;
}

static uint8_t phys_addr_bits(const struct vmx_msr_snapshot *s)
{
	if (!vmx_snapshot_has(s, VMX_SNAP_CPUID_80000008H_EAX))
		return 0;
	if (vmx_snapshot_has(s, VMX_SNAP_CPUID_MAX_EXT_LEAF) && s->cpuid_max_ext_leaf < 0x80000008u)
		return 0;
	return (uint8_t)(s->cpuid_80000008h_eax & 0xff);
}

void vmx_assess(const struct vmx_msr_snapshot *s, struct vmx_assessment *out)
{
	union ia32_vmx_basic b = { .raw = s->basic };

	memset(out, 0, sizeof(*out));
	out->verdict = judge(s, &out->reason);
	out->phys_addr_bits = phys_addr_bits(s);
	if (!vmx_snapshot_has(s, VMX_SNAP_BASIC))
		return;
	out->revision = b.revision;
	out->region_size = b.region_size;
	out->addr32 = b.addr32;
	out->true_ctls = b.true_ctls;
}

/* ---- Advice ------------------------------------------------------------- */

static const struct {
	const char *reason;
	const char *advice;
} advice_table[] = {
	{ "vmx-usable", "VT-x is present, enabled and usable: nothing to do." },
	{ "no-cpuid-data", "CPUID was not available: run vmxcheck on the machine itself, or "
			   "supply a dump that includes CPUID_01H_ECX." },
	{ "no-vmx-cpuid", "This processor does not implement Intel VT-x (CPUID.1:ECX.VMX is "
			  "0): run the hypervisor on an Intel processor with VT-x, or in "
			  "Bochs, which emulates VT-x." },
	{ "no-vmx-cpuid-hypervisor",
	  "This system is a virtual machine whose hypervisor hides VT-x: "
	  "enable nested virtualization (on a KVM host load kvm_intel with "
	  "nested=1 and start QEMU with -cpu host), or use Bochs, which "
	  "emulates VT-x." },
	{ "amd-svm-not-supported",
	  "This is an AMD processor: its AMD-V (SVM) is a different "
	  "technology from Intel VT-x and this hypervisor does not use it; "
	  "run the hypervisor on an Intel processor with VT-x, or in Bochs, "
	  "which emulates VT-x." },
	{ "no-feature-control-data",
	  "IA32_FEATURE_CONTROL could not be read, so whether firmware "
	  "enabled VT-x is unknown: on Linux run 'sudo modprobe msr' and "
	  "run vmxcheck as root, or supply a dump that includes it." },
	{ "feature-control-locked-off",
	  "Firmware disabled VT-x and locked it off: enable \"Intel "
	  "Virtualization Technology\" (VT-x) in the firmware setup, save, "
	  "then power the machine off completely, since the lock bit only "
	  "clears on a power-on reset." },
	{ "feature-control-smx-only",
	  "Firmware enabled VT-x only for Intel TXT measured launches and "
	  "locked it: enable plain \"Intel Virtualization Technology\" "
	  "(VT-x) in the firmware setup, save, then power the machine off "
	  "completely, since the lock bit only clears on a power-on reset." },
	{ "no-vmx-basic-data", "IA32_VMX_BASIC could not be read, so the VMCS format is unknown: "
			       "on Linux run 'sudo modprobe msr' and run vmxcheck as root, or "
			       "supply a dump that includes it." },
	{ "basic-bit31-set", "IA32_VMX_BASIC has bit 31 set, which the SDM says never happens: "
			     "the processor or the hypervisor below is misreporting VT-x; "
			     "update the microcode or the host hypervisor, or use another "
			     "machine." },
	{ "region-size-invalid", "IA32_VMX_BASIC reports a VMCS size outside 1-4096 bytes, which "
				 "the SDM does not allow: the hypervisor below is misreporting "
				 "VT-x; update it, or use another machine." },
	{ "memtype-not-wb", "IA32_VMX_BASIC asks for VMX structures in a memory type other "
			    "than write-back, which this hypervisor does not support: use a "
			    "processor (or host hypervisor) that reports write-back." },
};

const char *vmx_advice(const char *reason)
{
	size_t n = sizeof(advice_table) / sizeof(advice_table[0]);
	size_t i;

	for (i = 0; reason && i < n; i++) {
		if (strcmp(advice_table[i].reason, reason) == 0)
			return advice_table[i].advice;
	}
	return "No advice for this result: see the decode above.";
}

/* ---- Printing ----------------------------------------------------------- */

/* Wide enough for "  true_procbased.activate_secondary_controls". */
#define NAME_COLUMN 46

/* Padding after a name of `used` characters, up to the value column. */
static const char *pad_after(size_t used)
{
	static const char spaces[] = "                                              ";

	_Static_assert(sizeof(spaces) == NAME_COLUMN + 1, "one per column");

	return used < NAME_COLUMN ? spaces + used : " ";
}

static void line_raw(const struct out *o, const char *name, uint64_t v, unsigned size)
{
	if (size == 4)
		o->print(o->ctx, "%s%s0x%08lx\n", name, pad_after(strlen(name)), (unsigned long)v);
	else
		o->print(o->ctx, "%s%s0x%016lx\n", name, pad_after(strlen(name)), (unsigned long)v);
}

static void line_text(const struct out *o, const char *name, const char *text)
{
	o->print(o->ctx, "%s%s%s\n", name, pad_after(strlen(name)), text);
}

static size_t field_width(const char *group, const char *field)
{
	return 2 + strlen(group) + 1 + strlen(field);
}

static void field_u(const struct out *o, const char *group, const char *field, unsigned long v)
{
	o->print(o->ctx, "  %s.%s%s%lu\n", group, field, pad_after(field_width(group, field)), v);
}

static void field_x(const struct out *o, const char *group, const char *field, unsigned long v)
{
	o->print(o->ctx, "  %s.%s%s0x%lx\n", group, field, pad_after(field_width(group, field)), v);
}

static void field_s(const struct out *o, const char *group, const char *field, const char *v)
{
	o->print(o->ctx, "  %s.%s%s%s\n", group, field, pad_after(field_width(group, field)), v);
}

static void decode_cpuid_01h_ecx(const struct out *o, const struct vmx_msr_snapshot *s,
				 uint64_t raw)
{
	union cpuid_01h_ecx ecx = { .raw = (uint32_t)raw };

	(void)s;
	field_u(o, "cpuid", "vmx", ecx.vmx);
	field_u(o, "cpuid", "smx", ecx.smx);
	field_u(o, "cpuid", "x2apic", ecx.x2apic);
	field_u(o, "cpuid", "hypervisor", ecx.hypervisor);
}

static void decode_cpuid_80000008h(const struct out *o, const struct vmx_msr_snapshot *s,
				   uint64_t raw)
{
	field_u(o, "cpuid", "phys_addr_bits", phys_addr_bits(s));
	field_u(o, "cpuid", "linear_addr_bits", (raw >> 8) & 0xff);
}

static void decode_feature_control(const struct out *o, const struct vmx_msr_snapshot *s,
				   uint64_t raw)
{
	union ia32_feature_control fc = { .raw = raw };

	(void)s;
	field_u(o, "feature_control", "lock", fc.lock);
	field_u(o, "feature_control", "vmx_inside_smx", fc.vmx_inside_smx);
	field_u(o, "feature_control", "vmx_outside_smx", fc.vmx_outside_smx);
	field_x(o, "feature_control", "senter_local_enables", fc.senter_local_enables);
	field_u(o, "feature_control", "senter_global_enable", fc.senter_global_enable);
	field_u(o, "feature_control", "sgx_launch_control", fc.sgx_launch_control);
	field_u(o, "feature_control", "sgx_global_enable", fc.sgx_global_enable);
	field_u(o, "feature_control", "lmce_on", fc.lmce_on);
}

static const char *memtype_name(unsigned type)
{
	switch (type) {
	case VMX_MEMTYPE_UC: return "uc";
	case VMX_MEMTYPE_WB: return "wb";
	default: return "reserved";
	}
}

static void decode_basic(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_basic b = { .raw = raw };

	(void)s;
	field_x(o, "basic", "revision", b.revision);
	field_u(o, "basic", "bit31_zero", b.bit31_zero);
	field_u(o, "basic", "region_size", b.region_size);
	field_u(o, "basic", "addr32", b.addr32);
	field_u(o, "basic", "dual_monitor", b.dual_monitor);
	field_u(o, "basic", "memory_type", b.memory_type);
	field_s(o, "basic", "memory_type_name", memtype_name(b.memory_type));
	field_u(o, "basic", "ins_outs_info", b.ins_outs_info);
	field_u(o, "basic", "true_ctls", b.true_ctls);
	field_u(o, "basic", "no_error_code_check", b.no_error_code_check);
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
static void decode_ctls(const struct out *o, const char *group, const char *const names[32],
			uint64_t raw)
{
	unsigned bit;

	for (bit = 0; bit < 32; bit++) {
		const char *setting = allowed_settings(raw, bit);

		if (names[bit])
			field_s(o, group, names[bit], setting);
		else if (strcmp(setting, "allowed=0") != 0)
			o->print(o->ctx, "  %s.bit%02u%s%s\n", group, bit,
				 pad_after(2 + strlen(group) + 6), setting);
	}
}

static void decode_pinbased(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	(void)s;
	decode_ctls(o, "pinbased", pin_names, raw);
}

static void decode_procbased(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	(void)s;
	decode_ctls(o, "procbased", proc_names, raw);
}

static void decode_procbased2(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	(void)s;
	decode_ctls(o, "procbased2", proc2_names, raw);
}

static void decode_exit(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	(void)s;
	decode_ctls(o, "exit", exit_names, raw);
}

static void decode_entry(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	(void)s;
	decode_ctls(o, "entry", entry_names, raw);
}

static void decode_true_pinbased(const struct out *o, const struct vmx_msr_snapshot *s,
				 uint64_t raw)
{
	(void)s;
	decode_ctls(o, "true_pinbased", pin_names, raw);
}

static void decode_true_procbased(const struct out *o, const struct vmx_msr_snapshot *s,
				  uint64_t raw)
{
	(void)s;
	decode_ctls(o, "true_procbased", proc_names, raw);
}

static void decode_true_exit(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	(void)s;
	decode_ctls(o, "true_exit", exit_names, raw);
}

static void decode_true_entry(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	(void)s;
	decode_ctls(o, "true_entry", entry_names, raw);
}

static void decode_misc(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_misc m = { .raw = raw };

	(void)s;
	field_u(o, "misc", "preemption_timer_rate", m.preemption_timer_rate);
	field_u(o, "misc", "store_efer_lma", m.store_efer_lma);
	field_u(o, "misc", "activity_hlt", m.activity_hlt);
	field_u(o, "misc", "activity_shutdown", m.activity_shutdown);
	field_u(o, "misc", "activity_wait_for_sipi", m.activity_wait_for_sipi);
	field_u(o, "misc", "intel_pt_in_vmx", m.intel_pt_in_vmx);
	field_u(o, "misc", "rdmsr_smbase_in_smm", m.rdmsr_smbase_in_smm);
	field_u(o, "misc", "cr3_target_count", m.cr3_target_count);
	field_u(o, "misc", "max_msr_list_entries", 512ul * (m.max_msr_list + 1));
	field_u(o, "misc", "smm_monitor_ctl_bit2", m.smm_monitor_ctl_bit2);
	field_u(o, "misc", "vmwrite_any_field", m.vmwrite_any_field);
	field_u(o, "misc", "zero_length_injection", m.zero_length_injection);
	field_x(o, "misc", "mseg_revision", m.mseg_revision);
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
static void decode_cr_fixed(const struct out *o, const char *group, const struct cr_bit *bits,
			    uint64_t fixed0, uint64_t fixed1)
{
	struct vmx_cr_fixed m = vmx_cr_fixed_masks(fixed0, fixed1);

	field_x(o, group, "must_be_1", m.must_be_1);
	field_x(o, group, "must_be_0", m.must_be_0);
	for (; bits->name; bits++) {
		const char *state = "free";

		if (m.must_be_1 & bits->mask)
			state = (m.must_be_0 & bits->mask) ? "fixed=none" : "fixed=1";
		else if (m.must_be_0 & bits->mask)
			state = "fixed=0";
		field_s(o, group, bits->name, state);
	}
}

static void decode_cr0_fixed(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	if (vmx_snapshot_has(s, VMX_SNAP_CR0_FIXED0))
		decode_cr_fixed(o, "cr0", cr0_bits, s->cr0_fixed0, raw);
}

static void decode_cr4_fixed(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	if (vmx_snapshot_has(s, VMX_SNAP_CR4_FIXED0))
		decode_cr_fixed(o, "cr4", cr4_bits, s->cr4_fixed0, raw);
}

static void decode_vmcs_enum(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_vmcs_enum e = { .raw = raw };

	(void)s;
	field_x(o, "vmcs_enum", "max_index", e.max_index);
}

static void decode_ept_vpid_cap(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_ept_vpid_cap c = { .raw = raw };

	(void)s;
	field_u(o, "ept", "execute_only", c.execute_only);
	field_u(o, "ept", "page_walk_4", c.page_walk_4);
	field_u(o, "ept", "page_walk_5", c.page_walk_5);
	field_u(o, "ept", "memtype_uc", c.memtype_uc);
	field_u(o, "ept", "memtype_wb", c.memtype_wb);
	field_u(o, "ept", "pde_2mb", c.pde_2mb);
	field_u(o, "ept", "pdpte_1gb", c.pdpte_1gb);
	field_u(o, "ept", "invept", c.invept);
	field_u(o, "ept", "accessed_dirty", c.accessed_dirty);
	field_u(o, "ept", "advanced_exit_info", c.advanced_exit_info);
	field_u(o, "ept", "invept_single_context", c.invept_single_context);
	field_u(o, "ept", "invept_all_context", c.invept_all_context);
	field_u(o, "vpid", "invvpid", c.invvpid);
	field_u(o, "vpid", "invvpid_individual_address", c.invvpid_individual_address);
	field_u(o, "vpid", "invvpid_single_context", c.invvpid_single_context);
	field_u(o, "vpid", "invvpid_all_context", c.invvpid_all_context);
	field_u(o, "vpid", "invvpid_single_context_globals", c.invvpid_single_context_globals);
}

static void decode_vmfunc(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw)
{
	union ia32_vmx_vmfunc f = { .raw = raw };

	(void)s;
	field_u(o, "vmfunc", "eptp_switching", f.eptp_switching);
}

/* How each field is decoded under its raw line; NULL: not at all. */
typedef void (*decode_fn)(const struct out *o, const struct vmx_msr_snapshot *s, uint64_t raw);

static const decode_fn decoders[VMX_SNAP_NR_FIELDS] = {
	[VMX_SNAP_CPUID_01H_ECX] = decode_cpuid_01h_ecx,
	[VMX_SNAP_CPUID_80000008H_EAX] = decode_cpuid_80000008h,
	[VMX_SNAP_FEATURE_CONTROL] = decode_feature_control,
	[VMX_SNAP_BASIC] = decode_basic,
	[VMX_SNAP_PINBASED] = decode_pinbased,
	[VMX_SNAP_PROCBASED] = decode_procbased,
	[VMX_SNAP_EXIT] = decode_exit,
	[VMX_SNAP_ENTRY] = decode_entry,
	[VMX_SNAP_MISC] = decode_misc,
	[VMX_SNAP_CR0_FIXED1] = decode_cr0_fixed,
	[VMX_SNAP_CR4_FIXED1] = decode_cr4_fixed,
	[VMX_SNAP_VMCS_ENUM] = decode_vmcs_enum,
	[VMX_SNAP_PROCBASED2] = decode_procbased2,
	[VMX_SNAP_EPT_VPID_CAP] = decode_ept_vpid_cap,
	[VMX_SNAP_TRUE_PINBASED] = decode_true_pinbased,
	[VMX_SNAP_TRUE_PROCBASED] = decode_true_procbased,
	[VMX_SNAP_TRUE_EXIT] = decode_true_exit,
	[VMX_SNAP_TRUE_ENTRY] = decode_true_entry,
	[VMX_SNAP_VMFUNC] = decode_vmfunc,
};

static void print_field(const struct out *o, const struct vmx_msr_snapshot *s,
			enum vmx_snap_field f)
{
	const struct snap_desc *d = &snap_descs[f];
	uint64_t raw;

	if (!vmx_snapshot_has(s, f)) {
		bool absent = d->msr && msr_presence(s, d->msr) == ABSENT;

		line_text(o, d->name, absent ? "not-supported" : "unknown");
		return;
	}
	if (f == VMX_SNAP_CPUID_VENDOR) {
		line_text(o, d->name, s->cpuid_vendor);
		return;
	}
	raw = snap_get(s, f);
	line_raw(o, d->name, raw, d->size);
	if (decoders[f])
		decoders[f](o, s, raw);
}

void vmx_caps_print(const struct vmx_msr_snapshot *s, vmx_print_fn print, void *ctx)
{
	const struct out o = { .print = print, .ctx = ctx };
	unsigned f;

	for (f = 0; f < VMX_SNAP_NR_FIELDS; f++)
		print_field(&o, s, f);
}
