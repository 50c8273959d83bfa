/* What the files of an OS guest's run share (os_internal.h): its configuration, each core's part. */
#include "arch/x86/guests/os_internal.h"
#include "arch/x86/apic.h"
#include "arch/x86/vmx/ept.h"
#include "include/config.h"
#include "include/x86/vmx_defs.h"

/*
 * What an OS guest's processors want of the VMCS controls: MSR bitmaps (VMX
 * hidden), I/O bitmaps (the ports that end the run), EPT (the hypervisor's
 * memory hidden), EFER and PAT switched at every entry and exit, and
 * unrestricted guest where the processor starts without paging.
 */
#define OS_PROFILE(unrestricted_required, unrestricted_optional)                        \
	{                                                                               \
		.proc = { VMX_CTL_BIT(VMX_PROC_USE_MSR_BITMAPS) |                       \
				  VMX_CTL_BIT(VMX_PROC_ACTIVATE_SECONDARY_CONTROLS),    \
			  0 },                                                          \
		.proc2 = { VMX_CTL_BIT(VMX_PROC2_ENABLE_EPT) | (unrestricted_required), \
			   VMX_CTL_BIT(VMX_PROC2_ENABLE_RDTSCP) |                       \
				   VMX_CTL_BIT(VMX_PROC2_ENABLE_INVPCID) |              \
				   VMX_CTL_BIT(VMX_PROC2_ENABLE_XSAVES_XRSTORS) |       \
				   (unrestricted_optional) },                           \
		.exit = { VMX_CTL_BIT(VMX_EXIT_CTL_HOST_ADDRESS_SPACE_SIZE) |           \
				  VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_EFER) |                 \
				  VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_EFER) |                 \
				  VMX_CTL_BIT(VMX_EXIT_CTL_SAVE_PAT) |                  \
				  VMX_CTL_BIT(VMX_EXIT_CTL_LOAD_PAT),                   \
			  0 },                                                          \
		.entry = { VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_EFER) |                       \
				   VMX_CTL_BIT(VMX_ENTRY_CTL_LOAD_PAT),                 \
			   0 },                                                         \
		.io_bitmap = true,                                                      \
	}

const struct vmx_profile os_profile_unrestricted =
	OS_PROFILE(VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST), 0);
const struct vmx_profile os_profile_paged =
	OS_PROFILE(0, VMX_CTL_BIT(VMX_PROC2_UNRESTRICTED_GUEST));

struct os_config os_config;
static struct os_vcpu vcpus[CONFIG_MAX_CPUS];
static struct {
	uint64_t gpa, host, size;
} window;

struct os_vcpu *os_vcpu(uint32_t cpu_index)
{
	return &vcpus[cpu_index];
}

void os_wake(uint32_t apic_id)
{
	apic_follow_mode(); /* the guest may have switched this core's APIC to x2APIC */
	apic_send_ipi(apic_id, APIC_ICR_FIXED | APIC_VECTOR_WAKEUP);
}

bool os_back_window(uint64_t gpa, uint64_t host, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		if (!vmx_ept_map_page(gpa + off, host + off))
			return false; /* outside VMX operation: each launch flushes (INVEPT would be #UD) */
	window.gpa = gpa;
	window.host = host;
	window.size = size;
	return true;
}

uint64_t os_guest_to_host(uint64_t gpa)
{
	return gpa - window.gpa < window.size ? window.host + (gpa - window.gpa) : gpa;
}
