/*
 * PCI configuration space through the legacy mechanism, ports 0xCF8/0xCFC
 * (PCI Local Bus Specification Rev. 3.0, section 3.2.2.3.2, Configuration
 * Mechanism #1): polled, segment 0 only, for the few devices the kernel
 * itself touches (the DMA test's device).
 */
#ifndef ARCH_X86_PCI_H
#define ARCH_X86_PCI_H

#include <stdint.h>

/* Configuration header offsets and command bits (PCI 3.0 section 6.1, 6.2.2). */
#define PCI_VENDOR_ID	   0x00
#define PCI_DEVICE_ID	   0x02
#define PCI_COMMAND	   0x04
#define PCI_BAR0	   0x10
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_BAR_IO	   (1u << 0)
#define PCI_BAR_ADDR_MASK  0xfffffff0u
#define PCI_VENDOR_NONE	   0xffff

uint32_t pci_read32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset);
void pci_write32(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset, uint32_t value);
uint16_t pci_read16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset);
void pci_write16(uint8_t bus, uint8_t dev, uint8_t fn, uint8_t offset, uint16_t value);

#endif
