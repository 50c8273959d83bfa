#include "kernel/guest_setup.h"
#include "kernel/guest_stage_internal.h"

#include <string.h>

#include "arch/x86/console.h"
#include "arch/x86/memory.h"
#include "arch/x86/guests/linux.h"
#include "kernel/bootinfo.h"
#include "kernel/linux_power.h"
#include "lib/emulator_ports.h"
#include "lib/escape.h"
#include "lib/linux_boot.h"
#include "lib/linux_entry.h"
#include "lib/linux_memory.h"
#include "lib/test_hooks.h"

static struct {
	bool wanted;
	const char *refused; /* why Linux was not started, or NULL */
	enum os_end end;
} result;

static struct linux_boot_plan plan;
static struct linux_range kept[PMM_MAX_RANGES + LINUX_E820_MAX];

static bool refuse(const char *error, const char *detail)
{
	result.refused = error;
	kalways("linux: not started (%s): %s\n", error, detail);
	os_cancel();
	return false;
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
	req->image = guest_module_bytes(0, &req->image_len);
	if (boot.module_count > 1)
		*initrd = guest_module_bytes(1, initrd_len);
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
	if (!guest_kept_ranges(kept, sizeof(kept) / sizeof(kept[0]), &kept_count))
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

static bool plan_and_load(struct os_config *config)
{
	struct linux_boot_request req;
	struct linux_entry_state entry;
	const void *initrd;
	size_t initrd_len;
	int rc;

	if (!make_request(&req, &initrd, &initrd_len) || !plan_or_refuse(&req))
		return false;
	if (!guest_hide_kept(kept, req.kept_count))
		return refuse("ept-tables-exhausted",
			      "the EPT ran out of tables while hiding the hypervisor's memory");
	memory_seal(); /* what is free now is Linux's */
	load_images(&req, initrd_len, initrd);
	rc = linux_write_boot_area(&req, &plan, (void *)(uintptr_t)plan.area_addr, &entry);
	if (rc != LINUX_OK)
		return refuse(linux_boot_error_name(rc), "the boot area could not be written");
	if (test_hook(TEST_LINUX_TRIPLE_FAULT)) {
		kprintf("test: Linux is entered at its zero page (0x%lx), with no IDT\n",
			(unsigned long)plan.boot_params_addr);
		entry.rip = plan.boot_params_addr;
	}
	linux_bsp_state(&entry, &config->bsp_state, &config->bsp_regs);
	kprintf("linux: protocol %u.%02u, kernel at 0x%lx (%lu bytes), initramfs at 0x%lx (%lu "
		"bytes), zero page at 0x%lx, %u e820 entries, %u ranges kept by the hypervisor\n",
		plan.kernel.version >> 8, plan.kernel.version & 0xff,
		(unsigned long)plan.kernel_addr, (unsigned long)plan.kernel.kernel_size,
		(unsigned long)plan.initrd_addr, (unsigned long)plan.initrd_size,
		(unsigned long)plan.boot_params_addr, plan.e820_count, req.kept_count);
	return true;
}

/*
 * Linux has no use for the emulators' ports: on real hardware nothing
 * answers there (the debug console's is the report's witness).
 */
static struct os_io_verdict decide(uint16_t port, unsigned size, bool in, uint32_t value)
{
	if (debug_exit_port(port, size) || port == BOCHS_SHUTDOWN_PORT ||
	    debug_console_port(port, size))
		return (struct os_io_verdict){ OS_IO_IGNORE, OS_RUNNING, 0 };
	return linux_power_decide(port, size, in, value);
}

bool linux_stage_run(const struct boot_options *o)
{
	struct os_config config = { .kind = &linux_kind, .display = "Linux" };
	const char *why;
	char shown[200];

	result.wanted = true;
	if (boot.modules_dropped)
		kalways("linux: more modules than the hypervisor keeps; only the first two are "
			"used\n");
	if (!check_modules())
		return false;
	if (!os_prepare(&linux_kind, "Linux", &why))
		return refuse("no-vmx-guest", why);
	if (!plan_and_load(&config))
		return false;
	guest_configure_run(&config, decide, o);
	/* The command line is the guest's, from outside: escaped like every such string. */
	kalways("linux: starting Linux as the guest (command line \"%s\")\n",
		escape_string(shown, sizeof(shown), boot.modules[0].string,
			      strlen(boot.modules[0].string)));
	result.end = os_run_bsp(&config);
	return result.end == OS_POWEROFF && os_cores_lost() == 0;
}

void linux_stage_report(void)
{
	if (!result.wanted)
		return;
	os_report_exits();
	os_report_lost();
	if (result.refused)
		kprintf("guest-os linux exit=refused cpus=0 exits=0 error=%s\n", result.refused);
	else
		kprintf("guest-os linux exit=%s cpus=%u exits=%lu\n", os_end_name(result.end),
			os_cpus_started(), (unsigned long)os_exits());
}
