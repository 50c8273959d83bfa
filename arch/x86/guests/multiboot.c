/*
 * A Multiboot kernel as a guest kind: the exits every OS guest has
 * (os_exits.c), a boot processor entered in 32-bit protected mode with
 * paging off, which a guest can have only with "unrestricted guest" (Intel
 * SDM Vol. 3C 27.3.1.1), and APs started by the kernel's own INIT-SIPI-SIPI
 * like every OS guest's.
 */
#include "arch/x86/guests/multiboot.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"

/* Selectors as GRUB leaves them; the specification requires only that they work. */
#define MB_CODE_SELECTOR 0x10
#define MB_DATA_SELECTOR 0x18
/* Flat 32-bit segments: present, S, accessed, DB, G; code execute/read, data read/write. */
#define AR_CODE32	 (0xbu | VMX_AR_S | VMX_AR_P | VMX_AR_DB | VMX_AR_G)
#define AR_DATA32	 (0x3u | VMX_AR_S | VMX_AR_P | VMX_AR_DB | VMX_AR_G)
/* TR: a present busy 32-bit TSS, as VM entry wants of a guest outside IA-32e mode (27.3.1.2). */
#define AR_TSS32_BUSY	 0x8bu
#define CR0_ET		 (1ull << 4)

struct vmx_guest_kind multiboot_kind = {
	.name = "multiboot",
	.profile = &os_profile_unrestricted,
	.exits = OS_EXITS,
	.on_exit = os_on_exit,
	.unexpected = os_unexpected,
};

void multiboot_bsp_state(uint32_t entry, uint32_t magic, uint32_t info, struct vmx_entry_state *s,
			 struct vmx_gprs *regs)
{
	struct vmx_segment_state data = { MB_DATA_SELECTOR, 0, 0xffffffffu, AR_DATA32 };

	*s = (struct vmx_entry_state){ 0 };
	s->seg[SEG_CS] = (struct vmx_segment_state){ MB_CODE_SELECTOR, 0, 0xffffffffu, AR_CODE32 };
	s->seg[SEG_SS] = data;
	s->seg[SEG_DS] = data;
	s->seg[SEG_ES] = data;
	s->seg[SEG_FS] = data;
	s->seg[SEG_GS] = data;
	s->seg[SEG_LDTR].ar = VMX_AR_UNUSABLE;
	s->seg[SEG_TR] = (struct vmx_segment_state){ 0, 0, 0x67, AR_TSS32_BUSY };
	/* The GDTR and IDTR are the kernel's to load: it must not use them before. */
	s->idtr_limit = 0x3ff;
	s->cr0 = X86_CR0_PE | CR0_ET;
	s->pat = IA32_PAT_INIT;
	s->dr7 = X86_DR7_INIT;
	s->rflags = X86_RFLAGS_FIXED; /* IF and VM clear */
	s->rip = entry;
	s->activity = VMX_ACTIVITY_ACTIVE;
	*regs = (struct vmx_gprs){ .rax = magic, .rbx = info };
}
