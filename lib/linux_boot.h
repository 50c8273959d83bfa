/*
 * Loading Linux by the x86 boot protocol: the bzImage's setup header read and
 * checked, the protected-mode kernel and the initramfs placed in guest RAM,
 * and the "zero page" (struct boot_params) filled for the 64-bit entry.
 *
 * Reference: Documentation/x86/boot.rst and Documentation/x86/zero-page.rst
 * in Debian's linux-source-6.1 (the same files are under
 * Documentation/arch/x86/ in newer trees).  The screen_info layout is that of
 * include/uapi/linux/screen_info.h in the same tree.
 *
 * Pure code: it reads the image and writes boot data only through pointers
 * the caller gives, so it runs the same in the hypervisor and in host tests.
 */
#ifndef LIB_LINUX_BOOT_H
#define LIB_LINUX_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/multiboot2.h"

/* Where the setup header sits, in the image and in boot_params alike. */
#define LINUX_SETUP_HEADER_OFFSET 0x1f1
#define LINUX_BOOT_FLAG		  0xaa55     /* at 0x1fe */
#define LINUX_HEADER_MAGIC	  0x53726448 /* "HdrS" at 0x202 */
#define LINUX_SECTOR_SIZE	  512
#define LINUX_SETUP_SECTS_DEFAULT 4 /* what setup_sects = 0 means */

/*
 * 2.12 added xloadflags, which says whether the kernel has the 64-bit entry
 * point, and the ext_* fields for addresses above 4 GiB: both are needed.
 */
#define LINUX_PROTOCOL_MIN  0x020c
/* boot_params.acpi_rsdp_addr; 2.14 was burnt and means 2.13, but a kernel
 * that predates the field has padding there, so setting it is harmless. */
#define LINUX_PROTOCOL_RSDP 0x020e

/* loadflags */
#define LINUX_LOADED_HIGH  (1u << 0) /* a bzImage: protected mode at 1 MiB+ */
#define LINUX_QUIET_FLAG   (1u << 5)
#define LINUX_CAN_USE_HEAP (1u << 7)

/* xloadflags */
#define LINUX_XLF_KERNEL_64		 (1u << 0) /* startup_64 at load + 0x200 */
#define LINUX_XLF_CAN_BE_LOADED_ABOVE_4G (1u << 1)

/* type_of_loader for a loader without an assigned id. */
#define LINUX_LOADER_UNDEFINED	      0xff
/* vid_mode: "normal" (SPECIAL COMMAND LINE OPTIONS, vga=normal). */
#define LINUX_VID_MODE_NORMAL	      0xffff
/* initrd_addr_max for protocols that do not give it (2.02 and older). */
#define LINUX_INITRD_ADDR_MAX_DEFAULT 0x37ffffff

/* The 64-bit entry point, from the protected-mode kernel's start. */
#define LINUX_ENTRY64_OFFSET 0x200

/* e820 entry types (the zero page's e820_table). */
#define LINUX_E820_RAM	    1
#define LINUX_E820_RESERVED 2
#define LINUX_E820_ACPI	    3
#define LINUX_E820_NVS	    4
#define LINUX_E820_UNUSABLE 5
#define LINUX_E820_MAX	    128

/* screen_info.orig_video_isVGA */
#define LINUX_VIDEO_TYPE_VGAC		  0x22 /* VGA text */
#define LINUX_VIDEO_TYPE_VLFB		  0x23 /* linear framebuffer; lfb_size in 64 KiB */
#define LINUX_VIDEO_CAPABILITY_64BIT_BASE (1u << 1)

/* The setup header, 0x1f1 to 0x26b of the image and of boot_params. */
struct linux_setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize; /* protected-mode code, in 16-byte paragraphs */
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag;
	uint16_t jump; /* 0xeb, then the header's length - 0x202 + 0x200 */
	uint32_t header;
	uint16_t version;
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image;
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr;
	uint32_t initrd_addr_max; /* the highest byte an initrd may occupy */
	uint32_t kernel_alignment;
	uint8_t relocatable_kernel;
	uint8_t min_alignment; /* log2 */
	uint16_t xloadflags;
	uint32_t cmdline_size; /* without the terminating NUL */
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset;
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t handover_offset;
	uint32_t kernel_info_offset;
} __attribute__((packed));

struct linux_screen_info {
	uint8_t orig_x, orig_y;
	uint16_t ext_mem_k;
	uint16_t orig_video_page;
	uint8_t orig_video_mode, orig_video_cols;
	uint8_t flags, unused2;
	uint16_t orig_video_ega_bx;
	uint16_t unused3;
	uint8_t orig_video_lines, orig_video_isVGA;
	uint16_t orig_video_points;
	uint16_t lfb_width, lfb_height, lfb_depth;
	uint32_t lfb_base, lfb_size;
	uint16_t cl_magic, cl_offset;
	uint16_t lfb_linelength;
	uint8_t red_size, red_pos, green_size, green_pos, blue_size, blue_pos;
	uint8_t rsvd_size, rsvd_pos;
	uint16_t vesapm_seg, vesapm_off;
	uint16_t pages;
	uint16_t vesa_attributes;
	uint32_t capabilities;
	uint32_t ext_lfb_base;
	uint8_t reserved[2];
} __attribute__((packed));

struct linux_e820_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type; /* LINUX_E820_* */
} __attribute__((packed));

/* The zero page: only the fields this loader writes are named. */
struct linux_boot_params {
	struct linux_screen_info screen_info;
	uint8_t pad_040[0x070 - 0x040];
	uint64_t acpi_rsdp_addr;
	uint8_t pad_078[0x0c0 - 0x078];
	uint32_t ext_ramdisk_image;
	uint32_t ext_ramdisk_size;
	uint32_t ext_cmd_line_ptr;
	uint8_t pad_0cc[0x1e8 - 0x0cc];
	uint8_t e820_entries;
	uint8_t pad_1e9[0x1ef - 0x1e9];
	uint8_t sentinel; /* left 0: the loader copied only the header */
	uint8_t pad_1f0;
	struct linux_setup_header hdr;
	uint8_t pad_26c[0x2d0 - 0x26c];
	struct linux_e820_entry e820_table[LINUX_E820_MAX];
	uint8_t pad_cd0[0x1000 - 0xcd0];
} __attribute__((packed));

/* Offsets from the setup header table of boot.rst and zero-page.rst. */
#define LINUX_HDR_AT(field, off)                                                                 \
	_Static_assert(LINUX_SETUP_HEADER_OFFSET + offsetof(struct linux_setup_header, field) == \
			       (off),                                                            \
		       "setup header: " #field)
LINUX_HDR_AT(setup_sects, 0x1f1);
LINUX_HDR_AT(syssize, 0x1f4);
LINUX_HDR_AT(vid_mode, 0x1fa);
LINUX_HDR_AT(boot_flag, 0x1fe);
LINUX_HDR_AT(jump, 0x200);
LINUX_HDR_AT(header, 0x202);
LINUX_HDR_AT(version, 0x206);
LINUX_HDR_AT(type_of_loader, 0x210);
LINUX_HDR_AT(loadflags, 0x211);
LINUX_HDR_AT(code32_start, 0x214);
LINUX_HDR_AT(ramdisk_image, 0x218);
LINUX_HDR_AT(ramdisk_size, 0x21c);
LINUX_HDR_AT(heap_end_ptr, 0x224);
LINUX_HDR_AT(cmd_line_ptr, 0x228);
LINUX_HDR_AT(initrd_addr_max, 0x22c);
LINUX_HDR_AT(kernel_alignment, 0x230);
LINUX_HDR_AT(relocatable_kernel, 0x234);
LINUX_HDR_AT(min_alignment, 0x235);
LINUX_HDR_AT(xloadflags, 0x236);
LINUX_HDR_AT(cmdline_size, 0x238);
LINUX_HDR_AT(setup_data, 0x250);
LINUX_HDR_AT(pref_address, 0x258);
LINUX_HDR_AT(init_size, 0x260);
LINUX_HDR_AT(kernel_info_offset, 0x268);
_Static_assert(sizeof(struct linux_setup_header) == 0x26c - 0x1f1, "setup header size");
_Static_assert(sizeof(struct linux_screen_info) == 0x40, "screen_info size");
_Static_assert(offsetof(struct linux_screen_info, orig_video_isVGA) == 0x0f, "isVGA");
_Static_assert(offsetof(struct linux_screen_info, lfb_base) == 0x18, "lfb_base");
_Static_assert(offsetof(struct linux_screen_info, lfb_linelength) == 0x24, "lfb_linelength");
_Static_assert(offsetof(struct linux_screen_info, capabilities) == 0x36, "capabilities");
_Static_assert(offsetof(struct linux_screen_info, ext_lfb_base) == 0x3a, "ext_lfb_base");
_Static_assert(sizeof(struct linux_e820_entry) == 20, "e820 entry size");
_Static_assert(offsetof(struct linux_boot_params, acpi_rsdp_addr) == 0x070, "acpi_rsdp_addr");
_Static_assert(offsetof(struct linux_boot_params, ext_ramdisk_image) == 0x0c0, "ext_ramdisk_image");
_Static_assert(offsetof(struct linux_boot_params, ext_ramdisk_size) == 0x0c4, "ext_ramdisk_size");
_Static_assert(offsetof(struct linux_boot_params, ext_cmd_line_ptr) == 0x0c8, "ext_cmd_line_ptr");
_Static_assert(offsetof(struct linux_boot_params, e820_entries) == 0x1e8, "e820_entries");
_Static_assert(offsetof(struct linux_boot_params, sentinel) == 0x1ef, "sentinel");
_Static_assert(offsetof(struct linux_boot_params, hdr) == LINUX_SETUP_HEADER_OFFSET, "hdr");
_Static_assert(offsetof(struct linux_boot_params, e820_table) == 0x2d0, "e820_table");
_Static_assert(sizeof(struct linux_boot_params) == 0x1000, "the zero page is one page");

/* A physical range [base, base + size). */
struct linux_range {
	uint64_t base;
	uint64_t size;
};

/* What linux_parse_header() found, in the units a loader wants. */
struct linux_kernel_info {
	uint16_t version;     /* 0x020f for 2.15 */
	uint32_t header_end;  /* 0x202 + the byte at 0x201 */
	uint32_t setup_size;  /* bytes before the protected-mode kernel */
	uint64_t kernel_size; /* bytes of protected-mode kernel in the image */
	uint64_t kernel_span; /* bytes it needs from its load address: init_size */
	bool relocatable;
	uint32_t kernel_alignment;
	uint32_t min_alignment; /* bytes */
	uint64_t pref_address;
	uint16_t xloadflags;
	uint32_t cmdline_size;
	uint32_t initrd_addr_max;
};

/* Results; linux_boot_error_name() gives each a name for messages. */
enum linux_boot_error {
	LINUX_OK = 0,
	LINUX_ERR_NOT_LINUX = -1,	 /* no 0xAA55 boot flag or "HdrS" magic */
	LINUX_ERR_TRUNCATED = -2,	 /* shorter than its header says */
	LINUX_ERR_PROTOCOL_TOO_OLD = -3, /* before 2.12 */
	LINUX_ERR_NOT_BZIMAGE = -4,	 /* LOADED_HIGH clear: a zImage */
	LINUX_ERR_NO_64BIT_ENTRY = -5,	 /* XLF_KERNEL_64 clear: a 32-bit kernel */
	LINUX_ERR_BAD_HEADER = -6,	 /* inconsistent fields (alignment, init_size) */
	LINUX_ERR_NO_ROOM_KERNEL = -7,	 /* no guest RAM where the kernel can go */
	LINUX_ERR_INITRD_NO_ROOM = -8,	 /* the initramfs does not fit */
	LINUX_ERR_CMDLINE_TOO_LONG = -9,
	LINUX_ERR_E820_FULL = -10,    /* more than LINUX_E820_MAX entries */
	LINUX_ERR_NO_BOOT_AREA = -11, /* no RAM below 1 MiB for the boot data */
	LINUX_ERR_ARGUMENT = -12,
};

/* "not-linux", "truncated", "protocol-too-old", ...; "unknown" otherwise. */
const char *linux_boot_error_name(int error);

/*
 * Reads and checks the setup header of the bzImage at image (len bytes): the
 * boot flag, the magic, protocol >= 2.12, a bzImage with the 64-bit entry,
 * and the image at least as long as the setup plus syssize paragraphs.
 * Returns LINUX_OK and fills *out, or a LINUX_ERR_* with a one-line reason
 * in err (errlen bytes; err may be NULL).  Reads only within [image, +len).
 */
int linux_parse_header(const void *image, size_t len, struct linux_kernel_info *out, char *err,
		       size_t errlen);

/*
 * The guest's e820 map: the Multiboot2 memory map with every range in kept
 * (the hypervisor's own memory, rounded out to pages) cut out of RAM and
 * listed as reserved instead, so that Linux neither uses it nor mistakes it
 * for a hole where PCI devices may be placed.  Sorted by address, equal
 * neighbours merged.  Returns the entry count or LINUX_ERR_E820_FULL.
 */
int linux_build_e820(const struct mb2_mmap_entry *mmap, uint32_t mmap_count,
		     const struct linux_range *kept, uint32_t kept_count,
		     struct linux_e820_entry *out, uint32_t max_out);

/* Everything the loader needs to know to plan a boot. */
struct linux_boot_request {
	const void *image; /* the bzImage */
	size_t image_len;
	uint64_t initrd_size; /* 0: no initramfs */
	const char *cmdline;  /* NULL means "" */
	const struct mb2_mmap_entry *mmap;
	uint32_t mmap_count;
	/* The hypervisor's memory: hidden from Linux (reserved in e820). */
	const struct linux_range *kept;
	uint32_t kept_count;
	/* RAM that Linux may have later but that is busy while loading (the
	 * Multiboot2 modules being copied from): not a target. */
	const struct linux_range *busy;
	uint32_t busy_count;
	uint64_t rsdp_addr; /* 0: let Linux search for it */
	/* Or a copy of the RSDP (Multiboot2 hands one over), placed in the boot
	 * area by linux_write_boot_area(); NULL: none. */
	const void *rsdp;
	size_t rsdp_len;
	const struct mb2_framebuffer *fb; /* NULL: no framebuffer */
};

/*
 * The boot area, below 1 MiB: the zero page, the command line, the GDT and
 * the identity page tables, in this order, each page aligned.  Linux copies
 * the zero page and the command line before it uses low memory, and leaves
 * these tables as soon as its decompressor has built its own.
 */
#define LINUX_BOOT_AREA_LIMIT 0x100000ull
#define LINUX_MAX_IDENTITY    (512ull << 30) /* one PDPT of 1 GiB entries */

struct linux_boot_plan {
	struct linux_kernel_info kernel;
	uint64_t kernel_addr;  /* where the protected-mode kernel goes */
	uint64_t kernel_align; /* the alignment it got; <= kernel_alignment */
	uint64_t initrd_addr;  /* 0 when there is no initramfs */
	uint64_t initrd_size;

	uint64_t area_addr; /* the boot area */
	uint64_t area_size;
	uint64_t boot_params_addr;
	uint64_t cmdline_addr;
	uint64_t gdt_addr;
	uint64_t tables_addr;  /* the PML4, then the PDPT, then the PDs */
	uint64_t identity_end; /* [0, identity_end) is identity mapped */

	struct linux_e820_entry e820[LINUX_E820_MAX];
	uint32_t e820_count;
};

/*
 * Checks the image and decides where everything goes, all inside guest RAM
 * (e820 RAM after the hypervisor's ranges are cut out) and outside the busy
 * ranges: the kernel at pref_address if it fits there (with the alignment
 * pref_address has, for the zero page), else (relocatable kernels only) at
 * the lowest address from pref_address up (Linux's 64-bit entry never runs
 * below it: it is LOAD_PHYSICAL_ADDR) aligned to kernel_alignment,
 * halving the alignment down to min_alignment when nothing fits; the initrd
 * as high as it fits below initrd_addr_max, above 4 GiB only when the kernel
 * allows it and nothing fits below; the boot area below 1 MiB.
 * LINUX_OK, or a LINUX_ERR_* with a one-line reason in err.
 */
int linux_plan(const struct linux_boot_request *req, struct linux_boot_plan *plan, char *err,
	       size_t errlen);

/*
 * Fills *bp for the 64-bit entry: zeroed, the image's setup header copied in
 * (as far as header_end), then the loader's fields: type_of_loader, the
 * kernel's address (code32_start), the command line pointer, the ramdisk
 * (ext_* for the upper halves), the e820 map, the ACPI RSDP address
 * (protocol 2.14 and later) and screen_info for a framebuffer.
 */
void linux_fill_boot_params(const struct linux_boot_request *req,
			    const struct linux_boot_plan *plan, struct linux_boot_params *bp);

#endif
