/*
 * The state a loader hands Linux at its 64-bit entry point (boot.rst,
 * "64-bit Boot Protocol", linux-source-6.1): long mode with paging on, the
 * kernel, the zero page and the command line identity mapped, a GDT with
 * flat __BOOT_CS (0x10, execute/read) and __BOOT_DS (0x18, read/write)
 * loaded, CS = __BOOT_CS, DS = ES = SS = __BOOT_DS, interrupts off, and
 * RSI holding the zero page's address.
 *
 * linux_write_boot_area() writes the boot area that linux_plan() placed (the
 * zero page, the command line, that GDT and the identity tables) into a
 * buffer that stands for those guest-physical bytes, and says which
 * registers to load: what the VMM copies into the guest-state area.
 */
#ifndef LIB_LINUX_ENTRY_H
#define LIB_LINUX_ENTRY_H

#include <stdint.h>

#include "lib/linux_boot.h"

#define LINUX_BOOT_CS	  0x10
#define LINUX_BOOT_DS	  0x18
#define LINUX_GDT_ENTRIES 4 /* null, unused, __BOOT_CS, __BOOT_DS */

/*
 * Flat 4 GiB descriptors (Intel SDM Vol. 3A 3.4.5 "Segment Descriptors"):
 * code: present, DPL 0, execute/read, accessed, L = 1 (64-bit), G = 1;
 * data: present, DPL 0, read/write, accessed, D/B = 1, G = 1.
 */
#define LINUX_GDT_CODE64 0x00af9b000000ffffull
#define LINUX_GDT_DATA	 0x00cf93000000ffffull

struct linux_entry_state {
	uint64_t rip; /* kernel_addr + 0x200: startup_64 */
	uint64_t rsi; /* the zero page */
	uint64_t rflags;
	uint64_t cr0, cr3, cr4, efer;
	uint64_t gdt_base;
	uint16_t gdt_limit;
	uint16_t cs, ds; /* ES and SS take ds */
	/* Access rights in the VMCS format (Intel SDM Vol. 3C 25.4.1, table
	 * 25-2): descriptor bits 40-47 and 52-55. */
	uint32_t cs_access, ds_access;
};

/* A descriptor's access rights as the VMCS holds them. */
uint32_t linux_descriptor_access(uint64_t descriptor);

/*
 * Writes the boot area of plan into area (plan->area_size bytes standing for
 * guest-physical [plan->area_addr, + area_size)) and fills *state.  The zero
 * page comes from linux_fill_boot_params(), the command line from
 * req->cmdline; the page tables map [0, plan->identity_end) one to one with
 * 2 MiB pages, writable, executable.  With req->rsdp (no rsdp_addr) and a
 * protocol that has acpi_rsdp_addr, the RSDP is copied there and the zero
 * page points at the copy.  LINUX_OK or LINUX_ERR_ARGUMENT.
 */
/*
 * Where a copy of the RSDP goes: in the GDT's page, after the GDT.  Linux
 * keeps the whole first MiB reserved (x86 setup, since 5.13), so the copy
 * outlives the boot; ACPI wants it 16-byte aligned.
 */
#define LINUX_RSDP_COPY_OFFSET 0x100
#define LINUX_RSDP_COPY_MAX    64

int linux_write_boot_area(const struct linux_boot_request *req, const struct linux_boot_plan *plan,
			  void *area, struct linux_entry_state *state);

#endif
