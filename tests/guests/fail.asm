; The "fail" test kernel: a Multiboot flat binary (a.out kludge, Multiboot
; 0.6.96 3.1.3) that prints "mbtest: exit 3" on COM1 and exits with status 3
; on port 0xf4, for the tests of a guest's failure being reported.
bits 32
org 0x400000
MB1_MAGIC equ 0x1badb002
MB1_FLAGS equ 0x00010000
COM1 equ 0x3f8
STATUS equ 3

header:
	dd MB1_MAGIC, MB1_FLAGS, -(MB1_MAGIC + MB1_FLAGS)
	dd header, header, load_end, bss_end, start

start:
	mov esi, message
.next:
	lodsb
	test al, al
	jz .done
	mov dx, COM1 + 5
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov al, [esi - 1]
	mov dx, COM1
	out dx, al
	jmp .next
.done:
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
