/*
 * The memory of a guest (guest_alloc.h).  The VMX structures a VMCS points
 * to stay below 4 GiB (Vol. 3D A.1); everything of struct vmx_host is left
 * out of the guests' EPT view (ept_setup.c).
 */
#include "arch/x86/vmx/guest_alloc.h"
#include "arch/x86/desc.h"
#include "arch/x86/memory.h"
#include "arch/x86/smp.h"
#include "include/x86/msr.h"
#include "lib/vmx/msr_rules.h"

/* The MSR bitmap's four 1 KiB quarters (25.6.9). */
#define MSR_BITMAP_READ_LOW   0
#define MSR_BITMAP_READ_HIGH  1024
#define MSR_BITMAP_WRITE_LOW  2048
#define MSR_BITMAP_WRITE_HIGH 3072

static void msr_bitmap_set(uint8_t *bitmap, unsigned quarter, uint32_t msr)
{
	uint32_t bit = msr & 0x1fff;
	bitmap[quarter + bit / 8] |= (uint8_t)(1u << (bit % 8));
}

/* The MSRs that exit; every other in the bitmap's two ranges is the guest's. */
static const struct {
	uint32_t first, last;
	bool read, write;
} intercepted_msrs[] = {
	/* They would tell the guest VMX is there (handlers.c: as without VMX). */
	{ MSR_IA32_FEATURE_CONTROL, MSR_IA32_FEATURE_CONTROL, true, true },
	{ MSR_VMX_CAPABILITY_FIRST, MSR_VMX_CAPABILITY_LAST, true, true },
	/* The APIC's base must not be moved over the hypervisor's memory. */
	{ MSR_IA32_APIC_BASE, MSR_IA32_APIC_BASE, false, true },
};

void vmx_msr_bitmap_intercept_write(uint64_t bitmap_phys, uint32_t msr)
{
	uint8_t *bitmap = (uint8_t *)(uintptr_t)bitmap_phys;

	msr_bitmap_set(bitmap, msr >= 0xc0000000u ? MSR_BITMAP_WRITE_HIGH : MSR_BITMAP_WRITE_LOW,
		       msr);
}

static void msr_bitmap_init(uint8_t *bitmap)
{
	for (unsigned i = 0; i < sizeof(intercepted_msrs) / sizeof(intercepted_msrs[0]); i++)
		for (uint32_t msr = intercepted_msrs[i].first; msr <= intercepted_msrs[i].last;
		     msr++) {
			if (intercepted_msrs[i].read)
				msr_bitmap_set(bitmap, MSR_BITMAP_READ_LOW, msr);
			if (intercepted_msrs[i].write)
				msr_bitmap_set(bitmap, MSR_BITMAP_WRITE_LOW, msr);
		}
}

/*
 * Host stack, tables and MSR bitmap of the hypervisor's own.  IST stacks of
 * its own too, not the kernel's: the EPT hides them from the guests, which
 * could otherwise read (or, on another core, write) what an NMI or #DF in
 * the hypervisor left there.
 */
static bool alloc_host_memory(struct vmx_host *h)
{
	uint8_t *bitmap = page_alloc(PAGE_SIZE, BELOW_4G);
	uint64_t guard;

	h->host_tables = page_alloc(sizeof(*h->host_tables), ANYWHERE);
	h->host_stack_top = stack_alloc(KERNEL_STACK_SIZE, &guard);
	if (!bitmap || !h->host_tables || !h->host_stack_top ||
	    !smp_alloc_ist_stacks(h->host_ist_tops))
		return false;
	msr_bitmap_init(bitmap);
	h->msr_bitmap_phys = (uint64_t)(uintptr_t)bitmap;
	desc_init(h->host_tables, h->host_ist_tops);
	return true;
}

struct vmx_guest *vmx_guest_new(const struct vmx_guest_kind *kind, const struct vmx_host *share)
{
	struct vmx_guest *g = page_alloc(sizeof(*g), ANYWHERE);
	struct vmx_host *h = page_alloc(sizeof(*h), ANYWHERE);

	if (!g || !h)
		return NULL;
	if (share) {
		h->host_stack_top = share->host_stack_top;
		for (int i = 0; i < IST_COUNT; i++)
			h->host_ist_tops[i] = share->host_ist_tops[i];
		h->host_tables = share->host_tables;
		h->msr_bitmap_phys = share->msr_bitmap_phys;
	} else if (!alloc_host_memory(h)) {
		return NULL;
	}
	g->kind = kind;
	g->host = h;
	return g;
}
