; The hostile kernel's exception catching (tests/guests/hostile/hostile.c):
; an IDT of 32 interrupt gates whose stubs record the vector and resume
; after the probe_try() that ran the probe, whatever the error code pushed.
; Only the boot processor catches; an exception anywhere else, or outside a
; probe, is printed and ends the kernel with status 99.

bits 32
section .text

CODE_SEL equ 0x08
DATA_SEL equ 0x10
USER_CODE_SEL equ 0x1b ; hostile.c's GDT: DPL 3 code and data, RPL 3
USER_DATA_SEL equ 0x23

global probe_try, idt_install, enter_user
global user_vmxon, user_vmxoff, user_vmread, user_vmlaunch, user_vmcall, user_getsec, user_hlt
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
	mov eax, DATA_SEL ; a probe at CPL 3 left its data selectors behind
	mov ds, eax
	mov es, eax
	mov fs, eax
	mov gs, eax
	mov dword [catch_esp], 0
	pop edi
	pop esi
	pop ebx
	pop ebp
	mov eax, [caught]
	ret

; void enter_user(void (*code)(void), uint32_t stack_top): IRET to CPL 3.
; The code ends in an exception (each user_* below ends with HLT, #GP at
; CPL 3), which the stubs take on the TSS's ring-0 stack back to probe_try.
enter_user:
	mov eax, [esp + 4]
	mov ecx, [esp + 8]
	mov edx, USER_DATA_SEL
	mov ds, edx
	mov es, edx
	push USER_DATA_SEL
	push ecx
	pushfd
	push USER_CODE_SEL
	push eax
	iretd

; At CPL 3: one instruction, then HLT (#GP there if the instruction did not fault).
user_vmxon:
	vmxon [user_region]
	hlt
user_vmxoff:
	vmxoff
	hlt
user_vmread:
	vmread eax, ecx
	hlt
user_vmlaunch:
	vmlaunch
	hlt
user_vmcall:
	xor eax, eax
	vmcall
	hlt
user_getsec:
	xor eax, eax
	getsec
	hlt
user_hlt:
	hlt

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
user_region:
	resq 1
