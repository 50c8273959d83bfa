# shellcheck shell=bash
# Multiboot kernels as the hypervisor's guest (kernel/multiboot_stage.c,
# arch/x86/guests/multiboot.c): the test kernels of tests/guests/ as
# Multiboot2 modules (tools/guest-iso.sh), each printing what it was handed
# and ending with its status on port 0xf4, which the hypervisor takes as the
# run's end.  Bochs for the runs (VMX); QEMU for the refused images, which
# are refused before anything needs VMX.

GUESTS=${GUESTS:-build/guests}

# mb_iso NAME KERNEL "ARGS" "MODULES"
mb_iso() {
	tools/guest-iso.sh "$TEST_DIR/mb-$1.iso" "$KERNEL_ELF" "$2" "$3" "$4" "" 0 ||
		fail "could not make mb-$1.iso"
}

# The kernel saw what a Multiboot loader must hand over, and the hypervisor reported its end.
expect_mb_run() { # MAGIC CPUS
	expect "^mbtest: magic=$1$"
	expect '^mbtest: data ok$'
	expect '^mbtest: bss ok$'
	expect '^mbtest: exit 0$'
	expect '^multiboot: the guest ended on cpu [0-9]+: status$'
	expect "^guest-os multiboot exit=status code=0 cpus=$2 exits=[1-9][0-9]*$"
}

# The guest's memory runs on from 1 MiB as on a machine of its own (kvm-unit-tests size
# their memory by mem_upper): at least MIN KiB, and the memory map agrees.
expect_mem_upper_at_least() {
	local upper
	upper=$(field mem_upper '^mbtest: mem_lower=')
	[ -n "$upper" ] && [ "$upper" -ge "$1" ] || fail "mem_upper=$upper KiB, expected at least $1"
	expect '^mbtest: mmap [0-9]+ base=0x100000 length=0x[0-9a-f]+ type=1$'
}

begin_case bochs-multiboot1-elf32-modules-2
mb_iso elf32 "$GUESTS/mb1-elf32.elf" "one two=2" "$GUESTS/fail.bin=alpha $GUESTS/triple.bin"
BOCHS_SMP=2 bochs_boot "$TEST_DIR/mb-elf32.iso" "$LOG"
expect_status $? 0
expect_mb_run 0x2badb002 1
expect '^multiboot: multiboot kernel, 3 segments \(ELF32\), entry 0x4[0-9a-f]{5}$'
expect '^mbtest: cmdline="/boot/mb1-elf32.elf one two=2"$'
expect '^mbtest: modules=2$'
# The modules' bytes are where the information says: fail.bin and triple.bin start with a Multiboot header.
expect '^mbtest: module 0 start=0x[0-9a-f]+ end=0x[0-9a-f]+ string="/boot/fail.bin alpha" head=02b0ad1b'
expect '^mbtest: module 1 start=0x[0-9a-f]+ end=0x[0-9a-f]+ string="/boot/triple.bin" head=02b0ad1b'
expect '^mbtest: loader="hypervisor64'
expect_mem_upper_at_least 65536
expect '^summary cpus=2 online=2 vmxon=2 guests=2 '
end_case

# Linked at 1 MiB, where the hypervisor's own image is: the guest's pages
# there are other pages (EPT), so it loads, runs and writes its data and bss
# there while the hypervisor below it goes on and reports.
begin_case bochs-multiboot1-at-1mib-mp-2
mb_iso low "$GUESTS/mb1-low.elf" "smp=mp" ""
BOCHS_SMP=2 bochs_boot "$TEST_DIR/mb-low.iso" "$LOG"
expect_status $? 0
expect_mb_run 0x2badb002 2
expect '^multiboot: multiboot kernel, 3 segments \(ELF32\), entry 0x1[0-9a-f]{5}$'
expect '^mbtest: cpus=2$'
expect_mem_upper_at_least 65536
# Without gdb= the GDB stub adds no exit: no exception bitmap, NMI exiting, preemption timer or monitor trap.
expect_not '^guest-os-exits .*(exception-or-nmi|preemption-timer-expired|monitor-trap-flag)='
expect_not '^gdb:'
end_case

# Every core the guest's: its own INIT-SIPI-SIPI, broadcast with STARTUP vector 0 (code at physical 0).
begin_case bochs-multiboot2-elf64-broadcast-4
mb_iso elf64 "$GUESTS/mb2-elf64.elf" "smp=broadcast sipi0" ""
BOCHS_SMP=4 EMU_TIMEOUT=300 bochs_boot "$TEST_DIR/mb-elf64.iso" "$LOG"
expect_status $? 0
expect_mb_run 0x36d76289 4
expect '^multiboot: multiboot2 kernel, 3 segments \(ELF64\), entry 0x4[0-9a-f]{5}$'
expect '^mbtest: sipi vector=0x0 sequence=broadcast$'
expect_count '^mbtest: ap [0-9]+ up$' 3
expect '^mbtest: cpus=4$'
for cpu in 1 2 3; do
	expect "^guest-os-exits cpu=$cpu total=[1-9]"
done
expect_not 'did not leave its guest'
end_case

# The MultiProcessor Specification's sequence, one AP at a time; the a.out kludge.
begin_case bochs-multiboot1-aout-mp-2
mb_iso aout1 "$GUESTS/mb1-aout.bin" "smp=mp" ""
BOCHS_SMP=2 bochs_boot "$TEST_DIR/mb-aout1.iso" "$LOG"
expect_status $? 0
expect_mb_run 0x2badb002 2
expect '^multiboot: multiboot kernel, 1 segments \(a.out kludge\), entry 0x4[0-9a-f]{5}$'
expect '^mbtest: sipi vector=0x8 sequence=mp$'
expect '^mbtest: cpus=2$'
end_case

begin_case bochs-multiboot2-aout-1
mb_iso aout2 "$GUESTS/mb2-aout.bin" "" ""
BOCHS_SMP=1 bochs_boot "$TEST_DIR/mb-aout2.iso" "$LOG"
expect_status $? 0
expect_mb_run 0x36d76289 1
expect '^multiboot: multiboot2 kernel, 1 segments \(a.out kludge\), entry 0x4[0-9a-f]{5}$'
end_case

# A failing status is the run's failure, with the status in the report.
begin_case bochs-multiboot-fail
mb_iso fail "$GUESTS/fail.bin" "" ""
BOCHS_SMP=1 bochs_boot "$TEST_DIR/mb-fail.iso" "$LOG"
expect_status $? 1
expect '^mbtest: exit 3$'
expect '^guest-os multiboot exit=status code=3 cpus=1 exits=[1-9][0-9]*$'
end_case

begin_case bochs-multiboot-triple-fault
mb_iso triple "$GUESTS/triple.bin" "" ""
BOCHS_SMP=1 bochs_boot "$TEST_DIR/mb-triple.iso" "$LOG"
expect_status $? 1
expect '^mbtest: triple-fault$'
expect '^vmx: cpu 0 guest exit triple-fault \(reason 2\) at rip=0x[0-9a-f]+'
expect '^multiboot: the guest ended on cpu 0: triple-fault$'
expect '^guest-os multiboot exit=triple-fault cpus=1 exits=[1-9][0-9]*$'
end_case

# Refused by name, with the report printed: QEMU, no VMX needed for the refusal.
# no-header.bin has no header of any kind: the Linux loader's to refuse.
# wide.elf: linked at 1 MiB with a 3 MiB bss, over the module GRUB placed
# after it, which must reach the guest intact.
for bad in bad-checksum:bad-checksum huge-bss:past-ram overlap:overlap wide:forbidden; do
	image=${bad%%:*} reason=${bad#*:}
	begin_case "qemu-multiboot-refused-$image"
	file=$(ls "$GUESTS/$image".*)
	mb_iso "refused-$image" "$file" "" "$GUESTS/fail.bin"
	QEMU_SMP=2 QEMU_MEM=128 qemu_boot "$TEST_DIR/mb-refused-$image.iso" "$LOG"
	expect_status $? 1
	expect "^multiboot: not started \($reason\): "
	expect "^guest-os multiboot exit=refused cpus=0 exits=0 error=$reason$"
	expect '^summary cpus=2 online=2 '
	end_case
done

begin_case qemu-multiboot-refused-no-header
mb_iso refused-no-header "$GUESTS/no-header.bin" "" ""
QEMU_SMP=1 QEMU_MEM=128 qemu_boot "$TEST_DIR/mb-refused-no-header.iso" "$LOG"
expect_status $? 1
expect '^linux: not started \(not-linux\): '
expect '^guest-os linux exit=refused cpus=0 exits=0 error=not-linux$'
end_case

# A core the guest tried to start and could not have is no plain success:
# under Bochs 2.7 an INIT stays pending after its VM exit, so with the SDM's
# wait-for-SIPI path (forced here) the AP is lost; the report names it and why.
if [ "$(bochs_major)" = 2 ]; then
	begin_case bochs-multiboot-lost-core
	tools/guest-iso.sh "$TEST_DIR/mb-lost.iso" "$KERNEL_ELF" "$GUESTS/mb2-elf64.elf" "smp=mp" "" \
		"linux-ap=wait-for-sipi" 0 || fail "could not make mb-lost.iso"
	BOCHS_SMP=2 bochs_boot "$TEST_DIR/mb-lost.iso" "$LOG"
	expect_status $? 1
	expect '^multiboot: cpu 1: INIT stays pending after its VM exit'
	expect '^guest-os-lost cpu=1 reason=init-stuck$'
	expect '^guest-os multiboot exit=status code=[0-9]+ cpus=1 exits=[1-9][0-9]*$'
	end_case
fi
