; The test kernels' common entry: the loader enters in 32-bit protected
; mode with paging off, EAX = the loader's magic, EBX = the boot
; information's physical address (Multiboot 0.6.96 3.2, Multiboot2 2.0
; 3.3).  Our own GDT is loaded before any segment register is (both
; specifications leave the loader's GDT undefined), then C takes over.
;
; Also here: the application processors' real-mode trampoline, copied by
; smp.c to a page below 1 MiB, and their 32-bit entry; the exit.

bits 32
section .text

global _start
extern mbtest_main
extern ap_main

CODE_SEL equ 0x08
DATA_SEL equ 0x10
AP_STACK_SIZE equ 4096
MAX_APS equ 64

_start:
	cli
	mov esp, bsp_stack_top
	mov esi, eax
	lgdt [gdtr]
	jmp CODE_SEL:.reload
.reload:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	push ebx ; info
	push esi ; magic
	call mbtest_main
	; mbtest_main does not return; if it does, report a failure.
	push 1
	call guest_exit

; void guest_exit(uint32_t status): port 0xf4 (QEMU's isa-debug-exit, and the
; hypervisor's exit port), then Bochs' magic breakpoint, then halt forever.
global guest_exit
guest_exit:
	mov eax, [esp + 4]
	out 0xf4, eax
	xchg bx, bx
.halt:
	cli
	hlt
	jmp .halt

; void halt_forever(void)
global halt_forever
halt_forever:
	cli
	hlt
	jmp halt_forever

; The AP trampoline: entered at CS = vector << 8, IP = 0, in real mode.
; Position-independent: it addresses its own data through CS.  The GDTR it
; loads points at the kernel's GDT, and the far jump goes to ap_entry32 at
; its linked address.
bits 16
global trampoline_start, trampoline_end
trampoline_start:
	cli
	mov ax, cs
	mov ds, ax
	o32 lgdt [tramp_gdtr - trampoline_start]
	mov eax, cr0
	or eax, 1
	mov cr0, eax
	jmp dword CODE_SEL:ap_entry32
align 4
tramp_gdtr:
	dw gdt_end - gdt - 1
	dd gdt
trampoline_end:

bits 32
ap_entry32:
	mov ax, DATA_SEL
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov fs, ax
	mov gs, ax
	; Each AP takes the next stack.
	mov eax, AP_STACK_SIZE
	lock xadd [ap_stack_next], eax
	add eax, AP_STACK_SIZE
	cmp eax, ap_stacks_end
	ja halt_forever
	mov esp, eax
	call ap_main
	jmp halt_forever

section .data
align 8
gdt:
	dq 0
	dq 0x00cf9a000000ffff ; 0x08: code, flat 4 GiB, 32-bit
	dq 0x00cf92000000ffff ; 0x10: data, flat 4 GiB
gdt_end:
gdtr:
	dw gdt_end - gdt - 1
	dd gdt
ap_stack_next:
	dd ap_stacks

section .bss
align 16
	resb 16384
bsp_stack_top:
ap_stacks:
	resb AP_STACK_SIZE * MAX_APS
ap_stacks_end:
