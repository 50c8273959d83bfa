/*
 * libFuzzer target for the command-line parser (lib/cmdline.c), the numeric
 * options (lib/options.c) and the escaping of outside strings
 * (lib/escape.c).
 *
 * Input layout:
 *   byte 0       output buffer size for escape_string (4..259)
 *   byte 1       which option name to look up (index into names[])
 *   the rest     the command line (a NUL ends it early, as in the kernel)
 *
 * Invariants checked, beyond the sanitizers:
 *   - escaped output holds only printable ASCII, never a lone backslash or
 *     quote, fits its buffer, and decodes back to a prefix of the input;
 *   - an option's value always lies in its range, and OK means the word's
 *     digits are exactly that number;
 *   - cmdline_value's copy is a prefix of the span cmdline_value_span finds.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cmdline.h"
#include "lib/escape.h"
#include "lib/options.h"

static const char *const names[] = { "ap-timeout-ms", "vmx-dump", "test", "a", "=", "" };

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/*
 * Decodes out[0..n) against line: true if every character is printable and
 * no quote or lone backslash appears, and it decodes to a prefix of line;
 * *used gets that prefix's length.
 */
static bool decodes_to_prefix(const char *out, size_t n, const char *line, size_t len, size_t *used)
{
	size_t o = 0, i = 0;

	while (o < n) {
		char c = out[o];
		if (c < 0x20 || c > 0x7e || c == '"')
			return false;
		if (c == '\\') {
			if (o + 3 >= n || out[o + 1] != 'x' || hex(out[o + 2]) < 0 ||
			    hex(out[o + 3]) < 0 || i >= len)
				return false;
			if ((unsigned char)line[i] != (hex(out[o + 2]) << 4 | hex(out[o + 3])))
				return false;
			o += 4;
		} else {
			if (i >= len || line[i] != c)
				return false;
			o++;
		}
		i++;
	}
	*used = i;
	return true;
}

static void check_escape(const char *line, size_t len, size_t out_len)
{
	char *out = malloc(out_len);
	size_t n, used = 0;

	escape_string(out, out_len, line, len);
	n = strlen(out);
	if (n >= out_len)
		abort();
	/* Either the whole line, escaped, or a prefix of it and "...". */
	if (!(decodes_to_prefix(out, n, line, len, &used) && used == len) &&
	    !(n >= 3 && strcmp(out + n - 3, "...") == 0 &&
	      decodes_to_prefix(out, n - 3, line, len, &used) && used < len))
		abort();
	free(out);
}

static void check_option(const char *line, const char *name)
{
	static const struct option_range range = { 5000, 11, 3600000 };
	const char *text;
	size_t len;
	uint64_t v = 0, parsed = 0;
	char copy[16];
	enum option_status st = option_u64(line, name, &range, &v);

	if (v < range.min || v > range.max)
		abort();
	/* Every warning has its words; silence is only for ABSENT and OK. */
	if ((*option_status_text(st) == '\0') != (st == OPTION_ABSENT || st == OPTION_OK))
		abort();
	bool found = cmdline_value_span(line, name, &text, &len);
	if (found != (st != OPTION_ABSENT))
		abort();
	if (st == OPTION_OK && (option_parse_u64(text, len, &parsed) != OPTION_OK || parsed != v))
		abort();
	if (cmdline_value(line, name, copy, sizeof(copy)) != found)
		abort();
	if (found && strncmp(copy, text, strlen(copy)) != 0)
		abort();
	(void)cmdline_flag(line, name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line;
	size_t out_len, len;

	if (size < 2)
		return 0;
	out_len = 4 + data[0];
	const char *name = names[data[1] % (sizeof(names) / sizeof(names[0]))];
	/* An exact-size heap copy, NUL-terminated, so ASan sees any overread. */
	line = malloc(size - 1);
	memcpy(line, data + 2, size - 2);
	line[size - 2] = '\0';
	len = strlen(line);
	check_escape(line, len, out_len);
	check_option(line, name);
	free(line);
	return 0;
}
