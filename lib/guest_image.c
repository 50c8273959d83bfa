/*
 * Guest image detection: the Multiboot2 header (Multiboot2 Specification
 * 2.0, 3.1.1), the Multiboot header (Multiboot Specification 0.6.96,
 * 3.1.1) and the Linux boot protocol's setup header (lib/linux_boot.h).
 */
#include "lib/guest_image.h"

#include <string.h>

#include "include/multiboot1.h"
#include "include/multiboot2_header.h"
#include "lib/le_bytes.h"
#include "lib/linux_boot.h"

/* "HdrS" at 0x202: the image must hold the whole magic. */
#define LINUX_MAGIC_OFFSET 0x202
#define LINUX_MIN_SIZE	   (LINUX_MAGIC_OFFSET + 4)

/* A search's outcome: found valid, found with a fault, or nothing. */
enum scan {
	SCAN_NOTHING,
	SCAN_BAD_CHECKSUM,
	SCAN_TRUNCATED,
	SCAN_FOUND,
};

struct image {
	const uint8_t *bytes;
	size_t len;
};

static size_t search_end(const struct image *img, size_t limit, size_t fixed)
{
	size_t end = img->len < limit ? img->len : limit;

	return end >= fixed ? end - fixed + 1 : 0;
}

/* The first Multiboot2 header with a valid checksum (3.1.1). */
static enum scan find_mb2(const struct image *img, uint32_t *at)
{
	enum scan seen = SCAN_NOTHING;
	size_t off, end = search_end(img, MB2_SEARCH_LIMIT, 4);
	const uint8_t *p;

	for (off = 0; off < end; off += MB2_HEADER_ALIGN) {
		p = img->bytes + off;
		if (le32_at(p) != MB2_HEADER_MAGIC)
			continue;
		if (img->len - off < MB2_HEADER_FIXED) {
			seen = seen == SCAN_NOTHING ? SCAN_TRUNCATED : seen;
			continue;
		}
		if ((uint32_t)(le32_at(p) + le32_at(p + 4) + le32_at(p + 8) + le32_at(p + 12))) {
			seen = SCAN_BAD_CHECKSUM;
			continue;
		}
		*at = (uint32_t)off;
		return SCAN_FOUND;
	}
	return seen;
}

/* The first Multiboot header with a valid checksum (3.1.1). */
static enum scan find_mb1(const struct image *img, uint32_t *at)
{
	enum scan seen = SCAN_NOTHING;
	size_t off, end = search_end(img, MB1_SEARCH_LIMIT, 4);
	const uint8_t *p;

	for (off = 0; off < end; off += MB1_HEADER_ALIGN) {
		p = img->bytes + off;
		if (le32_at(p) != MB1_HEADER_MAGIC)
			continue;
		if (img->len - off < MB1_HEADER_SIZE) {
			seen = seen == SCAN_NOTHING ? SCAN_TRUNCATED : seen;
			continue;
		}
		if ((uint32_t)(le32_at(p) + le32_at(p + 4) + le32_at(p + 8))) {
			seen = SCAN_BAD_CHECKSUM;
			continue;
		}
		*at = (uint32_t)off;
		return SCAN_FOUND;
	}
	return seen;
}

static bool refuse(struct guest_image *out, const char **reason, const char *token)
{
	memset(out, 0, sizeof(*out));
	*reason = token;
	return false;
}

static bool accept_mb2(const struct image *img, uint32_t at, struct guest_image *out,
		       const char **reason)
{
	const uint8_t *h = img->bytes + at;
	uint32_t length = le32_at(h + 8);

	if (le32_at(h + 4) != MB2_ARCH_I386)
		return refuse(out, reason, "unsupported-arch");
	if (length < MB2_HEADER_FIXED + MB2_HEADER_TAG_HDR || length > img->len - at)
		return refuse(out, reason, "bad-header-length");
	out->kind = GUEST_IMAGE_MULTIBOOT2;
	out->header_offset = at;
	out->header_length = length;
	if (!mb2_header_read_tags(h, length, &out->mb2, reason))
		return refuse(out, reason, *reason);
	out->page_align_modules = out->mb2.page_align_modules;
	out->has_aout = out->mb2.has_address;
	out->aout = (struct mb_aout_addresses){ out->mb2.header_addr, out->mb2.load_addr,
						out->mb2.load_end_addr, out->mb2.bss_end_addr };
	out->has_entry = out->mb2.has_entry;
	out->entry_addr = out->mb2.entry_addr;
	return true;
}

/*
 * 3.1.2: required bits this loader honours are 0 (page-aligned modules,
 * the caller's placement) and 1 (memory information, always given).  Bit
 * 2 (a video mode) cannot be: no mode is set for the guest.
 */
#define MB1_FLAGS_HONOURED (MB1_FLAG_PAGE_ALIGN_MODULES | MB1_FLAG_MEMORY_INFO)

static bool accept_mb1(const struct image *img, uint32_t at, struct guest_image *out,
		       const char **reason)
{
	const uint8_t *h = img->bytes + at;
	uint32_t flags = le32_at(h + MB1_HDR_FLAGS);

	if (flags & MB1_FLAGS_REQUIRED & ~MB1_FLAGS_HONOURED)
		return refuse(out, reason, "unsupported-flags");
	out->kind = GUEST_IMAGE_MULTIBOOT1;
	out->header_offset = at;
	out->header_length = MB1_HEADER_SIZE;
	out->mb1_flags = flags;
	out->page_align_modules = flags & MB1_FLAG_PAGE_ALIGN_MODULES;
	if (!(flags & MB1_FLAG_AOUT_KLUDGE))
		return true;
	if (img->len - at < MB1_HEADER_AOUT)
		return refuse(out, reason, "too-short");
	out->header_length = MB1_HEADER_AOUT;
	out->has_aout = out->has_entry = true;
	out->aout.header_addr = le32_at(h + MB1_HDR_HEADER_ADDR);
	out->aout.load_addr = le32_at(h + MB1_HDR_LOAD_ADDR);
	out->aout.load_end_addr = le32_at(h + MB1_HDR_LOAD_END_ADDR);
	out->aout.bss_end_addr = le32_at(h + MB1_HDR_BSS_END_ADDR);
	out->entry_addr = le32_at(h + MB1_HDR_ENTRY_ADDR);
	return true;
}

static bool is_linux(const struct image *img)
{
	return img->len >= LINUX_MIN_SIZE &&
	       le32_at(img->bytes + LINUX_MAGIC_OFFSET) == LINUX_HEADER_MAGIC;
}

bool guest_image_detect(const void *image, size_t len, struct guest_image *out, const char **reason)
{
	const struct image img = { image, len };
	enum scan mb2, mb1;
	uint32_t at = 0;

	memset(out, 0, sizeof(*out));
	if (len < MB1_HEADER_SIZE || image == NULL)
		return refuse(out, reason, "too-short");
	mb2 = find_mb2(&img, &at);
	if (mb2 == SCAN_FOUND)
		return accept_mb2(&img, at, out, reason);
	mb1 = find_mb1(&img, &at);
	if (mb1 == SCAN_FOUND)
		return accept_mb1(&img, at, out, reason);
	if (is_linux(&img)) {
		out->kind = GUEST_IMAGE_LINUX;
		out->header_offset = LINUX_SETUP_HEADER_OFFSET;
		out->header_length = LINUX_MIN_SIZE - LINUX_SETUP_HEADER_OFFSET;
		return true;
	}
	if (mb2 == SCAN_BAD_CHECKSUM || mb1 == SCAN_BAD_CHECKSUM)
		return refuse(out, reason, "bad-checksum");
	if (mb2 == SCAN_TRUNCATED || mb1 == SCAN_TRUNCATED)
		return refuse(out, reason, "too-short");
	return refuse(out, reason, "no-header");
}

const char *guest_image_kind_name(enum guest_image_kind kind)
{
	switch (kind) {
	case GUEST_IMAGE_MULTIBOOT1: return "multiboot";
	case GUEST_IMAGE_MULTIBOOT2: return "multiboot2";
	case GUEST_IMAGE_LINUX: return "linux";
	default: return "none";
	}
}
