/*
 * The tags of a Multiboot2 header (Multiboot2 Specification 2.0, sections
 * 3.1.3 - 3.1.13): what the OS image asks of its loader.  A loader must
 * honour every tag whose "optional" flag is clear or refuse the image;
 * optional tags it does not honour it may ignore (3.1.3).
 *
 * What this loader honours: the information request for the tags the
 * boot-information builder can write (lib/multiboot_info.h), the address
 * and entry address tags, module alignment (the caller page-aligns), the
 * console flags as long as no console is required (the guest gets COM1,
 * no EGA text console it could rely on), the EFI tags (ignored: this is
 * no EFI loader, and they only offer alternatives), and the relocatable
 * tag (the image is loaded at its linked address, which the tag allows).
 * A required framebuffer tag is refused: no video mode can be set.
 *
 * Reason tokens:
 *   bad-header-tag   a tag's size is too small, not what its type fixes,
 *                    or runs past header_length; or no end tag
 *   unsupported-tag  a required tag of a type this loader does not honour,
 *                    a required framebuffer tag, or a required information
 *                    request for a tag it cannot give
 *   console-required console_flags bit 0 (a console must be present)
 */
#ifndef LIB_MB2_HEADER_H
#define LIB_MB2_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mb2_header_request {
	bool has_address; /* tag 2 */
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	bool has_entry; /* tag 3 */
	uint32_t entry_addr;
	bool page_align_modules; /* tag 6 */
	bool wants_framebuffer;	 /* an optional tag 5 */
	uint32_t fb_width, fb_height, fb_depth;
	uint32_t console_flags; /* tag 4 */
	/* Information tags requested (tag 1), as a bit per type below 32. */
	uint32_t info_requested;
};

/*
 * Walks the tags of the header whose fixed part starts at header (tags at
 * header + 16 up to header + header_length, which the caller has checked
 * lies inside the image).  Fills *out; false with *reason on refusal.
 */
bool mb2_header_read_tags(const uint8_t *header, uint32_t header_length,
			  struct mb2_header_request *out, const char **reason);

/* Whether the boot-information builder can give an information tag type. */
bool mb2_info_tag_supported(uint32_t type);

#endif
