/* Hex digits as the GDB remote protocol writes them (two per byte, either case read). */
#ifndef LIB_GDB_HEX_H
#define LIB_GDB_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* -1 if c is not a hex digit. */
int gdb_hex_value(char c);

/* Two lower-case digits. */
void gdb_hex_byte(uint8_t byte, char out[2]);

/* Decodes len hex characters (len even) into len / 2 bytes; false on a bad digit. */
bool gdb_hex_to_bytes(const char *hex, size_t len, uint8_t *out);

/*
 * Parses a hex number of up to 16 digits at *p, no further than end, and
 * advances *p past it.  False if there is no digit or it overflows 64 bits.
 */
bool gdb_hex_number(const char **p, const char *end, uint64_t *value);

#endif
