/*
 * MTRR resolver.  Types are handled as sets (bit t set for type t) while
 * variable ranges are combined, so the overlap rules are one function.
 */
#include "lib/vmx/mtrr.h"

#define PAGE_SHIFT	    12
#define PAGE_BYTES	    (1ull << PAGE_SHIFT)
#define DEFAULT_PHYS_BITS   36
#define MAX_PHYS_BITS	    52
#define TYPE_BIT(type)	    (1u << (type))
#define FIX64K_END	    0x80000ull
#define FIX16K_END	    0xc0000ull
#define FIX16K_FIRST_MSR    1 /* fixed[1], fixed[2]: 16 KiB slots */
#define FIX4K_FIRST_MSR	    3 /* fixed[3..10]: 4 KiB slots */
#define FIXED_SLOTS_PER_MSR 8
#define FIX64K_SHIFT	    16
#define FIX16K_SHIFT	    14
#define FIX4K_SHIFT	    12

static const uint32_t fixed_msrs[MTRR_FIXED_MSRS] = {
	MSR_IA32_MTRR_FIX64K_00000, MSR_IA32_MTRR_FIX16K_80000, MSR_IA32_MTRR_FIX16K_A0000,
	MSR_IA32_MTRR_FIX4K_C0000,  MSR_IA32_MTRR_FIX4K_C8000,	MSR_IA32_MTRR_FIX4K_D0000,
	MSR_IA32_MTRR_FIX4K_D8000,  MSR_IA32_MTRR_FIX4K_E0000,	MSR_IA32_MTRR_FIX4K_E8000,
	MSR_IA32_MTRR_FIX4K_F0000,  MSR_IA32_MTRR_FIX4K_F8000,
};

uint32_t mtrr_fixed_msr(unsigned int i)
{
	return i < MTRR_FIXED_MSRS ? fixed_msrs[i] : 0;
}

unsigned int mtrr_var_count(const struct mtrr_state *s)
{
	unsigned int vcnt = s->cap & MTRRCAP_VCNT_MASK;

	return vcnt < MTRR_VAR_MAX ? vcnt : MTRR_VAR_MAX;
}

static bool representable(const struct mtrr_state *s)
{
	return (s->cap & MTRRCAP_VCNT_MASK) <= MTRR_VAR_MAX;
}

static uint8_t valid_type(uint64_t type)
{
	switch (type) {
	case MEMTYPE_UC:
	case MEMTYPE_WC:
	case MEMTYPE_WT:
	case MEMTYPE_WP:
	case MEMTYPE_WB: return type;
	default: return MEMTYPE_UC;
	}
}

static bool enabled(const struct mtrr_state *s)
{
	return (s->def_type & MTRR_DEF_TYPE_E) && representable(s);
}

static bool fixed_enabled(const struct mtrr_state *s)
{
	return (s->def_type & MTRR_DEF_TYPE_FE) && (s->cap & MTRRCAP_FIX);
}

unsigned int mtrr_phys_addr_bits(const struct mtrr_state *s)
{
	if (s->phys_addr_bits == 0)
		return DEFAULT_PHYS_BITS;
	return s->phys_addr_bits < MAX_PHYS_BITS ? s->phys_addr_bits : MAX_PHYS_BITS;
}

/* The PhysBase/PhysMask address bits: MAXPHYADDR-1:12. */
static uint64_t phys_field(const struct mtrr_state *s)
{
	return ((1ull << mtrr_phys_addr_bits(s)) - 1) & ~(PAGE_BYTES - 1);
}

/*
 * The fixed-range slot holding phys (below 1 MiB): its MSR (index into
 * fixed[]), its byte in that MSR, and where the slot ends.
 */
static void fixed_slot(uint64_t phys, unsigned int *msr, unsigned int *byte, uint64_t *end)
{
	uint64_t first, shift;
	unsigned int slot;

	if (phys < FIX64K_END) {
		first = 0, shift = FIX64K_SHIFT, *msr = 0;
	} else if (phys < FIX16K_END) {
		first = FIX64K_END, shift = FIX16K_SHIFT, *msr = FIX16K_FIRST_MSR;
	} else {
		first = FIX16K_END, shift = FIX4K_SHIFT, *msr = FIX4K_FIRST_MSR;
	}
	slot = (phys - first) >> shift;
	*msr += slot / FIXED_SLOTS_PER_MSR;
	*byte = slot % FIXED_SLOTS_PER_MSR;
	*end = first + ((uint64_t)(slot + 1) << shift);
}

static uint8_t fixed_type(const struct mtrr_state *s, unsigned int msr, unsigned int byte)
{
	return valid_type((s->fixed[msr] >> (8 * byte)) & 0xff);
}

/* The type of memory matched by the variable ranges in `types`. */
static uint8_t combine(const struct mtrr_state *s, unsigned int types)
{
	unsigned int t;

	if (types == 0)
		return valid_type(s->def_type & MTRR_DEF_TYPE_MASK);
	if (types & TYPE_BIT(MEMTYPE_UC))
		return MEMTYPE_UC;
	if (types == (TYPE_BIT(MEMTYPE_WT) | TYPE_BIT(MEMTYPE_WB)))
		return MEMTYPE_WT;
	for (t = 0; t < 8; t++)
		if (types == TYPE_BIT(t))
			return t;
	return MEMTYPE_UC; /* an overlap the SDM leaves undefined */
}

static bool var_valid(const struct mtrr_var_range *v)
{
	return v->mask & MTRR_PHYSMASK_VALID;
}

static unsigned int var_type_bit(const struct mtrr_var_range *v)
{
	return TYPE_BIT(valid_type(v->base & MTRR_PHYSBASE_TYPE_MASK));
}

uint8_t mtrr_type_at(const struct mtrr_state *s, uint64_t phys)
{
	uint64_t field = phys_field(s), mask, end;
	unsigned int i, types = 0, msr, byte;

	if (!enabled(s))
		return MEMTYPE_UC;
	if (phys < MTRR_FIXED_END && fixed_enabled(s)) {
		fixed_slot(phys, &msr, &byte, &end);
		return fixed_type(s, msr, byte);
	}
	for (i = 0; i < mtrr_var_count(s); i++) {
		if (!var_valid(&s->var[i]))
			continue;
		mask = s->var[i].mask & field;
		if ((phys & mask) == (s->var[i].base & mask))
			types |= var_type_bit(&s->var[i]);
	}
	return combine(s, types);
}

/* The fixed slots over [start, end) (below 1 MiB) all of one type? */
static bool fixed_uniform(const struct mtrr_state *s, uint64_t start, uint64_t end, uint8_t *type)
{
	unsigned int msr, byte;
	uint64_t slot_end;
	uint8_t first = 0;
	bool seen = false;

	while (start < end) {
		fixed_slot(start, &msr, &byte, &slot_end);
		if (seen && fixed_type(s, msr, byte) != first)
			return false;
		first = fixed_type(s, msr, byte);
		seen = true;
		start = slot_end;
	}
	*type = first;
	return true;
}

/*
 * One type over every address some variable ranges might match?  `all`
 * holds the types of ranges that match the whole block, `some` those that
 * match part of it; any subset of `some` may apply at a given address.
 */
static bool subsets_agree(const struct mtrr_state *s, unsigned int all, unsigned int some,
			  uint8_t *type)
{
	uint8_t first = combine(s, all);
	unsigned int subset = some;

	/* Every subset of `some`, from `some` itself down to the empty one. */
	for (;;) {
		if (combine(s, all | subset) != first)
			return false;
		if (subset == 0)
			break;
		subset = (subset - 1) & some;
	}
	*type = first;
	return true;
}

/* The naturally aligned block [start, start + 2^order), order >= 12. */
static bool block_uniform(const struct mtrr_state *s, uint64_t start, unsigned int order,
			  uint8_t *type)
{
	uint64_t size = 1ull << order, field = phys_field(s), mask, high;
	unsigned int i, all = 0, some = 0;
	uint8_t low_type, high_type;

	if (!enabled(s)) {
		*type = MEMTYPE_UC;
		return true;
	}
	if (start < MTRR_FIXED_END && fixed_enabled(s)) {
		if (size <= MTRR_FIXED_END)
			return fixed_uniform(s, start, start + size, type);
		goto split; /* start is 0: the fixed MiB and variable memory */
	}
	for (i = 0; i < mtrr_var_count(s); i++) {
		if (!var_valid(&s->var[i]))
			continue;
		mask = s->var[i].mask & field;
		high = mask & ~(size - 1);
		if ((start & high) != (s->var[i].base & high))
			continue; /* matches nothing in the block */
		if (mask & (size - 1))
			some |= var_type_bit(&s->var[i]);
		else
			all |= var_type_bit(&s->var[i]);
	}
	if (subsets_agree(s, all, some, type))
		return true;
split:
	/* A 4 KiB block never gets here: masks have no bits below 12. */
	if (!block_uniform(s, start, order - 1, &low_type) ||
	    !block_uniform(s, start + size / 2, order - 1, &high_type) || low_type != high_type)
		return false;
	*type = low_type;
	return true;
}

static unsigned int lowest_set_bit(uint64_t v)
{
	return v ? (unsigned int)__builtin_ctzll(v) : 64;
}

static unsigned int highest_set_bit(uint64_t v)
{
	return 63 - (unsigned int)__builtin_clzll(v);
}

bool mtrr_range_uniform(const struct mtrr_state *s, uint64_t base, uint64_t size, uint8_t *type)
{
	uint64_t start = base & ~(PAGE_BYTES - 1), last = base + size - 1, left;
	unsigned int order, align;
	uint8_t block_type, first = 0;
	bool seen = false;

	if (size == 0 || last < base)
		return false;
	last |= PAGE_BYTES - 1;
	/* Naturally aligned blocks, largest first, from start to last. */
	for (;;) {
		left = last - start; /* bytes left, minus one */
		order = left == UINT64_MAX ? 63 : highest_set_bit(left + 1);
		align = lowest_set_bit(start);
		if (align < order)
			order = align;
		if (!block_uniform(s, start, order, &block_type))
			return false;
		if (seen && block_type != first)
			return false;
		first = block_type;
		seen = true;
		if (left < (1ull << order))
			break;
		start += 1ull << order;
	}
	if (type)
		*type = first;
	return true;
}

const char *mtrr_type_name(uint8_t type)
{
	switch (type) {
	case MEMTYPE_UC: return "UC";
	case MEMTYPE_WC: return "WC";
	case MEMTYPE_WT: return "WT";
	case MEMTYPE_WP: return "WP";
	case MEMTYPE_WB: return "WB";
	default: return "reserved";
	}
}
