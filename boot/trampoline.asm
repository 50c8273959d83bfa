; Application-processor start-up trampoline (Intel SDM Vol. 3A section 9.4
; "Multiple-Processor (MP) Initialization" and 10.8.5 for IA-32e mode).
;
; The boot processor copies trampoline_start..trampoline_end to a free page
; P below 1 MiB, fills the parameter block, and sends each AP a SIPI with
; vector P >> 12.  The AP starts here in real mode with CS = P >> 4, IP = 0,
; and goes 16 -> 32 -> 64 bit.  Many APs run this at once: nothing here is
; written per AP except the far pointers, which every AP sets to the same
; values.

%include "asm_consts.inc"	; generated from the C headers (arch/x86/asm_consts.c)

TR_CODE32	equ 0x08
TR_DATA		equ 0x10
TR_CODE64	equ 0x18

%define OFF(label) ((label) - trampoline_start)

section .rodata
align 16
global trampoline_start, trampoline_end
bits 16
trampoline_start:
	jmp short tr_real_mode

	; The parameter block, struct trampoline_params (arch/x86/trampoline.h),
	; at the offset and with the layout C gives it.  A negative TIMES count
	; (the jump grew past the block's offset) fails the build.
	times TRAMPOLINE_PARAMS_OFFSET - ($ - trampoline_start) db 0
tr_params:
	times TRAMPOLINE_PARAMS_SIZE db 0
tr_cr3		equ tr_params + TRAMPOLINE_CR3
tr_efer		equ tr_params + TRAMPOLINE_EFER
tr_entry64	equ tr_params + TRAMPOLINE_ENTRY64

tr_real_mode:
	cli
	cld
	mov ax, cs
	mov ds, ax
	xor ebx, ebx
	mov bx, ax
	shl ebx, 4			; EBX = P, the trampoline's linear address

	mov eax, ebx			; the far pointers and GDT base depend on P
	add eax, OFF(tr_gdt)
	mov [OFF(tr_gdt_pointer) + 2], eax
	mov eax, ebx
	add eax, OFF(tr_protected_mode)
	mov [OFF(tr_far32)], eax
	mov eax, ebx
	add eax, OFF(tr_long_mode)
	mov [OFF(tr_far64)], eax

	o32 lgdt [OFF(tr_gdt_pointer)]
	mov eax, cr0
	or eax, X86_CR0_PE
	mov cr0, eax
	jmp dword far [OFF(tr_far32)]

bits 32
tr_protected_mode:
	mov ax, TR_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, X86_CR4_PAE
	mov cr4, eax
	mov eax, [ebx + OFF(tr_cr3)]
	mov cr3, eax
	mov ecx, MSR_IA32_EFER
	rdmsr
	or eax, [ebx + OFF(tr_efer)]
	wrmsr
	; A fixed CR0, not INIT's leftovers: INIT keeps CD and NW as they were
	; (SDM 3A table 10-1), and a core must not run with its caches off.
	mov eax, X86_CR0_PG | X86_CR0_WP | X86_CR0_NE | X86_CR0_ET | X86_CR0_MP | X86_CR0_PE
	mov cr0, eax
	jmp dword far [ebx + OFF(tr_far64)]

bits 64
tr_long_mode:
	mov ax, TR_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov ebx, ebx
	jmp [rbx + OFF(tr_entry64)]

	align 8
tr_gdt:
	dq 0
	dq X86_DESC_CODE32		; TR_CODE32
	dq X86_DESC_DATA		; TR_DATA
	dq X86_DESC_CODE64		; TR_CODE64
tr_gdt_pointer:
	dw 4 * 8 - 1
	dd 0
tr_far32:
	dd 0
	dw TR_CODE32
tr_far64:
	dd 0
	dw TR_CODE64
trampoline_end:
