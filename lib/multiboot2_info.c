/*
 * Multiboot2 boot information (Multiboot2 2.0, section 3.6): the fixed
 * header { total_size, reserved }, then tags { u32 type; u32 size;
 * payload } each starting 8-byte aligned, closed by the end tag.  The
 * layouts are those lib/multiboot2.c parses (framebuffer colour info at
 * 32, as GRUB writes it).
 */
#include "lib/multiboot_info.h"

#include "lib/byte_writer.h"
#include "lib/le_bytes.h"
#include "lib/multiboot_mmap.h"

#define TAG_ALIGN	   8
#define TAG_HEADER	   8
#define MMAP_ENTRY_SIZE	   24
#define MMAP_ENTRY_VERSION 0
#define FB_COMMON_SIZE	   32
#define FB_RGB_SIZE	   (FB_COMMON_SIZE + 6)
#define FB_INDEXED_SIZE	   (FB_COMMON_SIZE + 4) /* num_colors (0), padding */
#define RSDP_REVISION	   15			/* ACPI 6.5, 5.2.5.3 */
#define RSDP_V1_SIZE	   20
#define RSDP_V2_SIZE	   36
#define FOUR_GIB	   (1ull << 32)

/* A tag of payload bytes; returns its payload, NULL if the buffer is full. */
static uint8_t *tag(struct byte_writer *w, uint32_t type, size_t payload)
{
	uint8_t *t = bw_take(w, TAG_HEADER + payload, TAG_ALIGN);

	if (!t)
		return NULL;
	put_le32(t, type);
	put_le32(t + 4, (uint32_t)(TAG_HEADER + payload));
	return t + TAG_HEADER;
}

static void string_tag(struct byte_writer *w, uint32_t type, const char *s)
{
	size_t n = strlen(s) + 1;
	uint8_t *p = tag(w, type, n);

	if (p)
		memcpy(p, s, n);
}

static void module_tags(const struct mb_info_desc *d, struct byte_writer *w)
{
	const char *s;
	uint8_t *p;
	uint32_t i;

	for (i = 0; i < d->module_count; i++) {
		s = d->modules[i].string ? d->modules[i].string : "";
		p = tag(w, MB2_TAG_MODULE, 8 + strlen(s) + 1);
		if (!p)
			return;
		put_le32(p, d->modules[i].start);
		put_le32(p + 4, d->modules[i].end);
		memcpy(p + 8, s, strlen(s) + 1);
	}
}

static void memory_tags(const struct mb_info_desc *d, struct byte_writer *w)
{
	uint8_t *p = tag(w, MB2_TAG_BASIC_MEMINFO, 8);
	uint32_t i;

	if (p) {
		put_le32(p, mb_mem_lower_kib(d->mmap, d->mmap_count));
		put_le32(p + 4, mb_mem_upper_kib(d->mmap, d->mmap_count));
	}
	p = tag(w, MB2_TAG_MMAP, 8 + (size_t)d->mmap_count * MMAP_ENTRY_SIZE);
	if (!p)
		return;
	put_le32(p, MMAP_ENTRY_SIZE);
	put_le32(p + 4, MMAP_ENTRY_VERSION);
	for (i = 0, p += 8; i < d->mmap_count; i++, p += MMAP_ENTRY_SIZE) {
		put_le64(p, d->mmap[i].base);
		put_le64(p + 8, d->mmap[i].length);
		put_le32(p + 16, d->mmap[i].type);
	}
}

static void framebuffer_tag(const struct mb2_framebuffer *fb, struct byte_writer *w)
{
	size_t size = fb->type == MB2_FB_TYPE_RGB	? FB_RGB_SIZE
		      : fb->type == MB2_FB_TYPE_INDEXED ? FB_INDEXED_SIZE
							: FB_COMMON_SIZE;
	uint8_t *p = tag(w, MB2_TAG_FRAMEBUFFER, size - TAG_HEADER);

	if (!p)
		return;
	put_le64(p, fb->addr);
	put_le32(p + 8, fb->pitch);
	put_le32(p + 12, fb->width);
	put_le32(p + 16, fb->height);
	p[20] = fb->bpp;
	p[21] = fb->type;
	if (fb->type != MB2_FB_TYPE_RGB)
		return;
	p[24] = fb->red_position;
	p[25] = fb->red_mask_size;
	p[26] = fb->green_position;
	p[27] = fb->green_mask_size;
	p[28] = fb->blue_position;
	p[29] = fb->blue_mask_size;
}

/* An ACPI 2.0+ RSDP (revision >= 2) goes in tag 15, an older one in 14. */
static bool rsdp_tag(const struct mb_info_desc *d, struct byte_writer *w, const char **reason)
{
	bool v2 = d->rsdp_len > RSDP_REVISION && d->rsdp[RSDP_REVISION] >= 2;
	uint32_t need = v2 ? RSDP_V2_SIZE : RSDP_V1_SIZE;
	uint8_t *p;

	if (d->rsdp_len < need) {
		*reason = "bad-rsdp";
		return false;
	}
	p = tag(w, v2 ? MB2_TAG_ACPI_NEW_RSDP : MB2_TAG_ACPI_OLD_RSDP, d->rsdp_len);
	if (p)
		memcpy(p, d->rsdp, d->rsdp_len);
	return true;
}

static bool finish(struct byte_writer *w, uint8_t *header, uint32_t *size, const char **reason)
{
	tag(w, MB2_TAG_END, 0);
	if (w->full) {
		*reason = "buffer-too-small";
		return false;
	}
	if (w->phys + w->len > FOUR_GIB) {
		*reason = "above-4g";
		return false;
	}
	put_le32(header, (uint32_t)w->len);
	*size = (uint32_t)w->len;
	return true;
}

bool mb2_build_info(const struct mb_info_desc *d, void *buf, size_t buf_len, uint32_t buf_phys,
		    uint32_t *size, const char **reason)
{
	struct byte_writer w = { buf, buf_len, 0, buf_phys, false };
	uint8_t *header = bw_take(&w, TAG_HEADER, TAG_ALIGN);

	*size = 0;
	if (buf_phys % TAG_ALIGN) {
		*reason = "misaligned";
		return false;
	}
	if (!header) {
		*reason = "buffer-too-small";
		return false;
	}
	if (d->cmdline)
		string_tag(&w, MB2_TAG_CMDLINE, d->cmdline);
	if (d->loader_name)
		string_tag(&w, MB2_TAG_LOADER_NAME, d->loader_name);
	module_tags(d, &w);
	memory_tags(d, &w);
	if (d->fb)
		framebuffer_tag(d->fb, &w);
	if (d->rsdp && !rsdp_tag(d, &w, reason))
		return false;
	return finish(&w, header, size, reason);
}
