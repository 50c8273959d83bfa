/*
 * Unit tests for lib/fb_text.c: it draws into a malloc'd framebuffer
 * of exactly the size a screen of that pitch needs, so a stray write past
 * the last visible pixel is an AddressSanitizer error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/fb_text.h"

/* What the padding after each pixel line holds; fb_text never writes it. */
#define PAD_BYTE 0x5a

/* Light grey (0xaa a channel) and black in the 8-bit-channel layouts. */
#define GREY_8BIT 0x00aaaaaau
#define BLACK	  0u

/*
 * A hand-made 8x8 font: three glyphs, the rest of the 128 codes blank.
 * 'A' is lopsided so a mirrored or shifted glyph shows.
 */
static const uint8_t test_glyphs[128][8] = {
	['A'] = { 0xf0, 0x88, 0x88, 0xf0, 0x88, 0x88, 0x88, 0x01 },
	['#'] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	['?'] = { 0x3c, 0x42, 0x02, 0x0c, 0x10, 0x00, 0x10, 0x00 },
};

static const struct fb_font test_font = {
	.width = 8,
	.height = 8,
	.bytes_per_row = 1,
	.glyphs = &test_glyphs[0][0],
	.count = 128,
};

/* Colour layouts from section 3.6.12's point of view. */
struct layout {
	uint8_t bpp;
	uint8_t red_pos, red_size, green_pos, green_size, blue_pos, blue_size;
	uint32_t grey; /* the foreground pixel value expected */
};

static const struct layout xrgb32 = { 32, 16, 8, 8, 8, 0, 8, GREY_8BIT };
static const struct layout xbgr32 = { 32, 0, 8, 8, 8, 16, 8, GREY_8BIT };
/* Channels in the top three bytes: a BGRA assumption gets this wrong. */
static const struct layout rgbx32 = { 32, 24, 8, 16, 8, 8, 8, 0xaaaaaa00u };
/* 10 bits a channel: 0xaa of 0xff is 682 of 1023. */
static const struct layout xrgb2101010 = { 32, 20, 10, 10,
					   10, 0,  10, (682u << 20) | (682u << 10) | 682u };
static const struct layout rgb24 = { 24, 16, 8, 8, 8, 0, 8, GREY_8BIT };
static const struct layout bgr24 = { 24, 0, 8, 8, 8, 16, 8, GREY_8BIT };

struct canvas {
	uint8_t *mem;
	size_t size;
	struct fb_surface fb;
	uint32_t grey;
	struct fb_text text;
};

/* Up to the last visible pixel: the bottom line's padding is not there. */
static void canvas_alloc(struct canvas *c, const struct layout *l, uint32_t width, uint32_t height,
			 uint32_t pitch)
{
	c->size = (size_t)(height - 1) * pitch + (size_t)width * (l->bpp / 8);
	c->mem = malloc(c->size);
	assert_non_null(c->mem);
	memset(c->mem, PAD_BYTE, c->size);
	c->fb = (struct fb_surface){
		.base = c->mem,
		.pitch = pitch,
		.width = width,
		.height = height,
		.bpp = l->bpp,
		.red_pos = l->red_pos,
		.red_size = l->red_size,
		.green_pos = l->green_pos,
		.green_size = l->green_size,
		.blue_pos = l->blue_pos,
		.blue_size = l->blue_size,
	};
	c->grey = l->grey;
}

static void canvas_open(struct canvas *c, const struct layout *l, uint32_t width, uint32_t height,
			uint32_t pitch, char *cells, size_t ncells)
{
	canvas_alloc(c, l, width, height, pitch);
	assert_true(fb_text_init(&c->text, &c->fb, &test_font, cells, ncells));
}

static void canvas_free(struct canvas *c)
{
	free(c->mem);
}

static uint32_t pixel(const struct canvas *c, uint32_t x, uint32_t y)
{
	const uint8_t *p = c->mem + (size_t)y * c->fb.pitch + (size_t)x * (c->fb.bpp / 8);
	uint32_t value = 0;

	for (unsigned i = 0; i < c->fb.bpp / 8u; i++)
		value |= (uint32_t)p[i] << (8 * i);
	return value;
}

static void write_text(struct canvas *c, const char *s)
{
	while (*s)
		fb_text_putc(&c->text, *s++);
}

static bool test_glyph_on(char ch, uint32_t x, uint32_t y)
{
	if (ch == ' ')
		return false;
	return test_glyphs[(unsigned char)ch][y] & (0x80 >> x);
}

static void expect_cell(const struct canvas *c, uint32_t col, uint32_t row, char ch)
{
	for (uint32_t y = 0; y < 8; y++) {
		for (uint32_t x = 0; x < 8; x++) {
			bool on = test_glyph_on(ch, x, y);

			assert_int_equal(pixel(c, col * 8 + x, row * 8 + y), on ? c->grey : BLACK);
		}
	}
}

/*
 * The whole screen: each row string gives the characters of a text row
 * (' ' for blank); pixels outside the cells are black and the padding
 * after each line is untouched.
 */
static void expect_screen(const struct canvas *c, const char *const rows[])
{
	uint32_t columns = c->fb.width / 8, nrows = c->fb.height / 8;
	size_t line_bytes = (size_t)c->fb.width * (c->fb.bpp / 8);

	for (uint32_t row = 0; row < nrows; row++) {
		assert_int_equal(strlen(rows[row]), columns);
		for (uint32_t col = 0; col < columns; col++)
			expect_cell(c, col, row, rows[row][col]);
	}
	for (uint32_t y = 0; y < c->fb.height; y++) {
		for (uint32_t x = 0; x < c->fb.width; x++)
			if (x >= columns * 8 || y >= nrows * 8)
				assert_int_equal(pixel(c, x, y), BLACK);
		for (size_t i = line_bytes; i < c->fb.pitch && y + 1 < c->fb.height; i++)
			assert_int_equal(c->mem[(size_t)y * c->fb.pitch + i], PAD_BYTE);
	}
}

/* Two glyphs on a 2x1 screen with padding, in the given layout. */
static void check_layout(const struct layout *l, uint32_t pitch)
{
	static const char *const screen[] = { "A#" };
	struct canvas c;

	canvas_open(&c, l, 16, 8, pitch, NULL, 0);
	write_text(&c, "A#");
	expect_screen(&c, screen);
	canvas_free(&c);
}

static void test_32bpp_rgb(void **state)
{
	(void)state;
	check_layout(&xrgb32, 16 * 4);
}

static void test_32bpp_bgr(void **state)
{
	(void)state;
	check_layout(&xbgr32, 16 * 4);
}

static void test_32bpp_channels_in_high_bytes(void **state)
{
	(void)state;
	check_layout(&rgbx32, 16 * 4);
}

static void test_32bpp_10bit_channels(void **state)
{
	(void)state;
	check_layout(&xrgb2101010, 16 * 4);
}

static void test_24bpp_rgb_and_bgr(void **state)
{
	struct canvas c;

	(void)state;
	check_layout(&rgb24, 16 * 3);
	check_layout(&bgr24, 16 * 3);

	/* The bytes themselves: little-endian, three to a pixel. */
	canvas_open(&c, &rgb24, 8, 8, 8 * 3, NULL, 0);
	fb_text_putc(&c.text, '#');
	for (size_t i = 0; i < c.size; i++)
		assert_int_equal(c.mem[i], 0xaa);
	canvas_free(&c);
}

static void test_pitch_wider_than_the_line(void **state)
{
	(void)state;
	check_layout(&xrgb32, 16 * 4 + 36);
	check_layout(&rgb24, 16 * 3 + 7); /* lines not word-aligned */
}

static void test_init_clears_and_leaves_padding(void **state)
{
	static const char *const screen[] = { "  ", "  ", "  " };
	struct canvas c;

	(void)state;
	/* 4 pixels and 2 lines left over beyond the 2x3 cells. */
	canvas_open(&c, &xrgb32, 20, 26, 20 * 4 + 8, NULL, 0);
	expect_screen(&c, screen);
	assert_int_equal(c.text.columns, 2);
	assert_int_equal(c.text.rows, 3);
	canvas_free(&c);
}

static void test_wraps_at_the_right_edge(void **state)
{
	static const char *const screen[] = { "A#A", "#  ", "   " };
	struct canvas c;

	(void)state;
	canvas_open(&c, &xrgb32, 24 + 5, 24, 29 * 4, NULL, 0);
	write_text(&c, "A#A#");
	expect_screen(&c, screen);
	canvas_free(&c);
}

static void test_newline_and_carriage_return(void **state)
{
	static const char *const screen[] = { "A# ", "A  ", "  #" };
	struct canvas c;

	(void)state;
	canvas_open(&c, &xrgb32, 24, 24, 24 * 4, NULL, 0);
	write_text(&c, "A\r#\r\nA\n\r\r  #");
	expect_screen(&c, screen);
	canvas_free(&c);
}

/* A full line then '\n' moves down one line, not two. */
static void test_full_line_then_newline(void **state)
{
	static const char *const screen[] = { "A#", "#A", "  " };
	struct canvas c;

	(void)state;
	canvas_open(&c, &xrgb32, 16, 24, 16 * 4, NULL, 0);
	write_text(&c, "A#\n#A\n");
	expect_screen(&c, screen);
	assert_int_equal(c.text.row, 2);
	assert_int_equal(c.text.col, 0);
	canvas_free(&c);
}

/*
 * Scrolling, with or without cells to redraw from: the top row goes, the
 * others move up, the bottom row is blank and the cursor stays on it.
 */
static void check_scroll(const struct layout *l, uint32_t pitch, bool cells)
{
	static const char *const filled[] = { "A#", "#A", "?A" };
	static const char *const scrolled[] = { "#A", "?A", "  " };
	static const char *const written[] = { "?A", "#?", "A " };
	char room[6];
	struct canvas c;

	canvas_open(&c, l, 20, 26, pitch, cells ? room : NULL, sizeof(room));
	assert_true((c.text.cells != NULL) == cells);
	write_text(&c, "A##A?A");
	expect_screen(&c, filled);
	fb_text_putc(&c.text, '\n');
	expect_screen(&c, scrolled);
	assert_int_equal(c.text.row, 2);
	assert_int_equal(c.text.col, 0);
	/* Wrapping off the last cell scrolls too. */
	write_text(&c, "#?A");
	expect_screen(&c, written);
	canvas_free(&c);
}

static void test_scroll_by_copy(void **state)
{
	(void)state;
	check_scroll(&xrgb32, 20 * 4 + 12, false);
	check_scroll(&rgb24, 20 * 3 + 5, false);
}

static void test_scroll_by_redraw(void **state)
{
	(void)state;
	check_scroll(&xrgb32, 20 * 4 + 12, true);
	check_scroll(&rgb24, 20 * 3 + 5, true);
}

/*
 * Redrawing from the cells reads no pixel back and leaves alone the cells
 * that keep their character: a mark put on the framebuffer stays where it
 * is, where copying would move it up a row.
 */
static void test_scroll_by_redraw_reads_no_pixels(void **state)
{
	static const uint8_t mark = 0x77;
	size_t marked = (size_t)2 * 16 * 4 + (8 + 3) * 4; /* (11, 2) */
	char room[4];
	struct canvas c;

	(void)state;
	canvas_open(&c, &xrgb32, 16, 16, 16 * 4, room, sizeof(room));
	write_text(&c, "?A#A"); /* column 1 of row 0 keeps its 'A' */
	c.mem[marked] = mark;
	fb_text_putc(&c.text, '\n');
	assert_int_equal(c.mem[marked], mark);
	expect_cell(&c, 0, 0, '#');
	expect_cell(&c, 0, 1, ' ');
	expect_cell(&c, 1, 1, ' ');
	canvas_free(&c);
}

/*
 * Too little room for the cells: scrolling copies pixels instead, up to
 * the last visible pixel of a screen whose text rows fill it.
 */
static void test_scroll_with_too_few_cells(void **state)
{
	static const char *const screen[] = { "#A", "  " };
	char room[3];
	struct canvas c;

	(void)state;
	canvas_open(&c, &xrgb32, 16, 16, 16 * 4 + 16, room, sizeof(room));
	assert_null(c.text.cells);
	write_text(&c, "A##A\n");
	expect_screen(&c, screen);
	canvas_free(&c);
}

static void test_one_row_screen_scrolls_to_blank(void **state)
{
	static const char *const blank[] = { "  " };
	static const char *const after[] = { "A " };
	char room[2];
	struct canvas c;

	(void)state;
	canvas_open(&c, &xrgb32, 16, 8, 16 * 4, NULL, 0);
	write_text(&c, "A#\n");
	expect_screen(&c, blank);
	canvas_free(&c);

	canvas_open(&c, &xrgb32, 16, 8, 16 * 4, room, sizeof(room));
	write_text(&c, "#?A");
	expect_screen(&c, after);
	canvas_free(&c);
}

static void test_missing_code_draws_question_mark(void **state)
{
	static const char *const screen[] = { "??" };
	struct canvas c;

	(void)state;
	canvas_open(&c, &xrgb32, 16, 8, 16 * 4, NULL, 0);
	fb_text_putc(&c.text, (char)200); /* past the font's 128 */
	fb_text_putc(&c.text, (char)128);
	expect_screen(&c, screen);
	canvas_free(&c);
}

static void test_space_is_background(void **state)
{
	static const uint8_t solid[128][8] = {
		[' '] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	static const struct fb_font solid_space = {
		.width = 8,
		.height = 8,
		.bytes_per_row = 1,
		.glyphs = &solid[0][0],
		.count = 128,
	};
	static const char *const screen[] = { "  " };
	struct canvas c;

	(void)state;
	canvas_alloc(&c, &xrgb32, 16, 8, 16 * 4);
	assert_true(fb_text_init(&c.text, &c.fb, &solid_space, NULL, 0));
	write_text(&c, "  ");
	expect_screen(&c, screen);
	canvas_free(&c);
}

/* 12 pixels wide, two bytes a row: bits past the first byte count too. */
static void test_wide_font(void **state)
{
	static const uint8_t wide[2][4][2] = {
		[1] = { { 0x80, 0x10 }, { 0x00, 0x00 }, { 0x00, 0x00 }, { 0x00, 0x20 } },
	};
	static const struct fb_font wide_font = {
		.width = 12,
		.height = 4,
		.bytes_per_row = 2,
		.glyphs = &wide[0][0][0],
		.count = 2,
	};
	struct canvas c;

	(void)state;
	canvas_alloc(&c, &xrgb32, 24, 4, 24 * 4);
	assert_true(fb_text_init(&c.text, &c.fb, &wide_font, NULL, 0));
	write_text(&c, "\x01\x01");
	for (uint32_t y = 0; y < 4; y++) {
		for (uint32_t x = 0; x < 24; x++) {
			uint32_t in = x % 12;
			bool on = (y == 0 && (in == 0 || in == 11)) || (y == 3 && in == 10);

			assert_int_equal(pixel(&c, x, y), on ? GREY_8BIT : BLACK);
		}
	}
	canvas_free(&c);
}

/* A refused framebuffer is left as it was, and writing to it does nothing. */
static void expect_refused(struct canvas *c, const struct fb_font *font)
{
	uint8_t *before = malloc(c->size);

	assert_non_null(before);
	memcpy(before, c->mem, c->size);
	assert_false(fb_text_init(&c->text, &c->fb, font, NULL, 0));
	write_text(c, "A#\n");
	assert_memory_equal(c->mem, before, c->size);
	free(before);
}

static void test_refuses_16_and_8_bpp(void **state)
{
	static const struct layout rgb565 = { 16, 11, 5, 5, 6, 0, 5, 0 };
	static const struct layout rgb332 = { 8, 5, 3, 2, 3, 0, 2, 0 };
	static const struct layout rgb555 = { 15, 10, 5, 5, 5, 0, 5, 0 };
	struct canvas c;

	(void)state;
	canvas_alloc(&c, &rgb565, 16, 8, 16 * 2);
	expect_refused(&c, &test_font);
	canvas_free(&c);
	canvas_alloc(&c, &rgb332, 16, 8, 16);
	expect_refused(&c, &test_font);
	canvas_free(&c);
	canvas_alloc(&c, &rgb555, 16, 8, 16 * 2);
	expect_refused(&c, &test_font);
	canvas_free(&c);
}

static void test_refuses_bad_surfaces(void **state)
{
	struct canvas c;

	(void)state;
	canvas_alloc(&c, &xrgb32, 16, 8, 16 * 4);

	c.fb.pitch = 16 * 4 - 4; /* shorter than a line */
	expect_refused(&c, &test_font);
	c.fb.pitch = 16 * 4 + 2; /* 32-bit pixels misaligned */
	expect_refused(&c, &test_font);
	c.fb.pitch = 16 * 4;

	c.fb.red_pos = 25; /* channel sticks out */
	expect_refused(&c, &test_font);
	c.fb.red_pos = 16;

	c.fb.width = 7; /* no whole cell */
	expect_refused(&c, &test_font);
	c.fb.width = 16;
	c.fb.height = 7;
	expect_refused(&c, &test_font);
	c.fb.height = 8;

	c.fb.base = NULL;
	assert_false(fb_text_init(&c.text, &c.fb, &test_font, NULL, 0));
	c.fb.base = c.mem;

	assert_true(fb_text_init(&c.text, &c.fb, &test_font, NULL, 0));
	canvas_free(&c);
}

static void test_refuses_bad_fonts(void **state)
{
	struct fb_font font = test_font;
	struct canvas c;

	(void)state;
	canvas_alloc(&c, &rgb24, 16, 8, 16 * 3);
	expect_refused(&c, NULL);
	font.bytes_per_row = 0;
	expect_refused(&c, &font);
	font = test_font;
	font.count = 0;
	expect_refused(&c, &font);
	font = test_font;
	font.glyphs = NULL;
	expect_refused(&c, &font);
	font = test_font;
	font.width = 0;
	expect_refused(&c, &font);
	canvas_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_32bpp_rgb),
		cmocka_unit_test(test_32bpp_bgr),
		cmocka_unit_test(test_32bpp_channels_in_high_bytes),
		cmocka_unit_test(test_32bpp_10bit_channels),
		cmocka_unit_test(test_24bpp_rgb_and_bgr),
		cmocka_unit_test(test_pitch_wider_than_the_line),
		cmocka_unit_test(test_init_clears_and_leaves_padding),
		cmocka_unit_test(test_wraps_at_the_right_edge),
		cmocka_unit_test(test_newline_and_carriage_return),
		cmocka_unit_test(test_full_line_then_newline),
		cmocka_unit_test(test_scroll_by_copy),
		cmocka_unit_test(test_scroll_by_redraw),
		cmocka_unit_test(test_scroll_by_redraw_reads_no_pixels),
		cmocka_unit_test(test_scroll_with_too_few_cells),
		cmocka_unit_test(test_one_row_screen_scrolls_to_blank),
		cmocka_unit_test(test_missing_code_draws_question_mark),
		cmocka_unit_test(test_space_is_background),
		cmocka_unit_test(test_wide_font),
		cmocka_unit_test(test_refuses_16_and_8_bpp),
		cmocka_unit_test(test_refuses_bad_surfaces),
		cmocka_unit_test(test_refuses_bad_fonts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
