/*
 * The last stage when GRUB loaded Multiboot2 modules: module 1 is a Linux
 * bzImage (its module string is Linux's command line), module 2, if any,
 * its initramfs.  The hypervisor loads it by the Linux x86 boot protocol
 * (lib/linux_boot.h, lib/linux_entry.h) into the memory it does not keep
 * for itself and runs it as the guest of every core (arch/x86/vmx/linux.h).
 */
#ifndef KERNEL_LINUX_STAGE_H
#define KERNEL_LINUX_STAGE_H

#include <stdbool.h>

/* GRUB gave a module and the command line does not say no-linux. */
bool linux_stage_wanted(void);

/* The APs' part: after their VMX stage, be Linux's processors or return. */
void linux_stage_ap(void);

/* Load and run Linux; true when it powered off (or none was wanted). */
bool linux_stage_run(void);

/* The report's `guest-os` and `guest-os-exits` lines, if Linux was wanted. */
void linux_stage_report(void);

#endif
