/*
 * printf-style formatting for the kernel, following the C11 rules for the
 * fprintf conversions it supports (ISO/IEC 9899:2011 section 7.21.6.1).
 * Output goes one character at a time to a caller's emit function, so the
 * same code serves the console and in-memory buffers.
 */
#include "lib/printf.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * Widths and precisions above this are clamped: it bounds the padding a
 * garbage '*' argument can request and keeps the output count far from
 * overflowing an int.
 */
#define FIELD_MAX 4096

/* Enough digits for any 64-bit value in the smallest base used, octal. */
#define DIGITS_MAX 22

enum length {
	LEN_INT,
	LEN_CHAR,    /* hh */
	LEN_SHORT,   /* h */
	LEN_LONG,    /* l */
	LEN_LLONG,   /* ll */
	LEN_SIZE,    /* z */
	LEN_INTMAX,  /* j */
	LEN_PTRDIFF, /* t */
};

struct spec {
	bool left;     /* '-' */
	bool zero;     /* '0' */
	bool plus;     /* '+' */
	bool space;    /* ' ' */
	bool alt;      /* '#' */
	int width;     /* 0 when absent */
	int precision; /* -1 when absent */
	enum length length;
	char conv; /* '\0' if the format ended inside the spec */
};

struct sink {
	kformat_emit_fn emit;
	void *ctx;
	size_t count;
};

static void put(struct sink *out, char c)
{
	out->emit(out->ctx, c);
	out->count++;
}

static void put_chars(struct sink *out, const char *s, size_t n)
{
	while (n--)
		put(out, *s++);
}

static void put_repeat(struct sink *out, char c, size_t n)
{
	while (n--)
		put(out, c);
}

/* Writes s[0..n) padded with spaces to the field width. */
static void put_padded(struct sink *out, const struct spec *spec, const char *s, size_t n)
{
	size_t width = (size_t)spec->width;
	size_t pad = width > n ? width - n : 0;

	if (!spec->left)
		put_repeat(out, ' ', pad);
	put_chars(out, s, n);
	if (spec->left)
		put_repeat(out, ' ', pad);
}

static const char *parse_flags(const char *p, struct spec *spec)
{
	for (;; p++) {
		switch (*p) {
		case '-': spec->left = true; break;
		case '0': spec->zero = true; break;
		case '+': spec->plus = true; break;
		case ' ': spec->space = true; break;
		case '#': spec->alt = true; break;
		default: return p;
		}
	}
}

static int clamp_field(int value)
{
	return value > FIELD_MAX ? FIELD_MAX : value;
}

/* Decimal digits, saturating at FIELD_MAX; no digits reads as 0. */
static const char *parse_decimal(const char *p, int *value)
{
	int v = 0;

	for (; *p >= '0' && *p <= '9'; p++)
		v = clamp_field(v * 10 + (*p - '0'));
	*value = v;
	return p;
}

/* A negative '*' width means '-' with the absolute width (C11 7.21.6.1p5). */
static const char *parse_width(const char *p, struct spec *spec, va_list *ap)
{
	int width;

	if (*p != '*')
		return parse_decimal(p, &spec->width);
	width = va_arg(*ap, int);
	if (width < 0) {
		spec->left = true;
		width = width < -FIELD_MAX ? FIELD_MAX : -width;
	}
	spec->width = clamp_field(width);
	return p + 1;
}

/* A negative '*' precision is taken as if it were omitted. */
static const char *parse_precision(const char *p, struct spec *spec, va_list *ap)
{
	int precision;

	if (*p != '.')
		return p;
	p++;
	if (*p != '*')
		return parse_decimal(p, &spec->precision);
	precision = va_arg(*ap, int);
	spec->precision = precision < 0 ? -1 : clamp_field(precision);
	return p + 1;
}

static const char *parse_length(const char *p, enum length *length)
{
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			*length = LEN_CHAR;
			return p + 2;
		}
		*length = LEN_SHORT;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			*length = LEN_LLONG;
			return p + 2;
		}
		*length = LEN_LONG;
		return p + 1;
	case 'z': *length = LEN_SIZE; return p + 1;
	case 'j': *length = LEN_INTMAX; return p + 1;
	case 't': *length = LEN_PTRDIFF; return p + 1;
	default: *length = LEN_INT; return p;
	}
}

/* Parses what follows a '%'; returns a pointer to the conversion character. */
static const char *parse_spec(const char *p, struct spec *spec, va_list *ap)
{
	p = parse_flags(p, spec);
	p = parse_width(p, spec, ap);
	p = parse_precision(p, spec, ap);
	p = parse_length(p, &spec->length);
	spec->conv = *p;
	return p;
}

static int64_t fetch_signed(enum length length, va_list *ap)
{
	switch (length) {
	case LEN_CHAR: return (signed char)va_arg(*ap, int);
	case LEN_SHORT: return (short)va_arg(*ap, int);
	case LEN_LONG: return va_arg(*ap, long);
	case LEN_LLONG: return va_arg(*ap, long long);
	case LEN_SIZE:
		/* The signed type matching size_t, as %zd means. */
		return (int64_t)va_arg(*ap, size_t);
	case LEN_INTMAX: return va_arg(*ap, intmax_t);
	case LEN_PTRDIFF: return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uint64_t fetch_unsigned(enum length length, va_list *ap)
{
	switch (length) {
	case LEN_CHAR: return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT: return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG: return va_arg(*ap, unsigned long);
	case LEN_LLONG: return va_arg(*ap, unsigned long long);
	case LEN_SIZE: return va_arg(*ap, size_t);
	case LEN_INTMAX: return va_arg(*ap, uintmax_t);
	case LEN_PTRDIFF:
		/* The unsigned type matching ptrdiff_t, as %tu means. */
		return (uint64_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* Writes value's digits, most significant first; returns how many. */
static int convert_digits(char *buf, uint64_t value, unsigned int base, bool upper)
{
	const char *digit_set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char reversed[DIGITS_MAX];
	int n = 0;

	do {
		reversed[n++] = digit_set[value % base];
		value /= base;
	} while (value);
	for (int i = 0; i < n; i++)
		buf[i] = reversed[n - 1 - i];
	return n;
}

/*
 * Lays out [pad][sign or 0x][precision zeros][digits][pad].  sign is '\0'
 * when there is none; only signed conversions pass one.
 */
static void format_integer(struct sink *out, const struct spec *spec, uint64_t magnitude, char sign,
			   unsigned int base)
{
	char digits[DIGITS_MAX];
	char prefix[2];
	int ndigits = 0, nprefix = 0, zeros = 0, pad;

	/* An explicit zero precision prints the value zero as no digits. */
	if (magnitude != 0 || spec->precision != 0)
		ndigits = convert_digits(digits, magnitude, base, spec->conv == 'X');
	if (sign)
		prefix[nprefix++] = sign;
	if (spec->alt && base == 16 && magnitude != 0) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = spec->conv;
	}
	if (spec->precision > ndigits)
		zeros = spec->precision - ndigits;
	/* "%#o" raises the precision just enough to lead with a zero. */
	if (spec->alt && base == 8 && zeros == 0 && (ndigits == 0 || digits[0] != '0'))
		zeros = 1;

	pad = spec->width - (nprefix + zeros + ndigits);
	if (pad < 0)
		pad = 0;
	/* '0' is ignored with '-' or with a precision (C11 7.21.6.1p6). */
	if (spec->zero && !spec->left && spec->precision < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!spec->left)
		put_repeat(out, ' ', (size_t)pad);
	put_chars(out, prefix, (size_t)nprefix);
	put_repeat(out, '0', (size_t)zeros);
	put_chars(out, digits, (size_t)ndigits);
	if (spec->left)
		put_repeat(out, ' ', (size_t)pad);
}

static void format_signed(struct sink *out, const struct spec *spec, va_list *ap)
{
	int64_t value = fetch_signed(spec->length, ap);
	/* Negating in unsigned arithmetic keeps INT64_MIN defined. */
	uint64_t magnitude = value < 0 ? 0 - (uint64_t)value : (uint64_t)value;
	char sign = '\0';

	if (value < 0)
		sign = '-';
	else if (spec->plus)
		sign = '+';
	else if (spec->space)
		sign = ' ';
	format_integer(out, spec, magnitude, sign, 10);
}

static void format_string(struct sink *out, const struct spec *spec, va_list *ap)
{
	const char *s = va_arg(*ap, const char *);
	size_t len;

	if (!s)
		s = "(null)";
	/* With a precision the string need not be NUL-terminated. */
	if (spec->precision >= 0)
		len = strnlen(s, (size_t)spec->precision);
	else
		len = strlen(s);
	put_padded(out, spec, s, len);
}

static void format_char(struct sink *out, const struct spec *spec, va_list *ap)
{
	char c = (char)va_arg(*ap, int);

	put_padded(out, spec, &c, 1);
}

/* Always the full 64-bit width, so addresses line up in dumps. */
static void format_pointer(struct sink *out, const struct spec *spec, va_list *ap)
{
	uint64_t value = (uintptr_t)va_arg(*ap, void *);
	char text[2 + 16];

	text[0] = '0';
	text[1] = 'x';
	for (int i = 0; i < 16; i++)
		text[2 + i] = "0123456789abcdef"[(value >> (60 - 4 * i)) & 0xf];
	put_padded(out, spec, text, sizeof(text));
}

/* Formats the conversion starting at the '%' at start; returns what follows. */
static const char *format_one(struct sink *out, const char *start, va_list *ap)
{
	struct spec spec = { .precision = -1 };
	const char *conv = parse_spec(start + 1, &spec, ap);

	switch (spec.conv) {
	case 'd':
	case 'i': format_signed(out, &spec, ap); break;
	case 'u': format_integer(out, &spec, fetch_unsigned(spec.length, ap), '\0', 10); break;
	case 'x':
	case 'X': format_integer(out, &spec, fetch_unsigned(spec.length, ap), '\0', 16); break;
	case 'o': format_integer(out, &spec, fetch_unsigned(spec.length, ap), '\0', 8); break;
	case 'c': format_char(out, &spec, ap); break;
	case 's': format_string(out, &spec, ap); break;
	case 'p': format_pointer(out, &spec, ap); break;
	case '%': put(out, '%'); break;
	case '\0':
		/* The format ended mid-spec: copy what there was. */
		put_chars(out, start, (size_t)(conv - start));
		return conv;
	default:
		/* Unknown: copy the spec as written, so the mistake shows. */
		put_chars(out, start, (size_t)(conv + 1 - start));
		break;
	}
	return conv + 1;
}

int kformat(kformat_emit_fn emit, void *ctx, const char *fmt, va_list ap)
{
	struct sink out = { .emit = emit, .ctx = ctx, .count = 0 };
	va_list args;

	/* A copy, because helpers need a pointer to a va_list object. */
	va_copy(args, ap);
	while (*fmt) {
		if (*fmt == '%')
			fmt = format_one(&out, fmt, &args);
		else
			put(&out, *fmt++);
	}
	va_end(args);
	return out.count > (size_t)__INT_MAX__ ? __INT_MAX__ : (int)out.count;
}

struct buffer {
	char *buf;
	size_t size;
	size_t len; /* the full output's length, even past size */
};

/* Stores while there is room for the character and the final NUL. */
static void buffer_emit(void *ctx, char c)
{
	struct buffer *b = ctx;

	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = { .buf = buf, .size = size, .len = 0 };
	int n = kformat(buffer_emit, &b, fmt, ap);

	if (size > 0)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
