; The "triple" test kernel: a Multiboot flat binary (a.out kludge) that
; prints "mbtest: triple-fault" on COM1, loads an empty IDT and executes
; int3: the #BP finds no gate, nor does the #GP or the #DF after it, and
; the processor shuts down (Intel SDM 325462-080US Vol. 3A 6.15, "Double
; Fault Exception").  QEMU with -no-reboot then ends with status 0.
bits 32
org 0x400000
%include "flat_mb1.inc"

start:
	PRINT_COM1 message
	lidt [empty_idt]
	int3
.halt:
	cli
	hlt
	jmp .halt

align 4
empty_idt:
	dw 0
	dd 0
message: db "mbtest: triple-fault", 13, 10, 0
load_end:
bss_end:
