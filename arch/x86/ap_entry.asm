; First kernel code an application processor runs in long mode, reached
; from the trampoline.  It has no stack yet: it finds its own struct cpu in
; cpu_table by its APIC id, takes that core's stack and calls ap_main(cpu).

bits 64
extern cpu_table, cpu_count, ap_main

%include "asm_consts.inc"	; CPU_APIC_ID, CPU_STACK_TOP: struct cpu offsets

section .text
global ap_entry64
ap_entry64:
	; The x2APIC id (CPUID.0BH:EDX) where leaf 0BH exists, else the
	; initial APIC id (CPUID.01H:EBX[31:24]); both match the MADT's ids.
	xor eax, eax
	cpuid
	cmp eax, 0x0B
	jb .legacy_id
	mov eax, 0x0B
	xor ecx, ecx
	cpuid
	test ebx, ebx
	jz .legacy_id
	mov r8d, edx
	jmp .find
.legacy_id:
	mov eax, 1
	cpuid
	shr ebx, 24
	mov r8d, ebx

.find:
	lea rsi, [rel cpu_table]
	mov ecx, [rel cpu_count]
	mov r9d, 1			; slot 0 is the boot processor
.next:
	cmp r9d, ecx
	jae .not_listed
	mov rdi, [rsi + r9 * 8]
	cmp [rdi + CPU_APIC_ID], r8d
	je .found
	inc r9d
	jmp .next
.found:
	mov rsp, [rdi + CPU_STACK_TOP]
	xor ebp, ebp
	call ap_main
.not_listed:				; not in the MADT: stay out of the way
	cli
	hlt
	jmp .not_listed
