; 32-bit entry from GRUB and the switch to long mode.
;
; GRUB enters here in 32-bit protected mode, paging off, with EAX holding the
; Multiboot2 magic and EBX the physical address of the boot information
; (Multiboot2 specification 2.0, section 3.3).  We build page tables that
; identity-map the first 4 GiB with 2 MiB pages (enough for the kernel, the
; boot information and the local APIC), enable long mode (Intel SDM Vol. 3A
; section 10.8.5 "Initializing IA-32e Mode") and call kmain().  The kernel
; replaces these tables with its own as soon as it knows the memory map.

%include "asm_consts.inc"	; generated from the C headers (arch/x86/asm_consts.c)

PTE_PRESENT_WRITE	equ PTE_P | PTE_W
BOOT_STACK_SIZE		equ 16384

extern kmain

section .boot.text progbits alloc exec nowrite align=16
bits 32
global _start
_start:
	cli
	cld
	mov esp, boot_stack_top
	mov [boot_magic], eax
	mov [boot_info], ebx

	cmp eax, MB2_BOOTLOADER_MAGIC
	jne .not_multiboot2
	call check_long_mode
	call build_boot_page_tables
	call enter_long_mode
	lgdt [boot_gdt.pointer]
	jmp GDT_KERNEL_CODE:long_mode_entry

.not_multiboot2:
	mov esi, msg_not_multiboot2
	jmp early_fail

; CPUID.80000001H:EDX.LM (bit 29) says whether the processor has long mode.
check_long_mode:
	pushfd				; CPUID exists if EFLAGS.ID can be toggled
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	cmp eax, ecx
	je .no_long_mode
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, X86_CPUID_80000001H_EDX_LM
	jz .no_long_mode
	ret
.no_long_mode:
	mov esi, msg_no_long_mode
	jmp early_fail

build_boot_page_tables:
	mov eax, boot_pdpt
	or eax, PTE_PRESENT_WRITE
	mov [boot_pml4], eax

	mov edi, boot_pdpt		; PDPT[i] -> PD i, i = 0..3
	mov eax, boot_pd
	or eax, PTE_PRESENT_WRITE
	mov ecx, 4
.pdpt_loop:
	mov [edi], eax
	add eax, 4096
	add edi, 8
	loop .pdpt_loop

	mov edi, boot_pd		; 2048 entries of 2 MiB: 4 GiB
	xor eax, eax
	xor edx, edx
	mov ecx, 2048
.pd_loop:
	mov ebx, eax
	or ebx, PTE_PRESENT_WRITE | PTE_PS
	mov [edi], ebx
	mov [edi + 4], edx
	add eax, 0x200000
	adc edx, 0
	add edi, 8
	loop .pd_loop
	mov ebx, [boot_info]
	ret

enter_long_mode:
	mov eax, cr4
	or eax, X86_CR4_PAE
	mov cr4, eax
	mov eax, boot_pml4
	mov cr3, eax
	mov ecx, MSR_IA32_EFER
	rdmsr
	or eax, X86_EFER_LME
	wrmsr
	mov eax, cr0
	or eax, X86_CR0_PG | X86_CR0_PE | X86_CR0_WP
	mov cr0, eax
	ret

; Print ESI's NUL-terminated message on COM1_PORT and the VGA text screen, then
; end the run as a failure under an emulator (as every other failure does)
; and stop: without long mode there is nothing else this kernel can do.
early_fail:
	mov dx, COM1_PORT + 3		; 115200 8N1, as the kernel's driver does
	mov al, 0x80
	out dx, al
	mov dx, COM1_PORT
	mov al, 1
	out dx, al
	mov dx, COM1_PORT + 1
	xor al, al
	out dx, al
	mov dx, COM1_PORT + 3
	mov al, 0x03
	out dx, al
	mov edi, 0xB8000
.next:
	lodsb
	test al, al
	jz .halt
	mov ah, al
	mov dx, COM1_PORT + 5
.wait:
	in al, dx
	test al, 0x20
	jz .wait
	mov dx, COM1_PORT
	mov al, ah
	out dx, al
	mov al, ah
	mov ah, 0x4F			; white on red
	stosw
	jmp .next
.halt:
	call emulator_exit_failure
.stop:
	cli
	hlt
	jmp .stop

; QEMU is known by CPUID's hypervisor leaf, Bochs by port E9 reading back
; 0xE9 (where the port floats, it reads 0xFF).  Elsewhere nothing is written.
emulator_exit_failure:
	pushfd				; no CPUID without EFLAGS.ID: not QEMU
	pop eax
	mov ecx, eax
	xor eax, 1 << 21
	push eax
	popfd
	pushfd
	pop eax
	push ecx
	popfd
	cmp eax, ecx
	je .bochs
	mov eax, 1
	cpuid
	test ecx, X86_CPUID_01H_ECX_HYPERVISOR
	jz .bochs
	mov eax, CPUID_HYPERVISOR_LEAF
	cpuid
	cmp ebx, 'TCGT'
	je .qemu
	cmp ebx, 'KVMK'
	je .qemu
.bochs:
	in al, BOCHS_E9_PORT
	cmp al, BOCHS_E9_PORT
	jne .done
	mov esi, msg_bochs_shutdown
	mov dx, BOCHS_SHUTDOWN_PORT
.shutdown:
	lodsb
	test al, al
	jz .done
	out dx, al
	jmp .shutdown
.qemu:
	mov dx, QEMU_DEBUG_EXIT_PORT
	mov eax, QEMU_EXIT_FAILURE
	out dx, eax
.done:
	ret

bits 64
long_mode_entry:
	mov ax, GDT_KERNEL_DATA
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov rsp, boot_stack_top
	xor ebp, ebp
	mov edi, [boot_magic]
	mov esi, [boot_info]
	call kmain
.halt:
	cli
	hlt
	jmp .halt

section .rodata
msg_not_multiboot2:
	db "boot: not started by a Multiboot2 loader (bad magic in EAX); boot this kernel with GRUB 2's multiboot2 command", 13, 10, 0
msg_bochs_shutdown:
	db "Shutdown", 0
msg_no_long_mode:
	db "boot: this processor has no 64-bit long mode (CPUID.80000001H:EDX.LM is clear); the hypervisor needs an x86-64 processor", 13, 10, 0

align 16
boot_gdt:
	dq 0
	dq X86_DESC_CODE64		; GDT_KERNEL_CODE, as in the per-core GDTs
	dq X86_DESC_DATA		; GDT_KERNEL_DATA
.pointer:
	dw $ - boot_gdt - 1
	dq boot_gdt

section .data
global boot_magic, boot_info
boot_magic:	dd 0
boot_info:	dd 0

section .bss
align 4096
boot_pml4:	resb 4096
boot_pdpt:	resb 4096
boot_pd:	resb 4 * 4096
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
		resb BOOT_STACK_SIZE
boot_stack_top:
