/*
 * What a guest image is, from its header: a Multiboot2 kernel, a
 * Multiboot (1) kernel or a Linux bzImage; anything else is refused with
 * a stable reason token.
 *
 * Which header wins when an image carries several: a valid Multiboot2
 * header first, then a valid Multiboot one, then the Linux boot protocol.
 * Kernels that carry both Multiboot headers (Xen, for one) do so to be
 * bootable by either command, and prefer the richer Multiboot2 when the
 * loader speaks it, as GRUB's multiboot2 command does; a bzImage carries
 * no Multiboot header unless built to, in which case its author asked for
 * it.  A magic number with a bad checksum does not stop the search (GRUB
 * also scans on: compressed data may hold the magic by chance); it is
 * reported only when nothing valid is found.
 *
 * Reason tokens (stable, printed by the hypervisor and asserted on):
 *   too-short          the image cannot hold the header it needs (0 bytes too)
 *   no-header          no Multiboot, Multiboot2 or Linux header
 *   bad-checksum       a magic number whose checksum does not add up
 *   unsupported-arch   a Multiboot2 header for another architecture than i386
 *   bad-header-length  a Multiboot2 header_length too small or past the image
 *   unsupported-flags  Multiboot required flag bits (0-15) other than 0 and 1
 *   plus those of lib/mb2_header.h for the Multiboot2 header's tags.
 */
#ifndef LIB_GUEST_IMAGE_H
#define LIB_GUEST_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/mb2_header.h"

enum guest_image_kind {
	GUEST_IMAGE_NONE = 0,
	GUEST_IMAGE_MULTIBOOT1,
	GUEST_IMAGE_MULTIBOOT2,
	GUEST_IMAGE_LINUX,
};

/* The a.out kludge's address fields (Multiboot 3.1.3, Multiboot2 3.1.5). */
struct mb_aout_addresses {
	uint32_t header_addr;
	uint32_t load_addr;
	uint32_t load_end_addr; /* 0: to the end of the file */
	uint32_t bss_end_addr;	/* 0: no bss */
};

struct guest_image {
	enum guest_image_kind kind;
	uint32_t header_offset; /* of the magic, from the image's start */
	uint32_t header_length; /* bytes of the header (Multiboot2: header_length) */
	uint32_t mb1_flags;	/* Multiboot1 only */
	/* What the loader must honour (both Multiboot versions). */
	bool page_align_modules;
	bool has_aout; /* MB1 flag 16 or MB2 address tag */
	struct mb_aout_addresses aout;
	bool has_entry; /* MB1 flag 16 or MB2 entry address tag */
	uint32_t entry_addr;
	struct mb2_header_request mb2; /* Multiboot2 only: the other tags */
};

/*
 * Reads image[0..len) and fills *out.  Returns true for a Multiboot1,
 * Multiboot2 or Linux image; false with *reason set to a token above (and
 * *out zeroed).  Never reads outside the image.
 */
bool guest_image_detect(const void *image, size_t len, struct guest_image *out,
			const char **reason);

/* "multiboot", "multiboot2", "linux", "none". */
const char *guest_image_kind_name(enum guest_image_kind kind);

#endif
