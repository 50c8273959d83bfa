; Launching a guest that starts from a state of its own (an operating
; system: Linux, a Multiboot kernel), and coming back once it is over.
; Unlike the hyperjack (exit_entry.asm), the guest does not continue this
; code: VMLAUNCH starts it with the guest state already in the VMCS and the
; general-purpose registers given here, and the caller's frame waits, its
; RSP saved, until the hypervisor ends the run and vmx_launch_return()
; resumes it.

bits 64
%include "arch/x86/callee_saved.inc"
section .text

; int vmx_launch(uint64_t *return_rsp, const struct vmx_gprs *regs):
; 1 = VMfailInvalid, 2 = VMfailValid, 0 = the guest ran and is over.
; regs in struct vmx_gprs order (RAX, RCX, RDX, RBX, -, RBP, RSI, RDI, R8-R15).
global vmx_launch
vmx_launch:
	PUSH_CALLEE_SAVED
	mov [rdi], rsp
	mov rax, [rsi + 0]
	mov rcx, [rsi + 8]
	mov rdx, [rsi + 16]
	mov rbx, [rsi + 24]
	mov rbp, [rsi + 40]
	mov rdi, [rsi + 56]
	mov r8, [rsi + 64]
	mov r9, [rsi + 72]
	mov r10, [rsi + 80]
	mov r11, [rsi + 88]
	mov r12, [rsi + 96]
	mov r13, [rsi + 104]
	mov r14, [rsi + 112]
	mov r15, [rsi + 120]
	mov rsi, [rsi + 48]
	vmlaunch
	mov eax, 1			; CF: VMfailInvalid, ZF: VMfailValid
	jc .out
	mov eax, 2
.out:
	POP_CALLEE_SAVED
	ret

; void vmx_launch_return(uint64_t return_rsp): back into vmx_launch's
; caller, returning 0.
global vmx_launch_return
vmx_launch_return:
	mov rsp, rdi
	xor eax, eax
	POP_CALLEE_SAVED
	ret
