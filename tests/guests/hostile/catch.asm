; The hostile kernel's exception catching (tests/guests/hostile/hostile.c):
; an IDT of 32 interrupt gates whose stubs record the vector and resume
; after the probe_try() that ran the probe, whatever the error code pushed.
; Only the boot processor catches; an exception anywhere else, or outside a
; probe, is printed and ends the kernel with status 99.

bits 32
section .text

CODE_SEL equ 0x08

global probe_try, idt_install
extern uncaught_exception

; int probe_try(void (*fn)(uint32_t), uint32_t arg): -1, or the vector.
probe_try:
	push ebp
	push ebx
	push esi
	push edi
	mov [catch_esp], esp
	mov dword [caught], -1
	mov eax, [esp + 20]
	push dword [esp + 24]
	call eax
	add esp, 4
resume:
	mov esp, [catch_esp]
	mov dword [catch_esp], 0
	pop edi
	pop esi
	pop ebx
	pop ebp
	mov eax, [caught]
	ret

%macro stub 1
stub_%1:
	mov dword [caught], %1
	cmp dword [catch_esp], 0
	je .uncaught
	jmp resume
.uncaught:
	push dword %1
	call uncaught_exception
%endmacro

%assign v 0
%rep 32
stub v
%assign v v + 1
%endrep

; void idt_install(void): gates 0-31 to the stubs (interrupt gates, DPL 0).
idt_install:
	xor ecx, ecx
.next:
	mov eax, [stub_table + ecx * 4]
	mov [idt + ecx * 8], ax
	mov word [idt + ecx * 8 + 2], CODE_SEL
	mov word [idt + ecx * 8 + 4], 0x8e00
	shr eax, 16
	mov [idt + ecx * 8 + 6], ax
	inc ecx
	cmp ecx, 32
	jb .next
	lidt [idtr]
	ret

section .data
align 4
stub_table:
%assign v 0
%rep 32
	dd stub_ %+ v
%assign v v + 1
%endrep
idtr:
	dw 32 * 8 - 1
	dd idt
catch_esp:
	dd 0
caught:
	dd -1

section .bss
align 8
idt:
	resb 32 * 8
