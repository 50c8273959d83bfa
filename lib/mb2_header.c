/*
 * The Multiboot2 header's tags, read and checked against what this loader
 * can honour (Multiboot2 Specification 2.0, 3.1.3 - 3.1.13).  Each tag is
 * { u16 type; u16 flags; u32 size; payload }, starting 8-byte aligned; the
 * list ends with a tag of type 0 and size 8.
 */
#include "lib/mb2_header.h"

#include <string.h>

#include "include/multiboot2_header.h"
#include "lib/le_bytes.h"
#include "lib/multiboot2.h"

struct htag {
	uint16_t type;
	bool optional;
	uint32_t size;
	const uint8_t *bytes; /* the tag, header included */
};

bool mb2_info_tag_supported(uint32_t type)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
	case MB2_TAG_LOADER_NAME:
	case MB2_TAG_MODULE:
	case MB2_TAG_BASIC_MEMINFO:
	case MB2_TAG_MMAP:
	case MB2_TAG_FRAMEBUFFER:
	case MB2_TAG_ACPI_OLD_RSDP:
	case MB2_TAG_ACPI_NEW_RSDP: return true;
	default: return false;
	}
}

static bool refuse(const char **reason, const char *token)
{
	*reason = token;
	return false;
}

/* The request's payload is a list of u32 tag types (3.1.4). */
static bool read_info_request(const struct htag *t, struct mb2_header_request *out,
			      const char **reason)
{
	uint32_t i, type;

	if ((t->size - MB2_HEADER_TAG_HDR) % 4)
		return refuse(reason, "bad-header-tag");
	for (i = MB2_HEADER_TAG_HDR; i < t->size; i += 4) {
		type = le32_at(t->bytes + i);
		if (!mb2_info_tag_supported(type)) {
			if (!t->optional)
				return refuse(reason, "unsupported-tag");
			continue;
		}
		out->info_requested |= 1u << type;
	}
	return true;
}

static bool read_address(const struct htag *t, struct mb2_header_request *out, const char **reason)
{
	if (t->size != MB2_HTAG_ADDRESS_SIZE)
		return refuse(reason, "bad-header-tag");
	out->has_address = true;
	out->header_addr = le32_at(t->bytes + 8);
	out->load_addr = le32_at(t->bytes + 12);
	out->load_end_addr = le32_at(t->bytes + 16);
	out->bss_end_addr = le32_at(t->bytes + 20);
	return true;
}

static bool read_entry(const struct htag *t, struct mb2_header_request *out, const char **reason)
{
	if (t->size < MB2_HTAG_ENTRY_SIZE)
		return refuse(reason, "bad-header-tag");
	out->has_entry = true;
	out->entry_addr = le32_at(t->bytes + 8);
	return true;
}

static bool read_console(const struct htag *t, struct mb2_header_request *out, const char **reason)
{
	if (t->size < MB2_HTAG_CONSOLE_SIZE)
		return refuse(reason, "bad-header-tag");
	out->console_flags = le32_at(t->bytes + 8);
	/* 3.1.7: bit 0 asks for a console the guest can rely on; it has only COM1. */
	if ((out->console_flags & MB2_CONSOLE_REQUIRED) && !t->optional)
		return refuse(reason, "console-required");
	return true;
}

static bool read_framebuffer(const struct htag *t, struct mb2_header_request *out,
			     const char **reason)
{
	if (t->size < MB2_HTAG_FRAMEBUFFER_SIZE)
		return refuse(reason, "bad-header-tag");
	if (!t->optional)
		return refuse(reason, "unsupported-tag");
	out->wants_framebuffer = true;
	out->fb_width = le32_at(t->bytes + 8);
	out->fb_height = le32_at(t->bytes + 12);
	out->fb_depth = le32_at(t->bytes + 16);
	return true;
}

static bool read_tag(const struct htag *t, struct mb2_header_request *out, const char **reason)
{
	switch (t->type) {
	case MB2_HTAG_INFO_REQUEST: return read_info_request(t, out, reason);
	case MB2_HTAG_ADDRESS: return read_address(t, out, reason);
	case MB2_HTAG_ENTRY_ADDRESS: return read_entry(t, out, reason);
	case MB2_HTAG_CONSOLE_FLAGS: return read_console(t, out, reason);
	case MB2_HTAG_FRAMEBUFFER: return read_framebuffer(t, out, reason);
	case MB2_HTAG_MODULE_ALIGN: out->page_align_modules = true; return true;
	/* Alternatives for EFI loaders, and permission to relocate: all ignorable. */
	case MB2_HTAG_EFI_BS:
	case MB2_HTAG_ENTRY_EFI32:
	case MB2_HTAG_ENTRY_EFI64:
	case MB2_HTAG_RELOCATABLE: return true;
	default: return t->optional ? true : refuse(reason, "unsupported-tag");
	}
}

bool mb2_header_read_tags(const uint8_t *header, uint32_t header_length,
			  struct mb2_header_request *out, const char **reason)
{
	uint64_t off = MB2_HEADER_FIXED;
	struct htag t;

	memset(out, 0, sizeof(*out));
	while (off <= header_length && header_length - off >= MB2_HEADER_TAG_HDR) {
		t.type = le16_at(header + off);
		t.optional = le16_at(header + off + 2) & MB2_HEADER_TAG_OPTIONAL;
		t.size = le32_at(header + off + 4);
		t.bytes = header + off;
		if (t.size < MB2_HEADER_TAG_HDR || t.size > header_length - off)
			return refuse(reason, "bad-header-tag");
		if (t.type == MB2_HTAG_END)
			return true;
		if (!read_tag(&t, out, reason))
			return false;
		/* The next tag starts 8-byte aligned (3.1.3). */
		off += ((uint64_t)t.size + MB2_HEADER_TAG_ALIGN - 1) &
		       ~(uint64_t)(MB2_HEADER_TAG_ALIGN - 1);
	}
	return refuse(reason, "bad-header-tag");
}
