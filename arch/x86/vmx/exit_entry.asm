; The hypervisor's side of VMLAUNCH and VM exits (Intel SDM Vol. 3C 27
; "VM Entries", 28 "VM Exits").  A VM exit loads only the host state the
; VMCS names (control registers, segments, RSP, RIP): the guest's
; general-purpose registers are still in place, so the exit entry saves
; them (struct vmx_gprs, arch/x86/vmx/guest.h) and nothing else.

bits 64
%include "asm_consts.inc"	; VMCS_GUEST_RSP, VMCS_GUEST_RIP, VMX_CONTEXT_*
%include "arch/x86/callee_saved.inc"
extern vmx_exit_dispatcher, vmx_vmresume_failed

section .text

; int vmx_guest_enter(void): VMLAUNCH with the guest resuming at enter_as_guest
; on this very stack, so that for the caller the call simply returns 0, now
; as a guest.  1 = VMfailInvalid, 2 = VMfailValid, 3 = VM entry failed
; (reported by the exit path, which resumes at vmx_guest_enter_failed).
global vmx_guest_enter, vmx_guest_enter_failed
vmx_guest_enter:
	PUSH_CALLEE_SAVED
	sub rsp, 8			; 16-byte aligned, as at any call
	mov rax, VMCS_GUEST_RSP
	vmwrite rax, rsp
	jbe enter_vmfail
	mov rax, VMCS_GUEST_RIP
	lea rdx, [rel enter_as_guest]
	vmwrite rax, rdx
	jbe enter_vmfail
	vmlaunch
enter_vmfail:				; CF: VMfailInvalid, ZF: VMfailValid
	mov eax, 1
	jc enter_out
	mov eax, 2
	jmp enter_out
vmx_guest_enter_failed:
	mov eax, 3
	jmp enter_out
enter_as_guest:
	xor eax, eax
enter_out:
	add rsp, 8
	POP_CALLEE_SAVED
	ret

; HOST_RIP.  HOST_RSP is the top of this core's host stack (16-byte
; aligned); 16 pushes keep it aligned for the call.
global vmx_exit_entry
vmx_exit_entry:
	push r15
	push r14
	push r13
	push r12
	push r11
	push r10
	push r9
	push r8
	push rdi
	push rsi
	push rbp
	sub rsp, 8			; RSP's slot: the guest's is in the VMCS
	push rbx
	push rdx
	push rcx
	push rax
	mov rdi, rsp
	call [rel vmx_exit_dispatcher]	; vmx_exit_dispatch, or timed (exit_stats.c); returns to resume
	pop rax
	pop rcx
	pop rdx
	pop rbx
	add rsp, 8
	pop rbp
	pop rsi
	pop rdi
	pop r8
	pop r9
	pop r10
	pop r11
	pop r12
	pop r13
	pop r14
	pop r15
	vmresume
	pushfq				; VMRESUME failed: say how
	pop rdi
	call vmx_vmresume_failed
	ud2

; void vmx_resume_kernel(const struct vmx_kernel_context *ctx): continue the
; kernel outside VMX with the given registers (struct vmx_gprs order: RAX,
; RCX, RDX, RBX, -, RBP, RSI, RDI, R8-R15); RIP, CS, RFLAGS, RSP and SS come
; from the IRETQ frame that follows them.
global vmx_resume_kernel
vmx_resume_kernel:
	mov rax, [rdi + 0]
	mov rcx, [rdi + 8]
	mov rdx, [rdi + 16]
	mov rbx, [rdi + 24]
	mov rbp, [rdi + 40]
	mov rsi, [rdi + 48]
	mov r8, [rdi + 64]
	mov r9, [rdi + 72]
	mov r10, [rdi + 80]
	mov r11, [rdi + 88]
	mov r12, [rdi + 96]
	mov r13, [rdi + 104]
	mov r14, [rdi + 112]
	mov r15, [rdi + 120]
	lea rsp, [rdi + VMX_CONTEXT_IRET_FRAME]
	mov rdi, [rdi + VMX_CONTEXT_RDI]
	iretq
