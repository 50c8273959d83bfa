#include "kernel/linux_stage.h"

#include <string.h>

#include "arch/x86/iommu.h"
#include "arch/x86/apic.h"
#include "arch/x86/console.h"
#include "arch/x86/emulator.h"
#include "arch/x86/memory.h"
#include "arch/x86/percpu.h"
#include "arch/x86/vmx/linux.h"
#include "kernel/bootinfo.h"
#include "kernel/linux_power.h"
#include "lib/cmdline.h"
#include "lib/linux_boot.h"
#include "lib/linux_entry.h"
#include "lib/linux_memory.h"
#include "lib/test_hooks.h"

#define MIB (1ull << 20)

static struct {
	bool wanted;
	const char *refused; /* why Linux was not started, or NULL */
	enum vmx_linux_end end;
} result;

static struct linux_boot_plan plan;
static struct linux_range kept[PMM_MAX_RANGES + LINUX_E820_MAX];

bool linux_stage_wanted(void)
{
	return boot.module_count > 0 && !cmdline_flag(boot.cmdline, "no-linux");
}

void linux_stage_ap(void)
{
	if (linux_stage_wanted())
		vmx_linux_run_ap(this_cpu());
}

static bool refuse(const char *error, const char *detail)
{
	result.refused = error;
	kalways("linux: not started (%s): %s\n", error, detail);
	vmx_linux_cancel();
	return false;
}

static const void *module_bytes(uint32_t i, size_t *len)
{
	*len = boot.modules[i].end - boot.modules[i].start;
	return (const void *)(uintptr_t)boot.modules[i].start;
}

/* Everything in RAM but what the allocator has free: hidden from Linux. */
static bool compute_kept(uint32_t *count)
{
	bool overflow;

	*count = linux_kept_ranges(boot.mmap, boot.mmap_count, phys_mem.free, phys_mem.count, kept,
				   sizeof(kept) / sizeof(kept[0]), &overflow);
	return !overflow && !phys_mem.overflowed;
}

/*
 * The first MiB stays in the guest's view (reserved in e820, not hidden):
 * Linux reads the BIOS data area and scans for firmware tables there, and
 * the hypervisor keeps nothing of its own there but page 0 and the AP
 * trampoline, neither of them used any more.
 */
static bool hide_kept(uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		uint64_t base = kept[i].base, end = kept[i].base + kept[i].size;
		if (end <= MIB)
			continue;
		if (base < MIB)
			base = MIB;
		iommu_hide(base, end - base);
		if (!vmx_linux_hide(base, end - base))
			return false;
	}
	return true;
}

static void load_images(const struct linux_boot_request *req, size_t initrd_len, const void *initrd)
{
	const uint8_t *image = req->image;

	memcpy((void *)(uintptr_t)plan.kernel_addr, image + plan.kernel.setup_size,
	       plan.kernel.kernel_size);
	if (initrd_len)
		memcpy((void *)(uintptr_t)plan.initrd_addr, initrd, initrd_len);
}

/*
 * The request for linux_plan(), with the hypervisor's memory as it is now;
 * false (refused, with the reason) if that memory cannot be listed.
 */
static bool make_request(struct linux_boot_request *req, const void **initrd, size_t *initrd_len)
{
	uint32_t kept_count;

	*req = (struct linux_boot_request){ 0 };
	*initrd = NULL;
	*initrd_len = 0;
	req->image = module_bytes(0, &req->image_len);
	if (boot.module_count > 1)
		*initrd = module_bytes(1, initrd_len);
	req->initrd_size = *initrd_len;
	req->cmdline = boot.modules[0].string;
	req->mmap = boot.mmap;
	req->mmap_count = boot.mmap_count;
	req->fb = boot.has_framebuffer ? &boot.fb : NULL;
	/* Under UEFI Linux cannot scan for the RSDP: it gets the copy GRUB gave. */
	if (boot.has_rsdp) {
		req->rsdp = boot.rsdp;
		req->rsdp_len = boot.rsdp_len;
	}
	if (boot.modules[0].string_truncated)
		return refuse("cmdline-too-long", "the kernel module's string was cut");
	if (!compute_kept(&kept_count))
		return refuse("memory-map-too-fragmented",
			      "the hypervisor's memory does not fit in the list kept from Linux");
	req->kept = kept;
	req->kept_count = kept_count;
	return true;
}

static bool plan_or_refuse(const struct linux_boot_request *req)
{
	static char err[160];
	int rc = linux_plan(req, &plan, err, sizeof(err));

	if (rc != LINUX_OK)
		return refuse(linux_boot_error_name(rc), err);
	return true;
}

/*
 * What can be checked before anything is set aside for Linux: the header,
 * and a plan with the memory free now (later allocations only take from
 * it, so what does not fit now never will; the real plan follows).
 */
static bool check_modules(void)
{
	struct linux_boot_request req;
	const void *initrd;
	size_t initrd_len;

	return make_request(&req, &initrd, &initrd_len) && plan_or_refuse(&req);
}

static bool plan_and_load(struct vmx_linux_config *config)
{
	struct linux_boot_request req;
	const void *initrd;
	size_t initrd_len;
	int rc;

	if (!make_request(&req, &initrd, &initrd_len) || !plan_or_refuse(&req))
		return false;
	if (!hide_kept(req.kept_count))
		return refuse("ept-tables-exhausted",
			      "the EPT ran out of tables while hiding the hypervisor's memory");
	memory_seal(); /* what is free now is Linux's */
	load_images(&req, initrd_len, initrd);
	rc = linux_write_boot_area(&req, &plan, (void *)(uintptr_t)plan.area_addr, &config->entry);
	if (rc != LINUX_OK)
		return refuse(linux_boot_error_name(rc), "the boot area could not be written");
	kprintf("linux: protocol %u.%02u, kernel at 0x%lx (%lu bytes), initramfs at 0x%lx (%lu "
		"bytes), zero page at 0x%lx, %u e820 entries, %u ranges kept by the hypervisor\n",
		plan.kernel.version >> 8, plan.kernel.version & 0xff,
		(unsigned long)plan.kernel_addr, (unsigned long)plan.kernel.kernel_size,
		(unsigned long)plan.initrd_addr, (unsigned long)plan.initrd_size,
		(unsigned long)plan.boot_params_addr, plan.e820_count, req.kept_count);
	return true;
}

/*
 * The SDM's way unless the platform is known to break it: Bochs 2.7 keeps
 * an INIT pending after its VM exit (arch/x86/vmx/linux_sipi.c).
 * linux-ap=wait-for-sipi|watch-icr chooses.
 */
static void choose_ap_start(struct vmx_linux_config *config)
{
	char how[16];

	config->apic_base = apic_msr_base();
	config->ap_start = emulator_detect() == EMULATOR_BOCHS ? VMX_LINUX_AP_WATCH_ICR
							       : VMX_LINUX_AP_WAIT_FOR_SIPI;
	if (cmdline_value(boot.cmdline, "linux-ap", how, sizeof(how))) {
		if (!strcmp(how, "watch-icr"))
			config->ap_start = VMX_LINUX_AP_WATCH_ICR;
		else if (!strcmp(how, "wait-for-sipi"))
			config->ap_start = VMX_LINUX_AP_WAIT_FOR_SIPI;
		else
			kalways("linux: linux-ap=%s is neither wait-for-sipi nor watch-icr; "
				"ignored\n",
				how);
	}
	kprintf("linux: the APs wait for Linux's SIPI %s\n",
		config->ap_start == VMX_LINUX_AP_WATCH_ICR
			? "in VMX root operation, the APIC's ICR watched"
			: "as guests in the wait-for-SIPI state");
}

bool linux_stage_run(void)
{
	struct vmx_linux_config config = { 0 };
	const char *why;

	if (!linux_stage_wanted())
		return true;
	result.wanted = true;
	if (boot.modules_dropped)
		kalways("linux: more modules than the hypervisor keeps; only the first two are "
			"used\n");
	if (!check_modules())
		return false;
	if (!vmx_linux_prepare(&why))
		return refuse("no-vmx-guest", why);
	if (!plan_and_load(&config))
		return false;
	linux_power_config(&config);
	choose_ap_start(&config);
	if (test_hook(TEST_LINUX_TRIPLE_FAULT)) {
		kprintf("test: Linux is entered at its zero page (0x%lx), with no IDT\n",
			(unsigned long)plan.boot_params_addr);
		config.entry.rip = plan.boot_params_addr;
	}
	kalways("linux: starting Linux as the guest (command line \"%s\")\n",
		boot.modules[0].string);
	result.end = vmx_linux_run_bsp(&config);
	return result.end == VMX_LINUX_POWEROFF;
}

void linux_stage_report(void)
{
	if (!result.wanted)
		return;
	vmx_linux_report_exits();
	if (result.refused)
		kprintf("guest-os linux exit=refused cpus=0 exits=0 error=%s\n", result.refused);
	else
		kprintf("guest-os linux exit=%s cpus=%u exits=%lu\n",
			vmx_linux_end_name(result.end), vmx_linux_cpus_started(),
			(unsigned long)vmx_linux_exits());
}
