; Multiboot2 header (Multiboot2 specification 2.0, section 3.1).
; GRUB looks for it in the first 32 KiB of the image, 8-byte aligned.

MB2_HEADER_MAGIC	equ 0xE85250D6
MB2_ARCH_I386		equ 0		; 32-bit protected mode entry
MB2_TAG_OPTIONAL	equ 1
MB2_CONSOLE_EGA_TEXT_SUPPORTED equ 2

section .multiboot2 progbits alloc noexec nowrite align=8
mb2_header:
	dd MB2_HEADER_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))

	; Information request (tag 1): the kernel cannot run without the
	; memory map (6); ACPI (14, 15) and the framebuffer (8) are optional.
	align 8
.info_request:
	dw 1, 0
	dd .info_request_end - .info_request
	dd 6
.info_request_end:

	; Console flags (tag 4): EGA text is fine, so GRUB may keep text mode.
	align 8
	dw 4, MB2_TAG_OPTIONAL
	dd 12
	dd MB2_CONSOLE_EGA_TEXT_SUPPORTED

	; Framebuffer (tag 5), any mode: without it GRUB hands a UEFI machine's
	; GOP screen to no one ("no console will be available to OS").
	align 8
	dw 5, MB2_TAG_OPTIONAL
	dd 20
	dd 0, 0, 0			; width, height, depth: no preference

	; End tag.
	align 8
	dw 0, 0
	dd 8
mb2_header_end:
