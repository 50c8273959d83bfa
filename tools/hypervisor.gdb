# GDB settings for the kernel on QEMU (make gdb; tools/debug.sh gdb).
# The machine starts in 16-bit real mode and GRUB enters the kernel in 32-bit
# protected mode, but QEMU's x86-64 stub always sends the 64-bit register
# set: keep GDB on x86-64 all along (the ELF's own architecture), and never
# let it guess from the target.  Software breakpoints are bytes in memory
# that GRUB overwrites when it loads the kernel, so kmain gets a hardware
# breakpoint.
set pagination off
set confirm off
set architecture i386:x86-64
set disassemble-next-line on
hbreak kmain
continue
