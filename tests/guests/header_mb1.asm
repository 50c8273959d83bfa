; Multiboot header (Multiboot 0.6.96 3.1.1): page-aligned modules (bit 0)
; and memory information (bit 1); the ELF program headers say where to load.
MB1_MAGIC equ 0x1badb002
MB1_FLAGS equ 0x00000003
section .multiboot
align 4
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)
