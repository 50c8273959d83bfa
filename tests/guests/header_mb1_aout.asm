; Multiboot header with the a.out kludge (Multiboot 0.6.96 3.1.3, flag 16):
; a flat binary, its addresses from the linker script (flat.ld).
MB1_MAGIC equ 0x1badb002
MB1_FLAGS equ 0x00010003
extern _start, _load_start, _load_end, _bss_end
section .multiboot
align 4
mb1_header:
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)
	dd mb1_header  ; header_addr
	dd _load_start ; load_addr
	dd _load_end   ; load_end_addr
	dd _bss_end    ; bss_end_addr
	dd _start      ; entry_addr
