# shellcheck shell=bash
# The Multiboot test guests (tests/guests/README.md) booted by GRUB itself,
# no hypervisor: proof that they are right about the specifications, so that
# the hypervisor's Multiboot loader can be judged against them.  Each case
# boots QEMU TCG with isa-debug-exit and asserts on what the kernel printed
# and on QEMU's exit code, (status << 1) | 1.
#
# What GRUB 2 (2.06) hands over, as these cases pin it: the command line and
# a module's string are the arguments only, without the file's path (GRUB
# Legacy put the path first); modules page-aligned when the header asks.

GUEST_DIR=${GUESTS:-${GUEST_DIR:-build/guests}}
GUEST_ISO_DIR=${TEST_DIR:?}/guests-isodir

# The files every case's ISO holds: the kernels and two modules.
guest_iso_files() {
	rm -rf "$GUEST_ISO_DIR" && mkdir -p "$GUEST_ISO_DIR/boot/grub" || return 1
	cp "$GUEST_DIR"/mb1-elf32.elf "$GUEST_DIR"/mb2-elf64.elf "$GUEST_DIR"/mb1-aout.bin \
		"$GUEST_DIR"/mb2-aout.bin "$GUEST_DIR"/fail.bin "$GUEST_DIR"/triple.bin \
		"$GUEST_ISO_DIR/boot/" || return 1
	printf 'MODULE0 first module\n' > "$GUEST_ISO_DIR/boot/mod0.txt"
	printf 'MODULE1 second\n' > "$GUEST_ISO_DIR/boot/mod1.txt"
}

# guest_iso NAME "GRUB ENTRY LINES": the shared files, one menu entry.
guest_iso() {
	local name=$1 entry=$2
	cat > "$GUEST_ISO_DIR/boot/grub/grub.cfg" <<-CFG
	set timeout=0
	set default=0
	serial --unit=0 --speed=115200
	terminal_output --append serial
	menuentry "$name" {
	$entry
	}
	CFG
	grub-mkrescue -o "$TEST_DIR/guest-$name.iso" "$GUEST_ISO_DIR" \
		>"$TEST_DIR/guest-$name.mkrescue.log" 2>&1
}

# guest_boot NAME SMP: QEMU's own exit code (no mapping: the guests' statuses are raw).
guest_boot() {
	: > "$LOG"
	timeout --foreground "${EMU_TIMEOUT:-60}" qemu-system-x86_64 -M pc -m 128 -smp "$2" \
		-accel tcg -cpu "${GUEST_QEMU_CPU:-qemu64}" -cdrom "$TEST_DIR/guest-$1.iso" -boot d \
		-display none -no-reboot -monitor none -serial "file:$LOG" \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 </dev/null
}

# guest_case NAME SMP WANT_RC "GRUB ENTRY LINES": build, boot, check the exit code.
guest_case() {
	local rc
	begin_case "guest-bare-$1"
	without_report
	if ! guest_iso "$1" "$4"; then
		fail "grub-mkrescue failed: $(tail -n 3 "$TEST_DIR/guest-$1.mkrescue.log")"
		return
	fi
	guest_boot "$1" "$2"
	rc=$?
	[ "$rc" -eq "$3" ] || fail "QEMU exited with $rc, expected $3"
}

expect_loaded_whole() {
	expect '^mbtest: data ok$'
	expect '^mbtest: bss ok$'
}

if ! guest_iso_files; then
	begin_case guest-bare-files
	fail "the test guests are missing in $GUEST_DIR (make guests)"
	end_case
else
	guest_case mb1-elf32 1 1 "multiboot /boot/mb1-elf32.elf arg1 key=value
	module /boot/mod0.txt alpha=1
	module /boot/mod1.txt"
	expect '^mbtest: magic=0x2badb002$'
	expect_loaded_whole
	expect '^mbtest: flags=0x[0-9a-f]*[4-7c-f][0-9a-f]$' # cmdline, mods, mmap
	expect '^mbtest: mem_lower=639 mem_upper=[0-9]+$'
	expect '^mbtest: mmap 0 base=0x0 length=0x9fc00 type=1$'
	expect '^mbtest: cmdline="arg1 key=value"$'
	expect '^mbtest: modules=2$'
	# "MODULE0 " in hex; GRUB page-aligns modules as header flag 0 asks.
	expect '^mbtest: module 0 start=0x[0-9a-f]+000 end=0x[0-9a-f]+ string="alpha=1" head=4d4f44554c453020$'
	expect '^mbtest: module 1 start=0x[0-9a-f]+000 end=0x[0-9a-f]+ string="" head=4d4f44554c453120$'
	expect '^mbtest: loader="GRUB '
	expect '^mbtest: exit 0$'
	end_case

	guest_case mb2-elf64 1 1 "multiboot2 /boot/mb2-elf64.elf arg1 key=value
	module2 /boot/mod0.txt alpha=1
	module2 /boot/mod1.txt"
	expect '^mbtest: magic=0x36d76289$'
	expect_loaded_whole
	expect '^mbtest: cmdline="arg1 key=value"$'
	expect '^mbtest: mem_lower=639 mem_upper=[0-9]+$'
	expect '^mbtest: mmap entry_size=24 entry_version=0$'
	expect '^mbtest: mmap 0 base=0x0 length=0x9fc00 type=1$'
	expect '^mbtest: module 0 start=0x[0-9a-f]+000 end=0x[0-9a-f]+ string="alpha=1" head=4d4f44554c453020$'
	expect '^mbtest: module 1 start=0x[0-9a-f]+000 end=0x[0-9a-f]+ string="" head=4d4f44554c453120$'
	expect '^mbtest: modules=2$'
	expect '^mbtest: rsdp v[12] oem="BOCHS "$'
	expect '^mbtest: exit 0$'
	end_case

	guest_case mb1-aout 1 1 "multiboot /boot/mb1-aout.bin aout"
	expect '^mbtest: magic=0x2badb002$'
	expect_loaded_whole
	expect '^mbtest: cmdline="aout"$'
	expect '^mbtest: exit 0$'
	end_case

	guest_case mb2-aout 1 1 "multiboot2 /boot/mb2-aout.bin aout
	module2 /boot/mod1.txt"
	expect '^mbtest: magic=0x36d76289$'
	expect_loaded_whole
	expect '^mbtest: cmdline="aout"$'
	expect '^mbtest: modules=1$'
	expect '^mbtest: exit 0$'
	end_case

	guest_case exit-option 1 11 "multiboot /boot/mb1-elf32.elf exit=5"
	expect '^mbtest: exit 5$'
	end_case

	guest_case fail 1 7 "multiboot /boot/fail.bin"
	expect '^mbtest: exit 3$'
	end_case

	# A triple fault resets the machine, which -no-reboot turns into QEMU's exit 0.
	guest_case triple 1 0 "multiboot /boot/triple.bin"
	expect '^mbtest: triple-fault$'
	expect_not '^mbtest: exit'
	end_case

	# The processors started by the kernel: both sequences, 2 and 4 processors.
	for seq in mp broadcast; do
		for n in 2 4; do
			guest_case "smp-$seq-$n" "$n" 1 "multiboot2 /boot/mb2-elf64.elf smp=$seq"
			expect "^mbtest: madt cpus=$n\$"
			expect "^mbtest: sipi vector=0x8 sequence=$seq\$"
			expect_count '^mbtest: ap [0-9]+ up$' $((n - 1))
			expect "^mbtest: cpus=$n\$"
			expect '^mbtest: exit 0$'
			end_case
		done
	done

	# Multiboot (no ACPI tag: the RSDP from the BIOS areas), STARTUP vector 0.
	guest_case smp-mb1-sipi0 2 1 "multiboot /boot/mb1-elf32.elf smp=broadcast sipi0"
	expect '^mbtest: madt cpus=2$'
	expect '^mbtest: sipi vector=0x0 sequence=broadcast$'
	expect '^mbtest: ap 1 up$'
	expect '^mbtest: cpus=2$'
	expect '^mbtest: exit 0$'
	end_case

	# x2APIC mode: QEMU 7.2's TCG has no x2APIC, Bochs' Skylake model does.  One
	# Bochs boot (about 10 s); the run ends at the kernel's magic breakpoint.
	begin_case guest-bare-bochs-smp-x2apic
	without_report
	if guest_iso bochs-x2apic "multiboot2 /boot/mb2-elf64.elf smp=mp x2apic"; then
		BOCHS_SMP=2 EMU_TIMEOUT=120 bochs_boot "$TEST_DIR/guest-bochs-x2apic.iso" "$LOG"
		expect_status $? 0
		expect '^mbtest: apic mode=x2apic$'
		expect '^mbtest: sipi vector=0x8 sequence=mp$'
		expect '^mbtest: ap 1 up$'
		expect '^mbtest: cpus=2$'
		expect '^mbtest: exit 0$'
	else
		fail "grub-mkrescue failed"
	fi
	end_case
fi
