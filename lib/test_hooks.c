#include "lib/test_hooks.h"
#include "lib/cmdline.h"
#include "lib/printf.h"

static const char *const hook_names[TEST_HOOK_COUNT] = {
	[TEST_EXCEPTION] = "exception",
	[TEST_AP_STACK_OVERFLOW] = "ap-stack-overflow",
	[TEST_VMX_LOCKED_OFF] = "vmx-locked-off",
	[TEST_PHANTOM_CPU] = "phantom-cpu",
	[TEST_ACPI_BAD_CHECKSUM] = "acpi-bad-checksum",
	[TEST_GUEST_TRIPLE_FAULT] = "guest-triple-fault",
	[TEST_GUEST_BAD_CONTROL] = "guest-bad-control",
	[TEST_GUEST_BAD_STATE] = "guest-bad-state",
	[TEST_GUEST_UNLOAD_SKEW] = "guest-unload-skew",
	[TEST_GUEST_TOUCH_HYPERVISOR] = "guest-touch-hypervisor",
	[TEST_MADT_WRONG_LAPIC] = "madt-wrong-lapic",
	[TEST_ONLINE_CAPABLE_CPU] = "online-capable-cpu",
	[TEST_CAPS_DIFFER] = "caps-differ",
	[TEST_LINUX_TRIPLE_FAULT] = "linux-triple-fault",
	[TEST_DMA_ATTACK] = "dma-attack",
};

static bool enabled[TEST_HOOK_COUNT];

const char *test_hook_name(enum test_hook hook)
{
	return hook < TEST_HOOK_COUNT ? hook_names[hook] : "unknown";
}

unsigned test_hooks_parse(const char *cmdline)
{
	unsigned named = 0;
	char word[64];

	for (unsigned h = 0; h < TEST_HOOK_COUNT; h++) {
		ksnprintf(word, sizeof(word), "test=%s", hook_names[h]);
		enabled[h] = cmdline_flag(cmdline, word);
		named += enabled[h];
	}
	return named;
}

bool test_hook(enum test_hook hook)
{
	return hook < TEST_HOOK_COUNT && enabled[hook];
}
