/*
 * Test hooks: `test=<name>` words on the kernel command line that provoke
 * a failure path on purpose, so the integration tests can check that the
 * kernel reports it (README, "Test hooks").  Every hook is listed here and
 * parsed in one place; the code that acts on one asks test_hook().
 */
#ifndef LIB_TEST_HOOKS_H
#define LIB_TEST_HOOKS_H

#include <stdbool.h>

enum test_hook {
	TEST_EXCEPTION,		/* UD2 on the boot processor */
	TEST_AP_STACK_OVERFLOW, /* cpu 1 overflows its stack into the guard page */
	TEST_VMX_LOCKED_OFF,	/* IA32_FEATURE_CONTROL reads locked with VMX off */
	TEST_PHANTOM_CPU,	/* the MADT gains an APIC id no processor has */
	TEST_ACPI_BAD_CHECKSUM, /* the RSDP's checksum is broken */
	/* The hyperjack's failures, each on its own core so one boot shows them all. */
	TEST_GUEST_TRIPLE_FAULT,     /* cpu 1's guest loads an empty IDT and executes UD2 */
	TEST_GUEST_BAD_CONTROL,	     /* cpu 2's VMCS: CR3-target count 5 (VMfailValid) */
	TEST_GUEST_BAD_STATE,	     /* cpu 3's VMCS: RFLAGS bit 1 clear (VM entry fails) */
	TEST_GUEST_UNLOAD_SKEW,	     /* cpu 1's unload gives back an IDT 16 bytes short */
	TEST_GUEST_TOUCH_HYPERVISOR, /* cpus 1-3 read VMCS, vmx_host, host IST stack */
	TEST_MADT_WRONG_LAPIC,	     /* the MADT names 0xFEC00000 for the local APIC */
	TEST_ONLINE_CAPABLE_CPU,     /* the MADT's last processor is online-capable, not enabled */
	TEST_CAPS_DIFFER,	     /* cpu 1 reads one IA32_VMX_MISC bit flipped */
	TEST_LINUX_TRIPLE_FAULT,     /* Linux is entered at its zero page, with no IDT */
	TEST_DMA_ATTACK,	     /* QEMU's edu device DMAs into a hypervisor page */
	TEST_HOOK_COUNT,
};

/* The hook's name as written after "test=". */
const char *test_hook_name(enum test_hook hook);

/* Enable the hooks the command line names; returns how many it named. */
unsigned test_hooks_parse(const char *cmdline);

bool test_hook(enum test_hook hook);

#endif
