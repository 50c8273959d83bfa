/* What the kernel keeps of the boot information, and the checks on it. */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <stdbool.h>
#include <stdint.h>
#include "lib/multiboot2.h"

extern struct mb2_info boot;

/* Parse and copy GRUB's information; false (after saying why) if unusable. */
bool bootinfo_load(uint32_t magic, uint64_t info_phys);
void bootinfo_print(void);
uint64_t bootinfo_usable_bytes(void);

#endif
