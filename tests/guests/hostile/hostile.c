/*
 * The hostile kernel (tests/guests/README.md, "hostile.elf"): a Multiboot
 * kernel that tries, one probe group per boot (probe=<group>), what a guest
 * the hypervisor does not trust could try against it (issue 18), and
 * prints one line per probe:
 *
 *   mbtest: probe <name> vector=<n|none> want=<n|none> ok|FAIL
 *
 * Wanted is what a processor without VMX would do (Intel SDM 325462-080US):
 * #UD (6) for the VMX instructions and GETSEC (Vol. 3C 31.3: CR4.VMXE is
 * 0 as the guest sees it), #GP (13) for WRMSR to a reserved bit or a
 * non-canonical address (Vol. 4 2.1), MOV to CR0/CR4 with a reserved
 * combination (Vol. 3A 2.5), XSETBV with ECX != 0 or an invalid XCR0
 * (Vol. 2D XSETBV).  A group that does not end the run by itself exits
 * with the number of failed probes as its status (port 0xf4).
 *
 * Groups: insn (instructions, MSRs, CRs, ports), apic (IPIs to a waiting
 * core, INIT to the boot processor, x2APIC, a SIPI storm; 2 cores),
 * mem-first (a read of the hypervisor's first byte: ends the run),
 * mem-last (every core writes the last byte of a hidden range at once:
 * ends the run), race (an AP's hidden write while this core ends the run;
 * 2 cores), shutdown (Bochs' power-off word at port 0x8900), magic
 * (Bochs' magic breakpoint, then a status).
 */
#include "include/multiboot1.h"
#include "tests/guests/mbtest.h"

#define VEC_NONE 0xffffffffu
#define VEC_UD	 6u
#define VEC_GP	 13u

#define MSR_FEATURE_CONTROL 0x3au
#define MSR_APIC_BASE	    0x1bu
#define MSR_VMX_BASIC	    0x480u
#define MSR_VMX_LAST	    0x493u
#define MSR_SYSENTER_ESP    0x175u
#define MSR_SYSENTER_EIP    0x176u
#define MSR_MTRR_PHYSBASE0  0x200u
#define MSR_MTRR_FIX64K	    0x250u
#define MSR_PAT		    0x277u
#define MSR_MTRR_DEF_TYPE   0x2ffu
#define MSR_EFER	    0xc0000080u
#define MSR_LSTAR	    0xc0000082u
#define MSR_CSTAR	    0xc0000083u
#define MSR_FS_BASE	    0xc0000100u
#define MSR_HV_RANGE	    0x40000000u
#define NON_CANONICAL	    0x8000000000000000ull
#define APIC_BASE_ENABLE    (1ull << 11)
#define APIC_BASE_X2APIC    (1ull << 10)

#define CR0_NW		  (1u << 29)
#define CR0_CD		  (1u << 30)
#define CR4_VMXE	  (1u << 13)
#define CR4_OSXSAVE	  (1u << 18)
#define CR4_RESERVED	  (1u << 31)
#define CPUID_1_ECX_VMX	  (1u << 5)
#define CPUID_1_ECX_XSAVE (1u << 26)

#define HC_EXIT_COUNTS	  1u
#define HC_UNLOAD	  2u
#define HC_UNKNOWN	  0xffffffffu /* VMX_HC_UNKNOWN's low half */
#define EXIT_REASON_COUNT 76u	      /* include/x86/vmcs.h */

#define PORT_SYSTEM_CONTROL_A 0x92
#define SCA_FAST_RESET	      0x01
#define SCA_A20		      0x02
#define PORT_BOCHS_SHUTDOWN   0x8900

#define LAPIC		 0xfee00000u
#define ICR_LOW		 0x300
#define ICR_HIGH	 0x310
#define ICR_FIXED	 (0u << 8)
#define ICR_NMI		 (4u << 8)
#define ICR_INIT	 (5u << 8)
#define ICR_STARTUP	 (6u << 8)
#define ICR_ASSERT	 (1u << 14)
#define ICR_PENDING	 (1u << 12)
#define ICR_SELF	 (1u << 18)
#define ICR_ALL_BUT_SELF (3u << 18)
#define SIPI_STORM	 32
#define ABSENT_APIC_ID	 0x7e

int probe_try(void (*fn)(uint32_t), uint32_t arg);
void idt_install(void);
void enter_user(void (*code)(void), uint32_t stack_top);
void user_vmxon(void), user_vmxoff(void), user_vmread(void), user_vmlaunch(void), user_vmcall(void),
	user_getsec(void), user_hlt(void);
void uncaught_exception(uint32_t vector) __attribute__((noreturn));

static uint32_t probes, failures;
static uint32_t first_hidden = 0x100000; /* the hypervisor's image, unless the map says otherwise */
static const char *cmdline;

/* ---- Reporting ------------------------------------------------------------ */

static void put_vector(uint32_t v)
{
	if (v == VEC_NONE)
		put_str("none");
	else
		put_dec(v);
}

static void verdict(const char *name, uint32_t got, uint32_t want)
{
	bool ok = got == want;

	probes++;
	failures += !ok;
	print_lock();
	put_str("mbtest: probe ");
	put_str(name);
	put_str(" vector=");
	put_vector(got);
	put_str(" want=");
	put_vector(want);
	put_str(ok ? " ok\n" : " FAIL\n");
	print_unlock();
}

static void check(const char *name, void (*fn)(uint32_t), uint32_t arg, uint32_t want)
{
	verdict(name, (uint32_t)probe_try(fn, arg), want);
}

static void note(const char *what, uint32_t value)
{
	print_lock();
	put_str("mbtest: ");
	put_str(what);
	put_hex(value);
	put_str("\n");
	print_unlock();
}

void uncaught_exception(uint32_t vector)
{
	note("uncaught exception vector=", vector);
	guest_exit(99);
}

/* ---- VMX instructions and GETSEC ------------------------------------------ */

static uint64_t vmx_region[64] __attribute__((aligned(4096)));

static void do_vmxon(uint32_t a)
{
	(void)a;
	__asm__ volatile("vmxon %0" : : "m"(vmx_region[0]) : "memory");
}
static void do_vmclear(uint32_t a)
{
	(void)a;
	__asm__ volatile("vmclear %0" : : "m"(vmx_region[0]) : "memory");
}
static void do_vmptrld(uint32_t a)
{
	(void)a;
	__asm__ volatile("vmptrld %0" : : "m"(vmx_region[0]) : "memory");
}
static void do_vmptrst(uint32_t a)
{
	(void)a;
	__asm__ volatile("vmptrst %0" : "=m"(vmx_region[1]) : : "memory");
}
static void do_vmread(uint32_t a)
{
	uint32_t v;
	__asm__ volatile("vmread %1, %0" : "=r"(v) : "r"(a) : "memory", "cc");
}
static void do_vmwrite(uint32_t a)
{
	__asm__ volatile("vmwrite %1, %0" : : "r"(a), "r"(a) : "memory", "cc");
}
static void do_vmlaunch(uint32_t a)
{
	(void)a;
	__asm__ volatile("vmlaunch" ::: "memory", "cc");
}
static void do_vmresume(uint32_t a)
{
	(void)a;
	__asm__ volatile("vmresume" ::: "memory", "cc");
}
static void do_vmxoff(uint32_t a)
{
	(void)a;
	__asm__ volatile("vmxoff" ::: "memory", "cc");
}
static void do_invept(uint32_t a)
{
	__asm__ volatile("invept %0, %1" : : "m"(vmx_region[0]), "r"(a) : "memory");
}
static void do_invvpid(uint32_t a)
{
	__asm__ volatile("invvpid %0, %1" : : "m"(vmx_region[0]), "r"(a) : "memory");
}
static void do_vmfunc(uint32_t a)
{
	__asm__ volatile("vmfunc" : : "a"(a), "c"(0) : "memory");
}
static void do_getsec(uint32_t a)
{
	__asm__ volatile("getsec" : "+a"(a) : : "ebx", "ecx", "edx", "memory");
}

static void vmx_instructions(void)
{
	static const struct {
		const char *name;
		void (*fn)(uint32_t);
	} insns[] = {
		{ "vmxon", do_vmxon },	     { "vmclear", do_vmclear },	  { "vmptrld", do_vmptrld },
		{ "vmptrst", do_vmptrst },   { "vmread", do_vmread },	  { "vmwrite", do_vmwrite },
		{ "vmlaunch", do_vmlaunch }, { "vmresume", do_vmresume }, { "vmxoff", do_vmxoff },
		{ "invept", do_invept },     { "invvpid", do_invvpid },	  { "vmfunc", do_vmfunc },
		{ "getsec", do_getsec },
	};

	vmx_region[0] = (uint32_t)(uintptr_t)vmx_region;
	for (unsigned i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		check(insns[i].name, insns[i].fn, 1, VEC_UD);
}

/* ---- CPL 3 ------------------------------------------------------------------ */

/*
 * The runtime's GDT (entry.asm) with DPL 3 code and data and a TSS added,
 * whose ring-0 stack takes the exception that ends each CPL 3 probe.
 */
#define TSS_SEL 0x28
static uint64_t gdt[6] __attribute__((aligned(8))) = {
	0,
	0x00cf9a000000ffffull, /* 0x08: code, DPL 0 */
	0x00cf92000000ffffull, /* 0x10: data, DPL 0 */
	0x00cffa000000ffffull, /* 0x18: code, DPL 3 */
	0x00cff2000000ffffull, /* 0x20: data, DPL 3 */
};
static uint32_t tss[26];
static uint8_t ring0_stack[4096] __attribute__((aligned(16)));
static uint8_t user_stack[4096] __attribute__((aligned(16)));

static void user_mode_install(void)
{
	uint32_t base = (uint32_t)(uintptr_t)tss, limit = sizeof(tss) - 1;
	struct __attribute__((packed)) {
		uint16_t limit;
		uint32_t base;
	} gdtr = { sizeof(gdt) - 1, (uint32_t)(uintptr_t)gdt };

	tss[1] = (uint32_t)(uintptr_t)(ring0_stack + sizeof(ring0_stack)); /* ESP0 */
	tss[2] = 0x10;							   /* SS0 */
	/* A 32-bit available TSS (type 9), present, DPL 0 (Vol. 3A 8.2.2). */
	gdt[TSS_SEL / 8] = (limit & 0xffff) | ((uint64_t)(base & 0xffffff) << 16) |
			   (0x89ull << 40) | ((uint64_t)(base >> 24) << 56);
	__asm__ volatile("lgdt %0; ltr %w1" : : "m"(gdtr), "r"(TSS_SEL) : "memory");
}

static void (*const user_code[])(void) = { user_hlt,	  user_vmxon,  user_vmxoff, user_vmread,
					   user_vmlaunch, user_vmcall, user_getsec };

static void at_cpl3(uint32_t which)
{
	enter_user(user_code[which], (uint32_t)(uintptr_t)(user_stack + sizeof(user_stack)));
}

/* The harness itself first: HLT at CPL 3 is #GP. */
static void cpl3_instructions(void)
{
	static const char *const names[] = { "cpl3-hlt",    "cpl3-vmxon",    "cpl3-vmxoff",
					     "cpl3-vmread", "cpl3-vmlaunch", "cpl3-vmcall",
					     "cpl3-getsec" };

	user_mode_install();
	check(names[0], at_cpl3, 0, VEC_GP);
	for (uint32_t i = 1; i < sizeof(names) / sizeof(names[0]); i++)
		check(names[i], at_cpl3, i, VEC_UD);
}

/* ---- VMCALL with every register garbage ----------------------------------- */

static uint32_t vmcall_ebx, vmcall_eax;

/* Function in EAX, EBX as given, every other register garbage. */
static void do_vmcall(uint32_t function)
{
	uint32_t b = vmcall_ebx;

	__asm__ volatile("push %%ebp\n\t"
			 "mov $0xdeadbeef, %%ebp\n\t"
			 "vmcall\n\t"
			 "pop %%ebp"
			 : "+a"(function), "+b"(b)
			 : "c"(0xfffffff0u), "d"(0x80000000u), "S"(0x13371337u), "D"(0xffffffffu)
			 : "memory");
	vmcall_ebx = b;
	vmcall_eax = function;
}

static void vmcalls(void)
{
	static const uint32_t functions[] = {
		0, 1, 2, 3, 0xff, 0x7fffffff, 0x80000000, 0xffffffff
	};
	static const uint32_t reasons[] = { EXIT_REASON_COUNT - 1, EXIT_REASON_COUNT, 0xffffffff };

	for (unsigned i = 0; i < sizeof(functions) / sizeof(functions[0]); i++) {
		vmcall_ebx = 0x5a5a5a5a;
		check("vmcall-function", do_vmcall, functions[i], VEC_NONE);
		/* Unloading (2) is the hyperjacked kernel's alone: "unknown" here, as any other. */
		if (functions[i] == HC_UNLOAD)
			verdict("vmcall-unload-refused",
				vmcall_eax == HC_UNKNOWN ? VEC_NONE : VEC_GP, VEC_NONE);
	}
	for (unsigned i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		vmcall_ebx = reasons[i];
		check("vmcall-exit-counts", do_vmcall, HC_EXIT_COUNTS, VEC_NONE);
		/* Past the table: no count, never a word beyond it. */
		if (reasons[i] >= EXIT_REASON_COUNT)
			verdict("vmcall-exit-counts-past-end", vmcall_ebx ? VEC_GP : VEC_NONE,
				VEC_NONE);
	}
}

/* ---- CPUID on every range -------------------------------------------------- */

static uint32_t cpuid_vmx_seen;

static void cpuid_range(uint32_t first, uint32_t last, uint32_t subleaves)
{
	uint32_t r[4];

	for (uint32_t leaf = first; leaf <= last && leaf >= first; leaf++)
		for (uint32_t sub = 0; sub < subleaves; sub++) {
			cpuid(leaf, sub, r);
			if (leaf == 1 && (r[2] & CPUID_1_ECX_VMX))
				cpuid_vmx_seen++;
		}
}

static void do_cpuid_all(uint32_t a)
{
	uint32_t r[4];

	(void)a;
	cpuid(0, 0, r);
	cpuid_range(0, r[0] + 2, 8);
	cpuid_range(0x40000000, 0x40000101, 2);
	cpuid(0x80000000, 0, r);
	cpuid_range(0x80000000, r[0] + 2, 2);
	cpuid_range(0xc0000000, 0xc0000002, 1);
	cpuid_range(0xfffffffe, 0xffffffff, 3);
}

/* ---- MSRs ------------------------------------------------------------------ */

static uint32_t msr_index;
static uint64_t msr_value;

static void do_wrmsr(uint32_t msr)
{
	wrmsr(msr, msr_value);
}

static void do_rdmsr(uint32_t msr)
{
	msr_value = rdmsr(msr);
}

static void wrmsr_probe(const char *name, uint32_t msr, uint64_t value, uint32_t want)
{
	msr_value = value;
	check(name, do_wrmsr, msr, want);
}

static void msrs(void)
{
	uint64_t pat, efer, base;

	check("rdmsr-feature-control", do_rdmsr, MSR_FEATURE_CONTROL, VEC_NONE);
	verdict("feature-control-vmx-off", (msr_value & 0x6) ? VEC_GP : VEC_NONE, VEC_NONE);
	wrmsr_probe("wrmsr-feature-control", MSR_FEATURE_CONTROL, 0x5, VEC_GP);
	for (msr_index = MSR_VMX_BASIC; msr_index <= MSR_VMX_LAST; msr_index++) {
		check("rdmsr-vmx-capability", do_rdmsr, msr_index, VEC_GP);
		wrmsr_probe("wrmsr-vmx-capability", msr_index, 0, VEC_GP);
	}
	pat = rdmsr(MSR_PAT);
	efer = rdmsr(MSR_EFER);
	wrmsr_probe("wrmsr-efer-reserved", MSR_EFER, efer | (1ull << 2), VEC_GP);
	wrmsr_probe("wrmsr-efer-high", MSR_EFER, efer | (1ull << 40), VEC_GP);
	wrmsr_probe("wrmsr-pat-type2", MSR_PAT, (pat & ~0xffull) | 2, VEC_GP);
	wrmsr_probe("wrmsr-pat-type8", MSR_PAT, (pat & ~0xff00ull) | 0x800, VEC_GP);
	verdict("pat-unchanged", rdmsr(MSR_PAT) == pat ? VEC_NONE : VEC_GP, VEC_NONE);
	wrmsr_probe("wrmsr-mtrr-def-type2", MSR_MTRR_DEF_TYPE, 0x802, VEC_GP);
	wrmsr_probe("wrmsr-mtrr-fix-type3", MSR_MTRR_FIX64K, 0x0303030303030303ull, VEC_GP);
	wrmsr_probe("wrmsr-mtrr-physbase-type7", MSR_MTRR_PHYSBASE0, 0x7, VEC_GP);
	wrmsr_probe("wrmsr-sysenter-eip", MSR_SYSENTER_EIP, NON_CANONICAL, VEC_GP);
	wrmsr_probe("wrmsr-sysenter-esp", MSR_SYSENTER_ESP, NON_CANONICAL, VEC_GP);
	wrmsr_probe("wrmsr-lstar", MSR_LSTAR, NON_CANONICAL, VEC_GP);
	wrmsr_probe("wrmsr-cstar", MSR_CSTAR, NON_CANONICAL, VEC_GP);
	wrmsr_probe("wrmsr-fs-base", MSR_FS_BASE, NON_CANONICAL, VEC_GP);
	wrmsr_probe("wrmsr-hv-range", MSR_HV_RANGE, 1, VEC_GP);
	check("rdmsr-hv-range", do_rdmsr, MSR_HV_RANGE + 0x40, VEC_GP);
	base = rdmsr(MSR_APIC_BASE);
	wrmsr_probe("wrmsr-apic-base-reserved", MSR_APIC_BASE, base | (1ull << 9), VEC_GP);
	wrmsr_probe("wrmsr-apic-base-maxphyaddr", MSR_APIC_BASE, base | (1ull << 52), VEC_GP);
	wrmsr_probe("wrmsr-apic-base-x2apic-disabled", MSR_APIC_BASE,
		    (base & ~APIC_BASE_ENABLE) | APIC_BASE_X2APIC, VEC_GP);
	/* The first hidden range's first page (hidden_ranges(): reserved, above 1 MiB, in RAM). */
	note("apic base over the hypervisor at ", first_hidden);
	wrmsr_probe("wrmsr-apic-base-over-hypervisor", MSR_APIC_BASE,
		    (first_hidden & ~0xfffu) | (base & 0xfffull), VEC_GP);
	verdict("apic-base-unchanged", rdmsr(MSR_APIC_BASE) == base ? VEC_NONE : VEC_GP, VEC_NONE);
}

/* ---- Control registers and XSETBV ---------------------------------------- */

static uint32_t read_cr0(void)
{
	uint32_t v;
	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static uint32_t read_cr4(void)
{
	uint32_t v;
	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void do_write_cr0(uint32_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static void do_write_cr4(uint32_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static uint32_t xsetbv_ecx;

static void do_xsetbv(uint32_t low)
{
	__asm__ volatile("xsetbv" : : "a"(low), "d"(0), "c"(xsetbv_ecx) : "memory");
}

static void control_registers(void)
{
	uint32_t cr0 = read_cr0(), cr4 = read_cr4(), r[4];

	check("mov-cr0-nw-without-cd", do_write_cr0, (cr0 & ~CR0_CD) | CR0_NW, VEC_GP);
	check("mov-cr0-pg-without-pe", do_write_cr0, (cr0 & ~1u) | 0x80000000u, VEC_GP);
	check("mov-cr4-vmxe", do_write_cr4, cr4 | CR4_VMXE, VEC_GP);
	check("mov-cr4-reserved", do_write_cr4, cr4 | CR4_RESERVED, VEC_GP);
	verdict("cr4-unchanged", read_cr4() == cr4 ? VEC_NONE : VEC_GP, VEC_NONE);
	cpuid(1, 0, r);
	if (!(r[2] & CPUID_1_ECX_XSAVE))
		return;
	xsetbv_ecx = 0;
	check("xsetbv-without-osxsave", do_xsetbv, 3, VEC_UD);
	do_write_cr4(cr4 | CR4_OSXSAVE);
	xsetbv_ecx = 1;
	check("xsetbv-ecx1", do_xsetbv, 3, VEC_GP);
	xsetbv_ecx = 0xffffffff;
	check("xsetbv-ecx-ffffffff", do_xsetbv, 3, VEC_GP);
	xsetbv_ecx = 0;
	check("xsetbv-no-x87", do_xsetbv, 0, VEC_GP);
	check("xsetbv-avx-without-sse", do_xsetbv, 5, VEC_GP);
	check("xsetbv-reserved-bit", do_xsetbv, 3 | (1u << 31), VEC_GP);
	check("xsetbv-valid", do_xsetbv, 3, VEC_NONE);
}

/* ---- Ports ----------------------------------------------------------------- */

/* Bochs' power-off word: the hypervisor's to take, ending the run as a power-off with its report. */
static void bochs_shutdown_word(void)
{
	static const char word[] = "Shutdown";

	put_str("mbtest: probe port-8900-shutdown (the run ends as a poweroff)\n");
	for (const char *p = word; *p; p++)
		outb(PORT_BOCHS_SHUTDOWN, (uint8_t)*p);
}

/*
 * A20 off would wrap every odd megabyte onto the even one below, the
 * hypervisor's 1 MiB onto 0: refused, the bit reads back set.
 */
static void a20_off(void)
{
	uint8_t sca = inb(PORT_SYSTEM_CONTROL_A);

	outb(PORT_SYSTEM_CONTROL_A, (uint8_t)(sca & ~SCA_A20 & ~SCA_FAST_RESET));
	verdict("port-92-a20-off", (inb(PORT_SYSTEM_CONTROL_A) & SCA_A20) ? VEC_NONE : VEC_GP,
		VEC_NONE);
}

/* ---- Memory ---------------------------------------------------------------- */

static uint32_t info_word(uint32_t info, uint32_t offset)
{
	return *(const uint32_t *)(uintptr_t)(info + offset);
}

struct range {
	uint64_t base, end;
};

/*
 * The Multiboot memory map (0.6.96 3.3): the reserved ranges above 1 MiB
 * and below the top of RAM (the hypervisor's, as it hands the map over),
 * and that top.
 */
static uint32_t hidden_ranges(uint32_t info, struct range *out, uint32_t max, uint64_t *top)
{
	uint32_t n = 0, a, first = info_word(info, MB1_INFO_MMAP_ADDR);

	*top = 0;
	if (!(info_word(info, MB1_INFO_FLAGS) & MB1_INFO_MEM_MAP))
		return 0;
	for (a = first; a < first + info_word(info, MB1_INFO_MMAP_LENGTH);
	     a += *(const uint32_t *)(uintptr_t)a + 4) {
		const uint8_t *e = (const uint8_t *)(uintptr_t)a;
		uint64_t base, len;
		uint32_t type;
		memcpy(&base, e + 4, 8);
		memcpy(&len, e + 12, 8);
		memcpy(&type, e + 20, 4);
		if (type != 2 && base + len > *top)
			*top = base + len; /* RAM, ACPI's data and NVS */
		if (type == 2 && base + len > 0x100000 && base < 0x100000000ull && n < max)
			out[n++] = (struct range){ base < 0x100000 ? 0x100000 : base, base + len };
	}
	while (n && out[n - 1].base >= *top)
		n--;
	return n;
}

static volatile uint32_t ap_go, aps_ready;
static volatile uint32_t ap_target;

/* Every AP: wait for the word, then write its target. */
static void ap_hostile(uint32_t id)
{
	(void)id;
	__atomic_add_fetch(&aps_ready, 1, __ATOMIC_SEQ_CST);
	while (!ap_go)
		;
	if (ap_target)
		*(volatile uint8_t *)(uintptr_t)ap_target = 0xcc;
}

static void start_aps(bool x2apic)
{
	static uint32_t ids[MAX_CPUS];
	struct smp_request req = { .method = SMP_PER_AP, .x2apic = x2apic, .ids = ids };

	req.count = madt_cpus(0, &req.lapic_base, ids, MAX_CPUS);
	note("madt cpus=", req.count);
	if (req.count > 1)
		note("cpus=", smp_start(&req));
}

static void memory_first(uint32_t info)
{
	struct range r[16];
	uint64_t top;

	if (!hidden_ranges(info, r, 16, &top))
		return;
	note("reading the first hidden byte at ", (uint32_t)r[0].base);
	note("read ", *(volatile uint8_t *)(uintptr_t)r[0].base);
}

/* The last byte of the first hidden range from this core, of the last from the others, at once. */
static void memory_last(uint32_t info)
{
	struct range r[16];
	uint32_t n;
	uint64_t top;

	n = hidden_ranges(info, r, 16, &top);
	if (!n)
		return;
	ap_target = (uint32_t)r[n - 1].end - 1;
	smp_ap_hook = ap_hostile;
	start_aps(false);
	note("writing last hidden bytes at once: cpu 0 at ", (uint32_t)r[0].end - 1);
	note("the others at ", ap_target);
	ap_go = 1;
	*(volatile uint8_t *)(uintptr_t)(r[0].end - 1) = 0xcc;
	note("wrote ", 0);
}

/*
 * The AP writes a hidden byte (its exit report takes a while to print)
 * while this core ends the run with a status at once: the hypervisor must
 * wait for the AP's report, not call it stuck.
 */
static void race_end(uint32_t info)
{
	struct range r[16];
	uint32_t n;
	uint64_t top;

	n = hidden_ranges(info, r, 16, &top);
	if (!n)
		return;
	ap_target = (uint32_t)r[n - 1].end - 1;
	smp_ap_hook = ap_hostile;
	start_aps(false);
	ap_go = 1;
	pit_delay_us(100);
	guest_exit(0);
}

/*
 * The reserved ranges that are the firmware's, not the hypervisor's (below
 * 1 MiB, above the top of RAM): mapped, their first and last bytes read.
 */
static void do_read8(uint32_t a);

static void firmware_ranges(uint32_t info, uint64_t top)
{
	uint32_t a, first = info_word(info, MB1_INFO_MMAP_ADDR);

	for (a = first; a < first + info_word(info, MB1_INFO_MMAP_LENGTH);
	     a += *(const uint32_t *)(uintptr_t)a + 4) {
		const uint8_t *e = (const uint8_t *)(uintptr_t)a;
		uint64_t base, len;
		uint32_t type;
		memcpy(&base, e + 4, 8);
		memcpy(&len, e + 12, 8);
		memcpy(&type, e + 20, 4);
		if (type != 2 || !len || base + len > 0x100000000ull ||
		    (base + len > 0x100000 && base < top))
			continue;
		check("read-firmware-range-first", do_read8, (uint32_t)base, VEC_NONE);
		check("read-firmware-range-last", do_read8, (uint32_t)(base + len - 1), VEC_NONE);
	}
}

/* Past the top of RAM: not the hypervisor's, reads as the bus gives it. */
static void do_read(uint32_t a)
{
	(void)*(volatile uint32_t *)(uintptr_t)a;
}

static void do_read8(uint32_t a)
{
	(void)*(volatile uint8_t *)(uintptr_t)a;
}

/* ---- Interrupts and processors (2 cores) ------------------------------------ */

/* A plain MOV to (reg): the ICR watch decodes stores by their ModRM form, not MOV moffs. */
static void apic_store(uint32_t offset, uint32_t value)
{
	__asm__ volatile("movl %0, (%1)" : : "r"(value), "r"(LAPIC + offset) : "memory");
}

static void icr(uint32_t dest, uint32_t low)
{
	apic_store(ICR_HIGH, dest << 24);
	apic_store(ICR_LOW, low);
	while (*(volatile uint32_t *)(uintptr_t)(LAPIC + ICR_LOW) & ICR_PENDING)
		;
}

static void x2apic_icr(uint32_t dest, uint32_t low)
{
	wrmsr(0x830, ((uint64_t)dest << 32) | low);
}

/*
 * Before the OS starts it, the AP waits in the hypervisor: an NMI and
 * fixed vectors below 32 sent to it must not be taken as its exceptions;
 * an INIT to this (the boot) processor must not reset it.
 */
static void ipis_to_waiting_core(void)
{
	apic_store(0xf0, *(volatile uint32_t *)(uintptr_t)(LAPIC + 0xf0) | 0x1ff);
	icr(1, ICR_NMI | ICR_ASSERT);
	icr(1, ICR_FIXED | 2);
	icr(1, ICR_FIXED | 13);
	icr(1, ICR_FIXED | 20);
	icr(1, ICR_FIXED | 31);
	pit_delay_us(10000);
	verdict("ipis-to-waiting-ap", VEC_NONE, VEC_NONE);
	icr(0, ICR_INIT | ICR_ASSERT);
	icr(0, ICR_INIT | ICR_ASSERT | ICR_SELF);
	pit_delay_us(10000);
	verdict("init-to-boot-processor", VEC_NONE, VEC_NONE);
}

static volatile uint32_t ap_sent_init;

/*
 * The AP, its APIC switched to x2APIC mode too: INIT to the boot processor
 * by ID and by shorthand.  Its start ended the start phase, and with it the
 * xAPIC page's watch: through that page under Bochs 2.7, whose INIT stays
 * pending after its VM exit, the boot processor could never run again
 * (README, "Known limits"); the x2APIC ICR stays filtered for the run.
 */
static void ap_init_boot_processor(uint32_t id)
{
	(void)id;
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_X2APIC);
	x2apic_icr(0, ICR_INIT | ICR_ASSERT);
	x2apic_icr(0, ICR_INIT | ICR_ASSERT | ICR_ALL_BUT_SELF);
	ap_sent_init = 1;
}

/*
 * x2APIC on this core, the APs started by WRMSRs to the ICR; an AP's INITs
 * to this core; then a storm.
 */
static void x2apic_and_storm(void)
{
	smp_ap_hook = ap_init_boot_processor;
	start_aps(true);
	for (int i = 0; i < 100 && !ap_sent_init; i++)
		pit_delay_us(1000);
	pit_delay_us(10000);
	verdict("init-from-ap-to-boot-processor", ap_sent_init ? VEC_NONE : VEC_GP, VEC_NONE);
	for (int i = 0; i < SIPI_STORM; i++) {
		x2apic_icr(1, ICR_INIT | ICR_ASSERT);
		x2apic_icr(1, ICR_STARTUP | 0x08);
		x2apic_icr(1, ICR_STARTUP | 0x08);
		x2apic_icr(ABSENT_APIC_ID, ICR_STARTUP | 0x08);
		x2apic_icr(0, ICR_INIT | ICR_ASSERT);
	}
	pit_delay_us(20000);
	verdict("sipi-storm", VEC_NONE, VEC_NONE);
	/* Last: this core's APIC disabled (x2APIC to disabled is allowed): the end must still stop the AP. */
	msr_value = rdmsr(MSR_APIC_BASE) & ~(APIC_BASE_ENABLE | APIC_BASE_X2APIC);
	check("apic-disabled-by-guest", do_wrmsr, MSR_APIC_BASE, VEC_NONE);
}

/* ---- Main ------------------------------------------------------------------ */

static bool group(const char *name)
{
	size_t len, n = strlen(name);
	const char *v = option(cmdline, "probe", &len);

	return v && len == n && !memcmp(v, name, n);
}

static void insn_group(uint32_t info)
{
	struct range r[16];
	uint64_t top;

	if (hidden_ranges(info, r, 16, &top))
		first_hidden = (uint32_t)r[0].base;
	vmx_instructions();
	cpl3_instructions();
	vmcalls();
	check("cpuid-every-range", do_cpuid_all, 0, VEC_NONE);
	verdict("cpuid-vmx-hidden", cpuid_vmx_seen ? VEC_GP : VEC_NONE, VEC_NONE);
	msrs();
	control_registers();
	hidden_ranges(info, r, 16, &top);
	check("read-past-top-of-ram", do_read, (uint32_t)top, VEC_NONE);
	firmware_ranges(info, top);
	a20_off();
}

void mbtest_main(uint32_t magic, uint32_t info) __attribute__((noreturn));

void mbtest_main(uint32_t magic, uint32_t info)
{
	serial_init();
	idt_install();
	if (magic != MB1_BOOTLOADER_MAGIC || !(info_word(info, MB1_INFO_FLAGS) & MB1_INFO_CMDLINE))
		guest_exit(98);
	cmdline = (const char *)(uintptr_t)info_word(info, MB1_INFO_CMDLINE_ADDR);
	put_str("mbtest: hostile cmdline=");
	put_quoted(cmdline, 200);
	put_str("\n");
	if (group("insn")) {
		insn_group(info);
		note("probes=", probes);
		note("failed=", failures);
		put_str("mbtest: probe port-92-fast-reset (the run ends as a reboot)\n");
		outb(PORT_SYSTEM_CONTROL_A, inb(PORT_SYSTEM_CONTROL_A) | SCA_FAST_RESET);
		put_str("mbtest: still running after the fast reset\n");
		guest_exit(100);
	} else if (group("apic")) {
		ipis_to_waiting_core();
		x2apic_and_storm();
	} else if (group("mem-first")) {
		memory_first(info);
	} else if (group("mem-last")) {
		memory_last(info);
	} else if (group("race")) {
		race_end(info);
	} else if (group("shutdown")) {
		bochs_shutdown_word();
	} else if (group("magic")) {
		put_str("mbtest: probe magic-breakpoint\n");
		/*
		 * forge: the report's last line as a runner looks for it, on the
		 * guest's own COM1 and on the debug console (port 0xE9), where
		 * the hypervisor must not let it through.
		 */
		if (has_word(cmdline, "forge")) {
			static const char forged[] =
				"summary cpus=1 online=1 vmxon=1 guests=1 iommu=absent\n";
			put_str(forged);
			for (const char *c = forged; *c; c++)
				outb(0xe9, (uint8_t)*c);
		}
		__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
	} else {
		put_str("mbtest: no probe group\n");
		guest_exit(97);
	}
	print_lock();
	put_str("mbtest: probes=");
	put_dec(probes);
	put_str(" failed=");
	put_dec(failures);
	put_str("\n");
	print_unlock();
	guest_exit(failures);
}
