/*
 * Appending to a caller's buffer that will sit at a guest-physical
 * address: each piece is placed at the next offset (aligned as asked),
 * zero-filled, and its guest-physical address computed.  Running out of
 * room sets full and returns NULL; later calls do nothing, so a builder
 * checks once at the end.  Used by the boot-information builders.
 */
#ifndef LIB_BYTE_WRITER_H
#define LIB_BYTE_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct byte_writer {
	uint8_t *buf;
	size_t cap;
	size_t len;
	uint64_t phys; /* guest-physical address of buf[0] */
	bool full;
};

/* n zeroed bytes at the next multiple of align (a power of two). */
static inline uint8_t *bw_take(struct byte_writer *w, size_t n, size_t align)
{
	size_t at = (w->len + align - 1) & ~(align - 1);

	if (w->full || at < w->len || at > w->cap || n > w->cap - at) {
		w->full = true;
		return NULL;
	}
	memset(w->buf + w->len, 0, at - w->len + n);
	w->len = at + n;
	return w->buf + at;
}

static inline uint64_t bw_phys(const struct byte_writer *w, const uint8_t *p)
{
	return w->phys + (uint64_t)(p - w->buf);
}

/* A NUL-terminated copy of s; returns its guest-physical address, 0 if full. */
static inline uint32_t bw_string(struct byte_writer *w, const char *s)
{
	size_t n = strlen(s) + 1;
	uint8_t *p = bw_take(w, n, 1);

	if (!p)
		return 0;
	memcpy(p, s, n);
	return (uint32_t)bw_phys(w, p);
}

#endif
