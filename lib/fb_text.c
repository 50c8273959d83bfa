/*
 * Text console on a linear framebuffer.  Pixels are written one at a time
 * through the framebuffer's own colour layout, so nothing here assumes the
 * usual little-endian BGRA (Multiboot2 specification 2.0, section 3.6.12,
 * gives each channel as a bit position and a size).
 */
#include "lib/fb_text.h"

#include <string.h>

/* Light grey on black, as attribute 0x07 of the VGA text screen. */
#define FG_LEVEL 0xaa
#define BG_LEVEL 0x00

/* Glyph drawn for codes the font lacks. */
#define MISSING_GLYPH '?'

/* A channel of size bits at bit pos must lie inside a bpp-bit pixel. */
static bool channel_fits(uint8_t pos, uint8_t size, uint8_t bpp)
{
	return (unsigned)pos + size <= bpp;
}

/* An 8-bit level scaled to a size-bit channel, rounded, placed at pos. */
static uint32_t channel_value(uint32_t level, uint8_t pos, uint8_t size)
{
	uint64_t max = ((uint64_t)1 << size) - 1;

	return (uint32_t)(((level * max + 127) / 255) << pos);
}

static uint32_t grey_pixel(const struct fb_surface *fb, uint32_t level)
{
	return channel_value(level, fb->red_pos, fb->red_size) |
	       channel_value(level, fb->green_pos, fb->green_size) |
	       channel_value(level, fb->blue_pos, fb->blue_size);
}

static bool surface_usable(const struct fb_surface *fb)
{
	uint32_t bytes = fb->bpp / 8;

	if (!fb->base || (fb->bpp != 24 && fb->bpp != 32))
		return false;
	if ((uint64_t)fb->width * bytes > fb->pitch)
		return false;
	/* 32-bit pixels are stored as whole aligned words. */
	if (fb->bpp == 32 && (((uintptr_t)fb->base | fb->pitch) & 3))
		return false;
	return channel_fits(fb->red_pos, fb->red_size, fb->bpp) &&
	       channel_fits(fb->green_pos, fb->green_size, fb->bpp) &&
	       channel_fits(fb->blue_pos, fb->blue_size, fb->bpp);
}

static bool font_usable(const struct fb_font *font)
{
	return font && font->glyphs && font->count && font->width && font->height &&
	       font->bytes_per_row >= ((uint64_t)font->width + 7) / 8;
}

static void store_pixel(uint8_t *p, uint8_t bpp, uint32_t value)
{
	if (bpp == 32) {
		*(uint32_t *)p = value;
		return;
	}
	p[0] = (uint8_t)value;
	p[1] = (uint8_t)(value >> 8);
	p[2] = (uint8_t)(value >> 16);
}

static uint8_t *pixel_at(const struct fb_text *t, uint32_t x, uint32_t y)
{
	return (uint8_t *)t->fb.base + (size_t)y * t->fb.pitch + (size_t)x * (t->fb.bpp / 8);
}

/* Paints count pixels of line y, from x on, in the background colour. */
static void clear_span(struct fb_text *t, uint32_t x, uint32_t y, uint32_t count)
{
	uint8_t *p = pixel_at(t, x, y);
	uint32_t bytes = t->fb.bpp / 8;

	for (uint32_t i = 0; i < count; i++, p += bytes)
		store_pixel(p, t->fb.bpp, t->bg);
}

static void clear_lines(struct fb_text *t, uint32_t first, uint32_t count)
{
	for (uint32_t y = first; y < first + count; y++)
		clear_span(t, 0, y, t->fb.width);
}

static const uint8_t *glyph_bits(const struct fb_font *font, char c)
{
	uint32_t code = (unsigned char)c;

	if (code >= font->count)
		code = MISSING_GLYPH < font->count ? MISSING_GLYPH : 0;
	return font->glyphs + (size_t)code * font->height * font->bytes_per_row;
}

static void draw_glyph(struct fb_text *t, uint32_t x0, uint32_t y0, char c)
{
	const struct fb_font *font = t->font;
	const uint8_t *bits = glyph_bits(font, c);
	uint32_t bytes = t->fb.bpp / 8;

	for (uint32_t y = 0; y < font->height; y++) {
		uint8_t *p = pixel_at(t, x0, y0 + y);

		for (uint32_t x = 0; x < font->width; x++, p += bytes) {
			bool on = bits[x / 8] & (0x80 >> (x % 8));

			store_pixel(p, t->fb.bpp, on ? t->fg : t->bg);
		}
		bits += font->bytes_per_row;
	}
}

/* A blank cell is background, so a font's odd space glyph never shows. */
static void draw_cell(struct fb_text *t, uint32_t col, uint32_t row, char c)
{
	uint32_t x0 = col * t->font->width;
	uint32_t y0 = row * t->font->height;

	if (c != ' ') {
		draw_glyph(t, x0, y0, c);
		return;
	}
	for (uint32_t y = y0; y < y0 + t->font->height; y++)
		clear_span(t, x0, y, t->font->width);
}

static char *cell_at(struct fb_text *t, uint32_t col, uint32_t row)
{
	return &t->cells[(size_t)row * t->columns + col];
}

/* Draws only what changes: the cells left blank make most of a screen. */
static void scroll_by_redraw(struct fb_text *t)
{
	for (uint32_t row = 0; row < t->rows; row++) {
		for (uint32_t col = 0; col < t->columns; col++) {
			char below = row + 1 < t->rows ? *cell_at(t, col, row + 1) : ' ';

			if (*cell_at(t, col, row) != below) {
				*cell_at(t, col, row) = below;
				draw_cell(t, col, row, below);
			}
		}
	}
}

/*
 * Moves the pixel lines of text rows 1.. up by one text row.  The copy
 * stops at the last visible pixel: nothing says that the padding after
 * the bottom line is there.
 */
static void scroll_by_copy(struct fb_text *t)
{
	size_t row_bytes = (size_t)t->font->height * t->fb.pitch;
	uint8_t *base = t->fb.base;
	uint32_t last = (t->rows - 1) * t->font->height;

	if (t->rows > 1)
		memmove(base, base + row_bytes,
			(size_t)(last - 1) * t->fb.pitch + (size_t)t->fb.width * (t->fb.bpp / 8));
	clear_lines(t, last, t->font->height);
}

static void new_line(struct fb_text *t)
{
	t->col = 0;
	if (t->row + 1 < t->rows) {
		t->row++;
		return;
	}
	if (t->cells)
		scroll_by_redraw(t);
	else
		scroll_by_copy(t);
}

bool fb_text_init(struct fb_text *t, const struct fb_surface *fb, const struct fb_font *font,
		  char *cells, size_t ncells)
{
	memset(t, 0, sizeof(*t));
	if (!surface_usable(fb) || !font_usable(font) || fb->width / font->width == 0 ||
	    fb->height / font->height == 0)
		return false;

	t->fb = *fb;
	t->font = font;
	t->fg = grey_pixel(fb, FG_LEVEL);
	t->bg = grey_pixel(fb, BG_LEVEL);
	t->columns = fb->width / font->width;
	t->rows = fb->height / font->height;
	if (cells && ncells / t->columns >= t->rows) {
		t->cells = cells;
		memset(cells, ' ', (size_t)t->columns * t->rows);
	}
	clear_lines(t, 0, fb->height);
	return true;
}

void fb_text_putc(struct fb_text *t, char c)
{
	if (!t->font || c == '\r')
		return;
	if (c == '\n') {
		new_line(t);
		return;
	}
	if (t->col == t->columns)
		new_line(t);
	if (t->cells)
		*cell_at(t, t->col, t->row) = c;
	draw_cell(t, t->col, t->row, c);
	t->col++;
}
