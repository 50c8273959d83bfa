/*
 * The hypervisor's command line, read once (README, "Options"): one table
 * of every option, parsed into a struct boot_options that the boot stages
 * receive.  Flags become booleans; a word option keeps its value as given,
 * for the stage that knows its meaning to check and warn about (an unknown
 * loglevel, a break point nobody has); a number keeps its text too, turned
 * into a number where its range is known (lib/options.h: ap-timeout-ms's
 * smallest value depends on the processor's INIT-SIPI-SIPI timing).
 * `test=` words are the test hooks' own table (lib/test_hooks.h).
 */
#ifndef LIB_BOOT_OPTIONS_H
#define LIB_BOOT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#define BOOT_OPTION_WORD_MAX 16
#define BOOT_OPTION_LIST_MAX 256 /* break=point[@cpu],... */

/* A number's text, uncut, inside the command line the options were parsed from (text NULL: absent). */
struct boot_option_text {
	const char *text;
	size_t len;
};

struct boot_options {
	/* Flags: present or not. */
	bool ap_init_delay, no_guest, stay_in_guest, vmx_bench, vmx_dump, vmx_selftest, no_linux;
	/* Words as given ("" when absent; cut to the field). */
	char loglevel[BOOT_OPTION_WORD_MAX];
	char break_points[BOOT_OPTION_LIST_MAX];
	/* Numbers: their text, converted where their range is known (lib/options.h). */
	struct boot_option_text ap_timeout_ms;
	struct boot_option_text os_start_phase; /* ms */
	char linux_ap[BOOT_OPTION_WORD_MAX];
	char iommu[BOOT_OPTION_WORD_MAX];
	char gdb[BOOT_OPTION_WORD_MAX];
};

enum boot_option_kind {
	BOOT_OPTION_FLAG,
	BOOT_OPTION_WORD,
	BOOT_OPTION_NUMBER
};

/* One row of the table: the name on the command line, and where its value goes. */
struct boot_option {
	const char *name;
	enum boot_option_kind kind;
	size_t offset; /* in struct boot_options */
	size_t size;   /* of a word's field */
};

extern const struct boot_option boot_option_table[];
extern const size_t boot_option_count;

/* Every option of the table from cmdline into *o (zeroed first); numbers point into cmdline. */
void boot_options_parse(const char *cmdline, struct boot_options *o);

#endif
