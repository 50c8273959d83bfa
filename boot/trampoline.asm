; Application-processor start-up trampoline (Intel SDM Vol. 3A section 9.4
; "Multiple-Processor (MP) Initialization" and 10.8.5 for IA-32e mode).
;
; The boot processor copies trampoline_start..trampoline_end to a free page
; P below 1 MiB, fills the parameter block, and sends each AP a SIPI with
; vector P >> 12.  The AP starts here in real mode with CS = P >> 4, IP = 0,
; and goes 16 -> 32 -> 64 bit.  Many APs run this at once: nothing here is
; written per AP except the far pointers, which every AP sets to the same
; values.

CR0_PE		equ 1 << 0
CR0_MP		equ 1 << 1
CR0_ET		equ 1 << 4
CR0_NE		equ 1 << 5
CR0_WP		equ 1 << 16
CR0_PG		equ 1 << 31
CR4_PAE		equ 1 << 5
MSR_IA32_EFER	equ 0xC0000080

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

	; Parameter block at offset 8 (struct trampoline_params, arch/x86/smp.c).
	align 8
tr_params:
tr_cr3:		dd 0	; kernel PML4, below 4 GiB (loaded from 32-bit mode)
tr_efer:	dd 0	; EFER bits to set: LME, and NXE where supported
tr_entry64:	dq 0	; kernel entry (ap_entry64)

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
	or eax, CR0_PE
	mov cr0, eax
	jmp dword far [OFF(tr_far32)]

bits 32
tr_protected_mode:
	mov ax, TR_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov eax, cr4
	or eax, CR4_PAE
	mov cr4, eax
	mov eax, [ebx + OFF(tr_cr3)]
	mov cr3, eax
	mov ecx, MSR_IA32_EFER
	rdmsr
	or eax, [ebx + OFF(tr_efer)]
	wrmsr
	; A fixed CR0, not INIT's leftovers: INIT keeps CD and NW as they were
	; (SDM 3A table 10-1), and a core must not run with its caches off.
	mov eax, CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_MP | CR0_PE
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
	dq 0x00CF9A000000FFFF		; 0x08: 32-bit code
	dq 0x00CF92000000FFFF		; 0x10: data
	dq 0x00AF9A000000FFFF		; 0x18: 64-bit code
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
