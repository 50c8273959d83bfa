/* What the guest kinds' stages share (kernel/guest_setup.c). */
#ifndef KERNEL_GUEST_SETUP_H
#define KERNEL_GUEST_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/x86/guests/os.h"
#include "lib/boot_options.h"
#include "lib/linux_boot.h"

/* Module i's bytes, as GRUB placed them. */
const void *guest_module_bytes(uint32_t i, size_t *len);

/*
 * Everything in RAM but what the allocator has free: the hypervisor's, in
 * address order, into out (max entries).  False if the list does not fit
 * (the caller refuses: an unlisted range would be given to the guest).
 */
bool guest_kept_ranges(struct linux_range *out, uint32_t max, uint32_t *count);

/*
 * Leaves the kept ranges out of the guest's EPT view.  The first MiB stays
 * (reserved in the guest's memory map, not hidden): an OS reads the BIOS
 * data area and scans for firmware tables there, and the hypervisor keeps
 * nothing of its own there but page 0 and the AP trampoline, neither of
 * them used any more.  False if the EPT ran out of tables.
 */
bool guest_hide_kept(const struct linux_range *kept, uint32_t count);
/* One range [base, end), by the same rule. */
bool guest_hide_range(uint64_t base, uint64_t end);

/*
 * What every OS guest's run is configured with: the ports intercepted (the
 * power ports from ACPI, the emulators' exit ports) and what an access to
 * them means (decide: the kind's policy), how the APs wait for its SIPI,
 * and the GDB stub.
 */
void guest_configure_run(struct os_config *config,
			 struct os_io_verdict (*decide)(uint16_t port, unsigned size, bool in,
							uint32_t value),
			 const struct boot_options *o);

#endif
