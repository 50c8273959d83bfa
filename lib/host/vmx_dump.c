/* The dump-file reader: one "NAME=VALUE" line at a time, into a snapshot. */
#include "lib/host/vmx_dump.h"

#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static const char *skip_blanks(const char *p)
{
	while (is_blank(*p))
		p++;
	return p;
}

/* Only blanks and an optional '#' comment may follow a value. */
static bool at_line_end(const char *p)
{
	p = skip_blanks(p);
	return *p == '\0' || *p == '#';
}

size_t vmx_dump_name_len(const char *name)
{
	size_t len = 0;

	while (is_name_char(name[len]))
		len++;
	return len;
}

static int find_field(const char *name, size_t len)
{
	int f;

	for (f = 0; f < VMX_SNAP_NR_FIELDS; f++) {
		const char *known = vmx_snap_name(f);

		if (strlen(known) == len && strncmp(known, name, len) == 0)
			return f;
	}
	return -1;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex after "0x", else decimal; unlike strtoull, no sign and no blanks. */
static int parse_u64(const char **pp, uint64_t *out)
{
	const char *p = *pp;
	unsigned base = 10;
	uint64_t v = 0;
	int d;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (hex_digit(*p) < 0 || (unsigned)hex_digit(*p) >= base)
		return VMX_PARSE_MALFORMED;
	for (; (d = hex_digit(*p)) >= 0 && (unsigned)d < base; p++) {
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return VMX_PARSE_OUT_OF_RANGE;
		v = v * base + (unsigned)d;
	}
	*pp = p;
	*out = v;
	return VMX_PARSE_OK;
}

static int parse_number(struct vmx_msr_snapshot *s, enum vmx_snap_field f, const char *p)
{
	uint64_t v;
	int err = parse_u64(&p, &v);

	if (err)
		return err;
	if (!at_line_end(p))
		return VMX_PARSE_MALFORMED;
	if (vmx_snap_size(f) == 4 && v > UINT32_MAX)
		return VMX_PARSE_OUT_OF_RANGE;
	vmx_snap_set(s, f, v);
	return VMX_PARSE_OK;
}

/*
 * A vendor string is a bare word ("GenuineIntel") or, since some vendors'
 * strings contain spaces ("  Shanghai  "), a double-quoted string.
 */
static int parse_vendor(struct vmx_msr_snapshot *s, const char *p)
{
	const char *start = p;
	size_t len;

	if (*p == '"') {
		start = ++p;
		while (*p && *p != '"')
			p++;
		if (*p != '"')
			return VMX_PARSE_MALFORMED;
		len = (size_t)(p++ - start);
	} else {
		while (*p && !is_blank(*p) && *p != '#')
			p++;
		len = (size_t)(p - start);
	}
	if (len == 0 || !at_line_end(p))
		return VMX_PARSE_MALFORMED;
	if (len > sizeof(s->cpuid_vendor) - 1)
		return VMX_PARSE_OUT_OF_RANGE;
	vmx_snap_set_vendor(s, start, len);
	return VMX_PARSE_OK;
}

int vmx_snapshot_parse_line(struct vmx_msr_snapshot *s, const char *line, const char **unknown_name)
{
	const char *p = skip_blanks(line);
	const char *name = p;
	size_t len = vmx_dump_name_len(p);
	int f;

	if (*p == '\0' || *p == '#')
		return VMX_PARSE_OK;
	if (len == 0)
		return VMX_PARSE_MALFORMED;
	p = skip_blanks(p + len);
	if (*p++ != '=')
		return VMX_PARSE_MALFORMED;
	p = skip_blanks(p);
	f = find_field(name, len);
	if (f < 0) {
		if (unknown_name)
			*unknown_name = name;
		return VMX_PARSE_UNKNOWN_NAME;
	}
	if (f == VMX_SNAP_CPUID_VENDOR)
		return parse_vendor(s, p);
	return parse_number(s, f, p);
}
