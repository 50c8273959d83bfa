/*
 * A guest-virtual address translated through the guest's own page tables,
 * for the GDB stub's memory accesses and the hypervisor's instruction
 * fetches (the APIC write it emulates): the guest's CR0/CR3/CR4/EFER pick
 * the paging mode (Intel SDM 325462-080US Vol. 3A section 4.1.1, table 4-1):
 * none (identity), 32-bit paging (section 4.3; 4 MiB pages with CR4.PSE),
 * PAE (section 4.4), 4-level and 5-level (section 4.5; CR4.LA57), with
 * 2 MiB and 1 GiB pages.  Table entries are read through a callback that
 * reads guest-physical memory; the walk never faults and never writes
 * (accessed and dirty bits stay as they are).  Access rights are not
 * checked: a debugger may read what the guest's kernel may not.
 */
#ifndef LIB_GUEST_WALK_H
#define LIB_GUEST_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct guest_walk_cpu {
	uint64_t cr0, cr3, cr4, efer;
	unsigned maxphyaddr; /* CPUID.80000008H:EAX[7:0]; 0 means 52 */
};

/* Reads len bytes of guest-physical memory at gpa; false where there is none. */
typedef bool (*guest_phys_read)(void *ctx, uint64_t gpa, void *buf, size_t len);

struct guest_walk_result {
	uint64_t gpa;
	uint64_t page_left; /* bytes from gpa to the end of its page: split accesses there */
	uint64_t page_size;
};

/* guest_walk's failures, negative. */
#define GUEST_WALK_NOT_PRESENT	 (-1) /* an entry on the way has P = 0 */
#define GUEST_WALK_RESERVED	 (-2) /* an entry has a reserved bit set (section 4.13's #PF RSVD) */
#define GUEST_WALK_READ_FAILED	 (-3) /* a table is outside guest-physical memory */
#define GUEST_WALK_NON_CANONICAL (-4) /* gva is not canonical, or above 4 GiB in a 32-bit mode */

/* 0 and *result, or a GUEST_WALK_ error. */
int guest_walk(const struct guest_walk_cpu *cpu, uint64_t gva, guest_phys_read read, void *ctx,
	       struct guest_walk_result *result);

#endif
