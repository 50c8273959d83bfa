/*
 * The processors the firmware lists: the RSDP (from the Multiboot2 ACPI
 * tag, else the BIOS areas ACPI 6.5 5.2.5.1 names: the EBDA's first KiB
 * and 0xe0000-0xfffff, on 16-byte boundaries), the RSDT or XSDT, the MADT
 * ("APIC", 5.2.12), and in it the enabled Processor Local APIC (type 0)
 * and x2APIC (type 9) entries.
 */
#include "tests/guests/mbtest.h"

#define EBDA_SEGMENT_PTR 0x40e
#define BIOS_AREA_START	 0xe0000
#define BIOS_AREA_END	 0x100000
#define ENABLED		 (1u << 0)

static const uint8_t *at(uint32_t addr)
{
	return (const uint8_t *)(uintptr_t)addr;
}

static uint32_t rd32(uint32_t addr)
{
	return *(const volatile uint32_t *)(uintptr_t)addr;
}

/* The BIOS data area at a constant address: hidden from gcc's bounds check of address 0x40e. */
static uint16_t bda16(uint32_t addr)
{
	__asm__("" : "+r"(addr));
	return *(const volatile uint16_t *)(uintptr_t)addr;
}

static bool sum_ok(uint32_t addr, uint32_t len)
{
	uint8_t sum = 0;
	uint32_t i;

	for (i = 0; i < len; i++)
		sum += at(addr)[i];
	return sum == 0;
}

static uint32_t scan_rsdp(uint32_t from, uint32_t to)
{
	uint32_t a;

	for (a = from; a + 20 <= to; a += 16)
		if (!memcmp(at(a), "RSD PTR ", 8) && sum_ok(a, 20))
			return a;
	return 0;
}

static uint32_t find_rsdp(uint32_t hint)
{
	uint32_t ebda = (uint32_t)bda16(EBDA_SEGMENT_PTR) << 4, r = 0;

	if (hint)
		return hint;
	if (ebda >= 0x80000 && ebda < 0xa0000)
		r = scan_rsdp(ebda, ebda + 1024);
	return r ? r : scan_rsdp(BIOS_AREA_START, BIOS_AREA_END);
}

/* The MADT through the XSDT (entries below 4 GiB) or the RSDT. */
static uint32_t find_madt(uint32_t rsdp)
{
	uint32_t sdt = rd32(rsdp + 16), entry = 4, i, n, t;

	if (at(rsdp)[15] >= 2 && rd32(rsdp + 28) == 0 && rd32(rsdp + 24)) {
		sdt = rd32(rsdp + 24);
		entry = 8;
	}
	n = (rd32(sdt + 4) - 36) / entry;
	for (i = 0; i < n; i++) {
		t = rd32(sdt + 36 + i * entry);
		if (!memcmp(at(t), "APIC", 4))
			return t;
	}
	return 0;
}

uint32_t madt_cpus(uint32_t rsdp_hint, uint32_t *lapic_base, uint32_t *ids, uint32_t max)
{
	uint32_t rsdp = find_rsdp(rsdp_hint), madt, a, end, n = 0, flags, id;

	if (!rsdp || !(madt = find_madt(rsdp)))
		return 0;
	*lapic_base = rd32(madt + 36);
	end = madt + rd32(madt + 4);
	for (a = madt + 44; a + 2 <= end && at(a)[1] >= 2; a += at(a)[1]) {
		if (at(a)[0] == 0) {
			id = at(a)[3];
			flags = rd32(a + 4);
		} else if (at(a)[0] == 9) {
			id = rd32(a + 4);
			flags = rd32(a + 8);
		} else {
			continue;
		}
		if (!(flags & ENABLED))
			continue;
		if (n < max)
			ids[n] = id;
		n++;
	}
	return n;
}
