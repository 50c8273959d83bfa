/*
 * VT-d translation structures and register decoders (lib/vtd_tables.h).
 * Second-level entries have no present bit: an entry with neither read nor
 * write permission is not present (VT-d Rev. 4.1 section 9.8).
 */
#include <string.h>

#include "include/x86/vtd.h"
#include "lib/vtd_tables.h"

#define PAGE_SIZE_4K   4096ull
#define LEVEL_BITS     9
#define INDEX_MASK     (VTD_SL_ENTRIES - 1)
#define WIDTH_3_LEVELS 39
#define WIDTH_4_LEVELS 48
#define RW	       (VTD_SL_READ | VTD_SL_WRITE)

void vtd_cap_decode(uint64_t raw, struct vtd_cap *cap)
{
	cap->domain_bits = 4 + 2 * (unsigned int)(raw & VTD_CAP_ND_MASK);
	cap->rwbf = raw & VTD_CAP_RWBF;
	cap->caching_mode = raw & VTD_CAP_CM;
	cap->sagaw = (uint8_t)((raw >> VTD_CAP_SAGAW_SHIFT) & VTD_CAP_SAGAW_MASK);
	cap->mgaw = (unsigned int)((raw >> VTD_CAP_MGAW_SHIFT) & VTD_CAP_MGAW_MASK) + 1;
	cap->fro = (uint32_t)((raw >> VTD_CAP_FRO_SHIFT) & VTD_CAP_FRO_MASK) * 16;
	cap->nfr = (unsigned int)((raw >> VTD_CAP_NFR_SHIFT) & VTD_CAP_NFR_MASK) + 1;
	cap->pages_2m = raw & VTD_CAP_SLLPS_2M;
	cap->pages_1g = raw & VTD_CAP_SLLPS_1G;
	cap->drain_read = raw & VTD_CAP_DRD;
	cap->drain_write = raw & VTD_CAP_DWD;
}

void vtd_ecap_decode(uint64_t raw, struct vtd_ecap *ecap)
{
	ecap->coherent = raw & VTD_ECAP_C;
	ecap->queued_invalidation = raw & VTD_ECAP_QI;
	ecap->device_tlb = raw & VTD_ECAP_DT;
	ecap->interrupt_remapping = raw & VTD_ECAP_IR;
	ecap->pass_through = raw & VTD_ECAP_PT;
	ecap->snoop_control = raw & VTD_ECAP_SC;
	ecap->iro = (uint32_t)((raw >> VTD_ECAP_IRO_SHIFT) & VTD_ECAP_IRO_MASK) * 16;
}

bool vtd_fault_decode(uint64_t lo, uint64_t hi, struct vtd_fault *f)
{
	if (!(hi & VTD_FRCD_F))
		return false;
	f->source_id = (uint16_t)(hi & VTD_FRCD_SID_MASK);
	f->reason = (uint8_t)((hi >> VTD_FRCD_FR_SHIFT) & VTD_FRCD_FR_MASK);
	f->read = hi & VTD_FRCD_T_READ;
	f->addr = lo & VTD_FRCD_FI_MASK;
	return true;
}

/* Table 7-1's DMA-remapping reasons in legacy mode, 1 to 0DH. */
static const char *const fault_reasons[] = {
	[0x01] = "root-entry-not-present",	[0x02] = "context-entry-not-present",
	[0x03] = "context-entry-invalid",	[0x04] = "address-beyond-guest-width",
	[0x05] = "no-write-permission",		[0x06] = "no-read-permission",
	[0x07] = "paging-entry-unreadable",	[0x08] = "root-table-unreadable",
	[0x09] = "context-table-unreadable",	[0x0a] = "root-entry-reserved-bits",
	[0x0b] = "context-entry-reserved-bits", [0x0c] = "paging-entry-reserved-bits",
	[0x0d] = "translation-type-blocked",
};

const char *vtd_fault_reason_name(uint8_t reason)
{
	if (reason >= sizeof(fault_reasons) / sizeof(fault_reasons[0]) || !fault_reasons[reason])
		return "unknown-reason";
	return fault_reasons[reason];
}

static char hex_digit(unsigned int v)
{
	return "0123456789abcdef"[v & 0xf];
}

void vtd_format_bdf(uint16_t source_id, char *out, unsigned int size)
{
	unsigned int bus = source_id >> 8, dev = (source_id >> 3) & 0x1f, fn = source_id & 7;
	char s[8] = { hex_digit(bus >> 4),
		      hex_digit(bus),
		      ':',
		      hex_digit(dev >> 4),
		      hex_digit(dev),
		      '.',
		      (char)('0' + fn),
		      '\0' };

	if (size == 0)
		return;
	for (unsigned int i = 0; i < size; i++) {
		out[i] = i + 1 == size ? '\0' : s[i];
		if (!s[i])
			break;
	}
}

/* Bytes one entry of a table at `level` maps: 4 KiB at level 1, 2 MiB at 2, ... */
static uint64_t entry_span(unsigned int level)
{
	return PAGE_SIZE_4K << (LEVEL_BITS * (level - 1));
}

static uint64_t *table_at(const struct vtd_domain *d, uint64_t phys)
{
	return d->ops.phys_to_virt(d->ops.ctx, phys);
}

static uint64_t new_table(struct vtd_domain *d)
{
	uint64_t phys = d->ops.alloc_table(d->ops.ctx);

	if (!phys)
		return 0;
	memset(table_at(d, phys), 0, PAGE_SIZE_4K);
	d->tables++;
	return phys;
}

static bool leaf_allowed(const struct vtd_domain *d, unsigned int level)
{
	return level == 1 || (level == 2 && d->pages_2m) || (level == 3 && d->pages_1g);
}

static bool present(uint64_t e)
{
	return e & RW;
}

static bool is_leaf(uint64_t e, unsigned int level)
{
	return level == 1 || (e & VTD_SL_PAGE_SIZE);
}

static uint64_t leaf_entry(uint64_t addr, unsigned int level)
{
	return addr | RW | (level > 1 ? VTD_SL_PAGE_SIZE : 0);
}

/* A large page becomes a table of the next smaller pages, filled before it is linked. */
static bool split(struct vtd_domain *d, uint64_t *e, unsigned int level)
{
	uint64_t phys = new_table(d), base = *e & VTD_SL_ADDR_MASK;
	uint64_t *t;

	if (!phys)
		return false;
	t = table_at(d, phys);
	for (unsigned int i = 0; i < VTD_SL_ENTRIES; i++)
		t[i] = leaf_entry(base + i * entry_span(level - 1), level - 1);
	d->leaves[level - 1]--;
	d->leaves[level - 2] += VTD_SL_ENTRIES;
	__atomic_store_n(e, phys | RW, __ATOMIC_RELEASE);
	return true;
}

static unsigned int index_of(uint64_t addr, unsigned int level)
{
	return (unsigned int)(addr >> (12 + LEVEL_BITS * (level - 1))) & INDEX_MASK;
}

static bool map_level(struct vtd_domain *d, uint64_t table, unsigned int level, uint64_t base,
		      uint64_t end)
{
	uint64_t *t = table_at(d, table);

	for (uint64_t addr = base; addr < end;) {
		uint64_t *e = &t[index_of(addr, level)];
		uint64_t next = (addr & ~(entry_span(level) - 1)) + entry_span(level);
		bool whole = (addr & (entry_span(level) - 1)) == 0 && end >= next;

		if (present(*e) && is_leaf(*e, level)) {
			/* Already an identity read/write page: nothing to add. */
		} else if (whole && leaf_allowed(d, level) && !present(*e)) {
			*e = leaf_entry(addr, level);
			d->leaves[level - 1]++;
		} else {
			if (!present(*e)) {
				uint64_t child = new_table(d);
				if (!child)
					return false;
				*e = child | RW;
			}
			if (!map_level(d, *e & VTD_SL_ADDR_MASK, level - 1, addr,
				       end < next ? end : next))
				return false;
		}
		addr = next;
	}
	return true;
}

static bool unmap_level(struct vtd_domain *d, uint64_t table, unsigned int level, uint64_t base,
			uint64_t end)
{
	uint64_t *t = table_at(d, table);

	for (uint64_t addr = base; addr < end;) {
		uint64_t *e = &t[index_of(addr, level)];
		uint64_t next = (addr & ~(entry_span(level) - 1)) + entry_span(level);
		bool whole = (addr & (entry_span(level) - 1)) == 0 && end >= next;

		if (!present(*e)) {
			/* nothing mapped here */
		} else if (is_leaf(*e, level) && whole) {
			__atomic_store_n(e, 0, __ATOMIC_RELEASE);
			d->leaves[level - 1]--;
		} else {
			if (is_leaf(*e, level) && !split(d, e, level))
				return false;
			if (!unmap_level(d, *e & VTD_SL_ADDR_MASK, level - 1, addr,
					 end < next ? end : next))
				return false;
		}
		addr = next;
	}
	return true;
}

/* [base, base + size) widened to pages, inside [0, 2^width); false if not. */
static bool page_range(const struct vtd_domain *d, uint64_t base, uint64_t size, uint64_t *first,
		       uint64_t *end)
{
	uint64_t limit = 1ull << d->width;

	if (!d->root || size == 0 || base >= limit || size > limit - base)
		return false;
	*first = base & ~(PAGE_SIZE_4K - 1);
	*end = (base + size + PAGE_SIZE_4K - 1) & ~(PAGE_SIZE_4K - 1);
	return true;
}

bool vtd_map(struct vtd_domain *d, uint64_t base, uint64_t size)
{
	uint64_t first, end;

	return page_range(d, base, size, &first, &end) &&
	       map_level(d, d->root, d->levels, first, end);
}

bool vtd_unmap(struct vtd_domain *d, uint64_t base, uint64_t size)
{
	uint64_t first, end;

	return page_range(d, base, size, &first, &end) &&
	       unmap_level(d, d->root, d->levels, first, end);
}

bool vtd_lookup(const struct vtd_domain *d, uint64_t addr, struct vtd_mapping *m)
{
	uint64_t table = d->root;

	if (!table || addr >> d->width)
		return false;
	for (unsigned int level = d->levels; level >= 1; level--) {
		uint64_t e = table_at(d, table)[index_of(addr, level)];

		if (!present(e))
			return false;
		if (is_leaf(e, level)) {
			if (m) {
				m->page_size = entry_span(level);
				m->phys = (e & VTD_SL_ADDR_MASK & ~(m->page_size - 1)) +
					  (addr & (m->page_size - 1));
				m->read = e & VTD_SL_READ;
				m->write = e & VTD_SL_WRITE;
			}
			return true;
		}
		table = e & VTD_SL_ADDR_MASK;
	}
	return false;
}

/* 4 levels where the 48-bit width is offered and MGAW goes beyond 39 bits, else 3. */
static unsigned int choose_levels(const struct vtd_cap *cap)
{
	if ((cap->sagaw & VTD_SAGAW_48) &&
	    (cap->mgaw > WIDTH_3_LEVELS || !(cap->sagaw & VTD_SAGAW_39)))
		return 4;
	if (cap->sagaw & VTD_SAGAW_39)
		return 3;
	return 0;
}

bool vtd_domain_init(struct vtd_domain *d, const struct vtd_ops *ops, const struct vtd_cap *cap)
{
	unsigned int walk;

	memset(d, 0, sizeof(*d));
	d->ops = *ops;
	d->levels = choose_levels(cap);
	if (!d->levels)
		return false;
	walk = d->levels == 4 ? WIDTH_4_LEVELS : WIDTH_3_LEVELS;
	d->width = cap->mgaw < walk ? cap->mgaw : walk;
	d->pages_2m = cap->pages_2m;
	d->pages_1g = cap->pages_1g;
	d->root = new_table(d);
	return d->root != 0;
}

uint64_t vtd_context_build(const struct vtd_ops *ops, const struct vtd_domain *d,
			   uint16_t domain_id)
{
	uint64_t root = ops->alloc_table(ops->ctx), context = ops->alloc_table(ops->ctx);
	uint64_t aw = d->levels == 4 ? VTD_CTX_AW_48 : VTD_CTX_AW_39;
	uint64_t *r, *c;

	if (!root || !context || !d->root)
		return 0;
	r = ops->phys_to_virt(ops->ctx, root);
	c = ops->phys_to_virt(ops->ctx, context);
	for (unsigned int i = 0; i < VTD_CTX_ENTRIES; i++) {
		c[2 * i] = (d->root & VTD_CTX_SLPTPTR_MASK) | VTD_CTX_TT_UNTRANSLATED |
			   VTD_CTX_PRESENT;
		c[2 * i + 1] = aw | (uint64_t)domain_id << VTD_CTX_DID_SHIFT;
	}
	for (unsigned int bus = 0; bus < VTD_ROOT_ENTRIES; bus++) {
		r[2 * bus] = (context & VTD_ROOT_CTP_MASK) | VTD_ROOT_PRESENT;
		r[2 * bus + 1] = 0;
	}
	return root;
}

uint64_t vtd_pages_needed(const struct phys_range *ranges, unsigned int count, unsigned int splits,
			  unsigned int levels)
{
	uint64_t pages = 1 + 2 + (uint64_t)splits * 2 * (levels - 1);

	/* Tables at level L cover entry_span(L + 1); a range may straddle one more at each end. */
	for (unsigned int i = 0; i < count; i++) {
		uint64_t size = ranges[i].end - ranges[i].base;
		for (unsigned int level = 1; level < levels; level++)
			pages += size / entry_span(level + 1) + 2;
	}
	return pages;
}
