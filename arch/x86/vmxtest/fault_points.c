/*
 * The VMX failure paths the integration tests provoke (fault_points.h).
 * The hyperjack's failures each sit on their own core, so that one boot
 * with several hooks shows them all side by side.
 */
#include "arch/x86/vmxtest/fault_points.h"
#include "arch/x86/vmx/guest.h"
#include "arch/x86/vmx/vmcs_access.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/hook_point.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/vmcs.h"
#include "include/x86/vmx_defs.h"
#include "lib/test_hooks.h"

/* IA32_VMX_MISC bit 5 (store EFER.LMA on exit): harmless for test=caps-differ to flip. */
#define VMX_TEST_MISC_BIT (1ull << 5)
#define ANY_CPU		  (~0u)
#define TOUCHED_CPUS	  4

struct table_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

/* ---- What each fault does ------------------------------------------------ */

static void locked_off(struct vmx_core *core, void *arg)
{
	(void)arg;
	if (vmx_snapshot_has(&core->caps, VMX_SNAP_FEATURE_CONTROL))
		core->caps.feature_control = IA32_FEATURE_CONTROL_LOCK;
}

static void caps_differ(struct vmx_core *core, void *arg)
{
	(void)arg;
	core->caps.misc ^= VMX_TEST_MISC_BIT;
}

static void bad_control(struct vmx_core *core, void *w)
{
	kprintf("test: cpu %u sets a CR3-target count of 5 in its VMCS\n",
		vmx_core_cpu(core)->index);
	vmcs_put(w, VMCS_CR3_TARGET_COUNT, 5); /* at most 4 (27.2.1.1) */
}

static void bad_state(struct vmx_core *core, void *w)
{
	kprintf("test: cpu %u clears RFLAGS bit 1 in its VMCS\n", vmx_core_cpu(core)->index);
	vmcs_put(w, VMCS_GUEST_RFLAGS, read_rflags() & ~X86_RFLAGS_FIXED); /* 27.3.1.4 */
}

/*
 * A guest reads a piece of its own hypervisor, which EPT does not map: cpu
 * 1 its VMCS, cpu 2 its struct vmx_host, cpu 3 the top of its host's first
 * IST stack.  Chosen in VMX root, where struct vmx_host is still readable.
 */
static struct {
	uint64_t address;
	const char *what;
} touch[TOUCHED_CPUS];

static void choose_touch(struct vmx_core *core, void *arg)
{
	uint32_t cpu = vmx_core_cpu(core)->index;
	const struct vmx_host *h = core->hyperjack->host;

	(void)arg;
	if (cpu == 1)
		touch[1].address = core->vmcs_phys, touch[1].what = "VMCS";
	if (cpu == 2)
		touch[2].address = (uint64_t)(uintptr_t)h, touch[2].what = "struct vmx_host";
	if (cpu == 3)
		touch[3].address = h->host_ist_tops[0] - 8, touch[3].what = "host IST stack";
}

static void touch_hypervisor(struct vmx_core *core, void *arg)
{
	uint32_t cpu = vmx_core_cpu(core)->index;

	(void)arg;
	if (cpu >= TOUCHED_CPUS || !touch[cpu].address)
		return;
	if (!core->hyperjack->ept) {
		kprintf("test: cpu %u runs its guest without EPT: nothing hides its %s\n", cpu,
			touch[cpu].what);
		return;
	}
	kprintf("test: cpu %u's guest reads its %s at 0x%lx\n", cpu, touch[cpu].what,
		(unsigned long)touch[cpu].address);
	(void)*(volatile uint64_t *)(uintptr_t)touch[cpu].address;
}

/* An empty IDT turns the next exception into a triple fault. */
static void triple_fault(struct vmx_core *core, void *arg)
{
	struct table_pointer empty = { 0, 0 };

	(void)arg;
	kprintf("test: cpu %u makes its guest triple fault\n", vmx_core_cpu(core)->index);
	__asm__ volatile("lidt %0\n\tud2" : : "m"(empty));
}

/* An unload that loses vector 255's gate, for the check to find. */
static void skew_idtr(struct vmx_core *core, void *arg)
{
	struct table_pointer idtr;

	(void)core;
	(void)arg;
	__asm__ volatile("sidt %0" : "=m"(idtr));
	idtr.limit -= 16;
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

/* ---- Which test, where, on which core ------------------------------------- */

static const struct fault {
	enum test_hook hook;
	enum hook_point at;
	uint32_t cpu;
	void (*act)(struct vmx_core *core, void *arg);
} faults[] = {
	{ TEST_VMX_LOCKED_OFF, HOOK_CAPS_READ, ANY_CPU, locked_off },
	{ TEST_CAPS_DIFFER, HOOK_CAPS_READ, 1, caps_differ },
	{ TEST_GUEST_BAD_CONTROL, HOOK_VMCS_FILLED, 2, bad_control },
	{ TEST_GUEST_BAD_STATE, HOOK_VMCS_FILLED, 3, bad_state },
	{ TEST_GUEST_TOUCH_HYPERVISOR, HOOK_BEFORE_LAUNCH, ANY_CPU, choose_touch },
	{ TEST_GUEST_TOUCH_HYPERVISOR, HOOK_AS_GUEST, ANY_CPU, touch_hypervisor },
	{ TEST_GUEST_TRIPLE_FAULT, HOOK_AS_GUEST, 1, triple_fault },
	{ TEST_GUEST_UNLOAD_SKEW, HOOK_UNLOAD, 1, skew_idtr },
};

#define FAULT_COUNT (sizeof(faults) / sizeof(faults[0]))

/* Every armed point comes here, and does what the hooks given on the command line ask of it. */
static void act_at(enum hook_point at, struct vmx_core *core, void *arg)
{
	uint32_t cpu = vmx_core_cpu(core)->index;

	for (unsigned i = 0; i < FAULT_COUNT; i++)
		if (faults[i].at == at && test_hook(faults[i].hook) &&
		    (faults[i].cpu == ANY_CPU || faults[i].cpu == cpu))
			faults[i].act(core, arg);
}

void vmx_fault_points_arm(void)
{
	for (unsigned i = 0; i < FAULT_COUNT; i++)
		if (test_hook(faults[i].hook))
			hook_point_arm(faults[i].at, act_at);
}
