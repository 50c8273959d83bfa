/*
 * The few <string.h> functions the kernel provides, pure code at the bottom
 * layer that every layer calls (lib/libc/).  Pure code includes
 * <string.h> and gets these in the kernel and the C library's on the host.
 */
#ifndef LIB_LIBC_STRING_H
#define LIB_LIBC_STRING_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

#endif
