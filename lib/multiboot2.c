/*
 * Multiboot2 boot information parser.
 *
 * The information is a header { u32 total_size; u32 reserved; } followed by
 * tags { u32 type; u32 size; payload }, each starting 8-byte aligned and
 * the last being an end tag { 0, 8 } (Multiboot2 specification 2.0,
 * sections 3.6.1 and 3.6.2).  It comes from the boot loader, so every size
 * and offset is checked before use.  Fields are read with memcpy, which
 * makes no alignment or aliasing assumptions about the loader's bytes.
 */
#include "lib/multiboot2.h"

#include <stdarg.h>
#include <string.h>

#include "lib/printf.h"

#define INFO_HEADER_SIZE 8
#define TAG_HEADER_SIZE	 8
#define TAG_ALIGN	 8

/* The smallest valid total_size: the header and an end tag. */
#define INFO_MIN_SIZE (INFO_HEADER_SIZE + TAG_HEADER_SIZE)

/*
 * Memory map (3.6.8): header, entry_size, entry_version, then entries of
 * { u64 base_addr; u64 length; u32 type; u32 reserved; }.
 */
#define MMAP_HEADER_SIZE    16
#define MMAP_ENTRY_MIN_SIZE 24

/*
 * Framebuffer (3.6.12).  The specification's table shows a u8 reserved
 * field, putting color_info at offset 31, but GRUB declares it u16 and
 * writes color_info at 32; the layout GRUB writes is the one that boots.
 */
#define FB_COMMON_SIZE 32
#define FB_RGB_SIZE    (FB_COMMON_SIZE + 6)

/* ACPI RSDP copies (3.6.16, 3.6.17); ACPI 6.5 section 5.2.5.3. */
#define RSDP_V1_SIZE 20
#define RSDP_V2_SIZE 36

struct parser {
	const uint8_t *base;
	uint32_t total_size;
	struct mb2_info *out;
	char *err;
	size_t errlen;
};

struct tag {
	uint32_t type;
	uint32_t size;	      /* including the 8-byte tag header */
	size_t offset;	      /* from the start of the information */
	const uint8_t *bytes; /* base + offset */
};

static uint32_t read_u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t read_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static size_t align_up(size_t n, size_t align)
{
	return (n + align - 1) & ~(align - 1);
}

/* Appends to the error message, keeping whatever is already there. */
static void err_vappend(struct parser *ps, const char *fmt, va_list ap)
{
	size_t used;

	if (!ps->err || ps->errlen == 0)
		return;
	used = strnlen(ps->err, ps->errlen);
	if (used + 1 < ps->errlen)
		kvsnprintf(ps->err + used, ps->errlen - used, fmt, ap);
}

static void err_append(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void err_append(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vappend(ps, fmt, ap);
	va_end(ap);
}

static int fail(struct parser *ps, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct parser *ps, int code, const char *fmt, ...)
{
	va_list ap;

	err_append(ps, "multiboot2: ");
	va_start(ap, fmt);
	err_vappend(ps, fmt, ap);
	va_end(ap);
	return code;
}

/*
 * A failure in one tag, named by type and offset so it can be found in a
 * hex dump of the information.
 */
static int tag_fail(struct parser *ps, const struct tag *tag, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int tag_fail(struct parser *ps, const struct tag *tag, const char *fmt, ...)
{
	va_list ap;

	err_append(ps, "multiboot2: tag %u (%s) at offset 0x%zx ", tag->type,
		   mb2_tag_name(tag->type), tag->offset);
	va_start(ap, fmt);
	err_vappend(ps, fmt, ap);
	va_end(ap);
	return MB2_ERR_TAG;
}

/* Copies src[0..len) as a string; returns true if it had to truncate. */
static bool copy_string(char *dst, size_t dstlen, const char *src, size_t len)
{
	bool truncated = len > dstlen - 1;

	if (truncated)
		len = dstlen - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return truncated;
}

/*
 * Finds the NUL-terminated string that fills a tag from payload_offset to
 * its end.  Fails if the tag holds no NUL: reading on would leave the tag.
 */
static int tag_string(struct parser *ps, const struct tag *tag, size_t payload_offset,
		      const char **str, size_t *len)
{
	size_t room = tag->size - payload_offset;

	*str = (const char *)tag->bytes + payload_offset;
	*len = strnlen(*str, room);
	if (*len == room)
		return tag_fail(ps, tag,
				"holds a string with no NUL "
				"terminator within its %u bytes",
				tag->size);
	return MB2_OK;
}

/* A tag that is only a string, copied into dst; *truncated says if it was cut. */
static int copy_string_tag(struct parser *ps, const struct tag *tag, char *dst, size_t size,
			   bool *truncated)
{
	const char *s;
	size_t len;
	int rc = tag_string(ps, tag, TAG_HEADER_SIZE, &s, &len);

	if (rc == MB2_OK)
		*truncated = copy_string(dst, size, s, len);
	return rc;
}

static int parse_cmdline(struct parser *ps, const struct tag *tag)
{
	struct mb2_info *out = ps->out;

	return copy_string_tag(ps, tag, out->cmdline, sizeof(out->cmdline),
			       &out->cmdline_truncated);
}

static int parse_loader_name(struct parser *ps, const struct tag *tag)
{
	struct mb2_info *out = ps->out;
	bool truncated; /* a long name is kept cut, without a flag: it is only printed */

	return copy_string_tag(ps, tag, out->loader_name, sizeof(out->loader_name), &truncated);
}

/* Modules (3.6.6): mod_start, mod_end, then the module's string. */
static int parse_module(struct parser *ps, const struct tag *tag)
{
	struct mb2_info *out = ps->out;
	const char *name;
	size_t len;
	int rc = tag_string(ps, tag, 16, &name, &len);

	if (rc != MB2_OK)
		return rc;
	if (out->module_count == MB2_MAX_MODULES) {
		out->modules_dropped = true;
		return MB2_OK;
	}
	out->modules[out->module_count].start = read_u32(tag->bytes + 8);
	out->modules[out->module_count].end = read_u32(tag->bytes + 12);
	out->modules[out->module_count].string_truncated =
		copy_string(out->modules[out->module_count].string,
			    sizeof(out->modules[out->module_count].string), name, len);
	out->module_count++;
	return MB2_OK;
}

/* Basic memory information (3.6.3). */
static int parse_meminfo(struct parser *ps, const struct tag *tag)
{
	ps->out->has_meminfo = true;
	ps->out->mem_lower = read_u32(tag->bytes + 8);
	ps->out->mem_upper = read_u32(tag->bytes + 12);
	return MB2_OK;
}

static void add_mmap_entry(struct mb2_info *out, const uint8_t *entry)
{
	struct mb2_mmap_entry *e;

	if (out->mmap_count == CONFIG_MAX_MMAP) {
		out->mmap_dropped = true;
		return;
	}
	e = &out->mmap[out->mmap_count++];
	e->base = read_u64(entry);
	e->length = read_u64(entry + 8);
	e->type = read_u32(entry + 16);
}

/*
 * The entry size may grow in later versions of the specification, so
 * entries are stepped over by entry_size and only their first 24 bytes
 * are read.
 */
static int parse_mmap(struct parser *ps, const struct tag *tag)
{
	uint32_t entry_size = read_u32(tag->bytes + 8);
	uint32_t entries_bytes = tag->size - MMAP_HEADER_SIZE;

	if (entry_size < MMAP_ENTRY_MIN_SIZE || entry_size % 8 != 0)
		return tag_fail(ps, tag,
				"has entry_size %u; it must be at "
				"least %u and a multiple of 8",
				entry_size, MMAP_ENTRY_MIN_SIZE);
	if (entries_bytes % entry_size != 0)
		return tag_fail(ps, tag,
				"holds %u bytes of entries, not a "
				"whole number of %u-byte entries",
				entries_bytes, entry_size);

	ps->out->mmap_count = 0;
	ps->out->mmap_dropped = false;
	for (uint32_t at = MMAP_HEADER_SIZE; at < tag->size; at += entry_size)
		add_mmap_entry(ps->out, tag->bytes + at);
	return MB2_OK;
}

/* Framebuffer (3.6.12): the common part, then type-specific color_info. */
static int parse_framebuffer(struct parser *ps, const struct tag *tag)
{
	struct mb2_framebuffer *fb = &ps->out->fb;
	const uint8_t *p = tag->bytes;

	memset(fb, 0, sizeof(*fb));
	fb->addr = read_u64(p + 8);
	fb->pitch = read_u32(p + 16);
	fb->width = read_u32(p + 20);
	fb->height = read_u32(p + 24);
	fb->bpp = p[28];
	fb->type = p[29];
	if (fb->type == MB2_FB_TYPE_RGB) {
		if (tag->size < FB_RGB_SIZE)
			return tag_fail(ps, tag,
					"is an RGB framebuffer of "
					"size %u, less than the %u bytes its "
					"color fields need",
					tag->size, FB_RGB_SIZE);
		fb->red_position = p[32];
		fb->red_mask_size = p[33];
		fb->green_position = p[34];
		fb->green_mask_size = p[35];
		fb->blue_position = p[36];
		fb->blue_mask_size = p[37];
	}
	ps->out->has_framebuffer = true;
	return MB2_OK;
}

/* Keeps as much of the RSDP copy as fits; the ACPI code checks it. */
static void copy_rsdp(struct mb2_info *out, const struct tag *tag, uint8_t version)
{
	size_t len = tag->size - TAG_HEADER_SIZE;

	if (len > sizeof(out->rsdp))
		len = sizeof(out->rsdp);
	memset(out->rsdp, 0, sizeof(out->rsdp));
	memcpy(out->rsdp, tag->bytes + TAG_HEADER_SIZE, len);
	out->rsdp_len = (uint32_t)len;
	out->rsdp_version = version;
	out->has_rsdp = true;
}

/* An ACPI 2.0 RSDP reaches the XSDT, so it wins whatever the tag order. */
static int parse_old_rsdp(struct parser *ps, const struct tag *tag)
{
	if (!(ps->out->has_rsdp && ps->out->rsdp_version == 2))
		copy_rsdp(ps->out, tag, 1);
	return MB2_OK;
}

static int parse_new_rsdp(struct parser *ps, const struct tag *tag)
{
	copy_rsdp(ps->out, tag, 2);
	return MB2_OK;
}

/* Image load base physical address (3.6.23). */
static int parse_load_base(struct parser *ps, const struct tag *tag)
{
	ps->out->has_load_base = true;
	ps->out->load_base = read_u32(tag->bytes + 8);
	return MB2_OK;
}

struct tag_kind {
	const char *name;
	/* Size the fixed part of the layout needs; checked before parse. */
	uint32_t min_size;
	/* NULL for tags the kernel has no use for: they are skipped... */
	int (*parse)(struct parser *ps, const struct tag *tag);
	/* ...unless their presence is all it keeps: the bool in mb2_info that says so. */
	bool sets_flag;
	uint16_t flag_offset;
};

/* A tag the kernel parses (parse NULL: skips), or one whose presence it records. */
#define PARSED(tag_name, size, fn)                                    \
	{                                                             \
		.name = (tag_name), .min_size = (size), .parse = (fn) \
	}
#define FLAGGED(tag_name, size, member)                                    \
	{                                                                  \
		.name = (tag_name), .min_size = (size), .sets_flag = true, \
		.flag_offset = offsetof(struct mb2_info, member)           \
	}

static const struct tag_kind tag_kinds[] = {
	[MB2_TAG_END] = PARSED("end", 8, NULL),
	[MB2_TAG_CMDLINE] = PARSED("command line", 8, parse_cmdline),
	[MB2_TAG_LOADER_NAME] = PARSED("boot loader name", 8, parse_loader_name),
	[MB2_TAG_MODULE] = PARSED("module", 16, parse_module),
	[MB2_TAG_BASIC_MEMINFO] = PARSED("basic memory info", 16, parse_meminfo),
	[MB2_TAG_BOOTDEV] = PARSED("BIOS boot device", 0, NULL),
	[MB2_TAG_MMAP] = PARSED("memory map", MMAP_HEADER_SIZE, parse_mmap),
	[MB2_TAG_VBE] = PARSED("VBE info", 0, NULL),
	[MB2_TAG_FRAMEBUFFER] = PARSED("framebuffer", FB_COMMON_SIZE, parse_framebuffer),
	[MB2_TAG_ELF_SECTIONS] = PARSED("ELF sections", 0, NULL),
	[MB2_TAG_APM] = PARSED("APM table", 0, NULL),
	[MB2_TAG_EFI32_SYSTAB] = FLAGGED("EFI32 system table", 12, has_efi32_systab),
	[MB2_TAG_EFI64_SYSTAB] = FLAGGED("EFI64 system table", 16, has_efi64_systab),
	[MB2_TAG_SMBIOS] = PARSED("SMBIOS tables", 0, NULL),
	[MB2_TAG_ACPI_OLD_RSDP] =
		PARSED("ACPI old RSDP", TAG_HEADER_SIZE + RSDP_V1_SIZE, parse_old_rsdp),
	[MB2_TAG_ACPI_NEW_RSDP] =
		PARSED("ACPI new RSDP", TAG_HEADER_SIZE + RSDP_V2_SIZE, parse_new_rsdp),
	[MB2_TAG_NETWORK] = PARSED("networking", 0, NULL),
	[MB2_TAG_EFI_MMAP] = FLAGGED("EFI memory map", 16, has_efi_mmap),
	[MB2_TAG_EFI_BS_ACTIVE] =
		FLAGGED("EFI boot services not terminated", 8, efi_boot_services_active),
	[MB2_TAG_EFI32_IMAGE_HANDLE] = PARSED("EFI32 image handle", 0, NULL),
	[MB2_TAG_EFI64_IMAGE_HANDLE] = PARSED("EFI64 image handle", 0, NULL),
	[MB2_TAG_LOAD_BASE_ADDR] = PARSED("load base address", 12, parse_load_base),
};

#define TAG_KIND_COUNT (sizeof(tag_kinds) / sizeof(tag_kinds[0]))

const char *mb2_tag_name(uint32_t type)
{
	return type < TAG_KIND_COUNT ? tag_kinds[type].name : "unknown";
}

const char *mb2_mmap_type_name(uint32_t type)
{
	switch (type) {
	case MB2_MMAP_AVAILABLE: return "available";
	case MB2_MMAP_RESERVED: return "reserved";
	case MB2_MMAP_ACPI_RECLAIMABLE: return "acpi-reclaimable";
	case MB2_MMAP_ACPI_NVS: return "acpi-nvs";
	case MB2_MMAP_BAD: return "bad";
	default: return "unknown";
	}
}

static int parse_tag(struct parser *ps, const struct tag *tag)
{
	const struct tag_kind *kind;

	if (tag->type >= TAG_KIND_COUNT)
		return MB2_OK;
	kind = &tag_kinds[tag->type];
	if (!kind->parse && !kind->sets_flag)
		return MB2_OK;
	if (tag->size < kind->min_size)
		return tag_fail(ps, tag,
				"has size %u, less than its minimum "
				"of %u",
				tag->size, kind->min_size);
	if (kind->sets_flag) {
		*(bool *)((char *)ps->out + kind->flag_offset) = true;
		return MB2_OK;
	}
	return kind->parse(ps, tag);
}

/* Reads the tag header at offset and checks the tag lies inside the info. */
static int read_tag(struct parser *ps, size_t offset, struct tag *tag)
{
	size_t remaining;

	if (offset >= ps->total_size)
		return fail(ps, MB2_ERR_NO_END_TAG,
			    "no end tag before "
			    "total_size %u",
			    ps->total_size);
	remaining = ps->total_size - offset;
	if (remaining < TAG_HEADER_SIZE)
		return fail(ps, MB2_ERR_NO_END_TAG,
			    "no end tag: offset 0x%zx "
			    "leaves %zu bytes before total_size %u, too few "
			    "for a tag header",
			    offset, remaining, ps->total_size);

	tag->offset = offset;
	tag->bytes = ps->base + offset;
	tag->type = read_u32(tag->bytes);
	tag->size = read_u32(tag->bytes + 4);
	if (tag->size < TAG_HEADER_SIZE)
		return tag_fail(ps, tag,
				"has size %u, less than its %u-byte "
				"header",
				tag->size, TAG_HEADER_SIZE);
	if (tag->size > remaining)
		return tag_fail(ps, tag,
				"has size %u, running past "
				"total_size %u",
				tag->size, ps->total_size);
	return MB2_OK;
}

static int walk_tags(struct parser *ps)
{
	size_t offset = INFO_HEADER_SIZE;
	struct tag tag;
	int rc;

	for (;;) {
		rc = read_tag(ps, offset, &tag);
		if (rc != MB2_OK)
			return rc;
		if (tag.type == MB2_TAG_END)
			break;
		rc = parse_tag(ps, &tag);
		if (rc != MB2_OK)
			return rc;
		offset += align_up(tag.size, TAG_ALIGN);
	}
	if (tag.size != TAG_HEADER_SIZE)
		return tag_fail(ps, &tag,
				"has size %u; an end tag is %u "
				"bytes",
				tag.size, TAG_HEADER_SIZE);
	return MB2_OK;
}

static int check_header(struct parser *ps, const void *info, size_t max_len)
{
	if (!info)
		return fail(ps, MB2_ERR_ARGUMENT,
			    "no boot information "
			    "(NULL pointer)");
	if ((uintptr_t)info % TAG_ALIGN != 0)
		return fail(ps, MB2_ERR_ARGUMENT,
			    "boot information at %p is "
			    "not 8-byte aligned",
			    info);
	if (max_len < INFO_HEADER_SIZE)
		return fail(ps, MB2_ERR_TOTAL_SIZE,
			    "only %zu bytes may be "
			    "read, less than the %u-byte header",
			    max_len, INFO_HEADER_SIZE);
	ps->total_size = read_u32(ps->base);
	if (ps->total_size < INFO_MIN_SIZE)
		return fail(ps, MB2_ERR_TOTAL_SIZE,
			    "total_size %u is less "
			    "than %u, the header and an end tag",
			    ps->total_size, INFO_MIN_SIZE);
	if (ps->total_size > max_len)
		return fail(ps, MB2_ERR_TOTAL_SIZE,
			    "total_size %u exceeds "
			    "the %zu bytes that may be read",
			    ps->total_size, max_len);
	return MB2_OK;
}

int mb2_parse(const void *info, size_t max_len, struct mb2_info *out, char *err, size_t errlen)
{
	struct parser ps = {
		.base = info,
		.out = out,
		.err = err,
		.errlen = errlen,
	};
	int rc;

	if (err && errlen > 0)
		err[0] = '\0';
	if (!out)
		return fail(&ps, MB2_ERR_ARGUMENT, "no structure to fill in");
	memset(out, 0, sizeof(*out));

	rc = check_header(&ps, info, max_len);
	if (rc == MB2_OK)
		rc = walk_tags(&ps);
	if (rc != MB2_OK) {
		memset(out, 0, sizeof(*out));
		return rc;
	}
	out->total_size = ps.total_size;
	return MB2_OK;
}
