/* What the files of an OS guest's run share (os_internal.h): its configuration, each core's part. */
#include "arch/x86/guests/os_internal.h"
#include "arch/x86/apic.h"
#include "arch/x86/vmx/ept.h"
#include "include/config.h"

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
