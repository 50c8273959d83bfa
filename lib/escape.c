#include <stdbool.h>
#include "lib/escape.h"

static const char hex_digits[] = "0123456789abcdef";

static int needs_escape(unsigned char c)
{
	return c < 0x20 || c > 0x7e || c == '\\' || c == '"';
}

static size_t escaped_length(const char *src, size_t src_len)
{
	size_t n = 0;

	for (size_t i = 0; src && i < src_len && src[i]; i++)
		n += needs_escape((unsigned char)src[i]) ? 4 : 1;
	return n;
}

char *escape_string(char *out, size_t out_len, const char *src, size_t src_len)
{
	static const char ellipsis[] = "...";
	bool fits;
	size_t o = 0;

	if (!out || out_len < sizeof(ellipsis))
		return out;
	fits = escaped_length(src, src_len) < out_len;
	for (size_t i = 0; src && i < src_len && src[i]; i++) {
		unsigned char c = (unsigned char)src[i];
		size_t need = needs_escape(c) ? 4 : 1;
		/* Keep room for "..." unless everything fits. */
		size_t reserve = fits ? 0 : sizeof(ellipsis) - 1;

		if (o + need + reserve >= out_len) {
			for (size_t k = 0; k < sizeof(ellipsis) - 1 && o + 1 < out_len; k++)
				out[o++] = '.';
			break;
		}
		if (need == 1) {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '\\';
		out[o++] = 'x';
		out[o++] = hex_digits[c >> 4];
		out[o++] = hex_digits[c & 0xF];
	}
	out[o] = '\0';
	return out;
}
