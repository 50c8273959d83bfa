/*
 * Text-mode screen writer: 2 bytes a cell (character, attribute), scrolling
 * up when the last row is full.  The console mirrors COM1 here so a person
 * at a real machine sees the same report.
 */
#include <stddef.h>
#include <string.h>
#include "arch/x86/vga_text.h"

#define ATTR_LIGHT_GREY_ON_BLACK 0x07

static volatile uint16_t *screen;
static unsigned cols, rows, cursor_col, cursor_row;

static uint16_t cell(char c)
{
	return (uint16_t)(ATTR_LIGHT_GREY_ON_BLACK << 8) | (unsigned char)c;
}

void vga_text_init(uint64_t base, unsigned columns, unsigned nrows)
{
	screen = (volatile uint16_t *)(uintptr_t)base;
	cols = columns;
	rows = nrows;
	cursor_col = cursor_row = 0;
	for (size_t i = 0; i < (size_t)cols * rows; i++)
		screen[i] = cell(' ');
}

static void scroll(void)
{
	for (size_t i = 0; i < (size_t)cols * (rows - 1); i++)
		screen[i] = screen[i + cols];
	for (size_t i = 0; i < cols; i++)
		screen[(size_t)cols * (rows - 1) + i] = cell(' ');
	cursor_row = rows - 1;
}

static void newline(void)
{
	cursor_col = 0;
	if (++cursor_row == rows)
		scroll();
}

void vga_text_putc(char c)
{
	if (!screen)
		return;
	if (c == '\n') {
		newline();
		return;
	}
	if (c == '\r')
		return;
	screen[(size_t)cursor_row * cols + cursor_col] = cell(c);
	if (++cursor_col == cols)
		newline();
}
