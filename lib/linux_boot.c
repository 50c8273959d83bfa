/*
 * The Linux x86 boot protocol, loader side (lib/linux_boot.h; boot.rst and
 * zero-page.rst of linux-source-6.1 are the reference).
 *
 * The image comes from the boot media and its header from whoever built it,
 * so every field is checked before it is used, and every sum that could
 * wrap is checked too.  Fields are read with memcpy: the image has no
 * alignment promise.
 */
#include "lib/linux_boot.h"

#include <stdarg.h>
#include <string.h>

#include "include/config.h"
#include "lib/printf.h"

#define MIB (1ull << 20)
#define GIB (1ull << 30)

/* The header fields a loader needs end with init_size (protocol 2.10). */
#define HEADER_NEEDED_END \
	(LINUX_SETUP_HEADER_OFFSET + offsetof(struct linux_setup_header, init_size) + 4)

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		kvsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return code;
}

const char *linux_boot_error_name(int error)
{
	switch (error) {
	case LINUX_OK: return "ok";
	case LINUX_ERR_NOT_LINUX: return "not-linux";
	case LINUX_ERR_TRUNCATED: return "truncated";
	case LINUX_ERR_PROTOCOL_TOO_OLD: return "protocol-too-old";
	case LINUX_ERR_NOT_BZIMAGE: return "not-bzimage";
	case LINUX_ERR_NO_64BIT_ENTRY: return "no-64bit-entry";
	case LINUX_ERR_BAD_HEADER: return "bad-header";
	case LINUX_ERR_NO_ROOM_KERNEL: return "no-room-for-kernel";
	case LINUX_ERR_INITRD_NO_ROOM: return "initrd-does-not-fit";
	case LINUX_ERR_CMDLINE_TOO_LONG: return "cmdline-too-long";
	case LINUX_ERR_E820_FULL: return "e820-full";
	case LINUX_ERR_NO_BOOT_AREA: return "no-boot-area";
	case LINUX_ERR_ARGUMENT: return "argument";
	default: return "unknown";
	}
}

static uint16_t read16(const uint8_t *p, size_t off)
{
	uint16_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static uint32_t read32(const uint8_t *p, size_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static bool is_power_of_two(uint64_t x)
{
	return x && !(x & (x - 1));
}

static uint64_t align_up(uint64_t x, uint64_t align)
{
	return (x + align - 1) & ~(align - 1);
}

static uint64_t align_down(uint64_t x, uint64_t align)
{
	return x & ~(align - 1);
}

/* base + size, or UINT64_MAX where that would wrap. */
static uint64_t end_of(uint64_t base, uint64_t size)
{
	return base + size < base ? UINT64_MAX : base + size;
}

static int check_identity(const uint8_t *p, size_t len, char *err, size_t errlen)
{
	uint16_t version;

	if (len < LINUX_SETUP_HEADER_OFFSET + offsetof(struct linux_setup_header, version) + 2)
		return fail(err, errlen, LINUX_ERR_NOT_LINUX,
			    "not a Linux kernel: %zu bytes, too short for a setup header", len);
	if (read16(p, 0x1fe) != LINUX_BOOT_FLAG)
		return fail(err, errlen, LINUX_ERR_NOT_LINUX,
			    "not a Linux kernel: no 0xAA55 boot flag at 0x1fe");
	if (read32(p, 0x202) != LINUX_HEADER_MAGIC)
		return fail(err, errlen, LINUX_ERR_NOT_LINUX,
			    "not a Linux kernel: no \"HdrS\" magic at 0x202");
	version = read16(p, 0x206);
	if (version < LINUX_PROTOCOL_MIN)
		return fail(err, errlen, LINUX_ERR_PROTOCOL_TOO_OLD,
			    "boot protocol %u.%02u is too old: the 64-bit entry needs 2.12",
			    version >> 8, version & 0xff);
	return LINUX_OK;
}

static int check_sizes(const struct linux_setup_header *h, size_t len, struct linux_kernel_info *k,
		       char *err, size_t errlen)
{
	uint32_t sects = h->setup_sects ? h->setup_sects : LINUX_SETUP_SECTS_DEFAULT;

	k->setup_size = (sects + 1) * LINUX_SECTOR_SIZE;
	if (k->setup_size < k->header_end)
		return fail(err, errlen, LINUX_ERR_BAD_HEADER,
			    "setup_sects %u puts the kernel inside the setup header", sects);
	if (len < k->setup_size)
		return fail(err, errlen, LINUX_ERR_TRUNCATED,
			    "truncated image: %zu bytes, its setup code alone is %u", len,
			    k->setup_size);
	k->kernel_size = (uint64_t)h->syssize * 16;
	if (!k->kernel_size)
		return fail(err, errlen, LINUX_ERR_BAD_HEADER, "syssize is 0: no kernel");
	if (len - k->setup_size < k->kernel_size)
		return fail(
			err, errlen, LINUX_ERR_TRUNCATED,
			"truncated image: %zu bytes of kernel after the setup, syssize says %llu",
			len - k->setup_size, (unsigned long long)k->kernel_size);
	return LINUX_OK;
}

static int check_layout(const struct linux_setup_header *h, struct linux_kernel_info *k, char *err,
			size_t errlen)
{
	if (!(h->loadflags & LINUX_LOADED_HIGH))
		return fail(err, errlen, LINUX_ERR_NOT_BZIMAGE,
			    "not a bzImage: LOADED_HIGH is clear (a zImage loads below 1 MiB)");
	if (!(h->xloadflags & LINUX_XLF_KERNEL_64))
		return fail(err, errlen, LINUX_ERR_NO_64BIT_ENTRY,
			    "no 64-bit entry point: XLF_KERNEL_64 is clear (a 32-bit kernel)");
	if (!h->init_size)
		return fail(err, errlen, LINUX_ERR_BAD_HEADER, "init_size is 0");
	k->relocatable = h->relocatable_kernel != 0;
	k->kernel_alignment = h->kernel_alignment;
	k->min_alignment = h->kernel_alignment;
	if (k->relocatable) {
		if (!is_power_of_two(h->kernel_alignment) || h->kernel_alignment < PAGE_SIZE)
			return fail(err, errlen, LINUX_ERR_BAD_HEADER,
				    "kernel_alignment %#x is not a power of two of at least 4 KiB",
				    h->kernel_alignment);
		if (h->min_alignment) {
			if (h->min_alignment < 12 || h->min_alignment > 31 ||
			    (1u << h->min_alignment) > h->kernel_alignment)
				return fail(err, errlen, LINUX_ERR_BAD_HEADER,
					    "min_alignment 2^%u does not fit kernel_alignment %#x",
					    h->min_alignment, h->kernel_alignment);
			k->min_alignment = 1u << h->min_alignment;
		}
	}
	k->pref_address = h->pref_address ? h->pref_address : MIB;
	if (k->pref_address % PAGE_SIZE)
		return fail(err, errlen, LINUX_ERR_BAD_HEADER,
			    "pref_address %#llx is not page aligned",
			    (unsigned long long)k->pref_address);
	k->kernel_span = h->init_size > k->kernel_size ? h->init_size : k->kernel_size;
	k->xloadflags = h->xloadflags;
	k->cmdline_size = h->cmdline_size;
	k->initrd_addr_max =
		h->initrd_addr_max ? h->initrd_addr_max : LINUX_INITRD_ADDR_MAX_DEFAULT;
	return LINUX_OK;
}

static int parse_header(const uint8_t *p, size_t len, struct linux_kernel_info *out, char *err,
			size_t errlen)
{
	struct linux_setup_header h;
	size_t copy;
	int rc;

	rc = check_identity(p, len, err, errlen);
	if (rc)
		return rc;
	out->version = read16(p, 0x206);
	/* The jump at 0x200 skips the header: its end is 0x202 + the offset. */
	out->header_end = 0x202 + p[0x201];
	if (out->header_end < HEADER_NEEDED_END)
		return fail(err, errlen, LINUX_ERR_BAD_HEADER,
			    "the setup header ends at %#x, before init_size", out->header_end);
	if (len < out->header_end)
		return fail(err, errlen, LINUX_ERR_TRUNCATED,
			    "truncated image: %zu bytes, the setup header ends at %#x", len,
			    out->header_end);
	memset(&h, 0, sizeof(h));
	copy = out->header_end - LINUX_SETUP_HEADER_OFFSET;
	memcpy(&h, p + LINUX_SETUP_HEADER_OFFSET, copy < sizeof(h) ? copy : sizeof(h));
	rc = check_sizes(&h, len, out, err, errlen);
	if (rc)
		return rc;
	return check_layout(&h, out, err, errlen);
}

int linux_parse_header(const void *image, size_t len, struct linux_kernel_info *out, char *err,
		       size_t errlen)
{
	int rc;

	if (!out)
		return fail(err, errlen, LINUX_ERR_ARGUMENT, "no output");
	memset(out, 0, sizeof(*out));
	/* An empty module is an image too short, like any other (whatever its address). */
	if (!len)
		return fail(err, errlen, LINUX_ERR_TRUNCATED, "truncated image: 0 bytes");
	if (!image)
		return fail(err, errlen, LINUX_ERR_ARGUMENT, "no image");
	rc = parse_header(image, len, out, err, errlen);
	if (rc)
		memset(out, 0, sizeof(*out)); /* nothing half-filled on failure */
	return rc;
}

static uint32_t e820_type_of(uint32_t mb2_type)
{
	switch (mb2_type) {
	case MB2_MMAP_AVAILABLE: return LINUX_E820_RAM;
	case MB2_MMAP_ACPI_RECLAIMABLE: return LINUX_E820_ACPI;
	case MB2_MMAP_ACPI_NVS: return LINUX_E820_NVS;
	case MB2_MMAP_BAD: return LINUX_E820_UNUSABLE;
	default: return LINUX_E820_RESERVED;
	}
}

struct e820_builder {
	struct linux_e820_entry *out;
	uint32_t count;
	uint32_t max;
	bool full;
};

static void e820_add(struct e820_builder *b, uint64_t start, uint64_t end, uint32_t type)
{
	if (start >= end)
		return;
	if (b->count == b->max) {
		b->full = true;
		return;
	}
	b->out[b->count].addr = start;
	b->out[b->count].size = end - start;
	b->out[b->count].type = type;
	b->count++;
}

/* A kept range rounded out to whole pages: the granularity of EPT. */
static void kept_pages(const struct linux_range *r, uint64_t *start, uint64_t *end)
{
	*start = align_down(r->base, PAGE_SIZE);
	*end = end_of(r->base, r->size);
	if (*end != UINT64_MAX)
		*end = align_up(*end, PAGE_SIZE);
}

/* RAM [start, end) in pieces: RAM outside the kept ranges, reserved inside. */
static void e820_add_ram(struct e820_builder *b, uint64_t start, uint64_t end,
			 const struct linux_range *kept, uint32_t kept_count)
{
	while (start < end) {
		uint64_t next = end, ks, ke;
		bool inside = false;
		uint32_t i;

		for (i = 0; i < kept_count; i++) {
			if (!kept[i].size)
				continue;
			kept_pages(&kept[i], &ks, &ke);
			if (ks <= start && start < ke) {
				inside = true;
				next = ke < end ? ke : end;
				break;
			}
			if (ks > start && ks < next)
				next = ks;
		}
		e820_add(b, start, next, inside ? LINUX_E820_RESERVED : LINUX_E820_RAM);
		start = next;
	}
}

static void e820_sort_and_merge(struct e820_builder *b)
{
	uint32_t i, j, n = 0;

	for (i = 1; i < b->count; i++) {
		struct linux_e820_entry e = b->out[i];

		for (j = i; j > 0 && b->out[j - 1].addr > e.addr; j--)
			b->out[j] = b->out[j - 1];
		b->out[j] = e;
	}
	for (i = 0; i < b->count; i++) {
		struct linux_e820_entry *last = n ? &b->out[n - 1] : NULL;

		if (last && last->type == b->out[i].type &&
		    last->addr + last->size == b->out[i].addr) {
			last->size += b->out[i].size;
			continue;
		}
		b->out[n++] = b->out[i];
	}
	b->count = n;
}

int linux_build_e820(const struct mb2_mmap_entry *mmap, uint32_t mmap_count,
		     const struct linux_range *kept, uint32_t kept_count,
		     struct linux_e820_entry *out, uint32_t max_out)
{
	struct e820_builder b = { .out = out, .max = max_out };
	uint32_t i;

	for (i = 0; i < mmap_count; i++) {
		uint64_t start = mmap[i].base, end = end_of(mmap[i].base, mmap[i].length);
		uint32_t type = e820_type_of(mmap[i].type);

		if (type == LINUX_E820_RAM)
			e820_add_ram(&b, start, end, kept, kept_count);
		else
			e820_add(&b, start, end, type);
	}
	if (b.full)
		return LINUX_ERR_E820_FULL;
	e820_sort_and_merge(&b);
	return (int)b.count;
}

/* Ranges a placement must stay clear of: busy ones and those placed before. */
struct taken {
	const struct linux_range *busy;
	uint32_t busy_count;
	struct linux_range placed[2];
	uint32_t placed_count;
};

static bool overlaps(uint64_t a, uint64_t a_end, const struct linux_range *r)
{
	return r->size && a < end_of(r->base, r->size) && r->base < a_end;
}

/* The first range [addr, addr + size) runs into, or NULL. */
static const struct linux_range *conflict(const struct taken *t, uint64_t addr, uint64_t size)
{
	uint64_t end = end_of(addr, size);
	uint32_t i;

	for (i = 0; i < t->busy_count; i++)
		if (overlaps(addr, end, &t->busy[i]))
			return &t->busy[i];
	for (i = 0; i < t->placed_count; i++)
		if (overlaps(addr, end, &t->placed[i]))
			return &t->placed[i];
	return NULL;
}

/* Inside one e820 RAM entry, and clear of everything taken. */
static bool ram_free(const struct linux_boot_plan *plan, const struct taken *t, uint64_t addr,
		     uint64_t size)
{
	uint32_t i;

	for (i = 0; i < plan->e820_count; i++) {
		const struct linux_e820_entry *e = &plan->e820[i];

		if (e->type == LINUX_E820_RAM && e->addr <= addr &&
		    end_of(addr, size) <= end_of(e->addr, e->size))
			return !conflict(t, addr, size);
	}
	return false;
}

/* The lowest address in [lo, hi) aligned to align where size bytes are free. */
static uint64_t find_lowest(const struct linux_boot_plan *plan, const struct taken *t, uint64_t lo,
			    uint64_t hi, uint64_t size, uint64_t align)
{
	uint32_t i;

	for (i = 0; i < plan->e820_count; i++) {
		const struct linux_e820_entry *e = &plan->e820[i];
		uint64_t end = end_of(e->addr, e->size), addr;

		if (e->type != LINUX_E820_RAM)
			continue;
		if (end > hi)
			end = hi;
		addr = align_up(e->addr > lo ? e->addr : lo, align);
		while (addr >= lo && addr < end && size <= end - addr) {
			const struct linux_range *c = conflict(t, addr, size);

			if (!c)
				return addr;
			addr = align_up(end_of(c->base, c->size), align);
		}
	}
	return 0;
}

/* The highest page-aligned address in [lo, hi) where size bytes are free. */
static uint64_t find_highest(const struct linux_boot_plan *plan, const struct taken *t, uint64_t lo,
			     uint64_t hi, uint64_t size)
{
	uint32_t i;

	for (i = plan->e820_count; i-- > 0;) {
		const struct linux_e820_entry *e = &plan->e820[i];
		uint64_t start = e->addr > lo ? e->addr : lo;
		uint64_t end = end_of(e->addr, e->size), addr;

		if (e->type != LINUX_E820_RAM)
			continue;
		if (end > hi)
			end = hi;
		if (end <= start || end - start < size)
			continue;
		addr = align_down(end - size, PAGE_SIZE);
		while (addr >= start) {
			const struct linux_range *c = conflict(t, addr, size);

			if (!c)
				return addr;
			if (c->base < start + size)
				break;
			addr = align_down(c->base - size, PAGE_SIZE);
		}
	}
	return 0;
}

/*
 * The alignment the kernel has at addr: the largest power of two up to
 * kernel_alignment dividing it, 0 if below min_alignment.  Written to the
 * zero page's kernel_alignment, it keeps Linux where it is loaded: its
 * 64-bit entry rounds its load address up to that field (boot protocol
 * 2.10+, arch/x86/boot/compressed/head_64.S).
 */
static uint64_t alignment_at(const struct linux_kernel_info *k, uint64_t addr)
{
	uint64_t align = k->kernel_alignment;

	while (align >= k->min_alignment && (addr & (align - 1)))
		align >>= 1;
	return align >= k->min_alignment ? align : 0;
}

/*
 * Where Linux will run is what must be free: a relocatable kernel never
 * runs below pref_address (its LOAD_PHYSICAL_ADDR: head_64.S moves itself
 * up to it), so the search starts there, and the address it is loaded at
 * is where it runs, [addr, addr + init_size).
 */
static int place_kernel(struct linux_boot_plan *plan, struct taken *t, char *err, size_t errlen)
{
	const struct linux_kernel_info *k = &plan->kernel;
	uint64_t hi =
		k->xloadflags & LINUX_XLF_CAN_BE_LOADED_ABOVE_4G ? LINUX_MAX_IDENTITY : 4 * GIB;
	uint64_t low = k->pref_address > MIB ? k->pref_address : MIB;
	uint64_t align = 0, addr = 0;

	if (k->pref_address >= MIB && end_of(k->pref_address, k->kernel_span) <= hi &&
	    ram_free(plan, t, k->pref_address, k->kernel_span) &&
	    (!k->relocatable || (align = alignment_at(k, k->pref_address)))) {
		addr = k->pref_address;
		if (!k->relocatable)
			align = k->kernel_alignment;
	} else if (k->relocatable) {
		for (align = k->kernel_alignment; align >= k->min_alignment && !addr; align >>= 1)
			addr = find_lowest(plan, t, low, hi, k->kernel_span, align);
		align <<= 1;
	}
	if (!addr) {
		if (!k->relocatable)
			return fail(
				err, errlen, LINUX_ERR_NO_ROOM_KERNEL,
				"the kernel is not relocatable and [%#llx, +%#llx) is not free guest RAM",
				(unsigned long long)k->pref_address,
				(unsigned long long)k->kernel_span);
		return fail(err, errlen, LINUX_ERR_NO_ROOM_KERNEL,
			    "no free guest RAM for the kernel's %llu KiB from %#llx, where it runs",
			    (unsigned long long)(k->kernel_span >> 10), (unsigned long long)low);
	}
	plan->kernel_addr = addr;
	plan->kernel_align = align;
	t->placed[t->placed_count++] = (struct linux_range){ addr, k->kernel_span };
	return LINUX_OK;
}

static int place_initrd(struct linux_boot_plan *plan, struct taken *t, uint64_t size, char *err,
			size_t errlen)
{
	const struct linux_kernel_info *k = &plan->kernel;
	uint64_t limit = (uint64_t)k->initrd_addr_max + 1, addr;

	if (!size)
		return LINUX_OK;
	addr = find_highest(plan, t, MIB, limit < 4 * GIB ? limit : 4 * GIB, size);
	if (!addr && (k->xloadflags & LINUX_XLF_CAN_BE_LOADED_ABOVE_4G))
		addr = find_highest(plan, t, 4 * GIB, LINUX_MAX_IDENTITY, size);
	if (!addr)
		return fail(err, errlen, LINUX_ERR_INITRD_NO_ROOM,
			    "the initramfs (%llu KiB) does not fit in free guest RAM below %#llx",
			    (unsigned long long)(size >> 10),
			    (unsigned long long)((k->xloadflags & LINUX_XLF_CAN_BE_LOADED_ABOVE_4G)
							 ? LINUX_MAX_IDENTITY
							 : limit));
	plan->initrd_addr = addr;
	plan->initrd_size = size;
	t->placed[t->placed_count++] = (struct linux_range){ addr, size };
	return LINUX_OK;
}

static int place_boot_area(struct linux_boot_plan *plan, const struct taken *t, size_t cmdline_len,
			   char *err, size_t errlen)
{
	uint64_t high = end_of(plan->kernel_addr, plan->kernel.kernel_span);
	uint64_t cmdline_bytes = align_up(cmdline_len + 1, PAGE_SIZE), table_pages;

	if (plan->initrd_size && end_of(plan->initrd_addr, plan->initrd_size) > high)
		high = end_of(plan->initrd_addr, plan->initrd_size);
	plan->identity_end = high > 4 * GIB ? align_up(high, GIB) : 4 * GIB;
	/* PML4, PDPT, then one page directory of 2 MiB pages per GiB. */
	table_pages = 2 + plan->identity_end / GIB;
	plan->area_size = PAGE_SIZE + cmdline_bytes + PAGE_SIZE + table_pages * PAGE_SIZE;
	plan->area_addr = find_highest(plan, t, PAGE_SIZE, LINUX_BOOT_AREA_LIMIT, plan->area_size);
	if (!plan->area_addr)
		return fail(err, errlen, LINUX_ERR_NO_BOOT_AREA,
			    "no %llu KiB of free guest RAM below 1 MiB for the boot data",
			    (unsigned long long)(plan->area_size >> 10));
	plan->boot_params_addr = plan->area_addr;
	plan->cmdline_addr = plan->boot_params_addr + PAGE_SIZE;
	plan->gdt_addr = plan->cmdline_addr + cmdline_bytes;
	plan->tables_addr = plan->gdt_addr + PAGE_SIZE;
	return LINUX_OK;
}

int linux_plan(const struct linux_boot_request *req, struct linux_boot_plan *plan, char *err,
	       size_t errlen)
{
	struct taken t = { 0 };
	size_t cmdline_len;
	int rc;

	if (!req || !plan || (!req->mmap && req->mmap_count) || (!req->kept && req->kept_count) ||
	    (!req->busy && req->busy_count))
		return fail(err, errlen, LINUX_ERR_ARGUMENT, "bad arguments");
	memset(plan, 0, sizeof(*plan));
	rc = linux_parse_header(req->image, req->image_len, &plan->kernel, err, errlen);
	if (rc)
		return rc;
	cmdline_len =
		req->cmdline ? strnlen(req->cmdline, (size_t)plan->kernel.cmdline_size + 1) : 0;
	if (cmdline_len > plan->kernel.cmdline_size)
		return fail(err, errlen, LINUX_ERR_CMDLINE_TOO_LONG,
			    "the command line is longer than the kernel's %u bytes",
			    plan->kernel.cmdline_size);
	rc = linux_build_e820(req->mmap, req->mmap_count, req->kept, req->kept_count, plan->e820,
			      LINUX_E820_MAX);
	if (rc < 0)
		return fail(err, errlen, rc, "the memory map needs more than %u e820 entries",
			    LINUX_E820_MAX);
	plan->e820_count = (uint32_t)rc;
	t.busy = req->busy;
	t.busy_count = req->busy_count;
	rc = place_kernel(plan, &t, err, errlen);
	if (!rc)
		rc = place_initrd(plan, &t, req->initrd_size, err, errlen);
	if (!rc)
		rc = place_boot_area(plan, &t, cmdline_len, err, errlen);
	return rc;
}

static void fill_screen_info(const struct mb2_framebuffer *fb, struct linux_screen_info *si)
{
	uint64_t bytes = (uint64_t)fb->pitch * fb->height;

	if (fb->type == MB2_FB_TYPE_EGA_TEXT) {
		si->orig_video_isVGA = LINUX_VIDEO_TYPE_VGAC;
		si->orig_video_mode = 3; /* 80x25 colour text */
		si->orig_video_cols = (uint8_t)fb->width;
		si->orig_video_lines = (uint8_t)fb->height;
		si->orig_video_points = 16;
		return;
	}
	if (fb->type != MB2_FB_TYPE_RGB)
		return;
	si->orig_video_isVGA = LINUX_VIDEO_TYPE_VLFB;
	si->lfb_width = (uint16_t)fb->width;
	si->lfb_height = (uint16_t)fb->height;
	si->lfb_depth = fb->bpp;
	si->lfb_linelength = (uint16_t)fb->pitch;
	si->lfb_base = (uint32_t)fb->addr;
	si->ext_lfb_base = (uint32_t)(fb->addr >> 32);
	if (si->ext_lfb_base)
		si->capabilities |= LINUX_VIDEO_CAPABILITY_64BIT_BASE;
	/* In 64 KiB units for VIDEO_TYPE_VLFB, as the VESA BIOS reports it. */
	si->lfb_size = (uint32_t)(align_up(bytes, 1ull << 16) >> 16);
	si->red_size = fb->red_mask_size;
	si->red_pos = fb->red_position;
	si->green_size = fb->green_mask_size;
	si->green_pos = fb->green_position;
	si->blue_size = fb->blue_mask_size;
	si->blue_pos = fb->blue_position;
	si->pages = 1;
}

void linux_fill_boot_params(const struct linux_boot_request *req,
			    const struct linux_boot_plan *plan, struct linux_boot_params *bp)
{
	const struct linux_kernel_info *k = &plan->kernel;
	size_t copy = k->header_end - LINUX_SETUP_HEADER_OFFSET;

	memset(bp, 0, sizeof(*bp));
	memcpy(&bp->hdr, (const uint8_t *)req->image + LINUX_SETUP_HEADER_OFFSET,
	       copy < sizeof(bp->hdr) ? copy : sizeof(bp->hdr));
	bp->hdr.type_of_loader = LINUX_LOADER_UNDEFINED;
	bp->hdr.vid_mode = LINUX_VID_MODE_NORMAL;
	/* No real-mode setup runs, so there is no heap to offer it. */
	bp->hdr.loadflags &= (uint8_t)~LINUX_CAN_USE_HEAP;
	bp->hdr.code32_start = (uint32_t)plan->kernel_addr;
	if (k->relocatable)
		bp->hdr.kernel_alignment = (uint32_t)plan->kernel_align;
	bp->hdr.cmd_line_ptr = (uint32_t)plan->cmdline_addr;
	bp->ext_cmd_line_ptr = (uint32_t)(plan->cmdline_addr >> 32);
	bp->hdr.ramdisk_image = (uint32_t)plan->initrd_addr;
	bp->ext_ramdisk_image = (uint32_t)(plan->initrd_addr >> 32);
	bp->hdr.ramdisk_size = (uint32_t)plan->initrd_size;
	bp->ext_ramdisk_size = (uint32_t)(plan->initrd_size >> 32);
	memcpy(bp->e820_table, plan->e820, plan->e820_count * sizeof(plan->e820[0]));
	bp->e820_entries = (uint8_t)plan->e820_count;
	if (k->version >= LINUX_PROTOCOL_RSDP)
		bp->acpi_rsdp_addr = req->rsdp_addr;
	if (req->fb)
		fill_screen_info(req->fb, &bp->screen_info);
}
