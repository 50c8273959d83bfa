/*
 * Running lib/multiboot2.c over a blob from tests/support/mb2_build.h, and
 * checking the outcome, for the unit tests.  Uses cmocka's assertions.
 */
#ifndef TESTS_SUPPORT_MB2_EXPECT_H
#define TESTS_SUPPORT_MB2_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/multiboot2.h"
#include "tests/support/mb2_build.h"

#define ERR_LEN 200

struct mb2_result {
	int rc;
	char err[ERR_LEN];
	struct mb2_info info;
};

/* Parses bytes [0, len) of b from a heap copy of exactly len bytes. */
void parse_len(struct blob *b, size_t len, size_t max_len, struct mb2_result *r);
/* The whole blob. */
void parse(struct blob *b, struct mb2_result *r);

bool info_is_zero(const struct mb2_info *info);
/* Checks a failure: its code, a message naming the problem, a zeroed out. */
void expect_failure(struct mb2_result *r, int rc, const char *needle);
void expect_success(struct mb2_result *r);

#endif
