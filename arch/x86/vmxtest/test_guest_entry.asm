; The self-tests' and benchmarks' small test guest (arch/x86/vmx/test_guest.c):
; the hypervisor side of its VM entries and exits, and the guest's own code.
; Unlike the hyperjacked kernel's exit path (exit_entry.asm), every VM exit
; of the test guest returns to the C caller of vmx_test_guest_run, which
; looks at the exit and decides whether to resume: the kvm-unit-tests model.

bits 64

%include "asm_consts.inc"	; VMCS_HOST_*, VMX_GPRS_* offsets, VMX_TG_HC_*
%include "arch/x86/callee_saved.inc"

section .text

; int vmx_test_guest_run(struct vmx_gprs *gprs, int resume)
; VMLAUNCH (resume = 0) or VMRESUME the current VMCS with the guest's
; general-purpose registers from *gprs.  Returns 0 after a VM exit (or a
; failed VM entry, which also loads the host state) with *gprs updated,
; 1 on VMfailInvalid, 2 on VMfailValid.
global vmx_test_guest_run
vmx_test_guest_run:
	pushfq				; a VM exit clears RFLAGS (SDM 3C 28.5.3)
	PUSH_CALLEE_SAVED
	push rdi			; HOST_RSP points here
	mov rax, VMCS_HOST_RSP
	vmwrite rax, rsp
	jbe .fail
	mov rax, VMCS_HOST_RIP
	lea rdx, [rel .exit]
	vmwrite rax, rdx
	jbe .fail
	test esi, esi
	jnz .resume
	call load_guest_gprs
	vmlaunch
	jmp .fail
.resume:
	call load_guest_gprs
	vmresume
.fail:					; CF: VMfailInvalid, ZF: VMfailValid
	mov eax, 1
	jc .out
	mov eax, 2
	jmp .out
.exit:
	push rdi
	mov rdi, [rsp + 8]
	mov [rdi + VMX_GPRS_RAX], rax
	mov [rdi + VMX_GPRS_RCX], rcx
	mov [rdi + VMX_GPRS_RDX], rdx
	mov [rdi + VMX_GPRS_RBX], rbx
	mov [rdi + VMX_GPRS_RBP], rbp
	mov [rdi + VMX_GPRS_RSI], rsi
	pop rax
	mov [rdi + VMX_GPRS_RDI], rax
	mov [rdi + VMX_GPRS_R8], r8
	mov [rdi + VMX_GPRS_R9], r9
	mov [rdi + VMX_GPRS_R10], r10
	mov [rdi + VMX_GPRS_R11], r11
	mov [rdi + VMX_GPRS_R12], r12
	mov [rdi + VMX_GPRS_R13], r13
	mov [rdi + VMX_GPRS_R14], r14
	mov [rdi + VMX_GPRS_R15], r15
	xor eax, eax
.out:
	add rsp, 8
	POP_CALLEE_SAVED
	popfq
	ret

; Every guest register from *rdi, RDI last.
load_guest_gprs:
	mov rax, [rdi + VMX_GPRS_RAX]
	mov rcx, [rdi + VMX_GPRS_RCX]
	mov rdx, [rdi + VMX_GPRS_RDX]
	mov rbx, [rdi + VMX_GPRS_RBX]
	mov rbp, [rdi + VMX_GPRS_RBP]
	mov rsi, [rdi + VMX_GPRS_RSI]
	mov r8, [rdi + VMX_GPRS_R8]
	mov r9, [rdi + VMX_GPRS_R9]
	mov r10, [rdi + VMX_GPRS_R10]
	mov r11, [rdi + VMX_GPRS_R11]
	mov r12, [rdi + VMX_GPRS_R12]
	mov r13, [rdi + VMX_GPRS_R13]
	mov r14, [rdi + VMX_GPRS_R14]
	mov r15, [rdi + VMX_GPRS_R15]
	mov rdi, [rdi + VMX_GPRS_RDI]
	ret

; ---- The test guest's programs (VMX non-root, CPL 0, 64-bit) --------------
; Each ends with the "done" request; results are left in R12-R15.

global vmx_tg_done
vmx_tg_done:
	mov eax, VMX_TG_HC_DONE
	vmcall
	ud2

; CPUID leaf 1 (ECX to R12), then the hypervisor leaf (EBX, ECX, EDX to R13-R15).
global vmx_tg_cpuid
vmx_tg_cpuid:
	mov eax, 1
	xor ecx, ecx
	cpuid
	mov r12, rcx
	mov eax, 0x40000000
	xor ecx, ecx
	cpuid
	mov r13, rbx
	mov r14, rcx
	mov r15, rdx
	jmp vmx_tg_done

; Hypercall "version" (result to R12), then an unknown function (to R13).
global vmx_tg_vmcall
vmx_tg_vmcall:
	xor eax, eax
	vmcall
	mov r12, rax
	mov rax, 0x12345
	vmcall
	mov r13, rax
	jmp vmx_tg_done

; XCR0 = 2: SSE without x87, which XSETBV refuses with #GP(0).
global vmx_tg_xsetbv_bad
vmx_tg_xsetbv_bad:
	xor ecx, ecx
	xor edx, edx
	mov eax, 2
	xsetbv
	jmp vmx_tg_done

; A VMX instruction in the guest, which sees no VMX.
global vmx_tg_vmxoff
vmx_tg_vmxoff:
	vmxoff
	jmp vmx_tg_done

; Exception handlers: the vector and error code go to the harness.
%macro VECTOR 1
tg_vector_%1:
%if (%1 == 8) || (%1 >= 10 && %1 <= 14) || (%1 == 17) || (%1 == 21) || (%1 == 29) || (%1 == 30)
%else
	push 0
%endif
	push %1
	jmp tg_exception
%endmacro

%assign v 0
%rep 32
VECTOR v
%assign v v + 1
%endrep

tg_exception:
	pop rbx				; vector
	pop rdx				; error code
	mov rcx, [rsp]			; RIP of the faulting instruction
	mov eax, VMX_TG_HC_EXCEPTION
	vmcall
	ud2

section .rodata
global vmx_tg_vectors
align 8
vmx_tg_vectors:
%assign v 0
%rep 32
	dq tg_vector_%+v
%assign v v + 1
%endrep
