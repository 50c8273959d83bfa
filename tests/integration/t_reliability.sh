# shellcheck shell=bash
# Issue 11: hostile firmware, odd machines and bad input still end with a
# complete and true report.

# 1. A MADT that misplaces the local APIC: IA32_APIC_BASE wins, with a warning.
make_test_iso wrong-lapic "test=madt-wrong-lapic"
begin_case qemu-madt-wrong-lapic
QEMU_SMP=2 EMU_TIMEOUT=60 qemu_boot "$TEST_DIR/wrong-lapic.iso" "$LOG"; expect_status $? 0
expect '^acpi: the MADT places the local APIC at 0xfec00000, but IA32_APIC_BASE says 0xfee00000; using IA32_APIC_BASE$'
expect '^summary cpus=2 online=2 vmxon=0 guests=0 iommu=absent$'
end_case

# The MADT's enabled flag: an online-capable core is listed, never started.
make_test_iso online-capable "test=online-capable-cpu"
begin_case qemu-online-capable-cpu
QEMU_SMP=2 qemu_boot "$TEST_DIR/online-capable.iso" "$LOG"; expect_status $? 0
expect '^cpu 1 apic=1 offline reason=not-enabled-by-firmware$'
expect '^summary cpus=2 online=1 vmxon=0 guests=0 iommu=absent$'
end_case

# 2. No PIT: the TSC comes from the ACPI PM timer, and every core is online.
make_test_iso smp-default ""
begin_case qemu-no-pit
QEMU_MACHINE=pc,pit=off QEMU_SMP=4 qemu_boot "$TEST_DIR/smp-default.iso" "$LOG"; expect_status $? 0
expect '^tsc: [0-9]+ MHz \(acpi-pm-timer\)$'
mhz=$(log_lines | sed -nE 's/^tsc: ([0-9]+) MHz.*/\1/p')
[ "${mhz:-0}" -ge 100 ] || fail "tsc: ${mhz:-?} MHz is not a plausible TCG rate"
expect '^smp: 3 of 3 application processors online'
expect '^summary cpus=4 online=4 vmxon=0 guests=0 iommu=absent$'
end_case

# 4, 5, 7. A command line longer than 255 bytes is read whole; a forged
# report line in it is printed escaped; numeric options are warned about.
pad=$(printf 'pad%.0s' $(seq 1 100))
make_test_iso long-cmdline "$pad ap-timeout-ms=0"
begin_case qemu-long-cmdline
QEMU_SMP=2 qemu_boot "$TEST_DIR/long-cmdline.iso" "$LOG"; expect_status $? 0
expect '^option: ap-timeout-ms="0" is below the smallest allowed value; using that \(1; allowed 1 to 3600000\)$'
# 1 ms is the sequence's own length: on a loaded host the AP may miss it.
expect '^summary cpus=2 online=[12] vmxon=0 guests=0 iommu=absent$'
end_case

make_test_iso bad-number "ap-timeout-ms=20s ap-init-delay"
begin_case qemu-bad-number
QEMU_SMP=2 qemu_boot "$TEST_DIR/bad-number.iso" "$LOG"; expect_status $? 0
expect '^option: ap-timeout-ms="20s" is not a decimal number; using the default \(5000; allowed 11 to 3600000\)$'
expect '^smp: 1 of 1 application processors online in [0-9]+ us .*init delay 10000 us\)$'
end_case

# GRUB keeps a newline inside double quotes: the kernel must print it escaped
# (make_test_iso checks its line with grep, so this ISO is made here).
make_forged_iso() {
	local dir="$TEST_DIR/iso-forged"
	rm -rf "$dir" && mkdir -p "$dir/boot/grub" && cp "$KERNEL_ELF" "$dir/boot/hypervisor.elf" &&
	python3 -c 'import re, sys
cfg = open("iso/grub.cfg").read()
line = "multiboot2 /boot/hypervisor.elf \"x\nsummary cpus=9 online=9 vmxon=9\" \x1b[2J"
open(sys.argv[1], "w").write(re.sub(r"multiboot2 /boot/hypervisor.elf.*", lambda m: line, cfg))' \
		"$dir/boot/grub/grub.cfg" &&
	grub-mkrescue -o "$TEST_DIR/forged.iso" "$dir" >"$TEST_DIR/forged.mkrescue.log" 2>&1 || {
		echo "integration: could not make the test ISO 'forged'" >&2
		exit 1
	}
}
make_forged_iso
begin_case qemu-forged-summary
QEMU_SMP=1 qemu_boot "$TEST_DIR/forged.iso" "$LOG"; expect_status $? 0
expect_not '^summary cpus=9'
expect '^boot loader=".*" cmdline="\\x22x\\x0asummary cpus=9 online=9 vmxon=9\\x22 \\x1b\[2J"$'
expect '^summary cpus=1 online=1 vmxon=0 guests=0 iommu=absent$'
end_case

# 6. No long mode: the message, then the run ends as a failure.
begin_case qemu-no-long-mode
QEMU_CPU=qemu32 qemu_boot "$TEST_DIR/smp-default.iso" "$LOG"; expect_status $? 1
expect '^boot: this processor has no 64-bit long mode'
LOG="" # no report is possible without long mode
end_case
