/* Looks up flags and name=value words on the kernel command line. */
#include "lib/cmdline.h"

#include <string.h>

struct word {
	const char *start;
	size_t len;
};

static bool is_separator(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Finds the word at or after *cursor and moves *cursor past it; false at
 * the end of the line.
 */
static bool next_word(const char **cursor, struct word *word)
{
	const char *p = *cursor;

	while (is_separator(*p))
		p++;
	if (!*p)
		return false;
	word->start = p;
	while (*p && !is_separator(*p))
		p++;
	word->len = (size_t)(p - word->start);
	*cursor = p;
	return true;
}

/* True if word begins with name followed by the end of the word or '='. */
static bool word_names(const struct word *word, const char *name, size_t name_len)
{
	if (word->len < name_len || memcmp(word->start, name, name_len) != 0)
		return false;
	return word->len == name_len || word->start[name_len] == '=';
}

static bool usable(const char *cmdline, const char *name)
{
	return cmdline && name && *name;
}

bool cmdline_flag(const char *cmdline, const char *name)
{
	struct word word;
	size_t name_len;

	if (!usable(cmdline, name))
		return false;
	name_len = strlen(name);
	while (next_word(&cmdline, &word))
		if (word_names(&word, name, name_len))
			return true;
	return false;
}

/* Copies len bytes of src into out as a string, truncating to fit. */
static void copy_truncated(char *out, size_t outlen, const char *src, size_t len)
{
	if (outlen == 0)
		return;
	if (len > outlen - 1)
		len = outlen - 1;
	memcpy(out, src, len);
	out[len] = '\0';
}

bool cmdline_value_span(const char *cmdline, const char *name, const char **value, size_t *len)
{
	struct word word, found = { NULL, 0 };
	size_t name_len;

	*value = NULL;
	*len = 0;
	if (!usable(cmdline, name))
		return false;
	name_len = strlen(name);
	while (next_word(&cmdline, &word))
		if (word_names(&word, name, name_len) && word.len > name_len)
			found = word;
	if (!found.start)
		return false;
	*value = found.start + name_len + 1;
	*len = found.len - name_len - 1;
	return true;
}

bool cmdline_value(const char *cmdline, const char *name, char *out, size_t outlen)
{
	const char *value;
	size_t len;

	copy_truncated(out, outlen, "", 0);
	if (!cmdline_value_span(cmdline, name, &value, &len))
		return false;
	copy_truncated(out, outlen, value, len);
	return true;
}
