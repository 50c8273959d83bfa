/* PCI configuration mechanism #1 (arch/x86/pci.h). */
#include "arch/x86/io.h"
#include "arch/x86/pci.h"

#define PCI_CONFIG_ADDRESS 0xcf8
#define PCI_CONFIG_DATA	   0xcfc
#define PCI_CONFIG_ENABLE  (1u << 31)

static void select_register(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset)
{
	outl(PCI_CONFIG_ADDRESS, PCI_CONFIG_ENABLE | (uint32_t)bus << 16 |
					 (uint32_t)(dev & 0x1f) << 11 | (uint32_t)(fn & 7) << 8 |
					 (offset & 0xfc));
}

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset)
{
	select_register(bus, dev, fn, offset);
	return inl(PCI_CONFIG_DATA);
}

void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset, uint32_t value)
{
	select_register(bus, dev, fn, offset);
	outl(PCI_CONFIG_DATA, value);
}

uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset)
{
	select_register(bus, dev, fn, offset);
	return inw((uint16_t)(PCI_CONFIG_DATA + (offset & 2)));
}

void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset, uint16_t value)
{
	select_register(bus, dev, fn, offset);
	outw((uint16_t)(PCI_CONFIG_DATA + (offset & 2)), value);
}
