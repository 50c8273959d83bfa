/*
 * Text console on a linear framebuffer: the screen mirror under UEFI, where
 * there is no VGA text mode and GRUB hands over a pixel framebuffer
 * (Multiboot2 specification 2.0, section 3.6.12, framebuffer_type 1).
 *
 * Pure logic: it draws glyphs into memory it is given and touches nothing
 * else, so the host tests run it on a malloc'd buffer.
 */
#ifndef LIB_FB_TEXT_H
#define LIB_FB_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A direct-colour framebuffer.  Each channel is size bits at bit position
 * pos of a pixel value, which is stored little-endian in bpp / 8 bytes
 * (the RGB framebuffer fields of section 3.6.12).
 */
struct fb_surface {
	void *base;	 /* first byte of the top-left pixel, mapped */
	uint32_t pitch;	 /* bytes from one pixel line to the next */
	uint32_t width;	 /* pixels */
	uint32_t height; /* pixel lines */
	uint8_t bpp;	 /* bits per pixel: 24 and 32 are drawn */
	uint8_t red_pos, red_size;
	uint8_t green_pos, green_size;
	uint8_t blue_pos, blue_size;
};

/*
 * A bitmap font indexed by character code.  Glyph n is height rows of
 * bytes_per_row bytes at glyphs + n * height * bytes_per_row; in each row
 * the most significant bit of the first byte is the leftmost pixel.
 */
struct fb_font {
	uint32_t width;		/* pixels */
	uint32_t height;	/* pixel lines */
	uint32_t bytes_per_row; /* at least (width + 7) / 8 */
	const uint8_t *glyphs;
	uint32_t count; /* glyphs; other codes are drawn as '?' */
};

/* Made at build time from a PSF font by tools/psf2c.py. */
extern const struct fb_font fb_font_default;

struct fb_text {
	struct fb_surface fb;
	const struct fb_font *font;
	uint32_t fg, bg;	/* pixel values for this framebuffer's layout */
	uint32_t columns, rows; /* whole character cells that fit */
	uint32_t col, row;	/* the cursor */
	/*
	 * The character in each cell, row by row, when the caller gave room
	 * for them: scrolling then redraws the cells that change instead of
	 * reading the framebuffer back.  NULL otherwise.
	 */
	char *cells;
};

/*
 * Sets up t to draw on fb with font, clears the screen to the background
 * and puts the cursor at the top left.  cells (may be NULL) is room for
 * ncells characters; with at least columns * rows of them, scrolling
 * never reads from the framebuffer, which on real hardware is uncached
 * and far slower to read than to write.  Returns false, leaving the
 * framebuffer untouched, unless fb has 24 or 32 bits per pixel, colour
 * channels inside the pixel, a pitch that holds a line and room for at
 * least one character cell.
 */
bool fb_text_init(struct fb_text *t, const struct fb_surface *fb, const struct fb_font *font,
		  char *cells, size_t ncells);

/*
 * Draws c at the cursor and advances it.  '\n' starts a new line and '\r'
 * is ignored, as on the VGA text screen; a new line below the last one
 * scrolls the screen up by one text row.  A line that fills the width
 * wraps only when its next character comes, so a full line followed by
 * '\n' leaves no empty line behind it.  A space is drawn as background
 * whatever the font has for it.  Does nothing if fb_text_init() failed.
 */
void fb_text_putc(struct fb_text *t, char c);

#endif
