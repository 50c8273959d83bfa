/*
 * test=dma-attack (README, "Test hooks"): QEMU's edu device (-device edu)
 * is made to DMA into a page the hypervisor keeps from the devices, and
 * into a page the guests' domain maps, and the kernel prints what landed
 * and which faults the IOMMU recorded.
 */
#ifndef ARCH_X86_DMA_ATTACK_H
#define ARCH_X86_DMA_ATTACK_H

void dma_attack_run(void);

#endif
