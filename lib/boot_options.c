#include "lib/boot_options.h"

#include <string.h>

#include "lib/cmdline.h"

#define FLAG(name, field)                                                       \
	{                                                                       \
		name, BOOT_OPTION_FLAG, offsetof(struct boot_options, field), 0 \
	}
#define NUMBER(name, field)                                                       \
	{                                                                         \
		name, BOOT_OPTION_NUMBER, offsetof(struct boot_options, field), 0 \
	}
#define WORD(name, field)                                                     \
	{                                                                     \
		name, BOOT_OPTION_WORD, offsetof(struct boot_options, field), \
			sizeof(((struct boot_options *)0)->field)             \
	}

const struct boot_option boot_option_table[] = {
	WORD("loglevel", loglevel),
	WORD("break", break_points),
	FLAG("ap-init-delay", ap_init_delay),
	NUMBER("ap-timeout-ms", ap_timeout_ms),
	WORD("iommu", iommu),
	FLAG("no-guest", no_guest),
	FLAG("stay-in-guest", stay_in_guest),
	FLAG("vmx-bench", vmx_bench),
	FLAG("vmx-dump", vmx_dump),
	FLAG("vmx-selftest", vmx_selftest),
	FLAG("no-linux", no_linux),
	WORD("linux-ap", linux_ap),
	NUMBER("os-start-phase", os_start_phase),
	WORD("gdb", gdb),
};

const size_t boot_option_count = sizeof(boot_option_table) / sizeof(boot_option_table[0]);

void boot_options_parse(const char *cmdline, struct boot_options *o)
{
	memset(o, 0, sizeof(*o));
	for (size_t i = 0; i < boot_option_count; i++) {
		const struct boot_option *opt = &boot_option_table[i];
		char *field = (char *)o + opt->offset;
		struct boot_option_text *number = (struct boot_option_text *)(void *)field;
		switch (opt->kind) {
		case BOOT_OPTION_FLAG: *(bool *)field = cmdline_flag(cmdline, opt->name); break;
		case BOOT_OPTION_WORD: cmdline_value(cmdline, opt->name, field, opt->size); break;
		case BOOT_OPTION_NUMBER:
			cmdline_value_span(cmdline, opt->name, &number->text, &number->len);
			break;
		}
	}
}
