/*
 * The DMA test's device is QEMU's edu (docs/specs/edu.rst in QEMU 7.2):
 * PCI 1234:11e8, BAR0 1 MiB of registers, a 4 KiB buffer at device address
 * 0x40000, and a DMA engine: source (0x80), destination (0x88), count
 * (0x90), command (0x98; bit 0 start, cleared when done; bit 1 direction,
 * set for device to RAM).  QEMU clamps its DMA addresses to 28 bits.
 */
#include <string.h>
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "arch/x86/dma_attack.h"
#include "arch/x86/iommu.h"
#include "arch/x86/memory.h"
#include "arch/x86/pci.h"
#include "arch/x86/tsc.h"
#include "lib/escape.h"

#define EDU_VENDOR     0x1234
#define EDU_DEVICE     0x11e8
#define EDU_BAR_SIZE   (1ull << 20)
#define EDU_DMA_SRC    0x80
#define EDU_DMA_DST    0x88
#define EDU_DMA_COUNT  0x90
#define EDU_DMA_CMD    0x98
#define EDU_CMD_START  1u
#define EDU_CMD_TO_RAM 2u
#define EDU_BUFFER     0x40000ull
#define EDU_DMA_LIMIT  (1ull << 28)
#define DMA_TIMEOUT_US 2000000
#define DMA_BYTES      32
#define MAX_FAULTS     4

static const char message[DMA_BYTES] = "written by the edu device";

/* What the device wrote, up to its first NUL. */
static size_t text_length(const uint8_t *p)
{
	size_t n = 0;

	while (n < DMA_BYTES && p[n])
		n++;
	return n;
}

static bool find_edu(uint8_t *dev)
{
	for (uint8_t d = 0; d < 32; d++)
		if (pci_read16(0, d, 0, PCI_VENDOR_ID) == EDU_VENDOR &&
		    pci_read16(0, d, 0, PCI_DEVICE_ID) == EDU_DEVICE) {
			*dev = d;
			return true;
		}
	return false;
}

/* One transfer of DMA_BYTES; false if the engine did not finish in time. */
static bool edu_dma(volatile uint8_t *bar, uint64_t src, uint64_t dst, uint32_t direction)
{
	uint64_t start = rdtsc();

	*(volatile uint64_t *)(bar + EDU_DMA_SRC) = src;
	*(volatile uint64_t *)(bar + EDU_DMA_DST) = dst;
	*(volatile uint64_t *)(bar + EDU_DMA_COUNT) = DMA_BYTES;
	*(volatile uint32_t *)(bar + EDU_DMA_CMD) = EDU_CMD_START | direction;
	while (*(volatile uint32_t *)(bar + EDU_DMA_CMD) & EDU_CMD_START)
		if (tsc_us_since(start) > DMA_TIMEOUT_US)
			return false;
	return true;
}

static volatile uint8_t *edu_registers(uint8_t dev)
{
	uint32_t bar = pci_read32(0, dev, 0, PCI_BAR0);
	uint16_t command = pci_read16(0, dev, 0, PCI_COMMAND);

	if (bar & PCI_BAR_IO || !memory_map_mmio(bar & PCI_BAR_ADDR_MASK, EDU_BAR_SIZE))
		return NULL;
	pci_write16(0, dev, 0, PCI_COMMAND, command | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	return (volatile uint8_t *)(uintptr_t)(bar & PCI_BAR_ADDR_MASK);
}

/* The domain's own top table when there is a domain; else a page the hypervisor keeps. */
static uint8_t *choose_target(const char **what)
{
	uint8_t *page;

	if (iommu_table_page()) {
		*what = "iommu-page-table";
		return (uint8_t *)(uintptr_t)iommu_table_page();
	}
	*what = "kept-page";
	page = page_alloc(PAGE_SIZE, EDU_DMA_LIMIT);
	if (page)
		memset(page, 0x5a, PAGE_SIZE);
	return page;
}

static void print_attack(bool unchanged, const uint8_t *target, const char *what,
			 const struct vtd_fault *faults, unsigned int count)
{
	char bdf[8] = "none";
	uint64_t addr = 0;

	if (count) {
		vtd_format_bdf(faults[0].source_id, bdf, sizeof(bdf));
		addr = faults[0].addr;
	}
	kprintf("test: dma-attack page unchanged=%s fault=%s addr=0x%lx faults=%u target=0x%lx "
		"(%s)\n",
		unchanged ? "yes" : "no", bdf, (unsigned long)addr, count,
		(unsigned long)(uintptr_t)target, what);
}

/*
 * The guest page the device just wrote (its translation now in the
 * IOTLB) is hidden as the hypervisor hides its memory: the device's next
 * write to it must be blocked, which only holds if iommu_hide() also
 * invalidated the IOTLB.
 */
static void hide_and_retry(volatile uint8_t *bar, uint8_t *page)
{
	struct vtd_fault faults[MAX_FAULTS];
	unsigned int count;
	char bdf[8] = "none";
	bool done;

	memset(page, 0x5a, DMA_BYTES);
	iommu_hide((uint64_t)(uintptr_t)page, PAGE_SIZE);
	done = edu_dma(bar, EDU_BUFFER, (uint64_t)(uintptr_t)page, EDU_CMD_TO_RAM);
	count = iommu_poll_faults(faults, MAX_FAULTS);
	if (count)
		vtd_format_bdf(faults[0].source_id, bdf, sizeof(bdf));
	kprintf("test: dma-attack hidden later unchanged=%s fault=%s addr=0x%lx faults=%u\n",
		done && page[0] == 0x5a ? "yes" : "no", bdf,
		(unsigned long)(count ? faults[0].addr : 0), count);
}

void dma_attack_run(void)
{
	struct vtd_fault faults[MAX_FAULTS];
	uint8_t before[DMA_BYTES], dev;
	char shown[ESCAPED_SIZE(DMA_BYTES)];
	volatile uint8_t *bar;
	uint8_t *source = page_alloc(PAGE_SIZE, EDU_DMA_LIMIT);
	uint8_t *landing = page_alloc(PAGE_SIZE, EDU_DMA_LIMIT), *target;
	const char *what;
	unsigned int count;
	bool done;

	if (!find_edu(&dev) || !(bar = edu_registers(dev))) {
		kprintf("test: dma-attack no edu device (PCI 1234:11e8 on bus 0)\n");
		return;
	}
	target = choose_target(&what);
	if (!source || !landing || !target || (uintptr_t)target >= EDU_DMA_LIMIT) {
		kprintf("test: dma-attack no page below 256 MiB for the edu device\n");
		return;
	}
	memcpy(source, message, DMA_BYTES);
	memcpy(before, target, DMA_BYTES);
	iommu_poll_faults(faults, 0); /* older faults are not this test's */
	done = edu_dma(bar, (uint64_t)(uintptr_t)source, EDU_BUFFER, 0) &&
	       edu_dma(bar, EDU_BUFFER, (uint64_t)(uintptr_t)target, EDU_CMD_TO_RAM);
	count = iommu_poll_faults(faults, MAX_FAULTS);
	print_attack(done && memcmp(before, target, DMA_BYTES) == 0, target, what, faults, count);
	done &= edu_dma(bar, EDU_BUFFER, (uint64_t)(uintptr_t)landing, EDU_CMD_TO_RAM);
	kprintf("test: dma-attack guest page 0x%lx received=\"%s\"%s\n",
		(unsigned long)(uintptr_t)landing,
		escape_string(shown, sizeof(shown), (const char *)landing, text_length(landing)),
		done ? "" : " (the device's DMA engine did not finish)");
	hide_and_retry(bar, landing);
}
