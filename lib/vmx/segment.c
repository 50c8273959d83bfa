#include "lib/vmx/segment.h"
#include "include/x86/vmcs.h"

#define SELECTOR_TI	   (1u << 2)
#define DESC_ACCESS(d)	   ((uint32_t)((d) >> 40) & 0xffu) /* type, S, DPL, P */
#define DESC_FLAGS(d)	   ((uint32_t)((d) >> 52) & 0xfu)  /* AVL, L, D/B, G */
#define DESC_LIMIT_LOW(d)  ((uint32_t)(d)&0xffffu)
#define DESC_LIMIT_HIGH(d) ((uint32_t)((d) >> 48) & 0xfu)
#define DESC_BASE_LOW(d)   (((d) >> 16) & 0xffffffull) /* base 23:0 */
#define DESC_BASE_24_31(d) (((d) >> 56) & 0xffull)

static void make_unusable(struct vmx_segment *out, uint16_t selector)
{
	out->selector = selector;
	out->base = 0;
	out->limit = 0;
	out->ar = VMX_AR_UNUSABLE;
}

bool vmx_segment_from_gdt(const uint64_t *gdt, uint16_t gdt_limit, uint16_t selector,
			  struct vmx_segment *out)
{
	uint32_t index = selector >> 3;
	uint64_t desc;
	uint32_t limit;

	if (selector & SELECTOR_TI)
		return false;
	if (index == 0) {
		make_unusable(out, selector);
		return true;
	}
	if ((uint32_t)index * 8 + 7 > gdt_limit)
		return false;
	desc = gdt[index];
	out->selector = selector;
	out->ar = DESC_ACCESS(desc) | DESC_FLAGS(desc) << 12;
	if (!(out->ar & VMX_AR_P)) {
		make_unusable(out, selector);
		return true;
	}
	out->base = DESC_BASE_LOW(desc) | DESC_BASE_24_31(desc) << 24;
	if (!(out->ar & VMX_AR_S)) { /* a 16-byte system descriptor */
		if ((uint32_t)index * 8 + 15 > gdt_limit)
			return false;
		out->base |= (gdt[index + 1] & 0xffffffffull) << 32;
	}
	limit = DESC_LIMIT_LOW(desc) | DESC_LIMIT_HIGH(desc) << 16;
	out->limit = (out->ar & VMX_AR_G) ? (limit << 12) | 0xfffu : limit;
	return true;
}
