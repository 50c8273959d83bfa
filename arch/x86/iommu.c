/*
 * The VT-d units' programming (arch/x86/iommu.h), in the order of the VT-d
 * specification Rev. 4.1 (D51397-016): root table pointer set (11.4.4,
 * SRTP then RTPS), write buffer flushed where CAP.RWBF says it must be
 * (6.8), the context cache and then the IOTLB invalidated globally (6.5,
 * register-based: 11.4.7.1, 11.4.8.1), then translation enabled (TE then
 * TES).  Each step is polled in GSTS or in its own register with a timeout
 * measured with the TSC.  Caching mode (CAP.CM) is respected by
 * invalidating after every change, also for entries made present, and by
 * never using domain id 0.
 */
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/iommu.h"
#include "arch/x86/memory.h"
#include "arch/x86/spinlock.h"
#include "arch/x86/tsc.h"
#include "include/x86/vtd.h"

#define MIB		  (1ull << 20)
#define POLL_TIMEOUT_US	  100000 /* the spec gives none; real units take microseconds */
#define DOMAIN_ID	  1	 /* 0 is reserved in caching mode (CAP.CM) */
#define SPLITS_PER_CPU	  16	 /* room for the hides of each core's hypervisor memory */
#define SPLITS_FIXED	  64	 /* and for the Linux stage's, and the tests' */
#define MAX_DOMAIN_RANGES (CONFIG_MAX_MMAP + DMAR_MAX_RMRRS)

struct unit {
	volatile uint8_t *regs;
	uint64_t reg_base;
	uint32_t version;
	struct vtd_cap cap;
	struct vtd_ecap ecap;
	bool enabled;
};

struct pool {
	uint64_t base, pages, used;
};

/* Until the stage runs: a boot that ends before it has not protected anything. */
enum iommu_state iommu_state = IOMMU_OFF;
static const char *failure = "the boot ended before DMA remapping was set up";
static struct unit units[DMAR_MAX_UNITS];
static uint32_t unit_count;
static struct pool pool;
static struct vtd_domain domain;
static uint64_t root_table;
static bool flush_caches; /* a unit's walks do not snoop: flush the tables from the caches */
static struct spinlock iommu_lock;
static struct phys_range domain_ranges[MAX_DOMAIN_RANGES];

static uint32_t rd32(const struct unit *u, uint32_t off)
{
	return *(volatile uint32_t *)(u->regs + off);
}

static uint64_t rd64(const struct unit *u, uint32_t off)
{
	return *(volatile uint64_t *)(u->regs + off);
}

static void wr32(const struct unit *u, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(u->regs + off) = v;
}

static void wr64(const struct unit *u, uint32_t off, uint64_t v)
{
	*(volatile uint64_t *)(u->regs + off) = v;
}

static uint64_t pool_alloc(void *ctx)
{
	struct pool *p = ctx;

	if (p->used == p->pages)
		return 0;
	return p->base + p->used++ * PAGE_SIZE;
}

static void *pool_virt(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (void *)(uintptr_t)phys; /* identity mapped */
}

static const struct vtd_ops pool_ops = { pool_alloc, pool_virt, &pool };

/* Wait until (register & mask) == want; false after POLL_TIMEOUT_US. */
static bool poll32(const struct unit *u, uint32_t off, uint32_t mask, uint32_t want)
{
	uint64_t start = rdtsc();

	while ((rd32(u, off) & mask) != want)
		if (tsc_us_since(start) > POLL_TIMEOUT_US)
			return false;
	return true;
}

static bool poll64_clear(const struct unit *u, uint32_t off, uint64_t bit)
{
	uint64_t start = rdtsc();

	while (rd64(u, off) & bit)
		if (tsc_us_since(start) > POLL_TIMEOUT_US)
			return false;
	return true;
}

/*
 * GCMD is write-only: the settings kept (TE, QIE, IRE, CFI) are read from
 * GSTS and written back with one command changed (11.4.4).
 */
static void gcmd(const struct unit *u, uint32_t command, bool set)
{
	uint32_t v = rd32(u, VTD_REG_GSTS) & ~VTD_GCMD_ONE_SHOT;

	wr32(u, VTD_REG_GCMD, set ? v | command : v & ~command);
}

static bool flush_write_buffer(const struct unit *u)
{
	if (!u->cap.rwbf)
		return true;
	gcmd(u, VTD_GCMD_WBF, true);
	return poll32(u, VTD_REG_GSTS, VTD_GCMD_WBF, 0);
}

static bool invalidate_context_cache(const struct unit *u)
{
	wr64(u, VTD_REG_CCMD, VTD_CCMD_ICC | VTD_CCMD_GLOBAL);
	return poll64_clear(u, VTD_REG_CCMD, VTD_CCMD_ICC);
}

static bool invalidate_iotlb(const struct unit *u)
{
	uint32_t reg = u->ecap.iro + VTD_IOTLB_REG_OFFSET;
	uint64_t cmd = VTD_IOTLB_IVT | VTD_IOTLB_GLOBAL;

	/* Draining, where offered, finishes the requests already using old translations. */
	if (u->cap.drain_read)
		cmd |= VTD_IOTLB_DR;
	if (u->cap.drain_write)
		cmd |= VTD_IOTLB_DW;
	wr64(u, reg, cmd);
	return poll64_clear(u, reg, VTD_IOTLB_IVT);
}

/* Table writes reach memory before a unit that does not snoop walks them. */
static void tables_written(void)
{
	if (flush_caches)
		__asm__ volatile("wbinvd" ::: "memory");
	else
		__asm__ volatile("sfence" ::: "memory");
}

/* Firmware may have left queued invalidation on, which forbids the registers used here. */
static bool stop_queued_invalidation(const struct unit *u)
{
	if (!(rd32(u, VTD_REG_GSTS) & VTD_GCMD_QIE))
		return true;
	gcmd(u, VTD_GCMD_QIE, false);
	return poll32(u, VTD_REG_GSTS, VTD_GCMD_QIE, 0);
}

static const char *enable_unit(struct unit *u)
{
	if (!stop_queued_invalidation(u))
		return "queued invalidation could not be turned off";
	wr32(u, VTD_REG_FECTL, VTD_FECTL_IM); /* faults are polled */
	wr64(u, VTD_REG_RTADDR, root_table | VTD_RTADDR_TTM_LEGACY);
	gcmd(u, VTD_GCMD_SRTP, true);
	if (!poll32(u, VTD_REG_GSTS, VTD_GCMD_SRTP, VTD_GCMD_SRTP))
		return "the root table pointer was not taken (GSTS.RTPS)";
	if (!flush_write_buffer(u))
		return "the write buffer flush did not finish (GSTS.WBFS)";
	if (!invalidate_context_cache(u))
		return "the context-cache invalidation did not finish (CCMD.ICC)";
	if (!invalidate_iotlb(u))
		return "the IOTLB invalidation did not finish (IOTLB_REG.IVT)";
	gcmd(u, VTD_GCMD_TE, true);
	if (!poll32(u, VTD_REG_GSTS, VTD_GCMD_TE, VTD_GCMD_TE))
		return "translation did not turn on (GSTS.TES)";
	u->enabled = true;
	return NULL;
}

static void print_unit(uint32_t i, const struct unit *u, const struct dmar_unit *d)
{
	const char *pages = u->cap.pages_1g   ? (u->cap.pages_2m ? "2m,1g" : "1g")
			    : u->cap.pages_2m ? "2m"
					      : "none";

	kprintf("iommu: unit %u at 0x%lx version %u.%u segment %u %s scopes=%u mgaw=%u sagaw=0x%x "
		"superpages=%s caching-mode=%s coherent=%s fault-records=%u\n",
		i, (unsigned long)u->reg_base, VTD_VER_MAJOR(u->version), VTD_VER_MINOR(u->version),
		d->segment, d->flags & DRHD_FLAG_INCLUDE_PCI_ALL ? "include-pci-all" : "scoped",
		d->scopes.count, u->cap.mgaw, u->cap.sagaw, pages,
		u->cap.caching_mode ? "yes" : "no", u->ecap.coherent ? "yes" : "no", u->cap.nfr);
}

static bool read_unit(uint32_t i, const struct dmar_unit *d)
{
	struct unit *u = &units[i];

	if (!memory_map_mmio(d->reg_base, VTD_REG_SIZE))
		return false;
	u->reg_base = d->reg_base;
	u->regs = (volatile uint8_t *)(uintptr_t)d->reg_base;
	u->version = rd32(u, VTD_REG_VER);
	vtd_cap_decode(rd64(u, VTD_REG_CAP), &u->cap);
	vtd_ecap_decode(rd64(u, VTD_REG_ECAP), &u->ecap);
	print_unit(i, u, d);
	return true;
}

/* What every unit can walk: one table format serves them all. */
static struct vtd_cap common_cap(void)
{
	struct vtd_cap c = units[0].cap;

	for (uint32_t i = 1; i < unit_count; i++) {
		c.sagaw &= units[i].cap.sagaw;
		c.mgaw = units[i].cap.mgaw < c.mgaw ? units[i].cap.mgaw : c.mgaw;
		c.pages_2m &= units[i].cap.pages_2m;
		c.pages_1g &= units[i].cap.pages_1g;
	}
	return c;
}

/* The available RAM and the RMRRs: what the domain maps. */
static unsigned int collect_ranges(const struct dmar_info *dmar, const struct mb2_mmap_entry *mmap,
				   uint32_t mmap_count)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i < mmap_count && n < MAX_DOMAIN_RANGES; i++)
		if (mmap[i].type == MB2_MMAP_AVAILABLE && mmap[i].length)
			domain_ranges[n++] =
				(struct phys_range){ mmap[i].base, mmap[i].base + mmap[i].length };
	for (uint32_t i = 0; i < dmar->rmrr_count && n < MAX_DOMAIN_RANGES; i++)
		domain_ranges[n++] =
			(struct phys_range){ dmar->rmrrs[i].base, dmar->rmrrs[i].limit + 1 };
	return n;
}

/* Map each range, clipped to the domain's width (with a line for what is left out). */
static bool map_ranges(unsigned int count)
{
	uint64_t limit = 1ull << domain.width;

	for (unsigned int i = 0; i < count; i++) {
		uint64_t base = domain_ranges[i].base, end = domain_ranges[i].end;
		if (end > limit) {
			kprintf("iommu: 0x%lx-0x%lx is beyond the %u-bit domain: no device reaches "
				"it\n",
				(unsigned long)(base > limit ? base : limit), (unsigned long)end,
				domain.width);
			end = limit;
		}
		if (base < end && !vtd_map(&domain, base, end - base))
			return false;
	}
	return true;
}

static const char *build_domain(const struct dmar_info *dmar, const struct mb2_mmap_entry *mmap,
				uint32_t mmap_count, uint32_t cpus)
{
	struct vtd_cap cap = common_cap();
	unsigned int count = collect_ranges(dmar, mmap, mmap_count);
	void *base;

	pool.pages =
		vtd_pages_needed(domain_ranges, count, SPLITS_FIXED + SPLITS_PER_CPU * cpus, 4);
	base = page_alloc_unzeroed(pool.pages * PAGE_SIZE, ANYWHERE);
	if (!base)
		return "no memory for the remapping tables";
	pool.base = (uint64_t)(uintptr_t)base;
	if (!vtd_domain_init(&domain, &pool_ops, &cap))
		return "the units share no 3- or 4-level table format (CAP.SAGAW)";
	if (!map_ranges(count))
		return "the remapping tables' pool ran out";
	root_table = vtd_context_build(&pool_ops, &domain, DOMAIN_ID);
	if (!root_table)
		return "the remapping tables' pool ran out";
	/* The tables themselves are the hypervisor's: no device may rewrite them. */
	if (!vtd_unmap(&domain, pool.base, pool.pages * PAGE_SIZE))
		return "the remapping tables' pool ran out";
	return NULL;
}

static void fail(const char *why)
{
	iommu_state = IOMMU_OFF;
	failure = why;
	kalways("iommu: %s; DMA remapping is off\n", why);
}

static void print_domain(uint64_t us)
{
	kprintf("iommu: on: %u units, domain %u: %u-level %u-bit identity map of RAM and RMRRs, "
		"%lu tables, %lu 1 GiB, %lu 2 MiB and %lu 4 KiB pages; pool %lu pages at 0x%lx "
		"hidden; set-up %lu us\n",
		unit_count, DOMAIN_ID, domain.levels, domain.width, (unsigned long)domain.tables,
		(unsigned long)domain.leaves[VTD_LEVEL_1G],
		(unsigned long)domain.leaves[VTD_LEVEL_2M],
		(unsigned long)domain.leaves[VTD_LEVEL_4K], (unsigned long)pool.pages,
		(unsigned long)pool.base, (unsigned long)us);
}

void iommu_setup(const struct dmar_info *dmar, const struct mb2_mmap_entry *mmap,
		 uint32_t mmap_count, uint32_t cpus)
{
	uint64_t start = rdtsc();
	const char *why;

	if (!dmar) {
		iommu_state = IOMMU_ABSENT;
		kprintf("iommu: no ACPI DMAR table: no DMA remapping unit\n");
		return;
	}
	for (unit_count = 0; unit_count < dmar->unit_count; unit_count++)
		if (!read_unit(unit_count, &dmar->units[unit_count]))
			return fail("a unit's registers could not be mapped");
	for (uint32_t i = 0; i < unit_count; i++)
		flush_caches |= !units[i].ecap.coherent;
	why = build_domain(dmar, mmap, mmap_count, cpus);
	if (why)
		return fail(why);
	tables_written();
	for (uint32_t i = 0; i < unit_count; i++) {
		why = enable_unit(&units[i]);
		if (why)
			return fail(why);
	}
	iommu_state = IOMMU_ON;
	print_domain(tsc_us_since(start));
}

void iommu_disable_by_option(void)
{
	iommu_state = IOMMU_OFF;
	failure = "iommu=off is on the command line";
	kprintf("iommu: off (iommu=off): DMA remapping is not set up\n");
}

void iommu_refuse_table(const char *why)
{
	iommu_state = IOMMU_OFF;
	failure = "the firmware's DMAR table is malformed";
	kalways("iommu: the ACPI DMAR table is refused: %s\n", why);
}

static bool invalidate_enabled_units(void)
{
	bool ok = true;

	tables_written();
	for (uint32_t i = 0; i < unit_count; i++)
		if (units[i].enabled)
			ok &= flush_write_buffer(&units[i]) && invalidate_iotlb(&units[i]);
	return ok;
}

bool iommu_hide(uint64_t base, uint64_t size)
{
	bool ok;

	if (!domain.root || size == 0)
		return true;
	spin_lock(&iommu_lock);
	ok = vtd_unmap(&domain, base, size) && invalidate_enabled_units();
	spin_unlock(&iommu_lock);
	if (!ok)
		kalways("iommu: could not hide 0x%lx-0x%lx from the devices\n", (unsigned long)base,
			(unsigned long)(base + size));
	return ok;
}

bool iommu_hide_ranges(const struct phys_range *ranges, unsigned int count)
{
	bool ok = true;

	for (unsigned int i = 0; i < count; i++)
		ok &= iommu_hide(ranges[i].base, ranges[i].end - ranges[i].base);
	return ok;
}

static void log_fault(const struct vtd_fault *f)
{
	char bdf[8];

	vtd_format_bdf(f->source_id, bdf, sizeof(bdf));
	kprintf("iommu: blocked dma from %s to 0x%lx (%s, %s)\n", bdf, (unsigned long)f->addr,
		f->read ? "read" : "write", vtd_fault_reason_name(f->reason));
}

/* One unit's records: each decoded, logged and cleared (F is write-1-to-clear). */
static unsigned int poll_unit(const struct unit *u, struct vtd_fault *out, unsigned int max)
{
	unsigned int found = 0;

	for (unsigned int i = 0; i < u->cap.nfr; i++) {
		uint32_t rec = u->cap.fro + i * VTD_FRCD_SIZE;
		struct vtd_fault f;

		if (!vtd_fault_decode(rd64(u, rec), rd64(u, rec + 8), &f))
			continue;
		log_fault(&f);
		wr32(u, rec + VTD_FRCD_HIGH_DWORD_AT, VTD_FRCD_HIGH_DWORD_F);
		if (found < max)
			out[found] = f;
		found++;
	}
	if (rd32(u, VTD_REG_FSTS) & VTD_FSTS_PFO)
		kprintf("iommu: unit at 0x%lx: fault records overflowed; some faults were not "
			"recorded\n",
			(unsigned long)u->reg_base);
	wr32(u, VTD_REG_FSTS, VTD_FSTS_PFO);
	return found;
}

unsigned int iommu_poll_faults(struct vtd_fault *out, unsigned int max)
{
	unsigned int found = 0;

	for (uint32_t i = 0; i < unit_count; i++)
		if (units[i].regs)
			found += poll_unit(&units[i], out + (found < max ? found : max),
					   found < max ? max - found : 0);
	return found;
}

uint64_t iommu_table_page(void)
{
	return domain.root;
}

const char *iommu_state_word(void)
{
	switch (iommu_state) {
	case IOMMU_ON: return "on";
	case IOMMU_OFF: return "off";
	default: return "absent";
	}
}

void iommu_report_problem(void)
{
	if (iommu_state == IOMMU_ABSENT)
		kprintf("problem iommu-absent: the firmware lists no DMA remapping unit (no ACPI "
			"DMAR table), so the guest's devices can reach the hypervisor's memory; "
			"enable VT-d (Intel Virtualization Technology for Directed I/O) in the "
			"firmware's setup if the machine has it\n");
	else if (iommu_state == IOMMU_OFF)
		kprintf("problem iommu-off: %s, so the guest's devices can reach the "
			"hypervisor's memory; the lines starting with iommu: above say what was "
			"found\n",
			failure ? failure : "DMA remapping is off");
}
