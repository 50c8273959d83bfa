/*
 * Layouts of the processor registers the hypervisor decodes: CPUID leaf 1
 * ECX, IA32_EFER, CR0, CR3, CR4, DR6, DR7 and RFLAGS.
 *
 * Each register is a union of its raw value and its fields, named as in the
 * SDM.  Bit-fields fill from bit 0 upwards (the x86-64 System V ABI, which
 * both GCC and Clang follow); the static asserts pin each union's size and
 * tests/unit/test_vmx_defs.c pins every field's position.  Fields called
 * reservedN..M keep the layout honest and must be written back unchanged.
 *
 * The X86_* masks are for the bits the kernel tests often, where a mask
 * reads better than a union.
 */
#ifndef INCLUDE_X86_CPU_REGS_H
#define INCLUDE_X86_CPU_REGS_H

#include <stdint.h>

/*
 * CPUID.01H:ECX, Vol. 2A Chapter 3, CPUID, "Feature Information Returned in
 * the ECX Register".
 */
union cpuid_01h_ecx {
	uint32_t raw;
	struct {
		uint32_t sse3 : 1;
		uint32_t pclmulqdq : 1;
		uint32_t dtes64 : 1;
		uint32_t monitor : 1;
		uint32_t ds_cpl : 1;
		uint32_t vmx : 1; /* bit 5 */
		uint32_t smx : 1; /* bit 6 */
		uint32_t eist : 1;
		uint32_t tm2 : 1;
		uint32_t ssse3 : 1;
		uint32_t cnxt_id : 1;
		uint32_t sdbg : 1;
		uint32_t fma : 1;
		uint32_t cmpxchg16b : 1;
		uint32_t xtpr_update_control : 1;
		uint32_t pdcm : 1;
		uint32_t reserved16 : 1;
		uint32_t pcid : 1;
		uint32_t dca : 1;
		uint32_t sse4_1 : 1;
		uint32_t sse4_2 : 1;
		uint32_t x2apic : 1; /* bit 21 */
		uint32_t movbe : 1;
		uint32_t popcnt : 1;
		uint32_t tsc_deadline : 1;
		uint32_t aesni : 1;
		uint32_t xsave : 1;
		uint32_t osxsave : 1;
		uint32_t avx : 1;
		uint32_t f16c : 1;
		uint32_t rdrand : 1;
		/* The SDM says "not used, always 0"; hypervisors set it. */
		uint32_t hypervisor : 1; /* bit 31 */
	};
};
_Static_assert(sizeof(union cpuid_01h_ecx) == 4, "CPUID.01H:ECX is 32 bits");

#define X86_CPUID_01H_ECX_VMX	     (1u << 5)
#define X86_CPUID_01H_ECX_SMX	     (1u << 6)
#define X86_CPUID_01H_ECX_X2APIC     (1u << 21)
#define X86_CPUID_01H_ECX_XSAVE	     (1u << 26)
#define X86_CPUID_01H_ECX_OSXSAVE    (1u << 27)
#define X86_CPUID_01H_ECX_HYPERVISOR (1u << 31)

/* CPUID.80000001H:EDX, Vol. 2A Chapter 3, CPUID, "Extended Function CPUID Information". */
#define X86_CPUID_80000001H_EDX_NX	(1u << 20)
#define X86_CPUID_80000001H_EDX_PAGE1GB (1u << 26)
#define X86_CPUID_80000001H_EDX_LM	(1u << 29)

/*
 * IA32_EFER (MSR C0000080H), Vol. 3A 2.2.1 "Extended Feature Enable
 * Register" and Vol. 4 Table 2-2.  Only Intel's bits are named; AMD defines
 * more (SVME is bit 12) that Intel processors reserve.
 */
union ia32_efer {
	uint64_t raw;
	struct {
		uint64_t sce : 1; /* SYSCALL enable */
		uint64_t reserved1_7 : 7;
		uint64_t lme : 1; /* bit 8: IA-32e mode enable */
		uint64_t reserved9 : 1;
		uint64_t lma : 1; /* bit 10: IA-32e mode active */
		uint64_t nxe : 1; /* bit 11: no-execute enable */
		uint64_t reserved12_63 : 52;
	};
};
_Static_assert(sizeof(union ia32_efer) == 8, "IA32_EFER is 64 bits");

#define X86_EFER_SCE (1ull << 0)
#define X86_EFER_LME (1ull << 8)
#define X86_EFER_LMA (1ull << 10)
#define X86_EFER_NXE (1ull << 11)

/* CR0, Vol. 3A 2.5 "Control Registers". */
union x86_cr0 {
	uint64_t raw;
	struct {
		uint64_t pe : 1; /* protection enable */
		uint64_t mp : 1; /* monitor coprocessor */
		uint64_t em : 1; /* emulation */
		uint64_t ts : 1; /* task switched */
		uint64_t et : 1; /* extension type, fixed to 1 */
		uint64_t ne : 1; /* bit 5: numeric error */
		uint64_t reserved6_15 : 10;
		uint64_t wp : 1; /* bit 16: write protect */
		uint64_t reserved17 : 1;
		uint64_t am : 1; /* bit 18: alignment mask */
		uint64_t reserved19_28 : 10;
		uint64_t nw : 1; /* bit 29: not write-through */
		uint64_t cd : 1; /* bit 30: cache disable */
		uint64_t pg : 1; /* bit 31: paging */
		uint64_t reserved32_63 : 32;
	};
};
_Static_assert(sizeof(union x86_cr0) == 8, "CR0 is 64 bits");

#define X86_CR0_PE (1ull << 0)
#define X86_CR0_MP (1ull << 1)
#define X86_CR0_EM (1ull << 2)
#define X86_CR0_TS (1ull << 3)
#define X86_CR0_ET (1ull << 4)
#define X86_CR0_NE (1ull << 5)
#define X86_CR0_WP (1ull << 16)
#define X86_CR0_AM (1ull << 18)
#define X86_CR0_NW (1ull << 29)
#define X86_CR0_CD (1ull << 30)
#define X86_CR0_PG (1ull << 31)

/*
 * CR3, Vol. 3A 2.5 and 4.5 (4-level and 5-level paging).  Bits 11:0 mean
 * PWT/PCD when CR4.PCIDE = 0 and the PCID when CR4.PCIDE = 1, so the union
 * has one view for each.  table_pfn is the page frame of the top-level
 * paging structure; its upper bits beyond MAXPHYADDR are reserved.
 */
union x86_cr3 {
	uint64_t raw;
	struct {
		uint64_t ignored0_2 : 3;
		uint64_t pwt : 1; /* bit 3 */
		uint64_t pcd : 1; /* bit 4 */
		uint64_t ignored5_11 : 7;
		uint64_t table_pfn : 40; /* bits 51:12 */
		uint64_t reserved52_60 : 9;
		uint64_t lam_u57 : 1; /* bit 61 */
		uint64_t lam_u48 : 1; /* bit 62 */
		/* Bit 63 of a MOV to CR3 source with PCIDE = 1: keep TLBs. */
		uint64_t pcid_noflush : 1;
	};
	struct {
		uint64_t pcid : 12; /* bits 11:0 when PCIDE = 1 */
		uint64_t pcid_view_rest : 52;
	};
};
_Static_assert(sizeof(union x86_cr3) == 8, "CR3 is 64 bits");

#define X86_CR3_PWT	     (1ull << 3)
#define X86_CR3_PCD	     (1ull << 4)
#define X86_CR3_PCID_MASK    0xfffull
#define X86_CR3_PCID_NOFLUSH (1ull << 63)

/* CR4, Vol. 3A 2.5 "Control Registers". */
union x86_cr4 {
	uint64_t raw;
	struct {
		uint64_t vme : 1;
		uint64_t pvi : 1;
		uint64_t tsd : 1;
		uint64_t de : 1;
		uint64_t pse : 1;
		uint64_t pae : 1; /* bit 5 */
		uint64_t mce : 1;
		uint64_t pge : 1; /* bit 7 */
		uint64_t pce : 1;
		uint64_t osfxsr : 1; /* bit 9 */
		uint64_t osxmmexcpt : 1;
		uint64_t umip : 1;
		uint64_t la57 : 1; /* bit 12 */
		uint64_t vmxe : 1; /* bit 13 */
		uint64_t smxe : 1; /* bit 14 */
		uint64_t reserved15 : 1;
		uint64_t fsgsbase : 1; /* bit 16 */
		uint64_t pcide : 1;    /* bit 17 */
		uint64_t osxsave : 1;  /* bit 18 */
		uint64_t kl : 1;       /* bit 19: Key Locker */
		uint64_t smep : 1;     /* bit 20 */
		uint64_t smap : 1;     /* bit 21 */
		uint64_t pke : 1;      /* bit 22 */
		uint64_t cet : 1;      /* bit 23 */
		uint64_t pks : 1;      /* bit 24 */
		uint64_t uintr : 1;    /* bit 25 */
		uint64_t reserved26 : 1;
		uint64_t lass : 1;    /* bit 27 */
		uint64_t lam_sup : 1; /* bit 28 */
		uint64_t reserved29_31 : 3;
		uint64_t fred : 1; /* bit 32 */
		uint64_t reserved33_63 : 31;
	};
};
_Static_assert(sizeof(union x86_cr4) == 8, "CR4 is 64 bits");

#define X86_CR4_VME	   (1ull << 0)
#define X86_CR4_PVI	   (1ull << 1)
#define X86_CR4_TSD	   (1ull << 2)
#define X86_CR4_DE	   (1ull << 3)
#define X86_CR4_PSE	   (1ull << 4)
#define X86_CR4_PAE	   (1ull << 5)
#define X86_CR4_MCE	   (1ull << 6)
#define X86_CR4_PGE	   (1ull << 7)
#define X86_CR4_PCE	   (1ull << 8)
#define X86_CR4_OSFXSR	   (1ull << 9)
#define X86_CR4_OSXMMEXCPT (1ull << 10)
#define X86_CR4_UMIP	   (1ull << 11)
#define X86_CR4_LA57	   (1ull << 12)
#define X86_CR4_VMXE	   (1ull << 13)
#define X86_CR4_SMXE	   (1ull << 14)
#define X86_CR4_FSGSBASE   (1ull << 16)
#define X86_CR4_PCIDE	   (1ull << 17)
#define X86_CR4_OSXSAVE	   (1ull << 18)
#define X86_CR4_KL	   (1ull << 19)
#define X86_CR4_SMEP	   (1ull << 20)
#define X86_CR4_SMAP	   (1ull << 21)
#define X86_CR4_PKE	   (1ull << 22)
#define X86_CR4_CET	   (1ull << 23)
#define X86_CR4_PKS	   (1ull << 24)
#define X86_CR4_UINTR	   (1ull << 25)
#define X86_CR4_LASS	   (1ull << 27)
#define X86_CR4_LAM_SUP	   (1ull << 28)
#define X86_CR4_FRED	   (1ull << 32)

/*
 * DR6, Vol. 3B "Debug Registers" (debug status register).  Reserved bits
 * read as 1 except bit 12 and bits 63:32; BLD and RTM are active low, so
 * the "nothing happened" value is FFFF0FF0H.
 */
union x86_dr6 {
	uint64_t raw;
	struct {
		uint64_t b0 : 1;
		uint64_t b1 : 1;
		uint64_t b2 : 1;
		uint64_t b3 : 1;
		uint64_t reserved4_10 : 7;
		uint64_t bld : 1; /* bit 11: bus lock, low */
		uint64_t reserved12 : 1;
		uint64_t bd : 1;  /* bit 13: DR access */
		uint64_t bs : 1;  /* bit 14: single step */
		uint64_t bt : 1;  /* bit 15: task switch */
		uint64_t rtm : 1; /* bit 16: active low */
		uint64_t reserved17_31 : 15;
		uint64_t reserved32_63 : 32;
	};
};
_Static_assert(sizeof(union x86_dr6) == 8, "DR6 is 64 bits");

#define X86_DR6_INIT 0xffff0ff0ull

/*
 * DR7, Vol. 3B "Debug Registers" (debug control register).  Bit 10 reads
 * as 1; bits 12, 14, 15 and 63:32 must be 0.
 */
union x86_dr7 {
	uint64_t raw;
	struct {
		uint64_t l0 : 1;
		uint64_t g0 : 1;
		uint64_t l1 : 1;
		uint64_t g1 : 1;
		uint64_t l2 : 1;
		uint64_t g2 : 1;
		uint64_t l3 : 1;
		uint64_t g3 : 1;
		uint64_t le : 1; /* bit 8 */
		uint64_t ge : 1; /* bit 9 */
		uint64_t reserved10 : 1;
		uint64_t rtm : 1; /* bit 11 */
		uint64_t reserved12 : 1;
		uint64_t gd : 1; /* bit 13: general detect */
		uint64_t reserved14_15 : 2;
		uint64_t rw0 : 2; /* bits 17:16 */
		uint64_t len0 : 2;
		uint64_t rw1 : 2;
		uint64_t len1 : 2;
		uint64_t rw2 : 2;
		uint64_t len2 : 2;
		uint64_t rw3 : 2;
		uint64_t len3 : 2; /* bits 31:30 */
		uint64_t reserved32_63 : 32;
	};
};
_Static_assert(sizeof(union x86_dr7) == 8, "DR7 is 64 bits");

#define X86_DR7_INIT 0x00000400ull

/*
 * RFLAGS, Vol. 1 3.4.3 "EFLAGS Register" and Vol. 3A 2.3 "System Flags and
 * Fields in the EFLAGS Register".  Bit 1 always reads as 1.
 */
union x86_rflags {
	uint64_t raw;
	struct {
		uint64_t cf : 1;	/* bit 0: carry */
		uint64_t reserved1 : 1; /* always 1 */
		uint64_t pf : 1;
		uint64_t reserved3 : 1;
		uint64_t af : 1;
		uint64_t reserved5 : 1;
		uint64_t zf : 1; /* bit 6: zero */
		uint64_t sf : 1;
		uint64_t tf : 1;  /* bit 8: trap */
		uint64_t if_ : 1; /* bit 9: interrupt enable */
		uint64_t df : 1;
		uint64_t of : 1;
		uint64_t iopl : 2; /* bits 13:12 */
		uint64_t nt : 1;
		uint64_t reserved15 : 1;
		uint64_t rf : 1; /* bit 16 */
		uint64_t vm : 1;
		uint64_t ac : 1;
		uint64_t vif : 1;
		uint64_t vip : 1;
		uint64_t id : 1; /* bit 21 */
		uint64_t reserved22_63 : 42;
	};
};
_Static_assert(sizeof(union x86_rflags) == 8, "RFLAGS is 64 bits");

/* VMX instructions report VMfailInvalid in CF and VMfailValid in ZF. */
#define X86_RFLAGS_CF	 (1ull << 0)
#define X86_RFLAGS_FIXED (1ull << 1)
#define X86_RFLAGS_PF	 (1ull << 2)
#define X86_RFLAGS_AF	 (1ull << 4)
#define X86_RFLAGS_ZF	 (1ull << 6)
#define X86_RFLAGS_SF	 (1ull << 7)
#define X86_RFLAGS_TF	 (1ull << 8)
#define X86_RFLAGS_IF	 (1ull << 9)
#define X86_RFLAGS_DF	 (1ull << 10)
#define X86_RFLAGS_OF	 (1ull << 11)
#define X86_RFLAGS_IOPL	 (3ull << 12)
#define X86_RFLAGS_NT	 (1ull << 14)
#define X86_RFLAGS_RF	 (1ull << 16)
#define X86_RFLAGS_VM	 (1ull << 17)
#define X86_RFLAGS_AC	 (1ull << 18)
#define X86_RFLAGS_ID	 (1ull << 21)

#endif
