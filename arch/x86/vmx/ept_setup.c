/*
 * The guests' EPT (Intel SDM Vol. 3C 29.3): one identity map shared by
 * every core, built on the boot processor before the cores launch, with
 * memory types from the MTRRs (lib/vmx/mtrr.h, lib/vmx/ept.h) and the
 * hypervisor's own memory left out, so that a guest access to it is an EPT
 * violation.  Left out: every core's struct vmx_host (the exit handlers'
 * data), host stack, host IST stacks, host GDT/IDT/TSS and MSR bitmap, the
 * EPT's own tables (a pool given as a hole), and each core's VMXON region
 * and VMCS, which the core unmaps itself before VMLAUNCH.  What the kernel
 * reads about its guest while it is one stays: struct vmx_guest (guest.h).
 *
 * How far the map goes: see map_top().  A device above it is not mapped,
 * and a guest access to it is reported as an EPT violation.  Memory types
 * above RAM come from the MTRRs like the rest (usually their default type).
 */
#include "arch/x86/iommu.h"
#include "arch/x86/vmx/ept.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/memory.h"
#include "arch/x86/spinlock.h"
#include "arch/x86/trap.h"
#include "include/x86/ept.h"
#include "include/x86/mtrr.h"
#include "include/x86/vmx_defs.h"
#include "lib/vmx/ept.h"
#include "lib/vmx/mtrr.h"
#include "lib/vmx/vmcs_controls.h"

#define GIB		 (1ull << 30)
#define PDPT_SPAN	 (512 * GIB) /* what one PML4 entry, one PDPT, maps */
#define ABOVE_RAM_2M	 (64 * GIB)  /* mapped beyond RAM without 1 GiB pages */
#define HOLES_PER_CORE	 (4 + IST_COUNT)
#define HOLES_MAX	 (CONFIG_MAX_CPUS * HOLES_PER_CORE + 1)
/* Splits for the MTRRs' small ranges: the fixed first MiB, and both edges
 * of every variable range, each a page directory and a page table. */
#define MTRR_SPLIT_PAGES (2 + 2 * 2 * MTRR_VAR_MAX)
/* Room for hiding after the build (vmx_ept_hide, vmx_ept_unmap), at most
 * four tables a range: the Linux stage hides every range the hypervisor
 * keeps, a handful in practice (5 in Bochs), up to 128 here. */
#define SPARE_PAGES	 512

struct ept_pool {
	uint64_t base;
	uint64_t pages, used;
};

static struct mtrr_state mtrrs;
static struct ept_pool pool;
static struct ept shared_ept;
static struct spinlock ept_lock;
static struct phys_range holes[HOLES_MAX];
static unsigned hole_count;
/* Every range hidden after the build, for vmx_ept_check(); past HIDDEN_MAX only counted. */
#define HIDDEN_MAX 256
static struct phys_range hidden[HIDDEN_MAX];
static unsigned hidden_count, hidden_unrecorded;
uint64_t vmx_ept_pointer; /* 0: the guests run without EPT */

static uint64_t pool_alloc(void *ctx)
{
	struct ept_pool *p = ctx;

	if (p->used == p->pages)
		return 0;
	return p->base + p->used++ * PAGE_SIZE; /* not zeroed: ept_build() zeroes it */
}

static void *pool_virt(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (void *)(uintptr_t)phys; /* identity mapped */
}

static uint64_t read_msr_or_zero(uint32_t msr)
{
	uint64_t v = 0;
	return rdmsr_catch(msr, &v) == TRAP_NONE ? v : 0;
}

static void read_mtrrs(const struct vmx_msr_snapshot *caps)
{
	mtrrs.cap = read_msr_or_zero(MSR_IA32_MTRRCAP);
	mtrrs.def_type = read_msr_or_zero(MSR_IA32_MTRR_DEF_TYPE);
	if (mtrrs.cap & MTRRCAP_FIX)
		for (unsigned i = 0; i < MTRR_FIXED_MSRS; i++)
			mtrrs.fixed[i] = read_msr_or_zero(mtrr_fixed_msr(i));
	for (unsigned n = 0; n < mtrr_var_count(&mtrrs); n++) {
		mtrrs.var[n].base = read_msr_or_zero(MSR_IA32_MTRR_PHYSBASE(n));
		mtrrs.var[n].mask = read_msr_or_zero(MSR_IA32_MTRR_PHYSMASK(n));
	}
	if (vmx_snapshot_has(caps, VMX_SNAP_CPUID_80000008H_EAX))
		mtrrs.phys_addr_bits = caps->cpuid_80000008h_eax & 0xff;
}

/* The processor can run a guest with this EPT: the control, a 4-level walk, a table type, INVEPT. */
static bool ept_offered(const struct vmx_msr_snapshot *caps)
{
	union ia32_vmx_ept_vpid_cap cap = { .raw = caps->ept_vpid_cap };
	uint64_t proc2;

	return vmx_snapshot_ctl(caps, VMX_CTL_PROCBASED2, &proc2) &&
	       vmx_ctl_allowed1(proc2, VMX_PROC2_ENABLE_EPT) &&
	       vmx_snapshot_has(caps, VMX_SNAP_EPT_VPID_CAP) && cap.page_walk_4 &&
	       (cap.memtype_wb || cap.memtype_uc) && cap.invept &&
	       (cap.invept_single_context || cap.invept_all_context);
}

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

static uint64_t ram_top(void)
{
	uint64_t top = 0;

	for (uint32_t i = 0; i < phys_mem.count; i++)
		if (phys_mem.free[i].end > top)
			top = phys_mem.free[i].end;
	return top;
}

/*
 * The top of the guests' map, and why, for the log line.  With 1 GiB
 * pages, all of the physical-address space: 2^MAXPHYADDR, at most the
 * 256 TiB a 4-level walk translates (EPT_GPA_LIMIT), so that devices
 * anywhere (64-bit BARs above RAM and 4 GiB) are reachable, for one PDPT
 * per 512 GiB: at most 512 tables, 2 MiB.  Without them every GiB costs a
 * page directory, so the map covers the larger of 4 GiB and the top of RAM,
 * rounded up to a GiB, and 64 GiB beyond for 64-bit PCI windows placed
 * above RAM (64 tables, 256 KiB), capped at 2^MAXPHYADDR.
 */
static uint64_t map_top(bool pages_1g, const char **why)
{
	unsigned bits = mtrr_phys_addr_bits(&mtrrs);
	uint64_t width = bits >= 48 ? EPT_GPA_LIMIT : 1ull << bits, top;

	if (pages_1g) {
		*why = bits > 48 ? "2^48, all a 4-level EPT walk translates"
				 : "2^MAXPHYADDR, with 1 GiB pages";
		return width;
	}
	*why = "RAM and 64 GiB beyond, without 1 GiB pages";
	top = round_up(ram_top() > 4 * GIB ? ram_top() : 4 * GIB, GIB) + ABOVE_RAM_2M;
	return top < width ? top : width;
}

/* Tables the map may need: the levels down to its leaves, and splits. */
static uint64_t pool_pages(uint64_t top, bool pages_1g, unsigned hole_count)
{
	uint64_t pages = 1 + round_up(top, PDPT_SPAN) / PDPT_SPAN;

	if (!pages_1g)
		pages += round_up(top, GIB) / GIB;
	/*
	 * A hole splits at most the 1 GiB and the 2 MiB pages holding its
	 * first and last byte: two page directories and two page tables (the
	 * pool's own hole too).  The VMXON region and VMCS each core hides at
	 * launch are single pages: one of each.
	 */
	pages += 4 * (hole_count + 1) + 2 * 2 * (uint64_t)cpu_count;
	return pages + MTRR_SPLIT_PAGES + SPARE_PAGES;
}

/* Every core's hypervisor memory; the EPT pool is added after them. */
static unsigned hypervisor_holes(void)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < cpu_count; i++) {
		const struct vmx_host *h;
		if (!cpu_table[i]->vmx.hyperjack)
			continue;
		h = cpu_table[i]->vmx.hyperjack->host;
		holes[n++] = (struct phys_range){ h->host_stack_top - KERNEL_STACK_SIZE,
						  h->host_stack_top };
		holes[n++] =
			(struct phys_range){ h->msr_bitmap_phys, h->msr_bitmap_phys + PAGE_SIZE };
		holes[n++] = (struct phys_range){ (uint64_t)(uintptr_t)h->host_tables,
						  (uint64_t)(uintptr_t)h->host_tables +
							  sizeof(*h->host_tables) };
		holes[n++] = (struct phys_range){ (uint64_t)(uintptr_t)h,
						  (uint64_t)(uintptr_t)h + sizeof(*h) };
		for (int ist = 0; ist < IST_COUNT; ist++)
			holes[n++] = (struct phys_range){ h->host_ist_tops[ist] - IST_STACK_SIZE,
							  h->host_ist_tops[ist] };
	}
	return n;
}

void vmx_ept_build(const struct vmx_msr_snapshot *caps)
{
	static const struct ept_ops ops = { pool_alloc, pool_virt, NULL, &pool };
	struct ept_config cfg = { &mtrrs, caps->ept_vpid_cap, 0, holes, 0 };
	bool pages_1g = caps->ept_vpid_cap & EPT_CAP_PAGE_1G;
	const char *why;
	void *base;

	if (!ept_offered(caps))
		return;
	read_mtrrs(caps);
	cfg.top = map_top(pages_1g, &why);
	cfg.hole_count = hypervisor_holes();
	pool.pages = pool_pages(cfg.top, pages_1g, cfg.hole_count);
	base = page_alloc_unzeroed(pool.pages * PAGE_SIZE, ANYWHERE);
	if (!base) {
		kprintf("vmx: no memory for the EPT's %lu table pages; the guests run without EPT\n",
			(unsigned long)pool.pages);
		return;
	}
	pool.base = (uint64_t)(uintptr_t)base;
	holes[cfg.hole_count++] =
		(struct phys_range){ pool.base, pool.base + pool.pages * PAGE_SIZE };
	if (!ept_build(&shared_ept, &ops, &cfg)) {
		kprintf("vmx: building the EPT failed (%lu table pages were not enough); the "
			"guests run without EPT\n",
			(unsigned long)pool.pages);
		return;
	}
	vmx_ept_pointer = ept_pointer(shared_ept.root, caps->ept_vpid_cap);
	hole_count = cfg.hole_count;
	iommu_hide_ranges(holes, cfg.hole_count);
	kprintf("vmx: EPT identity map of 0-0x%lx: %lu tables, %lu 1 GiB, %lu 2 MiB and %lu "
		"4 KiB pages, %u holes for the hypervisor; top %s, pool %lu pages\n",
		(unsigned long)cfg.top, (unsigned long)shared_ept.tables,
		(unsigned long)shared_ept.leaves[EPT_LEVEL_1G],
		(unsigned long)shared_ept.leaves[EPT_LEVEL_2M],
		(unsigned long)shared_ept.leaves[EPT_LEVEL_4K], cfg.hole_count, why,
		(unsigned long)pool.pages);
}

static enum vmx_outcome invept(uint64_t type, uint64_t eptp)
{
	struct {
		uint64_t eptp, reserved;
	} desc = { eptp, 0 };
	bool cf, zf;
	__asm__ volatile("invept %[desc], %[type]"
			 : "=@ccc"(cf), "=@ccz"(zf)
			 : [desc] "m"(desc), [type] "r"(type)
			 : "memory");
	return vmx_result(cf, zf);
}

void vmx_ept_flush(void)
{
	if (vmx_ept_pointer &&
	    invept(INVEPT_SINGLE_CONTEXT, vmx_ept_pointer) != VMX_OUTCOME_SUCCESS)
		invept(INVEPT_ALL_CONTEXT, 0);
}

bool vmx_ept_unmap(uint64_t phys, uint64_t size)
{
	bool ok;

	spin_lock(&ept_lock);
	ok = ept_unmap(&shared_ept, phys, size);
	if (ok && size && hidden_count < HIDDEN_MAX)
		hidden[hidden_count++] = (struct phys_range){ phys, phys + size };
	else if (ok && size)
		hidden_unrecorded++;
	spin_unlock(&ept_lock);
	return ok;
}

/* The first mapped byte of range r, widened to pages as the builder hides it; false if none. */
static bool range_mapped(const struct phys_range *r, uint64_t *at)
{
	return ept_find_mapped(&shared_ept, r->base & ~(PAGE_SIZE - 1),
			       (r->end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1), at);
}

static uint64_t pages_of(const struct phys_range *r)
{
	return ((r->end + PAGE_SIZE - 1) / PAGE_SIZE) - r->base / PAGE_SIZE;
}

bool vmx_ept_check(void)
{
	const struct phys_range *lists[2] = { holes, hidden };
	unsigned counts[2] = { hole_count, hidden_count };
	uint64_t pages = 0, at;

	if (!vmx_ept_pointer)
		return true;
	spin_lock(&ept_lock);
	for (unsigned l = 0; l < 2; l++)
		for (unsigned i = 0; i < counts[l]; i++) {
			if (range_mapped(&lists[l][i], &at)) {
				spin_unlock(&ept_lock);
				kalways("vmx: ept check: 0x%lx of the hidden range 0x%lx-0x%lx is "
					"mapped: no guest runs\n",
					(unsigned long)at, (unsigned long)lists[l][i].base,
					(unsigned long)lists[l][i].end - 1);
				return false;
			}
			pages += pages_of(&lists[l][i]);
		}
	spin_unlock(&ept_lock);
	kprintf("vmx: ept check: %u hidden ranges (%lu pages) unmapped in every page%s\n",
		hole_count + hidden_count, (unsigned long)pages,
		hidden_unrecorded ? ", some hidden later not recorded" : "");
	return true;
}

bool vmx_ept_set_access(uint64_t phys, uint8_t access)
{
	bool ok;

	spin_lock(&ept_lock);
	ok = ept_set_page_access(&shared_ept, phys, access);
	spin_unlock(&ept_lock);
	return ok;
}

bool vmx_ept_map_page(uint64_t gpa, uint64_t hpa)
{
	bool ok;

	spin_lock(&ept_lock);
	ok = ept_map_page(&shared_ept, gpa, hpa);
	spin_unlock(&ept_lock);
	return ok;
}

bool vmx_ept_maps_itself(uint64_t phys)
{
	struct ept_mapping m;
	bool mapped;

	if (!vmx_ept_pointer)
		return false;
	spin_lock(&ept_lock);
	mapped = ept_lookup(&shared_ept, phys, &m) && m.phys == phys;
	spin_unlock(&ept_lock);
	return mapped;
}

bool vmx_ept_hide(uint64_t phys, uint64_t size)
{
	bool ok = vmx_ept_unmap(phys, size);

	vmx_ept_flush();
	return ok;
}

bool vmx_ept_translate(uint64_t gpa, uint8_t need, uint64_t *hpa)
{
	struct ept_mapping m;
	bool mapped;

	if (!vmx_ept_pointer)
		return false;
	spin_lock(&ept_lock);
	mapped = ept_lookup(&shared_ept, gpa, &m);
	spin_unlock(&ept_lock);
	if (!mapped || (m.access & need) != need)
		return false;
	*hpa = m.phys;
	return true;
}
