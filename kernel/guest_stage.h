/*
 * The last stage when GRUB loaded Multiboot2 modules: module 1 is an
 * operating system's kernel, the rest its modules.  What the kernel is
 * decides the guest kind (lib/guest_image.h): a Linux bzImage runs by the
 * Linux boot protocol (kernel/linux_stage.c), a Multiboot or Multiboot2
 * kernel by its specification (kernel/multiboot_stage.c), anything else is
 * refused by name.  Either way it runs as the guest of every core
 * (arch/x86/guests/os.h).
 */
#ifndef KERNEL_GUEST_STAGE_H
#define KERNEL_GUEST_STAGE_H

#include <stdbool.h>
#include "lib/boot_options.h"

/* GRUB gave a module and the command line does not say no-linux. */
bool guest_stage_wanted(const struct boot_options *o);

/* The APs' part: after their VMX stage, be the guest's processors or return. */
void guest_stage_ap(const struct boot_options *o);

/* Load and run the guest; true when it ended well (or none was wanted). */
bool guest_stage_run(const struct boot_options *o);

/* The report's `guest-os` and `guest-os-exits` lines, if a guest was wanted. */
void guest_stage_report(void);

#endif
