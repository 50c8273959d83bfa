/* Unit tests for lib/printf.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/printf.h"

#define BUF_LEN 256

/* Formats with ksnprintf and checks both the text and the return value. */
#define EXPECT(expected, ...)                                        \
	do {                                                         \
		char out_[BUF_LEN];                                  \
		int n_ = ksnprintf(out_, sizeof(out_), __VA_ARGS__); \
		assert_string_equal(out_, (expected));               \
		assert_int_equal(n_, strlen(expected));              \
	} while (0)

/* Checks ksnprintf against the host C library on a well-defined case. */
#define SAME_AS_LIBC(...)                                                   \
	do {                                                                \
		char mine_[BUF_LEN], libc_[BUF_LEN];                        \
		int n_mine_ = ksnprintf(mine_, sizeof(mine_), __VA_ARGS__); \
		int n_libc_ = snprintf(libc_, sizeof(libc_), __VA_ARGS__);  \
		assert_string_equal(mine_, libc_);                          \
		assert_int_equal(n_mine_, n_libc_);                         \
	} while (0)

/*
 * No format attribute here on purpose: it lets the tests pass formats gcc
 * would reject, to see that the formatter copes.
 */
static int format_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define EXPECT_UNCHECKED(expected, ...)                                     \
	do {                                                                \
		char out_[BUF_LEN];                                         \
		int n_ = format_unchecked(out_, sizeof(out_), __VA_ARGS__); \
		assert_string_equal(out_, (expected));                      \
		assert_int_equal(n_, strlen(expected));                     \
	} while (0)

static void test_plain_text(void **state)
{
	(void)state;
	EXPECT("", "%s", "");
	EXPECT("hello", "hello");
	EXPECT("100%", "100%%");
	EXPECT("%%", "%%%%");
	EXPECT("a\tb\n", "a\tb\n");
}

static void test_signed_decimal(void **state)
{
	(void)state;
	EXPECT("0", "%d", 0);
	EXPECT("42", "%d", 42);
	EXPECT("-42", "%i", -42);
	EXPECT("2147483647", "%d", INT32_MAX);
	EXPECT("-2147483648", "%d", INT32_MIN);
	EXPECT("-9223372036854775808", "%ld", (long)INT64_MIN);
	EXPECT("9223372036854775807", "%lld", (long long)INT64_MAX);
	EXPECT("-1 2 -3", "%d %i %d", -1, 2, -3);
}

static void test_int64_min(void **state)
{
	(void)state;
	EXPECT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	EXPECT("-9223372036854775808", "%+lld", (long long)INT64_MIN);
	EXPECT("-9223372036854775808", "% lld", (long long)INT64_MIN);
	EXPECT("   -9223372036854775808", "%23lld", (long long)INT64_MIN);
	EXPECT("-0009223372036854775808", "%023lld", (long long)INT64_MIN);
	EXPECT("-0000009223372036854775808", "%.25lld", (long long)INT64_MIN);
	EXPECT("-9223372036854775808", "%jd", INTMAX_MIN);
	EXPECT("8000000000000000", "%llx", (unsigned long long)INT64_MIN);
	EXPECT("1000000000000000000000", "%llo", (unsigned long long)INT64_MIN);
}

static void test_unsigned_bases(void **state)
{
	(void)state;
	EXPECT("4294967295", "%u", UINT32_MAX);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("10", "%o", 8u);
	EXPECT("0", "%x", 0u);
	EXPECT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	EXPECT("18446744073709551615", "%lu", (unsigned long)UINT64_MAX);
	EXPECT("1777777777777777777777", "%lo", (unsigned long)UINT64_MAX);
	/* An int argument read as unsigned keeps its bits. */
	EXPECT("4294967295", "%u", (unsigned int)-1);
}

static void test_length_modifiers(void **state)
{
	(void)state;
	/*
	 * hh and h narrow the promoted int before printing (gcc and clang
	 * reject the out-of-range arguments, so unchecked).
	 */
	EXPECT_UNCHECKED("-56", "%hhd", 200);
	EXPECT_UNCHECKED("255", "%hhu", 0x1ff);
	EXPECT_UNCHECKED("ff", "%hhx", -1);
	EXPECT_UNCHECKED("4464", "%hd", 70000);
	EXPECT_UNCHECKED("65535", "%hu", -1);
	EXPECT_UNCHECKED("-32768", "%hi", 32768);
	EXPECT("18446744073709551615", "%zu", SIZE_MAX);
	EXPECT("-5", "%zd", (ptrdiff_t)-5);
	EXPECT("ffffffffffffffff", "%zx", SIZE_MAX);
	EXPECT("-9223372036854775808", "%jd", INTMAX_MIN);
	EXPECT("18446744073709551615", "%ju", UINTMAX_MAX);
	EXPECT("-7", "%td", (ptrdiff_t)-7);
	EXPECT("fffffffffffffff9", "%tx", (ptrdiff_t)-7);
	/* Arguments after a 64-bit one must still line up. */
	EXPECT("1 2 3", "%lld %hhd %zu", 1LL, (signed char)2, (size_t)3);
}

static void test_flags(void **state)
{
	(void)state;
	EXPECT("+5", "%+d", 5);
	EXPECT("-5", "%+d", -5);
	EXPECT("+0", "%+d", 0);
	EXPECT(" 5", "% d", 5);
	EXPECT("-5", "% d", -5);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("+0042", "%+05d", 42);
	EXPECT("0xff", "%#x", 255u);
	EXPECT("0XFF", "%#X", 255u);
	EXPECT("0", "%#x", 0u); /* no prefix on zero */
	EXPECT("010", "%#o", 8u);
	EXPECT("0", "%#o", 0u);
	EXPECT("010", "%#.3o", 8u); /* already leads with a zero */
	EXPECT("00010", "%#.5o", 8u);
	EXPECT("0x0000ff", "%#08x", 255u);
	EXPECT("  0xff", "%#6x", 255u);
	EXPECT("0xff  |", "%-#6x|", 255u);

	/* Valid C that gcc flags as redundant, so unchecked. */
	EXPECT_UNCHECKED("+5", "%+ d", 5);	  /* '+' overrides ' ' */
	EXPECT_UNCHECKED("5", "%+u", 5u);	  /* sign flags: signed only */
	EXPECT_UNCHECKED("42   |", "%-05d|", 42); /* '-' overrides '0' */
	EXPECT_UNCHECKED("  007", "%05.3d", 7);	  /* '0' yields to precision */
}

static void test_width_and_precision(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("42", "%1d", 42);
	EXPECT("00042", "%.5d", 42);
	EXPECT("  -00042", "%8.5d", -42);
	EXPECT("", "%.0d", 0);
	EXPECT("", "%.d", 0); /* '.' alone means precision 0 */
	EXPECT("     ", "%5.0d", 0);
	EXPECT("0", "%#.0o", 0u); /* '#' still forces one zero */
	EXPECT("", "%#.0x", 0u);
	EXPECT("abc", "%.3s", "abcdef");
	EXPECT("    abcdef", "%10s", "abcdef");
	EXPECT("abcdef    |", "%-10s|", "abcdef");
	EXPECT("", "%.0s", "abcdef");
	EXPECT("   ab", "%5.2s", "abcdef");
	EXPECT("abcdef", "%2s", "abcdef");
}

static void test_star(void **state)
{
	/* Not NUL-terminated: the precision must stop the read (ASan). */
	static const char unterminated[3] = { 'x', 'y', 'z' };

	(void)state;
	EXPECT("   42", "%*d", 5, 42);
	EXPECT("42   |", "%*d|", -5, 42); /* negative width means '-' */
	EXPECT("0007", "%.*d", 4, 7);
	EXPECT("7", "%.*d", -1, 7); /* negative precision: none */
	EXPECT("ab    |", "%-*.*s|", 6, 2, "abcdef");
	EXPECT("xyz", "%.*s", 3, unterminated);
	EXPECT("   xy", "%*.*s", 5, 2, unterminated);
	EXPECT("  0042 end", "%*.*d %s", 6, 4, 42, "end");
}

static void test_huge_fields_are_clamped(void **state)
{
	char buf[8];

	(void)state;
	/* 4096 is the formatter's field limit. */
	assert_int_equal(ksnprintf(buf, sizeof(buf), "%*d", INT32_MAX, 1), 4096);
	assert_string_equal(buf, "       ");
	assert_int_equal(format_unchecked(buf, sizeof(buf), "%*d|", INT32_MIN, 1), 4097);
	assert_string_equal(buf, "1      ");
	assert_int_equal(format_unchecked(buf, sizeof(buf), "%99999999999999999999d", 1), 4096);
	assert_int_equal(ksnprintf(buf, sizeof(buf), "%.*d", INT32_MAX, 1), 4096);
	assert_string_equal(buf, "0000000");
}

static void test_char_string_pointer(void **state)
{
	(void)state;
	EXPECT("x", "%c", 'x');
	EXPECT("  x", "%3c", 'x');
	EXPECT("x  |", "%-3c|", 'x');
	EXPECT_UNCHECKED("(null)", "%s", (char *)NULL);
	EXPECT_UNCHECKED("    (null)", "%10s", (char *)NULL);
	EXPECT_UNCHECKED("(nu", "%.3s", (char *)NULL);
	EXPECT("0x0000000000001234", "%p", (void *)0x1234);
	EXPECT("0x0000000000000000", "%p", NULL);
	EXPECT("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX);
	EXPECT("0xffff800000000000", "%p", (void *)0xffff800000000000ull);
	EXPECT("  0x00000000deadbeef", "%20p", (void *)0xdeadbeef);
	EXPECT("0x00000000deadbeef  |", "%-20p|", (void *)0xdeadbeef);
}

static void test_unknown_conversions(void **state)
{
	(void)state;
	EXPECT_UNCHECKED("%y", "%y");
	EXPECT_UNCHECKED("%-5y", "%-5y");
	EXPECT_UNCHECKED("a%yb", "a%yb");
	EXPECT_UNCHECKED("%y3", "%y%d", 3);
	EXPECT_UNCHECKED("%f", "%f");
	EXPECT_UNCHECKED("%n", "%n"); /* never writes through a pointer */
	EXPECT_UNCHECKED("%Lx", "%Lx");
	/* A format that ends inside a spec is copied as it stands. */
	EXPECT_UNCHECKED("abc%", "abc%");
	EXPECT_UNCHECKED("%5", "%5");
	EXPECT_UNCHECKED("%-08.3ll", "%-08.3ll");
	EXPECT_UNCHECKED("%", "%");
}

static void test_truncation(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 5, "%s", "hello world"), 11);
	assert_string_equal(buf, "hell");
	assert_int_equal(buf[5], '#'); /* nothing past size */

	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 6, "hello"), 5);
	assert_string_equal(buf, "hello"); /* exact fit */

	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 5, "hello"), 5);
	assert_string_equal(buf, "hell"); /* one short */

	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 1, "%d", 12345), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], '#');

	memset(buf, '#', sizeof(buf));
	assert_int_equal(ksnprintf(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], '#'); /* size 0 writes nothing */

	assert_int_equal(ksnprintf(NULL, 0, "%s=%08x", "key", 0xabcu), 12);

	/* Truncation mid-padding and mid-number. */
	assert_int_equal(ksnprintf(buf, 4, "%8d", -123456), 8);
	assert_string_equal(buf, " -1");
	assert_int_equal(ksnprintf(buf, 4, "%-8d|", 5), 9);
	assert_string_equal(buf, "5  ");
}

struct collector {
	char text[64];
	size_t len;
	int calls;
};

static void collect(void *ctx, char c)
{
	struct collector *col = ctx;

	if (col->len < sizeof(col->text))
		col->text[col->len++] = c;
	col->calls++;
}

static int collect_format(struct collector *col, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kformat(collect, col, fmt, ap);
	va_end(ap);
	return n;
}

static void test_kformat_emits_each_char(void **state)
{
	struct collector col = { .len = 0 };

	(void)state;
	assert_int_equal(collect_format(&col, "[%c]", '\0'), 3);
	assert_int_equal(col.calls, 3);
	assert_memory_equal(col.text, "[\0]", 3); /* NUL passed through */

	col = (struct collector){ .len = 0 };
	assert_int_equal(collect_format(&col, "%s:%u", "cpu", 7u), 5);
	assert_int_equal(col.calls, 5);
	assert_memory_equal(col.text, "cpu:7", 5);

	col = (struct collector){ .len = 0 };
	assert_int_equal(collect_format(&col, "%s", ""), 0);
	assert_int_equal(col.calls, 0);
}

/*
 * A kvsnprintf caller's va_list must still be usable by the caller's own
 * va_copy taken before the call.
 */
static int format_twice(char *a, char *b, size_t size, const char *fmt, ...)
{
	va_list ap, again;
	int n;

	va_start(ap, fmt);
	va_copy(again, ap);
	n = kvsnprintf(a, size, fmt, ap);
	n += kvsnprintf(b, size, fmt, again);
	va_end(again);
	va_end(ap);
	return n;
}

static void test_kvsnprintf_va_copy(void **state)
{
	char a[32], b[32];

	(void)state;
	assert_int_equal(format_twice(a, b, sizeof(a), "%d-%s", 9, "x"), 6);
	assert_string_equal(a, "9-x");
	assert_string_equal(b, "9-x");
}

/* Every flag combination, width and precision against the C library. */
static void build_format(char *fmt, unsigned int flag_set, const char *width, const char *precision,
			 const char *conv)
{
	static const char flags[] = "-0+ #";
	char *p = fmt;

	*p++ = '%';
	for (unsigned int i = 0; i < 5; i++)
		if (flag_set & (1u << i))
			*p++ = flags[i];
	p += sprintf(p, "%s%s%s", width, precision, conv);
}

static const unsigned long long sample_values[] = {
	0,
	1,
	7,
	8,
	42,
	255,
	0x7f,
	0x80,
	1000000,
	(unsigned long long)-1,
	(unsigned long long)-42,
	(unsigned long long)INT64_MIN,
	(unsigned long long)INT64_MAX,
	0x123456789abcdefull,
};

/* Returns how many values it compared. */
static int compare_integers(const char *fmt)
{
	char mine[BUF_LEN], libc[BUF_LEN];
	int count = sizeof(sample_values) / sizeof(sample_values[0]);

	for (int i = 0; i < count; i++) {
		unsigned long long value = sample_values[i];
		int n_mine = format_unchecked(mine, sizeof(mine), fmt, value);
		int n_libc = snprintf(libc, sizeof(libc), fmt, value);

		if (strcmp(mine, libc) != 0 || n_mine != n_libc)
			fail_msg("format \"%s\" value %llu: got \"%s\" (%d), "
				 "libc \"%s\" (%d)",
				 fmt, value, mine, n_mine, libc, n_libc);
	}
	return count;
}

/* Every flag set, width and precision for one conversion. */
static int compare_conversion(const char *conv)
{
	static const char *const widths[] = { "", "1", "5", "12", "25" };
	static const char *const precisions[] = { "", ".", ".0", ".1", ".3", ".10", ".22" };
	bool is_decimal = strchr("diu", conv[strlen(conv) - 1]) != NULL;
	char fmt[32];
	int compared = 0;

	for (unsigned int flag_set = 0; flag_set < 32; flag_set++) {
		/* '#' with d, i or u is undefined behaviour. */
		if (is_decimal && (flag_set & 0x10))
			continue;
		for (unsigned int w = 0; w < 5; w++)
			for (unsigned int p = 0; p < 7; p++) {
				build_format(fmt, flag_set, widths[w], precisions[p], conv);
				compared += compare_integers(fmt);
			}
	}
	return compared;
}

static void test_integers_match_libc(void **state)
{
	static const char *const convs[] = { "lld", "lli", "llu", "llx", "llX", "llo" };
	int compared = 0;

	(void)state;
	for (unsigned int c = 0; c < sizeof(convs) / sizeof(convs[0]); c++)
		compared += compare_conversion(convs[c]);
	assert_true(compared > 50000);
}

static void test_strings_match_libc(void **state)
{
	static const char *const formats[] = {
		"%s", "%10s", "%-10s|", "%.0s", "%.2s", "%8.3s", "%-8.3s|", "%1s", "%.20s",
	};
	static const char *const strings[] = { "", "a", "hello", "hello world!" };

	(void)state;
	for (unsigned int f = 0; f < sizeof(formats) / sizeof(formats[0]); f++)
		for (unsigned int s = 0; s < 4; s++) {
			char mine[BUF_LEN], libc[BUF_LEN];
			int n_mine = format_unchecked(mine, sizeof(mine), formats[f], strings[s]);
			int n_libc = snprintf(libc, sizeof(libc), formats[f], strings[s]);
			assert_string_equal(mine, libc);
			assert_int_equal(n_mine, n_libc);
		}
	SAME_AS_LIBC("%c%c%c", 'a', 'b', 'c');
	SAME_AS_LIBC("%5c|%-5c|", 'a', 'b');
	SAME_AS_LIBC("%hhd %hd %hhu %hu", (signed char)-3, (short)-300, (unsigned char)200,
		     (unsigned short)60000);
	SAME_AS_LIBC("%zu %zx %td %jd", (size_t)123, (size_t)0xabc, (ptrdiff_t)-9, (intmax_t)-77);
	SAME_AS_LIBC("%*.*d|%-*d|", 8, 3, -5, 4, 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_signed_decimal),
		cmocka_unit_test(test_int64_min),
		cmocka_unit_test(test_unsigned_bases),
		cmocka_unit_test(test_length_modifiers),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_width_and_precision),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_huge_fields_are_clamped),
		cmocka_unit_test(test_char_string_pointer),
		cmocka_unit_test(test_unknown_conversions),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_kformat_emits_each_char),
		cmocka_unit_test(test_kvsnprintf_va_copy),
		cmocka_unit_test(test_integers_match_libc),
		cmocka_unit_test(test_strings_match_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
