/* What the files of an OS guest's run share (os_internal.h): its configuration, each core's part. */
#include "arch/x86/guests/os_internal.h"
#include "arch/x86/apic.h"
#include "include/config.h"

struct os_config os_config;
static struct os_vcpu vcpus[CONFIG_MAX_CPUS];

struct os_vcpu *os_vcpu(uint32_t cpu_index)
{
	return &vcpus[cpu_index];
}

void os_wake(uint32_t apic_id)
{
	apic_follow_mode(); /* the guest may have switched this core's APIC to x2APIC */
	apic_send_ipi(apic_id, APIC_ICR_FIXED | APIC_VECTOR_WAKEUP);
}
