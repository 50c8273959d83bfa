/* Running lib/multiboot2.c over a built blob: see mb2_expect.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "tests/support/mb2_expect.h"

/* Parses bytes [0, len) of b from a heap copy of exactly len bytes. */
void parse_len(struct blob *b, size_t len, size_t max_len, struct mb2_result *r)
{
	uint8_t *copy = malloc(len ? len : 1);

	assert_non_null(copy);
	memcpy(copy, blob_bytes(b), len);
	memset(r, 0x5a, sizeof(*r)); /* the parser must clear all of it */
	r->rc = mb2_parse(copy, max_len, &r->info, r->err, sizeof(r->err));
	free(copy);
}

void parse(struct blob *b, struct mb2_result *r)
{
	parse_len(b, b->len, b->len, r);
}

bool info_is_zero(const struct mb2_info *info)
{
	static const struct mb2_info zero;

	return memcmp(info, &zero, sizeof(zero)) == 0;
}

/* Checks a failure: its code, a message naming the problem, a zeroed out. */
void expect_failure(struct mb2_result *r, int rc, const char *needle)
{
	if (r->rc != rc || !strstr(r->err, needle))
		fail_msg("expected %d with \"%s\", got %d: \"%s\"", rc, needle, r->rc, r->err);
	assert_true(strncmp(r->err, "multiboot2: ", 12) == 0);
	assert_true(info_is_zero(&r->info));
}

void expect_success(struct mb2_result *r)
{
	if (r->rc != MB2_OK)
		fail_msg("expected success, got %d: \"%s\"", r->rc, r->err);
	assert_string_equal(r->err, "");
}
