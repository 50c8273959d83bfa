#include "kernel/guest_stage.h"

#include <string.h>

#include "arch/x86/guests/os.h"
#include "arch/x86/percpu.h"
#include "kernel/bootinfo.h"
#include "kernel/guest_setup.h"
#include "kernel/guest_stage_internal.h"
#include "lib/guest_image.h"

bool guest_stage_wanted(const struct boot_options *o)
{
	return boot.module_count > 0 && !o->no_linux;
}

void guest_stage_ap(const struct boot_options *o)
{
	if (guest_stage_wanted(o))
		os_run_ap(this_cpu());
}

bool guest_stage_run(const struct boot_options *o)
{
	struct guest_image image;
	const char *reason;
	const void *bytes;
	size_t len;

	if (!guest_stage_wanted(o))
		return true;
	bytes = guest_module_bytes(0, &len);
	/* What is neither Multiboot kernel is the Linux loader's to accept or refuse by name. */
	if (guest_image_detect(bytes, len, &image, &reason)) {
		if (image.kind == GUEST_IMAGE_LINUX)
			return linux_stage_run(o);
		return multiboot_stage_run(&image, NULL, o);
	}
	/* No header at all: the Linux loader's to refuse by its own names (not-linux, truncated). */
	if (!strcmp(reason, "no-header") || !strcmp(reason, "too-short"))
		return linux_stage_run(o);
	/* A Multiboot header it cannot honour: refused by name. */
	return multiboot_stage_run(NULL, reason, o);
}

/* Only the stage that ran reports: each says nothing unless it was wanted. */
void guest_stage_report(void)
{
	linux_stage_report();
	multiboot_stage_report();
}
