/*
 * A Multiboot or Multiboot2 kernel as the guest of every core
 * (guest_stage.h): loaded by its specification (Multiboot 0.6.96 3,
 * Multiboot2 2.0 3) into the memory the hypervisor does not keep, its boot
 * information built as GRUB would, the boot processor entered in 32-bit
 * protected mode (arch/x86/guests/multiboot.h), the APs started by the
 * kernel's own INIT-SIPI-SIPI.  It ends by power-off or reset, a triple
 * fault, or the test kernels' conventions: its status written to QEMU's
 * isa-debug-exit port, "Shutdown" written to Bochs's port
 * (lib/emulator_ports.h).
 *
 * Its memory: every byte of RAM the allocator still has free, the kernel
 * module's own (its bytes are copied out first, so the kernel may load over
 * them), and a window where the hypervisor's own image sits (1 MiB, where
 * most Multiboot kernels are linked), backed by other pages through the EPT
 * (os_back_window), so the guest has memory from 1 MiB up as on a machine
 * of its own (mem_upper).  The modules after it stay where GRUB put them, in
 * the guest's view; everything else the hypervisor keeps is reserved in the
 * guest's memory map and left out of its EPT, as for Linux.
 */
#include <string.h>

#include "arch/x86/console.h"
#include "arch/x86/guests/multiboot.h"
#include "arch/x86/memory.h"
#include "kernel/bootinfo.h"
#include "kernel/guest_setup.h"
#include "kernel/guest_stage_internal.h"
#include "kernel/linux_power.h"
#include "include/config.h"
#include "include/multiboot1.h"
#include "lib/emulator_ports.h"
#include "lib/escape.h"
#include "lib/linux_boot.h"
#include "lib/multiboot_info.h"
#include "lib/multiboot_load.h"
#include "lib/multiboot_mmap.h"

#define FOUR_GIB       (1ull << 32)
#define MIB	       (1ull << 20)
#define INFO_MAX       (64u * 1024)
/* Where the boot information goes if it is free: low memory, as GRUB places it. */
#define INFO_PREFERRED 0x10000u
#define LOADER_NAME    "hypervisor64 (GRUB 2 below it)"
#define MMAP_MAX       (CONFIG_MAX_MMAP + PMM_MAX_RANGES + LINUX_E820_MAX)
#define RANGES_MAX     (PMM_MAX_RANGES + LINUX_E820_MAX + MB2_MAX_MODULES)

static struct {
	bool wanted;
	const char *refused; /* why the kernel was not started, or NULL */
	enum os_end end;
	uint32_t status;
} result;

static struct linux_range kept[PMM_MAX_RANGES + LINUX_E820_MAX];
static struct mb_range hidden[RANGES_MAX], forbidden[RANGES_MAX], ram[CONFIG_MAX_MMAP];
static uint32_t hidden_count, forbidden_count, ram_count;
static struct mb2_mmap_entry guest_mmap[MMAP_MAX];
static struct mb_module_desc modules[MB2_MAX_MODULES];
static struct mb_load_plan plan;
static struct shutdown_port shutdown_port;
static uint8_t info_buffer[INFO_MAX];
/* The hypervisor's image as the guest sees it: [base, end) of guest memory, backed at host. */
static struct {
	uint64_t base, end, host;
} window;

static bool refuse(const char *error, const char *detail)
{
	result.refused = error;
	kalways("multiboot: not started (%s): %s\n", error, detail);
	os_cancel();
	return false;
}

/* ---- Which memory is whose -------------------------------------------------- */

static void add(struct mb_range *list, uint32_t *count, uint64_t base, uint64_t end)
{
	if (end > base && *count < RANGES_MAX)
		list[(*count)++] = (struct mb_range){ base, end };
}

/*
 * What is the guest's though the hypervisor's allocator keeps it: each
 * module, the window, and GRUB's boot information (copied into `boot`), so
 * that the guest's memory runs on from 1 MiB as on a machine of its own.
 */
static bool guest_owned(uint32_t i, uint64_t *base, uint64_t *end)
{
	if (i < boot.module_count) {
		*base = boot.modules[i].start;
		*end = boot.modules[i].end;
	} else if (i == boot.module_count) {
		*base = window.base;
		*end = window.end;
	} else if (i == boot.module_count + 1) {
		bootinfo_range(base, end);
	} else {
		return false;
	}
	*base &= ~(PAGE_SIZE - 1);
	*end = (*end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	return true;
}

/* [base, end) less everything guest_owned() from i on: what of it the hypervisor keeps. */
static void add_less_guest_owned(uint64_t base, uint64_t end, uint32_t i)
{
	uint64_t o_base, o_end;

	for (; base < end && guest_owned(i, &o_base, &o_end); i++) {
		if (o_end <= base || o_base >= end)
			continue;
		add_less_guest_owned(base, o_base, i + 1);
		base = o_end;
	}
	add(hidden, &hidden_count, base, end);
}

/*
 * hidden: the hypervisor's memory (kept, less the modules and the window);
 * forbidden: where the kernel may not load (hidden, and the modules after it);
 * ram: the machine's usable RAM.
 */
static bool sort_out_memory(void)
{
	uint32_t kept_count;

	if (!guest_kept_ranges(kept, sizeof(kept) / sizeof(kept[0]), &kept_count))
		return refuse(
			"memory-map-too-fragmented",
			"the hypervisor's memory does not fit in the list kept from the guest");
	hidden_count = forbidden_count = ram_count = 0;
	for (uint32_t i = 0; i < kept_count; i++)
		add_less_guest_owned(kept[i].base, kept[i].base + kept[i].size, 0);
	for (uint32_t i = 0; i < hidden_count; i++)
		add(forbidden, &forbidden_count, hidden[i].base, hidden[i].end);
	for (uint32_t i = 1; i < boot.module_count; i++)
		add(forbidden, &forbidden_count, boot.modules[i].start, boot.modules[i].end);
	for (uint32_t i = 0; i < boot.mmap_count && ram_count < CONFIG_MAX_MMAP; i++)
		if (boot.mmap[i].type == MB2_MMAP_AVAILABLE)
			ram[ram_count++] =
				(struct mb_range){ boot.mmap[i].base,
						   boot.mmap[i].base + boot.mmap[i].length };
	return true;
}

/* ---- The boot information's place ----------------------------------------- */

static bool overlaps(uint64_t base, uint64_t end, const struct mb_range *list, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++)
		if (base < list[i].end && list[i].base < end)
			return true;
	return false;
}

static bool inside_ram(uint64_t base, uint64_t end)
{
	for (uint32_t i = 0; i < ram_count; i++)
		if (base >= ram[i].base && end <= ram[i].end)
			return true;
	return false;
}

static bool info_fits(uint64_t base)
{
	uint64_t end = base + INFO_MAX;
	struct mb_range segs[MB_LOAD_MAX_SEGMENTS];

	for (uint32_t i = 0; i < plan.count; i++)
		segs[i] = (struct mb_range){ plan.seg[i].dest,
					     plan.seg[i].dest + plan.seg[i].mem_bytes };
	return end <= FOUR_GIB && inside_ram(base, end) && !overlaps(base, end, segs, plan.count) &&
	       !overlaps(base, end, forbidden, forbidden_count) &&
	       !overlaps(base, end, (const struct mb_range[]){ { 0, PAGE_SIZE } }, 1);
}

/* Low memory first, as GRUB places it; else just past a segment or a module. */
static bool choose_info_address(uint32_t *out)
{
	uint64_t candidates[1 + MB_LOAD_MAX_SEGMENTS + MB2_MAX_MODULES];
	unsigned n = 0;

	candidates[n++] = INFO_PREFERRED;
	for (uint32_t i = 0; i < plan.count; i++)
		candidates[n++] = (plan.seg[i].dest + plan.seg[i].mem_bytes + PAGE_SIZE - 1) &
				  ~(PAGE_SIZE - 1);
	for (uint32_t i = 0; i < boot.module_count; i++)
		candidates[n++] =
			((uint64_t)boot.modules[i].end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	for (unsigned i = 0; i < n; i++) {
		if (info_fits(candidates[i])) {
			*out = (uint32_t)candidates[i];
			return true;
		}
	}
	return false;
}

/* ---- Loading ---------------------------------------------------------------- */

/* Guest memory [gpa, gpa + len) as the hypervisor writes it: in pieces that do not cross the window's edges. */
static uint64_t piece(uint64_t gpa, uint64_t len, uint8_t **host)
{
	uint64_t edge = gpa < window.base ? window.base : gpa < window.end ? window.end : ~0ull;

	*host = (uint8_t *)(uintptr_t)os_guest_to_host(gpa);
	return edge - gpa < len ? edge - gpa : len;
}

static void copy_to_guest(uint64_t gpa, const uint8_t *src, uint64_t len)
{
	for (uint64_t done = 0, n; done < len; done += n) {
		uint8_t *host;
		n = piece(gpa + done, len - done, &host);
		if (src)
			memcpy(host, src + done, n);
		else
			memset(host, 0, n);
	}
}

static void load_segments(const uint8_t *image)
{
	for (uint32_t i = 0; i < plan.count; i++) {
		const struct mb_segment *s = &plan.seg[i];
		copy_to_guest(s->dest, image + s->file_offset, s->file_bytes);
		copy_to_guest(s->dest + s->file_bytes, NULL, s->mem_bytes - s->file_bytes);
	}
}

static bool build_info(const struct guest_image *image, uint32_t at, uint32_t *magic)
{
	struct mb_info_desc desc = { 0 };
	uint32_t mmap_count, size, carve_count = 0;
	struct mb_range carve[RANGES_MAX];
	const char *reason;
	bool ok;

	/* The first MiB is the guest's as the firmware left it (guest_hide_range does not hide it). */
	for (uint32_t i = 0; i < hidden_count; i++)
		if (hidden[i].end > MIB)
			carve[carve_count++] =
				(struct mb_range){ hidden[i].base < MIB ? MIB : hidden[i].base,
						   hidden[i].end };
	if (!mb_mmap_carve(boot.mmap, boot.mmap_count, carve, carve_count, guest_mmap, MMAP_MAX,
			   &mmap_count, &reason))
		return refuse(reason, "the guest's memory map does not fit");
	for (uint32_t i = 1; i < boot.module_count; i++)
		modules[i - 1] =
			(struct mb_module_desc){ boot.modules[i].start, boot.modules[i].end,
						 boot.modules[i].string };
	desc.mmap = guest_mmap;
	desc.mmap_count = mmap_count;
	desc.cmdline = boot.modules[0].string;
	desc.modules = modules;
	desc.module_count = boot.module_count - 1;
	desc.loader_name = LOADER_NAME;
	if (boot.has_rsdp) {
		desc.rsdp = boot.rsdp;
		desc.rsdp_len = boot.rsdp_len;
	}
	desc.fb = boot.has_framebuffer ? &boot.fb : NULL;
	if (image->kind == GUEST_IMAGE_MULTIBOOT2) {
		ok = mb2_build_info(&desc, info_buffer, INFO_MAX, at, &size, &reason);
		*magic = MB2_BOOTLOADER_MAGIC;
	} else {
		ok = mb1_build_info(&desc, info_buffer, INFO_MAX, at, &size, &reason);
		*magic = MB1_BOOTLOADER_MAGIC;
	}
	if (!ok)
		return refuse(reason, "the boot information could not be written");
	copy_to_guest(at, info_buffer, size);
	kprintf("multiboot: %u memory map entries, %u modules, boot information at 0x%x (%u "
		"bytes)\n",
		mmap_count, desc.module_count, at, size);
	return true;
}

/*
 * What can be checked before anything is set aside for the guest: the plan
 * with the memory free now (later allocations only take from it, so what
 * does not fit now never will; the real plan follows).
 */
static bool check_plan(const struct guest_image *image)
{
	size_t len;
	const void *module = guest_module_bytes(0, &len);
	const char *reason;

	if (!sort_out_memory())
		return false;
	if (!mb_load_plan(module, len, image, ram, ram_count, forbidden, forbidden_count, &plan,
			  &reason))
		return refuse(reason, "the kernel's segments cannot be loaded here");
	return true;
}

/* The plan, with the image copied out of the module the kernel may load over. */
static bool plan_and_load(const struct guest_image *image, struct os_config *config)
{
	size_t len;
	const void *module = guest_module_bytes(0, &len);
	uint8_t *copy = page_alloc(len ? len : 1, ANYWHERE);
	const char *reason;
	uint32_t info, magic;

	if (!copy)
		return refuse("no-memory", "no memory to copy the kernel image out of its module");
	memcpy(copy, module, len);
	if (!window.host) {
		void *backing = page_alloc(window.end - window.base, ANYWHERE);
		if (!backing)
			return refuse("no-memory",
				      "no memory for the pages behind the hypervisor's image");
		window.host = (uint64_t)(uintptr_t)backing;
	}
	if (!sort_out_memory())
		return false;
	if (!mb_load_plan(copy, len, image, ram, ram_count, forbidden, forbidden_count, &plan,
			  &reason))
		return refuse(reason, "the kernel's segments cannot be loaded here");
	if (!choose_info_address(&info))
		return refuse("no-room-for-info", "no free memory below 4 GiB for the boot "
						  "information");
	for (uint32_t i = 0; i < hidden_count; i++)
		if (!guest_hide_range(hidden[i].base, hidden[i].end))
			return refuse("ept-tables-exhausted", "the EPT ran out of tables while "
							      "hiding the hypervisor's memory");
	if (!guest_hide_range(window.base, window.end) ||
	    !os_back_window(window.base, window.host, window.end - window.base))
		return refuse("ept-tables-exhausted",
			      "the EPT could not put other pages behind the hypervisor's image");
	memory_seal(); /* what is free now is the guest's */
	load_segments(copy);
	if (!build_info(image, info, &magic))
		return false;
	multiboot_bsp_state(plan.entry, magic, info, &config->bsp_state, &config->bsp_regs);
	kprintf("multiboot: %s kernel, %u segments (%s), entry 0x%x\n",
		guest_image_kind_name(image->kind), plan.count,
		plan.from_aout ? "a.out kludge"
		: plan.elf64   ? "ELF64"
			       : "ELF32",
		plan.entry);
	for (uint32_t i = 0; i < plan.count; i++)
		kverbose(
			"multiboot: segment %u at 0x%lx: %lu bytes from the image, %lu in memory\n",
			i, (unsigned long)plan.seg[i].dest, (unsigned long)plan.seg[i].file_bytes,
			(unsigned long)plan.seg[i].mem_bytes);
	return true;
}

/* ---- Its ways out ----------------------------------------------------------- */

static struct os_io_verdict decide(uint16_t port, unsigned size, bool in, uint32_t value)
{
	/* The report's witness (lib/emulator_ports.h): writes dropped, reads as no device. */
	if (debug_console_port(port, size))
		return (struct os_io_verdict){ OS_IO_IGNORE, OS_RUNNING, 0 };
	if (debug_exit_port(port, size))
		return in ? (struct os_io_verdict){ OS_IO_IGNORE, OS_RUNNING, 0 }
			  : (struct os_io_verdict){ OS_IO_END, OS_STATUS, value };
	if (port == BOCHS_SHUTDOWN_PORT) {
		if (!in && shutdown_port_write(&shutdown_port, (uint8_t)value))
			return (struct os_io_verdict){ OS_IO_END, OS_POWEROFF, 0 };
		return (struct os_io_verdict){ OS_IO_IGNORE, OS_RUNNING, 0 };
	}
	return linux_power_decide(port, size, in, value);
}

bool multiboot_stage_run(const struct guest_image *image, const char *refused,
			 const struct boot_options *o)
{
	struct os_config config = { .kind = &multiboot_kind, .display = "the Multiboot kernel" };
	char shown[200];
	const char *why;

	result.wanted = true;
	if (!image)
		return refuse(
			refused,
			"its Multiboot header is refused (README, Any Multiboot kernel as the guest)");
	if (boot.modules_dropped)
		kalways("multiboot: more modules than the hypervisor keeps; only the first %u are "
			"used\n",
			MB2_MAX_MODULES);
	for (uint32_t i = 0; i < boot.module_count; i++)
		if (boot.modules[i].string_truncated)
			return refuse("cmdline-too-long", "a module's string was cut");
	memory_kernel_image(&window.base, &window.end);
	if (!check_plan(image))
		return false;
	if (!os_prepare(&multiboot_kind, config.display, &why))
		return refuse("no-vmx-guest", why);
	if (!plan_and_load(image, &config))
		return false;
	guest_configure_run(&config, decide, o);
	kalways("multiboot: starting the kernel as the guest (command line \"%s\")\n",
		escape_string(shown, sizeof(shown), boot.modules[0].string,
			      strlen(boot.modules[0].string)));
	result.end = os_run_bsp(&config);
	result.status = os_status();
	return ((result.end == OS_STATUS && result.status == 0) || result.end == OS_POWEROFF) &&
	       os_cores_lost() == 0;
}

void multiboot_stage_report(void)
{
	if (!result.wanted)
		return;
	os_report_exits();
	os_report_lost();
	if (result.refused)
		kprintf("guest-os multiboot exit=refused cpus=0 exits=0 error=%s\n",
			result.refused);
	else if (result.end == OS_STATUS)
		kprintf("guest-os multiboot exit=status code=%u cpus=%u exits=%lu\n", result.status,
			os_cpus_started(), (unsigned long)os_exits());
	else
		kprintf("guest-os multiboot exit=%s cpus=%u exits=%lu\n", os_end_name(result.end),
			os_cpus_started(), (unsigned long)os_exits());
}
