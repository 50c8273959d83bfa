#include "kernel/bootinfo.h"
#include "arch/x86/console.h"
#include "lib/escape.h"

/* GRUB places the information below 4 GiB, which the boot tables map. */
#define MB2_INFO_MAX_LEN (16ull << 20)

struct mb2_info boot;
static uint64_t info_at;

void bootinfo_range(uint64_t *base, uint64_t *end)
{
	*base = info_at;
	*end = info_at + boot.total_size;
}

bool bootinfo_load(uint32_t magic, uint64_t info_phys)
{
	char err[160];
	uint64_t max_len = BOOT_IDENTITY_MAPPED - info_phys;

	if (magic != MB2_BOOTLOADER_MAGIC) {
		kalways("boot: EAX=0x%x is not the Multiboot2 magic 0x%x: "
			"boot this kernel with GRUB 2's multiboot2 command\n",
			magic, MB2_BOOTLOADER_MAGIC);
		return false;
	}
	if (max_len > MB2_INFO_MAX_LEN)
		max_len = MB2_INFO_MAX_LEN;
	if (mb2_parse((const void *)(uintptr_t)info_phys, max_len, &boot, err, sizeof(err)) < 0) {
		kalways("boot: the boot information at 0x%lx is malformed: %s\n",
			(unsigned long)info_phys, err);
		return false;
	}
	info_at = info_phys;
	/* A cut line could change an option's value: act on none of it. */
	if (boot.cmdline_truncated) {
		kprintf("boot: the command line is longer than %u bytes; ignoring all of it\n",
			MB2_CMDLINE_MAX - 1);
		boot.cmdline[0] = '\0';
	}
	return true;
}

uint64_t bootinfo_usable_bytes(void)
{
	uint64_t total = 0;

	for (uint32_t i = 0; i < boot.mmap_count; i++)
		if (boot.mmap[i].type == MB2_MMAP_AVAILABLE)
			total += boot.mmap[i].length;
	return total;
}

static void print_memory_map(void)
{
	for (uint32_t i = 0; i < boot.mmap_count; i++) {
		const struct mb2_mmap_entry *e = &boot.mmap[i];
		kprintf("mmap base=0x%016lx end=0x%016lx type=%s\n", (unsigned long)e->base,
			(unsigned long)(e->base + e->length), mb2_mmap_type_name(e->type));
	}
	if (boot.mmap_dropped)
		kalways("mmap: more than %u entries; the rest are ignored\n", boot.mmap_count);
	kprintf("memory usable=%lu KiB (%lu MiB)\n", (unsigned long)(bootinfo_usable_bytes() >> 10),
		(unsigned long)(bootinfo_usable_bytes() >> 20));
}

/* Strings from outside are printed escaped: none can start a line of its own. */
void bootinfo_print(void)
{
	static char cmdline[ESCAPED_SIZE(MB2_CMDLINE_MAX)];
	char loader[ESCAPED_SIZE(MB2_LOADER_NAME_MAX)];

	kprintf("boot loader=\"%s\" cmdline=\"%s\"\n",
		escape_string(loader, sizeof(loader), boot.loader_name, sizeof(boot.loader_name)),
		escape_string(cmdline, sizeof(cmdline), boot.cmdline, sizeof(boot.cmdline)));
	print_memory_map();
	if (boot.has_rsdp)
		kprintf("acpi rsdp=v%u\n", boot.rsdp_version);
	else
		kalways("acpi: the boot loader passed no ACPI RSDP\n");
	if (boot.has_framebuffer)
		kprintf("framebuffer addr=0x%lx %ux%u bpp=%u type=%u\n",
			(unsigned long)boot.fb.addr, boot.fb.width, boot.fb.height, boot.fb.bpp,
			boot.fb.type);
}
