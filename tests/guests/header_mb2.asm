; Multiboot2 header (Multiboot2 2.0 3.1): an information request for the
; tags the kernel prints (required: command line, modules, memory map;
; optional: loader name, meminfo, framebuffer, both RSDPs), page-aligned
; modules; the ELF program headers say where to load.
MB2_MAGIC equ 0xe85250d6
section .multiboot
align 8
mb2_header:
	dd MB2_MAGIC
	dd 0 ; i386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + 0 + (mb2_header_end - mb2_header))
align 8
	dw 1, 0 ; information request, required
	dd 8 + 4 * 3
	dd 1, 3, 6
align 8
	dw 1, 1 ; information request, optional
	dd 8 + 4 * 5
	dd 2, 4, 8, 14, 15
align 8
	dw 6, 0 ; module alignment
	dd 8
align 8
	dw 0, 0 ; end
	dd 8
mb2_header_end:
