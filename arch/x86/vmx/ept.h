/*
 * The EPT every guest shares (ept_setup.c): guest-physical equals
 * host-physical, with the hypervisor's own memory left out (Intel SDM Vol.
 * 3C 29.3 "The Extended Page Table Mechanism").
 */
#ifndef ARCH_X86_VMX_EPT_H
#define ARCH_X86_VMX_EPT_H

#include <stdbool.h>
#include <stdint.h>

struct vmx_msr_snapshot;

/* Its EPTP, 0 when the guests run without EPT. */
extern uint64_t vmx_ept_pointer;
void vmx_ept_build(const struct vmx_msr_snapshot *caps);
/* Leave [phys, phys + size) out of the guests' view, then INVEPT. */
bool vmx_ept_hide(uint64_t phys, uint64_t size);
/* One page's access bits in the shared EPT (no INVEPT: the caller flushes). */
bool vmx_ept_set_access(uint64_t phys, uint8_t access);
/* The same outside VMX operation, where INVEPT is #UD: the next launch flushes. */
bool vmx_ept_unmap(uint64_t phys, uint64_t size);
void vmx_ept_flush(void);
/* The unmapped guest page at gpa backed by the host page at hpa instead (no INVEPT: the caller flushes). */
bool vmx_ept_map_page(uint64_t gpa, uint64_t hpa);
/*
 * Where the guests' byte at gpa is for the hypervisor (the host-physical
 * address the shared EPT maps it to), if the guests may access it with
 * need (EPT_READ, EPT_WRITE...); false where it is hidden.
 */
bool vmx_ept_translate(uint64_t gpa, uint8_t need, uint64_t *hpa);
/*
 * From the EPT itself: no page of anything hidden so far (the build's
 * holes, every range hidden since) is mapped.  One "vmx: ept check" line;
 * false, naming the first mapped address, if one is.  True without EPT.
 */
bool vmx_ept_check(void);
/*
 * The host page holding phys is the guests', at its own address (false
 * without EPT, where it is hidden, or where the guests' page at phys is
 * backed by another host page).
 */
bool vmx_ept_maps_itself(uint64_t phys);

#endif
