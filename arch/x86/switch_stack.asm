; switch_stack(top, fn): continue on a new stack by calling fn(), which
; never returns.  Used to leave the boot stack for one with a guard page.
bits 64
section .text
global switch_stack
switch_stack:
	mov rsp, rdi
	xor ebp, ebp
	call rsi
.halt:
	cli
	hlt
	jmp .halt
