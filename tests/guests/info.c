/*
 * What the loader handed over, printed line by line (tests/guests/README.md
 * lists the lines).  Multiboot 0.6.96 3.3 and Multiboot2 2.0 3.6 layouts,
 * from the same include/ constants the hypervisor's builder uses; in the
 * bare test GRUB is the independent party that checks them.
 */
#include "include/multiboot1.h"
#include "lib/multiboot2.h"
#include "tests/guests/mbtest.h"

#define STRING_MAX 256
#define PEEK_BYTES 8

static uint32_t rd32(uint32_t addr)
{
	return *(const volatile uint32_t *)(uintptr_t)addr;
}

static uint64_t rd64(uint32_t addr)
{
	return rd32(addr) | ((uint64_t)rd32(addr + 4) << 32);
}

static const char *str_at(uint32_t addr)
{
	return (const char *)(uintptr_t)addr;
}

static void line_begin(const char *what)
{
	put_str("mbtest: ");
	put_str(what);
}

static void print_mmap_entry(uint32_t i, uint64_t base, uint64_t len, uint32_t type)
{
	line_begin("mmap ");
	put_dec(i);
	put_str(" base=");
	put_hex(base);
	put_str(" length=");
	put_hex(len);
	put_str(" type=");
	put_dec(type);
	put_str("\n");
}

/* The first bytes of a module's content, as hex pairs. */
static void print_module(uint32_t i, uint32_t start, uint32_t end, const char *string)
{
	uint32_t b;

	line_begin("module ");
	put_dec(i);
	put_str(" start=");
	put_hex(start);
	put_str(" end=");
	put_hex(end);
	put_str(" string=");
	put_quoted(string, STRING_MAX);
	put_str(" head=");
	for (b = 0; b < PEEK_BYTES && start + b < end; b++) {
		uint8_t c = *(const volatile uint8_t *)(uintptr_t)(start + b);

		put_str((const char[]){ "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15],
					0 });
	}
	put_str("\n");
}

static void print_string(const char *what, const char *s)
{
	line_begin(what);
	put_quoted(s, STRING_MAX);
	put_str("\n");
}

static void print_mem(uint32_t lower, uint32_t upper)
{
	line_begin("mem_lower=");
	put_dec(lower);
	put_str(" mem_upper=");
	put_dec(upper);
	put_str("\n");
}

void print_mb1_info(uint32_t info, struct options *opt)
{
	uint32_t flags = rd32(info + MB1_INFO_FLAGS), i, a, end;

	line_begin("flags=");
	put_hex(flags);
	put_str("\n");
	if (flags & MB1_INFO_MEMORY)
		print_mem(rd32(info + MB1_INFO_MEM_LOWER), rd32(info + MB1_INFO_MEM_UPPER));
	if (flags & MB1_INFO_MEM_MAP) {
		a = rd32(info + MB1_INFO_MMAP_ADDR);
		end = a + rd32(info + MB1_INFO_MMAP_LENGTH);
		for (i = 0; a < end; i++, a += rd32(a) + 4)
			print_mmap_entry(i, rd64(a + 4), rd64(a + 12), rd32(a + 20));
	}
	if (flags & MB1_INFO_CMDLINE) {
		opt->cmdline = str_at(rd32(info + MB1_INFO_CMDLINE_ADDR));
		print_string("cmdline=", opt->cmdline);
	}
	if (flags & MB1_INFO_MODS) {
		a = rd32(info + MB1_INFO_MODS_ADDR);
		line_begin("modules=");
		put_dec(rd32(info + MB1_INFO_MODS_COUNT));
		put_str("\n");
		for (i = 0; i < rd32(info + MB1_INFO_MODS_COUNT); i++, a += MB1_MODULE_SIZE)
			print_module(i, rd32(a), rd32(a + 4), str_at(rd32(a + 8)));
	}
	if (flags & MB1_INFO_LOADER_NAME)
		print_string("loader=", str_at(rd32(info + MB1_INFO_LOADER_NAME_ADDR)));
	if (flags & MB1_INFO_FRAMEBUFFER) {
		line_begin("framebuffer addr=");
		put_hex(rd64(info + MB1_INFO_FB_ADDR));
		put_str(" width=");
		put_dec(rd32(info + MB1_INFO_FB_WIDTH));
		put_str(" height=");
		put_dec(rd32(info + MB1_INFO_FB_HEIGHT));
		put_str("\n");
	}
}

static void print_mb2_mmap(uint32_t tag, uint32_t size)
{
	uint32_t entry_size = rd32(tag + 8), a, i;

	line_begin("mmap entry_size=");
	put_dec(entry_size);
	put_str(" entry_version=");
	put_dec(rd32(tag + 12));
	put_str("\n");
	if (entry_size < 24)
		return;
	for (a = tag + 16, i = 0; a + entry_size <= tag + size; a += entry_size, i++)
		print_mmap_entry(i, rd64(a), rd64(a + 8), rd32(a + 16));
}

static void print_rsdp(uint32_t tag, uint32_t type, struct options *opt)
{
	opt->rsdp_addr = tag + 8;
	line_begin("rsdp v");
	put_dec(type == MB2_TAG_ACPI_NEW_RSDP ? 2 : 1);
	put_str(" oem=");
	put_quoted((const char[]){ *str_at(tag + 17), *str_at(tag + 18), *str_at(tag + 19),
				   *str_at(tag + 20), *str_at(tag + 21), *str_at(tag + 22), 0 },
		   6);
	put_str("\n");
}

static void print_mb2_tag(uint32_t tag, uint32_t type, uint32_t size, struct options *opt,
			  uint32_t *modules)
{
	switch (type) {
	case MB2_TAG_CMDLINE:
		opt->cmdline = str_at(tag + 8);
		print_string("cmdline=", opt->cmdline);
		break;
	case MB2_TAG_LOADER_NAME: print_string("loader=", str_at(tag + 8)); break;
	case MB2_TAG_MODULE:
		print_module((*modules)++, rd32(tag + 8), rd32(tag + 12), str_at(tag + 16));
		break;
	case MB2_TAG_BASIC_MEMINFO: print_mem(rd32(tag + 8), rd32(tag + 12)); break;
	case MB2_TAG_MMAP: print_mb2_mmap(tag, size); break;
	case MB2_TAG_FRAMEBUFFER:
		line_begin("framebuffer addr=");
		put_hex(rd64(tag + 8));
		put_str(" width=");
		put_dec(rd32(tag + 20));
		put_str(" height=");
		put_dec(rd32(tag + 24));
		put_str(" type=");
		put_dec(*(const volatile uint8_t *)(uintptr_t)(tag + 29));
		put_str("\n");
		break;
	case MB2_TAG_ACPI_OLD_RSDP:
	case MB2_TAG_ACPI_NEW_RSDP: print_rsdp(tag, type, opt); break;
	default: break;
	}
}

void print_mb2_info(uint32_t info, struct options *opt)
{
	uint32_t total = rd32(info), tag = info + 8, type, size, modules = 0;

	line_begin("total_size=");
	put_dec(total);
	put_str("\n");
	while (tag + 8 <= info + total) {
		type = rd32(tag);
		size = rd32(tag + 4);
		if (type == MB2_TAG_END || size < 8)
			break;
		line_begin("tag type=");
		put_dec(type);
		put_str(" size=");
		put_dec(size);
		put_str("\n");
		print_mb2_tag(tag, type, size, opt, &modules);
		tag += (size + 7) & ~7u;
	}
	line_begin("modules=");
	put_dec(modules);
	put_str("\n");
}

static bool word_start(const char *cmdline, const char *p)
{
	return p == cmdline || p[-1] == ' ';
}

/* The value after "key=" in a space-separated command line. */
const char *option(const char *cmdline, const char *key, size_t *len)
{
	size_t klen = strlen(key);
	const char *p;

	for (p = cmdline; cmdline && *p; p++) {
		if (!word_start(cmdline, p) || memcmp(p, key, klen) || p[klen] != '=')
			continue;
		p += klen + 1;
		for (*len = 0; p[*len] && p[*len] != ' '; (*len)++)
			;
		return p;
	}
	return NULL;
}

bool has_word(const char *cmdline, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = cmdline; cmdline && *p; p++)
		if (word_start(cmdline, p) && !memcmp(p, word, n) && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}
