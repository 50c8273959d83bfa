#include "lib/gdb/hex.h"

int gdb_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void gdb_hex_byte(uint8_t byte, char out[2])
{
	static const char digits[] = "0123456789abcdef";

	out[0] = digits[byte >> 4];
	out[1] = digits[byte & 0xf];
}

bool gdb_hex_to_bytes(const char *hex, size_t len, uint8_t *out)
{
	if (len % 2)
		return false;
	for (size_t i = 0; i < len; i += 2) {
		int hi = gdb_hex_value(hex[i]), lo = gdb_hex_value(hex[i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

bool gdb_hex_number(const char **p, const char *end, uint64_t *value)
{
	const char *s = *p;
	uint64_t v = 0;
	int digits = 0;

	for (; s < end && gdb_hex_value(*s) >= 0; s++, digits++) {
		if (digits == 16)
			return false;
		v = v << 4 | (uint64_t)gdb_hex_value(*s);
	}
	if (!digits)
		return false;
	*p = s;
	*value = v;
	return true;
}
