; trap_catch_call(fn, arg, catch): call fn(arg) so that an expected fault
; inside it resumes at .resume with this frame's stack, as if fn returned.
; trap_dispatch() sends the faulting core there using catch->resume_rsp and
; catch->resume_rip (struct trap_catch in arch/x86/percpu.h).

bits 64
%include "arch/x86/callee_saved.inc"
section .text
global trap_catch_call
trap_catch_call:
	PUSH_CALLEE_SAVED
	sub rsp, 8			; keep the call 16-byte aligned
	mov [rdx + 0], rsp
	lea rax, [rel .resume]
	mov [rdx + 8], rax
	mov rax, rdi
	mov rdi, rsi
	call rax
.resume:
	add rsp, 8
	POP_CALLEE_SAVED
	ret
