# shellcheck shell=bash
# Boot foundation: the report, the parsed memory map and command line,
# under SeaBIOS, OVMF and Bochs.

make_test_iso boot "marker=boot-test-42 loglevel=2"

# expect_memory MIB MIN_PERCENT: usable memory parsed from the memory map is
# at most what -m gave and at least MIN_PERCENT of it.
expect_memory() {
	local kib
	kib=$(field usable '^memory usable=')
	kib=${kib% KiB}
	if [ -z "$kib" ]; then
		fail "no 'memory usable=' line"
		return
	fi
	local max=$(($1 * 1024)) min=$(($1 * 1024 * $2 / 100))
	[ "$kib" -le "$max" ] && [ "$kib" -ge "$min" ] ||
		fail "usable memory ${kib} KiB is not within [$min, $max] KiB for -m $1"
}

# expect_boot_report VMXON: the report of one core, VMXON of them in VMX root.
expect_boot_report() {
	expect '^boot loader="GRUB[^"]*" cmdline="[^"]*marker=boot-test-42 loglevel=2"'
	expect '^mmap base=0x0000000000000000 '
	expect_count '^cpu [0-9]+ ' 1
	expect '^cpu 0 apic=[0-9]+ online vmx=[a-z-]+ vmxon=[a-z]+ .*caps=same guest=[a-z]+ exits=[0-9]+ ept=(yes|no) vpid=(yes|no)$'
	expect "^summary cpus=1 online=1 vmxon=$1 guests=$1 iommu=absent\$"
	expect_not '^EXCEPTION'
}

for mem in 256 1024; do
	begin_case "qemu-bios-${mem}m"
	QEMU_MEM=$mem qemu_boot "$TEST_DIR/boot.iso" "$LOG"; expect_status $? 0
	expect_boot_report 0
	expect_memory $mem 97
	expect '^acpi rsdp=v[12]'
	end_case
done

begin_case qemu-uefi
QEMU_FIRMWARE=uefi QEMU_MEM=512 qemu_boot "$TEST_DIR/boot.iso" "$LOG"; expect_status $? 0
expect_boot_report 0
expect_memory 512 75
expect '^acpi rsdp=v2'
end_case

begin_case bochs
BOCHS_MEM=128 bochs_boot "$TEST_DIR/boot.iso" "$LOG"; expect_status $? 0
expect_boot_report 1
expect_memory 128 97
end_case
