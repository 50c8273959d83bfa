; The "fail" test kernel: a Multiboot flat binary (a.out kludge, Multiboot
; 0.6.96 3.1.3) that prints "mbtest: exit 3" on COM1 and exits with status 3
; on port 0xf4, for the tests of a guest's failure being reported.
bits 32
org 0x400000
STATUS equ 3
%include "flat_mb1.inc"

start:
	PRINT_COM1 message
	mov eax, STATUS
	out 0xf4, eax
	xchg bx, bx ; Bochs' magic breakpoint
.halt:
	cli
	hlt
	jmp .halt

message: db "mbtest: exit 3", 13, 10, 0
load_end:
bss_end:
