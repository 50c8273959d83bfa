/*
 * Multiboot (version 1) boot information (Multiboot 0.6.96, section 3.3),
 * laid out as GRUB does: the fixed structure first, then the memory map,
 * the module list and the strings they point to.
 */
#include "lib/multiboot_info.h"

#include "include/multiboot1.h"
#include "lib/byte_writer.h"
#include "lib/le_bytes.h"
#include "lib/multiboot_mmap.h"

#define INFO_ALIGN 8
#define FOUR_GIB   (1ull << 32)

static void put_memory(const struct mb_info_desc *d, uint8_t *info)
{
	put_le32(info + MB1_INFO_MEM_LOWER, mb_mem_lower_kib(d->mmap, d->mmap_count));
	put_le32(info + MB1_INFO_MEM_UPPER, mb_mem_upper_kib(d->mmap, d->mmap_count));
}

/* Each entry is preceded by its size, which does not count itself. */
static void put_mmap(const struct mb_info_desc *d, struct byte_writer *w, uint8_t *info)
{
	size_t bytes = (size_t)d->mmap_count * MB1_MMAP_ENTRY_SIZE;
	uint8_t *p = bw_take(w, bytes, 4);
	uint32_t i;

	if (!p)
		return;
	for (i = 0; i < d->mmap_count; i++, p += MB1_MMAP_ENTRY_SIZE) {
		put_le32(p, MB1_MMAP_SIZE_FIELD);
		put_le64(p + 4, d->mmap[i].base);
		put_le64(p + 12, d->mmap[i].length);
		put_le32(p + 20, d->mmap[i].type);
	}
	put_le32(info + MB1_INFO_MMAP_LENGTH, (uint32_t)bytes);
	put_le32(info + MB1_INFO_MMAP_ADDR, (uint32_t)bw_phys(w, p - bytes));
}

static void put_modules(const struct mb_info_desc *d, struct byte_writer *w, uint8_t *info)
{
	uint8_t *list = bw_take(w, (size_t)d->module_count * MB1_MODULE_SIZE, 4);
	uint8_t *m;
	uint32_t i;

	if (!list)
		return;
	put_le32(info + MB1_INFO_MODS_COUNT, d->module_count);
	put_le32(info + MB1_INFO_MODS_ADDR, (uint32_t)bw_phys(w, list));
	for (i = 0; i < d->module_count; i++) {
		m = list + (size_t)i * MB1_MODULE_SIZE;
		put_le32(m, d->modules[i].start);
		put_le32(m + 4, d->modules[i].end);
		put_le32(m + 8, bw_string(w, d->modules[i].string ? d->modules[i].string : ""));
	}
}

/* Colour layout at color_info for RGB; indexed gets no palette (0 colours). */
static void put_framebuffer(const struct mb2_framebuffer *fb, uint8_t *info)
{
	uint8_t *c = info + MB1_INFO_FB_COLOR_INFO;

	put_le64(info + MB1_INFO_FB_ADDR, fb->addr);
	put_le32(info + MB1_INFO_FB_PITCH, fb->pitch);
	put_le32(info + MB1_INFO_FB_WIDTH, fb->width);
	put_le32(info + MB1_INFO_FB_HEIGHT, fb->height);
	info[MB1_INFO_FB_BPP] = fb->bpp;
	info[MB1_INFO_FB_TYPE] = fb->type;
	if (fb->type != MB2_FB_TYPE_RGB)
		return;
	c[0] = fb->red_position;
	c[1] = fb->red_mask_size;
	c[2] = fb->green_position;
	c[3] = fb->green_mask_size;
	c[4] = fb->blue_position;
	c[5] = fb->blue_mask_size;
}

static uint32_t put_strings(const struct mb_info_desc *d, struct byte_writer *w, uint8_t *info)
{
	uint32_t flags = 0;

	if (d->cmdline) {
		put_le32(info + MB1_INFO_CMDLINE_ADDR, bw_string(w, d->cmdline));
		flags |= MB1_INFO_CMDLINE;
	}
	if (d->loader_name) {
		put_le32(info + MB1_INFO_LOADER_NAME_ADDR, bw_string(w, d->loader_name));
		flags |= MB1_INFO_LOADER_NAME;
	}
	return flags;
}

bool mb1_build_info(const struct mb_info_desc *d, void *buf, size_t buf_len, uint32_t buf_phys,
		    uint32_t *size, const char **reason)
{
	struct byte_writer w = { buf, buf_len, 0, buf_phys, false };
	uint8_t *info = bw_take(&w, MB1_INFO_SIZE, INFO_ALIGN);
	uint32_t flags = MB1_INFO_MEMORY | MB1_INFO_MODS | MB1_INFO_MEM_MAP;

	*size = 0;
	if (buf_phys % INFO_ALIGN) {
		*reason = "misaligned";
		return false;
	}
	if (!info) {
		*reason = "buffer-too-small";
		return false;
	}
	put_memory(d, info);
	put_mmap(d, &w, info);
	put_modules(d, &w, info);
	flags |= put_strings(d, &w, info);
	if (d->fb) {
		put_framebuffer(d->fb, info);
		flags |= MB1_INFO_FRAMEBUFFER;
	}
	put_le32(info + MB1_INFO_FLAGS, flags);
	if (w.full) {
		*reason = "buffer-too-small";
		return false;
	}
	if ((uint64_t)buf_phys + w.len > FOUR_GIB) {
		*reason = "above-4g";
		return false;
	}
	*size = (uint32_t)w.len;
	return true;
}
