; Multiboot2 header with the address tag (3.1.5) and the entry address tag
; (3.1.6): a flat binary, its addresses from the linker script (flat.ld).
MB2_MAGIC equ 0xe85250d6
extern _start, _load_start, _load_end, _bss_end
section .multiboot
align 8
mb2_header:
	dd MB2_MAGIC
	dd 0 ; i386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + 0 + (mb2_header_end - mb2_header))
align 8
	dw 2, 0 ; address
	dd 24
	dd mb2_header  ; header_addr
	dd _load_start ; load_addr
	dd _load_end   ; load_end_addr
	dd _bss_end    ; bss_end_addr
align 8
	dw 3, 0 ; entry address
	dd 12
	dd _start
align 8
	dw 0, 0 ; end
	dd 8
mb2_header_end:
