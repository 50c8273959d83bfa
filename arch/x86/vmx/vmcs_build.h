/*
 * Building a VMCS, the same steps for every kind of guest (Intel SDM Vol.
 * 3C 25.4-25.8 for the fields, 27.2-27.3 for what VM entry checks):
 *
 *   1. the guest's initial state, captured or made as data (struct
 *      vmx_guest_state): the running kernel's own (the hyperjack), a boot
 *      protocol's entry state (Linux, Multiboot), a processor after INIT
 *      and SIPI;
 *   2. the controls, chosen once from what the kind wants (struct
 *      vmx_profile) and what the core's capability MSRs allow
 *      (lib/vmx/vmcs_controls.c);
 *   3. VMCLEAR and VMPTRLD, then the control, host and guest fields in
 *      named steps (vmx_load_vmcs).
 */
#ifndef ARCH_X86_VMX_VMCS_BUILD_H
#define ARCH_X86_VMX_VMCS_BUILD_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/vmx/vmcs_controls.h"

struct vmx_core;
struct vmx_guest;
struct cpu_tables;
struct vmcs_writer;

/* One control field's wants: bits the guest cannot do without, and bits it takes if offered. */
struct vmx_control_bits {
	uint32_t required, optional;
};

/*
 * What a kind of guest wants of the VMCS controls.  Beyond these, every
 * guest gets VPID where INVVPID is usable, the shared EPT where it is
 * built (EPT in `required` makes it a must), and the "IA-32e mode guest"
 * entry control exactly when its initial state is in IA-32e mode.
 */
struct vmx_profile {
	struct vmx_control_bits pin, proc, proc2, exit, entry;
	bool io_bitmap; /* the "use I/O bitmaps" control, with the run's bitmaps */
};

/* The five control fields of a VMCS, as chosen for one guest. */
struct vmx_controls {
	uint32_t pin, proc, proc2, exit, entry;
};

/* ES, CS, SS, DS, FS, GS, LDTR, TR: each one's four fields are 2 encodings apart (Vol. 3D B.1-B.4). */
enum vmx_seg {
	SEG_ES,
	SEG_CS,
	SEG_SS,
	SEG_DS,
	SEG_FS,
	SEG_GS,
	SEG_LDTR,
	SEG_TR,
	SEG_COUNT
};

/* One segment register as the guest-state area holds it (25.4.1). */
struct vmx_segment_state {
	uint16_t selector;
	uint64_t base;
	uint32_t limit, ar; /* ar: access rights, VMX_AR_* (include/x86/vmcs.h) */
};

/*
 * A guest's processor state, as data: what VM entry loads (25.4).  CR0
 * and CR4 are the values the guest believes it has (the read shadows);
 * the bits VMX fixes are added when the fields are written.
 */
struct vmx_entry_state {
	struct vmx_segment_state seg[SEG_COUNT];
	uint64_t gdtr_base, idtr_base;
	uint32_t gdtr_limit, idtr_limit;
	uint64_t cr0, cr3, cr4, dr7, debugctl;
	uint64_t rflags, rsp, rip;
	uint64_t efer, pat;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint32_t activity;	/* VMX_ACTIVITY_ACTIVE or VMX_ACTIVITY_WAIT_FOR_SIPI */
	bool long_mode;		/* IA-32e mode (EFER.LMA): the "IA-32e mode guest" control */
	bool rsp_rip_later;	/* RSP and RIP are written at the launch (the hyperjack) */
	bool has_efer, has_pat; /* read back: the VMCS loads and saves them, so efer and pat hold */
};

/*
 * The guest's state as the current VMCS holds it after an exit (CR0 and
 * CR4 as the processor has them, not the shadows): for a guest whose state
 * goes back into the real processor (the hyperjack's unload).
 */
void vmx_read_guest_state(struct vmx_entry_state *s);

/*
 * Step 1, for a state read off a running processor: the segment selector
 * names in the GDT at gdt_base (gdt_limit as in GDTR), accessed if it is a
 * usable code or data segment (27.3.1.2 wants that); false if the
 * selector points outside the table or into an LDT.
 */
bool vmx_segment_from_table(uint64_t gdt_base, uint16_t gdt_limit, uint16_t selector,
			    struct vmx_segment_state *out);

/* Step 1: a processor after INIT and a SIPI with this vector (Vol. 3A 10.1.1, 9.4.4.1). */
void vmx_state_after_sipi(struct vmx_entry_state *s, uint8_t vector);

/* Step 2: the controls; false, with the control named on the console and in g, if one is missing. */
bool vmx_choose_controls(struct vmx_core *core, struct vmx_guest *g, const struct vmx_profile *p,
			 const struct vmx_entry_state *s, struct vmx_controls *c);

/* INVVPID is there in a form the guests' flushes can use. */
bool vmx_invvpid_usable(const struct vmx_msr_snapshot *caps);

/* How step 3 went. */
enum vmx_load_result {
	VMX_LOAD_OK,
	VMX_LOAD_CONTROL_UNAVAILABLE, /* g->cause and g->error name it */
	VMX_LOAD_VMPTRLD_FAILED,
	VMX_LOAD_VMWRITE_FAILED, /* *error names the VM-instruction error */
};

/*
 * Steps 2 and 3 on this core's VMCS: afterwards it is current and clear,
 * ready for VMLAUNCH.  io_bitmap_phys: the two I/O bitmap pages when the
 * profile wants them.  before_check, if not NULL, runs after the fill and
 * before the writes are checked (a fault point).
 */
enum vmx_load_result vmx_load_vmcs(struct vmx_core *core, struct vmx_guest *g,
				   const struct vmx_profile *p, const struct vmx_entry_state *s,
				   uint64_t io_bitmap_phys, const char **error,
				   void (*before_check)(struct vmx_core *core,
							struct vmcs_writer *w));

/* The guest-state fields of the current VMCS from s (a SIPI's new state, a test's). */
bool vmx_write_guest_state(const struct vmx_guest *g, const struct vmx_entry_state *s);

/* The host-state area for this core on the tables t: the exit lands at rip on stack rsp. */
void vmx_put_host_state(struct vmcs_writer *w, const struct cpu_tables *t, uint64_t rsp,
			uint64_t rip, const struct vmx_controls *c);

/* VMCLEAR: the VMCS's data written back to memory (24.11), not current any more. */
void vmx_vmcs_clear(uint64_t vmcs_phys);
/* The VM-instruction error the last VMfailValid left (30.4). */
uint32_t vmx_vm_instruction_error(void);

#endif
