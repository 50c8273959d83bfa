#include "lib/boot_memory.h"

void boot_memory_ranges(const struct mb2_info *info, uint64_t kernel_start, uint64_t kernel_end,
			uint64_t info_phys, struct boot_ranges *out)
{
	size_t nu = 0, nr = 0;

	for (uint32_t i = 0; i < info->mmap_count && i < CONFIG_MAX_MMAP; i++) {
		const struct mb2_mmap_entry *e = &info->mmap[i];
		struct phys_range r = { e->base, e->base + e->length };
		if (e->type == MB2_MMAP_AVAILABLE)
			out->usable[nu++] = r;
		else
			out->reserved[nr++] = r;
	}
	out->reserved[nr++] = (struct phys_range){ 0, PAGE_SIZE };
	out->reserved[nr++] = (struct phys_range){ kernel_start, kernel_end };
	out->reserved[nr++] = (struct phys_range){ info_phys, info_phys + info->total_size };
	for (uint32_t i = 0; i < info->module_count && i < MB2_MAX_MODULES; i++)
		out->reserved[nr++] =
			(struct phys_range){ info->modules[i].start, info->modules[i].end };
	out->n_usable = nu;
	out->n_reserved = nr;
}
