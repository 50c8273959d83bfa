; Exception entry stubs for vectors 0-31 (Intel SDM Vol. 3A section 6.15,
; "Exception and Interrupt Reference").  Each stub makes the stack look the
; same whether or not the processor pushed an error code, saves the general
; registers into a struct trap_frame (arch/x86/trap.h) and calls
; trap_dispatch(frame).  If that returns (a recovered, expected fault), the
; registers are restored and IRETQ resumes at the frame's RIP.

bits 64
%include "asm_consts.inc"	; IDT_EXCEPTIONS, IDT_ENTRIES
extern trap_dispatch

%macro TRAP_NO_ERROR 1
trap_stub_%1:
	push 0
	push %1
	jmp trap_common
%endmacro

%macro TRAP_WITH_ERROR 1
trap_stub_%1:
	push %1
	jmp trap_common
%endmacro

section .text
TRAP_NO_ERROR 0
TRAP_NO_ERROR 1
TRAP_NO_ERROR 2
TRAP_NO_ERROR 3
TRAP_NO_ERROR 4
TRAP_NO_ERROR 5
TRAP_NO_ERROR 6
TRAP_NO_ERROR 7
TRAP_WITH_ERROR 8
TRAP_NO_ERROR 9
TRAP_WITH_ERROR 10
TRAP_WITH_ERROR 11
TRAP_WITH_ERROR 12
TRAP_WITH_ERROR 13
TRAP_WITH_ERROR 14
TRAP_NO_ERROR 15
TRAP_NO_ERROR 16
TRAP_WITH_ERROR 17
TRAP_NO_ERROR 18
TRAP_NO_ERROR 19
TRAP_NO_ERROR 20
TRAP_WITH_ERROR 21
TRAP_NO_ERROR 22
TRAP_NO_ERROR 23
TRAP_NO_ERROR 24
TRAP_NO_ERROR 25
TRAP_NO_ERROR 26
TRAP_NO_ERROR 27
TRAP_NO_ERROR 28
TRAP_WITH_ERROR 29
TRAP_WITH_ERROR 30
TRAP_NO_ERROR 31

; Vectors 32-255.  The kernel uses three (arch/x86/apic.h), but a gate for
; every vector means a stray interrupt left pending by firmware is
; acknowledged, not turned into a #NP on a missing gate.
%assign v IDT_EXCEPTIONS
%rep IDT_ENTRIES - IDT_EXCEPTIONS
TRAP_NO_ERROR v
%assign v v + 1
%endrep

; Stack here: vector, error code, then the processor's RIP CS RFLAGS RSP SS.
trap_common:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	cld
	mov rdi, rsp
	call trap_dispatch
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
	add rsp, 16			; vector and error code
	iretq

section .rodata
global trap_stubs, interrupt_stubs
align 8
trap_stubs:
%assign v 0
%rep IDT_EXCEPTIONS
	dq trap_stub_ %+ v
%assign v v + 1
%endrep
interrupt_stubs:
%assign v IDT_EXCEPTIONS
%rep IDT_ENTRIES - IDT_EXCEPTIONS
	dq trap_stub_ %+ v
%assign v v + 1
%endrep
