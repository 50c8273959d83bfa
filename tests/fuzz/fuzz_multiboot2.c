/*
 * libFuzzer target for mb2_parse() (lib/multiboot2.c).
 *
 * The input is the boot information itself.  Every parse reads from a heap
 * block of exactly max_len bytes, so AddressSanitizer reports any read past
 * the bound the parser was given; the block comes from malloc, which aligns
 * to at least 8 bytes as the parser requires.
 *
 * Besides not crashing, the parser must keep the promises of its header:
 * limits respected and strings terminated on success, *out zeroed and an
 * explanation written on failure, and a result that depends on the first
 * total_size bytes alone.  A broken promise is a __builtin_trap().
 */
#define _GNU_SOURCE /* memmem */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/multiboot2.h"
#include "tests/fuzz/check.h"

#define ERR_LEN 256

/* Error buffer sizes tried on top of ERR_LEN: none, only a NUL, tiny. */
static const size_t short_err_lens[] = { 0, 1, 7 };

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

/* A heap copy of data[0..len) with nothing readable after it. */
static uint8_t *exact_copy(const uint8_t *data, size_t len)
{
	uint8_t *buf = malloc(len ? len : 1);

	CHECK(buf != NULL && (uintptr_t)buf % 8 == 0);
	memcpy(buf, data, len);
	return buf;
}

static bool nul_within(const char *s, size_t n)
{
	return memchr(s, '\0', n) != NULL;
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* A string copied whole must exist in the blob with its terminating NUL. */
static bool came_terminated(const char *s, const uint8_t *blob, size_t len)
{
	return !s[0] || memmem(blob, len, s, strlen(s) + 1) != NULL;
}

static void check_strings(const struct mb2_info *info, const uint8_t *blob)
{
	CHECK(nul_within(info->cmdline, sizeof(info->cmdline)));
	CHECK(nul_within(info->loader_name, sizeof(info->loader_name)));
	/* Truncation is only claimed when the array is full. */
	if (info->cmdline_truncated)
		CHECK(strlen(info->cmdline) == sizeof(info->cmdline) - 1);
	else
		CHECK(came_terminated(info->cmdline, blob, info->total_size));
	if (strlen(info->loader_name) < sizeof(info->loader_name) - 1)
		CHECK(came_terminated(info->loader_name, blob, info->total_size));
}

static void check_mmap(const struct mb2_info *info)
{
	uint32_t i;

	CHECK(info->mmap_count <= CONFIG_MAX_MMAP);
	if (info->mmap_dropped)
		CHECK(info->mmap_count == CONFIG_MAX_MMAP);
	/* The name lookup must cope with whatever type the loader wrote. */
	for (i = 0; i < info->mmap_count; i++)
		CHECK(mb2_mmap_type_name(info->mmap[i].type) != NULL);
}

static void check_rsdp(const struct mb2_info *info)
{
	CHECK(info->rsdp_len <= sizeof(info->rsdp));
	if (!info->has_rsdp) {
		CHECK(info->rsdp_len == 0 && info->rsdp_version == 0);
		return;
	}
	/* Each tag's minimum size guarantees the version's whole RSDP. */
	CHECK(info->rsdp_version == 1 || info->rsdp_version == 2);
	CHECK(info->rsdp_len >= (info->rsdp_version == 1 ? 20u : 36u));
}

static void check_modules_and_fb(const struct mb2_info *info)
{
	const struct mb2_framebuffer *fb = &info->fb;

	CHECK(info->module_count <= MB2_MAX_MODULES);
	if (info->modules_dropped)
		CHECK(info->module_count == MB2_MAX_MODULES);
	if (!info->has_framebuffer)
		CHECK(all_zero(fb, sizeof(*fb)));
	/* Colour fields are documented as set for RGB framebuffers only. */
	if (fb->type != MB2_FB_TYPE_RGB)
		CHECK(fb->red_position == 0 && fb->red_mask_size == 0 && fb->green_position == 0 &&
		      fb->green_mask_size == 0 && fb->blue_position == 0 &&
		      fb->blue_mask_size == 0);
}

static void check_success(const struct mb2_info *info, const uint8_t *blob, size_t max_len)
{
	CHECK(info->total_size >= 16 && info->total_size <= max_len);
	check_strings(info, blob);
	check_mmap(info);
	check_rsdp(info);
	check_modules_and_fb(info);
}

static void check_failure(int rc, const struct mb2_info *info, const char *err, size_t errlen)
{
	CHECK(rc == MB2_ERR_ARGUMENT || rc == MB2_ERR_TOTAL_SIZE || rc == MB2_ERR_TAG ||
	      rc == MB2_ERR_NO_END_TAG);
	CHECK(all_zero(info, sizeof(*info)));
	/* With room for it, the one-line explanation must be there. */
	if (errlen > 1)
		CHECK(err[0] != '\0');
	if (errlen > 0)
		CHECK(nul_within(err, errlen));
}

/*
 * Parses data[0..max_len) from an exact-size copy into *info, with an
 * error buffer of exactly errlen bytes, and checks the outcome.
 */
static int parse(const uint8_t *data, size_t max_len, size_t errlen, struct mb2_info *info)
{
	uint8_t *blob = exact_copy(data, max_len);
	char *err = errlen ? malloc(errlen) : NULL;
	int rc;

	CHECK(errlen == 0 || err != NULL);
	rc = mb2_parse(blob, max_len, info, err, errlen);
	if (rc == MB2_OK)
		check_success(info, blob, max_len);
	else
		check_failure(rc, info, err, errlen);
	free(err);
	free(blob);
	return rc;
}

/*
 * The parser may only look at the first total_size bytes, so the input cut
 * down to exactly total_size bytes parses to the same result, failure
 * included, and one byte less must be refused as too short.  The cut copy
 * also lets AddressSanitizer see reads past total_size.
 */
static void check_prefix(const uint8_t *data, size_t size, const struct mb2_info *full, int full_rc)
{
	static struct mb2_info cut;
	uint32_t total;

	if (size < 4)
		return;
	memcpy(&total, data, sizeof(total));
	if (total == 0 || total > size)
		return;
	CHECK(parse(data, total, ERR_LEN, &cut) == full_rc);
	CHECK(memcmp(&cut, full, sizeof(cut)) == 0);
	CHECK(parse(data, total - 1, ERR_LEN, &cut) == MB2_ERR_TOTAL_SIZE);
}

/* A half-length view either fails or agrees with the whole input. */
static void check_half(const uint8_t *data, size_t size, const struct mb2_info *full, int full_rc)
{
	static struct mb2_info half;

	if (parse(data, size / 2, ERR_LEN, &half) != MB2_OK)
		return;
	CHECK(full_rc == MB2_OK);
	CHECK(memcmp(&half, full, sizeof(half)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* static: struct mb2_info is several KiB, too much for the stack. */
	static struct mb2_info full, scratch;
	size_t i;
	int rc;

	rc = parse(data, size, ERR_LEN, &full);
	check_prefix(data, size, &full, rc);
	check_half(data, size, &full, rc);

	/* Short error buffers must be filled without overflowing them. */
	for (i = 0; i < sizeof(short_err_lens) / sizeof(short_err_lens[0]); i++)
		CHECK(parse(data, size, short_err_lens[i], &scratch) == rc);
	return 0;
}

/*
 * Structure-aware mutation.  Byte-level mutations rarely keep total_size,
 * tag sizes and the end tag consistent, so most of their output dies in
 * the tag walk.  Here the input is split into tags, one tag-level change is
 * made (payload, declared size, type, order, count), and the blob is laid
 * out again with a correct header and end tag.  A declared size may be
 * made to lie by a few bytes, which is where parsers go wrong.  A quarter
 * of the time libFuzzer's own byte mutations run instead, so the header
 * and end tag are still attacked directly.
 */

#define MAX_TAGS    64
#define PAYLOAD_MAX 8192

struct mtag {
	uint32_t type;
	int32_t size_lie; /* added to the size field, not the layout */
	const uint8_t *payload;
	size_t len;
};

struct mblob {
	struct mtag tag[MAX_TAGS];
	size_t count;
};

static unsigned int next_rand(unsigned int *state)
{
	/* xorshift32: any cheap generator will do, libFuzzer seeds it. */
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/* Splits data into tags as far as their headers make sense. */
static void split_tags(const uint8_t *data, size_t size, struct mblob *b)
{
	size_t off = 8;
	uint32_t type, tsize;

	b->count = 0;
	while (off + 8 <= size && b->count < MAX_TAGS) {
		memcpy(&type, data + off, 4);
		memcpy(&tsize, data + off + 4, 4);
		if (type == MB2_TAG_END)
			break;
		if (tsize < 8 || tsize > size - off)
			tsize = (uint32_t)(size - off);
		b->tag[b->count++] = (struct mtag){
			.type = type,
			.payload = data + off + 8,
			.len = tsize - 8,
		};
		off += (tsize + 7) & ~(size_t)7;
	}
}

/* Lays the tags out with a true header and end tag; 0 if it won't fit. */
static size_t join_tags(const struct mblob *b, uint8_t *out, size_t max)
{
	size_t off = 8, i;
	uint32_t word;

	for (i = 0; i < b->count; i++) {
		const struct mtag *t = &b->tag[i];
		size_t padded = (8 + t->len + 7) & ~(size_t)7;

		if (off + padded + 8 > max)
			return 0;
		word = (uint32_t)(8 + t->len + t->size_lie);
		memcpy(out + off, &t->type, 4);
		memcpy(out + off + 4, &word, 4);
		memcpy(out + off + 8, t->payload, t->len);
		memset(out + off + 8 + t->len, 0, padded - 8 - t->len);
		off += padded;
	}
	if (off + 8 > max)
		return 0;
	memset(out + off, 0, 4);
	word = 8;
	memcpy(out + off + 4, &word, 4);
	off += 8;
	word = (uint32_t)off;
	memcpy(out, &word, 4);
	memset(out + 4, 0, 4);
	return off;
}

static void mutate_payload(struct mtag *t, unsigned int *rng)
{
	static uint8_t buf[PAYLOAD_MAX];
	size_t len = t->len < PAYLOAD_MAX ? t->len : PAYLOAD_MAX;
	size_t max = len + 1 + next_rand(rng) % 64;

	memcpy(buf, t->payload, len);
	t->len = LLVMFuzzerMutate(buf, len, max < PAYLOAD_MAX ? max : PAYLOAD_MAX);
	t->payload = buf;
}

static void insert_tag(struct mblob *b, size_t at, const struct mtag *t)
{
	if (b->count == MAX_TAGS)
		return;
	memmove(&b->tag[at + 1], &b->tag[at], (b->count - at) * sizeof(b->tag[0]));
	b->tag[at] = *t;
	b->count++;
}

/* A fresh tag of a type the parser knows, with random payload bytes. */
static void new_tag(struct mblob *b, unsigned int *rng)
{
	static uint8_t buf[128];
	struct mtag t = {
		.type = 1 + next_rand(rng) % MB2_TAG_LOAD_BASE_ADDR,
		.payload = buf,
		.len = next_rand(rng) % sizeof(buf),
	};
	size_t i;

	for (i = 0; i < t.len; i++)
		buf[i] = (uint8_t)next_rand(rng);
	insert_tag(b, next_rand(rng) % (b->count + 1), &t);
}

static void mutate_tags(struct mblob *b, unsigned int *rng)
{
	size_t i = b->count ? next_rand(rng) % b->count : 0;
	struct mtag t;

	if (b->count == 0) {
		new_tag(b, rng);
		return;
	}
	switch (next_rand(rng) % 7) {
	case 0: mutate_payload(&b->tag[i], rng); break;
	case 1: b->tag[i].size_lie = (int32_t)(next_rand(rng) % 33) - 16; break;
	case 2: b->tag[i].type = next_rand(rng) % 4 ? next_rand(rng) % 24 : next_rand(rng); break;
	case 3:
		memmove(&b->tag[i], &b->tag[i + 1], (b->count - i - 1) * sizeof(b->tag[0]));
		b->count--;
		break;
	case 4:
		t = b->tag[i];
		insert_tag(b, next_rand(rng) % (b->count + 1), &t);
		break;
	case 5:
		/* The last tag's bytes end just before the end tag. */
		t = b->tag[i];
		memmove(&b->tag[i], &b->tag[i + 1], (b->count - i - 1) * sizeof(b->tag[0]));
		b->tag[b->count - 1] = t;
		break;
	default: new_tag(b, rng); break;
	}
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	static uint8_t out[1 << 16];
	static struct mblob blob;
	unsigned int rng = seed | 1;
	size_t len;

	if (next_rand(&rng) % 4 == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	split_tags(data, size, &blob);
	mutate_tags(&blob, &rng);
	len = join_tags(&blob, out, max_size < sizeof(out) ? max_size : sizeof(out));
	if (len == 0)
		return LLVMFuzzerMutate(data, size, max_size);
	memcpy(data, out, len);
	return len;
}
