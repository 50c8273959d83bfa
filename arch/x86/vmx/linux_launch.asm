; Launching the Linux guest, and coming back once it is over
; (arch/x86/vmx/linux.h).  Unlike the hyperjack (exit_entry.asm), the guest
; does not continue this code: VMLAUNCH starts Linux with the guest state
; already in the VMCS, and the caller's frame waits, its RSP saved, until
; the hypervisor ends the run and vmx_linux_return() resumes it.

bits 64
section .text

; int vmx_linux_launch(uint64_t *return_rsp, uint64_t rsi): 1 = VMfailInvalid,
; 2 = VMfailValid, 0 = the guest ran and is over.
global vmx_linux_launch
vmx_linux_launch:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	mov [rdi], rsp
	xor eax, eax			; the guest starts with clean registers
	xor ebx, ebx
	xor ecx, ecx
	xor edx, edx
	xor edi, edi
	xor ebp, ebp
	xor r8d, r8d
	xor r9d, r9d
	xor r10d, r10d
	xor r11d, r11d
	xor r12d, r12d
	xor r13d, r13d
	xor r14d, r14d
	xor r15d, r15d
	vmlaunch
	mov eax, 1			; CF: VMfailInvalid, ZF: VMfailValid
	jc .out
	mov eax, 2
.out:
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

; void vmx_linux_return(uint64_t return_rsp): back into vmx_linux_launch's
; caller, returning 0.
global vmx_linux_return
vmx_linux_return:
	mov rsp, rdi
	xor eax, eax
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret
