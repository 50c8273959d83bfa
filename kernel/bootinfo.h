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
/*
 * Where GRUB's own structure was: everything of it is copied into `boot`
 * (the modules' bytes stay where they are), so a guest may have its memory.
 */
void bootinfo_range(uint64_t *base, uint64_t *end);

#endif
