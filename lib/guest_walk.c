#include <string.h>

#include "lib/guest_walk.h"
#include "include/x86/cpu_regs.h"

#define PAGE_SHIFT     12
#define ENTRY_P	       (1ull << 0)
#define ENTRY_PS       (1ull << 7) /* a large page (PDE, PDPTE) */
#define ENTRY_NX       (1ull << 63)
#define ADDR_BITS_MASK 0x000ffffffffff000ull /* bits 51:12 of a 64-bit entry */

/* SDM Vol. 3A table 4-8: PAE PDPTE bits 2:1 and 8:5 are reserved. */
#define PAE_PDPTE_RESERVED 0x1e6ull
/* Table 4-6: a 32-bit PDE mapping 4 MiB holds physical bits 39:32 in its bits 20:13; bit 21 is reserved. */
#define PSE_HIGH_SHIFT	   13
#define PSE_HIGH_MASK	   0xffull
#define PSE_RESERVED	   (1ull << 21)

struct walk {
	const struct guest_walk_cpu *cpu;
	guest_phys_read read;
	void *ctx;
	unsigned maxphyaddr;
};

static uint64_t bits_below(unsigned n)
{
	return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static int read_entry(const struct walk *w, uint64_t gpa, size_t size, uint64_t *entry)
{
	uint64_t value = 0;

	if (!w->read(w->ctx, gpa, &value, size))
		return GUEST_WALK_READ_FAILED;
	*entry = value; /* x86 hosts: the guest's little-endian entry as is */
	return 0;
}

static void leaf(uint64_t frame, uint64_t gva, uint64_t page_size, struct guest_walk_result *r)
{
	uint64_t offset = gva & (page_size - 1);

	r->gpa = frame + offset;
	r->page_size = page_size;
	r->page_left = page_size - offset;
}

/* Section 4.3: two levels of 4-byte entries, 4 MiB pages when CR4.PSE and PDE.PS. */
static int walk_32bit(const struct walk *w, uint64_t gva, struct guest_walk_result *r)
{
	uint64_t pde, pte;
	uint64_t pd = w->cpu->cr3 & 0xfffff000ull;
	int rc = read_entry(w, pd + ((gva >> 22) & 0x3ff) * 4, 4, &pde);

	if (rc)
		return rc;
	if (!(pde & ENTRY_P))
		return GUEST_WALK_NOT_PRESENT;
	if ((w->cpu->cr4 & X86_CR4_PSE) && (pde & ENTRY_PS)) {
		uint64_t high = (pde >> PSE_HIGH_SHIFT) & PSE_HIGH_MASK;

		if ((pde & PSE_RESERVED) || (high << 32 & ~bits_below(w->maxphyaddr)))
			return GUEST_WALK_RESERVED;
		leaf((pde & 0xffc00000ull) | high << 32, gva, 1ull << 22, r);
		return 0;
	}
	rc = read_entry(w, (pde & 0xfffff000ull) + ((gva >> PAGE_SHIFT) & 0x3ff) * 4, 4, &pte);
	if (rc)
		return rc;
	if (!(pte & ENTRY_P))
		return GUEST_WALK_NOT_PRESENT;
	leaf(pte & 0xfffff000ull, gva, 1ull << PAGE_SHIFT, r);
	return 0;
}

/* Bits of a present 64-bit entry that must be 0: above MAXPHYADDR, and NX without EFER.NXE. */
static uint64_t reserved_bits(const struct walk *w)
{
	uint64_t reserved = ADDR_BITS_MASK & ~bits_below(w->maxphyaddr);

	if (!(w->cpu->efer & X86_EFER_NXE))
		reserved |= ENTRY_NX;
	return reserved;
}

/*
 * One level of 8-byte entries: the entry for gva at shift in the table at
 * table.  Sets *next (the next table, or the page's frame) and *is_leaf.
 */
static int walk_level(const struct walk *w, uint64_t table, uint64_t gva, unsigned shift,
		      uint64_t *next, bool *is_leaf)
{
	uint64_t entry;
	int rc = read_entry(w, table + ((gva >> shift) & 0x1ff) * 8, 8, &entry);

	if (rc)
		return rc;
	if (!(entry & ENTRY_P))
		return GUEST_WALK_NOT_PRESENT;
	if (entry & reserved_bits(w))
		return GUEST_WALK_RESERVED;
	*is_leaf = shift == PAGE_SHIFT || (entry & ENTRY_PS);
	/* PS is reserved in a PML5E or PML4E (tables 4-14, 4-15). */
	if (*is_leaf && shift > 30)
		return GUEST_WALK_RESERVED;
	uint64_t page_size = 1ull << shift;
	uint64_t frame = entry & ADDR_BITS_MASK;

	/* A large page's frame is aligned; bits 12 (PAT) up to it hold no address (tables 4-17, 4-19). */
	if (*is_leaf && shift > PAGE_SHIFT) {
		frame &= ~(page_size - 1);
		if (entry & ADDR_BITS_MASK & (page_size - 1) & ~(1ull << 12))
			return GUEST_WALK_RESERVED;
	}
	*next = frame;
	return 0;
}

static int walk_levels(const struct walk *w, uint64_t table, uint64_t gva, unsigned top_shift,
		       struct guest_walk_result *r)
{
	for (unsigned shift = top_shift;; shift -= 9) {
		bool is_leaf;
		int rc = walk_level(w, table, gva, shift, &table, &is_leaf);

		if (rc)
			return rc;
		if (is_leaf) {
			leaf(table, gva, 1ull << shift, r);
			return 0;
		}
	}
}

/* Section 4.4.1: the four PDPTEs, indexed by gva bits 31:30, in the 32-byte table at CR3. */
static int walk_pae(const struct walk *w, uint64_t gva, struct guest_walk_result *r)
{
	uint64_t pdpte;
	uint64_t table = w->cpu->cr3 & 0xffffffe0ull;
	int rc = read_entry(w, table + ((gva >> 30) & 3) * 8, 8, &pdpte);

	if (rc)
		return rc;
	if (!(pdpte & ENTRY_P))
		return GUEST_WALK_NOT_PRESENT;
	if (pdpte & (PAE_PDPTE_RESERVED | ENTRY_NX | (ADDR_BITS_MASK & ~bits_below(w->maxphyaddr))))
		return GUEST_WALK_RESERVED;
	return walk_levels(w, pdpte & ADDR_BITS_MASK, gva, 21, r);
}

/* Section 4.5: bits 63:48 (63:57 with LA57) copy bit 47 (56). */
static bool canonical(uint64_t gva, unsigned bits)
{
	uint64_t high = gva >> (bits - 1);

	return high == 0 || high == bits_below(65 - bits);
}

int guest_walk(const struct guest_walk_cpu *cpu, uint64_t gva, guest_phys_read read, void *ctx,
	       struct guest_walk_result *result)
{
	struct walk w = { cpu, read, ctx, cpu->maxphyaddr ? cpu->maxphyaddr : 52 };
	bool la57 = cpu->cr4 & X86_CR4_LA57;

	if (!(cpu->cr0 & X86_CR0_PG)) {
		leaf(gva & ~0xfffull, gva, 1ull << PAGE_SHIFT, result);
		return 0;
	}
	if (cpu->efer & X86_EFER_LMA) {
		if (!canonical(gva, la57 ? 57 : 48))
			return GUEST_WALK_NON_CANONICAL;
		return walk_levels(&w, cpu->cr3 & ADDR_BITS_MASK, gva, la57 ? 48 : 39, result);
	}
	if (gva >> 32)
		return GUEST_WALK_NON_CANONICAL;
	if (cpu->cr4 & X86_CR4_PAE)
		return walk_pae(&w, gva, result);
	return walk_32bit(&w, gva, result);
}
