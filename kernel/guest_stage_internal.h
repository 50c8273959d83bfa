/* The guest kinds' stages, which guest_stage.c dispatches to (their shared set-up: guest_setup.h). */
#ifndef KERNEL_GUEST_STAGE_INTERNAL_H
#define KERNEL_GUEST_STAGE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/boot_options.h"
#include "lib/guest_image.h"

/* The kinds' stages (linux_stage.c, multiboot_stage.c). */
bool linux_stage_run(const struct boot_options *o);
void linux_stage_report(void);
/* image: a Multiboot kernel to run; NULL with refused: one whose header is refused by name. */
bool multiboot_stage_run(const struct guest_image *image, const char *refused,
			 const struct boot_options *o);
void multiboot_stage_report(void);

#endif
