#include "lib/options.h"
#include "lib/cmdline.h"

enum option_status option_parse_u64(const char *s, size_t len, uint64_t *value)
{
	uint64_t v = 0;

	if (!s || len == 0)
		return OPTION_NOT_A_NUMBER;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return OPTION_NOT_A_NUMBER;
	for (size_t i = 0; i < len; i++) {
		uint64_t digit = (uint64_t)(s[i] - '0');
		if (v > (UINT64_MAX - digit) / 10)
			return OPTION_OVERFLOW;
		v = v * 10 + digit;
	}
	*value = v;
	return OPTION_OK;
}

enum option_status option_u64(const char *cmdline, const char *name,
			      const struct option_range *range, uint64_t *value)
{
	const char *text;
	size_t len;

	if (!cmdline_value_span(cmdline, name, &text, &len))
		text = NULL;
	return option_text_u64(text, len, range, value);
}

enum option_status option_text_u64(const char *text, size_t len, const struct option_range *range,
				   uint64_t *value)
{
	uint64_t v = 0;
	enum option_status st;

	*value = range->def;
	if (!text)
		return OPTION_ABSENT;
	st = option_parse_u64(text, len, &v);
	if (st == OPTION_NOT_A_NUMBER)
		return st;
	if (st == OPTION_OVERFLOW || v > range->max) {
		*value = range->max;
		return st == OPTION_OVERFLOW ? st : OPTION_ABOVE_MAX;
	}
	if (v < range->min) {
		*value = range->min;
		return OPTION_BELOW_MIN;
	}
	*value = v;
	return OPTION_OK;
}

const char *option_status_text(enum option_status s)
{
	switch (s) {
	case OPTION_NOT_A_NUMBER: return "is not a decimal number; using the default";
	case OPTION_OVERFLOW: return "does not fit in 64 bits; using the largest allowed value";
	case OPTION_BELOW_MIN: return "is below the smallest allowed value; using that";
	case OPTION_ABOVE_MAX: return "is above the largest allowed value; using that";
	default: return "";
	}
}
