#include "lib/smp_policy.h"

/* xAPIC destinations are 8 bits and 0xFF broadcasts (SDM 3A 11.6.2.1). */
#define XAPIC_MAX_ID 254

const char *smp_not_startable_reason(const struct acpi_cpu *entry, bool x2apic_mode)
{
	if (!entry->enabled)
		return "not-enabled-by-firmware";
	if (!x2apic_mode && entry->apic_id > XAPIC_MAX_ID)
		return "apic-id-needs-x2apic";
	return NULL;
}
